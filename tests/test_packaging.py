"""pyproject.toml and environment.yml list the same dependencies; the CI script runs make test."""
from __future__ import annotations

import re
import tomllib

import yaml

from conftest import ROOT


def _name(spec: str) -> str:
    return re.split(r"[<>=!~ ]", spec.strip(), maxsplit=1)[0].lower().replace("_", "-")


def test_environment_yml_matches_pyproject():
    py = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    deps = {_name(d) for d in py["dependencies"]} | {_name(d) for d in py["optional-dependencies"]["test"]}
    env = yaml.safe_load((ROOT / "environment.yml").read_text(encoding="utf-8"))
    conda = {_name(d) for d in env["dependencies"] if isinstance(d, str)} - {"python", "pip"}
    assert deps == conda
    # the brief's dependencies are all there
    assert {"pandas", "numpy", "matplotlib", "openpyxl", "papermill", "nbconvert", "nbclient", "ipykernel",
            "jupyterlab", "pytest", "nbval", "hypothesis", "pyyaml"} <= deps


def test_ci_runs_make_test_and_readme_shows_both_commands():
    assert "make test" in (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert "make reports" in readme and "make test" in readme


def test_designs_are_package_data():
    py = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    assert "designs/*.yaml" in py["tool"]["setuptools"]["package-data"]["dti_kit"]


def test_license_is_an_spdx_string():
    # setuptools deprecates `license = { text = ... }` (refused from 2027-02-18); an SPDX
    # expression needs setuptools >= 77, which the build system then requires.
    py = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    assert py["project"]["license"] == "MIT"
    assert "setuptools>=77" in py["build-system"]["requires"]


def test_ci_installs_the_system_tools_before_make_test():
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert "apt-get update" in ci
    for pkg in ("chromium", "libreoffice-calc-nogui", "poppler-utils", "fonts-liberation"):
        assert pkg in ci
    assert ci.index("apt-get install") < ci.index("make test")
