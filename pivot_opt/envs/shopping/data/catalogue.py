"""A case's product catalogue as the official tools see it, including how they fail to load it.

Why: the fifteen official tools each read ``products.jsonl`` themselves inside one error guard,
so a bad line truncates the catalogue differently per tool (spec §3.1). A :class:`Catalogue`
holds those views once: ``products`` (listing tools: every line up to the first invalid JSON,
stopping after a record without ``product_id``), ``by_id`` (the tools that look ids up) and the
search index (None when any line is invalid JSON or a text field is not a string). On a file
that strict loading accepts, all views are the whole catalogue.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from pivot_opt.envs.shopping.data.bm25 import BM25Okapi
from pivot_opt.envs.shopping.data.records import TEXT_FIELDS

__all__ = ["Catalogue", "search_text"]


def search_text(product: dict[str, Any]) -> str:
    """The document the search tool indexes: the text fields joined with spaces (TypeError if not str)."""
    return " ".join([product.get(name, "") for name in TEXT_FIELDS])


@dataclass
class Catalogue:
    """The per-tool views of one case's products (see the module docstring)."""

    products: list[Any] = field(default_factory=list)
    by_id: dict[str, dict[str, Any]] = field(default_factory=dict)
    searchable: list[dict[str, Any]] = field(default_factory=list)
    index: BM25Okapi | None = None

    @classmethod
    def from_lines(cls, lines: Iterable[str]) -> Catalogue:
        """Build every view from the file's lines with the official loading rules."""
        lines = list(lines)
        cat = cls()
        for line in lines:  # listing and id tools: stop at the first unreadable line
            if not line.strip():
                continue
            try:
                product = json.loads(line)
            except json.JSONDecodeError:
                break
            cat.products.append(product)
            if not isinstance(product, dict) or "product_id" not in product:
                break
            cat.by_id[product["product_id"]] = product
        corpus: list[str] = []
        try:  # search: any failure leaves it without an index
            for line in lines:
                if line.strip():
                    product = json.loads(line)
                    cat.searchable.append(product)
                    corpus.append(search_text(product))
            if corpus:
                cat.index = BM25Okapi([doc.lower().split() for doc in corpus])
        except Exception:  # the official guard: invalid JSON, a null or numeric text field, no words
            cat.index = None
        return cat

    @classmethod
    def from_products(cls, products: Iterable[dict[str, Any]]) -> Catalogue:
        """A catalogue from records in memory (tests, the generator)."""
        return cls.from_lines(json.dumps(p, ensure_ascii=False) for p in products)
