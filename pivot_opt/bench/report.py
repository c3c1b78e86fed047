"""The sweep report: one table per environment (Markdown and CSV), the per-run CSV, the figures.

Per method: mean and 95% bootstrap CI of final loss, constraint satisfaction, case accuracy,
hard-pass rate, tokens and wall time; paired Wilcoxon tests against PIVOT (same task, same
seed); the token ratio to PIVOT over all pairs and over the pairs where the method's final
satisfaction is equal to or better than PIVOT's; the relative satisfaction gain of the HITL
oracle methods over PIVOT; the tokens each method needs to reach fixed satisfaction levels, with
the ratio to PIVOT (:mod:`pivot_opt.bench.anytime`). Numbers are reported as measured, whatever
they show.
"""

from __future__ import annotations

import csv
import math
import time
from pathlib import Path
from typing import Any

from pivot_opt.bench import figures
from pivot_opt.bench.anytime import LEVELS, reach_table
from pivot_opt.bench.config import read_json
from pivot_opt.bench.methods import METHODS
from pivot_opt.bench.stats import (
    FEW_RUNS,
    mean_ci,
    paired,
    paired_test,
    refine_tokens,
    relative_gain,
    token_ratios,
    warn_few_runs,
)
from pivot_opt.errors import ConfigError

__all__ = ["hidden_satisfaction", "load_results", "summarize", "write_report"]

REFERENCE = "pivot"
METRICS = ["final_loss", "satisfaction", "case_acc", "hard_pass", "tokens", "wall_time"]
RUN_COLUMNS = ["env", "task", "method", "family", "seed", "final_loss", "satisfaction", "hard_satisfaction",
               "case_acc", "hard_pass", "tokens", "wall_time", "iterations", "stopped", "returned_iteration",
               "best_loss", "best_satisfaction", "information"]
REACH_COLUMNS = ["env", "level", "method", "n", "n_reach", "share_reach", "median_tokens", "ratio", "ratio_lo",
                 "ratio_hi", "n_pairs"]


def load_results(out: str | Path) -> list[dict[str, Any]]:
    """Every result file of a sweep folder, in a stable order."""
    root = Path(out) / "results"
    if not root.is_dir():
        raise ConfigError(f"no results in {out}; run `pivot bench ... --out {out}` first")
    runs = [d for p in sorted(root.rglob("*.json")) if isinstance(d := read_json(p), dict) and "method" in d]
    order = {name: k for k, name in enumerate(METHODS)}
    return sorted(runs, key=lambda r: (r["env"], order.get(r["method"], 99), r["method"], str(r["task"]), r["seed"]))


def hidden_satisfaction(run: dict[str, Any]) -> float:
    """Share of the hidden requirements (what only an oracle knows) the returned plan meets; nan if none."""
    hidden = [item for item in (run.get("verdict") or {}).get("items", []) if item.get("hidden")]
    return sum(bool(item["passed"]) for item in hidden) / len(hidden) if hidden else math.nan


