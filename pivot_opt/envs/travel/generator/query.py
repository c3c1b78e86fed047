"""The natural-language `query` of a synthetic task, written from its final `meta_info`.

Why: like the real file, the request restates every constraint in words and ends with the
sentence naming the departure weekday (§2); it is written last, once the budget cap is known.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from pivot_opt.envs.travel.generator.vocab import WEEKDAYS

__all__ = ["write_query_text"]

NUMBER_WORDS = {1: "one", 2: "two", 3: "three", 4: "four"}


def _date_text(day: dt.date) -> str:
    return f"{day.strftime('%B')} {day.day}, {day.year}"


def write_query_text(record: dict[str, Any]) -> None:
    """Fill `query` and `query_with_constraints` from the (final) `meta_info`."""
    meta = record["meta_info"]
    depart = dt.date.fromisoformat(meta["depart_date"])
    back = dt.date.fromisoformat(meta["return_date"])
    people, rooms = int(meta["people_number"]), int(meta["room_number"])
    group = "I'm travelling alone" if people == 1 else f"There are {NUMBER_WORDS[people]} of us"
    lines = [
        f"I'm planning a {meta['days']}-day trip from {meta['org']} to {meta['dest'][0]}, leaving on "
        f"{_date_text(depart)} and coming back on {_date_text(back)}. {group}, and we need "
        f"{NUMBER_WORDS[rooms]} room{'s' if rooms > 1 else ''}."
    ]
    bullets = [
        f"- Trip for {people} {'person' if people == 1 else 'people'}, {rooms} "
        f"room{'s' if rooms > 1 else ''}, {meta['depart_date']} to {meta['return_date']}"
    ]
    for key, params in meta["hard_constraints"].items():
        if key == "budget_constraint":
            text = f"Please keep the whole trip within {params['max_budget']} yuan"
        else:
            text = params["constraint_context"]
        lines.append(text.rstrip(".") + ".")
        bullets.append(f"- {text}")
    lines.append(
        "Please plan everything without asking me anything else. "
        f"{_date_text(depart)} is {WEEKDAYS[depart.weekday()]}"
    )
    record["query"] = "\n\n".join([lines[0], " ".join(lines[1:-1]), lines[-1]])
    record["query_with_constraints"] = (
        f"Plan a trip from {meta['org']} to {meta['dest'][0]}, "
        f"{meta['depart_date']} to {meta['return_date']}, "
        "including transport, accommodation, meals and sightseeing.\n" + "\n".join(bullets)
    )
