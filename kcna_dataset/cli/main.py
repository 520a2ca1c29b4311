"""The `kcna` command. Each sub-command is a module of this package with a register() function.

Prefect is imported only by the commands that run a flow, so `kcna versions` answers at once.
Errors a user can cause print one line and exit 2; anything else is a bug and keeps its traceback.
"""

from __future__ import annotations

import argparse
import atexit
import gc
import importlib
import pkgutil
import sys

from kcna_dataset import cli as commands_package
from kcna_dataset.orchestration import environment


class UserError(Exception):
    """Base of errors a user can cause and fix; `kcna` prints them as one line."""


def _user_errors() -> tuple[type[Exception], ...]:
    from kcna_dataset.storage.locking import BuildLocked
    from kcna_dataset.storage.planning import RawFolderError
    from kcna_dataset.storage.publish import AccountingError, EmptyOutput
    from kcna_dataset.storage.store import StoreError

    return (UserError, BuildLocked, RawFolderError, StoreError, EmptyOutput, AccountingError)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="kcna", description="Build and use the KCNA research dataset.")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    for module_info in sorted(pkgutil.iter_modules(commands_package.__path__), key=lambda m: m.name):
        module = importlib.import_module(f"{commands_package.__name__}.{module_info.name}")
        if hasattr(module, "register"):
            module.register(commands)
    return parser


def main(argv: list[str] | None = None) -> int:
    # At exit the interpreter's last garbage collections walk every object the imports made (Prefect's
    # and pydantic's models, pandera, polars): ~0.7 s per command. Frozen objects are skipped; the
    # process ends right after, so nothing is left uncollected that matters.
    atexit.register(gc.freeze)
    environment.configure()  # the entry point: Prefect's and the allocator's settings, before either loads
    args = build_parser().parse_args(argv)
    try:
        return args.func(args)
    except _user_errors() as failure:
        print(f"kcna {args.command}: {failure}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print(f"kcna {args.command}: interrupted; the previous dataset version is unchanged", file=sys.stderr)
        return 130


if __name__ == "__main__":
    sys.exit(main())
