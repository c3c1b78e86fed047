"""Helpers for the shopping tests: writing small case folders."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

FIXTURES = Path(__file__).parent / "fixtures"


def write_case(folder: Path, products: list[Any] | str, user: Any = None, cart: Any = None) -> Path:
    """A case folder from records (or raw ``products.jsonl`` text) for loading tests."""
    folder.mkdir(parents=True, exist_ok=True)
    text = products if isinstance(products, str) else "".join(json.dumps(p) + "\n" for p in products)
    (folder / "products.jsonl").write_text(text, encoding="utf-8")
    (folder / "user_info.json").write_text(json.dumps(user if user is not None else {"user_id": "U1"}))
    (folder / "cart.json").write_text(json.dumps(cart if cart is not None else {"user_id": "U1", "items": []}))
    return folder
