"""Study: does each PIVOT phase matter? PIVOT without PLAN, INSPECT's localisation, EVOLVE's line search, VERIFY.

    python experiments/ablations.py                                # embedded model, minutes
    python experiments/ablations.py --env travel --tasks 0-9 --seeds 0-2
    python experiments/ablations.py --engine dspy:openai/gpt-4o-mini --api-key-env OPENAI_API_KEY
"""

from __future__ import annotations

from _common import config, fmt, parser, run

METHODS = ["pivot", "no-plan", "no-localize", "no-linesearch", "no-verify"]


def main() -> None:
    args = parser(__doc__.splitlines()[0], "bench-runs/ablations").parse_args()
    rows = run(config(args, METHODS))
    base = {r["env"]: r for r in rows if r["method"] == "pivot"}
    for r in rows:
        ref = base.get(r["env"])
        delta = "" if ref is None or r is ref else f"  Δsat {r['satisfaction'] - ref['satisfaction']:+.3f} " \
                                                   f"(p={fmt(r['p_satisfaction'])})"
        print(f"{r['env']:>8} {r['method']:<14} satisfaction {fmt(r['satisfaction'])}  final loss "
              f"{fmt(r['final_loss'])}  tokens {r['tokens']:.0f}{delta}")


if __name__ == "__main__":
    main()
