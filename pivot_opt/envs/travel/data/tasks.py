"""Reading DeepPlanning task records (``travelplanning_query_en.json`` and files like it)."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

from pivot_opt.envs.travel.data.database import DatabaseError
from pivot_opt.envs.travel.data.records import TravelTask

__all__ = ["load_task", "load_tasks", "task_from_record"]


def task_from_record(record: Any, source: Path | str = "<tasks>") -> TravelTask:
    """A :class:`TravelTask` from one raw record of a query file (clear error if malformed)."""
    if not isinstance(record, dict) or "id" not in record or not isinstance(record.get("meta_info"), dict):
        raise DatabaseError(
            f"{source}: every task must be an object with 'id', 'query' and a 'meta_info' object; got "
            f"{str(record)[:80]!r}"
        )
    return TravelTask(
        id=str(record["id"]),
        query=str(record.get("query", "")),
        meta_info=record["meta_info"],
        query_with_constraints=str(record.get("query_with_constraints", "")),
    )


def load_tasks(query_file: str | os.PathLike[str]) -> list[TravelTask]:
    """Read every task of a query file (a JSON array, or one task object) in file order."""
    path = Path(query_file)
    if not path.is_file():
        raise DatabaseError(
            f"query file {path} not found; pass the path of travelplanning_query_en.json "
            f"(or a file in the same format)"
        )
    try:
        data = json.loads(path.read_text(encoding="utf-8-sig"))
    except ValueError as exc:  # not JSON, or not UTF-8 text
        raise DatabaseError(f"query file {path} is not valid JSON ({exc})") from exc
    records = [data] if isinstance(data, dict) else data
    if not isinstance(records, list):
        raise DatabaseError(f"query file {path} must hold a JSON array of tasks")
    return [task_from_record(r, path) for r in records]


def load_task(query_file: str | os.PathLike[str], task_id: str | int) -> TravelTask:
    """Read the task whose id is ``task_id`` (compared as text) from a query file."""
    tasks = load_tasks(query_file)
    for task in tasks:
        if task.id == str(task_id):
            return task
    ids = [t.id for t in tasks]
    raise DatabaseError(f"task id {task_id!r} not in {query_file} (ids: {ids[:5]}...{ids[-3:]})")
