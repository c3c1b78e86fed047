"""Seeded synthetic DeepPlanning travel tasks and task databases (spec §3, §11).

Public API:

- :func:`generate_task` — invent a task (2 to 7 days, 4 hard constraints of the real mix,
  sometimes a budget) and write its database to ``<root>/id_<id>/``;
- :func:`generate_database_for_meta` — write a database consistent with a given (real) task
  record: every named answer exists, is right by the rule of its type and is unique;
- :func:`write_fixtures` — regenerate the small fixture tasks shipped with the tests.

Every database is checked before it is returned: each constraint's answer is recomputed from
the files (:func:`~pivot_opt.envs.travel.generator.rules.check_database`) and a reference plan is
built (:func:`~pivot_opt.envs.travel.reference.plan.reference_plan`) within the budget, if any. The same
seed always gives byte-identical files.
"""

from __future__ import annotations

import argparse
import copy
import json
import math
import shutil
import tempfile
from pathlib import Path
from typing import Any

from pivot_opt.envs.travel.data.database import TABLE_FILES
from pivot_opt.envs.travel.generator.io import load_tables, write_world
from pivot_opt.envs.travel.generator.query import write_query_text
from pivot_opt.envs.travel.generator.rules import check_database
from pivot_opt.envs.travel.generator.synthetic import synthetic_task
from pivot_opt.envs.travel.generator.world import GeneratorConfig, build_world
from pivot_opt.envs.travel.reference.plan import ReferencePlanError, plan_cost, reference_plan

__all__ = [
    "GeneratorConfig",
    "GeneratorError",
    "generate_task",
    "generate_database_for_meta",
    "write_fixtures",
    "FIXTURE_SPECS",
]

ATTEMPTS = 6
BUDGET_ROUNDS = 5
# (seed, days) of the fixture tasks shipped in tests/travel/fixtures.
FIXTURE_SPECS: tuple[tuple[int, int], ...] = ((101, 2), (202, 3), (303, 4))


class GeneratorError(RuntimeError):
    """No consistent database could be generated for a task."""


def _budget_cap(meta: dict[str, Any]) -> float | None:
    caps = [meta.get("hard_constraints", {}).get("budget_constraint"), meta.get("budget_constraint")]
    values = [float(c["max_budget"]) for c in caps if isinstance(c, dict) and c.get("max_budget") is not None]
    return min(values) if values else None


def _clear(folder: Path) -> None:
    for rel in TABLE_FILES.values():
        path = folder / rel
        if path.exists():
            path.unlink()


def _transport_cost(plan: dict[str, Any], meta: dict[str, Any]) -> float:
    people = int(meta.get("people_number") or 1)
    total = 0.0
    for day in plan["daily_plans"]:
        inter = [a for a in day["activities"] if a["type"] == "travel_intercity_public"]
        if inter:
            total += float(inter[0]["details"]["cost"]) * people
    return total


def generate_database_for_meta(
    task_record: dict[str, Any],
    root: Path | str,
    seed: int = 0,
    config: GeneratorConfig | None = None,
    *,
    synthetic: bool = False,
) -> Path:
    """Write ``<root>/id_<id>/`` so that the record's `meta_info` is right, unique and solvable.

    Transport prices are lowered step by step when a budget cap would otherwise be exceeded
    (§11.11); everything else stays as generated. Raises :class:`GeneratorError` when no attempt
    gives a consistent, solvable database.
    """
    meta = task_record["meta_info"]
    folder = Path(root) / f"id_{task_record['id']}"
    config = config or GeneratorConfig()
    cap = _budget_cap(meta)
    problems: list[str] = []
    for attempt in range(ATTEMPTS):
        level = 1.0
        for _ in range(BUDGET_ROUNDS):
            world = build_world(meta, f"{seed}:{task_record['id']}:{attempt}", config, level, synthetic)
            _clear(folder)
            write_world(world, folder)
            tables = load_tables(folder)
            problems = check_database(task_record, tables)
            if problems:
                break
            try:
                plan = reference_plan(task_record, tables)
            except ReferencePlanError as exc:
                problems = [f"reference plan: {exc}"]
                break
            total = plan_cost(plan, meta)
            if cap is None or total <= cap:
                return folder
            transport = _transport_cost(plan, meta)
            rest = total - transport
            if transport <= 0 or rest >= cap:
                problems = [f"budget {cap} below the fixed costs {rest}"]
                break
            level *= max(0.05, (cap - rest) * 0.95 / transport)
            problems = [f"budget {cap} exceeded: {total}"]
    raise GeneratorError(f"task {task_record.get('id')}: " + "; ".join(problems))


