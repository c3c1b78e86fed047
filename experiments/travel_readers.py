"""How well does a request reader read the travel queries? Measured against the gold reading.

For each of the 120 public English queries a database consistent with the query is generated
(``TravelEnv.from_query``, about a second each); the reader reads the query with that database
as its world (tool answers), and its :class:`StatedTask` is compared with
``GoldReader().read(task, world)``, the evaluator's ``meta_info`` in the same format. With
``--generated N`` the same is done for N synthetic tasks (what the benchmarks run on).

A predicted request matches a gold one when the key is the same and every parameter the gold
one has is equal after normalisation (case, spacing and punctuation of names ignored, lists
compared as sets, numbers as numbers); the key-only scores ignore the parameters. A query is
read completely when the frame and every request match, with nothing extra.

Writes ``<out>/travel-readers-<reader>.md`` and ``.csv``. Uses only the public API.

    python experiments/travel_readers.py                       # rules reader, 120 real queries
    python experiments/travel_readers.py --generated 40 --out /tmp/readers
    python experiments/travel_readers.py --reader llm --engine local --limit 10
"""

from __future__ import annotations

import argparse
import csv
import re
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from pivot_opt.bench import parse_tasks  # noqa: E402
from pivot_opt.envs.kit.requests import StatedRequest, StatedTask  # noqa: E402
from pivot_opt.envs.travel.environment import TravelEnv, default_query_file  # noqa: E402
from pivot_opt.envs.travel.requests.gold import FRAME_KEYS, GoldReader  # noqa: E402

READERS = ("rules", "llm")


def norm(value: Any) -> Any:
    """A parameter value as compared: names by their letters and digits, lists as sets, numbers as numbers."""
    if isinstance(value, str):
        return re.sub(r"[^a-z0-9]+", "", value.lower())
    if isinstance(value, (list, tuple, set)):
        return tuple(sorted(str(norm(v)) for v in value))
    if isinstance(value, bool):
        return value
    if isinstance(value, (int, float)):
        return float(value)
    return value


def same(gold: StatedRequest, predicted: StatedRequest) -> bool:
    """Same key and every parameter the gold request has."""
    return gold.key == predicted.key and all(norm(v) == norm(predicted.params.get(k)) for k, v in gold.params.items())


@dataclass
class Tally:
    """Counts over a set of queries."""

    queries: int = 0
    complete: int = 0
    gold: Counter[str] = field(default_factory=Counter)
    predicted: Counter[str] = field(default_factory=Counter)
    matched: Counter[str] = field(default_factory=Counter)
    key_matched: Counter[str] = field(default_factory=Counter)
    frame_right: Counter[str] = field(default_factory=Counter)
    misses: list[str] = field(default_factory=list)
    seconds: float = 0.0

    def add(self, label: str, gold: StatedTask, predicted: StatedTask) -> None:
        self.queries += 1
        left = list(predicted.requests)
        missed: list[StatedRequest] = []
        for request in gold.requests:
            hit = next((p for p in left if same(request, p)), None)
            if hit is None:
                missed.append(request)
            else:
                left.remove(hit)
                self.matched[request.key] += 1
        gold_keys, predicted_keys = Counter(gold.keys()), Counter(predicted.keys())
        self.gold.update(gold_keys)
        self.predicted.update(predicted_keys)
        for key, count in gold_keys.items():
            self.key_matched[key] += min(count, predicted_keys.get(key, 0))
        wrong_frame = [k for k in FRAME_KEYS if predicted.frame.get(k) != gold.frame.get(k)]
        for key in FRAME_KEYS:
            self.frame_right[key] += key not in wrong_frame
        if not missed and not left and not wrong_frame:
            self.complete += 1
            return
        parts = [f"frame {k}: {predicted.frame.get(k)!r} (gold {gold.frame.get(k)!r})" for k in wrong_frame]
        parts += [f"missed {r.key} {dict(r.params)}" for r in missed]
        parts += [f"extra {r.key} {dict(r.params)}" for r in left]
        self.misses.append(f"{label}: " + "; ".join(parts))

    def rows(self) -> list[dict[str, Any]]:
        rows = []
        for key in sorted(set(self.gold) | set(self.predicted)):
            g, p = self.gold[key], self.predicted[key]
            hit, key_hit = self.matched[key], self.key_matched[key]
            rows.append({"type": key, "gold": g, "predicted": p, "precision": ratio(hit, p), "recall": ratio(hit, g),
                         "key_precision": ratio(key_hit, p), "key_recall": ratio(key_hit, g)})
        g, p = sum(self.gold.values()), sum(self.predicted.values())
        rows.append({"type": "all", "gold": g, "predicted": p,
                     "precision": ratio(sum(self.matched.values()), p), "recall": ratio(sum(self.matched.values()), g),
                     "key_precision": ratio(sum(self.key_matched.values()), p),
                     "key_recall": ratio(sum(self.key_matched.values()), g)})
        return rows


