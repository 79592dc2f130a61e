"""The build against hostile and unlucky input (issue 14): each test makes its own hostile file.

- the output folder follows the params file's path, never the design (point 1);
- a failed or killed notebook keeps the last good report: every file goes through a staging
  folder and a folder swap (point 2);
- SIGKILL of the build leaves no worker or kernel of it running (point 3);
- notebook names in params are plain names of notebooks/*.ipynb (point 5);
- no data in a report runs in a browser: unit names, commentary, title, author (point 6);
- reports load nothing from the network (point 8);
- a build with nothing to do imports nothing heavy (issue 13).
"""
from __future__ import annotations

import csv
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import time
import uuid
from pathlib import Path

import nbformat
import pytest
from conftest import ROOT

from dti_kit.errors import ParamsError
from dti_kit.publish import swap
from dti_kit.publish.params import load_params
from dti_kit.publish.pipeline import KERNEL, build, plan, to_html

PY = sys.executable


def _project(root: Path, params: dict[str, str], notebooks: dict[str, list[str]] | None = None) -> Path:
    """A project folder: params files (path → text), notebooks (name → code cells; the first
    cell is the tagged parameters cell), the shipped inputs."""
    shutil.copytree(ROOT / "inputs", root / "inputs")
    (root / "notebooks").mkdir(parents=True, exist_ok=True)
    for rel, text in params.items():
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_text(text, encoding="utf-8")
    for name, cells in (notebooks or {}).items():
        _notebook(root, name, cells)
    return root


def _notebook(root: Path, name: str, cells: list[str]) -> None:
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(c) for c in cells])
    nb.cells[0].metadata["tags"] = ["parameters"]
    nb.metadata["kernelspec"] = {"name": KERNEL, "display_name": KERNEL, "language": "python"}
    nbformat.write(nb, root / "notebooks" / f"{name}.ipynb")


PARAMS_CELL = 'output_dir = "out"\ndesign_id = ""\ninputs = []\nprevious_inputs = []\nlanguage = "vi"\nna_policy = None\n' \
              'title = ""\nauthor = ""\noptions = {}\nparams_path = ""'


def _writer(version: str, then: str = "") -> list[str]:
    """A notebook that writes ``result.csv`` (and ``extra-<version>.txt``) into output_dir, then runs ``then``."""
    return [PARAMS_CELL,
            "from pathlib import Path\nout = Path(output_dir)\n"
            f"(out / 'result.csv').write_text('version,{version}\\n')\n(out / 'extra-{version}.txt').write_text('x')\n"
            f"print('wrote {version}')",
            then or "print('done')"]


MINI_PARAMS = "design: hoa-binh-2023-huyen\ninputs: inputs/hoa-binh/2023-huyen-synthetic.csv\nnotebooks: [{nbs}]\n"


# -- 1. the output folder follows the params file ----------------------------------------------

def test_the_output_folder_follows_the_params_file_not_the_design(tmp_path):
    # the README's workflow: a 2024 report scored on the 2023 design
    root = _project(tmp_path, {
        "params/hoa-binh/2024-huyen.yaml": MINI_PARAMS.format(nbs="w"),
        "params/hoa-binh/2023-huyen.yaml": MINI_PARAMS.format(nbs="w"),
        "params/comparison/huyen.yaml": "kind: comparison\nlevel: huyen\ndesigns: [hoa-binh-2023-huyen]\nnotebooks: [w]\n",
    }, {"w": _writer("1")})
    assert load_params("params/hoa-binh/2024-huyen.yaml", root).output_dir() == Path("reports/2024/hoa-binh/huyen")
    assert load_params("params/hoa-binh/2023-huyen.yaml", root).output_dir() == Path("reports/2023/hoa-binh/huyen")
    assert load_params("params/comparison/huyen.yaml", root).output_dir() == Path("reports/comparison/huyen")
    # keys may state the place, and must agree with the path (a name states its slug)
    agree = root / "params/hoa-binh/2024-huyen.yaml"
    agree.write_text(MINI_PARAMS.format(nbs="w") + "year: 2024\nprovince: Hòa Bình\nlevel: huyen\n", encoding="utf-8")
    assert load_params(agree, root).output_dir() == Path("reports/2024/hoa-binh/huyen")
    agree.write_text(MINI_PARAMS.format(nbs="w") + "year: 2023\nprovince: bac-kan\n", encoding="utf-8")
    with pytest.raises(ParamsError) as exc:
        load_params(agree, root)
    assert "key year: 2023 disagrees" in str(exc.value) and "key province: 'bac-kan' disagrees" in str(exc.value)
    # a report's params file elsewhere has no place
    (root / "params/loose.yaml").write_text(MINI_PARAMS.format(nbs="w"), encoding="utf-8")
    with pytest.raises(ParamsError, match=r"params/<province>/<year>-<level>\.yaml.*not params/loose\.yaml"):
        load_params("params/loose.yaml", root)


