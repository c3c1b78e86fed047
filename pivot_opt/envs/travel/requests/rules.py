"""The rule-based request reader: the benchmark's request types read from English query text.

Why rules: reading the query is the first thing a real agent does, and the default reader must
cost zero tokens and give the same answer on every run. It reads only ``task.query`` (never
``meta_info``) and, when a ``world`` (the task's :class:`TravelDatabase`) is given, the names
its tools would return, to map the user's spelling of a place to the database's.

How: quoted names are masked, the text is cut into sentences, and each sentence gets the topics
its words name (transport, hotel, restaurant, attraction, budget); a sentence with no topic of
its own continues the one before it. Each topic then has its own rules, tried from the most to
the least specific cue (a time window before "earliest", a tag before "highest-rated"). The
benchmark always asks for one transport and one hotel request, so those two are always given
(seat availability for the travellers and a star-level hotel being the unstated defaults), and
each such fallback is named in ``StatedTask.notes``.
"""

from __future__ import annotations

import difflib
import itertools
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from pivot_opt.envs.kit.requests import StatedRequest, StatedTask
from pivot_opt.envs.travel.generator.constraint_text import hhmm, parse_window
from pivot_opt.envs.travel.generator.vocab import (
    AIRLINE_ALIASES,
    AIRLINE_BY_CODE,
    KNOWN_HOTEL_BRANDS,
    SYNTHETIC_AIRLINES,
    SYNTHETIC_HOTEL_BRANDS,
)
from pivot_opt.envs.travel.requests.frame import clean_text, number_value, read_frame

__all__ = ["RuleReader", "read_query"]

# -- word tables (lower-case; a cue is a regular expression over the masked sentence) ---------
_TRANSPORT = re.compile(r"\b(?:trains?|flights?|fly|flying|flew|rail|railway|planes?|airlines?|aircraft|airbus|boeing"
                        r"|comac|high-speed|bullet|outbound|round-trip|both ways|both directions|both legs|seats?"
                        r"|tickets?|transportation|journey|depart\w*|arriv\w*|set off)\b")
_HOTEL = re.compile(r"\b(?:hotels?|accommodation|stay(?:ing)? at|renovat\w*|brand|chain|per night|a night|nightly"
                    r"|\w+-star|star hotel|inn|room service|swimming pool|gym|parking|spa|check-in)\b")
_RESTAURANT = re.compile(r"\b(?:meals?|restaurants?|din(?:e|ing)|dinner|lunch|breakfast|eat\w*|food|cuisine|dishes"
                         r"|cafe|eatery|eateries|try (?:it|them|their|this place)|tasty|delicious)\b")
_ATTRACTION = re.compile(r"\b(?:attractions?|visit\w*|sightseeing|spots?|sites?|places|landmarks?|scenery|scenic"
                         r"|go to|see)\b")
_BUDGET = re.compile(r"\bbudget\b")
_STARTERS = re.compile(r"^\W*(?:also|additionally|second(?:ly)?|first(?:ly)?|finally|another|by the way|oh|besides"
                       r"|as for|regarding|for (?:dining|meals?|accommodation|attractions|sightseeing|transportation"
                       r"|the return|the outbound)|moreover|in addition|lastly|then)\b")

_FLIGHT_WORDS = re.compile(r"\b(?:flights?|fly|flying|airlines?|planes?|aircraft|airbus|boeing|comac|airport)\b")
_TRAIN_WORDS = re.compile(r"\b(?:trains?|rail|railway|high-speed|bullet|d-series|g-series)\b")
_EARLIEST = re.compile(r"\b(?:earliest|as early as possible|first (?:train|flight)|earliest-departing)\b")
_LATEST = re.compile(r"\b(?:latest|as late as possible|last (?:train|flight))\b")
_SHORTEST = re.compile(r"\b(?:shortest|fastest|quickest|least (?:travel )?time|minimum (?:travel )?time"
                       r"|shortest-duration)\b")
_CHEAPEST = re.compile(r"\b(?:cheapest|most affordable|lowest(?: possible)?(?: \w+)? (?:prices?|fares?|costs?)"
                       r"|lowest-priced|lowest-cost|least expensive|cost-effective|budget-friendly|most economical"
                       r"|lower price|best value|inexpensive|cheaper)\b")
_RATED = re.compile(r"\b(?:highest[- ]rated|best[- ]rated|top[- ]rated|highest rating|highest ratings|most highly rated"
                    r"|highest-scored|highest score|best reviewed|best-reviewed|highest-rating|top-ranked)\b")
_CLOSEST = re.compile(r"\b(?:closest|nearest|shortest distance|shortest walking|as close as possible)\b")
_CHEAP_MEAL = re.compile(r"\b(?:cheapest|lowest average|lowest per-person|lowest per person|lowest (?:average )?"
                         r"(?:spending|cost|price)|most affordable|least expensive|most economical|budget-friendly"
                         r"|lowest-priced|lowest consumption|lowest spend)\b")
_BACK = re.compile(r"\b(?:return(?:ing)? (?:journey|trip|leg|flight|train)|way back|(?:train|flight|fly|flight) back"
                   r"|come back|coming back|going back|for the return|on the return|the return|inbound|homebound"
                   r"|back home|back to|return)\b")
_OUT = re.compile(r"\b(?:outbound|going there|on the way there|(?:train|flight) there|departure day|to get there"
                  r"|when going|the way out|first leg|outward)\b")
