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


def apply_params(params_path: str, notebook: str, namespace: dict) -> None:
    """Run a notebook on a chosen params file (JupyterLab): set ``namespace``'s parameters
    from it. The build injects the same values, so both ways give the same report."""
    if not params_path:
        return
    from .params import load_params

    root = use_project_root()
    namespace.update(load_params(params_path, root).notebook_parameters(notebook))
