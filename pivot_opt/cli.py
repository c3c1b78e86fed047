"""The ``pivot`` command. Each subcommand lives in ``pivot_opt.commands.<name>``.

A command module defines ``register(subparsers)`` (adds its parser and sets ``func``).
Errors that pivot-opt raises on purpose are printed as one clear line, not a traceback.
"""

from __future__ import annotations

import argparse
import importlib
import sys
from collections.abc import Sequence
from typing import NoReturn

from pivot_opt.errors import PivotError
from pivot_opt.safe_text import terminal_safe

__all__ = ["main", "COMMANDS"]

COMMANDS = ["demo", "run", "plot", "bench", "eval"]


class _Parser(argparse.ArgumentParser):
    """An argument parser whose errors are one line (the problem and where to read more), exit 2."""

    def error(self, message: str) -> NoReturn:
        self.exit(2, f"{self.prog}: error: {message} (see {self.prog} --help)\n")


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="pivot", description="Refine agent plans: Plan, Inspect, eVOlve, Verify.")
    sub = parser.add_subparsers(dest="command", required=True)
    for name in COMMANDS:
        importlib.import_module(f"pivot_opt.commands.{name}").register(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    try:
        args = build_parser().parse_args(argv)
    except SystemExit as exc:  # --help, or a bad command line (already reported on one line)
        return exc.code if isinstance(exc.code, int) else 2
    try:
        return int(args.func(args) or 0)
    except PivotError as exc:
        print(f"pivot {args.command}: error: {terminal_safe(_one_line(str(exc)))}", file=sys.stderr)
        return 2
    except OSError as exc:  # a path the user gave cannot be read or written
        where = f": {exc.filename}" if exc.filename else ""
        print(f"pivot {args.command}: error: {terminal_safe(f'{exc.strerror or exc}{where}')}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print(f"pivot {args.command}: interrupted; the history written so far is kept", file=sys.stderr)
        return 130


def _one_line(text: str) -> str:
    return " ".join(text.split())


if __name__ == "__main__":
    sys.exit(main())