_ARRIVE = re.compile(r"\b(?:arriv\w*|land\w*|gets? (?:me |us )?(?:home|back))\b")
_SEAT = (
    (re.compile(r"\bbusiness[- ](?:class|seats?)\b"), "Business Seat", "Business Class"),
    (re.compile(r"\bfirst[- ]class\b|\bfirst class\b"), "First Class Seat", "First Class"),
    (re.compile(r"\bsecond[- ]class\b"), "Second Class Seat", "Economy Class"),
    (re.compile(r"\beconomy(?:[- ]class)?\b"), "Second Class Seat", "Economy Class"),
)
_TRAIN_TYPES = (
    ("Bullet Train", re.compile(r"\bbullet trains?\b|\bd-series\b|\bd-train\b|\bemu\b|动车")),
    ("High-speed Rail", re.compile(r"\bhigh[- ]speed (?:rail|trains?)\b|\bg-series\b|\bg-train\b|高铁")),
    ("Intercity Train", re.compile(r"\bintercity\b|城际")),
    ("Express Train", re.compile(r"\bexpress trains?\b")),
    ("Fast Train", re.compile(r"\bfast trains?\b")),
)
_MAKERS = (("Airbus", re.compile(r"\bairbus\b")), ("Boeing", re.compile(r"\bboeing\b")),
           ("COMAC", re.compile(r"\bcomac\b|\bc919\b|\barj21\b")))
_SERVICES = (
    ("Swimming Pool", re.compile(r"\bswim\w*|\bpool\b")),
    ("Robot Service", re.compile(r"\brobot\w*")),
    ("Washer and Dryer", re.compile(r"\bwasher\b|\bwashing machine\b|\bdryer\b|\blaundry\b")),
    ("TV Casting", re.compile(r"\bscreen[- ]?(?:mirroring|casting|projection|sharing)\b|\bcasting\b|\bcast\b"
                              r"|\bmirroring\b|\bprojection\b")),
    ("Free Parking", re.compile(r"\bparking\b|\bpark (?:my|the|our) car\b")),
    ("SPA Service", re.compile(r"\bspas?\b")),
    ("Gym", re.compile(r"\bgym\b|\bfitness\b|\bwork ?out\b|\bexercise\b")),
)
_TAGS = (
    ("Birthday Package", re.compile(r"\bbirthday\b")),
    ("Private Room", re.compile(r"\bprivate (?:dining )?(?:rooms?|booths?|spaces?|dining)\b")),
    ("Outdoor Seating", re.compile(r"\boutdoors?\b|\boutside\b|\bopen-air\b|\bterrace\b|\bal fresco\b|\balfresco\b")),
    ("Online Queue", re.compile(r"\b(?:online|virtual|virtually|remote|remotely)\b[^.]{0,25}\b(?:queu\w*|number|line"
                                r"|wait\w*|reserv\w*)|\bqueu\w*[^.]{0,20}\b(?:online|virtual\w*)|number-taking"
                                r"|take a (?:queue )?number|queue number|join the queue")),
    ("Waiting Area", re.compile(r"\bwaiting (?:area|zone|room|space|lounge)s?\b|\bseating area\b"
                                r"|\bwait comfortably|\bsit (?:down )?(?:comfortably )?while (?:we )?wait"
                                r"|\brest (?:there )?while waiting")),
    ("Must-Eat Top 10", re.compile(r"\bmust[- ](?:eat|try)\b|\btop[- ](?:ten|10)\b")),
)
_CUISINES = (
    ("Western Cuisine (Fusion)", re.compile(r"\bwestern\b|\bfusion\b")),
    ("Fast Food", re.compile(r"\bfast[- ]food\b")),
    ("Seafood", re.compile(r"\bseafood\b")),
    ("Sichuan Cuisine", re.compile(r"\bsichuan\b|\bszechuan\b")),
    ("Halal Cuisine", re.compile(r"\bhalal\b|\bmuslim\b|\bislamic\b")),
    ("Hot Pot", re.compile(r"\bhot ?pot\b")),
    ("Cantonese Cuisine", re.compile(r"\bcantonese\b")),
    ("Japanese Cuisine", re.compile(r"\bjapanese\b|\bsushi\b")),
    ("Barbecue", re.compile(r"\bbarbecue\b|\bbbq\b")),
    ("Vegetarian", re.compile(r"\bvegetarian\b|\bvegan\b")),
)
_TYPES = (
    ("Natural Scenery", re.compile(r"\bnatur\w*|\bscenery\b|\blandscapes?\b|自然|风光")),
    ("Historical and Cultural", re.compile(r"\bhistor\w*|\bcultur\w*|\bheritage\b|历史|文化")),
    ("City Landmark", re.compile(r"\blandmarks?\b|地标")),
    ("Leisure Experience", re.compile(r"\bleisure\b|休闲")),
    ("Art Exhibition", re.compile(r"\bart\b|\barts\b|\bexhibitions?\b|\bgaller(?:y|ies)\b|艺术")),
    ("Theme Park", re.compile(r"\btheme parks?\b|\bamusement\b|主题")),
)
_ALL = re.compile(r"\b(?:all|every|each|any of them|don't miss|do not miss|check off|these)\b")
_FREE = re.compile(r"\bfree(?: of charge)?\b(?!\s+parking)[^.]{0,30}\b(?:attractions?|spots?|sites?|places|admission"
                   r"|entry|scenic)|\b(?:no|without) (?:an )?(?:entrance |admission )?(?:tickets?|fees?)\b"
                   r"|\bfree (?:admission|entry)\b")
