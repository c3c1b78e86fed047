"""Names the user wrote, matched to the database's spelling (places, airlines, brands, train types).

Why: the user writes "Yun She" or "China Eastern" where the tools answer "Yunshe" and "China
Eastern Airlines", and a request can only be checked in the database's spelling.
"""

from __future__ import annotations

import difflib
import itertools
import re
from collections.abc import Sequence

from pivot_opt.envs.travel.generator.vocab import AIRLINE_ALIASES, AIRLINE_BY_CODE, SYNTHETIC_AIRLINES
from pivot_opt.envs.travel.requests.world import WorldValues


def normalized(name: str) -> str:
    """The name's letters and digits, lower-case: what spellings of one name share."""
    return re.sub(r"[^a-z0-9]+", "", name.lower())


def closest_name(name: str, pool: Sequence[str]) -> str | None:
    """The database spelling of a name the user wrote (exact, case, spacing, containment, fuzzy)."""
    if not pool or not name:
        return None
    if name in pool:
        return name
    by_norm = {normalized(p): p for p in pool}
    key = normalized(name)
    if key in by_norm:
        return by_norm[key]
    base = re.sub(r"\s*\(.*?\)\s*", " ", name).strip()
    inside = [p for p in pool if key and (key in normalized(p) or normalized(p) in key) and len(normalized(p)) > 3]
    if len(inside) == 1:
        return inside[0]
    match = difflib.get_close_matches(name, list(pool), n=1, cutoff=0.75)
    if match:
        return match[0]
    match = difflib.get_close_matches(base, [re.sub(r"\s*\(.*?\)\s*", " ", p).strip() for p in pool], n=1,
                                      cutoff=0.75)
    if match:
        return next(p for p in pool if re.sub(r"\s*\(.*?\)\s*", " ", p).strip() == match[0])
    shared = _shared_words(name, pool)
    if shared:
        return shared
    match = difflib.get_close_matches(name, list(pool), n=1, cutoff=0.6)
    return match[0] if match else None


_FILLER = frozenset({"the", "of", "and", "at", "in", "on", "a"})


def _word_set(name: str) -> set[str]:
    words = [w for w in re.findall(r"[a-z0-9]+", name.lower().replace("&", " and ")) if w not in _FILLER]
    return set(words) | {a + b for a, b in itertools.pairwise(words)}


def _shared_words(name: str, pool: Sequence[str]) -> str | None:
    """The pool name sharing most words with ``name`` ("Sunset & You Bistro" ~ "Sunset and You Western
    Restaurant"; "Yun She" ~ "Yunshe"), if it shares at least two and clearly more than any other."""
    mine = _word_set(name)
    scored = []
    for candidate in pool:
        theirs = _word_set(candidate)
        common = len(mine & theirs)
        if common >= 2 and common / max(1, min(len(mine), len(theirs))) >= 0.5:
            ratio = difflib.SequenceMatcher(None, normalized(name), normalized(candidate)).ratio()
            scored.append((common, ratio, candidate))
    if not scored:
        return None
    scored.sort(reverse=True)
    if len(scored) > 1 and scored[1][:2] == scored[0][:2]:
        return None
    return scored[0][2]


#: The names a task's tools answer with (empty without a world): one collection for every reader.
WorldNames = WorldValues


LOCAL_AIRLINES = {"eastern airlines": "China Eastern Airlines", "southern airlines": "China Southern Airlines",
                  "china eastern": "China Eastern Airlines", "china southern": "China Southern Airlines"}


def airline_of(text: str) -> str | None:
    """A carrier the text names: its full name, a two-word short form ("China Eastern") or "<city> Air"."""
    low = text.lower()
    for alias, name in (*AIRLINE_ALIASES.items(), *LOCAL_AIRLINES.items()):
        if alias in low:
            return name
    names = [*AIRLINE_BY_CODE.values(), *(n for _c, n in SYNTHETIC_AIRLINES)]
    for name in sorted(names, key=len, reverse=True):
        short = re.sub(r"\s+(?:airlines|airways|air)$", "", name.lower())
        if name.lower() in low or re.search(rf"\b{re.escape(short)}\s+(?:air|airlines|airways)\b", low):
            return name
        if " " in short and short != "air" and re.search(rf"\b{re.escape(short)}\b", low):
            return name
    return None
