"""Okapi BM25 exactly as ``rank_bm25.BM25Okapi`` ranks (k1 1.5, b 0.75, epsilon 0.25; spec §5.1).

Why hand-written: the official search tool uses that package, which is not a dependency here;
the formula is short and the flooring of negative idf values is the part results depend on.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

__all__ = ["BM25Okapi"]


class BM25Okapi:
    """An index over tokenised documents; :meth:`scores` gives one score per document."""

    def __init__(self, corpus: Sequence[Sequence[str]], k1: float = 1.5, b: float = 0.75,
                 epsilon: float = 0.25) -> None:
        if not corpus:
            raise ValueError("BM25 needs at least one document")
        self.k1, self.b = k1, b
        self.doc_freqs: list[dict[str, int]] = []
        self.doc_len: list[int] = []
        containing: dict[str, int] = {}
        for document in corpus:
            freqs: dict[str, int] = {}
            for word in document:
                freqs[word] = freqs.get(word, 0) + 1
            self.doc_freqs.append(freqs)
            self.doc_len.append(len(document))
            for word in freqs:
                containing[word] = containing.get(word, 0) + 1
        n = len(corpus)
        self.avgdl = sum(self.doc_len) / n
        self.idf: dict[str, float] = {}
        negative = []
        for word, count in containing.items():
            idf = math.log(n - count + 0.5) - math.log(count + 0.5)
            self.idf[word] = idf
            if idf < 0:
                negative.append(word)
        average = sum(self.idf.values()) / len(self.idf)  # ZeroDivisionError when every doc is empty
        for word in negative:
            self.idf[word] = epsilon * average

    def scores(self, query: Sequence[str]) -> list[float]:
        """Σ over query tokens (repeats count again) of idf · tf·(k1+1) / (tf + k1·(1−b+b·|D|/avgdl))."""
        out = [0.0] * len(self.doc_freqs)
        for token in query:
            idf = self.idf.get(token) or 0.0
            for i, freqs in enumerate(self.doc_freqs):
                tf = freqs.get(token) or 0
                norm = tf + self.k1 * (1 - self.b + self.b * self.doc_len[i] / self.avgdl)
                out[i] += idf * (tf * (self.k1 + 1) / norm)
        return out
