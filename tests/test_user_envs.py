"""A user's own environment: by import path on the CLI, by entry point, by registration, in other processes."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from pivot_opt import cli
from pivot_opt.commands import common
from pivot_opt.engines import ScriptedEngine
from pivot_opt.envs import ENVIRONMENTS, env_names, make_env, register_env
from pivot_opt.errors import ConfigError

USER_MODULE = """
from pivot_opt.envs.daytrip import DayTripEnv


class HarborTrip(DayTripEnv):
    '''A user's environment: a day trip under another name.'''

    def __init__(self, seed: int = 0, label: str = "harbor") -> None:
        super().__init__(seed=seed)
        self.label = label
"""


@pytest.fixture
def user_module(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """``harbor_envs.py`` in a folder on the path, as a user's own module would be."""
    folder = tmp_path / "user"
    folder.mkdir()
    (folder / "harbor_envs.py").write_text(textwrap.dedent(USER_MODULE), encoding="utf-8")
    monkeypatch.syspath_prepend(str(folder))
    yield folder
    sys.modules.pop("harbor_envs", None)


def _entry_point_dist(folder: Path) -> None:
    """An installed distribution (its metadata only) naming ``harbor`` in pivot-opt's entry-point group."""
    info = folder / "harbor_envs-0.1.dist-info"
    info.mkdir()
    (info / "METADATA").write_text("Metadata-Version: 2.1\nName: harbor-envs\nVersion: 0.1\n", encoding="utf-8")
    (info / "entry_points.txt").write_text("[pivot_opt.envs]\nharbor = harbor_envs:HarborTrip\n", encoding="utf-8")


def test_an_import_path_builds_the_users_class_with_checked_options(user_module: Path) -> None:
    env = make_env("harbor_envs:HarborTrip", seed=3, label="north")
    assert type(env).__name__ == "HarborTrip" and env.label == "north"
    with pytest.raises(ConfigError, match="has no option 'colour'"):
        make_env("harbor_envs:HarborTrip", colour="red")
    with pytest.raises(ConfigError, match="cannot import module 'no_such_module'.*Python path"):
        make_env("no_such_module:Env")
    with pytest.raises(ConfigError, match="has no 'Nothing'"):
        make_env("harbor_envs:Nothing")
    with pytest.raises(ConfigError, match="unknown environment 'harbour'.*module:Class"):
        make_env("harbour")


def test_pivot_run_takes_module_class(user_module: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                      capsys: pytest.CaptureFixture[str]) -> None:
    from pivot_opt.envs.daytrip import DayTripEnv

    ref = DayTripEnv(seed=3).spec.reference
    monkeypatch.setattr(common, "build_engine", lambda args: ScriptedEngine([json.dumps({"steps": ref})],
                                                                            repeat_last=True))
    out = tmp_path / "run"
    code = cli.main(["run", "--env", "harbor_envs:HarborTrip", "--env-option", "seed=3", "--plans", "1",
                     "--iterations", "1", "--out", str(out), "--quiet"])
    assert code == 0, capsys.readouterr().err
    header = json.loads((out / "history.jsonl").read_text(encoding="utf-8").splitlines()[0])
    assert header["env"].endswith("harbor_envs.HarborTrip")


def test_pivot_bench_takes_module_class_with_tasks(user_module: Path, tmp_path: Path,
                                                   capsys: pytest.CaptureFixture[str]) -> None:
    code = cli.main(["bench", "--env", "harbor_envs:HarborTrip:1-2", "--methods", "pivot", "--dry-run",
                     "--out", str(tmp_path / "b")])
    assert code == 0, capsys.readouterr().err
    assert "6 runs (1 methods, 2 tasks, 3 seeds)" in capsys.readouterr().out
    assert cli.main(["bench", "--env", "harbor_envs:Nothing:1-2", "--dry-run", "--out", str(tmp_path / "c")]) == 2
    assert "has no 'Nothing'" in capsys.readouterr().err


def test_an_installed_entry_point_is_a_name_in_this_and_a_fresh_process(user_module: Path) -> None:
    _entry_point_dist(user_module)
    assert "harbor" in env_names()
    assert type(make_env("harbor", seed=2)).__name__ == "HarborTrip"
    # A worker process (Dask, multiprocessing) knows the name from the installed metadata alone.
    code = "from pivot_opt.envs import make_env; print(type(make_env('harbor', seed=2)).__name__)"
    path = os.pathsep.join([str(user_module), *sys.path])
    done = subprocess.run([sys.executable, "-c", code], env={**os.environ, "PYTHONPATH": path},
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "HarborTrip"


def test_register_env_stores_an_import_path_other_processes_can_use(user_module: Path,
                                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    import harbor_envs

    monkeypatch.setattr("pivot_opt.envs.ENVIRONMENTS", dict(ENVIRONMENTS))
    from pivot_opt import envs

    assert register_env("harbor2", harbor_envs.HarborTrip) == "harbor_envs:HarborTrip"
    assert envs.ENVIRONMENTS["harbor2"] == "harbor_envs:HarborTrip"
    assert type(make_env("harbor2")).__name__ == "HarborTrip"

    class Local(harbor_envs.HarborTrip):
        pass

    with pytest.raises(ConfigError, match="no import path other processes can use"):
        register_env("local", Local)
    with pytest.raises(ConfigError, match="module:attr"):
        register_env("bad", "harbor_envs.HarborTrip")
    with pytest.raises(ConfigError, match="no ':'"):
        register_env("a:b", "harbor_envs:HarborTrip")
