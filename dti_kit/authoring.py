"""Writing a province's own design: check design files, start a revision from the last one, the schema.

An analyst whose province issues or revises a decision writes ``designs/<id>.yaml`` in the
project (see :func:`dti_kit.loader.design_sources`); these functions serve
``dti-kit designs check``, ``designs new`` and ``designs schema``.
"""
from __future__ import annotations

import re
from dataclasses import replace
from pathlib import Path
from typing import Any, Iterable

from dti_kit.errors import DesignError, Problem, UnknownDesignError
from dti_kit.loader import (
    BONUS_KEYS,
    COMPONENT_KEYS,
    ID_RE,
    INDICATOR_KEYS,
    TOP_KEYS,
    design_ids,
    design_sources,
    designs_dir,
    load_design_file,
    project_designs_dir,
)

__all__ = ["check_design_files", "locate_problems", "new_design", "design_schema"]


def _line_index(text: str) -> tuple[dict[str, int], dict[str, int]]:
    """``({code: line}, {top-level key: line})`` of a design file (1-based lines)."""
    import yaml

    try:
        root = yaml.compose(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    except yaml.YAMLError:
        return {}, {}
    codes: dict[str, int] = {}
    keys: dict[str, int] = {}
    # a problem's code is a component's: where the index's structure defines it, before the
    # general information items (their own codes, 1.1, 1.2 …) and never an erratum that names it
    structure, other = [], []
    if isinstance(root, yaml.MappingNode):
        for k, v in root.value:
            keys.setdefault(str(k.value), k.start_mark.line + 1)
            if k.value in ("main_indicators", "bonus"):
                structure.append(v)
            elif k.value != "errata":
                other.append(v)
    for nodes in (other, structure):  # the structure's lines replace the others'
        found: dict[str, int] = {}
        stack = list(nodes)
        while stack:
            node = stack.pop()
            if isinstance(node, yaml.MappingNode):
                for k, v in node.value:
                    if k.value == "code" and isinstance(v, yaml.ScalarNode):
                        line = node.start_mark.line + 1  # the first definition in the file, whatever the walk's order
                        found[str(v.value)] = min(found.get(str(v.value), line), line)
                    stack.append(v)
            elif isinstance(node, yaml.SequenceNode):
                stack.extend(node.value)
        codes.update(found)
    return codes, keys


_KEY_IN_MESSAGE = re.compile(r"'([a-z_]+)'")


def locate_problems(problems: Iterable[Problem], path: Path) -> list[Problem]:
    """The problems with their line in ``path``: a code's line, else the top-level key a message names."""
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return list(problems)
    codes, keys = _line_index(text)
    out = []
    for p in problems:
        line = codes.get(p.code) if p.code else None
        if line is None:
            m = _KEY_IN_MESSAGE.search(p.message)
            line = keys.get(m.group(1)) if m else None
        if line is None and p.message.startswith("id "):
            line = keys.get("id")
        out.append(replace(p, source=str(path), location=p.location or (f"line {line}" if line else "")))
    return out


def check_design_files(paths: Iterable[str | Path]) -> list[Problem]:
    """Every problem of the design files, each with file and line (empty: all valid).

    Nothing is scored. A file whose name is a shipped design's id, other than that shipped
    file itself, is a problem: the project's design needs its own id.

    Examples
    --------
    >>> check_design_files([designs_dir() / "hoa-binh-2023-huyen.yaml"])
    []
    """
    shipped = set(design_ids())
    problems: list[Problem] = []
    for raw in paths:
        path = Path(raw)
        if not path.is_file():
            problems.append(Problem("no such file", "không có tệp này", source=str(path)))
            continue
        try:
            load_design_file(path)
        except DesignError as exc:
            problems.extend(locate_problems(exc.problems, path))
        if path.stem in shipped and path.resolve() != (designs_dir() / path.name).resolve():
            problems.append(Problem(
                f"id {path.stem!r} is a shipped design's: a project design needs its own id (e.g. {path.stem}-r2)",
                f"mã {path.stem!r} trùng với một bộ chỉ số có sẵn: bộ chỉ số của dự án cần mã riêng (ví dụ {path.stem}-r2)",
                source=str(path), location="line 1"))
    return problems


_TOP_LINE = {key: re.compile(rf"(?m)^{key}:[^\n]*$") for key in ("id", "year", "level")}


def new_design(new_id: str, from_id: str, root: str | Path | None = None, force: bool = False) -> Path:
    """Write ``designs/NEW_ID.yaml``: design ``from_id`` with the new id and the year and level it implies.

    The rest of the file is copied as it is (comments, errata, rules), so the copy scores the
    same inputs identically until the analyst edits it.

    Raises
    ------
    DesignError
        If ``new_id`` is not ``<province>-<year>-<level>[-rN]``, clashes with a design of the
        project, or the file exists (unless ``force``).
    """
    m = ID_RE.match(new_id or "")
    problems = []
    if not m:
        problems.append(Problem(f"{new_id!r} is not <province>-<year>-<level> (or -rN for a revision) in lower-case ASCII",
                                f"{new_id!r} không có dạng <tỉnh>-<năm>-<cấp> (hoặc -rN cho bản sửa đổi), chữ thường không dấu"))
    sources = design_sources(root)
    if from_id not in sources:
        raise UnknownDesignError(f"unknown design {from_id!r}; designs: {', '.join(sources)}")
    target = project_designs_dir(root) / f"{new_id}.yaml"
    if new_id in sources and not (force and sources[new_id].origin == "project"):
        problems.append(Problem(f"design {new_id!r} exists already ({sources[new_id].path})",
                                f"bộ chỉ số {new_id!r} đã có ({sources[new_id].path})", source=str(target)))
    if problems:
        raise DesignError(problems)
    text = sources[from_id].path.read_text(encoding="utf-8")
    for key, value in (("id", new_id), ("year", m["year"]), ("level", m["level"])):
        text, n = _TOP_LINE[key].subn(f"{key}: {value}", text, count=1)
        if n != 1:
            raise DesignError([Problem(f"the design has no top-level {key!r} line to rewrite", source=str(sources[from_id].path))])
    from dti_kit._util.atomic import write_text

    target.parent.mkdir(parents=True, exist_ok=True)
    write_text(target, text)
    problems = check_design_files([target])
    if problems:  # never leave a broken copy behind
        target.unlink()
        raise DesignError(problems)
    return target


def design_schema() -> dict[str, Any]:
    """A JSON Schema (draft 2020-12) of the design format, generated from the loader's keys and the rule registry.

    YAML language servers read it: see docs/design-format.md for pointing an editor at it.
    """
    from dti_kit.na import NA_METHODS
    from dti_kit.rules import rule_kinds

    text = {"type": "string"}
    number = {"type": "number"}
    texty = {"type": ["string", "number"]}

    def obj(keys: set[str], props: dict[str, Any], required: tuple[str, ...] = ()) -> dict[str, Any]:
        missing = keys - set(props)
        assert not missing, f"schema lacks {sorted(missing)}"  # every key the loader accepts is described
        return {"type": "object", "properties": {k: props[k] for k in sorted(keys)}, "required": list(required),
                "additionalProperties": False}

    rule = {"type": "object", "required": ["kind"], "properties": {"kind": {"enum": sorted(rule_kinds())}},
            "description": "how the component is scored: a rule kind and its parameters (docs/design-format.md)"}
    inputs = {"type": "object", "additionalProperties": {"type": "string"},
              "description": "each input variable of the rule and what the decision calls it"}
    counts = {"type": "array", "items": {"type": "string"}, "uniqueItems": True,
              "description": "the inputs that count things (whole numbers: số lượng, số hồ sơ, số máy …)"}
    component = obj(COMPONENT_KEYS, {
        "code": texty, "name": text, "max_points": number, "method": text, "evidence": text,
        "responsible": text, "cooperating": text, "inputs": inputs, "counts": counts, "rule": rule,
        "subcomponents": {"type": "array", "items": {"$ref": "#/$defs/component"}},
    }, ("code", "name", "max_points"))
    indicator = obj(INDICATOR_KEYS, {
        "code": texty, "name": text, "printed_name": text, "name_en": text, "group": {"enum": ["foundation", "activity"]},
        "max_points": number, "scored": {"type": "boolean"}, "stated_components": {"type": "integer"},
        "components": {"type": "array", "items": {"$ref": "#/$defs/component"}},
        "groups": {"type": "array", "items": {"type": "object", "required": ["code", "name"]}},
        "cap": {"type": "boolean", "description": "true: the indicator's score is capped at its max points"},
    }, ("code", "name", "max_points"))
    bonus = obj(BONUS_KEYS, {
        "code": texty, "name": text, "points": number, "method": text, "evidence": text, "inputs": inputs,
        "counts": counts, "rule": rule, "responsible": text,
    }, ("code", "name", "points"))
    top = obj(TOP_KEYS, {
        "id": {"type": "string", "pattern": ID_RE.pattern}, "province": text, "year": {"type": "integer"},
        "level": text, "level_name": text, "level_name_en": text, "unit_kind": text,
        "source": {"type": "object"}, "scale": number, "detail": {"enum": ["full", "structure"]},
        "stated_components": {"type": "integer"}, "index_value": {"enum": ["points", "percent", "value"]},
        "na_policy": {"type": "object", "properties": {"method": {"enum": list(NA_METHODS)},
                                                        "partial": {"type": "string", "pattern": "^[a-z][a-z0-9_]*$"}},
                      "required": ["method"]},
        "bands": {"type": ["object", "null"]}, "pillars": {"type": "array"}, "units": {"type": "array"},
        "general_info": {"type": "array"}, "metadata": {"type": "object"},
        "ranking": {"type": "object", "properties": {"ties": {"enum": ["competition", "dense"]},
                                                      "decimals": {"type": "integer", "minimum": 0, "maximum": 9},
                                                      "unranked": {"type": "array", "items": {"type": "string"}}}},
        "main_indicators": {"type": "array", "items": {"$ref": "#/$defs/indicator"}, "minItems": 1},
        "bonus": {"type": "array", "items": {"$ref": "#/$defs/bonus"}},
        "errata": {"type": "array", "items": {"type": "object", "required": ["id"]}},
    }, ("id", "province", "year", "level", "source", "scale", "detail", "main_indicators"))
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": "https://dti-kit.invalid/design.schema.json",
        "title": "dti-kit index design (Bộ chỉ số đánh giá chuyển đổi số)",
        **top,
        "$defs": {"component": component, "indicator": indicator, "bonus": bonus},
    }