def test_two_params_files_never_write_one_folder(tmp_path):
    root = _project(tmp_path, {
        "params/comparison/huyen.yaml": "kind: comparison\nlevel: huyen\ndesigns: [hoa-binh-2023-huyen]\nnotebooks: [w]\n",
        "params/comparison/huyen-again.yaml": "kind: comparison\nlevel: huyen\ndesigns: [bac-kan-2022-huyen]\nnotebooks: [w]\n",
    }, {"w": _writer("1")})
    for chosen in (None, ["params/comparison/huyen.yaml"]):  # also when only one of them is built
        with pytest.raises(ParamsError) as exc:
            build(chosen, root, progress=False)
        assert "params/comparison/huyen-again.yaml and params/comparison/huyen.yaml would both write reports/comparison/huyen" in str(exc.value)
        assert not (root / "reports").exists(), "refused before anything runs"
    # one file named twice is one params file, not two
    (root / "params/comparison/huyen-again.yaml").unlink()
    _, todo, _ = plan(["params/comparison/huyen.yaml", "./params/comparison/huyen.yaml"], root)
    assert [(j.params.path.as_posix(), j.notebook) for j in todo] == [("params/comparison/huyen.yaml", "w")]


# -- 5. notebook names ------------------------------------------------------------------------------

@pytest.mark.parametrize("name", ["../../x", "/x", "/../../../../tmp/x", "x.ipynb", "sub/x", ".x", "x\\..\\y"])
def test_notebook_names_are_plain_names(tmp_path, name):
    outside = tmp_path / "x.ipynb"  # a notebook outside notebooks/ that must never run
    root = _project(tmp_path / "project", {"params/hoa-binh/2023-huyen.yaml": MINI_PARAMS.format(nbs=json.dumps(name))},
                    {"x": _writer("1")})
    (tmp_path / "notebooks").mkdir()
    _notebook(tmp_path, "x", ["print('ran outside')"])
    shutil.move(tmp_path / "notebooks" / "x.ipynb", outside)
    assert outside.is_file()
    with pytest.raises(ParamsError) as exc:
        load_params("params/hoa-binh/2023-huyen.yaml", root)
    assert f"notebooks: {name!r} is not the plain name of a notebook in notebooks/" in str(exc.value)
    with pytest.raises(ParamsError):
        build(None, root, progress=False)
    assert not (root / "reports").exists() and not list(tmp_path.glob("*.html"))


# -- 2. staging and the folder swap --------------------------------------------------------------

