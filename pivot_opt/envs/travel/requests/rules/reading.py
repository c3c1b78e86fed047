"""One reading in progress: the sentences, the quoted names, the world's names, the requests so far.

Why one shared object: each family reader adds its requests (with the sentences that state them
as the request's text) and its notes on what it had to assume.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from pivot_opt.envs.kit.requests import StatedRequest
from pivot_opt.envs.travel.requests.rules.names import WorldNames
from pivot_opt.envs.travel.requests.rules.text import QuotedName, Sentence, unmask


@dataclass
class Reading:
    """What the family readers share while reading one query."""

    sentences: list[Sentence]
    names: list[QuotedName]
    world: WorldNames
    frame: dict[str, Any]
    notes: list[str] = field(default_factory=list)
    requests: list[StatedRequest] = field(default_factory=list)

    def text_of(self, idx: Iterable[int]) -> str:
        return " ".join(unmask(self.sentences[i].text, self.names) for i in sorted(set(idx)))

    def add(self, key: str, idx: Iterable[int], params: dict[str, Any]) -> None:
        self.requests.append(StatedRequest(key, self.text_of(idx) or key.replace("_", " "),
                                           {k: v for k, v in params.items() if v is not None}))
