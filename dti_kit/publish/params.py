"""Params files (``params/<province>/<year>-<level>.yaml``): what each report is built from.

A params file is refused before anything runs when it names an unknown key, a design that does
not exist, a notebook that is not the plain name of one in ``notebooks/``, or a path outside
the project; every problem is listed at once (:class:`~dti_kit.errors.ParamsError`).

A report's year, province and level come from the params file's own path (its output folder is
``reports/<year>/<province>/<level>/``), never from the design: a 2024 report scored on the 2023
design has a 2024 folder. The keys ``year``, ``province`` and ``level`` may state them, and must
then agree with the path.

Validation imports nothing heavy unless asked (``deep``): a design is checked by its file, so a
build that has nothing to do decides so without loading designs (and numpy with them).
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any, Iterable, Mapping

import yaml

from dti_kit._util.safeyaml import UnsafeYAMLError, safe_load
from dti_kit._util.strings import short_repr, slugify
from dti_kit.errors import DesignError, ParamsError, Problem, UnknownDesignError
from dti_kit.i18n import text
from dti_kit.publish.options import option_problems

__all__ = ["Params", "load_params", "links_out", "discover", "shared_folders", "REPORT_KEYS", "COMPARISON_KEYS", "NA_POLICIES",
           "PUBLICATION_KEYS"]

REPORT_KEYS = {"design", "inputs", "previous_inputs", "previous_design", "units", "previous_mapping", "language", "na_policy", "title", "author", "notebooks", "options",
               "year", "province", "level", "publication", "pdf"}
#: the keys of a report's ``publication`` block (its own decision: document type, number, date, issuer, signer)
PUBLICATION_KEYS = ("document", "number", "date", "issuer", "signer")
COMPARISON_KEYS = {"kind", "level", "designs", "inputs", "language", "title", "author", "notebooks", "options", "pdf"}
LANGUAGES = ("vi", "en")
#: ``params/<province>/<year>-<level>.yaml``: where a report's year, province and level come from
REPORT_PATH_RE = re.compile(r"params/(?P<province>[a-z0-9]+(?:-[a-z0-9]+)*)/(?P<year>\d{4})-(?P<level>[a-z0-9]+)\.yaml")
#: a notebook is named by the stem of ``notebooks/<name>.ipynb`` and nothing else
NOTEBOOK_NAME_RE = re.compile(r"[A-Za-z0-9][A-Za-z0-9_-]*")
#: the N/A policies (as :data:`dti_kit.na.NA_METHODS`; repeated so that reading params imports no numpy;
#: tests/test_params.py checks both are the same)
NA_POLICIES = ("proportional", "peer-mean", "exclude", "zero")


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
    year: int | None = None  # reports: from the params file's path
    province: str = ""  # reports: the province folder of the params file's path (hoa-binh)
    units: str = ""  # reports: the units file (dti_kit.units), relative to the project; "" if none
    previous_mapping: str = ""  # reports: last year's units -> this year's (dti_kit.merge); "" if none
    previous_design: str = ""  # reports: the design of last year's inputs; "" = this year's design
    # reports: the report's own decision ({number, date (ISO), issuer, signer, document}); {} if none
    publication: Mapping[str, str] = field(default_factory=dict, hash=False, compare=False)
    pdf: bool = True  # print each report to <report>.pdf beside its HTML (headless Chromium, when installed)

    def project_designs(self, root: str | Path = ".") -> tuple[Path, ...]:
        """The files of the project's own designs (``designs/<id>.yaml``) this params file uses."""
        return tuple(p for p in (Path(root) / "designs" / f"{d}.yaml" for d in self.design_ids) if p.is_file())

    @property
    def design_id(self) -> str:
        return self.design_ids[0]

    @property
    def commentary(self) -> Path:
        """The analyst's commentary beside the params (``2023-huyen.commentary.md``)."""
        return self.path.with_name(self.path.stem + ".commentary.md")

    def output_dir(self) -> Path:
        """``reports/<year>/<province>/<level>`` of the params file's path (comparisons:
        ``reports/comparison/<level>``)."""
        if self.kind == "comparison":
            return Path("reports") / "comparison" / self.level
        return Path("reports") / str(self.year) / self.province / self.level

    def notebook_parameters(self, notebook: str) -> dict[str, Any]:
        """The values papermill injects into the notebook's ``parameters`` cell."""
        common = {
            "inputs": list(self.inputs), "language": self.language, "title": self.title, "author": self.author,
            "output_dir": self.output_dir().as_posix(), "options": dict(self.options.get(notebook, {}) or {}),
            "params_path": self.path.as_posix(),
        }
        if self.kind == "comparison":
            return {"design_ids": list(self.design_ids), "level": self.level, **common}
        # the publication block only where given: a notebook without that parameter never receives it
        issued = {"publication": dict(self.publication)} if self.publication else {}
        return {"design_id": self.design_id, "previous_inputs": list(self.previous_inputs), "na_policy": self.na_policy,
                "year": self.year, "units": self.units, "previous_mapping": self.previous_mapping,
                "previous_design": self.previous_design, **issued, **common}


