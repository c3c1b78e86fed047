"""ShoppingEnv: replaying tool operations, visible checks from the query, the hidden official match."""

from __future__ import annotations

import hashlib
import json
import shutil
from pathlib import Path

import pytest
from shop_support import FIXTURES

from pivot_opt import Trajectory, cli, losses
from pivot_opt.commands import common
from pivot_opt.engines import ScriptedEngine
from pivot_opt.environment import StepStatus
from pivot_opt.envs import make_env
from pivot_opt.envs.shopping.environment import ShoppingEnv
from pivot_opt.envs.shopping.requests.rules import ShoppingRuleReader
from pivot_opt.errors import ConfigError
from pivot_opt.step import Step

#: Real-query style requests for the fixtures (the queries the fixtures' files carry are one sentence).
QUERIES = {
    "case_1": ("First, I'm looking for something from Trekora in orange that can arrive within 2 days. "
               "Next, I need a white item from Lumina in size M with fewer than 5 one-star reviews."),
    "case_2": ("I need a black Trekora item in size XL with more than 250 five-star reviews. "
               "I also need the 'Ridgeline Trail Runner' in size 42. I want the lowest final price with my coupons."),
}


def env_of(name: str, folder: Path | None = None, **options: object) -> ShoppingEnv:
    return make_env("shopping", case_dir=str(folder or FIXTURES / name), query=QUERIES[name], **options)


def digest(folder: Path) -> dict[str, str]:
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(folder.iterdir())}


def check(env: ShoppingEnv, steps: list[Step]) -> dict[str, object]:
    trace = env.execute(steps)
    return {c.name: c(trace, steps) for c in env.constraints()}


@pytest.mark.parametrize("name", ["case_1", "case_2"])
def test_reference_operations_execute_and_score_one(name: str) -> None:
    env = env_of(name)
    steps = env.reference_steps()
    trace = env.execute(steps)
    assert all(s.ok for s in trace.steps), [s.error for s in trace.steps]
    checks = check(env, steps)
    assert all(c.passed for c in checks.values()), {k: c.reason for k, c in checks.items() if not c.passed}
    hidden = [c for c in env.constraints() if c.hidden]
    assert [c.name for c in hidden] == ["official_match"] and hidden[0](trace, steps).score == 1.0
    assert env.score(steps)["case_score"] == 1.0
    loss = losses.Composite()(Trajectory(steps, task=env.task), env)
    assert sum(loss.vector.values()) == 0.0


def test_a_wrong_product_fails_the_hidden_match_and_the_visible_item() -> None:
    env = env_of("case_1")
    steps = [Step("add_product_to_cart", {"product_id": "a1b2c3d1"}),
             Step("add_product_to_cart", {"product_id": "a1b2c3d4"})]  # the blue shirt, not the white one
    checks = check(env, steps)
    assert not checks["official_match"].passed and checks["official_match"].score == 0.5
    assert checks["item_1"].passed and not checks["item_2"].passed
    assert "colour White" in checks["item_2"].reason and checks["item_2"].blame == [1]
    assert checks["cart_well_formed"].passed
    assert env.score(steps)["case_score"] == 0.0


def test_delivery_and_star_counts_are_checked_from_tool_data() -> None:
    env = env_of("case_1")
    checks = check(env, [Step("add_product_to_cart", {"product_id": "a1b2c3d2"})])  # Guangdong -> zhejiang
    days = env.delivery_days("a1b2c3d2")
    assert days is not None
    assert checks["item_1"].passed == (days <= 2)
    stars = check(env, [Step("add_product_to_cart", {"product_id": "a1b2c3d3"})])
    assert stars["item_2"].passed  # 2 one-star reviews < 5


def test_inexecutable_operations_are_step_errors_and_the_cart_is_derived() -> None:
    env = env_of("case_1")
    steps = [Step("add_product_to_cart", {"product_id": "nope"}),
             Step("fly_to_moon", {}),
             Step("add_product_to_cart", {"product_id": "a1b2c3d4", "quantity": 11}),  # 10 in stock
             Step("add_coupon_to_cart", {"coupon_name": "Cross-store: ¥30 off every ¥300"}),  # owns none
             Step("add_product_to_cart", {"product_id": "a1b2c3d3", "quantity": 2})]
    trace = env.execute(steps)
    assert [s.status for s in trace.steps] == [StepStatus.ERROR] * 4 + [StepStatus.OK]
    assert "unknown tool 'fly_to_moon'" in trace.steps[1].error
    assert trace.final_state == {"items": 1, "pre_discount": 398.0, "total": 398.0}
    assert trace.steps[-1].state["spend"] == 398.0
    assert env.execute(steps) is trace  # deterministic (and cached)


