"""Records of a generated task database and their CSV rows (spec §3).

Why: the generator builds plain data classes first and turns them into rows in one place, so
every file gets exactly the official columns, 6-decimal coordinate strings reused verbatim, and
integer cells where the tools call `int()`.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from pivot_opt.envs.travel.data.database import REQUIRED_COLUMNS
from pivot_opt.envs.travel.generator.constraint_text import hhmm

__all__ = [
    "ATTRACTION_COLUMNS",
    "FILE_COLUMNS",
    "FLIGHT_COLUMNS",
    "HOTEL_COLUMNS",
    "LOCATION_COLUMNS",
    "MATRIX_COLUMNS",
    "RESTAURANT_COLUMNS",
    "TRAIN_COLUMNS",
    "Attraction",
    "Fare",
    "Hotel",
    "Hub",
    "Point",
    "Restaurant",
    "Route",
    "Segment",
    "WorldDb",
    "fmt_num",
]


def _route_columns(table: str, service: tuple[str, str]) -> tuple[str, ...]:
    """A route file's official column order: the loader's columns, the service number and
    carrier moved up right after `segment_index`."""
    rest = [c for c in REQUIRED_COLUMNS[table] if c not in service]
    at = rest.index("segment_index") + 1
    return (*rest[:at], *service, *rest[at:])


# The columns each file is written with, in the official order: the ones the loader requires
# (`database.REQUIRED_COLUMNS`, the single list of names) plus the optional ones the generator
# fills too. `check_layout` compares every written header with these.
TRAIN_COLUMNS = _route_columns("trains", ("train_no", "train_type"))
FLIGHT_COLUMNS = _route_columns("flights", ("flight_no", "airline"))
HOTEL_COLUMNS = (*REQUIRED_COLUMNS["hotels"], "services", "tags", "stock", "city")
ATTRACTION_COLUMNS = REQUIRED_COLUMNS["attractions"]
RESTAURANT_COLUMNS = (*REQUIRED_COLUMNS["restaurants"], "tags")
LOCATION_COLUMNS = (*REQUIRED_COLUMNS["locations"], "poi_type")
MATRIX_COLUMNS = REQUIRED_COLUMNS["distance_matrix"]
#: Table name (as in `database.TABLE_FILES`) -> the columns its file is written with.
FILE_COLUMNS: dict[str, tuple[str, ...]] = {
    "trains": TRAIN_COLUMNS,
    "flights": FLIGHT_COLUMNS,
    "hotels": HOTEL_COLUMNS,
    "attractions": ATTRACTION_COLUMNS,
    "restaurants": RESTAURANT_COLUMNS,
    "locations": LOCATION_COLUMNS,
    "distance_matrix": MATRIX_COLUMNS,
}


def fmt_num(value: float) -> str:
    """A number as the shortest faithful text: `441`, `4.7`, `1.5`."""
    return str(int(value)) if float(value).is_integer() else f"{value:g}"


@dataclass
class Point:
    """A named place with its coordinates, kept as the exact strings written everywhere."""

    name: str
    lat: float
    lon: float
    kind: str

    @property
    def lat_s(self) -> str:
        return f"{self.lat:.6f}"

    @property
    def lon_s(self) -> str:
        return f"{self.lon:.6f}"

    @property
    def key(self) -> str:
        """The `"lat,lon"` string used by the distance matrix."""
        return f"{self.lat_s},{self.lon_s}"


@dataclass
class Hub(Point):
    """A railway station or an airport."""

    code: str = ""
    city: str = ""


@dataclass
class Hotel(Point):
    address: str = ""
    decoration_time: int = 2020
    star: int = 3
    price: int = 300
    score: float = 4.5
    brand: str = "Other"
    services: list[str] = field(default_factory=list)
    tags: list[str] = field(default_factory=list)
    stock: int = 10
    city: str = ""

    def row(self) -> dict[str, str]:
        return {
            "name": self.name,
            "address": self.address,
            "latitude": self.lat_s,
            "longitude": self.lon_s,
            "decoration_time": str(self.decoration_time),
            "hotel_star": str(self.star),
            "price": str(self.price),
            "score": fmt_num(self.score),
            "brand": self.brand,
            "services": ";".join(self.services),
            "tags": "|".join(self.tags),
            "stock": str(self.stock),
            "city": self.city,
        }


@dataclass
class Attraction(Point):
    attraction_id: str = ""
    city: str = ""
    address: str = ""
    description: str = ""
    rating: float = 4.5
    opening_time: str = "09:00"
    closing_time: str = "18:00"
    closing_dates: list[str] = field(default_factory=list)
    min_visit: float = 1.0
    max_visit: float = 3.0
    ticket: int = 0
    type: str = "City Landmark"

    @property
    def always_open(self) -> bool:
        return self.opening_time == "Open 24 Hours"

    def row(self) -> dict[str, str]:
        return {
            "attraction_id": self.attraction_id,
            "attraction_name": self.name,
            "city": self.city,
            "address": self.address,
            "latitude": self.lat_s,
            "longitude": self.lon_s,
            "description": self.description,
            "rating": fmt_num(self.rating),
            "opening_time": self.opening_time,
            "closing_time": self.closing_time,
            "closing_dates": ",".join(self.closing_dates),
            "min_visit_hours": fmt_num(self.min_visit),
            "max_visit_hours": fmt_num(self.max_visit),
            "ticket_price": str(self.ticket),
            "attraction_type": self.type,
        }


@dataclass
class Restaurant(Point):
    restaurant_id: str = ""
    price: int = 50
    cuisine: str = "Local Cuisine"
    opening_time: str = "10:00"
    closing_time: str = "22:00"
    anchor: Point | None = None
    rating: float = 4.2
    tags: list[str] = field(default_factory=list)

    def row(self) -> dict[str, str]:
        assert self.anchor is not None, self.name
        return {
            "query_latitude": self.anchor.lat_s,
            "query_longitude": self.anchor.lon_s,
            "restaurant_id": self.restaurant_id,
            "restaurant_name": self.name,
            "latitude": self.lat_s,
            "longitude": self.lon_s,
            "price_per_person": str(self.price),
            "cuisine": self.cuisine,
            "opening_time": self.opening_time,
            "closing_time": self.closing_time,
            "nearby_attraction_name": self.anchor.name,
            "rating": fmt_num(self.rating),
            "tags": ";".join(self.tags),
        }


@dataclass
class Segment:
    """One leg of a route: one train or flight between two hubs (times in minutes of the day)."""

    number: str
    carrier: str
    dep: Hub
    arr: Hub
    dep_min: int
    duration: int
    equip_type: str = ""
    equip_size: str = ""
    maker: str = ""

    @property
    def arr_min(self) -> int:
        return self.dep_min + self.duration


@dataclass
class Fare:
    seat_class: str
    price: int
    seat_status: str = ""


@dataclass
class Route:
    """A route option on one leg; each fare becomes its own `route_index` (spec §3.1)."""

    leg: str
    origin_city: str
    destination_city: str
    date: str
    segments: list[Segment]
    fares: list[Fare]

    @property
    def direct(self) -> bool:
        return len(self.segments) == 1

    @property
    def number(self) -> str:
        return "/".join(s.number for s in self.segments)

    @property
    def dep_min(self) -> int:
        return self.segments[0].dep_min

    @property
    def arr_min(self) -> int:
        return self.segments[-1].arr_min

    @property
    def duration(self) -> int:
        return self.arr_min - self.dep_min

    @property
    def min_price(self) -> int:
        return min(f.price for f in self.fares)

    def rows(self, mode: str, first_index: int) -> list[dict[str, str]]:
        """One row per (fare, segment); every segment repeats the route's cities, date, price."""
        rows: list[dict[str, str]] = []
        for offset, fare in enumerate(self.fares):
            for position, seg in enumerate(self.segments, start=1):
                row = {
                    "origin_city": self.origin_city,
                    "destination_city": self.destination_city,
                    "dep_date": self.date,
                    "route_index": f"{first_index + offset:03d}",
                    "segment_index": str(position),
                    "dep_station_name": seg.dep.name,
                    "dep_station_code": seg.dep.code,
                    "arr_station_name": seg.arr.name,
                    "arr_station_code": seg.arr.code,
                    "dep_datetime": f"{self.date} {hhmm(seg.dep_min)}",
                    "arr_datetime": f"{self.date} {hhmm(seg.arr_min)}",
                    "duration": str(seg.duration),
                    "seat_class": fare.seat_class,
                    "seat_status": fare.seat_status,
                    "price": f"{fare.price}.0",
                }
                if mode == "train":
                    row.update(train_no=seg.number, train_type=seg.carrier)
                else:
                    row.update(
                        flight_no=seg.number,
                        airline=seg.carrier,
                        equip_type=seg.equip_type,
                        equip_size=seg.equip_size,
                        manufacturer=seg.maker,
                    )
                rows.append(row)
        return rows


@dataclass
class WorldDb:
    """Everything written to one `id_<id>/` folder."""

    city: str
    hotels: list[Hotel] = field(default_factory=list)
    attractions: list[Attraction] = field(default_factory=list)
    restaurants: list[Restaurant] = field(default_factory=list)
    landmarks: list[Point] = field(default_factory=list)
    hubs: list[Hub] = field(default_factory=list)
    trains: list[Route] = field(default_factory=list)
    flights: list[Route] = field(default_factory=list)

    def points(self) -> list[Point]:
        """Every place of `locations_coords.csv`, in a fixed order."""
        return [*self.hotels, *self.attractions, *self.restaurants, *self.landmarks, *self.hubs]
