"""Deterministic synthetic sample inputs for every shipped design (``dti-kit samples``).

The values are synthetic but plausible:

- each unit has a latent level of digital maturity (between a lagging and a leading unit)
  and a size (a big city reports more dossiers, documents and officials than a small
  district); the previous year's level is a little lower, for trends;
- a denominator is a count of the size its label names (people, households, dossiers,
  documents, officials, computers, businesses, budgets in million đồng …) for the level
  assessed, the same number wherever the same label recurs in one unit's form; numerators
  are the rate a unit of that maturity reaches (leading units often report 100 %);
- yes/no items, choices, counts per item and tiers follow the same maturity (each rule kind
  draws its own inputs: :meth:`dti_kit.rules.Rule.sample_inputs`);
- self-assessed scores are the score of the unit's own inputs, sometimes over-claimed (a
  warning in the reconciliation) and sometimes under-claimed; the appraisal council lowers
  a few items (appraised scores); some items are not applicable (units without online
  public services, zero denominators the method scores as N/A);
- structure-only designs (Bắc Kạn, Hải Dương) get appraised and self-assessed scores per
  main indicator, with one indicator not assessed for one unit.

Every file says in its name that it is synthetic (``<year>-<level>-synthetic.csv``), and the
Excel forms written for some designs say it in their title block too. Same seed, same bytes.
"""
from __future__ import annotations

import hashlib
import math
from importlib import resources
from pathlib import Path

import numpy as np
import pandas as pd

from dti_kit._util.atomic import all_or_nothing, write_text
from dti_kit._util.safeyaml import safe_load
from dti_kit._util.strings import csv_text, slugify
from dti_kit.loader import design_ids, load_design
from dti_kit.model import IndexDesign

LONG = ["unit_id", "unit_name", "code", "variable", "value"]

# Size of a count for a district-level unit: (keywords in the label, low, high, scales with the
# level and the unit's size, canonical key). The first match wins. Counts with a canonical key
# (communes, villages, households) are one number per unit whatever the label's wording.
# Amounts of money are in million đồng unless the label says "tỷ đồng".
MAGNITUDES: tuple[tuple[tuple[str, ...], float, float, bool, str], ...] = (
    (("hộ gia đình",), 12_000, 40_000, True, "households"),
    (("ubnd cấp xã", "đơn vị cấp xã", "đơn vị hành chính cấp xã", "xã, phường", "xã/phường", "số xã"), 10, 25, True, "communes"),
    (("thôn", "tổ dân phố", "khu phố", "ấp,"), 60, 180, True, "villages"),
    (("cuộc họp", "buổi", "hội nghị", "hội thảo", "lớp", "diễn tập"), 4, 30, False, ""),
    (("chuyên đề", "chỉ đạo", "về chuyển đổi số", "về cđs", "kế hoạch"), 8, 40, False, ""),
    (("báo cáo",), 12, 48, False, ""),
    (("bưu gửi", "bưu phẩm"), 20_000, 150_000, True, ""),
    (("hồ sơ",), 3_000, 25_000, True, ""),
    (("văn bản",), 2_500, 12_000, True, ""),
    (("lãnh đạo",), 6, 20, False, ""),
    (("máy chủ",), 2, 8, False, ""),
    (("máy tính", "máy trạm", "máy vi tính"), 90, 320, True, ""),
    (("viên chức",), 250, 1_200, True, ""),
    (("công chức", "cbcc", "cán bộ", "cbccvc"), 70, 220, True, ""),
    (("người được cấp", "người sử dụng"), 70, 220, True, ""),
    (("người", "dân số", "dân cư", "tài khoản", "thuê bao", "lao động"), 45_000, 160_000, True, ""),
    (("doanh nghiệp nhỏ và vừa",), 250, 1_200, True, ""),
    (("doanh nghiệp", "tên miền"), 300, 1_500, True, ""),
    (("hệ thống", "httt", "phần mềm", "csdl", "cơ sở dữ liệu", "nền tảng", "ứng dụng"), 4, 15, False, ""),
    (("thủ tục", "tthc", "dvc", "dịch vụ công"), 250, 450, False, ""),
    (("cơ sở giáo dục", "trường"), 25, 70, True, ""),
    (("điểm phục vụ",), 10, 35, True, ""),
    (("tỷ đồng",), 20, 150, True, ""),
    (("kinh phí", "ngân sách", "giá trị", "chi ", "đồng", "thanh toán"), 20_000, 120_000, True, ""),
    (("nhiệm vụ", "giải pháp", "chức năng", "nội dung", "chỉ tiêu"), 6, 40, False, ""),
    (("tin", "bài"), 20, 80, False, ""),
    (("cơ sở", "điểm", "siêu thị", "cửa hàng"), 120, 900, True, ""),
)
DEFAULT_MAGNITUDE = ((), 20, 150, False, "")
LEVEL_FACTOR = {"xa": 0.12, "huyen": 1.0, "so": 0.5, "tinh": 9.0}


