"""The transport request: a time window, seat class, airline, aircraft maker or train type, else the
earliest, latest, shortest or cheapest service, else seats for every traveller.

Why always one: the benchmark asks for exactly one transport request, so when no cue is read the
unstated default (seat availability on both legs) is given and named in the notes.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from pivot_opt.envs.travel.generator.constraint_text import hhmm, parse_window
from pivot_opt.envs.travel.requests.rules.cues import (
    ARRIVE,
    BACK,
    CHEAPEST,
    EARLIEST,
    FLIGHT_WORDS,
    LATEST,
    MAKERS,
    OUT,
    SEAT,
    SHORTEST,
    TRAIN_TYPES,
    TRAIN_WORDS,
    TRANSPORT,
)
from pivot_opt.envs.travel.requests.rules.names import airline_of, closest_name
from pivot_opt.envs.travel.requests.rules.reading import Reading
from pivot_opt.envs.travel.requests.rules.text import first_value, with_topic, words_of


def _leg(reading: Reading, idx: Sequence[int], cue: re.Pattern[str]) -> str:
    """Which leg a transport cue is about: the nearest leg word before it, in its sentence or the last ones."""
    for i in idx:
        words = words_of(reading.sentences[i])
        m = cue.search(words)
        if not m:
            continue
        before = words[:m.start()]
        backs = [x.end() for x in BACK.finditer(before)]
        outs = [x.end() for x in OUT.finditer(before)]
        if backs or outs:
            return "back" if max(backs, default=-1) > max(outs, default=-1) else "out"
        after = words[m.end():]
        b, o = BACK.search(after), OUT.search(after)
        if b or o:
            return "back" if b and (not o or b.start() < o.start()) else "out"
        for j in range(i - 1, max(-1, i - 3), -1):
            prev = reading.sentences[j]
            if prev.paragraph != reading.sentences[i].paragraph or "transport" not in prev.topics:
                break
            pw = words_of(prev)
            backs = [x.end() for x in BACK.finditer(pw) if not re.match(r"return(?:ing)? on\b", pw[x.start():])]
            outs = [x.end() for x in OUT.finditer(pw)]
            if backs or outs:
                return "back" if max(backs, default=-1) > max(outs, default=-1) else "out"
        return "out"
    return "out"


def read_transport(reading: Reading) -> None:
    """Add the one transport request (see the module docstring)."""
    sentences = reading.sentences
    idx = [i for i in with_topic(sentences, "transport") if "budget" not in sentences[i].topics or
           TRANSPORT.search(words_of(sentences[i]))]
    everything = " ".join(words_of(s) for s in sentences)
    flights = len(FLIGHT_WORDS.findall(everything))
    trains = len(TRAIN_WORDS.findall(everything))
    mode = "flight" if flights > trains else "train"
    if not flights and not trains:
        reading.notes.append("no train or flight named in the query: assumed the train")
    text = " ".join(words_of(sentences[i]) for i in idx)

    def hits(pattern: re.Pattern[str]) -> list[int]:
        return [i for i in idx if pattern.search(words_of(sentences[i]))]

    for i in idx:  # a time window
        words = words_of(sentences[i])
        window = parse_window(words)
        if window is None or not re.search(r"\d:\d\d|\d\s*(?:am|pm)\b", words):
            continue
        arrive = bool(ARRIVE.search(words)) and not re.search(r"\bdepart\w*|\bleav\w*|\bset off\b", words)
        window_text = f"{hhmm(window[0])}-{hhmm(window[1])}"
        if arrive and mode == "flight":
            reading.add("flight_arrival_time_range", [i], {"legs": ["back"], "window": window_text})
        else:
            reading.add(f"{mode}_departure_time_range", [i], {"legs": ["out"], "window": window_text})
        return
    for pattern, train_class, flight_class in SEAT:
        found = hits(pattern)
        if found:
            reading.add(f"{mode}_seat_class", found, {"legs": ["out", "back"],
                                                      "seat_class": train_class if mode == "train" else flight_class})
            return
    if mode == "flight":
        airline = airline_of(" ".join(sentences[i].text for i in idx))
        if airline is None:
            airline = next((a for a in reading.world.airlines if a.lower() in text), None)
        if airline:
            found = [i for i in idx if airline_of(sentences[i].text)] or idx
            if reading.world.airlines:
                airline = closest_name(airline, reading.world.airlines) or airline
            key = "flight_earliest_airline_direct" if EARLIEST.search(text) else "flight_cheapest_airline_direct"
            reading.add(key, found, {"legs": ["out"], "airline": airline})
            return
        maker = first_value(MAKERS, text)
        if maker:
            reading.add("flight_cheapest_manufacturer_direct", hits(MAKERS[[m for m, _ in MAKERS].index(maker)][1]),
                        {"legs": ["out"], "manufacturer": maker})
            return
    else:
        train_type = first_value(TRAIN_TYPES, text)
        if train_type and CHEAPEST.search(text):
            if reading.world.train_types:
                train_type = closest_name(train_type, reading.world.train_types) or train_type
            reading.add("train_cheapest_train_type", hits(dict(TRAIN_TYPES)[first_value(TRAIN_TYPES, text) or ""]),
                        {"legs": ["out"], "train_type": train_type})
            return
    if EARLIEST.search(text):
        reading.add(f"{mode}_earliest_departure_direct", hits(EARLIEST), {"legs": ["out"]})
        return
    if LATEST.search(text) and mode == "train":
        reading.add("train_latest_arrival_direct", hits(LATEST), {"legs": ["back"]})
        return
    for pattern, rule in ((SHORTEST, "shortest_duration_direct"), (CHEAPEST, "cheapest_direct")):
        found = hits(pattern)
        if found:
            reading.add(f"{mode}_{rule}", found, {"legs": [_leg(reading, found, pattern)]})
            return
    reading.notes.append(f"no specific {mode} request read: assumed seats for every traveller on both legs")
    mention = [i for i in idx if (FLIGHT_WORDS if mode == "flight" else TRAIN_WORDS).search(words_of(sentences[i]))]
    reading.add(f"{mode}_seat_status", mention[:2], {"legs": ["out", "back"],
                                                     "people_number": reading.frame.get("people_number")})
