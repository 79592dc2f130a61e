"""Lazy public names for a package (PEP 562): ``import dti_kit`` stays cheap, names load on use."""
from __future__ import annotations

import importlib
from typing import Any, Callable, Mapping


def lazy_exports(package: str, namespace: dict[str, Any], exports: Mapping[str, str]) -> tuple[Callable, Callable]:
    """``__getattr__`` and ``__dir__`` for ``package`` whose public names live in submodules.

    ``exports`` maps each public name to the module that defines it, relative to the package
    (``{"reconcile": "core"}``) or absolute (``{"score_units": "dti_kit.scoring"}``). A name is
    imported on first use and kept in the package's namespace; an error in its module is raised
    as it is, with its traceback, never turned into a missing attribute.

    Examples
    --------
    >>> __getattr__, __dir__ = lazy_exports(__name__, globals(), {"reconcile": "core"})  # doctest: +SKIP
    """

    def __getattr__(name: str) -> Any:
        try:
            where = exports[name]
        except KeyError:
            raise AttributeError(f"module {package!r} has no attribute {name!r}") from None
        module = importlib.import_module(where if where.startswith("dti_kit") else f"{package}.{where}")
        value = getattr(module, name)
        namespace[name] = value
        return value

    def __dir__() -> list[str]:
        return sorted(set(namespace) | set(exports))

    return __getattr__, __dir__