_COUNT = re.compile(r"\b(?:top|highest[- ]rated|best[- ]rated|top[- ]rated|most popular)\s+(two|three|four|five|\d)\b"
                    r"|\b(two|three|four|five|\d)\s+(?:of the )?(?:highest[- ]rated|best[- ]rated|top[- ]rated|most"
                    r" popular|best|top|highest)|\bwhich (two|three|four|five) are\b")
_NEAR = re.compile(r"\b(?:near|nearby|around|close to|closest to|nearest to|next to|vicinity|surrounding|area|by)\b")
_RESTAURANT_NOUNS = re.compile(r"\b(?:restaurant|branch|kitchen|eatery|hot pot|teahouse|tea house|canteen|bistro"
                               r"|diner|bbq|grill|noodles?|dumplings?|bar|cafe|house|store|shop|tavern|hall|pavilion"
                               r"|oyster|sushi|izakaya|parlour|stall|bites|table|bowl|yard)\b", re.I)
_ANCHOR_NEAR = r"(?:near|around|nearby|close to|closest to|nearest to|next to|by|at|visit(?:ing)?|in)\s+(?:the\s+)?"
_NAME_TOKEN = "§"
_QUOTE = re.compile(r"(?<![\w§])(['\"])(?=\S)(.{1,120}?)(?<=\S)\1(?![\w])")


# -- masking quoted names -----------------------------------------------------------------------
@dataclass
class _Name:
    """A quoted name of the query and what the world calls it (if anything)."""

    text: str
    quote: str = "'"


@dataclass
class _Sentence:
    text: str
    low: str
    names: list[int]
    paragraph: int
    topics: set[str] = field(default_factory=set)
    own: bool = False


def _is_term(inner: str, cities: Iterable[str]) -> bool:
    """A quoted word that is a value (a type, brand, city, seat, service) rather than a place name."""
    low = inner.lower().strip(" .,")
    if not low or len(low) > 100 or _LOCAL_AIRLINES.get(low):
        return True
    if low in {c.lower() for c in cities}:
        return True
    for _value, pattern in (*_TYPES, *_TAGS, *_SERVICES, *_CUISINES):
        if pattern.fullmatch(low) or (len(low.split()) <= 3 and pattern.search(low) and not low[0].isupper()
                                      and inner[:1].islower()):
            return True
    if any(t.lower() == low for t, _ in _TYPES) or low in {"natural scenery", "leisure experience"}:
        return True
    if any(w in low for words in KNOWN_HOTEL_BRANDS.values() for w in words) and "restaurant" not in low:
        return True
    if low in {b.lower() for b in SYNTHETIC_HOTEL_BRANDS} or _airline_of(low):
        return True
    if re.fullmatch(r"[a-z][a-z \-]*", inner):  # "washer", "must-eat": words, not names
        return True
    if re.search(r"[\u3000-\u9fff]", inner) and not re.search(r"[A-Za-z]", inner):
        return True  # a Chinese value word ('自然风光'); Chinese place names come with an English part
    if re.search(r"\b(?:list|category|type|brand)$", low):
        return True
    return bool(re.fullmatch(r"(?:first|second|business|economy)[- ]class(?: seats?)?", low))


def _mask(text: str, cities: Sequence[str]) -> tuple[str, list[_Name]]:
    """Quoted place names replaced by ``§k§`` (so their words trigger no rule); value words kept."""
    text = text.replace(_NAME_TOKEN, " ")  # the mask's own marker may not come from the user
    names: list[_Name] = []
    out: list[str] = []
    last = 0
    for match in _QUOTE.finditer(text):
        inner = match.group(2).strip()
        if "\n" in inner or _is_term(inner, cities):
            continue
        out.append(text[last:match.start()])
        out.append(f"{_NAME_TOKEN}{len(names)}{_NAME_TOKEN}")
        names.append(_Name(inner.rstrip(".,;:!?"), match.group(1)))
        last = match.end()
    out.append(text[last:])
    return "".join(out), names


_SPLIT = re.compile(r"(?<=[.!?;])\s+|\n+|(?<=[.!?])(?=[A-Z])|(?<=[.!?]['\"])\s+(?=[A-Z])")
_TOKEN_RE = re.compile(rf"{_NAME_TOKEN}(\d+){_NAME_TOKEN}")


def _sentences(masked: str) -> list[_Sentence]:
    out: list[_Sentence] = []
    for p, paragraph in enumerate(re.split(r"\n\s*\n", masked)):
        for piece in _SPLIT.split(paragraph):
            piece = piece.strip()
            if not piece:
                continue
            low = piece.lower()
            names = [int(n) for n in _TOKEN_RE.findall(low)]
            out.append(_Sentence(piece, low, names, p))
    for i, s in enumerate(out):
        words = _TOKEN_RE.sub(" ", s.low)
        topics = set()
        if _TRANSPORT.search(words) or _FLIGHT_WORDS.search(words) or _TRAIN_WORDS.search(words):
            topics.add("transport")
        if _HOTEL.search(words):
            topics.add("hotel")
        if _RESTAURANT.search(words):
            topics.add("restaurant")
        if _ATTRACTION.search(words) or any(p.search(words) for _t, p in _TYPES):
            topics.add("attraction")
        if _BUDGET.search(words) and re.search(r"\d", words):
            topics.add("budget")
        s.own = bool(topics)
        if not topics and i and out[i - 1].paragraph == s.paragraph:
            topics = set(out[i - 1].topics)
        s.topics = topics
    return out


