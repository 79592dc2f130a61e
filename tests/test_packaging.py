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
    for pkg in ("chromium", "libreoffice-calc-nogui", "poppler-utils", "fonts-liberation", "fonts-liberation2"):
        assert pkg in ci
    assert ci.index("apt-get install") < ci.index("make test")


def test_reports_say_which_dti_kit_built_them(tmp_path):
    # issue "Papercuts": the provenance and the index show the version and the package's content
    # hash, so that a published report can be traced; the hash is of contents and relative paths
    # only, so a rebuild elsewhere stays byte-identical
    import shutil

    from dti_kit import __version__, load_design
    from dti_kit._util import package
    from dti_kit.publish.pipeline import write_index
    from dti_kit.report.tables import provenance

    first = package.content_hash()
    assert len(first) == 64 and first == package.content_hash()
    prov = provenance(load_design("hai-duong-2023-so"), [], language="vi")
    rows = dict(zip(prov["item"], prov["detail"]))
    assert rows["Phiên bản dti-kit"] == __version__ and rows["Mã băm nội dung gói dti-kit (SHA-256)"] == first
    # a copy of the package elsewhere hashes the same
    copy = tmp_path / "elsewhere" / "dti_kit"
    shutil.copytree(package.PACKAGE, copy, ignore=shutil.ignore_patterns("__pycache__"))
    saved = package.PACKAGE
    try:
        package.PACKAGE = copy
        package.content_hash.cache_clear()
        assert package.content_hash() == first
        (copy / "designs" / "hai-duong-2023-so.yaml").write_text("changed", encoding="utf-8")
        package.content_hash.cache_clear()
        assert package.content_hash() != first
    finally:
        package.PACKAGE = saved
        package.content_hash.cache_clear()
    manifest = {"params/x.yaml::scoring_report": {"status": "built", "params": "params/x.yaml", "notebook": "scoring_report",
                                                  "html": "reports/2023/x/so/scoring_report.html", "built_at": "2026-12-01 10:00:00",
                                                  "version": __version__, "package": first}}
    write_index(tmp_path, manifest)
    index = (tmp_path / "reports" / "index.html").read_text(encoding="utf-8")
    assert f"dti-kit {__version__} · {first[:12]}" in index and f'title="{first}"' in index