def _seed(*parts) -> int:
    h = hashlib.sha256("|".join(map(str, parts)).encode()).digest()
    return int.from_bytes(h[:8], "little")


def _sample_entries(design: IndexDesign) -> list:
    data = safe_load((resources.files("dti_kit") / "data" / "sample_units.yaml").read_text(encoding="utf-8"))
    entries = data.get(design.id)
    if entries == "design" or entries is None:
        return [name for _uid, name in design.units] or [f"Đơn vị {i}" for i in range(1, 11)]
    return entries


def sample_units(design: IndexDesign) -> list[tuple[str, str]]:
    """(unit_id, unit_name) of the synthetic units of a design."""
    names = [e["name"] if isinstance(e, dict) else e for e in _sample_entries(design)]
    ids = {name: uid for uid, name in design.units}
    return [(ids.get(n, slugify(n)), n) for n in names]


def stated_maturity(design: IndexDesign) -> dict[str, float]:
    """Units whose synthetic maturity the sample list fixes (``{name, maturity}`` entries)."""
    return {e["name"]: float(e["maturity"]) for e in _sample_entries(design) if isinstance(e, dict) and "maturity" in e}


def magnitude(label: str) -> tuple[float, float, bool, str]:
    """(low, high, scales, canonical key) of the count a label names, for a district-level unit."""
    text = " ".join(str(label).lower().split())
    for words, lo, hi, scales, key in MAGNITUDES:
        if any(w in text for w in words):
            return lo, hi, scales, key
    return DEFAULT_MAGNITUDE[1:]


def _label_key(label: str) -> str:
    text = " ".join(str(label).lower().split())
    for prefix in ("tổng số lượng ", "tổng số ", "số lượng ", "tổng "):
        if text.startswith(prefix):
            return text[len(prefix):]
    return text


class _Unit:
    """One synthetic unit in one year: its maturity, its size and the counts it reports."""

    def __init__(self, design: IndexDesign, uid: str, q: float, size: float, rng: np.random.Generator):
        self.design, self.uid, self.q, self.size, self.rng = design, uid, q, size, rng
        self.level = LEVEL_FACTOR.get(design.level, 1.0)
        self.counts: dict[str, int] = {}

    def count(self, label: str) -> int:
        """A plausible total for what ``label`` counts (the same number for the same label)."""
        lo, hi, scales, canonical = magnitude(label)
        key = canonical or _label_key(label)
        if key not in self.counts:
            x = math.exp(self.rng.uniform(math.log(lo), math.log(hi)))
            if scales:
                x *= self.level * self.size
            self.counts[key] = max(1, int(round(x)))
        return self.counts[key]


def _rate(q: float, full: float, rng: np.random.Generator) -> float:
    """A rate for a unit of maturity q: leading units often reach the full rate, some pass it."""
    if rng.random() < q ** 2:
        return 1.0 if full >= 1.0 else min(1.0, full * rng.uniform(1.0, 1.5))
    return full * float(np.clip(q * rng.uniform(0.75, 1.1), 0.0, 0.995))


def _split(total: int, k: int, rng: np.random.Generator) -> list[int]:
    if k == 1:
        return [total]
    w = rng.dirichlet(np.ones(k) * 3)
    parts = np.floor(w * total).astype(int)
    parts[0] += total - parts.sum()
    return [int(p) for p in parts]


