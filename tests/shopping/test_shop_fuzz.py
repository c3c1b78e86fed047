"""Any arguments a model sends to any tool give a JSON answer, never an exception."""

from __future__ import annotations

import json
import shutil
import tempfile
from pathlib import Path
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st
from shop_support import FIXTURES

from pivot_opt.envs.shopping import TOOLS, call_tool, open_case

KEYS = ["query", "limit", "product_ids", "product_id", "brand_names", "colors", "sizes", "coupon_names",
        "condition_key", "operator", "value", "sort_by", "order", "destination_address", "user_id", "quantity",
        "coupon_name"]
WORDS = ["a1b2c3d1", "price", "rating.star_counts.1", "VIP: ¥200 off every ¥1,000"]
json_values = st.recursive(
    st.none() | st.booleans() | st.integers(-10, 10**6) | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(max_size=12) | st.sampled_from(WORDS),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=5), inner, max_size=3),
    max_leaves=8,
)
arguments = st.dictionaries(st.sampled_from(KEYS), json_values, max_size=4) | json_values | st.text(max_size=30)


@settings(max_examples=150, deadline=None)
@given(name=st.sampled_from([*TOOLS, "no_such_tool"]), args=arguments, as_text=st.booleans(),
       checked=st.booleans())
def test_every_call_answers_json(name: str, args: Any, as_text: bool, checked: bool) -> None:
    work = Path(tempfile.mkdtemp(prefix="shop-fuzz-"))
    try:
        case = open_case(FIXTURES / "case_2", work / "w")
        sent = json.dumps(args) if as_text and not isinstance(args, str) else args
        answer = call_tool(case, name, sent, checked=checked)
        assert isinstance(json.loads(answer), dict)
    finally:
        shutil.rmtree(work)
