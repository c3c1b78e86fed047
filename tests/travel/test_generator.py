"""The seeded task and database generator: layout, §11 invariants, unique answers, solvable tasks.

Every generated folder is checked three ways: structurally (`check_layout`), by recomputing each
constraint's answer from the files (`check_database`), and by scoring the reference plan with the
official-compatible evaluator (commonsense 1.0 and personalized 1.0).
"""

from __future__ import annotations

import datetime as dt
import filecmp
import json
import shutil
from pathlib import Path
from typing import Any

import pytest
from generator_cases import ALL_KEYS, record_with, shared_records

from pivot_opt.envs.travel.data.database import TABLE_FILES, load_database
from pivot_opt.envs.travel.generator.constraint_text import parse_constraints, parse_window
from pivot_opt.envs.travel.generator.invariants import check_layout
from pivot_opt.envs.travel.generator.io import load_tables
from pivot_opt.envs.travel.generator.rules import check_database, leg_routes
from pivot_opt.envs.travel.generator.tasks import (
    FIXTURE_SPECS,
    GeneratorConfig,
    generate_database_for_meta,
    generate_task,
    write_fixtures,
)
from pivot_opt.envs.travel.generator.vocab import WEEKDAYS
from pivot_opt.envs.travel.reference.plan import plan_cost, reference_plan

FIXTURES = Path(__file__).parent / "fixtures"
SEEDS: list[tuple[int, int | None]] = [
    (11, 2),
    (12, 3),
    (13, 4),
    (14, 5),
    (15, 6),
    (16, 7),
    (17, None),
    (18, None),
]


def _score(plan: dict[str, Any], meta: dict[str, Any], folder: Path) -> dict[str, Any]:
    from pivot_opt.envs.travel.evaluation.evaluator import score_plan

    return score_plan(plan, meta, folder)


def _assert_solvable(record: dict[str, Any], folder: Path) -> dict[str, Any]:
    """The reference plan scores 1.0 / 1.0, states the evaluator's total and keeps any budget."""
    meta = record["meta_info"]
    plan = reference_plan(record, folder)
    result = _score(plan, meta, folder)
    failed = {
        dim: [c["name"] for c in detail.get("checks") or [] if not c["passed"]]
        for dim, detail in result["commonsense_dimension_details"].items()
        if detail["score"] < 1
    }
    assert result["scores"]["commonsense_weighted_score"] == 1.0, failed
    assert result["scores"]["personalized_score"] == 1.0, result["personalized_dimension_score"]
    total = plan_cost(plan, meta)
    assert plan["budget_summary"]["total_estimated_budget"] == pytest.approx(total)
    cap = (meta["hard_constraints"].get("budget_constraint") or {}).get("max_budget")
    if cap is not None:
        assert total <= cap
    return plan


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory) -> list[tuple[dict[str, Any], Path]]:
    root = tmp_path_factory.mktemp("synthetic")
    return [generate_task(seed, days, root=root) for seed, days in SEEDS]


@pytest.fixture(scope="module")
def per_type(tmp_path_factory: pytest.TempPathFactory) -> dict[str, tuple[dict[str, Any], Path]]:
    root = tmp_path_factory.mktemp("per_type")
    built = {}
    for position, key in enumerate(ALL_KEYS):
        record = record_with(key, str(position))
        built[key] = (record, generate_database_for_meta(record, root, seed=position, synthetic=True))
    return built


# ----------------------------------------------------------------------------- synthetic tasks
def test_lengths_dates_and_weekday(generated: list[tuple[dict[str, Any], Path]]) -> None:
    assert {r["meta_info"]["days"] for r, _ in generated} >= {2, 3, 4, 5, 6, 7}
    for record, folder in generated:
        meta = record["meta_info"]
        depart, back = dt.date.fromisoformat(meta["depart_date"]), dt.date.fromisoformat(meta["return_date"])
        assert (back - depart).days + 1 == meta["days"]
        assert meta["depart_weekday"] == depart.isoweekday()
        assert record["query"].endswith(f"is {WEEKDAYS[depart.weekday()]}")
        assert folder.name == f"id_{record['id']}"
        assert len(meta["dest"]) == 1 and meta["org"] != meta["dest"][0]
        assert 1 <= meta["people_number"] <= 4 and 1 <= meta["room_number"] <= 2