def _unmask(text: str, names: Sequence[_Name]) -> str:
    def put(m: re.Match[str]) -> str:
        name = names[int(m.group(1))]
        return f"{name.quote}{name.text}{name.quote}"

    return _TOKEN_RE.sub(put, text).strip()


# -- world spelling -----------------------------------------------------------------------------
def _norm(name: str) -> str:
    return re.sub(r"[^a-z0-9]+", "", name.lower())


def _closest_name(name: str, pool: Sequence[str]) -> str | None:
    """The database spelling of a name the user wrote (exact, case, spacing, containment, fuzzy)."""
    if not pool or not name:
        return None
    if name in pool:
        return name
    by_norm = {_norm(p): p for p in pool}
    key = _norm(name)
    if key in by_norm:
        return by_norm[key]
    base = re.sub(r"\s*\(.*?\)\s*", " ", name).strip()
    inside = [p for p in pool if key and (key in _norm(p) or _norm(p) in key) and len(_norm(p)) > 3]
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
            ratio = difflib.SequenceMatcher(None, _norm(name), _norm(candidate)).ratio()
            scored.append((common, ratio, candidate))
    if not scored:
        return None
    scored.sort(reverse=True)
    if len(scored) > 1 and scored[1][:2] == scored[0][:2]:
        return None
    return scored[0][2]


@dataclass
class _World:
    """The names a task's tools answer with (empty without a world)."""

    attractions: list[str] = field(default_factory=list)
    restaurants: list[str] = field(default_factory=list)
    anchors: list[str] = field(default_factory=list)
    airlines: list[str] = field(default_factory=list)
    brands: list[str] = field(default_factory=list)
    cuisines: list[str] = field(default_factory=list)
    train_types: list[str] = field(default_factory=list)

    @classmethod
    def of(cls, world: Any) -> _World:
        tables = getattr(world, "tables", None)
        if not isinstance(tables, dict):
            return cls()

        def column(table: str, name: str) -> list[str]:
            rows = getattr(tables.get(table), "rows", None) or []
            return sorted({(r.get(name) or "").strip() for r in rows if (r.get(name) or "").strip()})

        attractions = column("attractions", "attraction_name")
        anchors = sorted(set(column("restaurants", "nearby_attraction_name")) | set(attractions))
        return cls(attractions, column("restaurants", "restaurant_name"), anchors, column("flights", "airline"),
                   column("hotels", "brand"), column("restaurants", "cuisine"), column("trains", "train_type"))


# -- one reading --------------------------------------------------------------------------------
@dataclass
class _Reading:
    sentences: list[_Sentence]
    names: list[_Name]
    world: _World
    frame: dict[str, Any]
    notes: list[str] = field(default_factory=list)
    requests: list[StatedRequest] = field(default_factory=list)

    def text_of(self, idx: Iterable[int]) -> str:
        return " ".join(_unmask(self.sentences[i].text, self.names) for i in sorted(set(idx)))

    def add(self, key: str, idx: Iterable[int], params: dict[str, Any]) -> None:
        self.requests.append(StatedRequest(key, self.text_of(idx) or key.replace("_", " "),
                                           {k: v for k, v in params.items() if v is not None}))


def _with(sentences: Sequence[_Sentence], topic: str) -> list[int]:
    return [i for i, s in enumerate(sentences) if topic in s.topics]


def _first(patterns: Sequence[tuple[str, re.Pattern[str]]], text: str) -> str | None:
    """The value whose cue appears first in ``text``."""
    found = [(m.start(), value) for value, p in patterns if (m := p.search(text))]
    return min(found)[1] if found else None


def _words(s: _Sentence) -> str:
    return _TOKEN_RE.sub(" ", s.low)


_LOCAL_AIRLINES = {"eastern airlines": "China Eastern Airlines", "southern airlines": "China Southern Airlines",
                   "china eastern": "China Eastern Airlines", "china southern": "China Southern Airlines"}


def _airline_of(text: str) -> str | None:
    """A carrier the text names: its full name, a two-word short form ("China Eastern") or "<city> Air"."""
    low = text.lower()
    for alias, name in (*AIRLINE_ALIASES.items(), *_LOCAL_AIRLINES.items()):
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


def _leg(reading: _Reading, idx: Sequence[int], cue: re.Pattern[str]) -> str:
    """Which leg a transport cue is about: the nearest leg word before it, in its sentence or the last ones."""
    for i in idx:
        words = _words(reading.sentences[i])
        m = cue.search(words)
        if not m:
            continue
        before = words[:m.start()]
        backs = [x.end() for x in _BACK.finditer(before)]
        outs = [x.end() for x in _OUT.finditer(before)]
        if backs or outs:
            return "back" if max(backs, default=-1) > max(outs, default=-1) else "out"
        after = words[m.end():]
        b, o = _BACK.search(after), _OUT.search(after)
        if b or o:
            return "back" if b and (not o or b.start() < o.start()) else "out"
        for j in range(i - 1, max(-1, i - 3), -1):
            prev = reading.sentences[j]
            if prev.paragraph != reading.sentences[i].paragraph or "transport" not in prev.topics:
                break
            pw = _words(prev)
            backs = [x.end() for x in _BACK.finditer(pw) if not re.match(r"return(?:ing)? on\b", pw[x.start():])]
            outs = [x.end() for x in _OUT.finditer(pw)]
            if backs or outs:
                return "back" if max(backs, default=-1) > max(outs, default=-1) else "out"
        return "out"
    return "out"


