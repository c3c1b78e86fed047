"""Bounded, linear-time reading of JSON from model answers.

A model's answer is untrusted input: it may be huge, nested thousands deep (``json`` then
raises ``RecursionError``), cut off mid-value, hold NaN, 5,000-digit numbers, duplicate keys or
lone surrogates. Every place that reads model JSON goes through :func:`extract_json` (prose or
a code fence around one value) or :func:`loads_untrusted` (the whole text is the value), which
check the limits *before* decoding and raise :class:`~pivot_opt.errors.TrajectoryParseError`
for anything outside them, so a bad answer is a rejected candidate and never a crash.

A truncated answer is an error, not its first complete inner object: the scan only accepts a
top-level value whose brackets all close.
"""

from __future__ import annotations

import json
import math
import re
from dataclasses import dataclass
from typing import Any

from pivot_opt.errors import TrajectoryParseError

__all__ = ["DEFAULT_LIMITS", "AnswerLimits", "extract_json", "extract_object", "loads_untrusted"]


@dataclass(frozen=True)
class AnswerLimits:
    """What a model answer may hold; anything beyond is rejected, never cut.

    The defaults are far above any real plan (a converted 7-day travel plan is ~80 steps,
    ~15 k characters, depth 4) and far below what could exhaust memory or the stack.
    """

    max_chars: int = 1_000_000
    max_depth: int = 32
    max_string: int = 20_000
    max_items: int = 100_000
    max_digits: int = 100


DEFAULT_LIMITS = AnswerLimits()

_FENCE = re.compile(r"```(?:json)?\s*(.*?)```", re.DOTALL)
# A string (closed, or running to the end of the text) or one bracket: the scan skips string
# contents in one regex step, so it is linear in the text length.
_TOKEN = re.compile(r'"[^"\\]*(?:\\.[^"\\]*)*(?:"|\Z)|[\[\]{}]', re.DOTALL)
_OPENER = re.compile(r"[\[{]")
_CLOSER = {"]": "[", "}": "{"}


class _Rejected(TrajectoryParseError):
    """Outside the limits or not valid data: the whole answer is rejected, no other span is tried."""


def _reject_constant(name: str) -> Any:
    raise _Rejected(f"the answer holds {name}, which is not a JSON number; write a finite number")


def _hooks(limits: AnswerLimits) -> dict[str, Any]:
    def parse_float(text: str) -> float:
        value = float(text)
        if not math.isfinite(value):
            raise _Rejected(f"the number {text[:20]} is out of range")
        return value

    def parse_int(text: str) -> int:
        if len(text) > limits.max_digits:
            raise _Rejected(f"a number has {len(text)} digits, more than {limits.max_digits}")
        return int(text)

    def pairs(items: list[tuple[str, Any]]) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for key, value in items:
            if key in out:
                raise _Rejected(f"the key {key[:40]!r} appears twice in one object")
            out[key] = value
        return out

    return {"parse_float": parse_float, "parse_int": parse_int, "parse_constant": _reject_constant,
            "object_pairs_hook": pairs, "strict": False}


def _check_text(text: Any, limits: AnswerLimits) -> str:
    if not isinstance(text, str):
        raise _Rejected(f"expected answer text, got {type(text).__name__}")
    if len(text) > limits.max_chars:
        raise _Rejected(f"the answer has {len(text)} characters, more than the limit of {limits.max_chars}")
    return text


def _check_value(value: Any, limits: AnswerLimits) -> Any:
    """Walk a decoded value (iteratively) for string length, item count and valid Unicode."""
    items = 0
    todo = [value]
    while todo:
        v = todo.pop()
        if isinstance(v, dict):
            items += len(v)
            todo.extend(v.keys())
            todo.extend(v.values())
        elif isinstance(v, list):
            items += len(v)
            todo.extend(v)
        elif isinstance(v, str):
            if len(v) > limits.max_string:
                raise _Rejected(f"a string has {len(v)} characters, more than the limit of {limits.max_string}")
            try:
                v.encode("utf-8")
            except UnicodeEncodeError:
                raise _Rejected("a string holds a lone surrogate (invalid Unicode)") from None
        if items > limits.max_items:
            raise _Rejected(f"the answer has more than {limits.max_items} items")
    return value


