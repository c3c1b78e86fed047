"""Assemble one task's whole database from its `meta_info` (spec §3, §11).

Why: one function decides where every place sits and which builder makes which entity, so that
named entities are created once even when several constraints share them (§11.9), and every
random choice comes from a seeded stream of its own (same seed, same bytes).
"""

from __future__ import annotations

import math
import random
from dataclasses import dataclass
from typing import Any

from pivot_opt.envs.kit.generate import derive_rng
from pivot_opt.envs.travel.generator.attractions import AttractionNeeds, build_attractions
from pivot_opt.envs.travel.generator.constraint_text import ConstraintSpec, parse_constraints
from pivot_opt.envs.travel.generator.geo import Placer, offset
from pivot_opt.envs.travel.generator.hotels import HotelBuilder
from pivot_opt.envs.travel.generator.model import Hub, Point, WorldDb
from pivot_opt.envs.travel.generator.restaurants import RestaurantBuilder
from pivot_opt.envs.travel.generator.transport import LegPlan, TransportBuilder
from pivot_opt.envs.travel.generator.vocab import (
    AIRLINE_BY_CODE,
    DISTRACTOR_AIRLINE_CODES,
    DISTRACTOR_HOTEL_BRANDS,
    NAME_WORDS,
    SYNTHETIC_AIRLINES,
    SYNTHETIC_HOTEL_BRANDS,
    TRANSFER_CITIES,
)

__all__ = ["GeneratorConfig", "build_world", "anchor_role"]

_HOTEL_WORDS = ("hotel", "resort", " inn", "hostel")


@dataclass(frozen=True)
class GeneratorConfig:
    """Sizes of a generated database; `small()` keeps fixture folders tiny."""

    direct_routes: int = 6
    hotels: int = 7
    restaurants_per_place: int = 2
    restaurants_per_anchor: int = 4
    extra_attractions: int = 4
    min_attractions: int = 8

    @classmethod
    def small(cls) -> GeneratorConfig:
        return cls(
            direct_routes=4,
            hotels=5,
            restaurants_per_place=1,
            restaurants_per_anchor=3,
            extra_attractions=2,
            min_attractions=6,
        )


def anchor_role(name: str, attraction_names: set[str], hotel_name: str | None) -> str:
    """How a restaurant anchor is represented: attraction, hotel, station or landmark."""
    low = name.lower()
    if name in attraction_names:
        return "attraction"
    if name == hotel_name or any(word in f" {low}" for word in _HOTEL_WORDS):
        return "hotel"
    if low.endswith(" station"):
        return "station"
    if "airport" in low:
        return "landmark"
    return "attraction"


def _code(rng: random.Random, taken: set[str]) -> str:
    while True:
        code = "".join(rng.choice("ABCDEFGHJKLMNPQRSTUVWXYZ") for _ in range(3))
        if code not in taken:
            taken.add(code)
            return code


