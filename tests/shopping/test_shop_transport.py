"""calculate_transport_time: the region matrix, remote provinces, carriers and the official normalisation."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from pivot_opt.envs.shopping import ShoppingCase, delivery_days, normalize_province
from pivot_opt.envs.shopping.data.regions import BASE_DAYS

Call = Callable[..., Any]


@pytest.mark.parametrize(("product", "destination", "days"), [
    ("a1b2c3d1", "zhejiang", 1),     # Zhejiang EC -> EC 1, SF Express -2, at least 1
    ("a1b2c3d2", "zhejiang", 3),     # Guangdong SC -> EC 2, YTO Express +1
    ("a1b2c3d3", "Zhejiang Province", 1),  # Beijing NC -> EC 2, JD Logistics -1; "province" is dropped
    ("a1b2c3d4", "zhejiang", 8),     # Xinjiang NW -> EC 4, remote +2, China Post +2
    ("a1b2c3d6", "zhejiang", 4),     # neimenggu = inner mongolia NC -> EC 2, remote +2, EMS 0
    ("a1b2c3d7", "guangdong", 4),    # Sichuan SW -> SC 3, Cainiao +1
    ("a1b2c3d8", "hubei", 1),        # Hubei CC -> CC 1; 'sf_express' is not a key: 0
    ("a1b2c3d8", "beijing", 2),
])
def test_delivery_days(case: ShoppingCase, call: Call, product: str, destination: str, days: int) -> None:
    got = call(case, "calculate_transport_time", product_id=product, destination_address=destination,
               provider="sf express")  # the provider argument is ignored
    assert got["estimated_delivery_days"] == days and got["destination"] == destination


def test_normalisation_quirks_are_kept() -> None:
    assert normalize_province("neimenggu") == "inner mongolia"
    assert normalize_province("Inner Mongolia") == "hubei"  # 'innermongolia' contains the alias 'e'
    assert normalize_province("shenzhen,guangdong") == "shanghai"  # 'sh' comes first in the scan
    assert normalize_province("Chongqing City") == "chongqing"
    assert normalize_province("xyz") is None and normalize_province("") is None
    assert BASE_DAYS["SC"]["NE"] == BASE_DAYS["NE"]["SC"] == 4
    assert delivery_days("tibet", "tibet", "sf express") == 1  # 1 + 2 - 2


def test_errors(case: ShoppingCase, call: Call) -> None:
    assert call(case, "calculate_transport_time", product_id="zzz", destination_address="hubei") == {
        "error": "Product with ID 'zzz' not found."}
    assert call(case, "calculate_transport_time", product_id="a1b2c3d1", destination_address="xyz") == {
        "error": "Could not determine a valid province from destination address: 'xyz'. "
                 "Please provide a valid Chinese province name."}
    assert call(case, "calculate_transport_time", product_id="a1b2c3d1") == {
        "error": "Missing required argument: destination_address"}
