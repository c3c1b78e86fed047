"""How INSPECT's cost grows with the length of a travel plan (it should grow linearly).

A long plan is the fixture plan (Hefei -> Nanjing, 3 days) with extra scheduled attraction,
meal and buffer steps spread over its days, up to N steps. For each N the script times one
INSPECT (``Composite()(trajectory, env)``: execute, every check, every loss term) on a fresh
environment cache and prints seconds and seconds per 1,000 steps; linear cost keeps the second
column flat. ``--profile N`` prints the top functions of a cProfile of one INSPECT instead.

Measured on the shared 2-core machine (seconds for 400 / 800 / 1,600 steps): before the fix
0.14 / 0.38 / 1.45 (quadratic: the transfer-time check summed every buffer of the day for every
pair of places, the running spend rescanned a day per activity); after it 0.05 / 0.09 / 0.19.

    python experiments/travel_inspect_scaling.py                  # 400, 800, 1600 steps
    python experiments/travel_inspect_scaling.py --sizes 400,3200
    python experiments/travel_inspect_scaling.py --profile 1600
"""

from __future__ import annotations

import argparse
import cProfile
import pstats
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from pivot_opt import Trajectory  # noqa: E402
from pivot_opt.envs.travel import load_database, load_tasks  # noqa: E402
from pivot_opt.envs.travel.environment import TravelEnv  # noqa: E402
from pivot_opt.losses import Composite  # noqa: E402
from pivot_opt.step import Step  # noqa: E402

DATA = ROOT / "tests" / "travel" / "data"


def fixture_env() -> TravelEnv:
    task = next(t for t in load_tasks(DATA / "tasks.json") if t.id == "9001")
    return TravelEnv(task, load_database(DATA / "id_9001"), source="fixture")


def long_plan(env: TravelEnv, n: int) -> list[Step]:
    """The fixture plan with extra steps inserted before each day's last step, ``n`` steps in all."""
    base = env.from_text((DATA / "plan_9001.txt").read_text(encoding="utf-8"))
    attractions, restaurants = sorted(env.db.attractions), sorted(env.db.restaurants)
    extra: list[Step] = []
    for k in range(max(0, n - len(base))):
        day = 1 + k % env.ctx.days
        kind = k % 3
        if kind == 0:
            extra.append(Step("attraction", {"day": day, "name": attractions[k % len(attractions)]}))
        elif kind == 1:
            extra.append(Step("meal", {"day": day, "name": restaurants[k % len(restaurants)]}))
        else:
            extra.append(Step("buffer", {"day": day, "minutes": 5}))
    by_day: dict[int, list[Step]] = {}
    for step in extra:
        by_day.setdefault(int(step.args["day"]), []).append(step)
    out: list[Step] = []
    for i, step in enumerate(base):
        day = step.args.get("day")
        nxt = base[i + 1].args.get("day") if i + 1 < len(base) else None
        out.append(step)
        if isinstance(day, int) and nxt != day:
            out.extend(by_day.pop(day, []))
    return out[:n]


def inspect_seconds(n: int) -> float:
    env = fixture_env()
    trajectory = Trajectory(long_plan(env, n))
    inspect = Composite()
    start = time.perf_counter()
    inspect(trajectory, env)
    return time.perf_counter() - start


def main() -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--sizes", default="400,800,1600", help="plan lengths, comma-separated")
    p.add_argument("--profile", type=int, default=None, metavar="N", help="profile one INSPECT of N steps")
    args = p.parse_args()
    if args.profile:
        env = fixture_env()
        trajectory = Trajectory(long_plan(env, args.profile))
        profiler = cProfile.Profile()
        profiler.runcall(Composite(), trajectory, env)
        pstats.Stats(profiler).sort_stats("cumulative").print_stats(30)
        return 0
    print(f"{'steps':>6} {'seconds':>8} {'s/1000 steps':>13}")
    for n in (int(s) for s in args.sizes.split(",")):
        seconds = inspect_seconds(n)
        print(f"{n:>6} {seconds:>8.3f} {seconds / n * 1000:>13.3f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