def build_world(
    meta: dict[str, Any],
    seed: int | str,
    config: GeneratorConfig,
    price_level: float = 1.0,
    synthetic: bool = False,
) -> WorldDb:
    """Every table of one task, consistent with `meta_info` (answers unique by construction)."""
    specs = parse_constraints(meta)
    org, dest, days = meta["org"], meta["dest"][0], int(meta["days"])
    people = int(meta.get("people_number") or 1)
    budget = any(s.key == "budget_constraint" for s in specs)
    transport = next((s for s in specs if s.kind in ("train", "flight")), None)
    hotel_spec = next((s for s in specs if s.kind == "hotel"), None)
    restaurant_specs = [s for s in specs if s.kind == "restaurant"]
    attraction_specs = [s for s in specs if s.kind == "attraction"]
    named_attractions = {n for s in attraction_specs for n in s.names}
    hotel_name = str(hotel_spec.params.get("hotel_name")) if hotel_spec else None
    anchors: list[str] = []
    for spec in restaurant_specs:
        anchor = spec.params.get("attraction_name")
        if anchor and str(anchor) not in anchors:
            anchors.append(str(anchor))
    roles = {a: anchor_role(a, named_attractions, hotel_name) for a in anchors}

    rng = derive_rng(seed, "geo")
    center = Point(dest, round(rng.uniform(22.5, 41.5), 6), round(rng.uniform(103.0, 121.5), 6), "city")
    placer = Placer(rng, center)
    taken: set[str] = (
        {n for n in named_attractions}
        | set(anchors)
        | {str(s.params.get("restaurant_name")) for s in restaurant_specs}
        | ({hotel_name} if hotel_name else set())
    )
    hubs = _hubs(rng, placer, meta, roles, transport)

    hotels = HotelBuilder(
        derive_rng(seed, "hotels"),
        placer,
        dest,
        list(SYNTHETIC_HOTEL_BRANDS if synthetic else DISTRACTOR_HOTEL_BRANDS),
        config.hotels,
        taken,
    ).build(hotel_spec, [a for a, r in roles.items() if r == "hotel"])
    attraction_anchors = [a for a, r in roles.items() if r == "attraction"]
    needs = AttractionNeeds.from_specs(attraction_specs, attraction_anchors)
    total = max(config.min_attractions, 2 * days + config.extra_attractions, len(needs.names) + 4)
    attractions = build_attractions(
        derive_rng(seed, "attractions"),
        placer,
        dest,
        needs,
        total,
        budget,
        taken,
        [*hotels, *hubs["dest"]],
    )
    landmarks = [
        Point(a, *placer.spread(1.0, 6.0, [*attractions, *hotels], 1.0), "landmark")
        for a, r in roles.items()
        if r == "landmark"
    ]
    places: dict[str, Point] = {p.name: p for p in [*attractions, *hotels, *landmarks]}
    places.update({h.name: h for h in hubs["dest"] if h.name in roles})
    quiet = [a for a in attractions if a.name not in roles]
    restaurants = RestaurantBuilder(
        derive_rng(seed, "restaurants"),
        placer,
        taken,
        config.restaurants_per_place,
        config.restaurants_per_anchor,
    ).build(restaurant_specs, places, quiet, budget)

    world = WorldDb(
        city=dest,
        hotels=hotels,
        attractions=attractions,
        restaurants=restaurants,
        landmarks=landmarks,
        hubs=[*hubs["dest"], *hubs["org"], *hubs["transfer"]],
    )
    used = {n for s in specs for n in s.numbers.values()}
    airlines = (
        list(SYNTHETIC_AIRLINES) if synthetic else [(c, AIRLINE_BY_CODE[c]) for c in DISTRACTOR_AIRLINE_CODES]
    )
    primary = transport.kind if transport else "train"
    base = {"train": rng.randint(45, 230), "flight": rng.randint(80, 190)}
    for mode in ("train", "flight"):
        builder = TransportBuilder(
            derive_rng(seed, mode),
            mode,
            base[mode],
            used,
            airlines,
            price_level,
            people,
            config.direct_routes if mode == primary else 3,
        )
        kind = "station" if mode == "train" else "airport"
        dest_hubs = [h for h in hubs["dest"] if h.kind == kind]
        org_hubs = [h for h in hubs["org"] if h.kind == kind]
        transfer = next(h for h in hubs["transfer"] if h.kind == kind)
        spec = transport if transport is not None and transport.kind == mode else None
        builder.build_leg(LegPlan("out", org, dest, meta["depart_date"], org_hubs, dest_hubs, transfer), spec)
        builder.build_leg(LegPlan("in", dest, org, meta["return_date"], dest_hubs, org_hubs, transfer), spec)
        if mode == "train":
            world.trains = builder.routes
        else:
            world.flights = builder.routes
    return world


def _hubs(
    rng: random.Random,
    placer: Placer,
    meta: dict[str, Any],
    roles: dict[str, str],
    transport: ConstraintSpec | None,
) -> dict[str, list[Hub]]:
    """Stations and airports of the destination, the origin and one transfer city."""
    org, dest = meta["org"], meta["dest"][0]
    codes: set[str] = set()
    station_anchor = [a for a, r in roles.items() if r == "station"]
    dest_stations = [*station_anchor[:1], f"{dest} South Station", f"{dest} East Station"][:2]
    hubs: dict[str, list[Hub]] = {"dest": [], "org": [], "transfer": []}
    for name in dest_stations:
        lat, lon = placer.around(placer.center, 4.0, 9.0)
        hubs["dest"].append(Hub(name, lat, lon, "station", code=_code(rng, codes), city=dest))
    lat, lon = placer.around(placer.center, 18.0, 26.0)
    hubs["dest"].append(
        Hub(
            f"{dest} {rng.choice(NAME_WORDS)} International Airport",
            lat,
            lon,
            "airport",
            code=_code(rng, codes),
            city=dest,
        )
    )
    far = rng.uniform(120, 600)
    bearing = rng.uniform(0, 2 * math.pi)
    org_center = Point(org, *offset(placer.center, far * math.cos(bearing), far * math.sin(bearing)), "city")
    mid_center = Point(
        "mid",
        *offset(placer.center, far * 0.5 * math.cos(bearing + 0.4), far * 0.5 * math.sin(bearing + 0.4)),
        "city",
    )
    for name, kind, km in (
        (f"{org} South Station", "station", (3.0, 8.0)),
        (f"{org} Station", "station", (1.0, 4.0)),
        (f"{org} International Airport", "airport", (18.0, 26.0)),
    ):
        lat, lon = placer.around(org_center, *km)
        hubs["org"].append(Hub(name, lat, lon, kind, code=_code(rng, codes), city=org))
    transfer_city = rng.choice([c for c in TRANSFER_CITIES if c not in (org, dest)])
    for name, kind in ((f"{transfer_city} West Station", "station"), (f"{transfer_city} Airport", "airport")):
        lat, lon = placer.around(mid_center, 2.0, 15.0)
        hubs["transfer"].append(Hub(name, lat, lon, kind, code=_code(rng, codes), city=transfer_city))
    return hubs
