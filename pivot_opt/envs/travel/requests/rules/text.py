"""The query text as the readers see it: quoted place names masked, sentences cut and given topics.

Why mask: a quoted name ('Sunset Seafood Restaurant') must not trigger the rules its words would
(seafood, restaurant); readers see ``§k§`` and look the name up by ``k``. Why topics: a request
often spans sentences, and a sentence with no topic of its own continues the one before it.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from pivot_opt.envs.travel.generator.vocab import KNOWN_HOTEL_BRANDS, SYNTHETIC_HOTEL_BRANDS
from pivot_opt.envs.travel.requests.rules.cues import (
    ATTRACTION,
    BUDGET,
    CUISINES,
    FLIGHT_WORDS,
    HOTEL,
    RESTAURANT,
    SERVICES,
    TAGS,
    TRAIN_WORDS,
    TRANSPORT,
    TYPES,
)
from pivot_opt.envs.travel.requests.rules.names import LOCAL_AIRLINES, airline_of

NAME_TOKEN = "§"
TOKEN_RE = re.compile(rf"{NAME_TOKEN}(\d+){NAME_TOKEN}")
_QUOTE = re.compile(r"(?<![\w§])(['\"])(?=\S)(.{1,120}?)(?<=\S)\1(?![\w])")
_SPLIT = re.compile(r"(?<=[.!?;])\s+|\n+|(?<=[.!?])(?=[A-Z])|(?<=[.!?]['\"])\s+(?=[A-Z])")


@dataclass
class QuotedName:
    """A quoted name of the query and what the world calls it (if anything)."""

    text: str
    quote: str = "'"


@dataclass
class Sentence:
    """One sentence of the masked query: its text, lower-case form, quoted names and topics."""

    text: str
    low: str
    names: list[int]
    paragraph: int
    topics: set[str] = field(default_factory=set)
    own: bool = False


def _is_term(inner: str, cities: Iterable[str]) -> bool:
    """A quoted word that is a value (a type, brand, city, seat, service) rather than a place name."""
    low = inner.lower().strip(" .,")
    if not low or len(low) > 100 or LOCAL_AIRLINES.get(low):
        return True
    if low in {c.lower() for c in cities}:
        return True
    for _value, pattern in (*TYPES, *TAGS, *SERVICES, *CUISINES):
        if pattern.fullmatch(low) or (len(low.split()) <= 3 and pattern.search(low) and not low[0].isupper()
                                      and inner[:1].islower()):
            return True
    if any(t.lower() == low for t, _ in TYPES) or low in {"natural scenery", "leisure experience"}:
        return True
    if any(w in low for words in KNOWN_HOTEL_BRANDS.values() for w in words) and "restaurant" not in low:
        return True
    if low in {b.lower() for b in SYNTHETIC_HOTEL_BRANDS} or airline_of(low):
        return True
    if re.fullmatch(r"[a-z][a-z \-]*", inner):  # "washer", "must-eat": words, not names
        return True
    if re.search(r"[\u3000-\u9fff]", inner) and not re.search(r"[A-Za-z]", inner):
        return True  # a Chinese value word ('自然风光'); Chinese place names come with an English part
    if re.search(r"\b(?:list|category|type|brand)$", low):
        return True
    return bool(re.fullmatch(r"(?:first|second|business|economy)[- ]class(?: seats?)?", low))


def mask_names(text: str, cities: Sequence[str]) -> tuple[str, list[QuotedName]]:
    """Quoted place names replaced by ``§k§`` (so their words trigger no rule); value words kept."""
    text = text.replace(NAME_TOKEN, " ")  # the mask's own marker may not come from the user
    names: list[QuotedName] = []
    out: list[str] = []
    last = 0
    for match in _QUOTE.finditer(text):
        inner = match.group(2).strip()
        if "\n" in inner or _is_term(inner, cities):
            continue
        out.append(text[last:match.start()])
        out.append(f"{NAME_TOKEN}{len(names)}{NAME_TOKEN}")
        names.append(QuotedName(inner.rstrip(".,;:!?"), match.group(1)))
        last = match.end()
    out.append(text[last:])
    return "".join(out), names


def split_sentences(masked: str) -> list[Sentence]:
    """The masked text cut into sentences, each with its own topics or those of the one before."""
    out: list[Sentence] = []
    for p, paragraph in enumerate(re.split(r"\n\s*\n", masked)):
        for piece in _SPLIT.split(paragraph):
            piece = piece.strip()
            if not piece:
                continue
            low = piece.lower()
            names = [int(n) for n in TOKEN_RE.findall(low)]
            out.append(Sentence(piece, low, names, p))
    for i, s in enumerate(out):
        words = TOKEN_RE.sub(" ", s.low)
        topics = set()
        if TRANSPORT.search(words) or FLIGHT_WORDS.search(words) or TRAIN_WORDS.search(words):
            topics.add("transport")
        if HOTEL.search(words):
            topics.add("hotel")
        if RESTAURANT.search(words):
            topics.add("restaurant")
        if ATTRACTION.search(words) or any(p.search(words) for _t, p in TYPES):
            topics.add("attraction")
        if BUDGET.search(words) and re.search(r"\d", words):
            topics.add("budget")
        s.own = bool(topics)
        if not topics and i and out[i - 1].paragraph == s.paragraph:
            topics = set(out[i - 1].topics)
        s.topics = topics
    return out


def unmask(text: str, names: Sequence[QuotedName]) -> str:
    """The text with each ``§k§`` put back as the quoted name (a request's text is the user's words)."""
    def put(m: re.Match[str]) -> str:
        name = names[int(m.group(1))]
        return f"{name.quote}{name.text}{name.quote}"

    return TOKEN_RE.sub(put, text).strip()


def with_topic(sentences: Sequence[Sentence], topic: str) -> list[int]:
    """The indices of the sentences about ``topic``."""
    return [i for i, s in enumerate(sentences) if topic in s.topics]


def first_value(patterns: Sequence[tuple[str, re.Pattern[str]]], text: str) -> str | None:
    """The value whose cue appears first in ``text``."""
    found = [(m.start(), value) for value, p in patterns if (m := p.search(text))]
    return min(found)[1] if found else None


def words_of(s: Sentence) -> str:
    """The sentence's lower-case words without its name tokens (so rules never match inside a name)."""
    return TOKEN_RE.sub(" ", s.low)