def summarize(runs: list[dict[str, Any]], reference: str = REFERENCE) -> list[dict[str, Any]]:
    """One row per (environment, method) with means, CIs, paired tests and token ratios."""
    rows = []
    for env in sorted({r["env"] for r in runs}):
        here = [r for r in runs if r["env"] == env]
        ref = [r for r in here if r["method"] == reference]
        ref_sat = mean_ci([r["satisfaction"] for r in ref])[0] if ref else math.nan
        ref_case = mean_ci([float(r["case_acc"]) for r in ref])[0] if ref else math.nan
        methods = list(dict.fromkeys(r["method"] for r in here))
        for method in methods:
            items = [r for r in here if r["method"] == method]
            row: dict[str, Any] = {"env": env, "method": method, "family": items[0]["family"], "n": len(items),
                                   "tasks": len({str(r["task"]) for r in items}),
                                   "seeds": len({r["seed"] for r in items})}
            for key in METRICS:
                mean, lo, hi = mean_ci([float(r[key]) for r in items])
                row[key], row[f"{key}_lo"], row[f"{key}_hi"] = mean, lo, hi
            row["best_satisfaction"] = mean_ci([r["best_satisfaction"] for r in items])[0]
            hidden = [h for r in items if not math.isnan(h := hidden_satisfaction(r))]
            row["hidden_satisfaction"] = mean_ci(hidden)[0] if hidden else math.nan
            pairs = paired(items, ref) if method != reference else []
            ratios = token_ratios(pairs) if pairs else {"ratio": math.nan, "ratio_refine": math.nan,
                                                        "ratio_at_sat": math.nan, "n_at_sat": 0, "n": 0}
            row["refine_tokens"] = mean_ci([refine_tokens(r) for r in items])[0]
            row.update({"tok_ratio": ratios["ratio"], "tok_ratio_refine": ratios["ratio_refine"],
                        "tok_ratio_at_sat": ratios["ratio_at_sat"], "n_at_sat": ratios["n_at_sat"],
                        "n_pairs": ratios["n"]})
            for key in ("satisfaction", "tokens", "final_loss"):
                row[f"p_{key}"] = (paired_test([a[key] for a, _ in pairs], [b[key] for _, b in pairs])
                                   if pairs else math.nan)
            row["sat_gain"] = relative_gain(row["satisfaction"], ref_sat) if method != reference else math.nan
            row["case_gain"] = relative_gain(row["case_acc"], ref_case) if method != reference else math.nan
            rows.append(row)
    return rows


def _f(value: float, digits: int = 3) -> str:
    return "–" if value is None or (isinstance(value, float) and math.isnan(value)) else f"{value:.{digits}f}"


def _ci(row: dict[str, Any], key: str, digits: int = 3) -> str:
    mean, lo, hi = row[key], row[f"{key}_lo"], row[f"{key}_hi"]
    if math.isnan(lo):
        return _f(mean, digits)
    return f"{_f(mean, digits)} [{_f(lo, digits)}, {_f(hi, digits)}]"


def _p(value: float) -> str:
    return "–" if math.isnan(value) else ("<0.001" if value < 0.001 else f"{value:.3f}")


def _table(rows: list[dict[str, Any]]) -> list[str]:
    head = ("| method | family | runs | final loss | satisfaction | case acc | hard pass | tokens | wall s "
            "| tokens / PIVOT | after-PLAN tokens / PIVOT | tokens / PIVOT at sat ≥ PIVOT (pairs) | p sat | p tokens |")
    lines = [head, "|" + "---|" * (head.count("|") - 1)]
    for r in rows:
        at_sat = f"{_f(r['tok_ratio_at_sat'], 2)} ({r['n_at_sat']}/{r['n_pairs']})" if r["n_pairs"] else "–"
        lines.append(
            f"| {r['method']} | {r['family']} | {r['n']} | {_ci(r, 'final_loss')} | {_ci(r, 'satisfaction')} | "
            f"{_ci(r, 'case_acc', 2)} | {_ci(r, 'hard_pass', 2)} | {_ci(r, 'tokens', 0)} | {_ci(r, 'wall_time', 1)} | "
            f"{_f(r['tok_ratio'], 2)} | {_f(r['tok_ratio_refine'], 2)} | {at_sat} | {_p(r['p_satisfaction'])} | "
            f"{_p(r['p_tokens'])} |")
    return lines


def _manifest_lines(out: Path) -> list[str]:
    manifest = read_json(out / "sweep.json") or {}
    s = manifest.get("settings", {})
    if not s:
        return []
    envs = "; ".join(f"{e['name']} tasks {e['tasks']}" for e in manifest.get("envs", []))
    return [f"- engine: `{s.get('engine')}`; iterations per run: {s.get('iterations')}; token budget per run: "
            f"{s.get('token_budget') or 'none'}; PLAN samples: {s.get('n_plans')}",
            f"- environments: {envs}; seeds: {manifest.get('seeds')}"]


