"""Plan text <-> converted JSON: fixed examples and Hypothesis round-trip / garbage properties."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pivot_opt.envs.travel import extract_plan_text, load_database, parse_plan_text, render_plan_text
from pivot_opt.envs.travel.plans.text_format import known_names_of
from pivot_opt.errors import TrajectoryParseError

DATA = Path(__file__).parent / "data"
TEXT = (DATA / "plan_9001.txt").read_text(encoding="utf-8")


def test_reference_text_converts_like_the_official_example() -> None:
    plan = parse_plan_text(TEXT)
    assert plan["budget_summary"] == {
        "transportation": 682,
        "accommodation": 882,
        "meals": 1254,
        "attractions_and_tickets": 200,
        "total_estimated_budget": 3018,
    }
    day1, day3 = plan["daily_plans"][0], plan["daily_plans"][2]
    assert day1["day_number"] == 1 and day1["current_city"] == "from Hefei to Nanjing"
    assert day1["accommodation"] == {"name": "Orange Hotel Nanjing Confucius Temple", "price_per_night": 441}
    assert "accommodation" not in day3
    acts = day1["activities"]
    assert acts[0] == {
        "time_slot": "08:00-09:00",
        "type": "travel_intercity_public",
        "details": {
            "mode": "train",
            "number": "G7001",
            "from": "Hefei South Station",
            "to": "Nanjing South Station",
            "cost": 97,
        },
    }
    assert acts[2]["details"] == {
        "from": "Nanjing South Station",
        "to": "Laomendong",
        "distance": "5.6km",
        "duration": "20min",
        "cost": 28,
    }
    assert acts[3]["details"] == {"name": "Laomendong", "cost": 0}
    assert acts[5]["details"] == {"meal_type": "lunch", "name": "Six Dynasties Pine Teahouse", "cost": 294}
    assert acts[-1]["details"] == {"activity": "check-in", "name": "Orange Hotel Nanjing Confucius Temple"}
    assert acts[1]["details"] == {"description": "Exit the station"}


def test_rendered_reference_parses_back_identically() -> None:
    plan = parse_plan_text(TEXT)
    assert parse_plan_text(render_plan_text(plan)) == plan


def test_variants_of_the_layout_are_accepted() -> None:
    text = """Here is your plan.
