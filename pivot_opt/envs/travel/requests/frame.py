"""The trip frame (cities, dates, days, travellers, rooms) read from the query text alone.

Why: the frame is what every plan is built on, and a real agent only has the words of the
request (and the tools' answers). This module never looks at ``meta_info``; where the text does
not say something, it picks a default and says so in a note, so the gap stays visible.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections.abc import Iterable, Sequence
from typing import Any

from pivot_opt.envs.travel.data.database import normalize_city

__all__ = ["MAX_QUERY_CHARS", "NUMBER_WORDS", "clean_text", "number_value", "read_frame", "world_cities"]

#: Longest query text a reader looks at; the rest is ignored (and noted). Real queries are < 2,000.
MAX_QUERY_CHARS = 20_000

NUMBER_WORDS: dict[str, int] = {
    "a": 1, "an": 1, "one": 1, "single": 1, "two": 2, "both": 2, "three": 3, "four": 4, "five": 5, "six": 6,
    "seven": 7, "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12,
}
_NUMBER = r"(?:\d{1,2}|one|two|three|four|five|six|seven|eight|nine|ten)"
_MONTHS = {m.lower(): i for i, m in enumerate(
    ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
     "November", "December"), start=1)}
_MONTHS.update({m[:3]: i for m, i in list(_MONTHS.items())})
_WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
_MONTH_RE = r"(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?"
_FULL_DATE = re.compile(rf"\b({_MONTH_RE})\s+(\d{{1,2}})(?:st|nd|rd|th)?\b(?:,?\s*(\d{{4}}))?", re.I)
_DAY_ONLY = re.compile(r"\bthe\s+(\d{1,2})(?:st|nd|rd|th)\b", re.I)
_LAST_DATE = re.compile(rf"({_MONTH_RE})\s+(\d{{1,2}}),?\s*(\d{{4}})\s+is\s+(?:a\s+)?([A-Za-z]+)\W*$", re.I)
_YEAR = re.compile(r"\b(20\d\d)\b")
_CITY = r"[\"']?([A-ZÀ-Þ][\w'’\-]*(?:\s+[A-Z][\w'’\-]*){0,2})[\"']?"
_FROM_TO = re.compile(rf"\bfrom\s+{_CITY}\s+to\s+{_CITY}")
_TO_FROM = re.compile(rf"\b(?:to|visit|go to|trip to|travel to)\s+{_CITY}\W+(?:[^.]{{0,40}}?\s)?"
                      rf"(?:from|departing from|leaving from|starting from)\s+{_CITY}")
_FROM = re.compile(rf"\b(?:depart(?:ing)?|leav(?:e|ing)|start(?:ing)?|set(?:ting)? off|fly(?:ing)?)\s+from\s+{_CITY}")
_TO = re.compile(rf"\b(?:trip|travel|go|fly|head|journey|visit)(?:ing)?\s+(?:to\s+)?{_CITY}")
_STOP_CITY = {"I", "We", "My", "The", "A", "An", "November", "December", "October", "This", "For", "Please"}


def clean_text(text: Any) -> tuple[str, list[str]]:
    """The query as plain text a reader can match: typographic quotes and full-width punctuation
    made ASCII, length capped at :data:`MAX_QUERY_CHARS` (with a note when cut)."""
    notes: list[str] = []
    raw = text if isinstance(text, str) else ("" if text is None else str(text))
    if len(raw) > MAX_QUERY_CHARS:
        notes.append(f"the query is {len(raw)} characters long; only the first {MAX_QUERY_CHARS} were read")
        raw = raw[:MAX_QUERY_CHARS]
    table = {ord("’"): "'", ord("‘"): "'", ord("“"): '"', ord("”"): '"', ord("，"): ", ", ord("。"): ". ",
             ord("："): ": ", ord("；"): "; ", ord("！"): "! ", ord("？"): "? ", ord("（"): " (", ord("）"): ") ",
             ord("\u00a0"): " ", ord("–"): "-", ord("—"): " — ", ord("\r"): "\n"}
    return raw.translate(table), notes


def number_value(word: str | None) -> int | None:
    """``"three"`` / ``"3"`` -> 3; anything else -> None."""
    if not word:
        return None
    word = word.strip().lower()
    if word.isdigit():
        return int(word)
    return NUMBER_WORDS.get(word)


def world_cities(world: Any) -> list[str]:
    """City names the transport tables of ``world`` use (tool answers, which an agent has)."""
    cities: set[str] = set()
    tables = getattr(world, "tables", None) or {}
    for mode in ("trains", "flights"):
        table = tables.get(mode) if isinstance(tables, dict) else None
        for row in getattr(table, "rows", []) or []:
            for column in ("origin_city", "destination_city"):
                city = normalize_city(row.get(column))
                if city:
                    cities.add(city)
    return sorted(cities)


def _fold(text: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c)).lower()


_POI_WORDS = frozenset({"ruins", "museum", "park", "temple", "lake", "mountain", "scenic", "area", "street",
                        "square", "tower", "palace", "garden", "dynasty", "shang", "ancient", "old", "city", "station",
                        "airport"})


def _plain(name: str) -> str:
    """Accents dropped (``Ürümqi`` -> ``Urumqi``), as the benchmark spells its cities."""
    return "".join(c for c in unicodedata.normalize("NFKD", name) if not unicodedata.combining(c))


def _snap_city(name: str | None, cities: Sequence[str]) -> str | None:
    """The world's spelling of a city the text names (accents and case folded), else the text's
    (cut before a word that names a place inside a city, as in "to 'Zhengzhou Shang Dynasty Ruins'")."""
    if not name:
        return None
    words = name.strip(" '\"").split()
    keep = next((i for i, w in enumerate(words) if i and w.lower() in _POI_WORDS), len(words))
    name = _plain(" ".join(words[:keep]))
    folded = {_fold(c): c for c in cities}
    if _fold(name) in folded:
        return folded[_fold(name)]
    starts = [c for f, c in folded.items() if _fold(name).startswith(f) and f]
    if starts:
        return max(starts, key=len)
    return name or None


def _cities(text: str, cities: Sequence[str]) -> tuple[str | None, str | None]:
    org = dest = None
    match = _FROM_TO.search(text)
    if match:
        org, dest = match.group(1), match.group(2)
    else:
        match = _TO_FROM.search(text)
        if match:
            dest, org = match.group(1), match.group(2)
    if org is None and (match := _FROM.search(text)):
        org = match.group(1)
    if dest is None:
        for match in _TO.finditer(text):
            if match.group(1) not in _STOP_CITY and match.group(1) != org:
                dest = match.group(1)
                break
    org, dest = _snap_city(org, cities), _snap_city(dest, cities)
    if cities:  # a name the text gives but the tools do not know: look for a known city in the text
        known = [c for c in cities if re.search(rf"\b{re.escape(c)}\b", text)]
        if org not in cities:
            org = next((c for c in known if c != dest), org)
        if dest not in cities:
            dest = next((c for c in known if c != org), dest)
    return org, dest


def _dates(text: str) -> tuple[dt.date | None, dt.date | None, int | None]:
    """Departure, return and the stated weekday of the departure (the query's last sentence)."""
    years = [int(y) for y in _YEAR.findall(text)]
    year = years[0] if years else None
    weekday = None
    last = _LAST_DATE.search(text.strip()[-200:])
    depart = None
    if last:
        depart = _make_date(last.group(3), last.group(1), last.group(2))
        day_name = last.group(4).lower()
        weekday = next((i + 1 for i, w in enumerate(_WEEKDAYS) if day_name.startswith(w[:3])), None)
    found: list[tuple[int, dt.date]] = []
    for match in _FULL_DATE.finditer(text):
        date = _make_date(match.group(3) or year, match.group(1), match.group(2))
        if date is not None:
            found.append((match.start(), date))
    if depart is None and found:
        depart = found[0][1]
    if depart is None:
        return None, None, weekday
    for match in _DAY_ONLY.finditer(text):
        day = int(match.group(1))
        try:
            date = depart.replace(day=day) if day >= depart.day else None
        except ValueError:
            date = None
        if date is not None:
            found.append((match.start(), date))
    later = [d for _pos, d in found if depart < d <= depart + dt.timedelta(days=30)]
    back = max(later) if later else None
    return depart, back, weekday


def _make_date(year: Any, month: str, day: str) -> dt.date | None:
    try:
        month_no = _MONTHS.get(month.lower().rstrip(".")[:3]) or _MONTHS.get(month.lower().rstrip("."))
        return dt.date(int(year), int(month_no or 0), int(day)) if year and month_no else None
    except (TypeError, ValueError):
        return None


def _stated_days(text: str) -> int | None:
    low = text.lower()
    match = re.search(rf"\b{_NUMBER}[- ]day\b|\bfor\s+{_NUMBER}\s+days\b|\b{_NUMBER}\s+days\s+in\s+total", low)
    if not match:
        return None
    word = re.search(_NUMBER, match.group(0))
    return number_value(word.group(0)) if word else None


_PEOPLE_PATTERNS: tuple[tuple[re.Pattern[str], int | None], ...] = (
    (re.compile(rf"\bmy\s+({_NUMBER})\s+(?:friends|colleagues|children|kids|companions|classmates)\s+and\s+i\b"), 1),
    (re.compile(r"\bmy\s+(?:friend|wife|husband|partner|girlfriend|boyfriend|colleague|mother|father|mom|dad|son"
                r"|daughter|sister|brother)\s+and\s+i\b"), None),
    (re.compile(rf"\b({_NUMBER})\s+of\s+us\b"), 0),
    (re.compile(rf"\b(?:group|family|party|team)\s+of\s+({_NUMBER})\b"), 0),
    (re.compile(rf"\b(?:we\s+are|we're|there\s+are|there\s+will\s+be|total\s+of|for)\s+({_NUMBER})\s+"
                rf"(?:people|peole|persons|travell?ers|adults|guests)\b"), 0),
    (re.compile(rf"\b({_NUMBER})\s+(?:people|peole|persons|travell?ers|adults|guests)\b"), 0),
)
_ALONE = re.compile(r"\b(?:travel+ing|going|be|am|i'm)\s+(?:alone|solo|by myself|on my own)\b|\bsolo\s+trip\b"
                    r"|\bjust\s+me\b|\bonly\s+me\b")
_ROOMS = re.compile(rf"\b({_NUMBER}|a|single|double)\s+(?:hotel\s+)?rooms?\b(?!\s+service)")


def _people(text: str) -> int | None:
    low = text.lower()
    for pattern, extra in _PEOPLE_PATTERNS:
        match = pattern.search(low)
        if match:
            if extra is None:
                return 2
            value = number_value(match.group(1))
            if value:
                return value + extra
    return 1 if _ALONE.search(low) else None


def _rooms(text: str) -> int | None:
    low = text.lower()
    for match in _ROOMS.finditer(low):
        after = low[match.end():match.end() + 12]
        before = low[max(0, match.start() - 12):match.start()]
        if "service" in after or "private" in before or "dining" in before:
            continue
        word = match.group(1)
        value = 1 if word in ("a", "single", "double") else number_value(word)
        if value and 1 <= value <= 9:
            return value
    return None


def read_frame(text: str, world: Any = None) -> tuple[dict[str, Any], list[str]]:
    """The frame of a query: ``meta_info``'s keys and types, and notes on what was guessed."""
    text, notes = clean_text(text)
    cities = world_cities(world) if world is not None else []
    org, dest = _cities(text, cities)
    depart, back, weekday = _dates(text)
    stated = _stated_days(text)
    frame: dict[str, Any] = {}
    if org:
        frame["org"] = org
    else:
        notes.append("origin city not found in the query")
    if dest:
        frame["dest"] = [dest]
    else:
        notes.append("destination city not found in the query")
    if depart is not None:
        frame["depart_date"] = depart.isoformat()
        if back is None and stated:
            back = depart + dt.timedelta(days=stated - 1)
            notes.append(f"return date not stated: taken from the {stated}-day length")
        if back is None:
            back = depart + dt.timedelta(days=1)
            notes.append("return date and trip length not found: assumed a two-day trip")
        frame["return_date"] = back.isoformat()
        frame["days"] = (back - depart).days + 1
        if stated and stated != frame["days"]:
            notes.append(f"the query says {stated} days but its dates span {frame['days']}; the dates are used")
        frame["depart_weekday"] = weekday or depart.isoweekday()
        if weekday and weekday != depart.isoweekday():
            notes.append("the stated weekday does not match the departure date; the stated one is kept")
    else:
        notes.append("departure date not found in the query")
        if stated:
            frame["days"] = stated
        if weekday:
            frame["depart_weekday"] = weekday
    people = _people(text)
    if people is None:
        people = 1
        notes.append("number of travellers not stated: assumed one")
    frame["people_number"] = people
    rooms = _rooms(text)
    if rooms is None:
        rooms = min(2, (people + 1) // 2)
        notes.append(f"number of rooms not stated: assumed {rooms} for {people} traveller(s)")
    frame["room_number"] = rooms
    return frame, notes


def first_of(words: Iterable[str], text: str) -> str | None:
    """The first of ``words`` found in ``text`` (lower-cased), or None."""
    return next((w for w in words if w in text), None)
