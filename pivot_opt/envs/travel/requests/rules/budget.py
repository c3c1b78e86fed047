"""The budget request: a total cap read from "budget ... 5000 yuan" or "within 5000 yuan".

Why the guards: a nightly price or a range ("between") belongs to the hotel, and sums under 300
are not trip budgets.
"""

from __future__ import annotations

import re

from pivot_opt.envs.travel.requests.rules.reading import Reading
from pivot_opt.envs.travel.requests.rules.text import words_of


def read_budget(reading: Reading) -> None:
    """Add the first total budget of 300 or more that a sentence states."""
    for i, s in enumerate(reading.sentences):
        words = words_of(s)
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
