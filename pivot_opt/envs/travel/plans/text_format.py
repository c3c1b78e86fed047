"""Deterministic conversion between the official plan text (§6) and the converted JSON (§7).

Officially an LLM turns the agent's ``<plan>`` text into JSON; this module does it with rules,
so a run is reproducible and costs no tokens. Divergences from the LLM route, by design:

- fields are never invented: no ``city`` on attractions, no ``mode`` on ``travel_city`` lines,
  no ``currency``/``other`` in the budget unless the text has them, no ``accommodation`` for a
  ``-`` day, no ``cost`` when a line shows no price;
- ``Free`` (or ``免费``) as an attraction's price means 0; ``meal_type`` and hotel ``activity``
  are lower-cased;
- route ends are split on `` - ``; with several candidates, the split whose sides are both in
  ``known_names`` wins (then one side known, then the first split);
- lines the format does not know are left out (``strict=True`` rejects them instead).

``render_plan_text(parse_plan_text(t))`` parses back to the same JSON for every plan this
module renders (the round trip the property tests check).
"""

from __future__ import annotations

import re
from collections.abc import Collection, Mapping
from typing import TYPE_CHECKING, Any

from pivot_opt.errors import TrajectoryParseError

if TYPE_CHECKING:
    from pivot_opt.envs.travel.data.database import TravelDatabase

__all__ = ["BUDGET_KEYS", "extract_plan_text", "known_names_of", "parse_plan_text", "render_plan_text"]

BUDGET_KEYS: dict[str, str] = {
    "transportation": "Transportation",
    "accommodation": "Accommodation",
    "meals": "Meals",
    "attractions_and_tickets": "Attractions & Tickets",
    "other": "Other",
    "total_estimated_budget": "Total Estimated Budget",
}
_BUDGET_LABELS = [
    (re.compile(r"^total(\s+estimated)?(\s+budget|\s+cost)?$|^grand\s+total$"), "total_estimated_budget"),
    (re.compile(r"^(intercity\s+)?transport(ation)?(\s+costs?)?$"), "transportation"),
    (re.compile(r"^accommodations?(\s+costs?)?$|^hotels?$"), "accommodation"),
    (re.compile(r"^meals?(\s+costs?)?$|^food$|^dining$"), "meals"),
    (re.compile(r"^(attractions?\s*(&|and)\s*)?tickets?$|^attractions?$"), "attractions_and_tickets"),
    (re.compile(r"^others?(\s+costs?)?$|^miscellaneous$"), "other"),
]
_DAY = re.compile(r"^#*\s*(?:\*\*)?\s*day\s*(\d{1,4})\s*(?:\*\*)?\s*[:：]?", re.I)
_FIELD = re.compile(r"^(current\s+city|accommodation)\s*[:：]\s*(.*)$", re.I)
_ACTIVITY = re.compile(
    r"^(\d{1,2}:\d{2})\s*(?:-|–|—|~|to)\s*(\d{1,2}:\d{2})\s*\|\s*([^|]*?)\s*\|\s*(.*)$", re.I
)
_NUMBER = r"-?\d[\d,]*(?:\.\d+)?(?:[eE][-+]?\d+)?"
_PRICE = re.compile(
    r"^(?:[¥￥]\s*)?(" + _NUMBER + r")\s*(?:rmb|cny|元|yuan)?\s*(?:(?:/|per\s)\s*\S.*)?$", re.I
)
_FREE = re.compile(r"^(free|free admission|免费)$", re.I)
_DISTANCE = re.compile(r"^\d+(?:\.\d+)?\s*(?:km|m|kilometers?|meters?|公里|米)$", re.I)
_DURATION = re.compile(r"^\d+(?:\.\d+)?\s*(?:min|mins|minutes?|h|hrs?|hours?|分钟|小时)$", re.I)
_FIRST_NUMBER = re.compile(_NUMBER)
_PLAN_BLOCK = re.compile(r"<plan>(.*?)</plan>", re.I | re.S)
_FLIGHT_WORDS = {"flight", "plane", "airplane", "air", "飞机", "航班"}
_TRAIN_WORDS = {"train", "rail", "railway", "high-speed", "gaotie", "火车", "高铁"}
_MEAL_WORDS = {"breakfast", "brunch", "lunch", "dinner", "supper", "snack", "早餐", "午餐", "晚餐"}
_HOTEL_WORDS = {
    "check-in": "check-in",
    "checkin": "check-in",
    "check in": "check-in",
    "check-out": "check-out",
    "checkout": "check-out",
    "check out": "check-out",
    "rest": "rest",
    "stay": "stay",
    "overnight": "overnight",
    "sleep": "sleep",
}