def test_constraint_mix_is_the_real_one(generated: list[tuple[dict[str, Any], Path]]) -> None:
    for record, _ in generated:
        keys = [k for k in record["meta_info"]["hard_constraints"] if k != "budget_constraint"]
        families = [k.split("_", 1)[0] for k in keys]
        assert len(keys) == 4
        assert families.count("train") + families.count("flight") == 1
        assert families.count("hotel") == 1
        assert families.count("restaurant") + families.count("attraction") == 2
        cap = record["meta_info"]["hard_constraints"].get("budget_constraint")
        if cap is not None:
            assert isinstance(cap["max_budget"], int) and str(cap["max_budget"]) in record["query"]
        for key, params in record["meta_info"]["hard_constraints"].items():
            assert key == "budget_constraint" or params["constraint_context"]


def test_layout_and_invariants(generated: list[tuple[dict[str, Any], Path]]) -> None:
    for record, folder in generated:
        assert check_layout(record, folder) == []
        assert all((folder / rel).is_file() for rel in TABLE_FILES.values())


def test_generated_folders_pass_the_strict_loader(generated: list[tuple[dict[str, Any], Path]]) -> None:
    """The writer's columns include every column the shared loader requires."""
    for _, folder in generated:
        db = load_database(folder)
        assert all(db.table(name).present and len(db.table(name)) for name in TABLE_FILES)


def test_load_tables_rereads_a_changed_folder(tmp_path: Path) -> None:
    folder = tmp_path / "id_0"
    shutil.copytree(FIXTURES / "id_0", folder)
    first = load_tables(folder)
    assert load_tables(folder) is first  # unchanged files: not parsed again
    path = folder / TABLE_FILES["hotels"]
    name, price = first.hotels[0]["name"], first.hotels[0]["price"]
    path.write_text(path.read_text(encoding="utf-8").replace(f",{price},", ",1,", 1), encoding="utf-8")
    again = load_tables(folder)
    assert again is not first and again.hotels[0]["name"] == name and again.hotels[0]["price"] == "1"


def test_answers_follow_uniquely_from_the_data(generated: list[tuple[dict[str, Any], Path]]) -> None:
    for record, folder in generated:
        assert check_database(record, folder) == []


def test_reference_plans_score_full_marks(generated: list[tuple[dict[str, Any], Path]]) -> None:
    for record, folder in generated:
        _assert_solvable(record, folder)


def test_same_seed_same_bytes(tmp_path: Path) -> None:
    first, folder_a = generate_task(5, 4, root=tmp_path / "a")
    second, folder_b = generate_task(5, 4, root=tmp_path / "b")
    assert first == second
    for rel in TABLE_FILES.values():
        assert filecmp.cmp(folder_a / rel, folder_b / rel, shallow=False), rel
    other, _ = generate_task(6, 4, root=tmp_path / "c")
    assert other["meta_info"] != first["meta_info"]


def test_days_out_of_range_are_refused(tmp_path: Path) -> None:
    with pytest.raises(ValueError):
        generate_task(1, 8, root=tmp_path)


# ----------------------------------------------------------------------------- every constraint type
@pytest.mark.parametrize("key", ALL_KEYS)
def test_every_constraint_type(per_type: dict[str, tuple[dict[str, Any], Path]], key: str) -> None:
    record, folder = per_type[key]
    assert check_layout(record, folder) == []
    assert check_database(record, folder) == []
    _assert_solvable(record, folder)


