"""Read the parameters of a hard constraint, including those only stated in words.

Why: brands, cuisines, seat classes, airlines, makers, train types and time windows appear only
in `constraint_context` (spec §9, §11.10). The generator needs them to make the named answer the
unique right one, and the uniqueness checks need the very same reading; both use this module.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from pivot_opt.envs.travel.generator.vocab import (
    AIRLINE_ALIASES,
    AIRLINE_BY_CODE,
    KNOWN_HOTEL_BRANDS,
    RESTAURANT_TAGS,
    TRAIN_TYPE_WORDS,
)

__all__ = ["ConstraintSpec", "hhmm", "parse_constraints", "parse_window", "to_minutes"]

CUISINE_WORDS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("Western Cuisine (Fusion)", ("western",)),
    ("Fast Food", ("fast food", "fast-food")),
    ("Seafood", ("seafood",)),
    ("Sichuan Cuisine", ("sichuan", "szechuan")),
    ("Halal Cuisine", ("halal",)),
    ("Hot Pot", ("hot pot", "hotpot")),
    ("Cantonese Cuisine", ("cantonese",)),
    ("Japanese Cuisine", ("japanese",)),
    ("Tea House", ("tea house", "teahouse")),
    ("Noodles", ("noodle",)),
    ("Barbecue", ("barbecue", "bbq")),
    ("Dessert", ("dessert",)),
    ("Vegetarian", ("vegetarian",)),
    ("Snacks", ("snack",)),
    ("Local Cuisine", ("local cuisine", "local dishes")),
)
TAG_WORDS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("Birthday Package", ("birthday",)),
    ("Private Room", ("private room",)),
    ("Outdoor Seating", ("outdoor",)),
    ("Waiting Area", ("waiting area",)),
    ("Online Queue", ("queue", "number-taking")),
    ("Must-Eat Top 10", ("must-eat", "top 10")),
)
_QUOTED = re.compile(r"[\"'“”‘’]([^\"“”‘’]+?)[\"'“”‘’](?:\s|$|[.,;)])")
_TIME = re.compile(r"(\d{1,2}):(\d{2})\s*([AaPp])?\.?\s*[Mm]?\.?")


def to_minutes(text: str) -> int:
    """`HH:MM` (or `24:00`) to minutes after midnight."""
    hours, minutes = text.strip().split(":")[:2]
    return int(hours) * 60 + int(minutes)


def hhmm(minutes: int) -> str:
    """Minutes after midnight to `HH:MM`; 1440 stays `24:00`."""
    return f"{minutes // 60:02d}:{minutes % 60:02d}"


def parse_window(text: str) -> tuple[int, int] | None:
    """The first two clock times of a sentence as a (start, end) window in minutes.

    AM/PM forms are honoured; `12:00 AM` as the end of a window means midnight (1440).
    """
    found: list[int] = []
    for match in _TIME.finditer(text):
        hour, minute, half = int(match.group(1)), int(match.group(2)), (match.group(3) or "").lower()
        if half == "p" and hour < 12:
            hour += 12
        elif half == "a" and hour == 12:
            hour = 0 if not found else 24
        found.append(hour * 60 + minute)
        if len(found) == 2:
            break
    if len(found) < 2:
        return None
    start, end = found
    if end <= start and end == 0:
        end = 1440
    return start, end


def _quoted(text: str) -> list[str]:
    return [m.group(1).strip() for m in _QUOTED.finditer(text + " ")]


def _brand(text: str) -> str | None:
    candidates = [*_quoted(text), text]
    for candidate in candidates:
        low = candidate.lower()
        for brand, words in KNOWN_HOTEL_BRANDS.items():
            if any(word in low for word in words):
                return brand
        if candidate is not text and candidate:
            return candidate
    return None


def _airline(text: str) -> str | None:
    quoted = _quoted(text)
    match = re.search(r"(?:from|with|by|of)\s+(?:the\s+)?([A-Z][A-Za-z ]+?)\s*\.?$", text.strip())
    raw = quoted[0] if quoted else (match.group(1) if match else None)
    if raw is None:
        return None
    low = raw.lower()
    for alias, name in AIRLINE_ALIASES.items():
        if alias in low:
            return name
    if raw in AIRLINE_BY_CODE.values() or " air" in f" {low}" or "airways" in low:
        return raw
    return f"{raw} Airlines"


def _first_of(text: str, table: tuple[tuple[str, tuple[str, ...]], ...]) -> str | None:
    low = text.lower()
    for value, words in table:
        if any(word in low for word in words):
            return value
    return None


def _seat_class(text: str, mode: str) -> str | None:
    low = text.lower()
    for word, train, flight in (
        ("business", "Business Seat", "Business Class"),
        ("first", "First Class Seat", "First Class"),
        ("second", "Second Class Seat", "Economy Class"),
        ("economy", "Second Class Seat", "Economy Class"),
    ):
        if word in low:
            return train if mode == "train" else flight
    return None


@dataclass
class ConstraintSpec:
    """One hard constraint with everything the generator and the checks need to know."""

    key: str
    kind: str
    params: dict[str, Any]
    context: str = ""
    numbers: dict[str, str] = field(default_factory=dict)
    window: tuple[int, int] | None = None
    seat_class: str | None = None
    airline: str | None = None
    maker: str | None = None
    train_type: str | None = None
    brand: str | None = None
    cuisine: str | None = None
    tag: str | None = None
    star: int | None = None
    service: str | None = None

    @property
    def rule(self) -> str:
        """The constraint key without its entity prefix, e.g. `cheapest_direct`."""
        return self.key.split("_", 1)[1] if "_" in self.key else self.key

    @property
    def names(self) -> list[str]:
        """Named attractions of an attraction constraint (empty otherwise)."""
        return [str(n) for n in self.params.get("attraction_names") or []]


def _spec(key: str, params: dict[str, Any]) -> ConstraintSpec:
    kind = key.split("_", 1)[0]
    context = str(params.get("constraint_context") or "")
    spec = ConstraintSpec(key=key, kind=kind, params=dict(params), context=context)
    if kind in ("train", "flight"):
        for leg in ("outbound", "inbound"):
            number = params.get(f"{leg}_{kind}_no")
            if number:
                spec.numbers["out" if leg == "outbound" else "in"] = str(number).strip()
        if "time_range" in key:
            spec.window = parse_window(context)
        if "seat_class" in key:
            spec.seat_class = _seat_class(context, kind) or (
                "First Class Seat" if kind == "train" else "First Class"
            )
        if "airline" in key:
            spec.airline = _airline(context)
        if "manufacturer" in key:
            spec.maker = next(
                (m for m in ("Airbus", "Boeing", "COMAC") if m.lower() in context.lower()), None
            )
        if "train_type" in key:
            spec.train_type = next(
                (t for t, words in TRAIN_TYPE_WORDS.items() if any(w in context.lower() for w in words)), None
            )
    elif kind == "hotel":
        if "brand" in key:
            spec.brand = _brand(context)
        star = params.get("hotel_star")
        if star is None:
            found = re.search(r"(\d)\s*-?\s*star", context)
            star = int(found.group(1)) if found else None
        spec.star = int(star) if star is not None else None
        spec.service = params.get("required_service")
    elif kind == "restaurant":
        if "cuisine" in key:
            spec.cuisine = _first_of(context, CUISINE_WORDS)
        if "tag" in key:
            tag = params.get("required_tag")
            spec.tag = tag if tag in RESTAURANT_TAGS else _first_of(context, TAG_WORDS)
    return spec


def parse_constraints(meta: dict[str, Any]) -> list[ConstraintSpec]:
    """All hard constraints of a `meta_info`, in insertion order, budget included.

    A top-level `budget_constraint` (the English quirk of one task) is appended too, so that
    generated databases keep it feasible even though the evaluator ignores it there.
    """
    specs = [_spec(key, params or {}) for key, params in (meta.get("hard_constraints") or {}).items()]
    outer = meta.get("budget_constraint")
    if isinstance(outer, dict) and not any(s.key == "budget_constraint" for s in specs):
        specs.append(_spec("budget_constraint", outer))
    return specs
