"""The package's import graph has no cycle and never imports against the layers.

Layers, from the bottom (docs/../README "Layout"): the catalogue of reader text (``i18n``) and
``errors`` and ``_util``; the scoring core; ``forms`` (and ``samples``, which writes forms);
the analyses (``reconcile``, ``sensitivity``, ``compare`` without their presentation modules);
presentation (``report/`` and the analyses' ``report``, ``text``, ``plots``); ``publish``; ``cli``.
A module may import its own layer or any layer below. Every import counts, function-level ones
included; only ``if TYPE_CHECKING:`` blocks are left out (they never run).
"""
import ast
from pathlib import Path

PKG = Path(__file__).resolve().parents[1] / "dti_kit"

LAYERS = ["base", "core", "forms", "analyses", "presentation", "publish", "cli"]
PRESENTATION_LEAVES = {"report", "text", "plots"}

# Imports against the layers that the restructuring (issue "One house") has not removed yet.
# The test fails on any other violation, and on an entry here that no longer happens, so the
# list only shrinks. It must be empty when the issue is done.
KNOWN_VIOLATIONS: set[str] = set()
KNOWN_CYCLE_MODULES: set[str] = set()


def module_name(path: Path) -> str:
    parts = path.relative_to(PKG.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def layer(module: str) -> str:
    parts = module.split(".")
    top = parts[1] if len(parts) > 1 else ""
    leaf = parts[-1]
    if top in ("", "errors", "i18n", "_util"):
        return "base"
    if top in ("model", "rules", "loader", "inputs", "na", "scoring", "authoring", "units", "ranks"):
        return "core"
    if top in ("forms", "samples"):
        return "forms"
    if top in ("reconcile", "sensitivity", "compare", "merge"):
        return "presentation" if leaf in PRESENTATION_LEAVES else "analyses"
    if top == "report":
        return "presentation"
    if top in ("publish", "cli"):
        return top
    if top == "__main__":
        return "cli"
    raise AssertionError(f"{module}: no layer; add it to tests/test_layers.py and the README")


def _type_checking(node: ast.If) -> bool:
    t = node.test
    return (isinstance(t, ast.Name) and t.id == "TYPE_CHECKING") or (isinstance(t, ast.Attribute) and t.attr == "TYPE_CHECKING")


def imports_of(path: Path) -> set[str]:
    """Every dti_kit module ``path`` imports, anywhere in the file."""
    me = module_name(path)
    is_pkg = path.name == "__init__.py"
    found: set[str] = set()

    def visit(node):
        for child in ast.iter_child_nodes(node):
            if isinstance(child, ast.If) and _type_checking(child):
                for other in child.orelse:
                    visit(other)
                continue
            if isinstance(child, ast.Import):
                found.update(a.name for a in child.names if a.name.split(".")[0] == "dti_kit")
            elif isinstance(child, ast.ImportFrom):
                if child.level:
                    base = me.split(".") if is_pkg else me.split(".")[:-1]
                    base = base[: len(base) - (child.level - 1)]
                    target = ".".join(base + ([child.module] if child.module else []))
                else:
                    target = child.module or ""
                if target.split(".")[0] != "dti_kit":
                    continue
                for a in child.names:  # `from pkg import submodule` imports the submodule
                    sub = f"{target}.{a.name}"
                    found.add(sub if _is_module(sub) else target)
            visit(child)

    visit(ast.parse(path.read_text(encoding="utf-8")))
    found.discard(me)
    return found


def _is_module(name: str) -> bool:
    p = PKG.parent.joinpath(*name.split("."))
    return p.with_suffix(".py").is_file() or (p / "__init__.py").is_file()


def graph() -> dict[str, set[str]]:
    return {module_name(p): imports_of(p) for p in sorted(PKG.rglob("*.py"))}


def test_every_module_has_a_layer():
    for m in graph():
        layer(m)


def test_no_import_against_the_layers():
    found = set()
    for m, deps in graph().items():
        for d in deps:
            if LAYERS.index(layer(d)) > LAYERS.index(layer(m)):
                found.add(f"{m} -> {d}")
    assert sorted(found - KNOWN_VIOLATIONS) == [], "imports against the layers"
    assert sorted(KNOWN_VIOLATIONS - found) == [], "fixed: remove from KNOWN_VIOLATIONS"


def test_no_import_cycle():
    g = graph()
    cycles, state = [], {}

    def dfs(node, stack):
        state[node] = 1
        stack.append(node)
        for nxt in sorted(g.get(node, ())):
            if state.get(nxt) == 1:
                cycles.append(" → ".join(stack[stack.index(nxt):] + [nxt]))
            elif nxt not in state:
                dfs(nxt, stack)
        stack.pop()
        state[node] = 2

    for n in sorted(g):
        if n not in state:
            dfs(n, [])
    new = [c for c in cycles if not any(m in c.split(" → ") for m in KNOWN_CYCLE_MODULES)]
    assert new == []


def test_the_graph_walker_sees_function_level_imports(tmp_path):
    # the walker itself: a function-level import counts, a TYPE_CHECKING one does not
    global PKG
    pkg = tmp_path / "dti_kit"
    (pkg / "report").mkdir(parents=True)
    (pkg / "__init__.py").write_text("")
    (pkg / "report" / "__init__.py").write_text("")
    (pkg / "report" / "tables.py").write_text("")
    (pkg / "scoring.py").write_text(
        "from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    from dti_kit.report import tables\n"
        "def f():\n    from .report import tables\n")
    saved, PKG = PKG, pkg
    try:
        assert imports_of(pkg / "scoring.py") == {"dti_kit.report.tables"}
    finally:
        PKG = saved
