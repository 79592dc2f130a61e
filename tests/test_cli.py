"""The dti-kit command line: designs, designs show, score, and bad input (exit status 2)."""
from __future__ import annotations

import json
import subprocess
import sys

import pandas as pd
import pytest
from conftest import ROOT


def run(*args, cwd=ROOT):
    return subprocess.run([sys.executable, "-m", "dti_kit", *args], cwd=cwd, capture_output=True, text=True, encoding="utf-8")


@pytest.mark.slow  # make check stays under a minute; make test runs it
def test_designs_lists_the_eleven():
    out = run("designs")
    assert out.returncode == 0
    lines = out.stdout.strip().splitlines()
    assert lines[0].split()[:3] == ["id", "province", "level"]
    rows = [line for line in lines[1:12]]
    assert len(rows) == 11 and lines[12] == "" and "structure designs" in lines[13]
    row = next(line for line in lines if line.startswith("hoa-binh-2023-huyen"))
    assert "Hòa Bình" in row and "1000" in row and "full" in row and row.split()[-1] == "61"


def test_designs_shows_the_component_counts_the_texts_state():
    # The four structure designs list no components. Bắc Kạn's decision states the counts
    # (sở: 41 components, Điều 4.1; huyện: 86; xã: 61); Hải Dương's news item states none.
    rows = {line.split()[0]: line for line in run("designs").stdout.splitlines()[1:12]}
    assert rows["bac-kan-2022-so"].endswith("structure  shipped  41 (stated)")
    assert rows["bac-kan-2022-huyen"].endswith("86 (stated)") and rows["bac-kan-2022-xa"].endswith("61 (stated)")
    assert rows["hai-duong-2023-so"].endswith("— (not in the text)")
    assert rows["hai-duong-2023-huyen"].endswith("— (not in the text)")
    assert not any(line.endswith(" 0") for line in rows.values())


@pytest.mark.slow  # make check stays under a minute; make test runs it
def test_designs_show_says_what_the_text_states_of_the_components():
    tree = run("designs", "show", "bac-kan-2022-so").stdout.splitlines()
    assert "  chỉ số thành phần: văn bản nêu 41, không liệt kê / components: 41 stated, not listed in the text" in tree
    tree = run("designs", "show", "hai-duong-2023-huyen").stdout.splitlines()
    assert "  chỉ số thành phần: văn bản không nêu / components: not in the text" in tree
    assert not any("components:" in line for line in run("designs", "show", "hoa-binh-2023-so").stdout.splitlines())


def test_component_count_sums_the_main_indicators_when_the_design_states_none():
    from dataclasses import replace

    from dti_kit import load_design
    from dti_kit.cli.designs import component_count

    # Bắc Kạn huyện states 86 design-wide and, per main indicator, 6+9+7+8+9+3+18+15+11 = 86
    d = load_design("bac-kan-2022-huyen")
    assert component_count(d) == (86, False)
    assert component_count(replace(d, stated_components=None)) == (86, False)
    assert component_count(load_design("hai-duong-2023-so")) == (None, False)
    assert component_count(load_design("hoa-binh-2023-so")) == (39, True)


def test_designs_show_has_offices_and_errata():
    out = run("designs", "show", "ninh-thuan-2022-tinh")
    assert out.returncode == 0
    assert "phụ trách:" in out.stdout and "Errata" in out.stdout
    js = json.loads(run("designs", "show", "hoa-binh-2023-huyen", "--json").stdout)
    assert js["scale"] == 1000 and len(js["main_indicators"]) == 8 and js["errata"]
    comp = js["main_indicators"][5]["components"][3]
    assert comp["code"] == "6.4" and comp["rule"].startswith("ratio")


def test_unknown_design_exit_2():
    out = run("designs", "show", "nope-2020-xa")
    assert out.returncode == 2 and "unknown design" in out.stderr


def _csv(tmp_path, rows, name="in.csv"):
    p = tmp_path / name
    pd.DataFrame(rows, columns=["unit_id", "code", "variable", "value"]).to_csv(p, index=False)
    return p