@pytest.mark.slow
def test_a_failed_notebook_keeps_its_last_good_files_and_the_others_are_published(tmp_path):
    root = _project(tmp_path, {"params/hoa-binh/2023-huyen.yaml": MINI_PARAMS.format(nbs="writer, other")},
                    {"writer": _writer("1"), "other": _writer("1").copy()})
    # the other notebook writes its own files
    _notebook(root, "other", [PARAMS_CELL, "from pathlib import Path\n(Path(output_dir) / 'other.csv').write_text('other,1\\n')"])
    first = build(None, root, jobs=1, progress=False)
    assert {o.status for o in first} == {"built"}, [o.error for o in first]
    out = root / "reports/2023/hoa-binh/huyen"
    good_html = (out / "writer.html").read_bytes()
    assert (out / "result.csv").read_text() == "version,1\n" and (out / "extra-1.txt").is_file()
    # the notebook now writes new numbers, then fails in a later cell
    _notebook(root, "writer", _writer("2", "raise RuntimeError('hỏng sau khi ghi')"))
    _notebook(root, "other", [PARAMS_CELL, "from pathlib import Path\n(Path(output_dir) / 'other.csv').write_text('other,2\\n')"])
    second = {o.notebook: o for o in build(None, root, jobs=1, progress=False)}
    assert second["writer"].status == "failed" and "hỏng sau khi ghi" in second["writer"].error
    assert second["other"].status == "built"
    assert (out / "result.csv").read_text() == "version,1\n", "no new number beside the old HTML"
    assert not (out / "extra-2.txt").exists() and (out / "extra-1.txt").is_file()
    assert (out / "writer.html").read_bytes() == good_html
    assert (out / "writer.failed.html").is_file() and (out / "writer.failed.ipynb").is_file()
    assert (out / "other.csv").read_text() == "other,2\n", "the other notebook's files are published"
    # the published notebook names the report folder, not the staging folder
    assert "staging" not in (out / "other.ipynb").read_text(encoding="utf-8")
    assert not [p for p in out.parent.iterdir() if ".staging-" in p.name or ".next-" in p.name]
    # fixed: its new files replace the old ones, a file it no longer writes leaves, the failure report goes
    _notebook(root, "writer", _writer("3"))
    third = {o.notebook: o.status for o in build(None, root, jobs=1, progress=False)}
    assert third == {"writer": "built", "other": "unchanged"}
    assert (out / "result.csv").read_text() == "version,3\n" and not (out / "extra-1.txt").exists()
    assert not (out / "writer.failed.html").exists() and (out / "other.csv").read_text() == "other,2\n"


def test_publish_swaps_one_notebooks_files_and_keeps_the_others(tmp_path):
    report = tmp_path / "reports" / "2023" / "x" / "huyen"
    a = swap.staging_dir(report, "a")
    (a / "a.html").write_text("a1")
    (a / "a.csv").write_text("a1")
    swap.publish(report, "a", a)
    b = swap.staging_dir(report, "b")
    (b / "b.html").write_text("b1")
    swap.publish(report, "b", b)
    inode = (report / "b.html").stat().st_ino
    a = swap.staging_dir(report, "a")
    (a / "a.html").write_text("a2")
    swap.publish(report, "a", a)
    assert sorted(p.name for p in report.iterdir()) == [".owners.json", "a.html", "b.html"]
    assert (report / "a.html").read_text() == "a2" and (report / "b.html").read_text() == "b1"
    assert (report / "b.html").stat().st_ino == inode, "the other notebook's files are linked, not copied"
    assert sorted(p.name for p in report.parent.iterdir()) == [".huyen.lock", "huyen"]


def test_clean_stale_removes_what_killed_runs_left_and_restores_a_half_swapped_folder(tmp_path):
    dead = subprocess.run([PY, "-c", "import os; print(os.getpid())"], capture_output=True, text=True).stdout.strip()
    reports = tmp_path / "reports"
    folder = reports / "2023" / "x"
    (folder / f".huyen.staging-scoring_report-{dead}-1").mkdir(parents=True)
    (folder / f".huyen.staging-scoring_report-{dead}-1" / "scores.csv").write_text("partial")
    (folder / f".huyen.next-{dead}-2").mkdir()
    (folder / "so").mkdir()
    (folder / "so" / f".sensitivity.running-{dead}-3.ipynb").write_text("{}" * 1000)
    (folder / f".xa.old-{dead}-4").mkdir()  # killed between the two renames of a swap: xa is missing
    (folder / f".xa.old-{dead}-4" / "scoring_report.html").write_text("last good")
    alive = folder / f".huyen.staging-sensitivity-{os.getpid()}-5"  # a running build's: untouched
    alive.mkdir()
    swap.clean_stale(reports)
    assert sorted(p.name for p in folder.iterdir()) == [alive.name, "so", "xa"]
    assert list((folder / "so").iterdir()) == []
    assert (folder / "xa" / "scoring_report.html").read_text() == "last good"


