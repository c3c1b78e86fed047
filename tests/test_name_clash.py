"""A user's own ``losses.py`` / ``optimizers.py`` in the working folder does not break pivot-opt."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from pathlib import Path

USER_SCRIPT = """
import losses, optimizers                      # the user's own modules, found first on the path
assert losses.MINE == "user losses" and optimizers.MINE == "user optimizers"

from pivot_opt import Pivot
from pivot_opt import losses as pl, optimizers as po
from pivot_opt.engines import ScriptedEngine
from pivot_opt.envs.daytrip import DayTripEnv
import json

env = DayTripEnv(seed=3)
engine = ScriptedEngine([json.dumps({"steps": env.spec.reference})], repeat_last=True)
result = Pivot(env, engine, n_plans=1, iterations=1, progress=False).run()
assert result.verdict.passed and pl.Composite.__module__ == "pivot_opt.losses.composite"
assert po.Evolve.__module__ == "pivot_opt.optimizers.evolve"
assert losses.MINE == "user losses"           # still the user's
print("ok")
"""


def _run(folder: Path, script: str) -> subprocess.CompletedProcess[str]:
    (folder / "main.py").write_text(textwrap.dedent(script), encoding="utf-8")
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    root = Path(__file__).resolve().parents[1]
    env["PYTHONPATH"] = os.pathsep.join([str(folder), str(root)])  # the user's folder comes first
    return subprocess.run([sys.executable, "main.py"], cwd=folder, env=env, capture_output=True, text=True,
                          timeout=300)


def test_a_users_losses_and_optimizers_modules_do_not_shadow_the_library(tmp_path: Path) -> None:
    (tmp_path / "losses.py").write_text('MINE = "user losses"\n', encoding="utf-8")
    (tmp_path / "optimizers.py").write_text('MINE = "user optimizers"\n', encoding="utf-8")
    done = _run(tmp_path, USER_SCRIPT)
    assert done.returncode == 0, done.stderr[-2000:]
    assert done.stdout.strip().endswith("ok")


def test_the_bare_names_are_the_same_modules_as_the_documented_paths(tmp_path: Path) -> None:
    done = _run(tmp_path, """
        import sys
        import losses, optimizers
        import losses.base
        from pivot_opt import losses as pl, optimizers as po
        import pivot_opt.losses.base
        assert losses is pl and optimizers is po
        assert losses.base is pivot_opt.losses.base and losses.LossTerm is pl.LossTerm
        assert sys.modules["optimizers.evolve"] is sys.modules["pivot_opt.optimizers.evolve"]
        print("ok")
    """)
    assert done.returncode == 0, done.stderr[-2000:]
