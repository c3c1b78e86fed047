"""``ShoppingEnv``: a DeepPlanning shopping case as a pivot-opt environment.

A trajectory is the sequence of tool and cart operations (``Step(action=<tool name>, args=...)``,
the fifteen official tools). ``execute`` replays it on a fresh copy of the case (the user's files
are never modified, :mod:`.execution`), marks the calls the tools refuse and derives the cart.
Visible constraints come only from what an agent has (the query text, ``user_info`` and the tools'
answers): the cart is well formed and its coupons valid and stackable, the stated budget, and
each item's requirements as the rule reader took them from the query (:mod:`.requests.rules`).
The official match against the ground truth (``validation_cases.json``) is one hidden
constraint, ``official_match``, for VERIFY and the simulated human, and :meth:`ShoppingEnv.score`.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import weakref
from collections import OrderedDict
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from pivot_opt.environment import Constraint, ConstraintCheck, ExecutionTrace, Task
from pivot_opt.envs.kit.requests import StatedTask
from pivot_opt.envs.kit.tools import describe_tools
from pivot_opt.envs.shopping.data.case import GOLD_FILE, ShoppingCase, find_case_dir, open_case
from pivot_opt.envs.shopping.data.coupons import VALID_COUPONS
from pivot_opt.envs.shopping.data.queries import load_queries
from pivot_opt.envs.shopping.data.tool_schemas import TOOL_SCHEMAS
from pivot_opt.envs.shopping.data.tools import call_tool
from pivot_opt.envs.shopping.execution import check_budget, check_cart, check_item, execute_steps
from pivot_opt.envs.shopping.requests.rules import ShoppingRuleReader
from pivot_opt.errors import ConfigError
from pivot_opt.step import Step, steps_to_json

__all__ = ["ShoppingEnv", "make_shopping_env"]

_CACHE = 32
_ENUM_LIMIT = 500  # product ids offered as an enum up to this catalogue size


class ShoppingEnv:
    """One shopping case (see the module docstring). ``query`` is the user's request text."""

    def __init__(self, case_dir: str | os.PathLike[str], query: str, *, level: int | None = None,
                 strict: bool = True) -> None:
        self.case_dir = Path(case_dir)
        self.pristine: ShoppingCase = open_case(self.case_dir, strict=strict)
        weakref.finalize(self, shutil.rmtree, str(self.pristine.folder), True)
        self.level = level
        self.catalogue = self.pristine.catalogue.by_id
        self.user = dict(self.pristine.user)
        world = {"brands": sorted({str(p.get("brand")) for p in self.catalogue.values() if p.get("brand")}),
                 "colors": sorted({str(p.get("color")) for p in self.catalogue.values() if p.get("color")})}
        self.stated: StatedTask = ShoppingRuleReader().read(query, world)
        self.task = Task(f"shopping-{self.case_dir.name}", query,
                         data={"case": self.case_dir.name, "level": level, "requests": "rules",
                               "information": self.stated.label, "stated": self.stated.to_dict()})
        self._days: dict[str, int | None] = {}
        self._traces: OrderedDict[str, ExecutionTrace] = OrderedDict()

    # -- the protocol ---------------------------------------------------------------------------
    def execute(self, steps: Sequence[Step]) -> ExecutionTrace:
        """Replay the operations on a fresh copy (cached per plan: the same steps give the same trace)."""
        key = steps_to_json(list(steps))
        if key in self._traces:
            self._traces.move_to_end(key)
            return self._traces[key]
        trace = execute_steps(steps, self.pristine)
        self._traces[key] = trace
        if len(self._traces) > _CACHE:
            self._traces.popitem(last=False)
        return trace

    def constraints(self) -> list[Constraint]:
        out = [Constraint("cart_well_formed", "the cart holds products in stock in whole quantities, and only "
                          "coupons the user owns and may stack (thresholds covered)",
                          lambda trace, steps: check_cart(trace, self.catalogue, self.user))]
        n = 0
        for request in self.stated.requests:
            if request.key == "budget":
                low, high = float(request.params["low"]), float(request.params["high"])
                out.append(Constraint("budget", f"the final total is between {low:g} and {high:g}",
                                      lambda trace, steps, lo=low, hi=high: check_budget(trace, lo, hi)))
            elif request.key == "item":
                n += 1
                params = dict(request.params)
                out.append(Constraint(f"item_{n}", f"a cart product meets: {_short(request.text)}",
                                      lambda trace, steps, p=params: self._check_item(trace, p)))
        if (self.case_dir / GOLD_FILE).is_file():  # gold data: the hidden check only
            out.append(Constraint("official_match", "the cart matches the ground truth as the benchmark scores it",
                                  self._official, hidden=True))
        return out

    def action_schema(self, steps: Sequence[Step] | None = None, position: int | None = None) -> dict[str, Any]:
        """One tool call: the tool names and their parameters (product ids and coupon names as enums)."""
        ids = sorted(self.catalogue)
        options = []
        for schema in TOOL_SCHEMAS:
            fn = schema["function"]
            params = json.loads(json.dumps(fn["parameters"]))
            props = params.get("properties", {})
            if "product_id" in props and len(ids) <= _ENUM_LIMIT:
                props["product_id"]["enum"] = ids
            if "coupon_name" in props:
                props["coupon_name"]["enum"] = list(VALID_COUPONS)
            options.append({"type": "object",
                            "properties": {"action": {"type": "string", "const": fn["name"]},
                                           "args": {"type": "object", "properties": props,
                                                    "required": list(params.get("required", [])),
                                                    "additionalProperties": False}},
                            "required": ["action", "args"]})
        return {"anyOf": options}

    def describe(self) -> str:
        return (f"{self.task.query}\n\nYou shop with these tools; each step is one call "
                '{"action": "<tool>", "args": {...}}, and the final cart is what counts:\n'
                f"{describe_tools(TOOL_SCHEMAS)}")

    # -- checks ---------------------------------------------------------------------------------
    def delivery_days(self, product_id: str) -> int | None:
        """Days to the user's province as ``calculate_transport_time`` answers (None when it refuses)."""
        if product_id not in self._days:
            address = self.user.get("address") if isinstance(self.user.get("address"), dict) else {}
            answer = call_tool(self.pristine, "calculate_transport_time",
                               {"product_id": product_id, "destination_address": str(address.get("province") or "")})
            try:
                days = json.loads(answer).get("estimated_delivery_days")
            except (ValueError, AttributeError):
                days = None
            self._days[product_id] = days if isinstance(days, int) else None
        return self._days[product_id]

    def _check_item(self, trace: ExecutionTrace, params: dict[str, Any]) -> ConstraintCheck:
        cart_ids = [i.get("product_id") for i in trace.info.get("cart", {}).get("items") or [] if isinstance(i, dict)]
        delivery = {pid: self.delivery_days(pid) for pid in cart_ids if isinstance(pid, str) and pid in self.catalogue}
        return check_item(trace, params, self.catalogue, delivery)

    def _official(self, trace: ExecutionTrace, steps: Sequence[Step]) -> ConstraintCheck:
        result = self.score(trace.info["cart"])
        if not result.get("success"):
            return ConstraintCheck(False, str(result.get("error", "not scored")), score=0.0)
        if result["case_score"] == 1.0:
            return ConstraintCheck(True, "every expected product and coupon is in the cart", score=1.0)
        missing = [p.get("product_id") for p in result.get("unmatched_ground_truth_products", [])]
        return ConstraintCheck(False, f"{result['matched_count']} of {result['expected_count']} expected products "
                               f"and coupons matched ({len(missing)} product(s) missing)", score=float(result["score"]))

    # -- scoring and references -----------------------------------------------------------------
    def score(self, plan: Sequence[Step] | dict[str, Any]) -> dict[str, Any]:
        """The official result of a plan's final cart (or of a cart object) against the ground truth."""
        from pivot_opt.envs.shopping.evaluation.scoring import evaluate_case

        cart = plan if isinstance(plan, dict) else self.execute(plan).info["cart"]
        return evaluate_case(self.case_dir, cart)

    def reference_steps(self) -> list[Step]:
        """Steps that put the ground-truth products (one each) and coupons in the cart (reads gold: tests only)."""
        path = self.case_dir / GOLD_FILE
        try:
            gold = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError) as exc:
            raise ConfigError(f"{path}: no readable ground truth ({exc}); a reference plan needs it") from None
        steps = [Step("add_product_to_cart", {"product_id": p["product_id"], "quantity": 1})
                 for p in gold.get("ground_truth_products", []) if p.get("product_id")]
        steps += [Step("add_coupon_to_cart", {"coupon_name": name, "quantity": int(q)})
                  for name, q in (gold.get("ground_truth_coupons") or {}).items()]
        return steps

    def __repr__(self) -> str:
        items = sum(r.key == "item" for r in self.stated.requests)
        return f"ShoppingEnv({self.task.id}: {len(self.catalogue)} products, {items} stated items)"