def generate_task(
    seed: int,
    days: int | None = None,
    *,
    root: Path | str | None = None,
    task_id: str | None = None,
    budget: bool | None = None,
    config: GeneratorConfig | None = None,
) -> tuple[dict[str, Any], Path]:
    """A synthetic task record and its database folder ``<root>/id_<id>/``.

    `root` defaults to a fresh temporary directory. A budgeted task gets a cap about 10 % above
    its reference plan's cost, rounded up to 100 yuan; ratings named in `meta_info` are copied
    from the generated data so that the record and the database agree everywhere.
    """
    if days is not None and not 2 <= days <= 7:
        raise ValueError("days must be between 2 and 7")
    record = synthetic_task(seed, days, task_id, budget)
    base = Path(root) if root is not None else Path(tempfile.mkdtemp(prefix="pivot_travel_"))
    folder = generate_database_for_meta(record, base, seed, config, synthetic=True)
    meta = record["meta_info"]
    _sync_ratings(meta, folder)
    cap = meta["hard_constraints"].get("budget_constraint")
    if cap is not None:
        total = plan_cost(reference_plan(record, folder), meta)
        cap["max_budget"] = int(math.ceil(total * 1.1 / 100.0) * 100)
    write_query_text(record)
    return record, folder


def _sync_ratings(meta: dict[str, Any], folder: Path) -> None:
    db = load_tables(folder)
    rating = {r["attraction_name"]: float(r["rating"]) for r in db.attractions}
    for params in meta["hard_constraints"].values():
        if "attraction_ratings" in params:
            params["attraction_ratings"] = [rating[n] for n in params["attraction_names"]]


def write_fixtures(
    dest: Path | str, specs: tuple[tuple[int, int], ...] = FIXTURE_SPECS
) -> list[dict[str, Any]]:
    """Regenerate the fixture tasks: ``tasks.json`` (query-file format) plus one small folder each."""
    dest = Path(dest)
    records = []
    for position, (seed, days) in enumerate(specs):
        folder = dest / f"id_{position}"
        if folder.exists():
            shutil.rmtree(folder)
        record, _ = generate_task(
            seed, days, root=dest, task_id=str(position), config=GeneratorConfig.small()
        )
        records.append(copy.deepcopy(record))
    (dest / "tasks.json").write_text(
        json.dumps(records, ensure_ascii=False, indent=2) + "\n", encoding="utf-8"
    )
    return records


def main(argv: list[str] | None = None) -> None:
    """`python -m pivot_opt.envs.travel.generator fixtures DIR` or `task SEED DIR [--days N]`."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="command", required=True)
    fixtures = sub.add_parser("fixtures", help="regenerate the fixture tasks")
    fixtures.add_argument("dest", type=Path)
    task = sub.add_parser("task", help="generate one synthetic task")
    task.add_argument("seed", type=int)
    task.add_argument("root", type=Path)
    task.add_argument("--days", type=int, default=None)
    args = parser.parse_args(argv)
    if args.command == "fixtures":
        write_fixtures(args.dest)
        print(f"wrote {len(FIXTURE_SPECS)} fixture tasks to {args.dest}")
    else:
        record, folder = generate_task(args.seed, args.days, root=args.root)
        (folder.parent / f"task_{record['id']}.json").write_text(
            json.dumps(record, ensure_ascii=False, indent=2)
        )
        print(folder)


if __name__ == "__main__":
    main()