def _transport(reading: _Reading) -> None:
    sentences = reading.sentences
    idx = [i for i in _with(sentences, "transport") if "budget" not in sentences[i].topics or
           _TRANSPORT.search(_words(sentences[i]))]
    everything = " ".join(_words(s) for s in sentences)
    flights = len(_FLIGHT_WORDS.findall(everything))
    trains = len(_TRAIN_WORDS.findall(everything))
    mode = "flight" if flights > trains else "train"
    if not flights and not trains:
        reading.notes.append("no train or flight named in the query: assumed the train")
    text = " ".join(_words(sentences[i]) for i in idx)

    def hits(pattern: re.Pattern[str]) -> list[int]:
        return [i for i in idx if pattern.search(_words(sentences[i]))]

    for i in idx:  # a time window
        words = _words(sentences[i])
        window = parse_window(words)
        if window is None or not re.search(r"\d:\d\d|\d\s*(?:am|pm)\b", words):
            continue
        arrive = bool(_ARRIVE.search(words)) and not re.search(r"\bdepart\w*|\bleav\w*|\bset off\b", words)
        window_text = f"{hhmm(window[0])}-{hhmm(window[1])}"
        if arrive and mode == "flight":
            reading.add("flight_arrival_time_range", [i], {"legs": ["back"], "window": window_text})
        else:
            reading.add(f"{mode}_departure_time_range", [i], {"legs": ["out"], "window": window_text})
        return
    for pattern, train_class, flight_class in _SEAT:
        found = hits(pattern)
        if found:
            reading.add(f"{mode}_seat_class", found, {"legs": ["out", "back"],
                                                      "seat_class": train_class if mode == "train" else flight_class})
            return
    if mode == "flight":
        airline = _airline_of(" ".join(sentences[i].text for i in idx))
        if airline is None:
            airline = next((a for a in reading.world.airlines if a.lower() in text), None)
        if airline:
            found = [i for i in idx if _airline_of(sentences[i].text)] or idx
            if reading.world.airlines:
                airline = _closest_name(airline, reading.world.airlines) or airline
            key = "flight_earliest_airline_direct" if _EARLIEST.search(text) else "flight_cheapest_airline_direct"
            reading.add(key, found, {"legs": ["out"], "airline": airline})
            return
        maker = _first(_MAKERS, text)
        if maker:
            reading.add("flight_cheapest_manufacturer_direct", hits(_MAKERS[[m for m, _ in _MAKERS].index(maker)][1]),
                        {"legs": ["out"], "manufacturer": maker})
            return
    else:
        train_type = _first(_TRAIN_TYPES, text)
        if train_type and _CHEAPEST.search(text):
            if reading.world.train_types:
                train_type = _closest_name(train_type, reading.world.train_types) or train_type
            reading.add("train_cheapest_train_type", hits(dict(_TRAIN_TYPES)[_first(_TRAIN_TYPES, text) or ""]),
                        {"legs": ["out"], "train_type": train_type})
            return
    if _EARLIEST.search(text):
        reading.add(f"{mode}_earliest_departure_direct", hits(_EARLIEST), {"legs": ["out"]})
        return
    if _LATEST.search(text) and mode == "train":
        reading.add("train_latest_arrival_direct", hits(_LATEST), {"legs": ["back"]})
        return
    for pattern, rule in ((_SHORTEST, "shortest_duration_direct"), (_CHEAPEST, "cheapest_direct")):
        found = hits(pattern)
        if found:
            reading.add(f"{mode}_{rule}", found, {"legs": [_leg(reading, found, pattern)]})
            return
    reading.notes.append(f"no specific {mode} request read: assumed seats for every traveller on both legs")
    mention = [i for i in idx if (_FLIGHT_WORDS if mode == "flight" else _TRAIN_WORDS).search(_words(sentences[i]))]
    reading.add(f"{mode}_seat_status", mention[:2], {"legs": ["out", "back"],
                                                     "people_number": reading.frame.get("people_number")})


