"""A new report: its params file and the empty commentary file beside it (``dti-kit new-report``)."""
from __future__ import annotations

from pathlib import Path

from dti_kit._util.atomic import all_or_nothing, write_bytes, write_text
from dti_kit._util.strings import slugify
from dti_kit.errors import ParamsError, Problem
from dti_kit.i18n import text as i18n_text
from dti_kit.loader import load_design
from dti_kit.publish.params import load_params
from dti_kit.report.commentary import scaffold

__all__ = ["new_report"]


def new_report(province: str, year: int, level: str, design_id: str, inputs: str, root: str | Path = ".",
               previous_inputs: str | None = None, language: str = "vi", force: bool = False) -> tuple[Path, Path]:
    """Scaffold ``params/<province>/<year>-<level>.yaml`` and its empty commentary file.

    The params file is checked as the build would check it; if it is refused, both files are
    removed again and the :class:`~dti_kit.errors.ParamsError` is raised.

    Returns
    -------
    (params, commentary)
        The two paths written.
    """
    root = Path(root)
    design = load_design(design_id)
    prov = slugify(province)
    params = root / "params" / prov / f"{year}-{level}.yaml"
    comm = params.with_name(params.stem + ".commentary.md")
    problems = []
    for p in (params, comm):
        if p.exists() and not force:
            problems.append(Problem(f"{p} exists already (use --force to overwrite)", f"{p} đã tồn tại", source=str(p)))
    if problems:
        raise ParamsError(problems)
    q = '"'
    title = i18n_text("report.title", language, level=design.level_label(language),
                      province=design.province, year=year)
    text = "\n".join([
        f"design: {design_id}",
        f"inputs: {inputs}",
        f"previous_inputs: {previous_inputs}" if previous_inputs else "# previous_inputs: inputs/…  (last year's, for trends)",
        f"language: {language}",
        f"title: {q}{title}{q}",
        f"author: {q}{q}",
        "notebooks: [scoring_report]",
        "",
    ])
    # the check reads the params file where the build will (its path names the report folder):
    # what --force replaced is put back if the new one is refused
    before = {p: p.read_bytes() if p.is_file() else None for p in (params, comm)}
    with all_or_nothing():
        write_text(params, text)
        write_text(comm, scaffold(design, language))
    try:
        load_params(params.resolve(), root)
    except BaseException:  # refused, or cut short (Ctrl-C, an unreadable input): what was there stays
        for p, old in before.items():
            if old is None:
                p.unlink()
            else:
                write_bytes(p, old)
        raise
    return params, comm
