"""Study: PIVOT's constraint satisfaction and tokens against TextGrad, Self-Refine, Reflexion, Best-of-N.

Same initial plan, engine, INSPECT and per-run budget for every method. Prints each
baseline's token ratio to PIVOT (all pairs, and pairs where the baseline's final
satisfaction is at least PIVOT's) with the paired tests.

    python experiments/tokens_vs_baselines.py                      # embedded model, minutes
    python experiments/tokens_vs_baselines.py --env travel --tasks 0-9 --seeds 0-2 --token-budget 20000
    python experiments/tokens_vs_baselines.py --engine dspy:openai/gpt-4o-mini --api-key-env OPENAI_API_KEY
"""

from __future__ import annotations

from _common import config, fmt, parser, run

METHODS = ["pivot", "textgrad", "self-refine", "reflexion", "best-of-n"]


def main() -> None:
    args = parser(__doc__.splitlines()[0], "bench-runs/tokens-vs-baselines").parse_args()
    rows = run(config(args, METHODS))
    for r in rows:
        print(f"{r['env']:>8} {r['method']:<12} satisfaction {fmt(r['satisfaction'])}  tokens {r['tokens']:.0f}  "
              f"tokens/PIVOT {fmt(r['tok_ratio'], 2)}  at sat>=PIVOT {fmt(r['tok_ratio_at_sat'], 2)} "
              f"({r['n_at_sat']}/{r['n_pairs']})  p(sat) {fmt(r['p_satisfaction'])}  p(tokens) {fmt(r['p_tokens'])}")


if __name__ == "__main__":
    main()
