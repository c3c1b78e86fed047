"""``pivot plot``: loss curves of one or more history files, overlaid."""

from __future__ import annotations

import argparse
from typing import Any


def register(sub: Any) -> None:
    p = sub.add_parser("plot", help="plot loss curves from history files")
    p.add_argument("histories", nargs="+", help="history.jsonl files (or run folders holding one)")
    p.add_argument("--x", choices=["iteration", "tokens"], default="iteration")
    p.add_argument("--total-only", action="store_true", help="omit the per-term curves")
    p.add_argument("--labels", nargs="*", default=None)
    p.add_argument("-o", "--output", default="loss_curve.png")
    p.set_defaults(func=main)


def main(args: argparse.Namespace) -> int:
    from pathlib import Path

    from pivot_opt.plot import loss_curve

    paths = [Path(h) / "history.jsonl" if Path(h).is_dir() else Path(h) for h in args.histories]
    loss_curve(paths, x=args.x, terms=not args.total_only, labels=args.labels, out=args.output)
    print(f"wrote {args.output}")
    return 0