# -- 3. SIGKILL of the build ----------------------------------------------------------------------

def _processes_with(marker: str) -> dict[int, str]:
    found = {}
    for d in Path("/proc").iterdir():
        if not d.name.isdigit():
            continue
        try:
            if marker.encode() in (d / "environ").read_bytes():
                found[int(d.name)] = (d / "cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
        except OSError:
            continue
    return found


@pytest.mark.slow
@pytest.mark.skipif(not Path("/proc/self/environ").exists(), reason="needs /proc to find the build's processes")
def test_sigkill_of_the_build_leaves_no_worker_or_kernel_running(tmp_path):
    started = tmp_path / "started"
    started.mkdir()
    slow = [PARAMS_CELL, "from pathlib import Path\nimport os, time\n(Path(output_dir) / 'result.csv').write_text('new')\n"
                         f"Path({str(started)!r}, str(os.getpid())).write_text('')\ntime.sleep(120)"]
    root = _project(tmp_path / "project", {"params/hoa-binh/2023-huyen.yaml": MINI_PARAMS.format(nbs="slow1, slow2")},
                    {"slow1": slow, "slow2": slow})
    out = root / "reports/2023/hoa-binh/huyen"
    out.mkdir(parents=True)
    (out / "result.csv").write_text("last good")
    marker = f"DTI_KIT_KILL_TEST={uuid.uuid4().hex}"
    env = {**os.environ, "DTI_KIT_KILL_TEST": marker.split("=", 1)[1], "PYTHONPATH": str(ROOT)}
    code = f"from dti_kit.publish.pipeline import build; build(None, {str(root)!r}, jobs=2, progress=False)"
    said = tmp_path / "build-output.txt"
    with said.open("wb") as sink:
        main = subprocess.Popen([PY, "-c", code], env=env, cwd=root, stdout=sink, stderr=subprocess.STDOUT)

    def what_happened() -> str:  # when the notebooks never start, the build's and its kernels' own words
        kernels_log = root / "reports" / ".build-kernels.log"
        return (f"started: {sorted(p.name for p in started.iterdir())}\nbuild: {said.read_text(errors='replace')[-3000:]}\n"
                f"kernels: {kernels_log.read_text(errors='replace')[-3000:] if kernels_log.exists() else '(no log)'}")
    try:
        deadline = time.monotonic() + 120
        while len(list(started.iterdir())) < 2:  # both kernels are running their notebook
            assert main.poll() is None, f"the build ended before its notebooks started\n{what_happened()}"
            assert time.monotonic() < deadline, f"the notebooks never started\n{what_happened()}"
            time.sleep(0.2)
        running = _processes_with(marker)
        kernels = [p for p, cmd in running.items() if "ipykernel" in cmd]
        assert len(kernels) == 2 and len(running) >= 5, running  # main, two workers, two kernels
        main.send_signal(signal.SIGKILL)
        main.wait()
        deadline = time.monotonic() + 15
        while _processes_with(marker) and time.monotonic() < deadline:
            time.sleep(0.2)
        left = _processes_with(marker)
        assert not left, f"still running after the build was killed: {left}"
    finally:
        for pid in _processes_with(marker):  # never leave a test's processes behind
            try:
                os.kill(pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
    assert (out / "result.csv").read_text() == "last good", "a killed build keeps the last good report"


# -- 8. self-contained reports ------------------------------------------------------------------------

EXTERNAL = re.compile(r"""<(?:script|link|img|iframe)\b[^>]*\b(?:src|href)\s*=\s*["']?\s*(?:https?:)?//|@import|url\(\s*["']?(?:https?:)?//""", re.I)


def test_a_report_loads_nothing_from_the_network():
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell("x", outputs=[nbformat.v4.new_output(
        "display_data", data={"text/markdown": "# Tiêu đề\n\n$x^2$ và **đậm**", "text/plain": "x"})])])
    page = to_html(nb, "Tiêu đề")
    assert '<html lang="vi">' in page and '<html lang="en">' in to_html(nb, "Title", "en")
    assert not EXTERNAL.findall(page), EXTERNAL.findall(page)
    assert "<script" not in page.lower(), "no script at all: the report needs none"
    assert "<strong>đậm</strong>" in page