@pytest.mark.slow  # make check stays under a minute; make test runs it
def test_score_writes_tidy_csv(tmp_path):
    # Bắc Kạn huyện: 1–5 foundation (70, 90, 70, 60, 80), 6 smart city (0, not scored), 7–9 activity
    rows = [("u1", m, "appraised_score", s) for m, s in zip("12345789", (40, 30, 50, 60, 70, 230, 150, 100))]
    rows += [("u2", m, "appraised_score", s) for m, s in zip("12345789", (50, 30, 50, 60, 70, 230, 150, 100))]
    p = _csv(tmp_path, rows)
    out = tmp_path / "out.csv"
    res = run("score", "bac-kan-2022-huyen", str(p), "--out", str(out))
    assert res.returncode == 0, res.stderr
    df = pd.read_csv(out)
    assert list(df.columns) == ["unit_id", "code", "kind", "max_points", "score", "percent", "value", "band", "rank"]
    tot = df[(df.code == "TOTAL")].set_index("unit_id")
    # u1 = 40+30+50+60+70+230+150+100 = 730 of 1000 → 73% → Nâng cao, rank 2; u2 740 → rank 1
    assert tot.loc["u1", "score"] == 730 and tot.loc["u1", "band"] == "Nâng cao" and tot.loc["u1", "rank"] == 2
    cqs = df[(df.code == "CQS") & (df.unit_id == "u1")].iloc[0]
    # CQS = foundation 40+30+50+60+70 (+0 smart city) + 230 = 480 of 600 = 80% → Dẫn dắt
    assert cqs["kind"] == "pillar" and cqs["score"] == 480 and cqs["percent"] == pytest.approx(80) and cqs["band"] == "Dẫn dắt"
    assert set(df["kind"]) == {"indicator", "pillar", "total"}


@pytest.mark.slow  # make check stays under a minute; make test runs it
def test_bad_input_exit_2_every_problem_nothing_written(tmp_path):
    rows = [("u1", "6.4", "a", 50), ("u1", "6.4", "b", 40), ("u1", "6.6", "a", "nhiều"), ("u1", "6.6", "b", 0),
            ("u1", "99", "a", 1), ("u1", "6.4", "a", 1)]
    p = _csv(tmp_path, rows)
    out = tmp_path / "out.csv"
    out.write_text("last good\n", encoding="utf-8")
    res = run("score", "hoa-binh-2023-huyen", str(p), "--out", str(out))
    assert res.returncode == 2
    err = res.stderr
    assert str(p) in err and "line 2" in err and "code 6.4" in err and "variable a" in err
    assert "above denominator" in err and "not a number" in err and "unknown code '99'" in err and "line 7" in err
    assert out.read_text(encoding="utf-8") == "last good\n"  # the last good output is kept


@pytest.mark.slow  # make check stays under a minute; make test runs it
def test_missing_column_named(tmp_path):
    p = tmp_path / "bad.csv"
    p.write_text("unit_id,code,value\nu,1,2\n", encoding="utf-8")
    res = run("score", "hoa-binh-2023-huyen", str(p))
    assert res.returncode == 2 and "missing column 'variable'" in res.stderr and "bad.csv" in res.stderr


@pytest.mark.slow  # make check stays under a minute; make test runs it
def test_na_policy_override(tmp_path):
    rows = []
    for u, s in (("a", 50), ("b", 30), ("c", None)):
        for m, pts in zip("12345678", (50, 50, 50, 50, 50, 150, 100, 100)):
            if m == "8" and s is None:
                rows.append((u, m, "na", 1))
            else:
                rows.append((u, m, "appraised_score", s if m == "8" else pts / 2))
    p = _csv(tmp_path, rows)
    out = tmp_path / "o.csv"
    assert run("score", "hai-duong-2023-huyen", str(p), "--out", str(out)).returncode == 0
    df = pd.read_csv(out).set_index(["unit_id", "code"])
    # exclude (Hải Dương point 4): c has 250 of 600 − 100 → 50%
    assert df.loc[("c", "TOTAL"), "percent"] == pytest.approx(250 / 500 * 100)
    assert run("score", "hai-duong-2023-huyen", str(p), "--out", str(out), "--na-policy", "peer-mean").returncode == 0
    df = pd.read_csv(out).set_index(["unit_id", "code"])
    assert df.loc[("c", "8"), "score"] == pytest.approx(40)  # mean of 50 and 30


@pytest.mark.slow  # make check stays under a minute; make test runs it
def test_exported_csv_neutralises_formulas(tmp_path):
    rows = [("=HYPERLINK(\"http://x\")", m, "appraised_score", 10) for m in "12345678"]
    p = _csv(tmp_path, rows)
    out = tmp_path / "o.csv"
    assert run("score", "hai-duong-2023-huyen", str(p), "--out", str(out)).returncode == 0
    text = out.read_text(encoding="utf-8")
    assert "'=HYPERLINK" in text and "\n=HYPERLINK" not in text


# -- a command line that answers at once (issue 13) -------------------------------------------

