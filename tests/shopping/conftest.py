"""Shopping fixtures: the hand-written cases (invented products) opened in a working folder."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from shop_support import FIXTURES

from pivot_opt.envs.shopping import ShoppingCase, call_tool, open_case


@pytest.fixture
def case(tmp_path: Path) -> ShoppingCase:
    """Case 1 (no coupons owned, not VIP) in a fresh working folder."""
    return open_case(FIXTURES / "case_1", tmp_path / "work")


@pytest.fixture
def vip_case(tmp_path: Path) -> ShoppingCase:
    """Case 2 (a VIP owning coupons) in a fresh working folder."""
    return open_case(FIXTURES / "case_2", tmp_path / "work2")


@pytest.fixture
def call() -> Callable[..., Any]:
    """``call(case, tool, **arguments)``: the decoded answer of one call sent as JSON text."""

    def run(case: ShoppingCase, name: str, **arguments: Any) -> Any:
        return json.loads(call_tool(case, name, json.dumps(arguments, ensure_ascii=False)))

    return run