def _inside(root: Path, rel: Any, where: str, problems: list[Problem], source: str, must_exist: bool = True) -> str | None:
    if not isinstance(rel, str) or not rel.strip():
        problems.append(Problem(f"{where}: a path (text) is expected, got {rel!r}", f"{where}: cần một đường dẫn", source=source))
        return None
    p = Path(rel)
    full = _resolved(root / p)
    if full is None:
        problems.append(Problem(f"{where}: {rel!r} cannot be followed (a link that leads to itself, or no permission)",
                                f"{where}: không theo được {rel!r} (liên kết vòng, hoặc không có quyền)", source=source))
        return None
    if p.is_absolute() or not full.is_relative_to(root.resolve()):
        problems.append(Problem(f"{where}: path {rel!r} is outside the project", f"{where}: đường dẫn {rel!r} nằm ngoài dự án", source=source))
        return None
    if must_exist and not full.exists():
        problems.append(Problem(f"{where}: {rel!r} does not exist", f"{where}: {rel!r} không tồn tại", source=source))
        return None
    if full.is_dir():  # a folder of forms: a link inside it must not lead out either
        links = links_out(full, root.resolve())
        for link in links:
            problems.append(Problem(f"{where}: {link!r} in {rel!r} is a link that leads outside the project",
                                    f"{where}: {link!r} trong {rel!r} là liên kết dẫn ra ngoài dự án", source=source))
        if links:
            return None
    return p.as_posix()


def links_out(folder: Path, root: Path) -> list[str]:
    """The entries of ``folder`` that a reader of inputs reads (its files, not hidden ones nor
    Excel's lock files: :func:`dti_kit.inputs.input_files`) and that are links leading outside
    ``root``, or that cannot be followed (a loop), as project-relative paths.

    Examples
    --------
    >>> import tempfile
    >>> with tempfile.TemporaryDirectory() as tmp:
    ...     root = Path(tmp).resolve()
    ...     (root / "inputs").mkdir()
    ...     (root / "inputs" / "x.csv").symlink_to("/etc/hostname")
    ...     (root / "inputs" / ".hidden").symlink_to("/etc/hostname")  # never read
    ...     links_out(root / "inputs", root)
    ['inputs/x.csv']
    """
    out = []
    for entry in sorted(folder.iterdir()):
        if entry.name.startswith((".", "~$")) or not entry.is_symlink():
            continue
        target = _resolved(entry)
        if target is None or not target.is_relative_to(root):
            out.append(entry.relative_to(root).as_posix())
    return out


def _resolved(path: Path) -> Path | None:
    """``path`` with every link followed; ``None`` if that cannot be done (a loop, no permission)."""
    try:
        return path.resolve()
    except (OSError, RuntimeError):
        return None


def _stays_inside(root: Path, rel: Path, where: str, problems: list[Problem], source: str, base: Path | None = None) -> None:
    """A place the build writes or reads beside the params (the report folder, the commentary)
    must not lead outside the project (or ``base``, a folder of it) through a link on its way."""
    target = _resolved(root / rel)
    inside = _resolved(base) if base is not None else root.resolve()
    if target is None or inside is None or not target.is_relative_to(inside):
        problems.append(Problem(f"{where}: {rel.as_posix()!r} leads outside the project (a link)",
                                f"{where}: {rel.as_posix()!r} dẫn ra ngoài dự án (liên kết)", source=source))


def _paths(root: Path, value: Any, where: str, problems: list[Problem], source: str) -> tuple[str, ...]:
    if value is None:
        return ()
    items = value if isinstance(value, list) else [value]
    return tuple(p for p in (_inside(root, v, where, problems, source) for v in items) if p)


def _problem(msg_id: str, source: str, **fmt) -> Problem:
    return Problem(text(msg_id, "en", **fmt), text(msg_id, "vi", **fmt), source=source)


def _design_exists(design_id: str, root: Path) -> bool:
    """A shipped design or a project design (``designs/<id>.yaml``) of that id exists (its file;
    loading it, and refusing a project design that clashes with a shipped one, is :func:`_check_design`'s job)."""
    if not NOTEBOOK_NAME_RE.fullmatch(design_id):  # a plain name: no path can reach outside designs/
        return False
    return (resources.files("dti_kit") / "designs" / f"{design_id}.yaml").is_file() or (root / "designs" / f"{design_id}.yaml").is_file()