# -- 6. script injection ----------------------------------------------------------------------------

def _payloads(where: str) -> list[str]:
    """Script and event-handler payloads; each one, if it ran, marks <body data-pwned-…>."""
    mark = f"document.body.dataset.pwned{where}"
    return [f'<img src=x onerror="{mark}Img=1">', f'<svg onload="{mark}Svg=1"></svg>',
            f'<details open ontoggle="{mark}Details=1">d</details>', f"<script>{mark}Script=1</script>",
            f"[bấm vào đây](javascript:{mark}Link=1)", f'<a href="javascript:{mark}Href=1">a</a>']


def _chromium_dom(page: Path, tmp: Path) -> str:
    exe = shutil.which("chromium") or shutil.which("chromium-browser")
    if exe is None:
        if os.environ.get("CI") == "true":
            pytest.fail("chromium is not installed")
        pytest.skip("chromium is not installed")
    profile = tmp / f"chromium-{uuid.uuid4().hex}"
    r = subprocess.run([exe, "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--no-first-run",
                        f"--user-data-dir={profile}", "--virtual-time-budget=3000", "--dump-dom", page.as_uri()],
                       capture_output=True, text=True, timeout=120)
    assert r.returncode == 0 and "<body" in r.stdout, r.stderr[-2000:]
    return r.stdout


def _ran(dom: str) -> list[str]:
    """What ran (a data-pwned-… mark on <body>) and every javascript: link, in the browser's DOM."""
    from html.parser import HTMLParser

    found = []

    class Walk(HTMLParser):
        def handle_starttag(self, tag, attrs):
            for k, v in attrs:
                if tag == "body" and k.startswith("data-pwned"):
                    found.append(k)
                if k in ("href", "src", "action", "formaction") and (v or "").strip().lower().startswith(("javascript:", "vbscript:")):
                    found.append(f"{tag} {k}={v}")

    Walk().feed(dom)
    return found


@pytest.mark.slow  # a browser: make test only (make check runs no browser)
def test_the_browser_check_sees_a_payload_that_runs(tmp_path):
    page = tmp_path / "control.html"
    page.write_text("<!DOCTYPE html><html><body><p>x</p>" + "".join(_payloads("Control")[:4]) + "</body></html>", encoding="utf-8")
    ran = _ran(_chromium_dom(page, tmp_path))
    assert {"data-pwned-control-img", "data-pwned-control-script", "data-pwned-control-svg"} <= set(ran), ran


