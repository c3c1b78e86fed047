"""Where the public DeepPlanning query files are, for the optional tests that read them.

``PIVOT_DEEPPLANNING_DATA`` names the folder; without it, ``../shared/data/deepplanning`` beside
the repository is tried. Tests that need the files skip when they are absent.
"""

from __future__ import annotations

import os
from pathlib import Path

DEEPPLANNING = Path(os.environ.get("PIVOT_DEEPPLANNING_DATA")
                    or Path(__file__).resolve().parents[1].parent / "shared" / "data" / "deepplanning")