<think>draft <plan>Day 1: ignored</plan></think>
<PLAN>
**Budget Summary**:
- Transportation: 1,200 RMB (two tickets)
- Attractions and Tickets: ￥60
- Total: 2,000.5 元
### **Day 1:**
**Current City:** from Hefei to Nanjing
**Accommodation:** Ji Hotel Nanjing Xinjiekou, ￥380 per room per night
- 08:00 - 09:00 | Travel_Intercity_Public | Flight MU1001, Hefei Airport - Lukou Airport, 520 RMB/person
- 10:00~12:00 | Attraction | Nanjing City Wall Taicheng Scenic Area, Free
- 12:00-13:00 | meal | Zhang's Kitchen, Family Style, ¥80/person
- 13:00-14:00 | sightseeing | something unknown
A stray remark that is not part of the format.
</PLAN>"""
    plan = parse_plan_text(text)
    assert plan["budget_summary"] == {
        "transportation": 1200,
        "attractions_and_tickets": 60,
        "total_estimated_budget": 2000.5,
    }
    (day,) = plan["daily_plans"]
    assert day["current_city"] == "from Hefei to Nanjing"
    assert day["accommodation"] == {"name": "Ji Hotel Nanjing Xinjiekou", "price_per_night": 380}
    flight, sight, meal, other = day["activities"]
    assert flight["time_slot"] == "08:00-09:00" and flight["details"]["mode"] == "flight"
    assert flight["details"]["cost"] == 520 and flight["details"]["to"] == "Lukou Airport"
    assert sight == {
        "time_slot": "10:00-12:00",
        "type": "attraction",
        "details": {"name": "Nanjing City Wall Taicheng Scenic Area", "cost": 0},
    }
    assert meal["details"] == {"name": "Zhang's Kitchen, Family Style", "cost": 80}
    assert other == {
        "time_slot": "13:00-14:00",
        "type": "sightseeing",
        "details": {"description": "something unknown"},
    }
    with pytest.raises(TrajectoryParseError, match="line"):
        parse_plan_text(text, strict=True)


def test_route_split_prefers_known_names() -> None:
    line = "Day 1:\n09:00-09:20 | travel_city | Xi'an - Railway Hotel - Bell Tower, ¥10"
    assert parse_plan_text(line)["daily_plans"][0]["activities"][0]["details"]["from"] == "Xi'an"
    known = {"Xi'an - Railway Hotel", "Bell Tower"}
    details = parse_plan_text(line, known_names=known)["daily_plans"][0]["activities"][0]["details"]
    assert (details["from"], details["to"]) == ("Xi'an - Railway Hotel", "Bell Tower")
    assert "Laomendong" in known_names_of(load_database(DATA / "id_9001"))


def test_extract_plan_text_follows_the_official_rules() -> None:
    reply = "<plan>old</plan> thinking </think> intro <plan>\n Day 1:\n</plan> and <Plan>Day 2:</Plan>"
    assert extract_plan_text(reply) == "Day 1:\n\nDay 2:"
    assert extract_plan_text("no plan here") == ""


@pytest.mark.parametrize(
    "garbage", ["", "hello world", "08:00-09:00 | meal | Lunch, X, ¥5", "Day one:", "{}"]
)
def test_text_without_days_is_a_clear_parse_error(garbage: str) -> None:
    with pytest.raises(TrajectoryParseError, match="Day"):
        parse_plan_text(garbage)


def test_non_text_input_is_rejected_clearly() -> None:
    with pytest.raises(TrajectoryParseError):
        parse_plan_text(None)  # type: ignore[arg-type]
    with pytest.raises(TrajectoryParseError):
        render_plan_text([])  # type: ignore[arg-type]


# -- properties --------------------------------------------------------------------------------
WORD = st.text(alphabet="ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz'", min_size=1, max_size=9)
# Names that could be mistaken for other fields are mixed in on purpose.
TRICKY = [
    "Free",
    "Lunch",
    "Rest",
    "Check-in",
    "Zhang's Kitchen, Family Style",
    "Hall 3",
    "Day Inn",
    "Budget Hotel",
]
NAME = st.one_of(st.lists(WORD, min_size=1, max_size=4).map(" ".join), st.sampled_from(TRICKY))
CITY = WORD.map(str.capitalize)
MONEY = st.one_of(st.integers(0, 20000), st.integers(0, 2_000_000).map(lambda c: c / 100))
SLOT = st.tuples(st.integers(0, 23), st.integers(0, 59), st.integers(0, 24), st.integers(0, 59)).map(
    lambda t: f"{t[0]:02d}:{t[1]:02d}-{t[2]:02d}:{t[3]:02d}"
)


def _details(kind: str) -> st.SearchStrategy[dict[str, Any]]:
    cost = st.one_of(st.none(), MONEY)

    def build(**parts: Any) -> dict[str, Any]:
        return {k: v for k, v in parts.items() if v is not None}

    if kind == "travel_intercity_public":
        return st.builds(
            build,
            mode=st.sampled_from(["train", "flight"]),
            number=st.from_regex(r"[A-Z]{1,2}[0-9]{2,4}", fullmatch=True),
            **{"from": NAME},
            to=NAME,
            cost=cost,
        )
    if kind == "travel_city":
        return st.builds(
            build,
            **{"from": NAME},
            to=NAME,
            distance=st.one_of(st.none(), st.integers(1, 90).map(lambda d: f"{d / 10}km")),
            duration=st.one_of(st.none(), st.integers(1, 120).map(lambda d: f"{d}min")),
            cost=cost,
        )
    if kind == "attraction":
        return st.builds(build, name=NAME, cost=cost)
    if kind == "meal":
        return st.builds(
            build, meal_type=st.sampled_from(["breakfast", "lunch", "dinner"]), name=NAME, cost=cost
        )
    if kind == "hotel":
        return st.builds(build, activity=st.sampled_from(["check-in", "check-out", "rest"]), name=NAME)
    return st.builds(lambda d: {"description": d}, NAME)


KINDS = ["travel_intercity_public", "travel_city", "attraction", "meal", "hotel", "buffer"]
ACTIVITY = st.sampled_from(KINDS).flatmap(
    lambda k: st.builds(
        lambda slot, details: {"time_slot": slot, "type": k, "details": details}, SLOT, _details(k)
    )
)
CURRENT = st.one_of(CITY, st.tuples(CITY, CITY).map(lambda p: f"from {p[0]} to {p[1]}"))
ACCOMMODATION = st.one_of(
    st.none(),
    st.builds(
        lambda n, p: {"name": n} if p is None else {"name": n, "price_per_night": p},
        NAME,
        st.one_of(st.none(), MONEY),
    ),
)


def _day(number: int) -> st.SearchStrategy[dict[str, Any]]:
    def build(city: str, accom: dict[str, Any] | None, acts: list[dict[str, Any]]) -> dict[str, Any]:
        day: dict[str, Any] = {"day_number": number, "current_city": city}
        if accom is not None:
            day["accommodation"] = accom
        day["activities"] = acts
        return day

    return st.builds(build, CURRENT, ACCOMMODATION, st.lists(ACTIVITY, max_size=6))


BUDGET = st.dictionaries(
    st.sampled_from(
        [
            "transportation",
            "accommodation",
            "meals",
            "attractions_and_tickets",
            "other",
            "total_estimated_budget",
        ]
    ),
    st.one_of(st.integers(-100, 10**7), MONEY),
    max_size=6,
)


@st.composite
def plans(draw: st.DrawFn) -> dict[str, Any]:
    n = draw(st.integers(1, 4))
    plan: dict[str, Any] = {}
    budget = draw(BUDGET)
    if budget:
        order = [
            "transportation",
            "accommodation",
            "meals",
            "attractions_and_tickets",
            "other",
            "total_estimated_budget",
        ]
        plan["budget_summary"] = {k: budget[k] for k in order if k in budget}
    plan["daily_plans"] = [draw(_day(i + 1)) for i in range(n)]
    return plan


@settings(max_examples=300, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.too_slow])
@given(plans())
def test_rendered_plans_round_trip_losslessly(plan: dict[str, Any]) -> None:
    text = render_plan_text(plan)
    parsed = parse_plan_text(text)
    assert parsed == plan
    assert render_plan_text(parsed) == text


@settings(max_examples=300, deadline=None, derandomize=True)
@given(st.text(alphabet=st.sampled_from(list("Day 1:|-¥,0123456789abc \n*#<>/plan&\t")), max_size=200))
def test_arbitrary_text_parses_or_raises_a_parse_error(text: str) -> None:
    try:
        plan = parse_plan_text(text)
    except TrajectoryParseError as exc:
        assert str(exc)
    else:
        assert plan["daily_plans"] and all("activities" in d for d in plan["daily_plans"])


@settings(max_examples=200, deadline=None, derandomize=True)
@given(st.text(max_size=300))
def test_any_unicode_text_never_gives_a_bare_traceback(text: str) -> None:
    try:
        parse_plan_text(text)
    except TrajectoryParseError:
        pass
