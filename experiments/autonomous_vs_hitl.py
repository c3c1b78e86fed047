"""Study: autonomous PIVOT vs PIVOT with a human in the loop (simulated ORACLE human).

The simulated human reads the task's hidden constraints, so the HITL numbers are an upper
bound on what feedback can add, not a result about people. Two protocols: the human speaks
after each INSPECT (``hitl-oracle``, the channel a person uses) or judges every candidate as
a loss term (``hitl-oracle-term``).

    python experiments/autonomous_vs_hitl.py                       # embedded model, minutes
    python experiments/autonomous_vs_hitl.py --env travel --tasks 0-9 --seeds 0-2
    python experiments/autonomous_vs_hitl.py --engine dspy:openai/gpt-4o-mini --api-key-env OPENAI_API_KEY
"""

from __future__ import annotations

from _common import config, fmt, parser, run

METHODS = ["pivot", "hitl-oracle", "hitl-oracle-term"]


def main() -> None:
    args = parser(__doc__.splitlines()[0], "bench-runs/autonomous-vs-hitl").parse_args()
    rows = run(config(args, METHODS))
    for r in rows:
        gain = "" if r["method"] == "pivot" else (f"  relative satisfaction gain {fmt(100 * r['sat_gain'], 1)}% "
                                                  f"(p={fmt(r['p_satisfaction'])})  [ORACLE upper bound]")
        print(f"{r['env']:>8} {r['method']:<17} satisfaction {fmt(r['satisfaction'])}  case acc "
              f"{fmt(r['case_acc'], 2)}  tokens {r['tokens']:.0f}{gain}")


if __name__ == "__main__":
    main()