def _hotel(reading: _Reading) -> None:
    sentences = reading.sentences
    idx = [i for i in _with(sentences, "hotel")]
    text = " ".join(_words(sentences[i]) for i in idx)
    raw = " ".join(sentences[i].text for i in idx)

    def hits(pattern: re.Pattern[str]) -> list[int]:
        return [i for i in idx if pattern.search(_words(sentences[i]))] or idx[:1]

    price = re.search(r"\b(\d{2,5})\s*(?:yuan|rmb|cny)?\s*(?:and|to|-|~)\s*(\d{2,5})\s*(?:yuan|rmb|cny)", text) or \
        re.search(r"\bbetween\s+(\d{2,5})\s*(?:yuan|rmb|cny)?\s*and\s+(\d{2,5})\b", text)
    if price:
        lo, hi = sorted((int(price.group(1)), int(price.group(2))))
        reading.add("hotel_price_range", hits(re.compile(re.escape(price.group(0)))), {"min_price": lo,
                                                                                        "max_price": hi})
        return
    year = re.search(r"\b(?:renovat\w*|refurbish\w*|decorat\w*|redecorat\w*|remodel\w*|upgraded|built|opened)\b"
                     r"[^.]{0,60}?\b(20\d\d)\b|\b(20\d\d)\b[^.]{0,40}\b(?:renovat\w*|refurbish\w*|decorat\w*)", text)
    if year:
        reading.add("hotel_newest_decoration", hits(re.compile(r"renovat|refurbish|decorat|remodel|20\d\d")),
                    {"year_threshold": int(year.group(1) or year.group(2))})
        return
    rated = bool(_RATED.search(text)) or bool(re.search(r"\bhighest\b[^.]{0,20}\b(?:rating|score|reviews?)", text))
    brand = _brand(raw, reading.world)
    if brand is None and re.search(r"\b(?:brand|chain|their (?:hotels?|properties|branch\w*))\b", text):
        brand = _brand(" ".join(s.text for s in sentences), reading.world)  # "I like 全季; book that brand"
    if brand:
        key = "hotel_brand_highest_rated" if rated and not _CHEAPEST.search(text) else "hotel_cheapest_brand"
        reading.add(key, hits(re.compile(r"brand|chain|" + re.escape(brand.split()[0].lower()))), {"brand": brand})
        return
    star_match = re.search(r"\b(\d|one|two|three|four|five)[- ]?star\b", text)
    star = number_value(star_match.group(1)) if star_match else None
    service = _first(_SERVICES, text)
    if star is not None and service and not (rated or _CHEAPEST.search(text)):
        reading.add("hotel_star_service_required", hits(re.compile(r"star|" + "|".join(
            p.pattern for v, p in _SERVICES if v == service))), {"hotel_star": star, "required_service": service})
        return
    if star is not None and rated:
        reading.add("hotel_star_highest_rated", hits(re.compile(r"star|rated|rating")), {"hotel_star": star})
        return
    if star is not None and _CHEAPEST.search(text):
        reading.add("hotel_cheapest_star", hits(re.compile(r"star|cheap|afford|budget")), {"hotel_star": star})
        return
    if star is not None and service:
        reading.add("hotel_star_service_required", hits(re.compile(r"star")), {"hotel_star": star,
                                                                             "required_service": service})
        return
    if rated:
        reading.add("hotel_highest_rated", hits(_RATED), {})
        return
    if star is not None or service:
        reading.notes.append("hotel request read only in part (a star level or a service, not both)")
        reading.add("hotel_star_service_required", idx[:2], {"hotel_star": star, "required_service": service})
        return
    reading.notes.append("no hotel request read from the query")


def _brand(raw: str, world: _World) -> str | None:
    low = raw.lower()
    for brand, words in KNOWN_HOTEL_BRANDS.items():
        if any(re.search(rf"(?<![a-z]){re.escape(w)}(?![a-z])", low) for w in words):
            if brand == "Orange Hotel" and not re.search(r"\borange (?:hotel|brand|chain)|['\"]orange", low):
                continue
            return _closest_name(brand, world.brands) or brand if world.brands else brand
    for brand in sorted({*SYNTHETIC_HOTEL_BRANDS, *world.brands}, key=len, reverse=True):
        if len(brand) > 3 and brand.lower() in low:
            return brand
    quoted = re.search(r"['\"]([A-Z][^'\"]{1,40})['\"]\s*(?:hotel\s+)?(?:brand|chain|hotels?)\b", raw)
    if quoted:
        return _closest_name(quoted.group(1), world.brands) if world.brands else quoted.group(1)
    return None


def _restaurant_params(text: str) -> list[tuple[str, dict[str, Any]]]:
    """The restaurant request types the words of one passage state, most specific first."""
    tag = _first(_TAGS, text)
    cuisine = _first(_CUISINES, text)
    found: list[tuple[str, dict[str, Any]]] = []
    if tag:
        found.append(("restaurant_specific_tag_nearby", {"required_tag": tag}))
    if cuisine:
        found.append(("restaurant_specific_cuisine_nearby", {"cuisine": cuisine}))
    if _CLOSEST.search(text):
        found.append(("restaurant_closest_to_attraction", {}))
    if _CHEAP_MEAL.search(text) or (_CHEAPEST.search(text) and not found):
        found.append(("restaurant_cheapest_nearby_attraction", {}))
    if _RATED.search(text) or re.search(r"\bhighest\b[^.]{0,25}\b(?:rating|score|reviews?)\b", text):
        found.append(("restaurant_highest_rated", {}))
    return found


