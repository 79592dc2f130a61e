"""A project of n synthetic communes of ``hoa-binh-2023-xa`` (issue 20): this year's and last
year's inputs (``synthetic_long(spread_units=True)``, so ranks spread out), self-assessed and
appraised scores (``samples.add_self_scores``, so the reconciliation has something to say), a
units file naming each commune's district (15 communes a district), and one params file building
the scoring report, the reconciliation and the sensitivity analysis.

Used by ``benchmarks/report_scale.py`` and ``tests/test_scale_build.py``.
"""
from __future__ import annotations

import shutil
from pathlib import Path

from synthetic import synthetic_long

from dti_kit.loader import load_design
from dti_kit.samples import add_self_scores

DESIGN = "hoa-binh-2023-xa"
PARAMS = "params/hoa-binh/2023-xa.yaml"
REPORT = Path("reports/2023/hoa-binh/xa")
NOTEBOOKS = ("scoring_report", "reconciliation", "sensitivity")
PER_DISTRICT = 15


def unit_name(i: int) -> str:
    """The name of synthetic commune ``i`` (unique, Vietnamese as a report shows it)."""
    return f"Xã Thử Nghiệm {i + 1:04d}"


def unit_id(i: int) -> str:
    return f"xa-{i:04d}"  # as benchmarks/synthetic.py numbers them


def _inputs(n: int, seed: int, self_scores: bool):
    design = load_design(DESIGN)
    long = synthetic_long(design, n, seed=seed, spread_units=True)
    names = {unit_id(i): unit_name(i) for i in range(n)}
    long.insert(1, "unit_name", long["unit_id"].map(names))
    return add_self_scores(design, long, seed=seed) if self_scores else long


def write_project(root: str | Path, n: int, source: str | Path) -> Path:
    """Write the project of ``n`` communes under ``root`` (notebooks copied from ``source``)."""
    root = Path(root)
    shutil.copytree(Path(source) / "notebooks", root / "notebooks", dirs_exist_ok=True)
    folder = root / "inputs" / "hoa-binh"
    folder.mkdir(parents=True, exist_ok=True)
    _inputs(n, seed=2023, self_scores=True).to_csv(folder / f"2023-xa-{n}.csv", index=False)
    _inputs(n, seed=2022, self_scores=False).to_csv(folder / f"2022-xa-{n}.csv", index=False)
    rows = ["unit_id,unit_name,parent,kind,ranked"]
    rows += [f"{unit_id(i)},{unit_name(i)},Huyện Thử Nghiệm {i // PER_DISTRICT + 1:03d},xã,1" for i in range(n)]
    (folder / f"2023-xa-{n}-units.csv").write_text("\n".join(rows) + "\n", encoding="utf-8")
    params = root / PARAMS
    params.parent.mkdir(parents=True, exist_ok=True)
    params.write_text(
        f"design: {DESIGN}\ninputs: inputs/hoa-binh/2023-xa-{n}.csv\nprevious_inputs: inputs/hoa-binh/2022-xa-{n}.csv\n"
        f"units: inputs/hoa-binh/2023-xa-{n}-units.csv\nlanguage: vi\n"
        f'title: "Đánh giá chỉ số chuyển đổi số cấp xã — {n} xã tổng hợp"\nauthor: "dti-kit benchmark"\n'
        f"notebooks: [{', '.join(NOTEBOOKS)}]\n", encoding="utf-8")
    return root
