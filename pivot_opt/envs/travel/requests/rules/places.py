"""Restaurant and named-attraction requests, read passage by passage around the quoted place names.

Why by passage: a passage (a sentence naming a place and the following ones that name none) says
both where ("near 'X'") and what (a cuisine, a tag, the cheapest). Whether a quoted name is the
restaurant itself or the place to eat near is decided by the world's tables when given, else by
the words around it.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

from pivot_opt.envs.travel.requests.rules.attractions import read_attraction_rules
from pivot_opt.envs.travel.requests.rules.cues import (
    ALL,
    CHEAP_MEAL,
    CHEAPEST,
    CLOSEST,
    COUNT,
    CUISINES,
    FREE,
    ONE,
    RATED,
    RESTAURANT,
    RESTAURANT_NOUNS,
    STARTERS,
    TAGS,
    TYPES,
)
from pivot_opt.envs.travel.requests.rules.names import closest_name, normalized
from pivot_opt.envs.travel.requests.rules.reading import Reading
from pivot_opt.envs.travel.requests.rules.text import NAME_TOKEN, TOKEN_RE, Sentence, first_value, words_of


def _restaurant_params(text: str) -> list[tuple[str, dict[str, Any]]]:
    """The restaurant request types the words of one passage state, most specific first."""
    tag = first_value(TAGS, text)
    cuisine = first_value(CUISINES, text)
    found: list[tuple[str, dict[str, Any]]] = []
    if tag:
        found.append(("restaurant_specific_tag_nearby", {"required_tag": tag}))
    if cuisine:
        found.append(("restaurant_specific_cuisine_nearby", {"cuisine": cuisine}))
    if CLOSEST.search(text):
        found.append(("restaurant_closest_to_attraction", {}))
    if CHEAP_MEAL.search(text) or (CHEAPEST.search(text) and not found):
        found.append(("restaurant_cheapest_nearby_attraction", {}))
    if RATED.search(text) or re.search(r"\bhighest\b[^.]{0,25}\b(?:rating|score|reviews?)\b", text):
        found.append(("restaurant_highest_rated", {}))
    return found


def read_places(reading: Reading) -> None:
    """Restaurant and attraction requests: by the names they quote, then by the words alone."""
    sentences, names, world = reading.sentences, reading.names, reading.world
    used: set[int] = set()
    # Units: a sentence with a name, and the following sentences of its paragraph that name none.
    units: list[tuple[list[int], list[int]]] = []
    for i, s in enumerate(sentences):
        if s.names:
            units.append(([i], list(dict.fromkeys(s.names))))
        elif units and units[-1][0][-1] == i - 1 and sentences[i - 1].paragraph == s.paragraph and \
                not STARTERS.search(s.low) and _continues(sentences[units[-1][0][0]], s):
            units[-1][0].append(i)
    visits: list[tuple[int, int]] = []
    lone_visit: dict[int, int] = {}  # unit end -> the one name of a visit unit
    meal_at: set[tuple[int, str]] = set()  # (first sentence, place) of each meal request
    for idx, unit_names in units:
        place_names = [n for n in unit_names if not _is_city(names[n].text, reading.frame)]
        if not place_names:
            continue
        text = " ".join(words_of(sentences[i]) for i in idx)
        masked = " ".join(sentences[i].low for i in idx)
        if "restaurant" not in {t for i in idx for t in _topics_of(sentences, i)}:
            if "transport" in sentences[idx[0]].topics and "attraction" not in sentences[idx[0]].topics:
                continue
            if "hotel" in sentences[idx[0]].topics and "attraction" not in sentences[idx[0]].topics:
                continue
            visits.extend((idx[0], n) for n in place_names if not _aside(masked, n))
            if len(place_names) == 1:
                lone_visit[idx[-1]] = place_names[0]
            used.update(idx)
            continue
        used.update(idx)
        for n, clause in _split_by_name(masked, place_names):
            clause_words = TOKEN_RE.sub(" ", clause)
            types = _restaurant_params(clause_words) or _restaurant_params(text) or _lead_in(sentences, idx[0])
            is_meal_place = _must_eat(n, clause, types, reading)
            if is_meal_place:
                name = closest_name(names[n].text, world.restaurants) or names[n].text
                reading.add("restaurant_must_eat_named", idx, {"restaurant_name": name})
                continue
            if not types:
                if re.search(r"\b(?:visit|see|go to|include)\b", clause_words) and not RESTAURANT.search(
                        clause_words):
                    visits.append((idx[0], n))
                else:
                    reading.notes.append(f"a meal near '{names[n].text}' is asked for, but no rule was read")
                continue
            anchor = closest_name(names[n].text, world.anchors) or names[n].text
            if len(types) > 1 and re.search(r"\b(?:another|also|as well|second|other|two meals|both)\b", text):
                chosen = types[:2] if types[0][0] != types[1][0] else types[:1]
            else:
                chosen = types[:1]
            for key, params in chosen:
                if any(r.key == key and r.params.get("attraction_name") == anchor for r in reading.requests):
                    continue
                reading.add(key, idx, {"attraction_name": anchor, **params})
                meal_at.add((idx[0], normalized(anchor)))
    # "I want to visit 'X', and after touring around we'll be hungry. The nearest restaurant to 'X'...": the
    # visit only leads to the meal, when the next sentence asks for a meal at that one place.
    lead_ins = {n for end, n in lone_visit.items()
                if (end + 1, normalized(closest_name(names[n].text, world.anchors) or names[n].text)) in meal_at}
    visits = [(i, n) for i, n in visits if n not in lead_ins]
    if visits:
        listed = list(dict.fromkeys(closest_name(names[n].text, world.attractions) or names[n].text
                                    for _i, n in visits))
        reading.add("attraction_must_visit_named", [i for i, _n in visits], {"attraction_names": listed})
    read_attraction_rules(reading, used)


def _topics_of(sentences: Sequence[Sentence], i: int) -> set[str]:
    """A sentence's own topics; one without any continues an introduction ("For dining, two requests."),
    but not a request that already named its place."""
    s = sentences[i]
    if s.own:
        return s.topics
    if i and sentences[i - 1].paragraph == s.paragraph and not sentences[i - 1].names:
        return s.topics
    return set()


def _continues(head: Sentence, s: Sentence) -> bool:
    """Does ``s`` go on about the place ``head`` names (rather than start a request of its own)?"""
    words = words_of(s)
    if FREE.search(words) or COUNT.search(words):
        return False
    if first_value(TYPES, words) and not RESTAURANT.search(words) and (
            RATED.search(words) or ALL.search(words) or ONE.search(words)):
        return False
    if not s.own:
        return True
    own_head = head.topics if head.own else set()
    if "restaurant" in own_head and "restaurant" in s.topics:
        return "transport" not in s.topics
    return s.topics <= (own_head | {"restaurant"}) and bool(s.topics & {"restaurant", "attraction"})


def _aside(masked: str, n: int) -> bool:
    """A name given as an example of a kind ("landmarks like 'X'") or as the trip's destination ("from A to 'X' on
    November 12"), not as a place to visit."""
    token = re.escape(f"{NAME_TOKEN}{n}{NAME_TOKEN}")
    if re.search(rf"\b(?:like|such as|e\.g\.|for example|including)\s+(?:the\s+)?{token}", masked):
        return any(p.search(masked) for _t, p in TYPES) or bool(re.search(r"\blandmarks?\b", masked))
    return bool(re.search(rf"\bfrom\s+\S+\s+to\s+(?:the\s+)?{token}", masked)) and bool(
        re.search(r"\b(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?\s+\d", masked))