def _places(reading: _Reading) -> None:
    """Restaurant and attraction requests: by the names they quote, then by the words alone."""
    sentences, names, world = reading.sentences, reading.names, reading.world
    used: set[int] = set()
    # Units: a sentence with a name, and the following sentences of its paragraph that name none.
    units: list[tuple[list[int], list[int]]] = []
    for i, s in enumerate(sentences):
        if s.names:
            units.append(([i], list(dict.fromkeys(s.names))))
        elif units and units[-1][0][-1] == i - 1 and sentences[i - 1].paragraph == s.paragraph and \
                not _STARTERS.search(s.low) and _continues(sentences[units[-1][0][0]], s):
            units[-1][0].append(i)
    visits: list[tuple[int, int]] = []
    lone_visit: dict[int, int] = {}  # unit end -> the one name of a visit unit
    meal_at: set[tuple[int, str]] = set()  # (first sentence, place) of each meal request
    for idx, unit_names in units:
        place_names = [n for n in unit_names if not _is_city(names[n].text, reading.frame)]
        if not place_names:
            continue
        text = " ".join(_words(sentences[i]) for i in idx)
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
            clause_words = _TOKEN_RE.sub(" ", clause)
            types = _restaurant_params(clause_words) or _restaurant_params(text) or _lead_in(sentences, idx[0])
            is_meal_place = _must_eat(n, clause, types, reading)
            if is_meal_place:
                name = _closest_name(names[n].text, world.restaurants) or names[n].text
                reading.add("restaurant_must_eat_named", idx, {"restaurant_name": name})
                continue
            if not types:
                if re.search(r"\b(?:visit|see|go to|include)\b", clause_words) and not _RESTAURANT.search(
                        clause_words):
                    visits.append((idx[0], n))
                else:
                    reading.notes.append(f"a meal near '{names[n].text}' is asked for, but no rule was read")
                continue
            anchor = _closest_name(names[n].text, world.anchors) or names[n].text
            if len(types) > 1 and re.search(r"\b(?:another|also|as well|second|other|two meals|both)\b", text):
                chosen = types[:2] if types[0][0] != types[1][0] else types[:1]
            else:
                chosen = types[:1]
            for key, params in chosen:
                if any(r.key == key and r.params.get("attraction_name") == anchor for r in reading.requests):
                    continue
                reading.add(key, idx, {"attraction_name": anchor, **params})
                meal_at.add((idx[0], _norm(anchor)))
    # "I want to visit 'X', and after touring around we'll be hungry. The nearest restaurant to 'X'...": the
    # visit only leads to the meal, when the next sentence asks for a meal at that one place.
    lead_ins = {n for end, n in lone_visit.items()
                if (end + 1, _norm(_closest_name(names[n].text, world.anchors) or names[n].text)) in meal_at}
    visits = [(i, n) for i, n in visits if n not in lead_ins]
    if visits:
        listed = list(dict.fromkeys(_closest_name(names[n].text, world.attractions) or names[n].text
                                    for _i, n in visits))
        reading.add("attraction_must_visit_named", [i for i, _n in visits], {"attraction_names": listed})
    _attraction_rules(reading, used)


def _topics_of(sentences: Sequence[_Sentence], i: int) -> set[str]:
    """A sentence's own topics; one without any continues an introduction ("For dining, two requests."),
    but not a request that already named its place."""
    s = sentences[i]
    if s.own:
        return s.topics
    if i and sentences[i - 1].paragraph == s.paragraph and not sentences[i - 1].names:
        return s.topics
    return set()


def _continues(head: _Sentence, s: _Sentence) -> bool:
    """Does ``s`` go on about the place ``head`` names (rather than start a request of its own)?"""
    words = _words(s)
    if _FREE.search(words) or _COUNT.search(words):
        return False
    if _first(_TYPES, words) and not _RESTAURANT.search(words) and (
            _RATED.search(words) or _ALL.search(words) or _ONE.search(words)):
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
    token = re.escape(f"{_NAME_TOKEN}{n}{_NAME_TOKEN}")
    if re.search(rf"\b(?:like|such as|e\.g\.|for example|including)\s+(?:the\s+)?{token}", masked):
        return any(p.search(masked) for _t, p in _TYPES) or bool(re.search(r"\blandmarks?\b", masked))
    return bool(re.search(rf"\bfrom\s+\S+\s+to\s+(?:the\s+)?{token}", masked)) and bool(
        re.search(r"\b(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?\s+\d", masked))


def _lead_in(sentences: Sequence[_Sentence], i: int) -> list[tuple[str, dict[str, Any]]]:
    """The rule of a meal stated just before the sentence naming its place ("I'd like Sichuan food. Near 'X'...")."""
    j = i - 1
    if j < 0 or sentences[j].paragraph != sentences[i].paragraph or sentences[j].names or \
            "restaurant" not in sentences[j].topics:
        return []
    return _restaurant_params(_words(sentences[j]))


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
        inside = [int(x) for x in _TOKEN_RE.findall(piece)]
        if inside:
            out.append((inside[0], piece))
    seen = {n for n, _ in out}
    out.extend((n, masked) for n in place_names if n not in seen)
    return out


def _must_eat(n: int, clause: str, types: list[tuple[str, dict[str, Any]]], reading: _Reading) -> bool:
    """Is the quoted name the restaurant to eat at (rather than the place to eat near)?"""
    token = f"{_NAME_TOKEN}{n}{_NAME_TOKEN}"
    pos = clause.find(token)
    before, after = clause[max(0, pos - 40):pos], clause[pos + len(token):pos + len(token) + 40]
    near = bool(re.search(r"\b(?:near|nearby|around|close to|closest to|nearest to|next to|vicinity of|area of"
                          r"|surrounding|in the area|visiting|visit|by)\s+(?:the\s+)?(?:famous\s+)?$", before))
    near = near or bool(re.search(r"^\W*(?:area|nearby|vicinity|surroundings)\b", after))
    name = reading.names[n].text
    world = reading.world
    if world.restaurants or world.anchors:
        in_restaurants = _closest_name(name, world.restaurants) is not None
        in_anchors = _closest_name(name, world.anchors) is not None
        if in_restaurants and not in_anchors:
            return True
        if in_anchors and not in_restaurants:
            return False
    if near or types:
        return False
    return bool(_RESTAURANT_NOUNS.search(name)) or bool(re.search(
        r"\b(?:meal|dine|eat|dinner|lunch|try|called|at)\s+(?:once\s+)?(?:at\s+)?(?:the\s+)?$", before))


