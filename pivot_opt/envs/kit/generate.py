"""Helpers for seeded generators of synthetic tasks: independent random streams and byte-stable CSV files.

Why: a generator must give the same files for the same seed on every machine and Python run,
and changing how one part draws (say, restaurants) must not reshuffle every other part. So each
part draws from its own stream, derived from the seed and the part's name (a string seed is
hashed with SHA-512 by :class:`random.Random`, unaffected by ``PYTHONHASHSEED``), and files are
written with a fixed column order and ``\\n`` line ends, in the layout the loader reads
(:class:`~pivot_opt.envs.kit.tables.TableLayout`).
"""

from __future__ import annotations

import csv
import random
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any

from pivot_opt.envs.kit.tables import TableLayout

__all__ = ["derive_rng", "write_csv", "write_tables"]


def derive_rng(seed: int | str, part: str) -> random.Random:
    """The random stream of one part of a generated task: the same for the same (seed, part)."""
    return random.Random(f"{seed}:{part}")


def write_csv(path: Path, columns: Sequence[str], rows: Iterable[Mapping[str, Any]]) -> None:
    """One UTF-8 CSV with a header row and standard quoting; cells not in a row are written empty.

    Values are written with ``str()`` (None as ""), so give text where the exact spelling matters
    (``"4.50"`` stays ``4.50``; the float 4.5 becomes ``4.5``).
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(columns), lineterminator="\n")
        writer.writeheader()
        for row in rows:
            writer.writerow({c: "" if row.get(c) is None else row.get(c) for c in columns})


def write_tables(folder: Path, layout: TableLayout, rows: Mapping[str, Sequence[Mapping[str, Any]]],
                 columns: Mapping[str, Sequence[str]] | None = None) -> Path:
    """Write the tables of one task folder (every table of ``layout``; those without rows header-only).

    Columns of a table: ``columns[name]`` when given, else its spec's required columns followed by
    any other keys of its rows in first-seen order.
    """
    folder.mkdir(parents=True, exist_ok=True)
    for spec in layout.tables:
        table_rows = rows.get(spec.name, [])
        if columns is not None and spec.name in columns:
            names = list(columns[spec.name])
        else:
            names = list(spec.required)
            for row in table_rows:
                names.extend(k for k in row if k not in names)
        write_csv(folder / spec.path, names, table_rows)
    return folder
