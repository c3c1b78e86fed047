"""Seeded synthetic travel tasks and databases in the official layout (spec §3, §11).

``python -m pivot_opt.envs.travel.generator fixtures DIR`` regenerates the test fixtures.
"""

from pivot_opt.envs.kit.lazy import lazy_exports

_EXPORTS = {
    "FIXTURE_SPECS": ".tasks",
    "GeneratorConfig": ".tasks",
    "GeneratorError": ".tasks",
    "generate_database_for_meta": ".tasks",
    "generate_task": ".tasks",
    "write_fixtures": ".tasks",
}
__all__ = sorted(_EXPORTS)
__getattr__, __dir__ = lazy_exports(__name__, _EXPORTS)
