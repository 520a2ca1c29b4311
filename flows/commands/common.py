"""Defaults shared by the sub-commands: the folders of the README's layout."""

DEFAULT_RAW = "data/raw"
DEFAULT_OUT = "data/processed"