def _leg(folder: Path, record: dict[str, Any], mode: str, leg: str) -> dict[str, Any]:
    meta = record["meta_info"]
    db = load_tables(folder)
    a, b, date = (
        (meta["org"], "Caskvale", meta["depart_date"])
        if leg == "out"
        else ("Caskvale", meta["org"], meta["return_date"])
    )
    return leg_routes(db.trains if mode == "train" else db.flights, a, b, date, mode)


def test_transport_near_misses(per_type: dict[str, tuple[dict[str, Any], Path]]) -> None:
    record, folder = per_type["flight_cheapest_direct"]
    views = _leg(folder, record, "flight", "out")
    answer = min(views["YK1201"].prices)
    assert any(not v.direct and min(v.prices) < answer for v in views.values()), (
        "no cheaper connecting flight"
    )
    record, folder = per_type["train_earliest_departure_direct"]
    views = _leg(folder, record, "train", "out")
    assert any(not v.direct and v.dep < views["G131"].dep for v in views.values()), (
        "no earlier connecting train"
    )
    record, folder = per_type["flight_cheapest_airline_direct"]
    views = _leg(folder, record, "flight", "out")
    rivals = [v for v in views.values() if v.direct and v.carrier != "Skylark Air"]
    assert any(min(v.prices) < min(views["QJ1301"].prices) for v in rivals), (
        "no cheaper flight of another airline"
    )
    record, folder = per_type["train_departure_time_range"]
    window = parse_window(
        record["meta_info"]["hard_constraints"]["train_departure_time_range"]["constraint_context"]
    )
    assert window == (7 * 60, 11 * 60)
    views = _leg(folder, record, "train", "out")
    assert [k for k, v in views.items() if window[0] <= v.dep <= window[1]] == ["G171"]


def test_place_near_misses(per_type: dict[str, tuple[dict[str, Any], Path]]) -> None:
    _, folder = per_type["restaurant_specific_tag_nearby"]
    db = load_tables(folder)
    tagged = [r for r in db.restaurants if "Birthday Package" in r["tags"].split(";")]
    assert {r["nearby_attraction_name"] for r in tagged} - {"Harbor Steps"}, (
        "the tag exists only at the anchor"
    )
    _, folder = per_type["restaurant_highest_rated"]
    db = load_tables(folder)
    assert max(float(r["rating"]) for r in db.restaurants) > 4.7, "no better restaurant elsewhere"
    _, folder = per_type["hotel_cheapest_brand"]
    db = load_tables(folder)
    assert min(float(h["price"]) for h in db.hotels) < 210, "no cheaper hotel of another brand"
    brand = {h["name"]: h["brand"] for h in db.hotels}
    assert brand["Quiet Quay Rooms"] == "Lotus Stay"
    assert sum(1 for b in brand.values() if b == "Lotus Stay") >= 3
    _, folder = per_type["hotel_star_service_required"]
    db = load_tables(folder)
    assert any(h["hotel_star"] == "4" and "Gym" not in h["services"] for h in db.hotels)
    assert any(h["hotel_star"] != "4" and "Gym" in h["services"] for h in db.hotels)


# ----------------------------------------------------------------------------- shared entities, budget
@pytest.mark.parametrize("case", list(shared_records()))
def test_shared_entities_are_created_once(tmp_path: Path, case: str) -> None:
    record = shared_records()[case]
    folder = generate_database_for_meta(record, tmp_path, seed=3, synthetic=True)
    db = load_tables(folder)
    names = [r["attraction_name"] for r in db.attractions]
    assert len(names) == len(set(names))
    restaurants = [r["restaurant_name"] for r in db.restaurants]
    assert len(restaurants) == len(set(restaurants))
    assert check_layout(record, folder) == []
    assert check_database(record, folder) == []
    plan = _assert_solvable(record, folder)
    meals = [
        a["details"]["name"] for d in plan["daily_plans"] for a in d["activities"] if a["type"] == "meal"
    ]
    assert len(meals) == len(set(meals))
    if case == "odd_anchors":
        assert "Caskvale North Station" in {r["dep_station_name"] for r in db.trains}
        assert "Willow Spa Resort Hotel" in {h["name"] for h in db.hotels}


