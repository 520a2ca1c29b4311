"""`kcna dictionary [--out DIR]`: write data_dictionary.md and data_dictionary.json into the output folder."""

from __future__ import annotations

import argparse
from pathlib import Path

from kcna_dataset.cli.common import DEFAULT_OUT


def register(commands) -> None:
    parser = commands.add_parser("dictionary", help="write the data dictionary (Markdown and JSON)")
    parser.add_argument("--out", default=DEFAULT_OUT, help=f"output folder (default {DEFAULT_OUT})")
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from kcna_dataset.products import dictionary
    from kcna_dataset.storage import store

    out = Path(args.out)
    store.check_output_folder(out)
    for path in dictionary.write(out, store.samples(out)):
        print(path)
    return 0
