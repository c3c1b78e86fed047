"""Run history: one record per iteration, appended to JSONL as the run goes.

A history file survives a crash (every line is flushed when written), loads back for
plotting and resuming, and exports to CSV with one column per loss term and phase.
"""

from __future__ import annotations

import csv
import json
import os
from collections.abc import Iterator
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from pivot_opt.errors import HistoryError
from pivot_opt.ledger import PHASES
from pivot_opt.redact import redact_data

__all__ = ["History", "IterationRecord"]


@dataclass
class IterationRecord:
    """One iteration of a run.

    Iteration 0 is the initial plan (after PLAN). ``total`` and ``terms`` are the loss of the
    current (accepted) trajectory after the iteration; ``tokens`` are cumulative per phase;
    ``candidates`` lists every proposal tried with its decision; ``trajectory`` is the plan's
    JSON so that a run can be resumed from its last line.
    """

    run: str
    iteration: int
    total: float
    terms: dict[str, float]
    accepted: bool = False
    radius: str | None = None
    reason: str = ""
    hard_violations: int | None = None
    tokens: dict[str, int] = field(default_factory=dict)
    wall_time: float = 0.0
    candidates: list[dict[str, Any]] = field(default_factory=list)
    trajectory: str = ""
    event: str = "iteration"
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def total_tokens(self) -> int:
        return int(sum(self.tokens.values()))

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> IterationRecord:
        known = {f for f in cls.__dataclass_fields__}
        return cls(**{k: v for k, v in data.items() if k in known})


class History:
    """Ordered iteration records, optionally mirrored to a JSONL file as they arrive."""

    def __init__(self, path: str | os.PathLike[str] | None = None, run: str = "run") -> None:
        self.path = Path(path) if path is not None else None
        self.run = run
        self.records: list[IterationRecord] = []
        if self.path is not None:
            self.path.parent.mkdir(parents=True, exist_ok=True)

    def append(self, record: IterationRecord) -> None:
        self.records.append(record)
        if self.path is not None:
            with self.path.open("a", encoding="utf-8") as fh:
                # ASCII escapes: any str (a lone surrogate from a model's note, U+2028) writes,
                # and no character but the record's own "\n" can end a line; no secret on disk.
                fh.write(json.dumps(redact_data(record.to_dict()), ensure_ascii=True) + "\n")
                fh.flush()
                os.fsync(fh.fileno())

    def __iter__(self) -> Iterator[IterationRecord]:
        return iter(self.records)

    def __len__(self) -> int:
        return len(self.records)

    def __getitem__(self, i: int) -> IterationRecord:
        return self.records[i]

    # -- views ---------------------------------------------------------------------------
    @property
    def iterations(self) -> list[IterationRecord]:
        return [r for r in self.records if r.event == "iteration"]

    def totals(self) -> list[float]:
        return [r.total for r in self.iterations]

    def term_names(self) -> list[str]:
        names: list[str] = []
        for r in self.iterations:
            names.extend(n for n in r.terms if n not in names)
        return names

    def term_series(self, name: str) -> list[float]:
        return [r.terms.get(name, float("nan")) for r in self.iterations]

    def cumulative_tokens(self) -> list[int]:
        return [r.total_tokens for r in self.iterations]

    # -- files ---------------------------------------------------------------------------
    @classmethod
    def load(cls, path: str | os.PathLike[str]) -> History:
        """Read a JSONL history; a truncated last line (a crash mid-write) is skipped."""
        p = Path(path)
        if not p.is_file():
            raise HistoryError(f"history file {p} does not exist; pass the path a run wrote with --history")
        # Split on "\n" only: str.splitlines() also splits on U+2028/U+2029/U+0085 inside strings.
        lines = p.read_text(encoding="utf-8").split("\n")
        while lines and not lines[-1].strip():
            lines.pop()
        records = []
        for n, line in enumerate(lines, 1):
            if not line.strip():
                continue
            try:
                records.append(IterationRecord.from_dict(json.loads(line)))
            except (json.JSONDecodeError, TypeError) as exc:
                if n == len(lines):
                    break
                raise HistoryError(f"{p}:{n} is not a history record ({exc}); is this a pivot history file?") from exc
        hist = cls(None, run=records[0].run if records else p.stem)
        hist.records = records
        hist.path = p
        return hist

    def to_csv(self, path: str | os.PathLike[str]) -> Path:
        """One row per iteration: totals, each term, tokens per phase, decision, wall time."""
        out = Path(path)
        names = self.term_names()
        header = ["run", "iteration", "total", *[f"term:{n}" for n in names], "hard_violations", "accepted",
                  "radius", *[f"tokens:{p}" for p in PHASES], "tokens_total", "wall_time", "candidates"]
        with out.open("w", newline="", encoding="utf-8") as fh:
            writer = csv.writer(fh)
            writer.writerow(header)
            for r in self.iterations:
                writer.writerow([
                    r.run, r.iteration, r.total, *[r.terms.get(n, "") for n in names], r.hard_violations,
                    r.accepted, r.radius or "", *[r.tokens.get(p, 0) for p in PHASES], r.total_tokens,
                    f"{r.wall_time:.3f}", len(r.candidates),
                ])
        return out
