"""A rule-based reader of shopping queries (zero tokens).

What it reads, and only that (everything else stays unread, and the reading says so in ``notes``):

- the level-2 total-price range (:func:`~pivot_opt.envs.shopping.data.queries.stated_budget`);
- the items: the query is split into sentences, a sentence that asks for something ("looking
  for", "I need", "I want", "searching for", ...) starts an item and the sentences after it add to
  it; per item: brands and colours of the catalogue named in the words (the tools' own spelling,
  longest names first), ``size X``, quoted name parts, and the numeric conditions on per-star
  review counts, total reviews, average score, monthly and total sales, stock and delivery days;
- a delivery limit said for "everything" applies to every item.

Seasons, target groups ("men's", "for women") and unquoted product names are not read.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from pivot_opt.envs.kit.requests import StatedRequest, StatedTask
from pivot_opt.envs.shopping.data.queries import stated_budget

__all__ = ["Condition", "ShoppingRuleReader", "read_conditions"]

_STARS = {"one": "1", "two": "2", "three": "3", "four": "4", "five": "5", "1": "1", "2": "2", "3": "3",
          "4": "4", "5": "5"}
_MORE = r"(?:more than|over|greater than|exceeding|above|at least|of more than|of over)"
_LESS = r"(?:fewer than|less than|under|below|at most|no more than)"
_NUM = r"(\d[\d,]*(?:\.\d+)?)"
_STAR = r"(one|two|three|four|five|[1-5])[- ]star (?:reviews?|ratings?)"
_START = re.compile(r"\b(?:looking for|searching for|trying to find|(?:i|i'll|i will)(?: also)? need"
                    r"(?! (?:them|it|they|this|these|everything)\b)|i want|i'd like|i would like|grab)\b",
                    re.IGNORECASE)
_QUOTED = re.compile(r"(?<!\w)'(.{3,80}?)'(?!\w)|\"(.{3,80}?)\"|[‘“](.{3,80}?)[’”]")
_EVERYTHING = re.compile(r"\b(everything|all (?:the |my )?items|every item)\b", re.IGNORECASE)


@dataclass(frozen=True)
class Condition:
    """One numeric condition on a product field: ``field op value`` (``days`` = delivery days)."""

    field: str
    op: str
    value: float

    def holds(self, actual: float) -> bool:
        return {"<": actual < self.value, "<=": actual <= self.value, ">": actual > self.value,
                ">=": actual >= self.value}[self.op]

    def to_dict(self) -> dict[str, Any]:
        return {"field": self.field, "op": self.op, "value": self.value}


def _num(text: str) -> float:
    return float(text.replace(",", ""))


_FIELDS: list[tuple[str, str]] = [  # (field, words naming it); the comparison word is before the number
    ("rating.total_reviews", r"total (?:reviews|ratings)"),
    ("rating.average_score", r"average (?:rating |review )?(?:score|rating)"),
    ("sales_volume.monthly", r"monthly sales(?: volume)?"),
    ("sales_volume.total", r"total sales(?: volume)?"),
    ("stock_quantity", r"(?:inventory|stock quantity|stock|quantity)"),
]


def read_conditions(text: str) -> list[Condition]:
    """Every numeric condition these rules recognise in ``text`` (see the module docstring)."""
    out: list[Condition] = []
    for cmp, op in ((_MORE, ">"), (_LESS, "<")):
        for m in re.finditer(cmp + r"\s+" + _NUM + r"\s+" + _STAR, text, re.IGNORECASE):
            out.append(Condition(f"rating.star_counts.{_STARS[m.group(2).lower()]}", op, _num(m.group(1))))
        for name, words in _FIELDS:
            after = rf"{words}\s+(?:is\s+|of\s+|that is\s+)?{cmp}\s+{_NUM}"  # "monthly sales over 350"
            before = rf"{cmp}\s+{_NUM}\s+{words}"                          # "more than 600 total reviews"
            for pattern in (after, before):
                for m in re.finditer(pattern, text, re.IGNORECASE):
                    if name == "stock_quantity" and "total" in text[max(0, m.start() - 6):m.start()].lower():
                        continue
                    out.append(Condition(name, op, _num(m.group(1))))
    for m in re.finditer(r"(?:transport time|deliver(?:y|ed)|arrive|get here|ship(?:ped)?)[^.;]{0,40}?"
                         r"(less than|under|within|in under|no more than)\s+(?:just\s+)?(\d+|one|two|three)\s+days?",
                         text, re.IGNORECASE):
        word = m.group(2).lower()
        days = float({"one": 1, "two": 2, "three": 3}.get(word, word))
        out.append(Condition("days", "<=" if m.group(1).lower() in ("within", "no more than") else "<", days))
    seen: set[Condition] = set()
    return [c for c in out if not (c in seen or seen.add(c))]  # type: ignore[func-returns-value]


def _names_in(text: str, names: Iterable[str]) -> list[str]:
    """Catalogue names found as whole words in ``text`` (case-insensitive), longest first, no overlaps."""
    found: list[str] = []
    taken: list[tuple[int, int]] = []
    for name in sorted({n for n in names if n.strip()}, key=lambda n: (-len(n), n)):
        for m in re.finditer(rf"(?<![\w']){re.escape(name)}(?![\w'])", text, re.IGNORECASE):
            if not any(a < m.end() and m.start() < b for a, b in taken):
                taken.append((m.start(), m.end()))
                if name not in found:
                    found.append(name)
    return found


def _sentences(query: str) -> list[str]:
    return [s.strip() for s in re.split(r"(?<=[.!?])\s+|\n+", query) if s.strip()]


class ShoppingRuleReader:
    """Reads the budget and each asked-for item's requirements from the query text (module docstring).

    ``world`` is what the tools expose about the catalogue: ``{"brands": [...], "colors": [...]}``,
    so that a brand or colour is read in the spelling the filters match.
    """

    name = "rules"
    gold = False

    def read(self, task: Any, world: Mapping[str, Any]) -> StatedTask:
        query = str(getattr(task, "query", task) or "")
        stated = StatedTask(self.name)
        budget = stated_budget(query)
        if budget is not None:
            stated.requests.append(StatedRequest("budget", _budget_words(query), {"low": budget[0],
                                                                                   "high": budget[1]}))
        items: list[list[str]] = []
        common: list[Condition] = []
        for sentence in _sentences(query):
            if stated_budget(sentence) is not None:
                continue
            if _EVERYTHING.search(sentence):
                common.extend(c for c in read_conditions(sentence) if c.field == "days")
                continue
            if _START.search(sentence) or not items:
                items.append([sentence])
            else:
                items[-1].append(sentence)
        brands, colors = list(world.get("brands") or []), list(world.get("colors") or [])
        for words in items:
            text = " ".join(words)
            params: dict[str, Any] = {
                "brands": _names_in(text, brands),
                "colors": _names_in(text, colors),
                "sizes": sorted(set(re.findall(r"\bsize\s+([A-Z0-9]{1,4})\b", text, re.IGNORECASE))),
                "name_parts": [next(g for g in m.groups() if g) for m in _QUOTED.finditer(text)],
                "conditions": [c.to_dict() for c in [*read_conditions(text), *common]],
            }
            params["sizes"] = [s.upper() for s in params["sizes"]]
            if any(params[k] for k in ("brands", "colors", "sizes", "name_parts", "conditions")):
                stated.requests.append(StatedRequest("item", text, params))
        if not any(r.key == "item" for r in stated.requests):
            stated.notes.append("no item requirement read from the query; only cart checks apply")
        stated.notes.append("not read: seasons, target groups, unquoted product names")
        return stated


def _budget_words(query: str) -> str:
    for sentence in _sentences(query):
        if stated_budget(sentence) is not None:
            return sentence
    return query