@pytest.mark.slow
def test_no_data_in_a_report_runs_in_the_browser(tmp_path):
    root = tmp_path / "project"
    shutil.copytree(ROOT / "notebooks", root / "notebooks")
    (root / "inputs").mkdir(parents=True)
    with open(ROOT / "inputs/hoa-binh/2023-huyen-synthetic.csv", encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f))
    units = list(dict.fromkeys(r["unit_id"] for r in rows))
    names = {u: f"Đơn vị {i} {p}" for i, (u, p) in enumerate(zip(units, _payloads("Unit")))}
    with open(root / "inputs/hostile.csv", "w", encoding="utf-8", newline="") as f:
        w = csv.DictWriter(f, fieldnames=list(rows[0]))
        w.writeheader()
        for r in rows:
            w.writerow({**r, "unit_name": names.get(r["unit_id"], r["unit_name"])})
    (root / "params/hoa-binh").mkdir(parents=True)
    title = "Báo cáo " + " ".join(_payloads("Title"))
    author = "Sở " + " ".join(_payloads("Author"))
    (root / "params/hoa-binh/2023-huyen.yaml").write_text(
        "design: hoa-binh-2023-huyen\ninputs: inputs/hostile.csv\n"
        f"title: {json.dumps(title, ensure_ascii=False)}\nauthor: {json.dumps(author, ensure_ascii=False)}\n"
        "notebooks: [scoring_report, reconciliation, sensitivity]\n"
        "options: {sensitivity: {draws: 200, sobol_base: 64, n_boot: 20}}\n", encoding="utf-8")
    comment = "\n\n".join(_payloads("Comment"))
    (root / "params/hoa-binh/2023-huyen.commentary.md").write_text(
        f"## Tóm tắt {{#summary}}\nNhận xét: dẫn đầu {{{{ leader }}}}.\n\n{comment}\n\n[nguồn](https://example.org/a)\n\n"
        f"## Kiến nghị {{#recommendations}}\n{comment}\n", encoding="utf-8")
    outcomes = build(None, root, jobs=2, progress=False)
    assert [o.status for o in outcomes] == ["built"] * 3, [o.error for o in outcomes]
    out = root / "reports/2023/hoa-binh/huyen"
    for nb in ("scoring_report", "reconciliation", "sensitivity"):
        page = out / f"{nb}.html"
        html_text = page.read_text(encoding="utf-8")
        assert not EXTERNAL.findall(html_text), (nb, EXTERNAL.findall(html_text))
        dom = _chromium_dom(page, tmp_path)
        assert _ran(dom) == [], (nb, _ran(dom))
        # the payloads are shown as the text they are: names stay readable
        assert "Đơn vị 0 &lt;img src=x onerror=" in dom, nb
        assert "Báo cáo &lt;img src=x" in dom, nb
    page = (out / "scoring_report.html").read_text(encoding="utf-8")
    assert "Nhận xét: dẫn đầu" in page and 'href="https://example.org/a"' in page  # commentary still renders
    assert "&lt;script&gt;document.body.dataset.pwnedCommentScript=1&lt;/script&gt;" in page


# -- issue 13: a no-change build imports nothing heavy --------------------------------------------

@pytest.mark.slow
def test_a_no_change_build_imports_nothing_heavy(tmp_path):
    root = _project(tmp_path, {"params/hoa-binh/2023-huyen.yaml": MINI_PARAMS.format(nbs="writer")}, {"writer": _writer("1")})
    assert [o.status for o in build(None, root, jobs=1, progress=False)] == ["built"]
    code = ("import sys, json\nfrom dti_kit.publish.pipeline import build\n"
            f"out = build(None, {str(root)!r}, progress=False)\n"
            "heavy = ('pandas', 'numpy', 'matplotlib', 'papermill', 'nbconvert', 'jupyter_client', 'scipy')\n"
            "print(json.dumps({'status': [o.status for o in out], 'heavy': [m for m in heavy if m in sys.modules]}))")
    r = subprocess.run([PY, "-c", code], capture_output=True, text=True, cwd=root, env={**os.environ, "PYTHONPATH": str(ROOT)})
    assert r.returncode == 0, r.stderr
    got = json.loads(r.stdout.strip().splitlines()[-1])
    assert got == {"status": ["unchanged"], "heavy": []}
    # and a params problem is still reported in full when something changed
    (root / "params/hoa-binh/2023-huyen.yaml").write_text(MINI_PARAMS.format(nbs="writer") + "na_policy: median\n", encoding="utf-8")
    with pytest.raises(ParamsError, match="na_policy must be one of"):
        build(None, root, progress=False)


# -- 13. a failure names the failing cell and quotes it ----------------------------------------

