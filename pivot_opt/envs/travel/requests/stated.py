"""Choosing a request reader and turning its reading into what the travel checks consume."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from pivot_opt.envs.kit.requests import RequestReader, StatedTask, resolve_reader_name
from pivot_opt.errors import ConfigError

if TYPE_CHECKING:
    from pivot_opt.engines.base import Engine

__all__ = ["make_reader", "stated_meta"]


def stated_meta(stated: StatedTask) -> dict[str, Any]:
    """A ``meta_info``-shaped dict of what was *read*: the frame and the stated requests.

    The scheduler and the commonsense checks take a ``meta`` mapping (days, travellers, rooms,
    cities, a budget); an environment gives them this one, so they judge a plan against the
    request as the agent understood it. Parameters carry only what the reader gave.
    """
    meta: dict[str, Any] = dict(stated.frame)
    hard: dict[str, Any] = {}
    for item in stated.requests:
        if item.key not in hard:
            hard[item.key] = {"constraint_context": item.text, **dict(item.params)}
    meta["hard_constraints"] = hard
    return meta


def make_reader(requests: str | RequestReader | None, engine: Engine | None = None) -> RequestReader:
    """The reader for a ``requests=`` option: ``"rules"`` (default), ``"llm"``, ``"gold"`` or a reader."""
    if requests is not None and not isinstance(requests, str):
        if not isinstance(requests, RequestReader):
            raise ConfigError(f"requests={requests!r} is neither a reader name nor an object with "
                              "name, gold and read(task, world)")
        return requests
    name = resolve_reader_name(requests)
    if name == "gold":
        from pivot_opt.envs.travel.requests.gold import GoldReader

        return GoldReader()
    if name == "llm":
        from pivot_opt.envs.travel.requests.llm import LLMReader

        return LLMReader(engine)
    from pivot_opt.envs.travel.requests.rules import RuleReader

    return RuleReader()
