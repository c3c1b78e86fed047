"""DeepPlanning-compatible travel planning: data layer, tools, plan formats and evaluator.

Importing this package is cheap (stdlib only). The public surface:

- data: :func:`load_tasks`, :func:`load_task`, :func:`load_database`, :func:`load_task_database`,
  :class:`TravelDatabase`, :class:`TravelTask`, :func:`download_official`;
- tools: :data:`TOOL_SCHEMAS`, :data:`TOOLS`, :func:`call_tool` and the nine tool functions;
- plans: :func:`parse_plan_text`, :func:`render_plan_text`, :func:`extract_plan_text`;
- evaluation: :func:`score_plan`, :func:`evaluate_run`, :data:`COMMONSENSE_CHECKS`,
  :data:`PERSONALIZED_CHECKS`, :func:`check_hard_constraint`, :class:`CheckResult`.
"""

from pivot_opt.envs.travel.common import evaluator_cost
from pivot_opt.envs.travel.commonsense import (
    COMMONSENSE_CHECKS,
    commonsense_check,
    run_commonsense,
    score_dimensions,
)
from pivot_opt.envs.travel.database import (
    DatabaseError,
    TravelDatabase,
    load_database,
    load_task_database,
    resolve_task_dir,
)
from pivot_opt.envs.travel.download import download_official
from pivot_opt.envs.travel.evaluator import PlanStructureError, evaluate_run, score_plan
from pivot_opt.envs.travel.personalized import (
    HARD_CONSTRAINT_KEYS,
    PERSONALIZED_CHECKS,
    check_hard_constraint,
    personalized_score,
    run_personalized,
)
from pivot_opt.envs.travel.plan_format import (
    extract_plan_text,
    known_names_of,
    parse_plan_text,
    render_plan_text,
)
from pivot_opt.envs.travel.records import CheckResult, CostBreakdown, TravelTask
from pivot_opt.envs.travel.tasks import load_task, load_tasks
from pivot_opt.envs.travel.tools import (
    TOOL_SCHEMAS,
    TOOLS,
    call_tool,
    query_attraction_details,
    query_flight_info,
    query_hotel_info,
    query_restaurant_details,
    query_road_route_info,
    query_train_info,
    recommend_attractions,
    recommend_restaurants,
    search_location,
)

__all__ = [
    "COMMONSENSE_CHECKS",
    "HARD_CONSTRAINT_KEYS",
    "PERSONALIZED_CHECKS",
    "TOOLS",
    "TOOL_SCHEMAS",
    "CheckResult",
    "CostBreakdown",
    "DatabaseError",
    "PlanStructureError",
    "TravelDatabase",
    "TravelTask",
    "call_tool",
    "check_hard_constraint",
    "commonsense_check",
    "download_official",
    "evaluate_run",
    "evaluator_cost",
    "extract_plan_text",
    "known_names_of",
    "load_database",
    "load_task",
    "load_task_database",
    "load_tasks",
    "parse_plan_text",
    "personalized_score",
    "query_attraction_details",
    "query_flight_info",
    "query_hotel_info",
    "query_restaurant_details",
    "query_road_route_info",
    "query_train_info",
    "recommend_attractions",
    "recommend_restaurants",
    "render_plan_text",
    "resolve_task_dir",
    "run_commonsense",
    "run_personalized",
    "score_dimensions",
    "score_plan",
    "search_location",
]
