"""The loss-term page's example runs as written and its term reaches gradients, history and plot."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

DOC = Path(__file__).resolve().parents[1] / "docs" / "writing-a-loss-term.md"


def _run_doc() -> dict[str, Any]:
    blocks = re.findall(r"```python\n(.*?)```", DOC.read_text(encoding="utf-8"), re.DOTALL)
    namespace: dict[str, Any] = {}
    for block in blocks:
        exec(compile(block, str(DOC), "exec"), namespace)
    return namespace


def test_example_term_is_short() -> None:
    blocks = re.findall(r"```python\n(.*?)```", DOC.read_text(encoding="utf-8"), re.DOTALL)
    cls = next(b for b in blocks if "class NoLongWaits" in b)
    body = cls[cls.index("class NoLongWaits"):].strip().splitlines()
    assert len(body) < 20


def test_new_term_shows_in_gradient_history_and_plot(tmp_path: Path) -> None:
    ns = _run_doc()
    result = ns["result"]
    assert "waiting" in result.history.term_names()
    assert all("waiting" in r.terms for r in result.history.iterations)

    from pivot_opt import Step, Trajectory, losses

    env = ns["env"]
    early = sorted((p for p in env.spec.places if p.kind == "attraction"), key=lambda p: -p.opens)[0]
    traj = Trajectory([Step("visit", {"place": early.name})], task=env.task)
    loss = losses.Composite([ns["NoLongWaits"](limit=0)])(traj, env)
    assert loss.terms["waiting"].value > 0
    assert "(waiting): the traveller waits" in loss.gradient_text()

    from pivot_opt.plot import loss_curve

    fig = loss_curve(result.history, out=tmp_path / "c.png")
    assert "waiting" in [ax.get_title() for ax in fig.axes]  # the new term gets a panel of its own
    assert (tmp_path / "c.png").stat().st_size > 5000