def extract_plan_text(reply: str) -> str:
    """The plan an agent delivered: text after the last ``</think>``, every ``<plan>`` block
    stripped and joined by a blank line ("" when there is none: the task is not delivered)."""
    cut = reply.lower().rfind("</think>")
    if cut >= 0:
        reply = reply[cut + len("</think>") :]
    return "\n\n".join(block.strip() for block in _PLAN_BLOCK.findall(reply))


def known_names_of(db: TravelDatabase) -> set[str]:
    """Every place name of a :class:`TravelDatabase` (to disambiguate ``A - B`` route splits)."""
    names = set(db.locations) | set(db.hotels) | set(db.attractions) | set(db.restaurants)
    return names | set(db.station_city)


# ---------------------------------------------------------------------------------------------
# text -> JSON
# ---------------------------------------------------------------------------------------------
def _number(text: str) -> int | float | None:
    text = text.replace(",", "")
    try:
        return float(text) if any(c in text for c in ".eE") else int(text)
    except (ValueError, OverflowError):
        return None


def _price(field: str, allow_free: bool = False) -> int | float | None:
    field = field.strip()
    if allow_free and _FREE.match(field):
        return 0
    m = _PRICE.match(field)
    return _number(m.group(1)) if m else None


def _fields(text: str) -> list[str]:
    return [f.strip() for f in text.split(", ")]


def _take_price(fields: list[str], allow_free: bool = False) -> tuple[list[str], int | float | None]:
    """Split a trailing price field off (``Free`` counts only where ``allow_free``: attractions)."""
    if len(fields) > 1 or (fields and fields[0][:1] in ("¥", "￥")):
        cost = _price(fields[-1], allow_free)
        if cost is not None:
            return fields[:-1], cost
    return fields, None


def _split_route(text: str, known: Collection[str]) -> tuple[str, str | None]:
    cuts = [m.start() for m in re.finditer(" - ", text)]
    if not cuts:
        return text.strip(), None
    options = [(text[:c].strip(), text[c + 3 :].strip()) for c in cuts]
    if known and len(options) > 1:
        for want in (2, 1):
            for a, b in options:
                if (a in known) + (b in known) >= want:
                    return a, b
    return options[0]


def _details(kind: str, text: str, known: Collection[str]) -> dict[str, Any]:
    text = text.strip()
    fields, cost = _take_price(_fields(text), kind == "attraction") if text else ([], None)
    out: dict[str, Any] = {}
    if kind == "travel_intercity_public":
        head = fields[0].split() if fields else []
        if head and head[0].lower() in _FLIGHT_WORDS | _TRAIN_WORDS:
            out["mode"] = "flight" if head[0].lower() in _FLIGHT_WORDS else "train"
            head = head[1:]
        if head:
            out["number"] = " ".join(head)
        route = ", ".join(fields[1:])
        if route:
            src, dst = _split_route(route, known)
            out["from"] = src
            if dst is not None:
                out["to"] = dst
    elif kind == "travel_city":
        tail: dict[str, str] = {}
        for key, pattern in (("duration", _DURATION), ("distance", _DISTANCE)):
            if len(fields) > 1 and pattern.match(fields[-1]):
                tail[key] = fields.pop()
        route = ", ".join(fields)
        if route:
            src, dst = _split_route(route, known)
            out["from"] = src
            if dst is not None:
                out["to"] = dst
        out.update({k: tail[k] for k in ("distance", "duration") if k in tail})
    elif kind == "meal":
        if len(fields) > 1 and fields[0].lower() in _MEAL_WORDS:
            out["meal_type"] = fields.pop(0).lower()
        if fields:
            out["name"] = ", ".join(fields)
    elif kind == "hotel":
        if len(fields) > 1 and fields[0].lower() in _HOTEL_WORDS:
            out["activity"] = _HOTEL_WORDS[fields.pop(0).lower()]
        if fields:
            out["name"] = ", ".join(fields)
    elif kind == "attraction":
        if fields:
            out["name"] = ", ".join(fields)
    else:  # buffer and unknown types keep their text
        return {"description": text}
    if cost is not None:
        out["cost"] = cost
    return out


