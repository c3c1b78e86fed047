"""``pivot run``: refine a plan for one task and write history, CSV, plot and verdict."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from pivot_opt.commands import common
from pivot_opt.commands.common import add_loop_options
from pivot_opt.environment import information_of
from pivot_opt.errors import EngineError, ExecutionError
from pivot_opt.safe_text import terminal_safe


def register(sub: Any) -> None:
    p = sub.add_parser("run", help="run PIVOT on one task")
    add_loop_options(p)
    p.add_argument("--hitl", action="store_true",
                   help="human in the loop: after each INSPECT see the plan, loss and gradient, then type feedback "
                        "('step N: ...' for one step), Enter to go on, 'accept' or 'stop'")
    p.add_argument("--hitl-oracle", action="store_true",
                   help="a simulated human who reports violated hidden constraints (an oracle upper bound)")
    p.add_argument("--hitl-weight", type=float, default=None,
                   help="loss weight of one piece of human feedback: how much soft loss a complaint may trade "
                        "(default: half the loss of one broken hard constraint; it never buys a hard violation)")
    p.set_defaults(func=main)


def run_loop(args: argparse.Namespace, *, title: str) -> int:
    """Shared by ``run`` and ``demo``: build, run, write the outputs, print the verdict."""
    from pivot_opt.pivot import Pivot
    from pivot_opt.plot import loss_curve

    env = common.build_env(args)
    engine = common.build_engine(args)
    folder = common.out_dir(args)
    history_path = folder / "history.jsonl"
    if not args.quiet:
        print(f"{title}: task {env.task.id}, engine {engine.name}, up to {args.iterations} iterations")
        information = information_of(env)
        if information:
            print(f"information: {information}")
    human = _human(args)
    pivot = Pivot(env, engine, n_plans=args.plans, iterations=args.iterations, token_budget=args.token_budget,
                  history=history_path, resume=args.resume, progress=not args.quiet, run_name=title, on_inspect=human,
                  acceptor=getattr(args, "acceptor", None))
    try:
        result = pivot.run()
    except ExecutionError as exc:  # the environment's fault: one line, the history so far is kept
        raise ExecutionError(f"{exc}; the history so far is in {_rel(history_path)}") from exc
    if result.stopped.startswith("engine failed"):
        raise EngineError(_engine_failure(result, history_path))
    if human is not None:
        (folder / "human.json").write_text(json.dumps({"human": human.label, "turns": human.log}, indent=2) + "\n",
                                           encoding="utf-8")
    result.history.to_csv(folder / "history.csv")
    loss_curve(result.history, out=folder / "loss_curve.png", title=f"{title}: {env.task.id}")
    (folder / "best_plan.json").write_text(result.best.to_json() + "\n", encoding="utf-8")
    if result.verdict is not None:
        (folder / "verdict.json").write_text(json.dumps(result.verdict.to_dict(), indent=2) + "\n", encoding="utf-8")
    # The plan, the verdict's reasons and a human's stop reason quote model text: escaped for the terminal.
    print("\nBest plan:")
    print(terminal_safe(result.best.to_text()))
    if result.verdict is not None:
        print()
        print(terminal_safe(result.verdict.render()))
    print(f"\nstopped: {terminal_safe(result.stopped)}; tokens: {result.total_tokens} {_nonzero(result.tokens)}")
    print(f"wrote {_rel(history_path)}, history.csv, loss_curve.png, best_plan.json in {_rel(folder)}")
    return 0


def _engine_failure(result: Any, history_path: Path) -> str:
    """The one line a dead engine ends ``pivot run`` with: the cause, the fix, how to go on."""
    hint = result.extra.get("hint") or "check the engine settings"
    done = len(result.history.iterations)
    kept = f"{done} iteration record(s) kept in {_rel(history_path)}; " if done else ""
    return f"{result.stopped}; {hint}; {kept}fix it and run again with --resume"


def _human(args: argparse.Namespace) -> Any:
    """The human of ``--hitl`` (terminal) or ``--hitl-oracle`` (simulated); None without either flag."""
    from pivot_opt.errors import ConfigError
    from pivot_opt.hitl import SimulatedHuman, TerminalHuman

    terminal, oracle = getattr(args, "hitl", False), getattr(args, "hitl_oracle", False)
    if terminal and oracle:
        raise ConfigError("choose one of --hitl (you) and --hitl-oracle (a simulated human), not both")
    weight = getattr(args, "hitl_weight", None)
    if terminal:
        return TerminalHuman(sys.stdin, sys.stdout, weight=weight)
    if oracle:
        return SimulatedHuman(weight=weight)
    return None


def _nonzero(tokens: dict[str, int]) -> dict[str, int]:
    return {k: v for k, v in tokens.items() if v}


def _rel(path: Path) -> str:
    try:
        return str(path.resolve().relative_to(Path.cwd()))
    except ValueError:
        return str(path)


def main(args: argparse.Namespace) -> int:
    return run_loop(args, title="pivot")
