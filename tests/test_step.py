"""Plan parsing and rendering: property tests for the parser, clear errors for garbage."""

from __future__ import annotations

import json

import pytest
from hypothesis import given
from hypothesis import strategies as st

from pivot_opt.errors import TrajectoryParseError
from pivot_opt.step import Step, parse_steps, render_steps, steps_to_json

names = st.text(st.characters(blacklist_categories=("Cs",)), min_size=1, max_size=12).filter(str.strip)
values = st.one_of(st.integers(-1000, 1000), st.booleans(), st.text(max_size=15), st.none())
steps_st = st.lists(
    st.builds(Step, action=names, args=st.dictionaries(names, values, max_size=3), note=st.text(max_size=10)),
    max_size=8,
)


@given(steps_st)
def test_json_round_trip(steps: list[Step]) -> None:
    assert parse_steps(steps_to_json(steps)) == steps


@given(steps_st, st.sampled_from(["Here is the plan:\n```json\n{}\n```\nDone.", "{}", "Sure! {} Thanks"]))
def test_plan_found_inside_prose(steps: list[Step], wrapper: str) -> None:
    assert parse_steps(wrapper.replace("{}", steps_to_json(steps))) == steps


@given(st.text(max_size=60))
def test_garbage_never_raises_anything_but_parse_error(text: str) -> None:
    try:
        parse_steps(text)
    except TrajectoryParseError:
        pass


def test_flat_steps_and_bare_lists_are_accepted() -> None:
    steps = parse_steps('[{"action": "visit", "place": "A"}, {"action": "return"}]')
    assert steps == [Step("visit", {"place": "A"}), Step("return")]


@pytest.mark.parametrize(
    ("text", "fragment"),
    [
        ("no json at all", "no JSON plan"),
        ('{"plan": []}', "no 'steps' list"),
        ('{"steps": [{"args": {}}]}', "no 'action'"),
        ('{"steps": [3]}', "must be a JSON object"),
        ('{"steps": [{"action": "a", "args": [1]}]}', "'args' must be an object"),
    ],
)
def test_errors_name_the_problem(text: str, fragment: str) -> None:
    with pytest.raises(TrajectoryParseError, match=fragment):
        parse_steps(text)


def test_raw_newlines_inside_strings_parse() -> None:
    """llama.cpp grammars let raw newlines into strings."""
    text = '{"steps": [{"action": "note", "args": {"text": "two\nlines"}}]}'
    assert parse_steps(text)[0].args["text"] == "two\nlines"


def test_render_is_numbered_and_readable() -> None:
    text = render_steps([Step("visit", {"place": "A"}, note="first"), Step("return")])
    assert text == "0. visit(place='A')  # first\n1. return()"
    assert json.loads(steps_to_json([Step("return")])) == {"steps": [{"action": "return", "args": {}}]}


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(max_size=8),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=6), inner, max_size=3),
    max_leaves=10,
)


@given(json_values)
def test_any_json_document_parses_or_gives_a_parse_error(doc: object) -> None:
    try:
        steps = parse_steps(json.dumps(doc))
    except TrajectoryParseError:
        return
    assert all(isinstance(s, Step) for s in steps)