def write_report(out: str | Path, *, runs: list[dict[str, Any]] | None = None, figures_too: bool = True,
                 reference: str = REFERENCE) -> Path:
    """Write ``report.md``, ``summary.csv``, ``runs.csv``, ``tokens_to_reach.csv`` and the PNG figures into
    ``<out>/report``."""
    out = Path(out)
    runs = load_results(out) if runs is None else runs
    if not runs:
        raise ConfigError(f"no finished runs in {out}; nothing to report")
    folder = out / "report"
    folder.mkdir(parents=True, exist_ok=True)
    rows = summarize(runs, reference)
    _write_csv(folder / "summary.csv", rows, list(rows[0]))
    _write_csv(folder / "runs.csv", runs, RUN_COLUMNS)
    reach = {env: reach_table([r for r in runs if r["env"] == env], LEVELS, reference)
             for env in dict.fromkeys(r["env"] for r in rows)}
    reach_rows = [{"env": env, **row} for env, table in reach.items() for row in table]
    _write_csv(folder / "tokens_to_reach.csv", reach_rows, REACH_COLUMNS)
    lines = ["# pivot bench report", "", f"Generated {time.strftime('%Y-%m-%d %H:%M')} from `{out}`.", "",
             *_manifest_lines(out), "",
             "Cells: mean [95% percentile-bootstrap CI] over runs (tasks x seeds). `p`: two-sided Wilcoxon "
             "signed-rank test against PIVOT on runs paired by task and seed. Satisfaction: share of all "
             "requirements met by the returned plan, hidden ones included; case acc: all of them met; hard pass: "
             "every hard one met. Tokens: all phases, PLAN included (PLAN is shared: every method pays for the "
             "same samples). `after-PLAN tokens / PIVOT`: the ratio of what the methods spent after PLAN. "
             "`tokens / PIVOT at sat ≥ PIVOT`: the ratio over the pairs where the method's final satisfaction "
             "is equal to or better than PIVOT's.", ""]
    errors = sorted((out / "errors").rglob("*.json")) if (out / "errors").is_dir() else []
    for env in dict.fromkeys(r["env"] for r in rows):
        env_rows = [r for r in rows if r["env"] == env]
        env_runs = [r for r in runs if r["env"] == env]
        lines += [f"## {env}", "", *_information_lines(env_runs), *_few_runs_lines(env_rows), *_table(env_rows), ""]
        lines += _gains(env_rows, reference)
        lines += _reach_lines(reach[env])
        if figures_too:
            lines += _figures(env, env_runs, folder)
    lines += ["## Methods", ""]
    for name in dict.fromkeys(r["method"] for r in runs):
        m = METHODS.get(name)
        if m is not None:
            lines.append(f"- **{name}** ({m.family}; returns: {m.select}): {m.summary}" +
                         (f". **{m.note}**" if m.note else ""))
    if errors:
        lines += ["", "## Failed runs", "", *[f"- `{p.relative_to(out / 'errors')}`" for p in errors]]
    path = folder / "report.md"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def _information_lines(runs: list[dict[str, Any]]) -> list[str]:
    """What the methods were told about the tasks: a run on gold information says so in bold."""
    labels = sorted({str(r.get("information") or "") for r in runs} - {""})
    return [f"Information: **{label}**" if "GOLD" in label else f"Information: {label}" for label in labels] + (
        [""] if labels else [])