HEAVY = ("pandas", "numpy", "matplotlib", "papermill", "openpyxl", "yaml", "nbformat", "scipy")


def _python(code: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, encoding="utf-8")


def test_building_the_parser_imports_nothing_heavy():
    out = _python("import sys, json\nfrom dti_kit.cli import build_parser\nbuild_parser()\n"
                  f"print(json.dumps([m for m in {HEAVY!r} if m in sys.modules]))")
    assert out.returncode == 0, out.stderr
    assert json.loads(out.stdout) == []


def test_every_command_help_exits_0_and_imports_nothing_heavy():
    # one process asks every command for its help: nothing heavy even after all of them
    code = ("import sys, json, io, contextlib\nfrom dti_kit.cli import COMMANDS, main\nres = {}\n"
            "for c in COMMANDS:\n"
            "    buf = io.StringIO()\n"
            "    with contextlib.redirect_stdout(buf):\n"
            "        try:\n            main([c.name, '--help'])\n            res[c.name] = None\n"
            "        except SystemExit as e:\n            res[c.name] = [e.code, buf.getvalue()]\n"
            f"print(json.dumps({{'res': res, 'heavy': [m for m in {HEAVY!r} if m in sys.modules]}}))")
    out = _python(code)
    assert out.returncode == 0, out.stderr
    got = json.loads(out.stdout)
    assert got["heavy"] == []
    assert set(got["res"]) == {"designs", "score", "template", "reconcile", "sensitivity", "compare", "build",
                               "new-report", "samples"}
    for name, (code_, text) in got["res"].items():
        assert code_ == 0 and text.startswith(f"usage: dti-kit {name} "), name
    top = run("--help")
    assert top.returncode == 0 and all(f"    {n}" in top.stdout for n in got["res"])


def test_a_broken_command_module_fails_loudly(monkeypatch):
    # a command module that cannot be imported stops the command line with its error,
    # it does not make the command disappear (the old `except ImportError: continue`)
    from dti_kit.cli import build_parser

    monkeypatch.setitem(sys.modules, "dti_kit.cli.samples", None)  # import of it now raises ImportError
    with pytest.raises(ImportError, match="dti_kit.cli.samples"):
        build_parser()


@pytest.mark.parametrize("args, status", [
    (("designs", "show", "hoa-binh-2023-huyen"), 141),  # as a process killed by SIGPIPE (128 + 13)
    (("designs",), 141),
    (("designs", "show", "ninh-thuan-2022-tinh", "--json"), 141),
    (("--help",), 0),  # argparse itself ignores a failed write of the help
])
@pytest.mark.slow  # make check stays under a minute; make test runs it
def test_a_reader_closing_the_pipe_ends_the_command_quietly(args, status):
    # `dti-kit designs show ID | head`: the reader goes before the command has written; Python
    # ignores SIGPIPE, so the write raises BrokenPipeError, which must not end in a traceback
    proc = subprocess.Popen([sys.executable, "-m", "dti_kit", *args], cwd=ROOT, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE)
    proc.stdout.close()  # the only reader closes the pipe at once
    err = proc.stderr.read().decode("utf-8")
    assert proc.wait(timeout=60) == status
    assert err == ""


