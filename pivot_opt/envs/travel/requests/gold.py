"""The gold reader: the evaluator's ``meta_info`` as stated requests (studies only).

Why it exists: to measure what reading the query costs. A run with ``requests="gold"`` knows
the request types, parameters and legs exactly as the evaluator does, which no real agent
does; every report, history and verdict of such a run carries :data:`GOLD_LABEL`. It also
defines the format every travel reader produces (see :func:`visible_params`), so readers are
measured against it field by field.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from pivot_opt.envs.kit.requests import StatedRequest, StatedTask
from pivot_opt.envs.travel.generator.constraint_text import ConstraintSpec, hhmm, parse_constraints

__all__ = ["FRAME_KEYS", "GoldReader", "visible_params"]

#: The task frame every travel reader fills (the same keys and types as ``meta_info``).
FRAME_KEYS = ("org", "dest", "days", "depart_date", "return_date", "depart_weekday", "people_number", "room_number")


def _legs(spec: ConstraintSpec) -> list[str]:
    legs = [leg for leg, word in (("out", "outbound"), ("back", "inbound")) if f"{word}_{spec.kind}_no" in spec.params]
    return legs or ["out"]


def visible_params(spec: ConstraintSpec) -> dict[str, Any]:
    """The parameters a user states for one constraint, read from its gold record.

    Answers (the hotel, train or restaurant the evaluator looks for, prices, ratings) are left
    out; the legs of a transport request are what its answer keys cover, and a top-rated
    request's count is the number of answers it lists (both are said in the query).
    """
    p = spec.params
    out: dict[str, Any] = {}
    if spec.kind in ("train", "flight"):
        out["legs"] = _legs(spec)
        values = {"window": f"{hhmm(spec.window[0])}-{hhmm(spec.window[1])}" if spec.window else None,
                  "seat_class": spec.seat_class, "airline": spec.airline, "manufacturer": spec.maker,
                  "train_type": spec.train_type}
        if spec.rule == "seat_status":
            values["people_number"] = p.get("people_number")
        out.update({k: v for k, v in values.items() if v is not None})
    elif spec.kind == "hotel":
        values = {"hotel_star": spec.star, "required_service": spec.service, "brand": spec.brand,
                  "year_threshold": p.get("year_threshold"), "min_price": p.get("min_price"),
                  "max_price": p.get("max_price")}
        out.update({k: v for k, v in values.items() if v is not None})
    elif spec.kind == "restaurant":
        if spec.rule == "must_eat_named":
            out["restaurant_name"] = p.get("restaurant_name")
        else:
            out["attraction_name"] = p.get("attraction_name")
        if spec.cuisine:
            out["cuisine"] = spec.cuisine
        if spec.tag:
            out["required_tag"] = spec.tag
    elif spec.kind == "attraction":
        if spec.rule == "must_visit_named":
            out["attraction_names"] = [str(n) for n in p.get("attraction_names") or []]
        elif spec.rule == "top_rated_must_visit":
            out["count"] = len(p.get("attraction_ratings") or []) or 3
        elif p.get("attraction_type"):
            out["attraction_type"] = p.get("attraction_type")
    elif spec.key == "budget_constraint":
        out["max_budget"] = p.get("max_budget")
    return {k: v for k, v in out.items() if v is not None}


def gold_frame(meta: Mapping[str, Any]) -> dict[str, Any]:
    """The task frame as ``meta_info`` gives it."""
    return {k: meta[k] for k in FRAME_KEYS if k in meta}


class GoldReader:
    """Copies ``task.meta_info`` (the evaluator's ground truth). For studies; labelled gold."""

    name = "gold"
    gold = True

    def read(self, task: Any, world: Any = None) -> StatedTask:
        meta = getattr(task, "meta_info", None) or {}
        if not isinstance(meta, Mapping):
            meta = {}
        requests = [StatedRequest(spec.key, spec.context or spec.key.replace("_", " "), visible_params(spec))
                    for spec in parse_constraints(dict(meta))]
        notes = [] if meta else ["the task carries no meta_info: the gold reader has nothing to read"]
        return StatedTask(self.name, gold_frame(meta), requests, notes, gold=True)
