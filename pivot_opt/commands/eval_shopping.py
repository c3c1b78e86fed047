"""``pivot eval --env shopping``: score DeepPlanning shopping carts with the official metrics.

``--cases DIR`` is a run (or level) folder of ``case_<id>/`` folders, each with its final
``cart.json`` and ``validation_cases.json`` (and ``messages.json`` for the completion check),
or one such case folder. A positional cart file is scored against the one case ``--cases``
names. The official reports are written only with ``--report-dir``.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import Any

from pivot_opt.errors import ConfigError

__all__ = ["main"]


def _cart(path: Path) -> dict[str, Any]:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except UnicodeDecodeError as exc:
        raise ConfigError(f"cart file {path} is not UTF-8 text ({exc.reason}); re-save it as UTF-8") from exc
    except json.JSONDecodeError as exc:
        raise ConfigError(f"cart file {path}: line {exc.lineno}: not valid JSON ({exc.msg}); "
                          "pass the cart.json the cart tools wrote") from exc
    if not isinstance(data, dict):
        raise ConfigError(f"cart file {path} must hold a JSON object with items and used_coupons")
    return data


def main(args: argparse.Namespace) -> int:
    from pivot_opt.envs.shopping.data.case import GOLD_FILE
    from pivot_opt.envs.shopping.evaluation.report import evaluate_cases, evaluate_run
    from pivot_opt.envs.shopping.evaluation.scoring import case_report, evaluate_case

    travel_only = [flag for flag, value in (("--task", args.task), ("--task-id", args.task_id), ("--db", args.db),
                                            ("--env-option", args.env_option), ("--lenient-db", args.lenient_db),
                                            ("--write-plan", args.write_plan), ("--write-text", args.write_text))
                   if value]
    if travel_only:
        raise ConfigError(f"{', '.join(travel_only)} are options for travel plans; shopping takes --cases, --case "
                          "and --report-dir")
    if args.cases is None:
        raise ConfigError("pivot eval --env shopping needs --cases DIR: a run folder of case_<id>/ folders, "
                          "or one case folder")
    cases = Path(args.cases)
    if not cases.is_dir():
        raise ConfigError(f"--cases {cases}: folder not found")
    single = (cases / GOLD_FILE).is_file()
    if args.plan is not None:
        if not single:
            raise ConfigError(f"--cases {cases} holds no {GOLD_FILE}; to score one cart, pass its case folder")
        path = Path(args.plan)
        if not path.is_file():
            raise ConfigError(f"cart file {path} not found")
        result = evaluate_case(cases, cart=_cart(path))
        print(json.dumps(case_report(result, "") if result.get("success") else result, ensure_ascii=False, indent=2))
        return 0
    if single:
        summary = evaluate_cases([cases], report_dir=args.report_dir)
    else:
        summary = evaluate_run(cases, case_filter=args.case or None, report_dir=args.report_dir)
        if not summary["case_results"]:
            raise ConfigError(f"--cases {cases} holds no case_<id>/ folder" + (" named " + ", ".join(args.case)
                                                                                if args.case else ""))
    print(json.dumps({"overall_statistics": summary["overall_statistics"], "case_results": summary["case_results"]},
                     ensure_ascii=False, indent=2))
    return 0