def test_tight_budget_stays_feasible(tmp_path: Path) -> None:
    record = record_with("train_seat_status", "tight")
    meta = record["meta_info"]
    meta.update(days=2, return_date="2025-11-13", people_number=4, room_number=2)
    meta["hard_constraints"]["train_seat_status"]["people_number"] = 4
    meta["hard_constraints"]["budget_constraint"] = {"max_budget": 2000}
    folder = generate_database_for_meta(record, tmp_path, seed=0, synthetic=True)
    plan = _assert_solvable(record, folder)
    assert plan_cost(plan, meta) <= 2000


def test_context_reading() -> None:
    assert parse_window("must arrive between 8:00 PM and 12:00 AM") == (20 * 60, 24 * 60)
    assert parse_window("depart between 13:00 and 17:00 in the afternoon") == (13 * 60, 17 * 60)
    assert parse_window("leave between 8:00 AM and 12:00 PM") == (8 * 60, 12 * 60)
    meta = {
        "hard_constraints": {
            "hotel_cheapest_brand": {"constraint_context": 'the cheapest hotel among the "全季" brand'},
            "flight_cheapest_airline_direct": {
                "constraint_context": 'the cheapest direct flight from "Huaxia"',
                "outbound_flight_no": "G51234",
            },
            "train_cheapest_train_type": {
                "constraint_context": 'the cheapest direct "bullet train"',
                "outbound_train_no": "D12",
            },
            "restaurant_specific_cuisine_nearby": {
                "constraint_context": "a Western-style restaurant (fusion)"
            },
            "restaurant_specific_tag_nearby": {"constraint_context": "with online number-taking and queuing"},
        },
        "budget_constraint": {"max_budget": 100},
    }
    specs = {s.key: s for s in parse_constraints(meta)}
    assert specs["hotel_cheapest_brand"].brand == "Ji Hotel"
    assert specs["flight_cheapest_airline_direct"].airline == "Huaxia Airlines"
    assert specs["flight_cheapest_airline_direct"].numbers == {"out": "G51234"}
    assert specs["train_cheapest_train_type"].train_type == "Bullet Train"
    assert specs["restaurant_specific_cuisine_nearby"].cuisine == "Western Cuisine (Fusion)"
    assert specs["restaurant_specific_tag_nearby"].tag == "Online Queue"
    assert "budget_constraint" in specs


# ----------------------------------------------------------------------------- shipped fixtures
def test_fixtures_are_small_and_sound() -> None:
    records = json.loads((FIXTURES / "tasks.json").read_text(encoding="utf-8"))
    assert len(records) == len(FIXTURE_SPECS)
    assert sum(p.stat().st_size for p in FIXTURES.rglob("*") if p.is_file()) < 1_000_000
    for record in records:
        folder = FIXTURES / f"id_{record['id']}"
        assert check_layout(record, folder) == []
        assert check_database(record, folder) == []
        _assert_solvable(record, folder)


def test_fixtures_regenerate_byte_identical(tmp_path: Path) -> None:
    records = write_fixtures(tmp_path)
    assert records == json.loads((FIXTURES / "tasks.json").read_text(encoding="utf-8"))
    for record in records:
        for rel in TABLE_FILES.values():
            shipped = FIXTURES / f"id_{record['id']}" / rel
            assert filecmp.cmp(shipped, tmp_path / f"id_{record['id']}" / rel, shallow=False), shipped
    assert (tmp_path / "tasks.json").read_bytes() == (FIXTURES / "tasks.json").read_bytes()


def test_small_config_is_smaller(tmp_path: Path) -> None:
    _, big = generate_task(21, 3, root=tmp_path / "big")
    _, small = generate_task(21, 3, root=tmp_path / "small", config=GeneratorConfig.small())
    assert _size(small) < _size(big)


def _size(folder: Path) -> int:
    return sum(p.stat().st_size for p in folder.rglob("*.csv"))