_ONE = re.compile(r"\b(?:highest|best|top|most)\b[^.]{0,30}\b(?:rating|rated|reviews?|one|ones|spot|attraction)"
                  r"|\bhighly (?:rated|recommended)\b|\bone (?:iconic|representative|classic|top|of the best)\b"
                  r"|\binclude one\b")
_PLURAL = re.compile(r"\b(?:attractions|spots|places|sites|ones|highlights|them)\b")
_OF_TYPE = re.compile(r"\bof this (?:type|kind|category)\b|\bthem all\b|\ball of them\b|\bas many as\b")
_VISIT = re.compile(r"\b(?:visit|include|see|explore|check|add|arrange|schedule|miss|go|experience)\w*")


def _attraction_rules(reading: _Reading, used: set[int]) -> None:
    """Attraction requests stated without names: top-rated, of a type, all of a type, all free.

    A type named in one sentence may get its rule ("the highest-rated one") in the next.
    """
    sentences = reading.sentences
    idx = [i for i in _with(sentences, "attraction") if i not in used and (
        "restaurant" not in sentences[i].topics or not sentences[i].own)]
    found: dict[str, tuple[list[int], dict[str, Any]]] = {}
    typed: list[tuple[str, list[int], str]] = []
    weak_found: list[tuple[str, list[int], str]] = []
    consumed: set[int] = set()
    for i in idx:
        if i in consumed:
            continue
        words = _words(sentences[i])
        j = i + 1
        nxt = ""
        if j < len(sentences) and j not in used and sentences[j].paragraph == sentences[i].paragraph and \
                not _first(_TYPES, _words(sentences[j])) and not _COUNT.search(_words(sentences[j])) and \
                not _FREE.search(_words(sentences[j])) and not _STARTERS.search(sentences[j].low) and \
                not (sentences[j].own and sentences[j].topics & {"restaurant", "hotel", "transport"}):
            nxt = _words(sentences[j])
        if _FREE.search(words):
            found.setdefault("attraction_all_free_attractions", ([i], {}))
            continue
        kind = _first(_TYPES, words)
        if kind and not _COUNT.search(words):
            where = [i, j] if nxt else [i]
            window = f"{words} {nxt}"
            weak = False
            if _RATED.search(window):
                key = "attraction_type_highest_rated"
            elif _ALL.search(window) or _OF_TYPE.search(window):
                key = "attraction_all_of_type"
            elif _ONE.search(window):
                key = "attraction_type_highest_rated"
            elif _VISIT.search(window):
                weak = True
                key = "attraction_all_of_type" if _PLURAL.search(window) and not re.search(r"\bone\b", window) \
                    else "attraction_type_highest_rated"
            else:
                continue
            if nxt:
                consumed.add(j)
            (weak_found if weak else typed).append((key, where, kind))
            continue
        window = f"{words} {nxt}"
        count = _COUNT.search(window)
        if count or (_RATED.search(words) and _PLURAL.search(window)):
            value = number_value(next((g for g in (count.groups() if count else ()) if g), None)) or 3
            found.setdefault("attraction_top_rated_must_visit", ([i], {"count": value}))
    kinds: set[str] = set()
    for key, where, kind in typed + weak_found:  # one request per type, the clearest statement first
        if kind not in kinds and key not in found:
            kinds.add(kind)
            found[key] = (where, {"attraction_type": kind})
    for key, (where, params) in found.items():
        reading.add(key, where, params)


def _budget(reading: _Reading) -> None:
    for i, s in enumerate(reading.sentences):
        words = _words(s)
        if "per night" in words or "a night" in words or "between" in words:
            continue
        m = re.search(r"\b(?:total\s+)?budget\b[^.]{0,80}?\b(\d[\d,]{2,})\s*(?:yuan|rmb|cny)?", words) or \
            re.search(r"\b(?:within|under|below|no more than|at most|up to)\s+(\d[\d,]{2,})\s*(?:yuan|rmb|cny)\b"
                      r"[^.]{0,40}(?:total|whole|entire|trip)?", words)
        if m:
            value = int(m.group(1).replace(",", ""))
            if value >= 300:
                reading.add("budget_constraint", [i], {"max_budget": value})
                return


def read_query(query: Any, world: Any = None, name: str = "rules") -> StatedTask:
    """Read one query text (see module docstring); never raises on odd text."""
    text, notes = clean_text(query)
    frame, frame_notes = read_frame(text, world)  # cleaning twice is harmless (idempotent)
    reading_world = _World.of(world) if world is not None else _World()
    masked, names = _mask(text, [*frame.get("dest", []), frame.get("org", "")])
    reading = _Reading(_sentences(masked), names, reading_world, frame, notes + frame_notes)
    _transport(reading)
    _hotel(reading)
    _places(reading)
    _budget(reading)
    return StatedTask(name, frame, reading.requests, reading.notes, gold=False)


class RuleReader:
    """Reads the query text with rules (zero model calls); see the module docstring."""

    name = "rules"
    gold = False

    def read(self, task: Any, world: Any = None) -> StatedTask:
        return read_query(getattr(task, "query", task if isinstance(task, str) else ""), world, self.name)
