"""Study: loss curves (per iteration and per cumulative token) of every method, and one run's per-term curve.

Writes the sweep's figures (``report/<env>_loss_vs_iteration.png`` and
``<env>_loss_vs_tokens.png``) and, for the first task and seed, PIVOT's own per-term loss
curve from its history with :func:`pivot_opt.plot.loss_curve`.

    python experiments/loss_curves.py                              # embedded model, minutes
    python experiments/loss_curves.py --methods pivot,textgrad,reflexion --env travel --tasks 0-4
    python experiments/loss_curves.py --engine dspy:openai/gpt-4o-mini --api-key-env OPENAI_API_KEY
"""

from __future__ import annotations

from pathlib import Path

from _common import config, parser, run

from pivot_opt.bench import load_results, resolve_methods
from pivot_opt.plot import loss_curve


def main() -> None:
    p = parser(__doc__.splitlines()[0], "bench-runs/loss-curves")
    p.add_argument("--methods", default="pivot,no-linesearch,textgrad,self-refine,reflexion,best-of-n")
    args = p.parse_args()
    methods = [m.name for m in resolve_methods(args.methods)]
    cfg = config(args, methods)
    run(cfg)
    out = Path(cfg.out) / "report"
    print(f"figures: {out / f'{args.env}_loss_vs_iteration.png'}, {out / f'{args.env}_loss_vs_tokens.png'}")
    first = next(r for r in load_results(cfg.out) if r["method"] == methods[0])
    path = out / f"{methods[0]}_{first['task']}_s{first['seed']}_terms.png"
    loss_curve(Path(cfg.out) / first["history"], out=path, title=f"{methods[0]} on {first['env']} {first['task']}")
    print(f"per-term curve of one run: {path}")


if __name__ == "__main__":
    main()
