"""The build's warm kernels (dti_kit.publish.kernels): a notebook run in a kernel that has already run
another notebook sees what a new kernel would show it, and a failure never reaches the next
report."""
from __future__ import annotations

import nbformat
import papermill as pm
import pytest
from conftest import ROOT

from dti_kit.publish import pipeline as build_mod
from dti_kit.publish.kernels import ENGINE, WarmKernel
from dti_kit.publish.pipeline import KERNEL, run_job

pytestmark = pytest.mark.slow

# what a notebook might leave behind: a variable, a matplotlib setting, a warnings filter, the
# global random state, sys.path and the working directory
POLLUTE = """
leftover = 42
import os, sys, warnings
import matplotlib, numpy as np
matplotlib.rcParams["font.size"] = 31
warnings.simplefilter("error")
np.random.seed(12345)
sys.path.append("/nowhere")
os.chdir("/")
"""

# what the next notebook looks at; its outputs must equal those of a new kernel
INSPECT = [
    "print('leftover' in globals())",
    "import os, sys, warnings\nimport matplotlib, numpy as np\nimport dti_kit.publish.notebook as env\n"
    "env.use_project_root()\nprint(matplotlib.rcParams['font.size'], len(warnings.filters) > 0 and warnings.filters[0][0] == 'error')",
    # a new kernel's global random state is unseeded: it must not be the polluter's seed
    "print(np.random.random() == np.random.RandomState(12345).random_sample())",
    "print('/nowhere' in sys.path)",
    "print(os.path.basename(os.getcwd()))",
]


def _notebook(tmp_path, name, sources):
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(s) for s in sources])
    nb.metadata["kernelspec"] = {"name": KERNEL, "display_name": KERNEL, "language": "python"}
    path = tmp_path / f"{name}.ipynb"
    nbformat.write(nb, path)
    return path


def _outputs(path):
    """Each cell's printed text (the kernel may send one print as two stream messages when its
    output is flushed in between, more so on a busy machine: the text is what a cell shows) and
    the execution counts."""
    nb = nbformat.read(path, as_version=4)
    return [["".join(o.get("text", "") for o in c.outputs)] for c in nb.cells], [c.execution_count for c in nb.cells]


@pytest.fixture
def warm():
    kernel = WarmKernel(KERNEL, ROOT)
    yield kernel
    kernel.shutdown()


def test_reset_kernel_shows_what_a_new_kernel_shows(tmp_path, warm):
    pollute = _notebook(tmp_path, "pollute", [POLLUTE])
    inspect = _notebook(tmp_path, "inspect", INSPECT)
    # reference: papermill's own engine, a new kernel in the project root
    pm.execute_notebook(str(inspect), str(tmp_path / "fresh.ipynb"), kernel_name=KERNEL, cwd=str(ROOT), progress_bar=False)
    fresh, fresh_counts = _outputs(tmp_path / "fresh.ipynb")
    assert fresh[0] == fresh[2] == ["False\n"] and fresh[3] == ["False\n"] and fresh[4] == [ROOT.name + "\n"]

    resets = []
    real_reset = warm._reset_session
    warm._reset_session = lambda timeout: (resets.append(1), real_reset(timeout))[1]
    for run in range(3):  # the second round proves the reset also holds after a reset
        warm.prepare()
        pm.execute_notebook(str(pollute), str(tmp_path / "p.ipynb"), kernel_name=KERNEL, progress_bar=False,
                            engine_name=ENGINE, km=warm.km, kc=warm.kc)
        if run == 2:  # as the build does: reset as soon as the notebook has run, not again before the next
            before = len(resets)
            warm.release()
            warm.prepare()
            assert len(resets) == before + 1
        else:
            warm.prepare()
        pm.execute_notebook(str(inspect), str(tmp_path / "warm.ipynb"), kernel_name=KERNEL, progress_bar=False,
                            engine_name=ENGINE, km=warm.km, kc=warm.kc)
        outputs, counts = _outputs(tmp_path / "warm.ipynb")
        assert outputs == fresh, run
        assert counts == fresh_counts == [1, 2, 3, 4, 5]  # execution counts restart at 1


def test_a_failed_notebook_gets_a_new_kernel_for_the_next(tmp_path):
    nb_dir = tmp_path / "notebooks"
    nb_dir.mkdir()
    _notebook(nb_dir, "bad", ["leftover = 1", "raise RuntimeError('hỏng')"])
    _notebook(nb_dir, "good", ["print('leftover' in globals())"])
    try:
        bad = run_job(str(tmp_path), "params/x.yaml", "bad", {}, "out", 60, KERNEL)
        assert not bad["ok"] and "hỏng" in bad["error"] and bad["cell"] == 2
        assert build_mod._warm.km is None  # the kernel that failed is gone
        good = run_job(str(tmp_path), "params/x.yaml", "good", {}, "out", 60, KERNEL)
        assert good["ok"], good["error"]
        assert set(good["phases"]) == {"kernel", "execute", "html", "pdf"}
        outputs, counts = _outputs(tmp_path / "out" / "good.ipynb")
        assert outputs == [["False\n"]] and counts == [1]
    finally:
        if build_mod._warm is not None:
            build_mod._warm.shutdown()


