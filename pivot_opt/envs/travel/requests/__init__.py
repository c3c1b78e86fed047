"""What the user asked for: read from the query text by a reader, checked on the database.

Readers: :class:`RuleReader` (the query's English, zero tokens; the default), :class:`LLMReader`
(an engine under a grammar over the request types and the database's values) and
:class:`GoldReader` (the evaluator's ``meta_info``: studies only, labelled gold). All produce a
:class:`~pivot_opt.envs.kit.requests.StatedTask`; :mod:`.checks` turns it into visible constraints.
"""

from pivot_opt.envs.kit.lazy import lazy_exports

_EXPORTS = {
    "Request": ".checks",
    "build_requests": ".checks",
    "check_request": ".checks",
    "protected_names": ".checks",
    "request_constraints": ".checks",
    "spec_of": ".checks",
    "GoldReader": ".gold",
    "visible_params": ".gold",
    "LLMReader": ".llm",
    "RuleReader": ".rules",
    "read_frame": ".frame",
    "make_reader": ".stated",
    "stated_meta": ".stated",
    "REQUEST_PARAMS": ".types",
    "REQUEST_TYPES": ".types",
    "WorldValues": ".world",
    "world_values": ".world",
}
__all__ = sorted(_EXPORTS)
__getattr__, __dir__ = lazy_exports(__name__, _EXPORTS)
