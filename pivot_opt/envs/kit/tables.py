"""A per-task folder of CSV tables: the layout, a strict or lenient loader, and errors that say the fix.

Why: benchmarks ship one folder per task (``<root>/id_<id>/``) holding CSV files, and an
environment's tools and evaluator must read those files exactly as stored. So every table is
read once with the stdlib ``csv`` module and every cell is kept as raw text: no type guessing,
no stripping. What a cell means is for the environment to decide.

``strict`` loading (the default) refuses a missing file, a missing column and, where a table
asks for it, a row with missing cells, and every error names the file, the line and the
column and says how to fix it. ``strict=False`` reads what is there: a missing file becomes an
absent table, so that an environment can reproduce a benchmark's own tolerance.
"""

from __future__ import annotations

import csv
import io
import os
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pivot_opt.errors import ConfigError

__all__ = ["Table", "TableError", "TableLayout", "TableSpec", "find_task_dir"]


class TableError(ConfigError):
    """A task folder or one of its CSV files is missing or malformed; the message says how to fix it."""


@dataclass(frozen=True)
class TableSpec:
    """One CSV file of a task folder.

    ``path`` is relative to the task folder (``"menu/dishes.csv"``). ``required`` columns must
    be in the header in strict mode; ``aliases`` maps a required column to other header names
    that may stand in for it (files written by an older tool). ``filled`` columns must have a
    non-empty cell on every row in strict mode (ids, names), ``whole_rows`` makes strict
    mode refuse a row with fewer or more cells than the header, and ``rows_needed`` makes strict
    mode refuse a header-only file (a table no task can do without).
    """

    name: str
    path: str
    required: tuple[str, ...] = ()
    aliases: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    filled: tuple[str, ...] = ()
    whole_rows: bool = False
    rows_needed: bool = False

    def missing_columns(self, columns: Sequence[str]) -> list[str]:
        """Required columns absent from ``columns`` (an alias present counts as the column)."""
        have = set(columns)
        return [c for c in self.required if c not in have and not have.intersection(self.aliases.get(c, ()))]


@dataclass
class Table:
    """One CSV file: its header and rows as raw text (missing trailing cells read as "").

    ``present`` is False when the file does not exist (lenient loading only), so that an
    environment can tell "no such file" from "a file with no rows".
    """

    name: str
    columns: list[str] = field(default_factory=list)
    rows: list[dict[str, str]] = field(default_factory=list)
    present: bool = True

    def __len__(self) -> int:
        return len(self.rows)


