"""Params files (``params/<province>/<year>-<level>.yaml``): what each report is built from.

A params file is refused before anything runs when it names an unknown key, a design that does
not exist, a notebook that does not exist, or a path outside the project; every problem is
listed at once (:class:`~dti_kit.errors.ParamsError`).
"""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Mapping

import yaml

from dti_kit.errors import ParamsError, Problem, UnknownDesignError
from dti_kit.i18n import text
from dti_kit.loader import load_design
from dti_kit.na import NA_METHODS
from dti_kit._util.safeyaml import UnsafeYAMLError, safe_load
from dti_kit._util.strings import short_repr

REPORT_KEYS = {"design", "inputs", "previous_inputs", "language", "na_policy", "title", "author", "notebooks", "options"}
COMPARISON_KEYS = {"kind", "level", "designs", "inputs", "language", "title", "author", "notebooks", "options"}
LANGUAGES = ("vi", "en")


@dataclass(frozen=True)
class Params:
    """One validated params file."""

    path: Path  # relative to the project root
    kind: str  # report | comparison
    design_ids: tuple[str, ...]
    inputs: tuple[str, ...]
    previous_inputs: tuple[str, ...]
    language: str
    na_policy: str | None
    title: str
    author: str
    notebooks: tuple[str, ...]
    options: Mapping[str, Any] = field(default_factory=dict, hash=False, compare=False)
    level: str = ""

    @property
    def design_id(self) -> str:
        return self.design_ids[0]

    @property
    def commentary(self) -> Path:
        """The analyst's commentary beside the params (``2023-huyen.commentary.md``)."""
        return self.path.with_name(self.path.stem + ".commentary.md")

    def output_dir(self) -> Path:
        """``reports/<year>/<province>/<level>`` (comparisons: ``reports/comparison/<level>``)."""
        if self.kind == "comparison":
            return Path("reports") / "comparison" / self.level
        d = load_design(self.design_id)
        province = d.id[: -len(f"-{d.year}-{d.level}")]
        return Path("reports") / str(d.year) / province / d.level

    def notebook_parameters(self, notebook: str) -> dict[str, Any]:
        """The values papermill injects into the notebook's ``parameters`` cell."""
        common = {
            "inputs": list(self.inputs), "language": self.language, "title": self.title, "author": self.author,
            "output_dir": self.output_dir().as_posix(), "options": dict(self.options.get(notebook, {}) or {}),
            "params_path": self.path.as_posix(),
        }
        if self.kind == "comparison":
            return {"design_ids": list(self.design_ids), "level": self.level, **common}
        return {"design_id": self.design_id, "previous_inputs": list(self.previous_inputs), "na_policy": self.na_policy, **common}


def _inside(root: Path, rel: Any, where: str, problems: list[Problem], source: str, must_exist: bool = True) -> str | None:
    if not isinstance(rel, str) or not rel.strip():
        problems.append(Problem(f"{where}: a path (text) is expected, got {rel!r}", f"{where}: cần một đường dẫn", source=source))
        return None
    p = Path(rel)
    full = (root / p).resolve()
    if p.is_absolute() or not full.is_relative_to(root.resolve()):
        problems.append(Problem(f"{where}: path {rel!r} is outside the project", f"{where}: đường dẫn {rel!r} nằm ngoài dự án", source=source))
        return None
    if must_exist and not full.exists():
        problems.append(Problem(f"{where}: {rel!r} does not exist", f"{where}: {rel!r} không tồn tại", source=source))
        return None
    return p.as_posix()


def _paths(root: Path, value: Any, where: str, problems: list[Problem], source: str) -> tuple[str, ...]:
    if value is None:
        return ()
    items = value if isinstance(value, list) else [value]
    return tuple(p for p in (_inside(root, v, where, problems, source) for v in items) if p)


