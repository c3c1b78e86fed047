"""The environment kit: what every environment package reuses instead of writing again.

- :mod:`.tables`: a per-task folder of CSV tables (layout, strict/lenient loading, clear errors);
- :mod:`.tools`: OpenAI-style tool schemas, the argument check, a dispatcher that never raises;
- :mod:`.choice`: grammar-choice planning (enum schemas, ranking, a fallback, the failure log);
- :mod:`.requests`: reading the user's requests from the query text (the information rule);
- :mod:`.generate`: seeded random streams and byte-stable CSV files for synthetic tasks;
- :mod:`.download`: fetching a data archive, its checksum and a safe unpack;
- :mod:`.lazy`: lazy re-exports for a package's ``__init__``.

Names are re-exported lazily, so ``import pivot_opt.envs.kit`` loads nothing heavy. See
``docs/writing-an-environment.md`` for a walk-through with a tested example.
"""

from pivot_opt.envs.kit.lazy import lazy_exports

_EXPORTS = {
    "EnumChooser": ".choice",
    "FailureLog": ".choice",
    "enum_list": ".choice",
    "enum_object": ".choice",
    "pick": ".choice",
    "pick_list": ".choice",
    "ranked": ".choice",
    "ArchiveError": ".download",
    "fetch_archive": ".download",
    "unpack_archive": ".download",
    "derive_rng": ".generate",
    "write_csv": ".generate",
    "write_tables": ".generate",
    "GOLD_LABEL": ".requests",
    "READER_NAMES": ".requests",
    "RequestReader": ".requests",
    "StatedRequest": ".requests",
    "StatedTask": ".requests",
    "reader_label": ".requests",
    "resolve_reader_name": ".requests",
    "Table": ".tables",
    "TableError": ".tables",
    "TableLayout": ".tables",
    "TableSpec": ".tables",
    "find_task_dir": ".tables",
    "ArgumentProblem": ".tools",
    "ToolArgumentError": ".tools",
    "ToolBox": ".tools",
    "ToolIndex": ".tools",
    "check_arguments": ".tools",
    "describe_tools": ".tools",
    "parameters_of": ".tools",
    "string_param": ".tools",
    "tool_name": ".tools",
    "tool_schema": ".tools",
    "typed_param": ".tools",
    "validate_arguments": ".tools",
}
__all__ = sorted(["lazy_exports", *_EXPORTS])
__getattr__, __dir__ = lazy_exports(__name__, _EXPORTS)