def _decode(text: str, limits: AnswerLimits) -> Any:
    """``json.loads`` with the limit hooks; syntax errors are plain :class:`TrajectoryParseError`."""
    try:
        value = json.loads(text, **_hooks(limits))
    except _Rejected:
        raise
    except (ValueError, RecursionError) as exc:  # JSONDecodeError, over-long ints, deep input
        raise TrajectoryParseError(f"not valid JSON ({str(exc)[:120]})") from None
    return _check_value(value, limits)


def _spans(text: str, limits: AnswerLimits) -> tuple[list[tuple[int, int]], bool]:
    """Top-level balanced ``[...]``/``{...}`` spans in order, and whether one never closed.

    One pass: after a span closes (or its brackets mismatch) the scan goes on after it. A span
    that never closes ends the scan: its inner values are not tried (that would read a truncated
    plan as its first step). Nesting deeper than ``max_depth`` rejects the answer.
    """
    spans: list[tuple[int, int]] = []
    pos, n = 0, len(text)
    while pos < n:
        opener = _OPENER.search(text, pos)
        if opener is None:
            return spans, False
        start = opener.start()
        stack: list[str] = []
        end = None
        for tok in _TOKEN.finditer(text, start):
            ch = tok.group()
            if ch in "[{":
                stack.append(ch)
                if len(stack) > limits.max_depth:
                    raise _Rejected(f"the answer is nested deeper than {limits.max_depth} levels")
            elif ch in "]}":
                if not stack or stack.pop() != _CLOSER[ch]:
                    end = -tok.end()  # mismatched: not a value; resume after it
                    break
                if not stack:
                    end = tok.end()
                    break
        if end is None:
            return spans, True
        if end > 0:
            spans.append((start, end))
        pos = abs(end)
    return spans, False


def _first_value(text: str, limits: AnswerLimits) -> tuple[bool, Any, bool]:
    """(found, value, truncated) for the first top-level span of ``text`` that decodes."""
    spans, truncated = _spans(text, limits)
    for start, end in spans:
        try:
            return True, _decode(text[start:end], limits), truncated
        except _Rejected:
            raise
        except TrajectoryParseError:
            continue
    return False, None, truncated


def extract_json(text: str, limits: AnswerLimits = DEFAULT_LIMITS) -> Any:
    """The JSON array or object in a model answer: a fenced block's, else the first in the text.

    Prose around the value is fine; a value that never closes (a truncated answer) is an error.
    """
    text = _check_text(text, limits)
    truncated = False
    for block in _FENCE.finditer(text):
        found, value, cut = _first_value(block.group(1), limits)
        if found:
            return value
        truncated = truncated or cut
    found, value, cut = _first_value(text, limits)
    if found:
        return value
    if truncated or cut:
        raise TrajectoryParseError(
            "the answer ends inside a JSON value (truncated: raise max_tokens or ask for a shorter plan); "
            f"got: ...{text[-120:]!r}"
        )
    raise TrajectoryParseError(
        "no JSON plan found in the text; expected a JSON list of steps or an object with "
        f"a 'steps' list, got: {text[:160]!r}"
    )


def extract_object(text: str, limits: AnswerLimits = DEFAULT_LIMITS) -> dict[str, Any]:
    """:func:`extract_json` that must give an object (the shape of every grammar-decoded choice)."""
    value = extract_json(text, limits)
    if not isinstance(value, dict):
        raise TrajectoryParseError(f"expected a JSON object, got {type(value).__name__}")
    return value


def loads_untrusted(text: str, limits: AnswerLimits = DEFAULT_LIMITS) -> Any:
    """The whole ``text`` as one JSON value (no prose around it), within ``limits``."""
    text = _check_text(text, limits)
    stripped = text.strip()
    if stripped[:1] in ("[", "{"):
        _, truncated = _spans(stripped, limits)
        if truncated:
            raise TrajectoryParseError("the JSON value never closes (truncated)")
    return _decode(stripped, limits)
