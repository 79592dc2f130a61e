"""What every report notebook shares: :func:`begin` (a chosen params file's values, the
project root as working directory, the charts' style, ``show`` and ``table``), :func:`load`
(the design and its inputs), and the build kernels' warm-up.

Where a notebook runs: the build (papermill) starts kernels in the project root; Jupyter,
JupyterLab and nbval start them in ``notebooks/``. ``use_project_root()`` makes both work."""
from __future__ import annotations

import functools
import os
from pathlib import Path

__all__ = ["begin", "load_data", "load", "unranked", "show", "table", "use_project_root", "apply_params", "warm_up", "reset_session"]


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
    from it. The build injects the same values, so both ways give the same report; only the
    build's ``output_dir``, its staging folder, is kept (the params file names the live report
    folder, which the run must not write into: :mod:`dti_kit.publish.swap`)."""
    if not params_path:
        return
    from dti_kit.publish.params import load_params
    from dti_kit.publish.swap import is_staging_of

    root = use_project_root()
    given = namespace.get("output_dir")
    namespace.update(load_params(params_path, root).notebook_parameters(notebook))
    if isinstance(given, str) and is_staging_of(Path(given), Path(namespace["output_dir"])):
        # the build's staging folder: the run's files are published from it by the folder swap
        namespace["output_dir"] = given


def begin(namespace: dict, notebook: str, domain: str = "report") -> None:
    """The first lines of every report notebook: set ``namespace``'s parameters from a chosen
    params file (``params_path``), work in the project root, set the charts' style, and define
    ``show(figure)`` and ``table(df)`` (headers from the catalogue ``domain``) in ``namespace``."""
    apply_params(namespace.get("params_path", ""), notebook, namespace)
    use_project_root()  # paths in the parameters are relative to the project root
    from dti_kit.report.plotting import setup

    setup()
    namespace["show"] = functools.partial(show, language=namespace.get("language", "vi"))
    namespace["table"] = functools.partial(table, language=namespace.get("language", "vi"), domain=domain)


def load_data(design_id: str, inputs, previous_inputs=(), na_policy: str | None = None, *, units: str = "",
              previous_mapping: str = "", previous_design: str = "", year: int | None = None):
    """The report's data (:class:`~dti_kit.report.data.ReportData`: design, inputs as the long
    table, scores, units file, mapping); ``year`` (the report's) refuses a form made for another year.

    The same :func:`~dti_kit.report.data.load_report_data` as the scoring report's, with the
    same arguments: in a build, the params file's inputs are read and scored once (the build's
    cache, :mod:`dti_kit.report.cache`) for all its notebooks, and the units file read once
    with them (its parents and unranked units are looked up in the result, not read again)."""
    from dti_kit.report.data import load_report_data

    return load_report_data(design_id, inputs, previous_inputs, na_policy, units=units, previous_mapping=previous_mapping,
                            previous_design=previous_design, year=year)


def load(design_id: str, inputs, previous_inputs=(), na_policy: str | None = None, *, units: str = "",
         previous_mapping: str = "", previous_design: str = "", year: int | None = None):
    """The design and its inputs as the long table: ``(design, long)``, from :func:`load_data`.

    Kept for the notebooks a project made before :func:`load_data` (a project's
    ``notebooks/`` are its own copies: a new release of dti-kit must not break them)."""
    data = load_data(design_id, inputs, previous_inputs, na_policy, units=units, previous_mapping=previous_mapping,
                     previous_design=previous_design, year=year)
    return data.design, data.long


def unranked(units: str = "") -> frozenset[str]:
    """The units a units file marks assessed but not ranked (``ranked = 0``); none without one.

    Kept for the notebooks a project made before :func:`load_data` (whose scores know them,
    :attr:`~dti_kit.scoring.ScoreResult.unranked`, without reading the file again)."""
    if not units:
        return frozenset()
    from dti_kit.units import read_units

    return read_units(units).unranked


def show(figure, language: str = "vi") -> None:
    """Show a matplotlib figure (or an Axes' figure) as one PNG, drawn once at the report's
    resolution (:func:`dti_kit.report.plotting.png`: the constrained layout, no second
    "tight" pass), and close it; ``None`` shows nothing. The image's alternative text (what
    a screen reader says) is the chart's title, or the catalogue's word for a chart."""
    if figure is None:
        return
    import matplotlib.pyplot as plt
    from IPython.display import Image, display

    from dti_kit.i18n import text
    from dti_kit.report.plotting import png

    if not hasattr(figure, "savefig"):  # an Axes
        figure = figure.figure
    # the line a phone shows above a chart it lets scroll sideways (report.wide: the page's template puts it there)
    display(Image(png(figure), alt=chart_title(figure) or text("common.chart", language),
                  metadata={"hint": text("report.wide_chart_hint", language)}))
    plt.close(figure)


def chart_title(figure) -> str:
    """A figure's title: its own (``suptitle``), else its first axes' title with one ("" if none)."""
    own = figure.get_suptitle()
    if own.strip():
        return " ".join(own.split())
    for ax in figure.axes:
        if ax.get_title().strip():
            return " ".join(ax.get_title().split())
    return ""


def table(df, language: str = "vi", domain: str = "report") -> None:
    """Show a table as the report's HTML (:func:`dti_kit.report.tables.html_table`)."""
    from IPython.display import HTML, display

    from dti_kit.report.tables import html_table

    display(HTML(html_table(df, language, domain=domain)))