@dataclass(frozen=True)
class TableLayout:
    """The tables of one task folder, and how errors about them are worded.

    ``what`` names the folder in messages ("task database"), ``reference`` says where every
    column is documented (appended to the missing-column hint), ``source_hint`` says where such
    folders come from (appended when a folder does not exist). ``error`` is the exception type
    raised, so that an environment keeps its own error class (a subclass of :class:`TableError`).
    """

    tables: tuple[TableSpec, ...]
    what: str = "task folder"
    reference: str = ""
    source_hint: str = ""
    error: type[TableError] = TableError

    def __post_init__(self) -> None:
        names = [t.name for t in self.tables]
        if len(set(names)) != len(names):
            raise ValueError(f"table names must be unique, got {names}")

    @property
    def names(self) -> tuple[str, ...]:
        return tuple(t.name for t in self.tables)

    def spec(self, name: str) -> TableSpec:
        for table in self.tables:
            if table.name == name:
                return table
        raise self.error(f"unknown table {name!r}; expected one of {sorted(self.names)}")

    # -- files --------------------------------------------------------------------------------
    def read(self, folder: str | os.PathLike[str], *, strict: bool = True) -> dict[str, Table]:
        """Every table of one task folder, by name (see the module docstring for ``strict``)."""
        root = Path(folder)
        if not root.is_dir():
            sample = ", ".join(f"{t.path.split('/')[0]}/" for t in self.tables[:3])
            raise self.error(f"{self.what} folder {root} does not exist; pass the id_<id> folder that holds "
                             f"{sample}{', ...' if len(self.tables) > 3 else ''}{self.source_hint}")
        return {t.name: self.read_table(root, t, strict=strict) for t in self.tables}

    def read_table(self, root: Path, spec: TableSpec, *, strict: bool = True) -> Table:
        """One table of the folder ``root``."""
        path = root / spec.path
        if not path.is_file():
            if strict:
                raise self.error(f"missing file {path}: a {self.what} needs {spec.path} (write a header-only "
                                 f"CSV if the task has no {spec.name}, or load with strict=False)")
            return Table(spec.name, present=False)
        data = path.read_bytes()
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            line = data.count(b"\n", 0, exc.start) + 1
            raise self.error(f"cannot read {path} as UTF-8 CSV (line {line}: {exc.reason}); "
                             "re-save it as UTF-8 CSV") from exc
        if not text.strip():  # no header at all: not even a lenient reader (pandas) can read it
            raise self.error(f"{path} is empty; write at least its header line ({', '.join(spec.required[:4])}"
                             f"{', ...' if len(spec.required) > 4 else ''}) or restore the file")
        reader = csv.reader(io.StringIO(text, newline=""))
        rows: list[dict[str, str]] = []
        try:
            columns = next(reader, [])
            missing = spec.missing_columns(columns) if strict else []
            if missing:
                where = f" ({self.reference} lists every column of {spec.path})" if self.reference else ""
                raise self.error(f"{path} lacks column(s) {missing}; add them to the header{where}, "
                                 "or load with strict=False to accept the file as is")
            for cells in reader:
                if not cells:  # a blank line is no row (as csv.DictReader reads it)
                    continue
                if strict:
                    self._check_row(path, spec, columns, cells, reader.line_num)
                rows.append(_row(columns, cells))
        except csv.Error as exc:
            raise self.error(f"cannot read {path} as UTF-8 CSV (line {reader.line_num}: {exc}); "
                             "re-save it as UTF-8 CSV") from exc
        if strict and spec.rows_needed and not rows:
            raise self.error(f"{path} has a header but no rows; a {self.what} needs its {spec.name}: restore the "
                             "file, or load with strict=False")
        return Table(spec.name, columns, rows)

    def _check_row(self, path: Path, spec: TableSpec, columns: list[str], cells: list[str], line: int) -> None:
        if spec.whole_rows and len(cells) > len(columns):
            raise self.error(f"{path} line {line} has {len(cells)} cells for {len(columns)} columns; "
                             "quote cells that contain commas, or load with strict=False")
        if spec.whole_rows and len(cells) < len(columns):
            lacking = columns[len(cells):]
            shown = f"{lacking[:4]}" if len(lacking) <= 4 else f"{lacking[:4]} and {len(lacking) - 4} more"
            raise self.error(f"{path} line {line} has no cell for column(s) {shown}; add the "
                             "missing cells (empty ones are fine), or load with strict=False")
        row = _row(columns, cells)
        empty = [c for c in spec.filled if c in row and not row[c].strip()]
        if empty:
            raise self.error(f"{path} line {line} leaves column(s) {empty} empty; every row needs them, "
                             "or load with strict=False")

    # -- memory -------------------------------------------------------------------------------
    def from_rows(self, rows: Mapping[str, Iterable[Mapping[str, Any]]]) -> dict[str, Table]:
        """Tables from in-memory rows (values turned into text, None -> ""), for tests and generators.

        Columns are the union of the rows' keys in first-seen order; tables not given are absent.
        """
        tables: dict[str, Table] = {}
        for name, table_rows in rows.items():
            self.spec(name)
            text_rows = [{k: "" if v is None else str(v) for k, v in r.items()} for r in table_rows]
            columns: list[str] = []
            for r in text_rows:
                columns.extend(k for k in r if k not in columns)
            tables[name] = Table(name, columns, [{c: r.get(c, "") for c in columns} for r in text_rows])
        return {name: tables.get(name, Table(name, present=False)) for name in self.names}

    def task_dir(self, root: str | os.PathLike[str], task_id: str, *, hint: str = "") -> Path:
        """The folder of ``task_id`` under ``root`` (see :func:`find_task_dir`), with this layout's errors."""
        return find_task_dir(root, task_id, what=self.what, hint=hint, error=self.error)


def _row(columns: list[str], cells: list[str]) -> dict[str, str]:
    """One row by column, as ``csv.DictReader(restval="")`` builds it, without the extra cells."""
    row = dict(zip(columns, cells, strict=False))
    for key in columns[len(cells):]:
        row[key] = ""
    return row


def find_task_dir(root: str | os.PathLike[str], task_id: str, *, what: str = "task", hint: str = "",
                  error: type[TableError] = TableError) -> Path:
    """Folder of a task under a root: ``<root>/id_<id>`` first, then ``<root>/<id>``.

    ``hint`` is appended to the error (e.g. an example root folder name).
    """
    base = Path(root)
    for candidate in (base / f"id_{task_id}", base / str(task_id)):
        if candidate.is_dir():
            return candidate
    raise error(f"no {what} folder for task {task_id!r} under {base}: expected {base / f'id_{task_id}'}; "
                f"point the root at the folder that contains the id_<id> folders{hint}")