def test_a_timeout_or_a_dead_kernel_fails_that_notebook_only(tmp_path):
    nb_dir = tmp_path / "notebooks"
    nb_dir.mkdir()
    _notebook(nb_dir, "slow", ["import time\ntime.sleep(30)"])
    _notebook(nb_dir, "dies", ["import os\nos._exit(3)"])
    _notebook(nb_dir, "good", ["print(1 + 1)"])
    try:
        slow = run_job(str(tmp_path), "params/x.yaml", "slow", {}, "out", 2, KERNEL)  # 2 s per cell
        assert not slow["ok"] and "Timeout" in slow["error"], slow["error"]
        dies = run_job(str(tmp_path), "params/x.yaml", "dies", {}, "out", 60, KERNEL)
        assert not dies["ok"] and "Dead" in dies["error"], dies["error"]
        good = run_job(str(tmp_path), "params/x.yaml", "good", {}, "out", 60, KERNEL)
        assert good["ok"], good["error"]
        assert _outputs(tmp_path / "out" / "good.ipynb") == ([["2\n"]], [1])
        assert (tmp_path / "out" / "slow.failed.html").is_file() and (tmp_path / "out" / "dies.failed.ipynb").is_file()
    finally:
        if build_mod._warm is not None:
            build_mod._warm.shutdown()


def test_a_kernel_that_dies_after_its_release_is_replaced_before_the_next_notebook(tmp_path, warm):
    """release() resets the kernel right after its notebook, so prepare() has nothing to reset;
    it still checks the kernel is there (it may die while the report prints: the out-of-memory
    killer), and the next notebook runs in a new one instead of failing."""
    import signal
    import time

    from jupyter_core.utils import run_sync

    inspect = _notebook(tmp_path, "inspect", INSPECT[:1])
    warm.prepare()
    pm.execute_notebook(str(_notebook(tmp_path, "pollute", [POLLUTE])), str(tmp_path / "p.ipynb"), kernel_name=KERNEL,
                        progress_bar=False, engine_name=ENGINE, km=warm.km, kc=warm.kc)
    warm.release()
    dead = warm.km
    run_sync(dead.signal_kernel)(signal.SIGKILL)
    for _ in range(100):
        if not run_sync(dead.is_alive)():
            break
        time.sleep(0.05)
    warm.prepare()
    assert warm.km is not dead and run_sync(warm.km.is_alive)()
    pm.execute_notebook(str(inspect), str(tmp_path / "after.ipynb"), kernel_name=KERNEL, progress_bar=False,
                        engine_name=ENGINE, km=warm.km, kc=warm.kc)
    assert _outputs(tmp_path / "after.ipynb") == ([["False\n"]], [1])


def test_a_new_kernel_that_dies_at_start_is_tried_once_more_then_the_failure_is_named(tmp_path, warm):
    """The Jupyter protocol has the client choose a kernel's ports before the kernel binds them: a
    kernel started beside others now and then dies at start ("Address already in use"). Its first
    start dying here (the warm-up's code made to end the kernel), prepare() starts a second
    kernel and the notebook runs; a second death is the notebook's failure, not a third try."""
    from jupyter_core.utils import run_sync

    real_run, started = warm._run, []

    def dies_first(times):
        def run(code, timeout):
            started.append(code)
            if len(started) <= times:
                code = "import os\nos._exit(3)"  # the kernel ends before it answers
            return real_run(code, timeout)
        return run

    warm._run = dies_first(1)
    warm.prepare()
    assert len(started) == 3 and "warm_up" in started[1] and "reset_session" in started[2]  # died, warmed, reset
    assert run_sync(warm.km.is_alive)()
    inspect = _notebook(tmp_path, "inspect", INSPECT[:1])
    pm.execute_notebook(str(inspect), str(tmp_path / "after.ipynb"), kernel_name=KERNEL, progress_bar=False,
                        engine_name=ENGINE, km=warm.km, kc=warm.kc)
    assert _outputs(tmp_path / "after.ipynb") == ([["False\n"]], [1])

    warm.shutdown()
    started.clear()
    warm._run = dies_first(2)
    with pytest.raises(Exception):
        warm.prepare()
    assert len(started) == 2 and warm.km is None  # two starts, both stopped


def test_a_broken_project_design_no_report_uses_does_not_fail_the_kernels_warm_up(tmp_path, monkeypatch):
    """warm_up parses the shipped designs, not the project's own: a project design with an error
    (max_points: abc) fails only the reports that use it, which name it; the others build."""
    import gc

    import dti_kit.publish.notebook as env

    (tmp_path / "designs").mkdir()
    broken = (ROOT / "dti_kit" / "designs" / "hoa-binh-2023-xa.yaml").read_text(encoding="utf-8")
    broken = broken.replace("id: hoa-binh-2023-xa", "id: hoa-binh-2024-xa").replace("max_points: 20", "max_points: abc", 1)
    (tmp_path / "designs" / "hoa-binh-2024-xa.yaml").write_text(broken, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    monkeypatch.setattr(gc, "freeze", lambda: None)  # the test process keeps its own collector
    monkeypatch.setattr(env, "_snapshot", None)
    env.warm_up()
    assert env._snapshot is not None
    from dti_kit.errors import DesignError
    from dti_kit.loader import load_design

    with pytest.raises(DesignError, match="max_points"):
        load_design("hoa-binh-2024-xa", tmp_path)


def test_an_error_in_the_warm_up_code_is_not_tried_again(warm):
    """A warm-up that raises (a broken import) would raise again: prepare() names it at once,
    after one kernel start, instead of starting a second kernel to meet the same error."""
    from nbclient.exceptions import CellExecutionError

    real_run, started = warm._run, []

    def broken(code, timeout):
        started.append(code)
        return real_run("raise ImportError('dti_kit hỏng')", timeout)

    warm._run = broken
    with pytest.raises(CellExecutionError, match="dti_kit hỏng"):
        warm.prepare()
    assert len(started) == 1 and warm.km is None
