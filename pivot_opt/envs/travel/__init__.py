"""DeepPlanning-compatible travel planning as a pivot-opt environment.

Sub-packages by job: ``data`` (task records, per-task databases, the nine tools), ``evaluation``
(the official commonsense and personalized scores), ``plans`` (steps, scheduler, plan text and
JSON), ``requests`` (what the user asked for, read from the query text, and its visible checks),
``planning`` (action space and planners), ``generator`` (seeded synthetic tasks and databases)
and ``reference`` (ground-truth plans of generated tasks). ``environment`` puts them together.

Importing this package is cheap: every name below is imported when first used.
"""

from pivot_opt.envs.kit.lazy import lazy_exports

_EXPORTS = {
    "clear_time_cache": ".clock",
    "time_cache_enabled": ".clock",
    "use_time_cache": ".clock",
    "TravelContext": ".data.context",
    "DatabaseError": ".data.database",
    "TravelDatabase": ".data.database",
    "load_database": ".data.database",
    "load_task_database": ".data.database",
    "resolve_task_dir": ".data.database",
    "download_official": ".data.download",
    "CheckResult": ".data.records",
    "CostBreakdown": ".data.records",
    "TravelTask": ".data.records",
    "load_task": ".data.tasks",
    "load_tasks": ".data.tasks",
    "TOOLS": ".data.tools",
    "TOOL_SCHEMAS": ".data.tools",
    "call_tool": ".data.tools",
    "query_attraction_details": ".data.tools",
    "query_flight_info": ".data.tools",
    "query_hotel_info": ".data.tools",
    "query_restaurant_details": ".data.tools",
    "query_road_route_info": ".data.tools",
    "query_train_info": ".data.tools",
    "recommend_attractions": ".data.tools",
    "recommend_restaurants": ".data.tools",
    "search_location": ".data.tools",
    "TravelEnv": ".environment",
    "make_travel_env": ".environment",
    "evaluator_cost": ".evaluation.common",
    "COMMONSENSE_CHECKS": ".evaluation.commonsense",
    "commonsense_check": ".evaluation.commonsense",
    "run_commonsense": ".evaluation.commonsense",
    "score_dimensions": ".evaluation.commonsense",
    "PlanStructureError": ".evaluation.evaluator",
    "evaluate_run": ".evaluation.evaluator",
    "score_plan": ".evaluation.evaluator",
    "HARD_CONSTRAINT_KEYS": ".evaluation.personalized",
    "PERSONALIZED_CHECKS": ".evaluation.personalized",
    "check_hard_constraint": ".evaluation.personalized",
    "personalized_score": ".evaluation.personalized",
    "run_personalized": ".evaluation.personalized",
    "generate_task": ".generator.tasks",
    "GrammarChoicePlanner": ".planning.planners",
    "ToolPlanner": ".planning.planners",
    "extract_plan_text": ".plans.text_format",
    "known_names_of": ".plans.text_format",
    "parse_plan_text": ".plans.text_format",
    "render_plan_text": ".plans.text_format",
}
__all__ = sorted(_EXPORTS)
__getattr__, __dir__ = lazy_exports(__name__, _EXPORTS)