def test_cart_checks_catch_coupons_whose_threshold_a_deletion_broke() -> None:
    env = env_of("case_2")
    steps = [Step("add_product_to_cart", {"product_id": "a1b2c3d6"}),
             Step("add_product_to_cart", {"product_id": "a1b2c3d1"}),
             Step("add_coupon_to_cart", {"coupon_name": "VIP: ¥200 off every ¥1,000"}),
             Step("delete_product_from_cart", {"product_id": "a1b2c3d1"})]  # the tools never re-check coupons
    trace = env.execute(steps)
    assert all(s.ok for s in trace.steps)
    result = check(env, steps)["cart_well_formed"]
    assert not result.passed and "pre-discount total of 1000" in result.reason and result.blame == [2]
    assert not check(env, [])["cart_well_formed"].passed  # an empty cart


def test_same_brand_coupons_need_a_brand_subtotal_each() -> None:
    env = env_of("case_2")
    tote = Step("add_product_to_cart", {"product_id": "a1b2c3d5", "quantity": 2})  # Portwell 258
    coupons = Step("add_coupon_to_cart", {"coupon_name": "Same-brand: ¥25 off every ¥200", "quantity": 2})
    one_shirt = [Step("add_product_to_cart", {"product_id": "a1b2c3d3"}), tote, coupons]  # Lumina 199
    assert all(s.ok for s in env.execute(one_shirt).steps)  # the tools check only the whole cart (457 >= 400)
    result = check(env, one_shirt)["cart_well_formed"]
    assert not result.passed and "same-brand" in result.reason and result.blame == [2]
    two_shirts = [Step("add_product_to_cart", {"product_id": "a1b2c3d3", "quantity": 2}), tote, coupons]
    assert check(env, two_shirts)["cart_well_formed"].passed  # Lumina 398 and Portwell 258 take one each


def test_budget_is_read_and_checked() -> None:
    query = "First, I need a white item from Lumina. My budget is between 150 and 250."
    env = make_env("shopping", case_dir=str(FIXTURES / "case_1"), query=query)
    assert [c.name for c in env.constraints() if not c.hidden] == ["cart_well_formed", "budget", "item_1"]
    ok = check(env, [Step("add_product_to_cart", {"product_id": "a1b2c3d3"})])
    assert ok["budget"].passed
    over = check(env, [Step("add_product_to_cart", {"product_id": "a1b2c3d3", "quantity": 2})])
    assert not over["budget"].passed and "above the budget" in over["budget"].reason and over["budget"].blame == [0]


def test_the_users_case_folder_is_byte_identical(tmp_path: Path) -> None:
    folder = tmp_path / "case_2"
    shutil.copytree(FIXTURES / "case_2", folder)
    before = digest(folder)
    env = env_of("case_2", folder)
    env.execute(env.reference_steps())
    env.execute([Step("add_product_to_cart", {"product_id": "a1b2c3d1"}), Step("get_cart_info", {})])
    env.score(env.reference_steps())
    assert digest(folder) == before


def test_information_rule_without_the_ground_truth(tmp_path: Path) -> None:
    """Visible constraints, describe, schemas, loss and gradients are the same with validation_cases.json gone."""
    for name in ("case_1", "case_2"):
        blind_dir = tmp_path / name
        shutil.copytree(FIXTURES / name, blind_dir)
        (blind_dir / "validation_cases.json").unlink()
        full, blind = env_of(name), env_of(name, blind_dir)
        assert [(c.name, c.description, c.hard) for c in full.constraints() if not c.hidden] == \
            [(c.name, c.description, c.hard) for c in blind.constraints() if not c.hidden]
        assert full.describe() == blind.describe() and full.stated.to_dict() == blind.stated.to_dict()
        assert not any(c.hidden for c in blind.constraints())
        ref = full.reference_steps()
        for steps in (ref, ref[:1], ref[::-1], [Step("add_product_to_cart", {"product_id": "a1b2c3d4"})], []):
            for env_a, env_b in ((full, blind),):
                la = losses.Composite()(Trajectory(steps, task=env_a.task), env_a)
                lb = losses.Composite()(Trajectory(steps, task=env_b.task), env_b)
                assert la.vector == lb.vector and la.gradient_text() == lb.gradient_text()
                assert sorted(json.dumps(g.to_dict(), sort_keys=True) for g in la.gradients) == \
                    sorted(json.dumps(g.to_dict(), sort_keys=True) for g in lb.gradients)
            assert full.action_schema(steps, 0) == blind.action_schema(steps, 0)
        assert "validation" not in json.dumps(full.task.data) and full.task.data == {**blind.task.data,
                                                                                    "case": name}