#: The report modules a build kernel imports once (``warm_up``): what the notebooks import.
WARM_MODULES = (
    "numpy", "pandas", "matplotlib.pyplot", "IPython.display",
    "dti_kit", "dti_kit.report.charts", "dti_kit.report.tables", "dti_kit.report.commentary", "dti_kit._util.excel", "dti_kit.report.plotting",
    "dti_kit.reconcile.core", "dti_kit.reconcile.report", "dti_kit.sensitivity.analysis", "dti_kit.sensitivity.plots",
    "dti_kit.sensitivity.text", "dti_kit.compare.plots", "dti_kit.compare.report",
)

_snapshot: dict | None = None


def warm_up() -> None:
    """Import the report modules in a build kernel and remember the state a fresh kernel has
    after those imports (restored by :func:`reset_session` before every notebook)."""
    global _snapshot  # one snapshot per kernel process: the state every report starts from
    import importlib
    import sys
    import warnings

    for name in WARM_MODULES:
        importlib.import_module(name)
    from dti_kit.errors import DtiKitError
    from dti_kit.loader import design_ids, load_design

    # the shipped designs parsed once per kernel (load_design caches; designs are immutable);
    # the project's own are parsed by the reports that use them, so one broken design the
    # build does not use cannot fail every report's kernel
    for design_id in design_ids():
        try:
            load_design(design_id)
        except DtiKitError:  # a report that uses the design meets the error and names it
            pass
    import matplotlib
    import numpy as np

    _snapshot = {
        "rc": matplotlib.rcParams.copy(),
        "warnings": list(warnings.filters),
        "random": np.random.get_state(),
        "path": list(sys.path),
    }
    import gc

    # what the imports made lives as long as the kernel: the garbage collector need not walk it
    # again at every reset and every full collection a report's work triggers
    gc.freeze()


def reset_session(root: str) -> None:
    """Give the next notebook a kernel as fresh as a new one: empty namespace, execution
    counts from 1, matplotlib settings, warning filters, numpy's global random state,
    ``sys.path`` and the working directory as right after :func:`warm_up`. The build's cache of
    report data (``reports/.cache/``, :mod:`dti_kit.report.cache`) is in use from then on."""
    import sys
    import warnings

    import matplotlib
    import matplotlib.pyplot as plt
    import numpy as np
    from IPython import get_ipython

    if _snapshot is None:
        raise RuntimeError("reset_session() needs warm_up() first")
    plt.close("all")
    ip = get_ipython()
    if ip is not None:
        ip.reset(new_session=True)  # clears the user namespace, In/Out; execution_count = 1
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        matplotlib.rcParams.update(_snapshot["rc"])
    warnings.filters[:] = _snapshot["warnings"]
    np.random.set_state(_snapshot["random"])
    sys.path[:] = _snapshot["path"]
    os.chdir(root)
    from dti_kit.report import cache

    cache.use(Path(root) / "reports" / ".cache")  # a build kernel: the params file's data is read and scored once
