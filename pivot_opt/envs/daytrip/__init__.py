"""DayTrip: a seeded one-day city itinerary (visits, meals, opening hours, budget); the demo.

``data`` generates the task (places, hours, prices, the hidden dislike); ``environment``
executes a plan of visits and meals against it.
"""

from pivot_opt.envs.kit.lazy import lazy_exports

_EXPORTS = {
    "DEMO_SEED": ".data",
    "DayTripTask": ".data",
    "Place": ".data",
    "generate_daytrip": ".data",
    "DayTripEnv": ".environment",
    "simulate": ".environment",
}
__all__ = sorted(_EXPORTS)
__getattr__, __dir__ = lazy_exports(__name__, _EXPORTS)