def _check_design(design_id: str, deep: bool, root: Path) -> str:
    """'' if the design is fine, else what is wrong (deep: loads and validates it)."""
    if not deep:
        return "" if _design_exists(design_id, root) else f"unknown design {design_id!r}"
    from dti_kit.loader import load_design  # numpy and the rules: only when a report must be built

    try:
        load_design(design_id, root)
    except UnknownDesignError as exc:
        return str(exc)
    except DesignError as exc:
        return str(exc)
    return ""


def _report_place(rel: str, data: Mapping, source: str, problems: list[Problem]) -> tuple[int | None, str, str]:
    """Year, province and level of a report from its params file's path; stated keys must agree."""
    m = REPORT_PATH_RE.fullmatch(rel)
    if not m:
        problems.append(_problem("publish_safety.params_path_form", source, path=rel))
        return None, "", ""
    place = {"year": int(m["year"]), "province": m["province"], "level": m["level"]}
    for key, expected in place.items():
        stated = data.get(key)
        if key == "province" and isinstance(stated, str):
            stated = slugify(stated)  # "Hòa Bình" states hoa-binh
        if key in data and str(stated) != str(expected):
            problems.append(_problem("publish_safety.key_disagrees", source, key=key, value=data[key], expected=expected))
    return place["year"], place["province"], place["level"]