def test_action_schema_names_every_tool_and_accepts_a_reference_step() -> None:
    import jsonschema

    env = env_of("case_2")
    schema = env.action_schema([], 0)
    names = [o["properties"]["action"]["const"] for o in schema["anyOf"]]
    assert len(names) == 15 and "add_coupon_to_cart" in names
    for step in env.reference_steps():
        jsonschema.validate(step.to_dict(), schema)
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate({"action": "add_product_to_cart", "args": {"product_id": "nope"}}, schema)
    assert "search_products(query, limit?)" in env.describe() and env.task.query in env.describe()


def test_reader_on_a_real_query_style() -> None:
    query = ("First, I'm looking for a 'Henley Top' from the brand Timberland that is popular, with monthly sales "
             "over 350 and fewer than 10 one-star reviews. Next, I need something from Ralph Lauren with an "
             "average rating score greater than 4.5 that can get here in less than 3 days. "
             "My budget is between 5556 and 6346.")
    stated = ShoppingRuleReader().read(query, {"brands": ["Timberland", "Ralph Lauren"], "colors": []})
    assert stated.keys() == ["budget", "item", "item"]
    first, second = stated.requests[1].params, stated.requests[2].params
    assert first["brands"] == ["Timberland"] and first["name_parts"] == ["Henley Top"]
    assert {(c["field"], c["op"], c["value"]) for c in first["conditions"]} == {
        ("sales_volume.monthly", ">", 350.0), ("rating.star_counts.1", "<", 10.0)}
    assert {(c["field"], c["op"], c["value"]) for c in second["conditions"]} == {
        ("rating.average_score", ">", 4.5), ("days", "<", 3.0)}


def test_options_are_checked(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="needs case_dir"):
        make_env("shopping")
    with pytest.raises(ConfigError, match="unknown shopping option"):
        make_env("shopping", case_dir=str(FIXTURES / "case_1"), seed=3)
    with pytest.raises(ConfigError, match="level must be 1, 2 or 3"):
        make_env("shopping", case_dir=str(FIXTURES / "case_1"), level=7)
    env = make_env("shopping", case_dir=str(FIXTURES / "case_1"))  # the query text the case file copies
    assert env.task.query.startswith("Invented level-1")
    assert make_env("shopping", case_dir=str(FIXTURES), case_id=2).case_dir == FIXTURES / "case_2"  # sweeps
    from pivot_opt.envs.shopping import ShoppingEnv as Exported

    assert Exported is ShoppingEnv
    queries = tmp_path / "level_1_query_meta.json"
    queries.write_text(json.dumps([{"id": "1", "query": QUERIES["case_1"]}]))
    from_file = make_env("shopping", case_dir=str(FIXTURES / "case_1"), query_file=str(queries))
    assert from_file.task.query == QUERIES["case_1"]
    with pytest.raises(ConfigError, match="no task with id '2'"):
        make_env("shopping", case_dir=str(FIXTURES / "case_2"), query_file=str(queries))


def test_pivot_run_on_a_fixture_case(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                     capsys: pytest.CaptureFixture[str]) -> None:
    ref = [s.to_dict() for s in env_of("case_1").reference_steps()]
    answers = [json.dumps({"steps": ref[:1]}), json.dumps({"op": "insert", "step": ref[1]})]
    monkeypatch.setattr(common, "build_engine", lambda args: ScriptedEngine(answers, repeat_last=True))
    out = tmp_path / "run"
    code = cli.main(["run", "--env", "shopping", "--env-option", f"case_dir={FIXTURES / 'case_1'}", "--plans", "1",
                     "--iterations", "1", "--out", str(out)])
    assert code == 0, capsys.readouterr().err
    assert "VERIFY:" in capsys.readouterr().out
    assert (out / "best_plan.json").is_file() and (out / "verdict.json").is_file()
