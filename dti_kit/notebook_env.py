"""Where a notebook runs: the build (papermill) starts kernels in the project root; Jupyter,
JupyterLab and nbval start them in ``notebooks/``. ``use_project_root()`` makes both work."""
from __future__ import annotations

import os
from pathlib import Path


def use_project_root() -> Path:
    """Change to the project root (the nearest folder holding ``notebooks/`` and ``params/``)."""
    here = Path.cwd()
    for d in (here, *here.parents):
        if (d / "notebooks").is_dir() and (d / "params").is_dir():
            if d != here:
                os.chdir(d)
            return d
    return here
