"""``python -m pivot_opt.envs.travel.generator``: regenerate fixtures or write one task."""

from pivot_opt.envs.travel.generator.tasks import main

main()
