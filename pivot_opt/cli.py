"""The ``pivot`` command. Each subcommand lives in ``pivot_opt.commands.<name>``.

A command module defines ``register(subparsers)`` (adds its parser and sets ``func``).
Errors that pivot-opt raises on purpose are printed as one clear line, not a traceback.
"""

from __future__ import annotations

import argparse
import importlib
import sys
from collections.abc import Sequence

from pivot_opt.errors import PivotError
from pivot_opt.safe_text import terminal_safe

__all__ = ["main", "COMMANDS"]

COMMANDS = ["demo", "run", "plot", "bench", "eval"]


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="pivot", description="Refine agent plans: Plan, Inspect, eVOlve, Verify.")
    sub = parser.add_subparsers(dest="command", required=True)
    for name in COMMANDS:
        importlib.import_module(f"pivot_opt.commands.{name}").register(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        return int(args.func(args) or 0)
    except PivotError as exc:
        print(f"pivot {args.command}: error: {terminal_safe(exc)}", file=sys.stderr)  # may quote model text
        return 2
    except KeyboardInterrupt:
        print(f"pivot {args.command}: interrupted; the history written so far is kept", file=sys.stderr)
        return 130


if __name__ == "__main__":
    sys.exit(main())