@pytest.mark.slow  # make check stays under a minute; make test runs it
def test_a_reader_closing_the_pipe_after_reading_part(tmp_path):
    # as `| head -1`: read one line of the score CSV, then close
    rows = [("u1", m, "appraised_score", 10) for m in "12345678"]
    p = _csv(tmp_path, rows)
    proc = subprocess.Popen([sys.executable, "-m", "dti_kit", "score", "hai-duong-2023-huyen", str(p)], cwd=ROOT,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    assert proc.stdout.readline().decode().startswith("unit_id,code,kind")
    proc.stdout.close()
    err = proc.stderr.read().decode("utf-8")
    assert proc.wait(timeout=60) in (0, 141)  # 0 if the CSV fitted the pipe before the reader went
    assert "Traceback" not in err and "BrokenPipeError" not in err


# -- an output never replaces an input, nor a filled form without --force (issue 14.4) -------

@pytest.mark.slow
def test_score_refuses_an_output_that_is_an_input(tmp_path):
    rows = [("u1", m, "appraised_score", 10) for m in "12345678"]
    p = _csv(tmp_path, rows)
    before = p.read_bytes()
    for out in (str(p), str(tmp_path / "." / "in.csv")):
        res = run("score", "hai-duong-2023-huyen", str(p), "--out", out)
        assert res.returncode == 2 and "is also an input" in res.stderr and "in.csv" in res.stderr
        assert p.read_bytes() == before
    # an input folder: each input file in it counts
    res = run("score", "hai-duong-2023-huyen", str(tmp_path), "--out", str(p))
    assert res.returncode == 2 and p.read_bytes() == before
    # a symbolic link to the input is the input
    link = tmp_path / "link.csv"
    link.symlink_to(p)
    res = run("score", "hai-duong-2023-huyen", str(link), "--out", str(p))
    assert res.returncode == 2 and p.read_bytes() == before


@pytest.mark.slow  # make check stays under a minute; make test runs it
def test_reconcile_refuses_outputs_that_are_inputs(tmp_path):
    rows = [("u1", m, "appraised_score", 10) for m in "12345678"]
    p = _csv(tmp_path, rows, name="rec_units.csv")
    before = p.read_bytes()
    # --out rec.csv also writes rec_units.csv beside it: the input
    res = run("reconcile", "hai-duong-2023-huyen", str(p), "--out", str(tmp_path / "rec.csv"))
    assert res.returncode == 2 and "is also an input" in res.stderr and p.read_bytes() == before
    assert not (tmp_path / "rec.csv").exists()


@pytest.mark.slow  # make check stays under a minute; make test runs it
def test_a_command_writes_all_its_files_or_none(tmp_path):
    """reconcile --out r.csv writes four files; one that cannot be written (a folder stands where
    the workbook goes, a file where the folder should be) is named before any is written: exit 2,
    no traceback, none of the four left."""
    rows = [("u1", m, "appraised_score", 10) for m in "12345678"]
    p = _csv(tmp_path, rows)
    (tmp_path / "out").mkdir()
    (tmp_path / "out" / "r_to_explain.xlsx").mkdir()
    res = run("reconcile", "hai-duong-2023-huyen", str(p), "--out", str(tmp_path / "out" / "r.csv"))
    assert res.returncode == 2 and "Traceback" not in res.stderr, res.stderr
    assert f"{tmp_path / 'out' / 'r_to_explain.xlsx'} is a folder: give a file name" in res.stderr
    assert sorted(q.name for q in (tmp_path / "out").iterdir()) == ["r_to_explain.xlsx"]
    (tmp_path / "afile").write_text("x", encoding="utf-8")
    res = run("sensitivity", "hai-duong-2023-huyen", str(p), "--out", str(tmp_path / "afile" / "s.csv"))
    assert res.returncode == 2 and f"cannot write {tmp_path / 'afile' / 's.csv'}: part of its path is a file" in res.stderr, res.stderr


def test_template_refuses_an_existing_workbook_or_a_folder_with_files(tmp_path, capsys):
    from dti_kit.cli import main

    book = tmp_path / "forms.xlsx"
    assert main(["template", "hai-duong-2023-so", "--out", str(book)]) == 0
    filled = book.read_bytes()
    assert main(["template", "hai-duong-2023-so", "--out", str(book)]) == 2
    assert "exists already" in capsys.readouterr().err and book.read_bytes() == filled
    assert main(["template", "hai-duong-2023-so", "--out", str(book), "--force"]) == 0

    folder = tmp_path / "forms"
    folder.mkdir()  # an empty folder is no risk
    assert main(["template", "hai-duong-2023-so", "--out", str(folder)]) == 0
    written = sorted(folder.iterdir())
    assert written and all(q.suffix == ".xlsx" for q in written)
    stamp = {q: q.read_bytes() for q in written}
    assert main(["template", "hai-duong-2023-so", "--out", str(folder)]) == 2
    assert "is not empty" in capsys.readouterr().err and {q: q.read_bytes() for q in written} == stamp
    assert main(["template", "hai-duong-2023-so", "--out", str(folder), "--force"]) == 0


def test_template_never_writes_over_its_units_list_even_with_force(tmp_path, capsys):
    from dti_kit.cli import main

    units = tmp_path / "units.xlsx"
    units.write_text("Xã A\nXã B\n", encoding="utf-8")
    assert main(["template", "hai-duong-2023-so", "--units", str(units), "--out", str(units), "--force"]) == 2
    assert "is also an input" in capsys.readouterr().err
    assert units.read_text(encoding="utf-8") == "Xã A\nXã B\n"


def test_the_console_script_and_python_m_run_the_same_main():
    import importlib
    import tomllib

    import dti_kit.cli

    target = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]["scripts"]["dti-kit"]
    module, _, name = target.partition(":")
    assert getattr(importlib.import_module(module), name) is dti_kit.cli.main
    assert "from dti_kit.cli import main" in (ROOT / "dti_kit" / "__main__.py").read_text(encoding="utf-8")
