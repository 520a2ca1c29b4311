"""Collectors of raw texts: the public sources of sources.toml, fetched into data/raw/<source>/ (docs/collect.md)."""