@pytest.mark.slow
def test_a_failure_names_the_failing_cell_and_quotes_it(tmp_path):
    from dti_kit.publish import pipeline

    _project(tmp_path, {}, {
        "fails": [PARAMS_CELL, "x = 1", "y = 2\nraise ValueError('hỏng')", "print('never')"],
        "slow": [PARAMS_CELL, "x = 1", "import time\ntime.sleep(30)"],
        "dies": [PARAMS_CELL, "x = 1", "import os\nos._exit(3)"],
    })
    out = "reports/2023/x/huyen"
    try:
        fails = pipeline.run_job(str(tmp_path), "params/x/2023-huyen.yaml", "fails", {"output_dir": out}, out, 60, KERNEL)
        assert fails["cell"] == 3 and fails["error"] == "ValueError: hỏng (cell 3: y = 2)"
        slow = pipeline.run_job(str(tmp_path), "params/x/2023-huyen.yaml", "slow", {"output_dir": out}, out, 2, KERNEL)
        assert slow["cell"] == 3 and slow["error"].endswith("(cell 3: import time)"), slow["error"]
        dies = pipeline.run_job(str(tmp_path), "params/x/2023-huyen.yaml", "dies", {"output_dir": out}, out, 60, KERNEL)
        assert dies["cell"] == 3 and dies["error"].endswith("(cell 3: import os)"), dies["error"]
    finally:
        if pipeline._warm is not None:
            pipeline._warm.shutdown()


# -- 12. the reports cannot be written -------------------------------------------------------------

@pytest.mark.slow  # make check stays under a minute; make test runs it
def test_a_file_where_the_report_folder_should_be_is_one_clear_error(tmp_path):
    from dti_kit.errors import PublishError

    root = _project(tmp_path, {"params/hoa-binh/2023-huyen.yaml": MINI_PARAMS.format(nbs="writer")}, {"writer": _writer("1")})
    (root / "reports/2023").mkdir(parents=True)
    (root / "reports/2023/hoa-binh").write_text("in the way")  # what a read-only or full folder does to a build
    with pytest.raises(PublishError) as exc:
        build(None, root, progress=False)
    assert "cannot write" in str(exc.value) and "reports/2023/hoa-binh" in str(exc.value)
    assert "Not a directory" in str(exc.value) or "File exists" in str(exc.value)
    assert sorted(p.name for p in (root / "reports").iterdir()) == ["2023"], "nothing half-written"
    # the command: the file and the cause, no traceback, exit 1 (not bad input)
    r = subprocess.run([PY, "-m", "dti_kit", "build", "--no-progress"], cwd=root, capture_output=True, text=True,
                       env={**os.environ, "PYTHONPATH": str(ROOT)})
    assert r.returncode == 1, (r.returncode, r.stderr)
    assert "cannot write" in r.stderr and "reports/2023/hoa-binh" in r.stderr and "Traceback" not in r.stderr


# -- 15. overlapping builds keep each other's manifest entries -------------------------------------

def test_overlapping_builds_keep_each_others_manifest_entries(tmp_path):
    from dti_kit.publish.pipeline import load_manifest, update_manifest

    (tmp_path / "reports").mkdir()
    # two builds read the manifest at their start; the first to finish must not lose the other's entry
    update_manifest(tmp_path, {"params/a/2023-huyen.yaml::scoring_report": {"status": "built", "digest": "a", "params": "params/a/2023-huyen.yaml",
                                                                           "notebook": "scoring_report", "html": ""}})
    update_manifest(tmp_path, {"params/b/2023-huyen.yaml::scoring_report": {"status": "built", "digest": "b", "params": "params/b/2023-huyen.yaml",
                                                                           "notebook": "scoring_report", "html": ""}})
    update_manifest(tmp_path, {"params/a/2023-huyen.yaml::scoring_report": {"status": "unchanged"}})
    m = load_manifest(tmp_path)
    assert {k: (v["digest"], v["status"]) for k, v in m.items()} == {
        "params/a/2023-huyen.yaml::scoring_report": ("a", "unchanged"), "params/b/2023-huyen.yaml::scoring_report": ("b", "built")}
