"""``pivot eval``: score a travel plan (or, with ``--env shopping``, carts) as DeepPlanning does.

The plan may be the official plan text (or an agent reply with ``<plan>`` blocks), a converted
plan JSON (spec §7), or the steps JSON that ``pivot run --env travel`` writes as
``best_plan.json``. The task and database come from ``--task``/``--db`` (files on disk) or from
``--env-option`` (the same options as ``pivot run --env travel``, e.g. ``seed=3``). Shopping
carts are scored by :mod:`pivot_opt.commands.eval_shopping`.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import Any

from pivot_opt.errors import ConfigError


def register(sub: Any) -> None:
    p = sub.add_parser("eval", help="score a travel plan or shopping carts with the official metrics")
    p.add_argument("plan", nargs="?", default=None,
                   help="travel: plan text, converted plan JSON, or a pivot run's best_plan.json; "
                        "shopping: optionally one cart.json to score against the case --cases names")
    p.add_argument("--env", choices=("travel", "shopping"), default="travel", help="which benchmark (default travel)")
    p.add_argument("--cases", default=None, metavar="DIR",
                   help="shopping: a run folder of case_<id>/ folders (final cart.json + validation_cases.json), "
                        "or one case folder")
    p.add_argument("--case", action="append", default=[], metavar="case_<id>",
                   help="shopping: evaluate only this case folder (repeatable)")
    p.add_argument("--report-dir", default=None, metavar="DIR",
                   help="shopping: also write the official per-case reports and summary_report.json here")
    p.add_argument("--task", default=None, help="query file (JSON array of tasks) or one task record")
    p.add_argument("--task-id", default=None, help="task id inside --task (needed when it holds several tasks)")
    p.add_argument("--db", default=None, help="the task's id_<id> database folder, or the root holding it")
    p.add_argument("--env-option", action="append", default=[], metavar="KEY=VALUE",
                   help="instead of --task/--db: travel environment options, e.g. seed=3 or query_id=12")
    p.add_argument("--lenient-db", action="store_true",
                   help="read --db as the official evaluator does (a missing file is an empty table) instead of "
                        "refusing a missing, empty or malformed file")
    p.add_argument("--write-plan", default=None, metavar="PATH", help="also write the converted plan JSON here")
    p.add_argument("--write-text", default=None, metavar="PATH", help="also write the plan text here")
    p.set_defaults(func=main)


def _env(args: argparse.Namespace) -> Any:
    from pivot_opt.commands.common import parse_env_options
    from pivot_opt.envs import make_env
    from pivot_opt.envs.travel.data.database import DatabaseError, load_database, resolve_task_dir
    from pivot_opt.envs.travel.data.tasks import load_task, load_tasks
    from pivot_opt.envs.travel.environment import TravelEnv

    if args.task is None and args.db is None:
        if not args.env_option:
            raise ConfigError("say which task the plan is for: --task FILE --db FOLDER, or --env-option seed=N")
        return make_env("travel", **parse_env_options(args.env_option))
    if args.task is None or args.db is None:
        raise ConfigError("--task and --db go together (the task record and its database folder)")
    if args.task_id is not None:
        task = load_task(args.task, args.task_id)
    else:
        tasks = load_tasks(args.task)
        if len(tasks) != 1:
            raise ConfigError(f"{args.task} holds {len(tasks)} tasks; pick one with --task-id")
        task = tasks[0]
    root = Path(args.db)
    folder = root if (root / "hotels").is_dir() or (root / "trains").is_dir() else resolve_task_dir(root, task.id)
    try:
        db = load_database(folder, strict=not args.lenient_db)
    except DatabaseError as exc:  # the loader's API hint, said as this command's option
        raise DatabaseError(str(exc).replace("load with strict=False", "pass --lenient-db")) from exc
    return TravelEnv(task, db, source="files")


def _converted(text: str, env: Any, source: Path) -> dict[str, Any]:
    """The converted plan JSON for any of the accepted plan forms."""
    from pivot_opt.envs.travel.plans.steps import foreign_actions
    from pivot_opt.envs.travel.plans.text_format import known_names_of, parse_plan_text
    from pivot_opt.step import parse_steps

    try:
        data = json.loads(text)
    except (json.JSONDecodeError, RecursionError):  # not JSON (or absurdly nested): read it as plan text
        return parse_plan_text(text, known_names=known_names_of(env.db))
    if (isinstance(data, dict) and "steps" in data) or (isinstance(data, list) and data
                                                         and all(isinstance(s, dict) and "action" in s for s in data)):
        steps = parse_steps(data)
        foreign = foreign_actions(steps)
        if foreign:
            raise ConfigError(f"{source} is a plan of another environment (actions {', '.join(foreign[:5])}); "
                              "pivot eval scores travel plans: pass a travel plan text, converted plan JSON or "
                              "the best_plan.json of a pivot run --env travel")
        return env.to_plan(steps)
    if isinstance(data, dict):
        return data
    raise ConfigError("a JSON plan must be an object: a converted plan ({\"daily_plans\": ...}) or {\"steps\": ...}")


def _read(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8")
    except UnicodeDecodeError as exc:
        raise ConfigError(f"plan file {path} is not UTF-8 text ({exc.reason} at byte {exc.start}); "
                          "re-save it as UTF-8") from exc


def main(args: argparse.Namespace) -> int:
    if args.env == "shopping":
        from pivot_opt.commands import eval_shopping

        return eval_shopping.main(args)
    if args.cases is not None or args.case or args.report_dir is not None:
        raise ConfigError("--cases, --case and --report-dir are for shopping carts; add --env shopping")
    if args.plan is None:
        raise ConfigError("pass the plan file to score (travel), or --env shopping --cases DIR for shopping carts")
    path = Path(args.plan)
    if not path.is_file():
        raise ConfigError(f"plan file {path} not found")
    text = _read(path)
    env = _env(args)
    plan = _converted(text, env, path)
    score = env.score(plan)
    if args.write_plan:
        Path(args.write_plan).write_text(json.dumps(plan, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    if args.write_text:
        from pivot_opt.envs.travel.plans.text_format import render_plan_text

        Path(args.write_text).write_text(render_plan_text(plan), encoding="utf-8")
    print(json.dumps(score, ensure_ascii=False, indent=2))
    return 0