def _short(text: str, limit: int = 160) -> str:
    return text if len(text) <= limit else text[: limit - 3] + "..."


def _level_of(folder: Path) -> int | None:
    for part in reversed(folder.resolve().parts):
        match = re.fullmatch(r"database_level(\d)", part)
        if match:
            return int(match.group(1))
    return None


def _query_from(case_dir: Path, query_file: str | None, level: int | None) -> str:
    case_id = case_dir.name.removeprefix("case_")
    if query_file is not None:
        tasks = load_queries(query_file, level)
        found = next((t.query for t in tasks if t.id == case_id), None)
        if found is None:
            raise ConfigError(f"{query_file} has no task with id {case_id!r} (the case folder is {case_dir.name})")
        return found
    try:  # the official files copy the query text here; only that field is read
        data = json.loads((case_dir / GOLD_FILE).read_text(encoding="utf-8"))
        text = data.get("query") if isinstance(data, dict) else None
    except (OSError, ValueError):
        text = None
    if not isinstance(text, str) or not text.strip():
        raise ConfigError(f"no query for {case_dir}: pass query=<text> or query_file=<level_<L>_query_meta.json>")
    return text


_OPTIONS = ("case_dir", "case_id", "level", "query", "query_file", "strict")


def make_shopping_env(case_dir: str | None = None, case_id: str | int | None = None, level: int | str | None = None,
                      query: str | None = None, query_file: str | None = None, strict: bool = True,
                      **unknown: Any) -> ShoppingEnv:
    """``make_env("shopping", case_dir=...)``: a case folder (or a level folder with ``case_id=``, for
    sweeps: ``pivot bench --env shopping:1-5 --task-option case_id``); the query is ``query=``, else the
    task of ``query_file=`` with the case's id, else the query text the case's ``validation_cases.json``
    copies. ``level=`` defaults to the ``database_level<L>`` folder the case is in."""
    if unknown:
        raise ConfigError(f"unknown shopping option(s) {sorted(unknown)}; use {', '.join(_OPTIONS)}")
    if case_dir is None:
        raise ConfigError("the shopping environment needs case_dir=<a case_<id> folder>")
    if not isinstance(strict, bool):
        raise ConfigError(f"strict must be true or false, got {strict!r}")
    folder = Path(case_dir) if case_id is None else find_case_dir(case_dir, case_id)
    if not folder.is_dir():
        raise ConfigError(f"case_dir={case_dir}: folder not found; pass a case_<id> folder of a database_level<L>/")
    if level is not None:
        try:
            level = int(level)
        except (TypeError, ValueError):
            raise ConfigError(f"level must be 1, 2 or 3, got {level!r}") from None
        if level not in (1, 2, 3):
            raise ConfigError(f"level must be 1, 2 or 3, got {level!r}")
    else:
        level = _level_of(folder)
    text = query if query is not None else _query_from(folder, query_file, level)
    return ShoppingEnv(folder, text, level=level, strict=strict)  # a bad case file is a CaseError (a ConfigError)