def _accommodation(text: str) -> dict[str, Any] | None:
    text = text.strip()
    if text.lower() in ("", "-", "—", "none", "n/a", "无"):
        return None
    fields, price = _take_price(_fields(text))
    out: dict[str, Any] = {"name": ", ".join(fields)}
    if price is not None:
        out["price_per_night"] = price
    return out


def _budget_line(line: str) -> tuple[str, int | float] | None:
    if ":" not in line and "：" not in line:
        return None
    label, _, rest = line.replace("：", ":").partition(":")
    label = re.sub(r"\s+", " ", label.strip(" *#-•").lower())
    for pattern, key in _BUDGET_LABELS:
        if pattern.match(label):
            m = _FIRST_NUMBER.search(rest)
            value = _number(m.group(0)) if m else None
            return (key, value) if value is not None else None
    return None


def _is_budget_header(line: str) -> bool:
    low = re.sub(r"[*#:：\s]+", " ", line.lower()).strip()
    return low == "budget" or low.startswith("budget summary")


def _clean(line: str) -> str:
    line = line.strip()
    line = re.sub(r"^(?:[-*•]\s+)", "", line)
    return line.strip()


def _parse(text: str, known: Collection[str], strict: bool) -> dict[str, Any]:
    if "<plan" in text.lower():
        text = extract_plan_text(text) or text
    days: list[dict[str, Any]] = []
    budget: dict[str, int | float] = {}
    in_budget = False
    for number, raw_line in enumerate(text.splitlines(), 1):
        line = _clean(raw_line)
        if not line:
            continue
        if m := _DAY.match(line):
            days.append({"day_number": int(m.group(1))})
            in_budget = False
            continue
        if _is_budget_header(line):
            in_budget = True
            continue
        if in_budget and (item := _budget_line(line)):
            budget[item[0]] = item[1]
            continue
        if days and not in_budget:
            day = days[-1]
            if m := _FIELD.match(line.strip("*")):
                if m.group(1).lower().startswith("current"):
                    day["current_city"] = m.group(2).strip().strip("*").strip()
                elif (accom := _accommodation(m.group(2).strip("*"))) is not None:
                    day["accommodation"] = accom
                continue
            if m := _ACTIVITY.match(line):
                kind = re.sub(r"[\s\-]+", "_", m.group(3).strip().lower())
                day.setdefault("activities", []).append(
                    {
                        "time_slot": f"{m.group(1)}-{m.group(2)}",
                        "type": kind,
                        "details": _details(kind, m.group(4), known),
                    }
                )
                continue
        if strict:
            raise TrajectoryParseError(
                f"line {number} is not part of the plan format: {raw_line.strip()[:80]!r}"
            )
    if not days:
        raise TrajectoryParseError(
            "no 'Day N:' header found: a plan needs one block per day starting with 'Day 1:', then "
            "'Current City:', 'Accommodation:' and 'HH:MM-HH:MM | type | details' lines (spec §6)"
        )
    plan: dict[str, Any] = {}
    if budget:
        plan["budget_summary"] = {k: budget[k] for k in BUDGET_KEYS if k in budget}
    plan["daily_plans"] = [
        {k: d[k] for k in ("day_number", "current_city", "accommodation", "activities") if k in d}
        for d in days
    ]
    for day in plan["daily_plans"]:
        day.setdefault("activities", [])
    return plan