def load_params(path: str | Path, root: str | Path = ".") -> Params:
    """Read and validate one params file; paths are relative to ``root`` (the project).

    Raises
    ------
    ParamsError
        Listing every problem (unknown key, unknown design or notebook, path outside the
        project or missing, bad language or N/A policy).
    """
    root = Path(root).resolve()
    path = Path(path)
    full = path if path.is_absolute() else root / path
    try:
        rel = full.resolve().relative_to(root)
    except ValueError:
        raise ParamsError([Problem("the params file is outside the project", "tệp tham số nằm ngoài dự án", source=str(path))]) from None
    source = rel.as_posix()
    try:
        data = safe_load(full.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError) as exc:
        raise ParamsError([Problem(f"cannot read: {exc}", "không đọc được tệp", source=source)]) from None
    except UnsafeYAMLError as exc:  # an alias bomb or a key given twice (two `design:`): refused before it is built
        raise ParamsError([Problem(text(exc.msg_id, "en", **exc.fmt), text(exc.msg_id, "vi", **exc.fmt), source=source)]) from None
    except yaml.YAMLError as exc:
        raise ParamsError([Problem(f"not valid YAML: {exc}", "không phải YAML hợp lệ", source=source)]) from None
    if not isinstance(data, Mapping):
        raise ParamsError([Problem("a params file holds a mapping of keys", "tệp tham số phải là một ánh xạ khóa", source=source)])
    problems: list[Problem] = []
    kind = data.get("kind", "report")
    allowed = COMPARISON_KEYS if kind == "comparison" else REPORT_KEYS
    if kind not in ("report", "comparison"):
        problems.append(Problem(f"kind must be report or comparison, got {short_repr(kind)}", "kind phải là report hoặc comparison", source=source))
    for key in data:
        if key not in allowed:
            problems.append(Problem(f"unknown key {short_repr(key)} (allowed: {', '.join(sorted(allowed))})", f"khóa không hợp lệ {short_repr(key)}", source=source))
    if kind == "comparison":
        ids = data.get("designs") or []
        if not isinstance(ids, list) or not ids:
            problems.append(Problem("designs: a list of design ids is expected", "designs: cần danh sách mã bộ chỉ số", source=source))
            ids = []
    else:
        ids = [data.get("design")]
    design_ids = []
    for did in ids:
        try:
            load_design(str(did))
            design_ids.append(str(did))
        except UnknownDesignError as exc:
            problems.append(Problem(str(exc), f"không có bộ chỉ số {did!r}", source=source))
    inputs = _paths(root, data.get("inputs"), "inputs", problems, source)
    if kind == "report" and not inputs:
        problems.append(Problem("inputs: at least one input file or folder is required", "inputs: cần ít nhất một tệp dữ liệu", source=source))
    previous = _paths(root, data.get("previous_inputs"), "previous_inputs", problems, source)
    language = data.get("language", "vi")
    if language not in LANGUAGES:
        problems.append(Problem(f"language must be vi or en, got {short_repr(language)}", "language phải là vi hoặc en", source=source))
    na_policy = data.get("na_policy")
    if na_policy is not None and na_policy not in NA_METHODS:
        problems.append(Problem(f"na_policy must be one of {', '.join(NA_METHODS)}, got {short_repr(na_policy)}", "na_policy không hợp lệ", source=source))
    notebooks = data.get("notebooks") or (["design_comparison"] if kind == "comparison" else ["scoring_report"])
    if not isinstance(notebooks, list):
        notebooks = [notebooks]
    for nb in notebooks:
        if not isinstance(nb, str) or not (root / "notebooks" / f"{nb}.ipynb").is_file():
            problems.append(Problem(f"notebook {short_repr(nb)} does not exist in notebooks/", f"không có sổ tay {short_repr(nb)} trong notebooks/", source=source))
    options = data.get("options") or {}
    if not isinstance(options, Mapping):
        problems.append(Problem("options must map notebook names to their options", "options không hợp lệ", source=source))
        options = {}
    for name in options:
        if name not in notebooks:
            problems.append(Problem(f"options for {short_repr(name)}, which is not among the notebooks", f"options cho {short_repr(name)} không có trong notebooks", source=source))
    level = str(data.get("level", ""))
    if kind == "comparison" and not level:
        problems.append(Problem("level is required for a comparison", "cần khai báo level", source=source))
    for key in ("title", "author"):
        if key in data and not isinstance(data[key], str):
            problems.append(Problem(f"{key} must be text", f"{key} phải là văn bản", source=source))
    if problems:
        raise ParamsError(problems, f"params file {source} is refused ({len(problems)} problem(s))")
    return Params(
        path=rel, kind=kind, design_ids=tuple(design_ids), inputs=inputs, previous_inputs=previous,
        language=language, na_policy=na_policy, title=str(data.get("title", "")), author=str(data.get("author", "")),
        notebooks=tuple(notebooks), options=dict(options), level=level,
    )


def discover(root: str | Path = ".") -> list[Path]:
    """Every params file under ``root/params``, sorted (relative to root)."""
    root = Path(root)
    return sorted(p.relative_to(root) for p in (root / "params").rglob("*.yaml"))
