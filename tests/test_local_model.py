"""End-to-end with the embedded SmolLM2-135M model through llama.cpp (skipped when not installed)."""

from __future__ import annotations

import itertools
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from pivot_opt import History
from pivot_opt.engines.local import local_model_available

pytestmark = pytest.mark.local_model




requires_model = pytest.mark.skipif(not local_model_available(),
                                    reason="embedded model not installed: pip install '.[local]'")


@pytest.fixture(scope="module")
def engine():  # type: ignore[no-untyped-def]
    from pivot_opt.engines import LocalEngine

    return LocalEngine()


@requires_model
def test_grammar_constrained_edit_is_always_a_valid_step(engine, env) -> None:  # type: ignore[no-untyped-def]
    from pivot_opt.optimizers.edits import parse_edit
    from pivot_opt.schemas import edit_schema

    schema = edit_schema(env.action_schema([], 0), ("replace", "insert", "delete"))
    valid = {p.name for p in env.spec.places}
    for seed in range(3):
        text = engine.complete(f"Task:\n{env.describe()}\nGive one edit.", schema=schema, phase="evolve",
                               temperature=0.8, seed=seed, max_tokens=80)
        edit = parse_edit(text, 0)
        if edit.step is not None and edit.step.action != "return":
            assert set(edit.step.args.values()) <= valid
    ledger = engine.ledger.summary()
    assert ledger["calls"] == 3 and ledger["prompt_tokens"] > 100 and ledger["completion_tokens"] > 0


@requires_model
def test_pivot_demo_end_to_end(tmp_path: Path) -> None:
    proc = subprocess.run([sys.executable, "-m", "pivot_opt.cli", "demo"], cwd=tmp_path, capture_output=True,
                          text=True, timeout=300, env={**os.environ, "PYTHONPATH": str(Path(__file__).parents[1])})
    assert proc.returncode == 0, proc.stderr[-2000:]
    assert "iter  0" in proc.stdout and "VERIFY:" in proc.stdout
    run = tmp_path / "pivot-runs" / "demo"
    totals = History.load(run / "history.jsonl").totals()
    assert all(b <= a for a, b in itertools.pairwise(totals))
    assert totals[-1] < totals[0]  # the embedded model makes real progress on the demo task
    assert (run / "loss_curve.png").stat().st_size > 5000
    assert json.loads((run / "verdict.json").read_text())["items"]
