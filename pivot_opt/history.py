"""Run history: one record per iteration, appended to JSONL as the run goes.

A history file survives a crash (every line is flushed when written), loads back for
plotting and resuming, and exports to CSV with one column per loss term and phase. Its first
line may be a header (``{"event": "header", ...}``: the environment, task and a fingerprint
of what the run is about), so that a resume can check the history belongs to its task.
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

HEADER = "header"


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
        self.meta: dict[str, Any] | None = None
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

    def write_header(self, meta: dict[str, Any]) -> None:
        """Record what this history belongs to (first line of the file; not an iteration record)."""
        self.meta = {"event": HEADER, **meta}
        if self.path is not None:
            with self.path.open("a", encoding="utf-8") as fh:
                fh.write(json.dumps(self.meta, ensure_ascii=False, default=str) + "\n")
                fh.flush()
                os.fsync(fh.fileno())

    def drop_partial_tail(self) -> None:
        """Before appending to a file a crash cut mid-line: drop the cut line (or end a whole one)."""
        if self.path is None or not self.path.is_file():
            return
        data = self.path.read_bytes()
        if not data or data.endswith(b"\n"):
            return
        cut = data.rfind(b"\n") + 1
        try:
            json.loads(data[cut:])
        except ValueError:
            with self.path.open("r+b") as fh:
                fh.truncate(cut)
            return
        with self.path.open("ab") as fh:
            fh.write(b"\n")

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
        """Read a JSONL history; a truncated last line (a crash mid-write) is skipped.

        A line that is not a history record raises :class:`HistoryError` naming ``file:line``.
        """
        p = Path(path)
        if not p.is_file():
            raise HistoryError(f"history file {p} does not exist; give the history.jsonl a run wrote (or its folder)")
        try:
            # Split on "\n" only: str.splitlines() also splits on U+2028/U+2029/U+0085 inside strings.
            lines = p.read_text(encoding="utf-8").split("\n")
        except UnicodeDecodeError as exc:
            raise HistoryError(f"{p} is not UTF-8 text (byte {exc.start}); is this a pivot history file?") from None
        while lines and not lines[-1].strip():
            lines.pop()
        records = []
        meta = None
        for n, line in enumerate(lines, 1):
            if not line.strip():
                continue
            try:
                data = json.loads(line)
            except json.JSONDecodeError as exc:
                if n == len(lines) and (records or meta is not None):  # a crash cut the last line
                    break
                raise HistoryError(f"{p}:{n} is not a history record ({exc}); is this a pivot history file?") from None
            if isinstance(data, dict) and data.get("event") == HEADER:
                if meta is None and not records:
                    meta = data
                    continue
                raise HistoryError(f"{p}:{n} is a second history header; is this two histories in one file?")
            records.append(_record_at(p, n, data))
        hist = cls(None, run=records[0].run if records else str((meta or {}).get("run") or p.stem))
        hist.records = records
        hist.meta = meta
        hist.path = p
        return hist

    def to_csv(self, path: str | os.PathLike[str]) -> Path:
        """One row per iteration: totals, each term, tokens per phase, decision, wall time."""
        from pivot_opt.files import atomic_write

        names = self.term_names()
        header = ["run", "iteration", "total", *[f"term:{n}" for n in names], "hard_violations", "accepted",
                  "radius", *[f"tokens:{p}" for p in PHASES], "tokens_total", "wall_time", "candidates"]

        def write(fh: Any) -> None:
            writer = csv.writer(fh)
            writer.writerow(header)
            for r in self.iterations:
                writer.writerow([
                    r.run, r.iteration, r.total, *[r.terms.get(n, "") for n in names], r.hard_violations,
                    r.accepted, r.radius or "", *[r.tokens.get(p, 0) for p in PHASES], r.total_tokens,
                    f"{r.wall_time:.3f}", len(r.candidates),
                ])

        return atomic_write(path, write)


def _record_at(path: Path, line: int, data: Any) -> IterationRecord:
    """``data`` as a record, checked field by field (a wrong shape is a HistoryError at ``file:line``)."""
    from pydantic import TypeAdapter, ValidationError

    global _ADAPTER
    if _ADAPTER is None:
        _ADAPTER = TypeAdapter(IterationRecord)
    try:
        return _ADAPTER.validate_python(data)
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(x) for x in first["loc"]) or "line"
        raise HistoryError(f"{path}:{line} is not a history record ({where}: {first['msg']}); "
                           "is this a pivot history file?") from None


_ADAPTER: Any = None