def parse_plan_text(text: str, *, known_names: Collection[str] = (), strict: bool = False) -> dict[str, Any]:
    """Official plan text (or a reply holding ``<plan>`` blocks) -> converted plan JSON.

    Raises :class:`~pivot_opt.errors.TrajectoryParseError` when the text holds no plan (or, with
    ``strict``, a line outside the format); never any other exception.
    """
    if not isinstance(text, str):
        raise TrajectoryParseError(f"a plan must be text, got {type(text).__name__}")
    try:
        return _parse(text, known_names, strict)
    except TrajectoryParseError:
        raise
    except Exception as exc:
        raise TrajectoryParseError(f"could not read the plan text ({type(exc).__name__}: {exc})") from exc


# ---------------------------------------------------------------------------------------------
# JSON -> text
# ---------------------------------------------------------------------------------------------
def _num(value: Any) -> str:
    if isinstance(value, float):
        return repr(value)
    return str(value)


def _money(value: Any, unit: str = "") -> str:
    return f"¥{_num(value)}{unit}"


def _join(*parts: Any) -> str:
    return ", ".join(str(p) for p in parts if p not in (None, ""))


def _route(details: Mapping[str, Any]) -> str:
    src, dst = details.get("from"), details.get("to")
    if dst is None:
        return "" if src is None else str(src)
    return f"{'' if src is None else src} - {dst}"


def _render_details(kind: str, d: Mapping[str, Any]) -> str:
    cost = d.get("cost")
    if kind == "travel_intercity_public":
        head = " ".join(str(p) for p in (d.get("mode"), d.get("number")) if p not in (None, ""))
        return _join(head, _route(d), None if cost is None else _money(cost, "/person"))
    if kind == "travel_city":
        return _join(_route(d), d.get("distance"), d.get("duration"), None if cost is None else _money(cost))
    if kind == "attraction":
        return _join(d.get("name"), None if cost is None else _money(cost))
    if kind == "meal":
        meal = d.get("meal_type")
        return _join(
            str(meal).capitalize() if meal else None,
            d.get("name"),
            None if cost is None else _money(cost, "/person"),
        )
    if kind == "hotel":
        act = d.get("activity")
        return _join(
            str(act).capitalize() if act else None, d.get("name"), None if cost is None else _money(cost)
        )
    return str(d.get("description", "") if d.get("description") is not None else "")


def render_plan_text(plan: Mapping[str, Any]) -> str:
    """Converted plan JSON -> official plan text (days, then the budget summary)."""
    if not isinstance(plan, Mapping):
        raise TrajectoryParseError(f"a converted plan must be a JSON object, got {type(plan).__name__}")
    blocks: list[str] = []
    for i, day in enumerate(plan.get("daily_plans") or []):
        n = day.get("day_number")
        lines = [f"Day {n if isinstance(n, int) and not isinstance(n, bool) else i + 1}:"]
        if "current_city" in day:
            lines.append(f"Current City: {day['current_city']}")
        accom = day.get("accommodation")
        if isinstance(accom, Mapping) and accom.get("name") not in (None, "", "-"):
            price = next(
                (accom[k] for k in ("price_per_night", "price", "cost") if accom.get(k) is not None), None
            )
            shown = None if price is None else _money(price, "/room/night")
            lines.append(f"Accommodation: {_join(accom['name'], shown)}")
        else:
            lines.append("Accommodation: -")
        for act in day.get("activities") or []:
            kind = act.get("type", "")
            lines.append(
                f"{act.get('time_slot', '')} | {kind} | {_render_details(kind, act.get('details') or {})}"
            )
        blocks.append("\n".join(lines))
    summary = plan.get("budget_summary")
    if isinstance(summary, Mapping) and any(k in summary for k in BUDGET_KEYS):
        lines = ["**Budget Summary**:"]
        for key, label in BUDGET_KEYS.items():
            if key in summary and summary[key] is not None:
                end = "" if key == "total_estimated_budget" else "."
                lines.append(f"   **{label}: {_num(summary[key])} RMB**{end}")
        blocks.append("\n".join(lines))
    return "\n\n".join(blocks) + "\n"
