"""search_products: BM25Okapi as rank_bm25 computes it, the score threshold and the limit slice."""

from __future__ import annotations

import math
from collections.abc import Callable
from pathlib import Path
from typing import Any

from pivot_opt.envs.shopping import Catalogue, ShoppingCase, call_tool
from pivot_opt.envs.shopping.data.bm25 import BM25Okapi
from pivot_opt.envs.shopping.data.catalogue import search_text


def reference_score(docs: list[list[str]], query: list[str], index: int) -> float:
    """The textbook formula with rank_bm25's idf floor, written out independently."""
    n, avgdl = len(docs), sum(map(len, docs)) / len(docs)
    vocab = {w for d in docs for w in d}
    raw = {w: math.log(n - sum(w in d for d in docs) + 0.5) - math.log(sum(w in d for d in docs) + 0.5) for w in vocab}
    floor = 0.25 * sum(raw.values()) / len(raw)
    idf = {w: (floor if v < 0 else v) for w, v in raw.items()}
    doc = docs[index]
    total = 0.0
    for token in query:
        tf = doc.count(token)
        total += idf.get(token, 0.0) * tf * 2.5 / (tf + 1.5 * (0.25 + 0.75 * len(doc) / avgdl))
    return total


def test_scores_equal_the_reference_formula_including_negative_idf_floor() -> None:
    docs = [["red", "wool", "coat"], ["red", "silk", "scarf", "red"], ["red", "cap"], ["blue", "wool", "sock"]]
    index = BM25Okapi(docs)
    assert index.idf["red"] > 0 and index.idf["red"] == 0.25 * (sum(
        math.log(4 - c + 0.5) - math.log(c + 0.5) for c in (3, 2, 1, 1, 1, 1, 1, 1)) / 8)
    for query in (["red"], ["wool", "coat"], ["red", "red", "unknown"], ["scarf"]):
        for i in range(len(docs)):
            assert math.isclose(index.scores(query)[i], reference_score(docs, query, i), rel_tol=1e-12)


def test_search_returns_hits_above_two_best_first(case: ShoppingCase, call: Callable[..., Any]) -> None:
    assert call(case, "search_products", query="Down Jacket Black") == {"product_ids": ["a1b2c3d6"]}
    assert call(case, "search_products", query="kids puddle rain boots yellow") == {"product_ids": ["a1b2c3d8"]}
    docs = [search_text(p).lower().split() for p in case.catalogue.searchable]
    assert reference_score(docs, ["down", "jacket", "black"], 5) > 2


def test_words_of_two_products_score_under_the_threshold(case: ShoppingCase, call: Callable[..., Any]) -> None:
    # "ridgeline" and "runner" name two of eight products: each adds under 1, the pair stays below 2
    assert call(case, "search_products", query="ridgeline runner") == {"product_ids": []}
    assert call(case, "search_products", query="") == {"product_ids": []}
    assert call(case, "search_products", query="jacket, black") == {"product_ids": []}  # punctuation stays on tokens


def test_limit_is_a_python_slice(case: ShoppingCase, call: Callable[..., Any]) -> None:
    query = "women's breeze linen shirt lumina"
    both = call(case, "search_products", query=query)["product_ids"]
    assert sorted(both) == ["a1b2c3d3", "a1b2c3d4"]
    assert call(case, "search_products", query=query, limit=1)["product_ids"] == both[:1]
    assert call(case, "search_products", query=query, limit=0)["product_ids"] == []
    assert call(case, "search_products", query=query, limit=-1)["product_ids"] == both[:-1]
    assert "slice indices" in call(case, "search_products", query=query, limit="3")["error"]


def test_missing_index_is_reported_before_the_arguments(tmp_path: Path) -> None:
    case = ShoppingCase("x", tmp_path, Catalogue.from_products([{"product_id": "p", "color": None}]), {})
    assert "BM25 index is not available" in call_tool(case, "search_products", {})