def ratio(a: float, b: float) -> float:
    return a / b if b else float("nan")


def fmt(value: float) -> str:
    return "n/a" if value != value else f"{value:.2f}"


def make_reader(name: str, engine_spec: str | None) -> Any:
    """The reader to measure; the engine-backed one is imported only when asked for."""
    if name == "rules":
        from pivot_opt.envs.travel.requests.rules import RuleReader

        return RuleReader()
    try:
        from pivot_opt.envs.travel.requests.llm import LLMReader
    except ImportError as exc:
        raise SystemExit(f"the llm reader is not available in this checkout ({exc})") from exc
    from pivot_opt.bench.config import engine_options
    from pivot_opt.engines import make_engine

    spec = engine_spec or "local"
    return LLMReader(make_engine(spec, **engine_options(spec)))


def measure(reader: Any, envs: Iterable[tuple[str, TravelEnv]]) -> Tally:
    tally = Tally()
    gold_reader = GoldReader()
    for label, env in envs:
        task, world = env.travel_task, env.db
        started = time.perf_counter()
        predicted = reader.read(task, world)
        tally.seconds += time.perf_counter() - started
        tally.add(label, gold_reader.read(task, world), predicted)
    return tally


def stored_readings(sweep: Path, query_file: Path, workdir: Path) -> Tally:
    """Score the readings a ``pivot bench`` sweep stored with its PLAN samples (one per task)."""
    import json

    tally = Tally()
    gold_reader = GoldReader()
    for path in sorted((sweep / "plans" / "travel").glob("*/s*.json")):
        reading = json.loads(path.read_text(encoding="utf-8")).get("reading")
        task_id = path.parent.name
        if not reading or path.stem != "s0":  # one reading per task (every seed reads the same way)
            continue
        env = TravelEnv.from_query(query_file, task_id, workdir / task_id)
        tally.seconds += float(reading.get("seconds") or 0)
        gold = gold_reader.read(env.travel_task, env.db)
        tally.add(f"query {task_id}", gold, StatedTask.from_dict(reading["stated"]))
    return tally


def real_envs(query_file: Path, workdir: Path, limit: int | None,
              only: set[str] | None = None) -> Iterable[tuple[str, TravelEnv]]:
    import json

    ids = [str(r["id"]) for r in json.loads(query_file.read_text(encoding="utf-8"))]
    for task_id in [i for i in ids if only is None or i in only][:limit]:
        yield f"query {task_id}", TravelEnv.from_query(query_file, task_id, workdir=workdir, requests="gold")


def generated_envs(count: int, workdir: Path) -> Iterable[tuple[str, TravelEnv]]:
    for seed in range(count):
        yield f"generated seed {seed}", TravelEnv.generated(seed, workdir=workdir / f"seed_{seed}", requests="gold")


def section(title: str, tally: Tally) -> list[str]:
    lines = [f"### {title}", "",
             f"{tally.queries} queries; read completely (frame and every request): **{tally.complete}** "
             f"({ratio(tally.complete, tally.queries):.0%}); reading time {tally.seconds:.2f} s in total.", "",
             "| request type | gold | predicted | precision | recall | key precision | key recall |",
             "|---|---:|---:|---:|---:|---:|---:|"]
    for row in tally.rows():
        name = f"**{row['type']}**" if row["type"] == "all" else f"`{row['type']}`"
        lines.append(f"| {name} | {row['gold']} | {row['predicted']} | {fmt(row['precision'])} | "
                     f"{fmt(row['recall'])} | {fmt(row['key_precision'])} | {fmt(row['key_recall'])} |")
    lines += ["", "| frame field | accuracy |", "|---|---:|"]
    lines += [f"| `{k}` | {fmt(ratio(tally.frame_right[k], tally.queries))} |" for k in FRAME_KEYS]
    if tally.misses:
        lines += ["", "<details><summary>queries not read completely</summary>", ""]
        lines += [f"- {m}" for m in tally.misses]
        lines += ["", "</details>"]
    return lines + [""]


