"""``pivot run``: refine a plan for one task and write history, CSV, plot and verdict."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from pivot_opt.commands import common, outputs
from pivot_opt.commands.common import add_loop_options, positive_float
from pivot_opt.environment import information_of
from pivot_opt.errors import ConfigError, EngineError, ExecutionError
from pivot_opt.safe_text import terminal_safe

RESUME_FIX = "run --resume with the same --env and --env-option values, or choose another --out"


def register(sub: Any) -> None:
    p = sub.add_parser("run", help="run PIVOT on one task")
    add_loop_options(p)
    p.add_argument("--hitl", action="store_true",
                   help="human in the loop: after each INSPECT see the plan, loss and gradient, then type feedback "
                        "('step N: ...' for one step), Enter to go on, 'accept' or 'stop'")
    p.add_argument("--hitl-oracle", action="store_true",
                   help="a simulated human who reports violated hidden constraints (an oracle upper bound)")
    p.add_argument("--hitl-weight", type=positive_float, default=None,
                   help="loss weight of one piece of human feedback: how much soft loss a complaint may trade "
                        "(default: half the loss of one broken hard constraint; it never buys a hard violation)")
    p.set_defaults(func=main)


def run_loop(args: argparse.Namespace, *, title: str, fresh_start: bool = False) -> int:
    """Shared by ``run`` and ``demo``: build, run, write the outputs, print the verdict.

    ``--out`` must be new, empty or a previous run of this command; with ``fresh_start``
    (the demo) a previous run's outputs are removed first, otherwise it needs ``--resume``.
    The folder is locked for the whole run, so two commands never write one folder.
    """
    from pivot_opt.files import folder_lock

    command = "demo" if title == "demo" else "run"
    human = _human(args)
    folder = Path(args.out)
    state = outputs.folder_state(folder, title, command)  # refuse a foreign folder before touching it
    _check_reuse(args, folder, state, command, fresh_start)
    env = common.build_env(args)
    engine = common.build_engine(args)
    folder = common.out_dir(args)
    with folder_lock(folder):
        state = outputs.folder_state(folder, title, command)  # again, now that no one else can write it
        _check_reuse(args, folder, state, command, fresh_start)
        if not args.resume and not state.fresh:
            outputs.remove_outputs(folder)  # only what a run writes; the rest of the folder stays
        outputs.remove_temp_files(folder)
        return _run_in(folder, args, env, engine, human, title=title, finished=args.resume and state.finished)


def _check_reuse(args: argparse.Namespace, folder: Path, state: outputs.FolderState, command: str,
                 fresh_start: bool) -> None:
    if not state.fresh and not args.resume and not fresh_start:
        raise ConfigError(f"--out {folder} holds a previous `pivot {command}` run; add --resume to continue it "
                          "(or rebuild its outputs), or choose another --out")


def _run_in(folder: Path, args: argparse.Namespace, env: Any, engine: Any, human: Any, *, title: str,
            finished: bool) -> int:
    from pivot_opt.history import History
    from pivot_opt.pivot import Pivot, check_history_belongs, finished_result

    history_path = folder / outputs.HISTORY
    if args.resume and history_path.is_file():
        check_history_belongs(History.load(history_path), env, fix=RESUME_FIX)
    if not args.quiet:
        print(f"{title}: task {env.task.id}, engine {engine.name}, up to {args.iterations} iterations")
        information = information_of(env)
        if information:
            print(f"information: {information}")
    if finished:  # a run killed after its verify record: nothing to run, rebuild what is missing
        result = finished_result(History.load(history_path), env)
        print(f"the run in {_rel(folder)} had finished; rebuilding any missing output")
        outputs.write_outputs(folder, result, title=f"{title}: {env.task.id}", only_missing=True)
    else:
        pivot = Pivot(env, engine, n_plans=args.plans, iterations=args.iterations, token_budget=args.token_budget,
                      history=history_path, resume=args.resume, progress=not args.quiet, run_name=title,
                      on_inspect=human, acceptor=getattr(args, "acceptor", None))
        try:
            result = pivot.run()
        except ExecutionError as exc:  # the environment's fault: one line, the history so far is kept
            raise ExecutionError(f"{exc}; the history so far is in {_rel(history_path)}") from exc
        if result.stopped.startswith("engine failed"):
            raise EngineError(_engine_failure(result, history_path))
        outputs.write_outputs(folder, result, title=f"{title}: {env.task.id}", human=human)
    print("\nBest plan:")
    print(terminal_safe(result.best.to_text()))
    if result.verdict is not None:
        print()
        print(terminal_safe(result.verdict.render()))
    cached = sum(result.cached_tokens.values())
    from_cache = f"; {cached} more answered from the response cache (not spent)" if cached else ""
    print(f"\nstopped: {terminal_safe(result.stopped)}; tokens: {result.total_tokens} {_nonzero(result.tokens)}"
          f"{from_cache}")
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