def _fill_ratio(numerator, denominator, labels, r: float, unit: _Unit, out: dict, zero: bool = False) -> None:
    """Numerator and denominator counts giving the rate r (denominator 0 if ``zero``)."""
    rng = unit.rng
    num, den = list(numerator), list(denominator)
    shared = [v for v in num if v in den]
    den_only = [v for v in den if v not in num]
    if zero:
        for v in num + den:
            out.setdefault(v, 0)
        return
    if all(v in out for v in num + den):
        return
    given_den = [v for v in den_only if v in out]
    label = labels.get(den_only[0] if den_only else den[0], "")
    total = sum(out[v] for v in given_den) if given_den and len(given_den) == len(den_only) and not shared else unit.count(label)
    total = max(total, 1)
    a = int(round(r * total))
    for v, x in zip([v for v in num if v not in out], _split(a, len([v for v in num if v not in out]) or 1, rng)):
        out[v] = x
    rest = max(total - sum(out[v] for v in shared), 0)
    todo = [v for v in den_only if v not in out]
    for v, x in zip(todo, _split(rest, len(todo) or 1, rng)):
        out[v] = x


class _Sample:
    """What a rule's :meth:`~dti_kit.rules.Rule.sample_inputs` draws with, for one unit and one
    item (:class:`dti_kit.rules.base.SampleSource`): the unit's random numbers and counts, the
    item's input labels."""

    def __init__(self, unit: _Unit, labels: dict[str, str]):
        self.unit, self.labels, self.rng = unit, labels, unit.rng

    def fill(self, rule, q: float, out: dict) -> None:
        """Inputs of ``rule`` (nested rules included) for a unit of maturity q on this item."""
        rule.sample_inputs(self, float(np.clip(q, 0.0, 1.0)), out)

    def rate(self, q: float, full: float) -> float:
        return _rate(q, full, self.rng)

    def counts(self, numerator, denominator, rate: float, out: dict, zero: bool = False) -> None:
        _fill_ratio(numerator, denominator, self.labels, rate, self.unit, out, zero)


def _na_units(design: IndexDesign, units, base) -> set[str]:
    """Units without online public services: the least mature tenth (full designs that allow N/A)."""
    if design.detail == "structure" or not design.na_policy.applies_to or len(units) <= 3:
        return set()
    k = max(1, int(round(0.1 * len(units))))
    order = np.argsort(base, kind="stable")[:k]
    return {units[i][0] for i in order}


def _maturity(design: IndexDesign, units, year: int, seed: int) -> tuple[np.ndarray, np.ndarray]:
    """(maturity, size) of every unit in ``year`` (the previous year is a little less mature)."""
    r0 = np.random.default_rng(_seed(seed, design.id))
    level = r0.uniform(0.3, 0.95, len(units))
    size = np.exp(r0.normal(0, 0.35, len(units)))
    trend = r0.uniform(0.03, 0.12, len(units))
    stated = stated_maturity(design)
    level = np.array([stated.get(name, lv) for (_uid, name), lv in zip(units, level)])
    return np.clip(level - trend * (design.year - year), 0.05, 1.0), size


