"""Study: what an agent knows about the requests, and what a human in the loop adds.

The same travel sweep three times, once per request reader: ``rules`` (the query text, the
default), ``llm`` (the engine reads the query under a grammar) and ``gold`` (the evaluator's
``meta_info``: GOLD information, which no real agent has). Each compares autonomous PIVOT with
the simulated-human ORACLE (an upper bound), and the rules sweep may add the baselines. The
tasks are real DeepPlanning queries (``--task-option query_id``) with databases generated to fit
them, so the text the readers see is the benchmark's own.

    python experiments/travel_information.py                                   # queries 20-21, seed 0
    python experiments/travel_information.py --tasks 20-29 --seeds 0-2 --rules-methods all
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from _common import fmt

from pivot_opt.bench import BenchConfig, EnvSpec, load_results, parse_tasks, run_sweep, summarize, write_report
from pivot_opt.bench.config import engine_options

READERS = ("rules", "llm", "gold")


def _parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--tasks", default="20-21", help="real query ids, e.g. 20-29")
    p.add_argument("--seeds", default="0", help="run seeds, e.g. 0-2")
    p.add_argument("--readers", default=",".join(READERS), help="comma-separated readers among rules, llm, gold")
    p.add_argument("--methods", default="pivot,hitl-oracle", help="methods of every reader's sweep")
    p.add_argument("--rules-methods", default=None, help="methods of the rules sweep (e.g. all); default --methods")
    p.add_argument("--engine", default="local")
    p.add_argument("--api-base", default=None)
    p.add_argument("--api-key-env", default=None)
    p.add_argument("--iterations", type=int, default=4)
    p.add_argument("--token-budget", type=int, default=15000)
    p.add_argument("--workers", type=int, default=2)
    p.add_argument("--acceptor", default="lexicographic", help="EVOLVE's acceptor (sweeps before it was the "
                   "default ran with total)")
    p.add_argument("--out", default="bench-runs/travel-information")
    p.add_argument("--report-only", action="store_true", help="only draw the comparison figure of --out")
    return p


def _config(args: argparse.Namespace, reader: str) -> BenchConfig:
    methods = args.rules_methods if reader == "rules" and args.rules_methods else args.methods
    spec = EnvSpec("travel", parse_tasks(args.tasks), task_option="query_id", options={"requests": reader})
    options = engine_options(args.engine, workers=args.workers, api_base=args.api_base, api_key_env=args.api_key_env)
    return BenchConfig([spec], methods=[m.strip() for m in methods.split(",")],
                       seeds=[int(s) for s in parse_tasks(args.seeds)], engine=args.engine, engine_options=options,
                       iterations=args.iterations, token_budget=args.token_budget,
                       out=str(Path(args.out) / reader), workers=args.workers, acceptor=args.acceptor)


def comparison(out: Path, readers: list[str]) -> list[str]:
    """One table: per reader, autonomous PIVOT against the ORACLE (and every other method run)."""
    lines = ["| requests | method | runs | satisfaction | case acc | hidden met | tokens | relative sat gain "
             "| relative case gain |", "|---|---|---|---|---|---|---|---|---|"]
    for reader in readers:
        runs = load_results(out / reader)
        if not runs:
            continue
        label = "**GOLD** (meta_info)" if reader == "gold" else reader
        for r in summarize(runs):
            gain = r["method"] != "pivot"
            lines.append(f"| {label} | {r['method']} | {r['n']} | {fmt(r['satisfaction'])} | {fmt(r['case_acc'], 2)} | "
                         f"{fmt(r['hidden_satisfaction'])} | {r['tokens']:.0f} | "
                         f"{fmt(100 * r['sat_gain'], 1) + '%' if gain else '–'} | "
                         f"{fmt(100 * r['case_gain'], 1) + '%' if gain else '–'} |")
    return lines


def figure(out: Path, readers: list[str], tasks: set[str] | None = None) -> Path:
    """Grouped bars per reader: satisfaction and hidden requirements met, PIVOT vs the ORACLE."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    rows = []
    for reader in readers:
        if not (out / reader / "results").is_dir():
            continue
        runs = [r for r in load_results(out / reader) if r["method"] in ("pivot", "hitl-oracle")
                and (tasks is None or str(r["task"]) in tasks)]
        rows += [(reader, r) for r in summarize(runs)]
    fig, ax = plt.subplots(figsize=(7, 3.6))
    width = 0.2
    for i, (_reader, r) in enumerate(rows):
        x = i // 2 + (i % 2) * 0.45
        for j, (key, color) in enumerate((("satisfaction", "#1f77b4"), ("hidden_satisfaction", "#d62728"))):
            ax.bar(x + j * width, r[key], width, color=color, alpha=1.0 if r["method"] == "pivot" else 0.55,
                   label=("all requirements met" if key == "satisfaction" else "hidden requirements met")
                   if i == 0 else None)
        ax.text(x + width / 2, 1.02, "PIVOT" if r["method"] == "pivot" else "ORACLE", ha="center", fontsize=7)
    ax.set_xticks([k + 0.32 for k in range(len(rows) // 2)],
                  [("GOLD" if reader == "gold" else reader) + " requests" for reader, _ in rows[::2]])
    ax.set_ylim(0, 1.12)
    ax.set_ylabel("share (mean over tasks)")
    ax.legend(loc="lower left", fontsize=8, frameon=False)
    ax.set_title("Travel: how the requests were read, PIVOT vs the simulated-human ORACLE", fontsize=10)
    fig.tight_layout()
    path = out / "readers_oracle.png"
    fig.savefig(path, dpi=120)
    plt.close(fig)
    return path


def main() -> None:
    args = _parser().parse_args()
    readers = [r.strip() for r in args.readers.split(",") if r.strip()]
    if args.report_only:
        print(f"wrote {figure(Path(args.out), readers, {str(t) for t in parse_tasks(args.tasks)})}")
        return
    for reader in readers:
        if reader not in READERS:
            raise SystemExit(f"unknown reader {reader!r}; use {', '.join(READERS)}")
        cfg = _config(args, reader)
        summary = run_sweep(cfg, progress=lambda p, tag=reader: print(f"[{tag}] {p.line()}", flush=True))
        print(f"[{reader}] {summary.ran} runs done, {summary.skipped} already finished, {len(summary.failed)} failed")
        print(f"[{reader}] report: {write_report(cfg.out)}")
    lines = comparison(Path(args.out), readers)
    path = Path(args.out) / "comparison.md"
    path.write_text("\n".join(["# Requests read by each reader: autonomous PIVOT vs the ORACLE", "",
                               f"Settings: {json.dumps(vars(args))}", "", *lines]) + "\n", encoding="utf-8")
    print("\n".join(lines))
    print(f"wrote {path}")


if __name__ == "__main__":
    main()
