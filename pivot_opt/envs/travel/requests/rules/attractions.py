"""Attraction requests stated without names: all free ones, the top N, the highest-rated or all of a type.

Why apart from :mod:`.places`: they are read from the sentences no named-place passage used, and a
type named in one sentence may get its rule ("the highest-rated one") in the next.
"""

from __future__ import annotations

import re
from typing import Any

from pivot_opt.envs.travel.requests.frame import number_value
from pivot_opt.envs.travel.requests.rules.cues import (
    ALL,
    COUNT,
    FREE,
    OF_TYPE,
    ONE,
    PLURAL,
    RATED,
    STARTERS,
    TYPES,
    VISIT,
)
from pivot_opt.envs.travel.requests.rules.reading import Reading
from pivot_opt.envs.travel.requests.rules.text import first_value, with_topic, words_of


def read_attraction_rules(reading: Reading, used: set[int]) -> None:
    """Attraction requests stated without names: top-rated, of a type, all of a type, all free.

    A type named in one sentence may get its rule ("the highest-rated one") in the next.
    """
    sentences = reading.sentences
    idx = [i for i in with_topic(sentences, "attraction") if i not in used and (
        "restaurant" not in sentences[i].topics or not sentences[i].own)]
    found: dict[str, tuple[list[int], dict[str, Any]]] = {}
    typed: list[tuple[str, list[int], str]] = []
    weak_found: list[tuple[str, list[int], str]] = []
    consumed: set[int] = set()
    for i in idx:
        if i in consumed:
            continue
        words = words_of(sentences[i])
        j = i + 1
        nxt = ""
        if j < len(sentences) and j not in used and sentences[j].paragraph == sentences[i].paragraph and \
                not first_value(TYPES, words_of(sentences[j])) and not COUNT.search(words_of(sentences[j])) and \
                not FREE.search(words_of(sentences[j])) and not STARTERS.search(sentences[j].low) and \
                not (sentences[j].own and sentences[j].topics & {"restaurant", "hotel", "transport"}):
            nxt = words_of(sentences[j])
        if FREE.search(words):
            found.setdefault("attraction_all_free_attractions", ([i], {}))
            continue
        kind = first_value(TYPES, words)
        if kind and not COUNT.search(words):
            where = [i, j] if nxt else [i]
            window = f"{words} {nxt}"
            weak = False
            if RATED.search(window):
                key = "attraction_type_highest_rated"
            elif ALL.search(window) or OF_TYPE.search(window):
                key = "attraction_all_of_type"
            elif ONE.search(window):
                key = "attraction_type_highest_rated"
            elif VISIT.search(window):
                weak = True
                key = "attraction_all_of_type" if PLURAL.search(window) and not re.search(r"\bone\b", window) \
                    else "attraction_type_highest_rated"
            else:
                continue
            if nxt:
                consumed.add(j)
            (weak_found if weak else typed).append((key, where, kind))
            continue
        window = f"{words} {nxt}"
        count = COUNT.search(window)
        if count or (RATED.search(words) and PLURAL.search(window)):
            value = number_value(next((g for g in (count.groups() if count else ()) if g), None)) or 3
            found.setdefault("attraction_top_rated_must_visit", ([i], {"count": value}))
    kinds: set[str] = set()
    for key, where, kind in typed + weak_found:  # one request per type, the clearest statement first
        if kind not in kinds and key not in found:
            kinds.add(kind)
            found[key] = (where, {"attraction_type": kind})
    for key, (where, params) in found.items():
        reading.add(key, where, params)
