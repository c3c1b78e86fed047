"""The bounded parser of model JSON, and the places that used to crash on model answers."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from pivot_opt.errors import TrajectoryParseError
from pivot_opt.history import History, IterationRecord
from pivot_opt.step import parse_steps
from pivot_opt.untrusted import AnswerLimits, extract_json, loads_untrusted

PLAN = '{"steps": [{"action": "visit", "args": {"place": "Museum"}}, {"action": "return", "args": {}}]}'


@pytest.mark.parametrize("text", [
    PLAN, f"Here is the plan:\n```json\n{PLAN}\n```\nEnjoy!", f"Sure. {PLAN} That is all.",
    f"{{not json}} and then {PLAN}", f"{{ ] }} {PLAN}",
])
def test_prose_and_fences_around_one_value_are_read(text: str) -> None:
    assert [s.action for s in parse_steps(text)] == ["visit", "return"]


@pytest.mark.parametrize("cut", [len(PLAN) - 1, len(PLAN) - 2, len(PLAN) // 2, 40, 70])
def test_a_truncated_plan_is_an_error_not_its_first_inner_object(cut: int) -> None:
    with pytest.raises(TrajectoryParseError):
        parse_steps(PLAN[:cut])
    with pytest.raises(TrajectoryParseError):
        parse_steps("Plan:\n```json\n" + PLAN[:cut])  # an unclosed fence too


@pytest.mark.parametrize(("text", "match"), [
    ("[" * 5000 + "]" * 5000, "nested deeper"),
    ('{"steps": ' + "[" * 3000, "nested deeper"),
    ('{"steps": [{"action": "a", "args": {"x": NaN}}]}', "NaN"),
    ('{"steps": [{"action": "a", "args": {"x": -Infinity}}]}', "Infinity"),
    ('{"steps": [{"action": "a", "args": {"x": 1e999}}]}', "out of range"),
    ('{"steps": [{"action": "a", "args": {"x": ' + "7" * 5000 + "}}]}", "digits"),
    ('{"steps": [{"action": "a", "action": "b"}]}', "twice"),
    ('{"steps": [{"action": "a", "note": "\\ud800"}]}', "surrogate"),
    ('{"steps": [{"action": "a", "note": "' + "x" * 30_000 + '"}]}', "more than the limit"),
    ('{"steps": [{"action": 5}]}', "must be a string"),
    ('{"steps": [{"action": "a", "note": ["x"]}]}', "'note' must be a string"),
    ('{"steps": [1, "a", null]}', "must be a JSON object"),
    ("", "no JSON"), ("I cannot help with that.", "no JSON"),
])
def test_answers_outside_the_limits_are_clean_parse_errors(text: str, match: str) -> None:
    with pytest.raises(TrajectoryParseError, match=match):
        parse_steps(text)


def test_step_count_limit_rejects_instead_of_cutting() -> None:
    text = json.dumps({"steps": [{"action": "wait"}] * 5})
    assert len(parse_steps(text, max_steps=5)) == 5
    with pytest.raises(TrajectoryParseError, match="5 steps, more than the limit of 4"):
        parse_steps(text, max_steps=4)


def test_size_limit_and_custom_limits() -> None:
    with pytest.raises(TrajectoryParseError, match="characters"):
        extract_json("[" + " " * 2000 + "]", AnswerLimits(max_chars=1000))
    with pytest.raises(TrajectoryParseError, match="nested deeper than 2"):
        loads_untrusted('{"a": {"b": {"c": 1}}}', AnswerLimits(max_depth=2))
    with pytest.raises(TrajectoryParseError):
        loads_untrusted('prose {"a": 1}')  # the whole text must be the value here
    assert loads_untrusted(' {"a": [1, 2.5, "x", null, true]} ') == {"a": [1, 2.5, "x", None, True]}


def test_extraction_is_linear_in_the_answer_length(monkeypatch: pytest.MonkeyPatch) -> None:
    """No timing: count the characters handed to the JSON decoder. The old extraction decoded
    from every bracket to the end of the text, so an unclosed answer cost O(n^2)."""
    work = [0]
    real = json.JSONDecoder.raw_decode

    def counting(self: json.JSONDecoder, s: str, idx: int = 0) -> Any:
        work[0] += len(s) - idx
        return real(self, s, idx)

    monkeypatch.setattr(json.JSONDecoder, "raw_decode", counting)
    text = '{"a": [' * 200 + " tail" * 50
    with pytest.raises(TrajectoryParseError):
        extract_json(text)
    many = "{x} " * 2000 + PLAN
    assert extract_json(many)["steps"][0]["action"] == "visit"
    assert work[0] <= 2 * (len(text) + len(many))


def _record(note: str) -> IterationRecord:
    return IterationRecord(run="r", iteration=0, total=1.0, terms={"a": 1.0}, reason=note,
                           trajectory=json.dumps({"steps": [{"action": "a", "note": note}]}, ensure_ascii=False))


@pytest.mark.parametrize("note", ["\ud800 lone", "line\u2028sep", "para\u2029sep", "next\u0085line", "a\r\nb",
                                  "emoji \U0001f600", "x\udfff"])
def test_history_writes_any_str_and_loads_every_record_back(tmp_path: Path, note: str) -> None:
    path = tmp_path / "h.jsonl"
    hist = History(path)
    for k in range(3):
        hist.append(_record(f"{note} {k}"))
    loaded = History.load(path)
    assert [r.reason for r in loaded] == [f"{note} {k}" for k in range(3)]
    assert path.read_bytes().isascii()