def load_params(path: str | Path, root: str | Path = ".", deep: bool = True) -> Params:
    """Read and validate one params file; paths are relative to ``root`` (the project).

    Parameters
    ----------
    deep : bool
        Load and validate the designs the file names (imports the scoring core). ``False``
        checks that each design's file exists, which is all a build needs to decide from
        hashes that nothing changed (a changed design changes the hashes).

    Raises
    ------
    ParamsError
        Listing every problem (unknown key, unknown design or notebook, path outside the
        project or missing, bad language or N/A policy, a place that disagrees with the path).
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
        wrong = _check_design(str(did), deep, root)
        if wrong:
            problems.append(Problem(wrong, f"không có bộ chỉ số {did!r}", source=source))
        else:
            design_ids.append(str(did))
    inputs = _paths(root, data.get("inputs"), "inputs", problems, source)
    if kind == "report" and not inputs:
        problems.append(Problem("inputs: at least one input file or folder is required", "inputs: cần ít nhất một tệp dữ liệu", source=source))
    previous = _paths(root, data.get("previous_inputs"), "previous_inputs", problems, source)
    previous_design = ""
    if kind == "report" and data.get("previous_design") is not None:
        previous_design = str(data["previous_design"])
        wrong = _check_design(previous_design, deep, root)
        if wrong:
            problems.append(Problem(f"previous_design: {wrong}", f"previous_design: không có bộ chỉ số {previous_design!r}", source=source))
    units = _one_file(root, data, "units", problems, source)
    previous_mapping = _one_file(root, data, "previous_mapping", problems, source)
    language = data.get("language", "vi")
    if language not in LANGUAGES:
        problems.append(Problem(f"language must be vi or en, got {short_repr(language)}", "language phải là vi hoặc en", source=source))
    na_policy = data.get("na_policy")
    if na_policy is not None and na_policy not in NA_POLICIES:
        problems.append(Problem(f"na_policy must be one of {', '.join(NA_POLICIES)}, got {short_repr(na_policy)}", "na_policy không hợp lệ", source=source))
    notebooks = data.get("notebooks") or (["design_comparison"] if kind == "comparison" else ["scoring_report"])
    if not isinstance(notebooks, list):
        notebooks = [notebooks]
    for nb in notebooks:
        if not isinstance(nb, str) or not NOTEBOOK_NAME_RE.fullmatch(nb):
            # never a path: "../../x", "/x" or "/../../../../tmp/x" would run (and write) outside notebooks/
            problems.append(_problem("publish_safety.notebook_name", source, name=nb))
        elif not (root / "notebooks" / f"{nb}.ipynb").is_file():
            problems.append(Problem(f"notebook {short_repr(nb)} does not exist in notebooks/", f"không có sổ tay {short_repr(nb)} trong notebooks/", source=source))
    options = data.get("options") or {}
    if not isinstance(options, Mapping):
        problems.append(Problem("options must map notebook names to their options", "options không hợp lệ", source=source))
        options = {}
    for name in options:
        if name not in notebooks:
            problems.append(Problem(f"options for {short_repr(name)}, which is not among the notebooks", f"options cho {short_repr(name)} không có trong notebooks", source=source))
        else:  # every key and value a shipped notebook reads, checked now rather than failing in its cell
            problems += option_problems(name, options[name], source)
    year, province = None, ""
    if kind == "comparison":
        level = str(data.get("level", ""))
        if not level:
            problems.append(Problem("level is required for a comparison", "cần khai báo level", source=source))
        elif not NOTEBOOK_NAME_RE.fullmatch(level):  # it names a folder under reports/comparison/
            problems.append(Problem(f"level {short_repr(level)} is not a plain name", f"level {short_repr(level)} không hợp lệ", source=source))
    else:
        year, province, level = _report_place(source, data, source, problems)
    for key in ("title", "author"):
        if key in data and not isinstance(data[key], str):
            problems.append(Problem(f"{key} must be text", f"{key} phải là văn bản", source=source))
    publication = _publication(data.get("publication"), problems, source) if kind == "report" else {}
    pdf = data.get("pdf", True)
    if not isinstance(pdf, bool):
        problems.append(_problem("print.pdf_not_bool", source, value=short_repr(pdf)))
    if problems:
        raise ParamsError(problems, f"params file {source} is refused ({len(problems)} problem(s))")
    params = Params(
        path=rel, kind=kind, design_ids=tuple(design_ids), inputs=inputs, previous_inputs=previous,
        language=language, na_policy=na_policy, title=str(data.get("title", "")), author=str(data.get("author", "")),
        notebooks=tuple(notebooks), options=dict(options), level=level, year=year, province=province,
        units=units, previous_mapping=previous_mapping, previous_design=previous_design, publication=publication,
        pdf=pdf is not False,
    )
    # where the build writes the report and reads the commentary: not out of the project through a link
    # reports/ itself may be a link the analyst made (the reports on a shared drive); what the
    # params name below it must stay inside it
    _stays_inside(root, params.output_dir(), "reports", problems, source, base=root / "reports")
    _stays_inside(root, params.commentary, "commentary", problems, source)
    if kind == "report" and deep and not problems:  # the inputs read (and, in a build, scored) once all else is right
        problems += _deep_file_problems(root, design_ids[0], inputs, units, previous_mapping, previous, na_policy,
                                        previous_design, year)
    if problems:
        raise ParamsError(problems, f"params file {source} is refused ({len(problems)} problem(s))")
    return params


def _publication(block: Any, problems: list[Problem], source: str) -> dict[str, str]:
    """A report's ``publication`` block checked: a mapping of :data:`PUBLICATION_KEYS`, each
    text, ``number`` required, ``date`` a date (``2024-02-15``, or ``15/02/2024``) given as ISO text."""
    import datetime as dt

    if block is None:
        return {}
    where = "publication"
    if not isinstance(block, Mapping):
        problems.append(Problem(f"{where} must map {', '.join(PUBLICATION_KEYS)} to text",
                                f"{where} phải gồm các khóa {', '.join(PUBLICATION_KEYS)}", source=source, variable=where))
        return {}
    out: dict[str, str] = {}
    for key, value in block.items():
        if key not in PUBLICATION_KEYS:
            problems.append(Problem(f"{where}: unknown key {short_repr(key)} (allowed: {', '.join(PUBLICATION_KEYS)})",
                                    f"{where}: khóa không hợp lệ {short_repr(key)}", source=source, variable=f"{where}.{key}"))
            continue
        if key == "date":
            day = value if isinstance(value, dt.date) and not isinstance(value, dt.datetime) else None
            if day is None and isinstance(value, str):
                m = re.fullmatch(r"\s*(\d{1,2})/(\d{1,2})/(\d{4})\s*", value)
                try:
                    day = dt.date(int(m[3]), int(m[2]), int(m[1])) if m else dt.date.fromisoformat(value.strip())
                except ValueError:
                    day = None
            if day is None:
                problems.append(Problem(f"{where}.date must be a date (2024-02-15 or 15/02/2024), got {short_repr(value)}",
                                        f"{where}.date phải là ngày (2024-02-15 hoặc 15/02/2024)", source=source,
                                        variable=f"{where}.date"))
            else:
                out["date"] = day.isoformat()
            continue
        if not isinstance(value, (str, int)) or isinstance(value, bool) or not str(value).strip():
            problems.append(Problem(f"{where}.{key} must be text, got {short_repr(value)}", f"{where}.{key} phải là văn bản",
                                    source=source, variable=f"{where}.{key}"))
            continue
        out[key] = str(value).strip()
    if "number" not in out and not any(p.variable == f"{where}.number" for p in problems):
        problems.append(Problem(f"{where}.number is required (the decision's number, e.g. 123/QĐ-UBND)",
                                f"{where}.number là bắt buộc (số quyết định, ví dụ 123/QĐ-UBND)", source=source,
                                variable=f"{where}.number"))
    return out


def _one_file(root: Path, data: Mapping, key: str, problems: list[Problem], source: str) -> str:
    """The project-relative path of the file ``key`` names ('' if absent); outside the project or missing is a problem."""
    if data.get(key) is None:
        return ""
    rel = _inside(root, data[key], key, problems, source)
    if rel and not (root / rel).is_file():
        problems.append(Problem(f"{key}: {rel!r} is not a file", f"{key}: {rel!r} không phải là tệp", source=source))
        return ""
    return rel or ""


def _deep_file_problems(root: Path, design_id: str, inputs: tuple[str, ...], units: str, mapping: str,
                        previous: tuple[str, ...] = (), na_policy: str | None = None, previous_design: str = "",
                        year: int | None = None) -> list[Problem]:
    """Before a report runs: its inputs read and scored, the units file read and checked against
    the inputs both ways, the mapping read.

    In a build (its cache in use, :mod:`dti_kit.report.cache`) the inputs are read and scored
    here once, as the report's notebooks will load them, so that every problem of this year's
    and last year's inputs, units file and mapping is named before any notebook runs (exit 2,
    nothing written); otherwise the inputs are only read where a units file needs them.
    Every problem names its file and line or cell (:mod:`dti_kit.forms`, :mod:`dti_kit.units`,
    :mod:`dti_kit.merge`).
    """
    from dti_kit.errors import ProblemsError

    problems: list[Problem] = []
    try:
        long = _report_long(root, design_id, inputs, units, mapping, previous, na_policy, previous_design, year)
    except ProblemsError as exc:
        return list(exc.problems)
    if units:
        from dti_kit.forms import read_inputs  # the inputs' unit ids: only when a report must be built
        from dti_kit.loader import load_design
        from dti_kit.units import check_units

        try:
            if long is None:  # no build: read the inputs alone
                design = load_design(design_id, root)
                long = read_inputs([root / i for i in inputs], design=design)
        except ProblemsError as exc:
            problems += exc.problems
        # the file's own problems and, with the inputs read, its units against theirs, at once
        problems += check_units(root / units, dict.fromkeys(long["unit_id"].astype(str)) if long is not None else None,
                                source=", ".join(inputs))[1]
    if mapping:
        from dti_kit.merge import read_mapping

        try:
            read_mapping(root / mapping)
        except ProblemsError as exc:
            problems += exc.problems
    return problems


def _report_long(root: Path, design_id: str, inputs: tuple[str, ...], units: str, mapping: str, previous: tuple[str, ...],
                 na_policy: str | None, previous_design: str, year: int | None):
    """In a build, the report's long table through the build's cache (read and scored as its
    notebooks will load it, in the project root as they run); ``None`` outside a build.

    Raises
    ------
    ProblemsError
        Every problem of the inputs, units file or mapping (:class:`~dti_kit.errors.InputError`,
        :class:`~dti_kit.errors.FormError` …). Any other error is left to the notebook, which
        meets it again and names its cell.
    """
    import contextlib

    from dti_kit.errors import ProblemsError
    from dti_kit.report import cache

    if cache.folder_in_use() is None:
        return None
    from dti_kit.report.data import load_report_data

    try:
        with contextlib.chdir(root):  # the paths, as the notebooks name them in their tables
            return load_report_data(design_id, inputs, previous, na_policy, units=units, previous_mapping=mapping,
                                    previous_design=previous_design, year=year, root=root).long
    except ProblemsError:
        raise
    except Exception:  # noqa: BLE001 - the notebook meets the same error and names its cell
        return None


def shared_folders(all_params: Iterable[Params]) -> list[Problem]:
    """A problem for every pair of params files that would write one report folder."""
    first: dict[Path, Params] = {}
    problems = []
    for prm in sorted(all_params, key=lambda p: p.path.as_posix()):
        folder = prm.output_dir()
        if folder in first and first[folder].path == prm.path:
            continue  # the same file named twice
        if folder in first:
            problems.append(_problem("publish_safety.shared_folder", prm.path.as_posix(), first=first[folder].path.as_posix(),
                                     second=prm.path.as_posix(), folder=folder.as_posix()))
        else:
            first[folder] = prm
    return problems


def discover(root: str | Path = ".") -> list[Path]:
    """Every params file under ``root/params``, sorted (relative to root)."""
    root = Path(root)
    return sorted(p.relative_to(root) for p in (root / "params").rglob("*.yaml"))