def generate(design: IndexDesign, year: int, seed: int = 2023) -> pd.DataFrame:
    """The long table of synthetic inputs of one design for one year (no self scores)."""
    rng = np.random.default_rng(_seed(seed, design.id, year))
    units = sample_units(design)
    base, size = _maturity(design, units, year, seed)
    rows: list[tuple] = []
    if design.detail == "structure":
        scored = design.scored_indicators()
        structure_na = units[len(units) // 2][0] if design.na_policy.method != "zero" and len(units) > 3 else None
        na_code = scored[int(_seed(seed, design.id, "na") % max(len(scored) - 1, 1)) + 1].code if len(scored) > 1 else None
        for (uid, name), qu in zip(units, base):
            for m in scored:
                if uid == structure_na and m.code == na_code:
                    rows.append((uid, name, m.code, "na", 1))
                    continue
                q = float(np.clip(qu + rng.normal(0, 0.12), 0.05, 1.0))
                appraised = round(q * m.max_points, 1)
                rows.append((uid, name, m.code, "appraised_score", appraised))
                over = rng.random() < 0.25
                claim = appraised + (rng.uniform(0.03, 0.2) * m.max_points if over else 0.0)
                rows.append((uid, name, m.code, "self_score", round(min(m.max_points, claim), 1)))
        return pd.DataFrame(rows, columns=LONG)
    no_dvctt = _na_units(design, units, base)
    for (uid, name), qu, sz in zip(units, base, size):
        unit = _Unit(design, uid, float(qu), float(sz), rng)
        for leaf in design.leaves():
            if uid in no_dvctt and design.na_policy.allows(leaf.code):
                rows.append((uid, name, leaf.code, "na", 1))
                continue
            q = float(np.clip(qu + rng.normal(0, 0.18), 0.0, 1.0))
            out: dict[str, object] = {}
            _Sample(unit, dict(leaf.inputs)).fill(leaf.rule, q, out)
            rows += [(uid, name, leaf.code, v, out[v]) for v in (*leaf.rule.variables(), "appraised_score") if v in out]
        for b in design.bonus:
            q = float(qu) if b.points >= 0 else 1.0 - float(qu)  # a penalty is likelier for lagging units
            out = {}
            _Sample(unit, dict(b.inputs)).fill(b.rule, q, out)
            rows += [(uid, name, b.code, v, out[v]) for v in (*b.rule.variables(), "appraised_score") if v in out]
    return pd.DataFrame(rows, columns=LONG)


def add_self_scores(design: IndexDesign, long: pd.DataFrame, seed: int = 2023) -> pd.DataFrame:
    """Add self-assessed scores (the inputs' score, 12 % over-claimed, 3 % under-claimed) and
    a few appraised scores where the council lowered an item (4 %)."""
    from dti_kit.scoring import score_units

    if design.detail == "structure":
        return long
    res = score_units(design, long[LONG])
    rng = np.random.default_rng(_seed(seed, design.id, "self"))
    sums = {c.code for c in design.components() if c.subcomponents}
    comp = res.scores[res.scores["kind"].isin(["component", "subcomponent"]) & (res.scores["status"] == "computed")
                      & ~res.scores["code"].isin(sums)]
    mx, score = comp["max_points"].to_numpy(), comp["score"].to_numpy()
    u = rng.random(len(comp))
    over, under = u < 0.12, (u >= 0.12) & (u < 0.15)
    bump = rng.uniform(0.1, 0.6, len(comp)) * mx
    self_score = np.where(over, np.minimum(mx, score + bump), np.where(under, score * rng.uniform(0.5, 0.9, len(comp)), score))
    self_score = np.floor(self_score * 100 + 1e-6) / 100
    lowered = (rng.random(len(comp)) < 0.04) & (score > 0)
    appraised = np.floor(score * rng.uniform(0.4, 0.9, len(comp)) * 100) / 100
    meta = {"unit_id": comp["unit_id"].to_numpy(), "unit_name": comp["unit_name"].to_numpy(), "code": comp["code"].to_numpy()}
    selfs = pd.DataFrame({**meta, "variable": "self_score", "value": self_score})
    council = pd.DataFrame({k: v[lowered] for k, v in meta.items()} | {"variable": "appraised_score", "value": appraised[lowered]})
    out = pd.concat([long, selfs, council], ignore_index=True)
    order = {u: i for i, u in enumerate(dict.fromkeys(long["unit_id"]))}
    out["_u"] = out["unit_id"].map(order)
    return out.sort_values("_u", kind="stable").drop(columns="_u").reset_index(drop=True)


GENERAL_TEXT = {
    "tên": lambda unit, name: name,
    "địa chỉ trang": lambda unit, name: f"https://{unit}.example.gov.vn (giả lập)",
    "website": lambda unit, name: f"https://{unit}.example.gov.vn (giả lập)",
    "địa chỉ": lambda unit, name: f"Trụ sở {name} (địa chỉ giả lập)",
    "thư điện tử": lambda unit, name: f"{unit}@example.gov.vn",
    "email": lambda unit, name: f"{unit}@example.gov.vn",
    "điện thoại": lambda unit, name: "0000 000 000 (giả lập)",
    "đầu mối": lambda unit, name: "Cán bộ đầu mối (giả lập)",
    "họ và tên": lambda unit, name: "Cán bộ đầu mối (giả lập)",
    "chức vụ": lambda unit, name: "Chuyên viên (giả lập)",
}


def general_values(design: IndexDesign, year: int, seed: int = 2023) -> dict[str, dict[str, object]]:
    """Synthetic answers of the general-information sheet: ``{unit_id: {field code: value}}``."""
    rng = np.random.default_rng(_seed(seed, design.id, year, "general"))
    units = sample_units(design)
    _base, size = _maturity(design, units, year, seed)
    out: dict[str, dict[str, object]] = {}
    for (uid, name), sz in zip(units, size):
        unit = _Unit(design, uid, 0.5, float(sz), rng)
        vals: dict[str, object] = {}
        for g in design.general_info:
            if g.levels and design.level not in g.levels:
                continue
            low = g.name.lower()
            text = next((f for k, f in GENERAL_TEXT.items() if k in low), None)
            vals[g.code] = text(uid, name) if text else unit.count(g.name)
        out[uid] = vals
    return out


def to_csv(df: pd.DataFrame) -> str:
    def fmt(v):
        if isinstance(v, (float, np.floating)):
            return f"{float(v):.10g}"
        if isinstance(v, np.integer):
            return str(int(v))
        return v

    out = df.copy()
    out["value"] = out["value"].map(fmt)
    # an input table, read back by the package: "-3" is a number, not a formula to neutralise
    return csv_text(out[LONG], formula_safe=False)


def sample_path(root: Path, design: IndexDesign, year: int) -> Path:
    province = design.id.rsplit("-", 2)[0]
    return root / province / f"{year}-{design.level}-synthetic.csv"


# Designs whose sample inputs are also written as filled Excel forms (this year only):
# "units" = a folder with one form per unit, "workbook" = one workbook with a sheet per unit.
FORM_SAMPLES = {"vung-tau-2024-xa": "units", "vung-tau-2024-huyen": "units", "hoa-binh-2023-huyen": "workbook"}


def forms_path(root: Path, design: IndexDesign, year: int) -> Path:
    """Folder of a design's synthetic forms: ``<province>/<year>-<level>-forms-synthetic/``."""
    province = design.id.rsplit("-", 2)[0]
    return root / province / f"{year}-{design.level}-forms-synthetic"


def sample_inputs(design: IndexDesign, year: int, seed: int = 2023) -> pd.DataFrame:
    """The complete synthetic long table of one design and year (inputs, self and appraised scores)."""
    return add_self_scores(design, generate(design, year, seed), seed + year)


def write_sample_forms(root: str | Path, design: IndexDesign, long: pd.DataFrame, year: int, seed: int = 2023,
                       mode: str = "units") -> list[Path]:
    """Write the synthetic long table of a design as filled Excel forms (title blocks and file
    names say that the data are synthetic)."""
    from dti_kit.forms.write import write_forms

    folder = forms_path(Path(root), design, year)
    units = list(dict.fromkeys(zip(long["unit_id"], long["unit_name"])))
    general = general_values(design, year, seed)
    out = folder if mode == "units" else folder / f"{design.id}-synthetic.xlsx"
    return write_forms(design, out, units, values=long, year=year, synthetic=True, general=general)


def write_samples(out: str | Path, seed: int = 2023, ids: list[str] | None = None, forms: bool = True) -> list[Path]:
    """Write this year's and last year's synthetic inputs of every design under ``out``, and
    this year's filled forms of the designs in :data:`FORM_SAMPLES`."""
    root = Path(out)
    written = []
    with all_or_nothing():  # every sample new, or every one as it was
        for did in ids or design_ids():
            d = load_design(did)
            for year in (d.year, d.year - 1):
                df = sample_inputs(d, year, seed)
                path = sample_path(root, d, year)
                write_text(path, to_csv(df))
                written.append(path)
                if forms and year == d.year and did in FORM_SAMPLES:
                    written += write_sample_forms(root, d, df, year, seed, FORM_SAMPLES[did])
    return written
