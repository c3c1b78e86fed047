"""Restaurant and attraction constraints of a synthetic task, with names and parameters.

Why: the invented answers must carry the same fields as the real ones (§9) and, when two
constraints share an anchor, parameters that do not contradict each other.
"""

from __future__ import annotations

import random
from typing import Any

from pivot_opt.envs.travel.generator.attractions import filler_name
from pivot_opt.envs.travel.generator.vocab import (
    ATTRACTION_TYPES_CN,
    CUISINE_NOUNS,
    NAME_WORDS,
    RESTAURANT_TAGS,
)

__all__ = ["restaurant_params", "attraction_params", "keep_apart"]

TAG_WORDS = {
    "Waiting Area": "a waiting area",
    "Online Queue": "online queueing",
    "Birthday Package": "a birthday set menu",
    "Outdoor Seating": "outdoor seating",
    "Must-Eat Top 10": "a place on the must-eat top 10 list",
    "Private Room": "private rooms",
}

CUISINE_WORDS = {
    "Western Cuisine (Fusion)": "western fusion",
    "Fast Food": "fast food",
    "Seafood": "seafood",
    "Sichuan Cuisine": "Sichuan",
    "Halal Cuisine": "halal",
    "Hot Pot": "hot pot",
}


def _restaurant_name(rng: random.Random, taken: set[str], cuisine: str) -> str:
    while True:
        name = f"{rng.choice(NAME_WORDS)} {rng.choice(CUISINE_NOUNS[cuisine])}"
        if name not in taken:
            taken.add(name)
            return name


def restaurant_params(
    rng: random.Random, kind: str, anchor: str, taken: set[str], budget: bool
) -> dict[str, Any]:
    """The parameters of one restaurant constraint of kind `kind` near `anchor`."""
    cuisine = (
        rng.choice(list(CUISINE_WORDS))
        if kind == "specific_cuisine_nearby"
        else rng.choice(list(CUISINE_NOUNS))
    )
    name = _restaurant_name(rng, taken, cuisine)
    price = float(rng.randint(20, 60) if budget else rng.randint(35, 220))
    rating = round(rng.uniform(3.9, 4.9), 1)
    params: dict[str, Any] = {"constraint_context": "", "constraint_type": f"superlative_{kind}"}
    if kind == "must_eat_named":
        params.update(restaurant_name=name, restaurant_rating=rating)
        params["constraint_context"] = f"One meal must be at '{name}'"
        return params
    params.update(attraction_name=anchor, restaurant_name=name)
    if kind == "specific_tag_nearby":
        tag = rng.choice(RESTAURANT_TAGS)
        params.update(required_tag=tag, price_per_person=price, restaurant_rating=rating)
        context = f"Have one meal near '{anchor}' at a restaurant with {TAG_WORDS[tag]}"
    elif kind == "specific_cuisine_nearby":
        params.update(price_per_person=price, restaurant_rating=rating)
        context = f"Have one {CUISINE_WORDS[cuisine]} meal at a restaurant near '{anchor}'"
    elif kind == "highest_rated":
        params.update(price_per_person=price, restaurant_rating=rating)
        context = f"Have one meal at the highest-rated restaurant near '{anchor}'"
    elif kind == "cheapest_nearby_attraction":
        params.update(price_per_person=float(rng.randint(12, 40)))
        context = f"Have one meal at the cheapest restaurant near '{anchor}'"
    else:
        params.update(price_per_person=price)
        context = f"Have one meal at the restaurant closest to '{anchor}'"
    params["constraint_context"] = context
    return params


def attraction_params(
    rng: random.Random, kind: str, dest: str, taken: set[str], room: int, kinds_used: set[str]
) -> dict[str, Any]:
    free_types = [t for t in ATTRACTION_TYPES_CN if t != "Theme Park" and t not in kinds_used]
    atype = rng.choice(free_types)
    kinds_used.add(atype)
    count = {"top_rated_must_visit": 3, "type_highest_rated": 1}.get(
        kind, rng.randint(1, max(1, min(3, room)))
    )
    names = [
        filler_name(
            rng,
            dest,
            atype if kind in ("all_of_type", "type_highest_rated") else rng.choice(free_types),
            taken,
        )
        for _ in range(count)
    ]
    ratings = sorted((round(rng.uniform(4.6, 4.9), 1) for _ in names), reverse=True)
    params: dict[str, Any] = {
        "constraint_context": "",
        "constraint_type": f"superlative_{kind}",
        "attraction_names": names,
    }
    quoted = " and ".join(f"'{n}'" for n in names)
    if kind in ("all_of_type", "type_highest_rated"):
        params.update(attraction_type_cn=ATTRACTION_TYPES_CN[atype], attraction_type=atype)
        context = (
            f"Visit every '{atype}' attraction the recommendation tool lists"
            if kind == "all_of_type"
            else f"Include the highest-rated attraction of the '{atype}' type"
        )
    elif kind == "top_rated_must_visit":
        context = "Include the three highest-rated attractions the recommendation tool lists"
    elif kind == "all_free_attractions":
        context = "Include every free attraction the recommendation tool lists"
    else:
        context = f"The trip must include {quoted}"
    params["constraint_context"] = context
    params["attraction_ratings"] = ratings
    return params


def keep_apart(first: dict[str, Any], second: dict[str, Any], rng: random.Random) -> None:
    """Two answers near one anchor: each must lose the other's rule (cheaper, better rated)."""
    for one, other in ((first, second), (second, first)):
        kind = str(one.get("constraint_type", ""))
        if kind.endswith("cheapest_nearby_attraction") and "price_per_person" in other:
            other["price_per_person"] = max(
                float(other["price_per_person"]), float(one["price_per_person"]) + rng.randint(5, 40)
            )
        if kind.endswith("highest_rated") and "restaurant_rating" in other:
            other["restaurant_rating"] = min(
                float(other["restaurant_rating"]), round(float(one["restaurant_rating"]) - 0.2, 1)
            )
