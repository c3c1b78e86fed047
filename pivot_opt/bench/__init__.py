"""Benchmarks: PIVOT against its ablations, the HITL oracle and the baselines, in one sweep.

```python
from pivot_opt.bench import BenchConfig, EnvSpec, run_sweep, write_report

config = BenchConfig([EnvSpec("daytrip", tasks=range(10))], methods="all", seeds=[0, 1, 2],
                     engine="local", iterations=4, out="bench-runs/daytrip")
run_sweep(config)                 # threads; or run_sweep(config, executor=client.get_executor())
write_report(config.out)          # report/report.md, summary.csv, runs.csv, PNG figures
```
The CLI is ``pivot bench`` (see ``pivot bench --help`` and docs/benchmarks.md).
"""

from pivot_opt.bench.config import BenchConfig, EnvSpec, Settings, TaskRef, parse_tasks
from pivot_opt.bench.engines import LedgerView
from pivot_opt.bench.execute import RunJob, execute_run
from pivot_opt.bench.methods import GROUPS, METHODS, Method, resolve_methods
from pivot_opt.bench.report import load_results, summarize, write_report
from pivot_opt.bench.runner import Progress, SweepSummary, plan_jobs, run_sweep

__all__ = [
    "GROUPS",
    "METHODS",
    "BenchConfig",
    "EnvSpec",
    "LedgerView",
    "Method",
    "Progress",
    "RunJob",
    "Settings",
    "SweepSummary",
    "TaskRef",
    "execute_run",
    "load_results",
    "parse_tasks",
    "plan_jobs",
    "resolve_methods",
    "run_sweep",
    "summarize",
    "write_report",
]
