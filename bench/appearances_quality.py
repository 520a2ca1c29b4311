"""Score the appearances table on its labels, one half at a time: python bench/appearances_quality.py [tuning|test]"""

from __future__ import annotations

import sys
from pathlib import Path

import polars as pl

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.test_appearances_quality import judged_labels, score  # noqa: E402

half = sys.argv[1] if len(sys.argv) > 1 else "tuning"
judged = judged_labels(ROOT.parent / "shared" / "corpora").filter(pl.col("split") == half)
print(f"{half} half: {judged.height} articles, {judged['is_appearance'].sum()} appearances")
for name, (precision, recall, given, labelled) in score(judged).items():
    print(f"  {name:14s} precision {precision:.3f}  recall {recall:.3f}  ({given} given, {labelled} labelled)")
if "-v" in sys.argv:
    pl.Config(tbl_rows=80, fmt_str_lengths=70, tbl_cols=12)
    print(judged.filter(pl.col("is_appearance") | pl.col("found_leader").is_not_null()).select(
        "article_id", "activity_when", "activity_date", "found_activity_date", "activity_kind", "found_activity_kind",
        "place", "found_place"))
