"""The output folder of ``pivot run`` and ``pivot demo``: whose it is, and the files written into it.

A folder is used only when it is new, empty, or a previous run of the same command (its
``history.jsonl`` names the command's run). Only the files listed in :data:`OUTPUTS` are ever
removed (``pivot demo`` starting over) or overwritten; anything else in the folder is left alone.
Every output is written atomically, and a resume rebuilds the ones a killed run did not write.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pivot_opt.errors import ConfigError, HistoryError
from pivot_opt.files import LOCK_NAME, atomic_write_text, is_empty_folder

__all__ = ["OUTPUTS", "FolderState", "folder_state", "remove_outputs", "write_outputs"]

HISTORY = "history.jsonl"
#: Every file a run writes into its folder (and the only ones it may remove).
OUTPUTS = (HISTORY, "history.csv", "loss_curve.png", "best_plan.json", "verdict.json", "human.json")


@dataclass(frozen=True)
class FolderState:
    """What ``--out`` holds: ``fresh`` (nothing of anyone's), ``mine`` (a run of this command), ``finished``."""

    fresh: bool
    finished: bool = False


def folder_state(folder: Path, run_name: str, command: str) -> FolderState:
    """Refuse (ConfigError) a folder that holds something other than a run of ``command``."""
    if folder.exists() and not folder.is_dir():
        raise ConfigError(f"--out {folder} is a file, not a folder; choose a folder")
    if is_empty_folder(folder, ignore=(LOCK_NAME, *_temp_names(folder))):
        return FolderState(fresh=True)
    history = folder / HISTORY
    if not history.is_file():
        raise ConfigError(f"--out {folder} is not empty and is not a previous `pivot {command}` run; "
                          "choose a new or empty folder (nothing was changed)")
    from pivot_opt.history import History

    try:
        loaded = History.load(history)
    except HistoryError as exc:
        raise ConfigError(f"--out {folder} holds a history pivot cannot read ({exc}); choose another --out") from None
    if loaded.meta is None and not loaded.records:  # a run killed before its first line: resumable
        return FolderState(fresh=False)
    if loaded.run != run_name:
        raise ConfigError(f"--out {folder} holds a {loaded.run!r} run, not a `pivot {command}` run; "
                          "choose another --out (nothing was changed)")
    finished = bool(loaded.records) and loaded.records[-1].event == "verify"
    return FolderState(fresh=False, finished=finished)


def _temp_names(folder: Path) -> list[str]:
    """Temporary files an interrupted atomic write of an output left behind."""
    if not folder.is_dir():
        return []
    return [p.name for p in folder.iterdir() if _is_temp(p.name)]


def _is_temp(name: str) -> bool:
    return name.endswith(".tmp") and any(name.startswith(f".{out}.") for out in OUTPUTS)


def remove_outputs(folder: Path) -> None:
    """Remove this tool's outputs (and stale temporary files) from ``folder``; nothing else."""
    for name in (*OUTPUTS, *_temp_names(folder)):
        (folder / name).unlink(missing_ok=True)


def remove_temp_files(folder: Path) -> None:
    for name in _temp_names(folder):
        (folder / name).unlink(missing_ok=True)


def write_outputs(folder: Path, result: Any, *, title: str, human: Any = None, only_missing: bool = False) -> None:
    """CSV, loss curve (titled ``title``), best plan, verdict (and the human's turns), each atomically.

    ``only_missing``: keep outputs that exist (rebuilding what a killed run did not write).
    """
    from pivot_opt.plot import loss_curve

    def wanted(name: str) -> bool:
        return not (only_missing and (folder / name).is_file())

    if human is not None and wanted("human.json"):
        atomic_write_text(folder / "human.json",
                          json.dumps({"human": human.label, "turns": human.log}, indent=2) + "\n")
    if wanted("history.csv"):
        result.history.to_csv(folder / "history.csv")
    if wanted("loss_curve.png"):
        import matplotlib.pyplot as plt

        plt.close(loss_curve(result.history, out=folder / "loss_curve.png", title=title))
    if wanted("best_plan.json"):
        atomic_write_text(folder / "best_plan.json", result.best.to_json() + "\n")
    if result.verdict is not None and wanted("verdict.json"):
        atomic_write_text(folder / "verdict.json", json.dumps(result.verdict.to_dict(), indent=2) + "\n")
