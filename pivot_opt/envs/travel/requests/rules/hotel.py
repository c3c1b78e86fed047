"""The hotel request: a price range, a renovation year, a brand, a star level with a service, rating or
price, or plain highest-rated.

Why this order: the most specific cue wins (a brand before "highest-rated"), since a request
combines one rule with at most one value.
"""

from __future__ import annotations

import re

from pivot_opt.envs.travel.generator.vocab import KNOWN_HOTEL_BRANDS, SYNTHETIC_HOTEL_BRANDS
from pivot_opt.envs.travel.requests.frame import number_value
from pivot_opt.envs.travel.requests.rules.cues import CHEAPEST, RATED, SERVICES
from pivot_opt.envs.travel.requests.rules.names import WorldNames, closest_name
from pivot_opt.envs.travel.requests.rules.reading import Reading
from pivot_opt.envs.travel.requests.rules.text import first_value, with_topic, words_of


def read_hotel(reading: Reading) -> None:
    """Add the hotel request, the most specific cue first (see the module docstring)."""
    sentences = reading.sentences
    idx = [i for i in with_topic(sentences, "hotel")]
    text = " ".join(words_of(sentences[i]) for i in idx)
    raw = " ".join(sentences[i].text for i in idx)

    def hits(pattern: re.Pattern[str]) -> list[int]:
        return [i for i in idx if pattern.search(words_of(sentences[i]))] or idx[:1]

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
    rated = bool(RATED.search(text)) or bool(re.search(r"\bhighest\b[^.]{0,20}\b(?:rating|score|reviews?)", text))
    brand = _brand(raw, reading.world)
    if brand is None and re.search(r"\b(?:brand|chain|their (?:hotels?|properties|branch\w*))\b", text):
        brand = _brand(" ".join(s.text for s in sentences), reading.world)  # "I like 全季; book that brand"
    if brand:
        key = "hotel_brand_highest_rated" if rated and not CHEAPEST.search(text) else "hotel_cheapest_brand"
        reading.add(key, hits(re.compile(r"brand|chain|" + re.escape(brand.split()[0].lower()))), {"brand": brand})
        return
    star_match = re.search(r"\b(\d|one|two|three|four|five)[- ]?star\b", text)
    star = number_value(star_match.group(1)) if star_match else None
    service = first_value(SERVICES, text)
    if star is not None and service and not (rated or CHEAPEST.search(text)):
        reading.add("hotel_star_service_required", hits(re.compile(r"star|" + "|".join(
            p.pattern for v, p in SERVICES if v == service))), {"hotel_star": star, "required_service": service})
        return
    if star is not None and rated:
        reading.add("hotel_star_highest_rated", hits(re.compile(r"star|rated|rating")), {"hotel_star": star})
        return
    if star is not None and CHEAPEST.search(text):
        reading.add("hotel_cheapest_star", hits(re.compile(r"star|cheap|afford|budget")), {"hotel_star": star})
        return
    if star is not None and service:
        reading.add("hotel_star_service_required", hits(re.compile(r"star")), {"hotel_star": star,
                                                                             "required_service": service})
        return
    if rated:
        reading.add("hotel_highest_rated", hits(RATED), {})
        return
    if star is not None or service:
        reading.notes.append("hotel request read only in part (a star level or a service, not both)")
        reading.add("hotel_star_service_required", idx[:2], {"hotel_star": star, "required_service": service})
        return
    reading.notes.append("no hotel request read from the query")


def _brand(raw: str, world: WorldNames) -> str | None:
    low = raw.lower()
    for brand, words in KNOWN_HOTEL_BRANDS.items():
        if any(re.search(rf"(?<![a-z]){re.escape(w)}(?![a-z])", low) for w in words):
            if brand == "Orange Hotel" and not re.search(r"\borange (?:hotel|brand|chain)|['\"]orange", low):
                continue
            return closest_name(brand, world.brands) or brand if world.brands else brand
    for brand in sorted({*SYNTHETIC_HOTEL_BRANDS, *world.brands}, key=len, reverse=True):
        if len(brand) > 3 and brand.lower() in low:
            return brand
    quoted = re.search(r"['\"]([A-Z][^'\"]{1,40})['\"]\s*(?:hotel\s+)?(?:brand|chain|hotels?)\b", raw)
    if quoted:
        return closest_name(quoted.group(1), world.brands) if world.brands else quoted.group(1)
    return None
