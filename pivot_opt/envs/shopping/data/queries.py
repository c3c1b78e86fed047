"""The public query files ``level_{1,2,3}_query_meta.json`` and the budget a level-2 query states.

Each file is a JSON array of ``{"id": "<n>", "query": "<text>"}``; the case folder of id *n* is
``case_<n>``. All ground truth lives in the case folder, none in the query file.
"""

from __future__ import annotations

import json
import os
import re
from dataclasses import dataclass
from pathlib import Path

from pivot_opt.envs.shopping.data.records import CaseError

__all__ = ["LEVELS", "ShoppingQuery", "load_queries", "query_file_name", "stated_budget"]

LEVELS = (1, 2, 3)


@dataclass(frozen=True)
class ShoppingQuery:
    """One task: its id (the case folder is ``case_<id>``), level and the user's text."""

    id: str
    level: int
    query: str


def query_file_name(level: int) -> str:
    return f"level_{level}_query_meta.json"


def load_queries(path: str | os.PathLike[str], level: int | None = None) -> list[ShoppingQuery]:
    """The tasks of a query file (``path`` may be the file or the folder holding it with ``level``)."""
    file = Path(path)
    if file.is_dir():
        if level is None:
            raise CaseError(f"{file} is a folder; pass level=1, 2 or 3 to pick its query file")
        file = file / query_file_name(level)
    if level is None:
        match = re.search(r"level_(\d)_query_meta", file.name)
        level = int(match.group(1)) if match else 0
    if not file.is_file():
        raise CaseError(f"{file}: query file not found")
    try:
        data = json.loads(file.read_text(encoding="utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise CaseError(f"{file}: not a JSON query file ({exc}); expected a JSON array of "
                        '{"id": ..., "query": ...}') from None
    if not isinstance(data, list):
        raise CaseError(f"{file}: expected a JSON array of tasks, got {type(data).__name__}")
    out = []
    for number, record in enumerate(data):
        for key in ("id", "query"):
            if not isinstance(record, dict) or not isinstance(record.get(key), (str, int)) or record[key] == "":
                raise CaseError(f"{file}: task {number}: field '{key}' missing or not a string; "
                                'each task is {"id": "<n>", "query": "<text>"}')
        out.append(ShoppingQuery(str(record["id"]), level, str(record["query"])))
    return out


_NUMBER = r"¥?\s*(\d[\d,]*(?:\.\d+)?)"
_BUDGET = re.compile(
    r"(?:between|range of|no less than|budget of|from)\s+" + _NUMBER
    + r"\s+(?:and no more than|and|to)\s+" + _NUMBER,
    re.IGNORECASE,
)


def stated_budget(query: str) -> tuple[float, float] | None:
    """The ``(low, high)`` total-price range a query states (the five level-2 phrasings), or None."""
    match = _BUDGET.search(query)
    if not match:
        return None
    low, high = (float(group.replace(",", "")) for group in match.groups())
    return (low, high) if low <= high else None