def _gains(rows: list[dict[str, Any]], reference: str) -> list[str]:
    ref = next((r for r in rows if r["method"] == reference), None)
    hitl = [r for r in rows if r["family"] == "hitl"]
    if ref is None or not hitl:
        return []
    lines = []
    for r in hitl:
        lines.append(f"- **{r['method']}** (ORACLE upper bound): satisfaction {_f(r['satisfaction'])} vs PIVOT "
                     f"{_f(ref['satisfaction'])}: relative gain {_pct(r['sat_gain'])} (p = {_p(r['p_satisfaction'])}); "
                     f"case accuracy {_f(r['case_acc'], 2)} vs {_f(ref['case_acc'], 2)}: relative gain "
                     f"{_pct(r['case_gain'])}; hidden requirements met {_f(r['hidden_satisfaction'])} vs "
                     f"{_f(ref['hidden_satisfaction'])}.")
    return [*lines, ""]


def _reach_lines(rows: list[dict[str, Any]]) -> list[str]:
    """The tokens-to-reach table (see :mod:`pivot_opt.bench.anytime`)."""
    if not rows:
        return []
    head = "| level | method | runs reaching | median tokens to reach | tokens / PIVOT [95% CI] (pairs) |"
    lines = ["Tokens to reach a satisfaction level (the plan the method would return if stopped there): the "
             "share of runs that reach it, the median cumulative tokens of those that do, and the ratio to PIVOT "
             "(sum over sum, 95% percentile-bootstrap CI over pairs) on the pairs (same task and seed) where both "
             "reach it.", "", head, "|" + "---|" * (head.count("|") - 1)]
    for r in rows:
        ratio = "–" if not r["n_pairs"] else f"{_ci(r, 'ratio', 2)} ({r['n_pairs']})"
        lines.append(f"| {r['level']:g} | {r['method']} | {r['n_reach']}/{r['n']} | {_f(r['median_tokens'], 0)} | "
                     f"{ratio} |")
    return [*lines, ""]


def _pct(value: float) -> str:
    return "–" if math.isnan(value) else f"{100 * value:+.1f}%"


def _figures(env: str, runs: list[dict[str, Any]], folder: Path) -> list[str]:
    """Draw the environment's figures; the few-runs warning is in the report text, not repeated per figure."""
    import warnings

    from pivot_opt.bench.stats import FewRunsWarning

    draw: list[tuple[str, Any, str]] = [
        ("loss_vs_iteration", figures.loss_vs_iteration, "loss vs iteration"),
        ("loss_vs_tokens", figures.loss_vs_tokens, "loss vs cumulative tokens"),
        ("tokens_vs_satisfaction", figures.tokens_vs_satisfaction, "cost vs quality"),
        ("anytime", lambda rs, p, t: figures.anytime(rs, p, t, LEVELS), "anytime satisfaction and case accuracy"),
    ]
    if figures.term_names(runs):  # results written before the curves recorded terms have none
        draw.append(("loss_by_term", figures.loss_by_term, "loss terms per iteration"))
    if any(r["family"] in ("ablation", "hitl") for r in runs):
        draw.append(("ablations", figures.ablation_bars, "ablations and HITL"))
    lines = []
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", FewRunsWarning)
        for name, function, title in draw:
            path = folder / f"{env}_{name}.png"
            function(runs, path, f"{env}: {title}")
            lines.append(f"![{path.stem}]({path.name})")
    return [*lines, ""]


def _few_runs_lines(rows: list[dict[str, Any]]) -> list[str]:
    """A warning above a table whose intervals rest on very few runs (it is also raised as a FewRunsWarning)."""
    few = warn_few_runs({r["method"]: r["n"] for r in rows})
    if not few:
        return []
    listed = ", ".join(f"{name} ({n})" for name, n in few.items())
    return [f"**Few runs**: the intervals of {listed} come from fewer than {FEW_RUNS} runs and are too narrow "
            "to trust; add seeds or tasks.", ""]


def _write_csv(path: Path, rows: list[dict[str, Any]], columns: list[str]) -> None:
    with path.open("w", newline="", encoding="utf-8") as fh:
        writer = csv.DictWriter(fh, fieldnames=columns, extrasaction="ignore")
        writer.writeheader()
        for row in rows:
            writer.writerow({k: row.get(k, "") for k in columns})
