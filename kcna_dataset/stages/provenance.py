"""What built a dataset version: the code's version and commit, and the rule versions."""

from __future__ import annotations

import functools
import subprocess
from importlib import metadata
from pathlib import Path

from kcna_dataset.stages import enrich
from kcna_dataset.fields import rules

PROJECT_ROOT = Path(__file__).resolve().parents[2]


@functools.cache
def code_version() -> str:
    """'<package version>+<git commit>[-dirty]', or the package version alone outside a checkout."""
    try:
        version = metadata.version("kcna-dataset")
    except metadata.PackageNotFoundError:
        version = "0+unknown"
    try:
        commit = subprocess.run(
            ["git", "-C", str(PROJECT_ROOT), "rev-parse", "--short=12", "HEAD"],
            capture_output=True, text=True, timeout=5, check=True,
        ).stdout.strip()
        dirty = subprocess.run(
            ["git", "-C", str(PROJECT_ROOT), "status", "--porcelain", "--untracked-files=no", "--", "kcna_dataset", "flows", "schemas"],
            capture_output=True, text=True, timeout=5, check=True,
        ).stdout.strip()
    except (OSError, subprocess.SubprocessError):
        return version
    return f"{version}+{commit}{'-dirty' if dirty else ''}"


def rules_version() -> dict[str, str]:
    """Every rule table and enrichment with its version, as recorded in each dataset version."""
    return {**{f"rules/{name}": version for name, version in rules.RULES.items()}, **enrich.ENRICHMENT_VERSIONS}
