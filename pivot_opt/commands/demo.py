"""``pivot demo``: the main job on the embedded default: no network, no API key."""

from __future__ import annotations

import argparse
from typing import Any

from pivot_opt.commands.common import add_loop_options
from pivot_opt.commands.run import run_loop


def register(sub: Any) -> None:
    p = sub.add_parser("demo", help="refine a bundled task with the embedded local model")
    add_loop_options(p, iterations=8, n_plans=2)
    p.set_defaults(func=main, out="pivot-runs/demo")


def main(args: argparse.Namespace) -> int:
    # The demo starts fresh each time: a previous demo's outputs in --out are replaced (only
    # those files); a folder holding anything else is refused.
    return run_loop(args, title="demo", fresh_start=True)
