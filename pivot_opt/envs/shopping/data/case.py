"""Opening a DeepPlanning shopping case: reading its files and the working copy the tools change.

A case folder ``case_<id>/`` holds ``products.jsonl``, ``user_info.json``, ``cart.json`` and
``validation_cases.json`` (the ground truth, read only by :mod:`..evaluation`). :func:`open_case`
checks the files (strictly by default: an error names the file, the line and the field) and
copies the three tool files into a working folder, so the cart tools never touch the user's
files and never see the ground truth.
"""

from __future__ import annotations

import json
import os
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pivot_opt.envs.shopping.data.catalogue import Catalogue
from pivot_opt.envs.shopping.data.records import CartModel, CaseError, ProductModel, UserModel, check_record

__all__ = [
    "CART_FILE",
    "GOLD_FILE",
    "PRODUCTS_FILE",
    "TOOL_FILES",
    "USER_FILE",
    "ShoppingCase",
    "case_dirs",
    "check_case_files",
    "find_case_dir",
    "open_case",
    "read_json_object",
]

PRODUCTS_FILE = "products.jsonl"
USER_FILE = "user_info.json"
CART_FILE = "cart.json"
GOLD_FILE = "validation_cases.json"
#: What the tools read (and the working copy holds); the ground truth is not among them.
TOOL_FILES = (PRODUCTS_FILE, USER_FILE, CART_FILE)


def _text(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8")
    except UnicodeDecodeError as exc:
        raise CaseError(f"{path}: not UTF-8 text ({exc.reason} at byte {exc.start}); re-save it as UTF-8") from None


def read_json_object(path: Path, model: type | None = None) -> dict[str, Any]:
    """One JSON object from ``path`` (checked against ``model``), or :class:`CaseError` saying why."""
    if not path.is_file():
        raise CaseError(f"{path}: file not found; a case folder holds {', '.join(TOOL_FILES)} and {GOLD_FILE}")
    try:
        data = json.loads(_text(path))
    except json.JSONDecodeError as exc:
        raise CaseError(f"{path}: line {exc.lineno}: not valid JSON ({exc.msg} at column {exc.colno}); "
                        "fix the file") from None
    if model is not None:
        check_record(model, data, path)
    elif not isinstance(data, dict):
        raise CaseError(f"{path}: expected a JSON object, got {type(data).__name__}")
    return data


def _check_products(path: Path) -> None:
    if not path.is_file():
        raise CaseError(f"{path}: file not found; a case folder holds {', '.join(TOOL_FILES)} and {GOLD_FILE}")
    seen: dict[str, int] = {}
    count = 0
    for number, line in enumerate(_text(path).splitlines(), start=1):
        if not line.strip():
            continue
        try:
            record = json.loads(line)
        except json.JSONDecodeError as exc:
            raise CaseError(f"{path}: line {number}: not valid JSON ({exc.msg} at column "
                            f"{exc.colno}); write one JSON object per line") from None
        check_record(ProductModel, record, path, number)
        pid = record["product_id"]
        if pid in seen:
            raise CaseError(f"{path}: line {number}: field 'product_id': {pid!r} repeats line "
                            f"{seen[pid]}; product ids must be unique")
        seen[pid] = number
        count += 1
    if not count:
        raise CaseError(f"{path}: holds no product; write one JSON object per line")


def check_case_files(folder: Path) -> None:
    """Strict check of the three tool files of a case folder (the ground truth is not read)."""
    _check_products(folder / PRODUCTS_FILE)
    read_json_object(folder / USER_FILE, UserModel)
    read_json_object(folder / CART_FILE, CartModel)


def _user_snapshot(path: Path) -> dict[str, Any]:
    """``user_info.json`` as ``get_user_info`` reads it once: an object, or ``{}`` if unreadable."""
    try:
        data = json.loads(path.read_text(encoding="utf-8").strip() or "null")
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}


@dataclass
class ShoppingCase:
    """A case bound to its working folder: what the fifteen tools read and change.

    ``catalogue`` and ``user`` are read once when the case is opened (as the official tools do
    when they are created); the cart file and, for coupons, the user file are re-read per call.
    """

    case_id: str
    folder: Path
    catalogue: Catalogue
    user: dict[str, Any]
    source: Path | None = None

    @property
    def cart_path(self) -> Path:
        return self.folder / CART_FILE

    @property
    def user_path(self) -> Path:
        return self.folder / USER_FILE

    def cart(self) -> dict[str, Any]:
        """The current cart file (``{}`` when missing or unreadable)."""
        try:
            data = json.loads(self.cart_path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return {}
        return data if isinstance(data, dict) else {}


def find_case_dir(root: str | os.PathLike[str], case_id: str | int) -> Path:
    """``root`` itself when it holds ``products.jsonl``, else ``root/case_<id>``."""
    base = Path(root)
    if (base / PRODUCTS_FILE).is_file():
        return base
    folder = base / f"case_{case_id}"
    if not folder.is_dir():
        raise CaseError(f"no case folder case_{case_id} under {base}; pass the level folder "
                        "(database_level<L>/) or the case folder itself")
    return folder


def case_dirs(root: str | os.PathLike[str]) -> list[Path]:
    """Every ``case_*`` folder of a level or run folder, in plain string order (as officially)."""
    base = Path(root)
    if not base.is_dir():
        raise CaseError(f"{base}: folder not found; pass a level or run folder holding case_<id>/ folders")
    return sorted((d for d in base.iterdir() if d.is_dir() and d.name.startswith("case_")), key=lambda d: d.name)


def open_case(case_dir: str | os.PathLike[str], workdir: str | os.PathLike[str] | None = None, *,
              strict: bool = True) -> ShoppingCase:
    """Copy a case's tool files into ``workdir`` (a new temporary folder by default) and open it there.

    ``workdir`` must not exist yet or be empty (nothing the tool did not create is overwritten).
    ``strict=False`` reads the files as the official tools do (a bad line silently truncates).
    """
    source = Path(case_dir)
    if not source.is_dir():
        raise CaseError(f"{source}: case folder not found")
    if strict:
        check_case_files(source)
    if workdir is None:
        work = Path(tempfile.mkdtemp(prefix=f"pivot-shopping-{source.name}-"))
    else:
        work = Path(workdir)
        if work.exists() and any(work.iterdir()):
            raise CaseError(f"{work}: working folder is not empty; pass a new or empty folder")
        work.mkdir(parents=True, exist_ok=True)
    for name in TOOL_FILES:
        if (source / name).is_file():
            shutil.copyfile(source / name, work / name)
    try:  # as the official tools: an unreadable file is an empty catalogue
        lines = (work / PRODUCTS_FILE).read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError):
        lines = []
    case_id = source.name.removeprefix("case_")
    return ShoppingCase(case_id, work, Catalogue.from_lines(lines), _user_snapshot(work / USER_FILE), source)
