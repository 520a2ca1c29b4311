"""Defaults shared by the sub-commands: the folders of the README's layout."""

DEFAULT_RAW = "data/raw"
DEFAULT_OUT = "data/processed"


def add_dataset_arguments(parser) -> None:
    """--out and --version: which dataset version of which output folder a reading command works on."""
    parser.add_argument("--out", default=DEFAULT_OUT, help=f"output folder (default {DEFAULT_OUT})")
    parser.add_argument("--version", type=int, default=None, help="dataset version (default: the latest)")
