"""The environment kit: what every environment package reuses instead of writing again.

See ``docs/writing-an-environment.md`` for a walk-through with a tested example.
"""

from pivot_opt.envs.kit.lazy import lazy_exports

__all__ = ["lazy_exports"]