def write(out: Path, reader_name: str, results: list[tuple[str, Tally]]) -> tuple[Path, Path]:
    out.mkdir(parents=True, exist_ok=True)
    md, table = out / f"travel-readers-{reader_name}.md", out / f"travel-readers-{reader_name}.csv"
    lines = [f"# Request reader `{reader_name}` against the gold reading", ""]
    for title, tally in results:
        lines += section(title, tally)
    md.write_text("\n".join(lines), encoding="utf-8")
    with table.open("w", newline="", encoding="utf-8") as fh:
        writer = csv.DictWriter(fh, ["set", "type", "gold", "predicted", "precision", "recall", "key_precision",
                                     "key_recall"])
        writer.writeheader()
        for title, tally in results:
            for row in tally.rows():
                writer.writerow({"set": title, **{k: (f"{v:.4f}" if isinstance(v, float) else v)
                                                  for k, v in row.items()}})
            for key in FRAME_KEYS:
                writer.writerow({"set": title, "type": f"frame:{key}", "gold": tally.queries,
                                 "predicted": tally.queries,
                                 "recall": f"{ratio(tally.frame_right[key], tally.queries):.4f}"})
            writer.writerow({"set": title, "type": "complete", "gold": tally.queries, "predicted": tally.complete,
                             "recall": f"{ratio(tally.complete, tally.queries):.4f}"})
    return md, table


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--query-file", type=Path, default=None,
                   help="the English query file (default: $PIVOT_DEEPPLANNING_DATA or ../shared/data/deepplanning)")
    p.add_argument("--reader", choices=READERS, default="rules")
    p.add_argument("--engine", default=None, help="engine of the llm reader: local (default) or dspy:<provider/model>")
    p.add_argument("--generated", type=int, default=0, help="also measure this many generated tasks (seeds 0..N-1)")
    p.add_argument("--limit", type=int, default=None, help="only the first N real queries")
    p.add_argument("--no-real", action="store_true", help="skip the real queries (generated tasks only)")
    p.add_argument("--ids", default=None, help="only these real query ids, e.g. 10-19")
    p.add_argument("--from-sweep", type=Path, default=None,
                   help="score the readings stored by a pivot bench sweep folder (e.g. an llm-reader sweep) instead")
    p.add_argument("--out", type=Path, default=Path("readers-report"), help="folder for the markdown and CSV tables")
    args = p.parse_args(argv)
    results: list[tuple[str, Tally]] = []
    only = {str(i) for i in parse_tasks(args.ids)} if args.ids else None
    with tempfile.TemporaryDirectory(prefix="pivot-readers-") as tmp:
        query_file = args.query_file or default_query_file()
        if args.from_sweep is not None:
            results.append((f"Readings stored by the sweep in {args.from_sweep.name}",
                            stored_readings(args.from_sweep, query_file, Path(tmp) / "sweep")))
            md, table = write(args.out, args.reader, results)
            print(f"{results[0][0]}: {results[0][1].complete}/{results[0][1].queries} read completely")
            print(f"wrote {md} and {table}")
            return 0
        reader = make_reader(args.reader, args.engine)
        if not args.no_real:
            results.append((f"Real English queries ({query_file.name})",
                            measure(reader, real_envs(query_file, Path(tmp) / "real", args.limit, only))))
        if args.generated:
            results.append((f"Generated tasks (seeds 0-{args.generated - 1})",
                            measure(reader, generated_envs(args.generated, Path(tmp) / "generated"))))
    md, table = write(args.out, args.reader, results)
    for title, tally in results:
        print(f"{title}: {tally.complete}/{tally.queries} read completely")
    print(f"wrote {md} and {table}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
