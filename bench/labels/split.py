"""The one split of the labels v2 into a tuning half and a test half (docs/labelling.md, "Split").

An article is in the test half when the first hex digit of sha256("kcna-labels-v2-split:" + article_id)
is 8-f: a fixed function of the id, so the split cannot be redrawn until a test half looks good.
"""

from __future__ import annotations

import hashlib

SPLIT_SALT = "kcna-labels-v2-split:"


def split_of(article_id: str) -> str:
    digest = hashlib.sha256((SPLIT_SALT + article_id).encode()).hexdigest()
    return "test" if digest[0] in "89abcdef" else "tuning"
