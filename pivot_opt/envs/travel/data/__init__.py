"""Travel data and tools: task records, per-task CSV databases, the nine tools and their schemas."""

from pivot_opt.envs.kit.lazy import lazy_exports

_EXPORTS = {
    "TravelContext": ".context",
    "DatabaseError": ".database",
    "TravelDatabase": ".database",
    "load_database": ".database",
    "load_task_database": ".database",
    "CheckResult": ".records",
    "CostBreakdown": ".records",
    "TravelTask": ".records",
    "load_task": ".tasks",
    "load_tasks": ".tasks",
    "TOOL_SCHEMAS": ".tools",
    "TOOLS": ".tools",
    "call_tool": ".tools",
}
__all__ = sorted(_EXPORTS)
__getattr__, __dir__ = lazy_exports(__name__, _EXPORTS)