def _lead_in(sentences: Sequence[Sentence], i: int) -> list[tuple[str, dict[str, Any]]]:
    """The rule of a meal stated just before the sentence naming its place ("I'd like Sichuan food. Near 'X'...")."""
    j = i - 1
    if j < 0 or sentences[j].paragraph != sentences[i].paragraph or sentences[j].names or \
            "restaurant" not in sentences[j].topics:
        return []
    return _restaurant_params(words_of(sentences[j]))


def _is_city(text: str, frame: dict[str, Any]) -> bool:
    cities = {str(frame.get("org") or "").lower(), *(str(c).lower() for c in frame.get("dest") or [])}
    return text.lower().strip() in cities


def _split_by_name(masked: str, place_names: Sequence[int]) -> list[tuple[int, str]]:
    """Each name of a passage with the words that belong to it (a passage may ask for two meals)."""
    if len(place_names) == 1:
        return [(place_names[0], masked)]
    cuts = [m for m in re.finditer(r",?\s*(?:and\s+)?(?:another|the other|the second|second|also)\b|;\s", masked)]
    pieces: list[str] = []
    last = 0
    for m in cuts:
        pieces.append(masked[last:m.start()])
        last = m.start()
    pieces.append(masked[last:])
    out: list[tuple[int, str]] = []
    for piece in pieces:
        inside = [int(x) for x in TOKEN_RE.findall(piece)]
        if inside:
            out.append((inside[0], piece))
    seen = {n for n, _ in out}
    out.extend((n, masked) for n in place_names if n not in seen)
    return out


def _must_eat(n: int, clause: str, types: list[tuple[str, dict[str, Any]]], reading: Reading) -> bool:
    """Is the quoted name the restaurant to eat at (rather than the place to eat near)?"""
    token = f"{NAME_TOKEN}{n}{NAME_TOKEN}"
    pos = clause.find(token)
    before, after = clause[max(0, pos - 40):pos], clause[pos + len(token):pos + len(token) + 40]
    near = bool(re.search(r"\b(?:near|nearby|around|close to|closest to|nearest to|next to|vicinity of|area of"
                          r"|surrounding|in the area|visiting|visit|by)\s+(?:the\s+)?(?:famous\s+)?$", before))
    near = near or bool(re.search(r"^\W*(?:area|nearby|vicinity|surroundings)\b", after))
    name = reading.names[n].text
    world = reading.world
    if world.restaurants or world.anchors:
        in_restaurants = closest_name(name, world.restaurants) is not None
        in_anchors = closest_name(name, world.anchors) is not None
        if in_restaurants and not in_anchors:
            return True
        if in_anchors and not in_restaurants:
            return False
    if near or types:
        return False
    return bool(RESTAURANT_NOUNS.search(name)) or bool(re.search(
        r"\b(?:meal|dine|eat|dinner|lunch|try|called|at)\s+(?:once\s+)?(?:at\s+)?(?:the\s+)?$", before))
