"""The one catalogue of reader text (:mod:`dti_kit.i18n`).

Fast: every message id the code asks for exists, in both languages, with the same
placeholders; every code the reports show (N/A policies, statuses, flags, kappa words, rule-kind
families) has reader words. Slow: a Vietnamese and an English report of every params file,
built for real; the visible text of the Vietnamese HTML holds no identifier of the code (the
list generated from the registries) and the English HTML no Vietnamese catalogue text. Data
(unit, component, indicator and level names, quoted decision texts, the analyst's commentary,
file names) is exempt: it is shown as it is, marked ``lang="vi"`` in English reports.
"""
from __future__ import annotations

import re
import shutil
import string
from html.parser import HTMLParser
from pathlib import Path

import pytest
from conftest import ROOT, without_pdf

from dti_kit.i18n import LANGUAGES, catalogue, has, header, text

PKG = ROOT / "dti_kit"


# -- the ids the code asks for ---------------------------------------------------------------------
def _sources() -> dict[str, str]:
    """Every file whose code asks the catalogue: the package, the tools, the notebooks' cells."""
    import json

    out = {p.relative_to(ROOT).as_posix(): p.read_text(encoding="utf-8") for p in sorted(PKG.rglob("*.py"))}
    out.update({p.relative_to(ROOT).as_posix(): p.read_text(encoding="utf-8") for p in sorted((ROOT / "tools").glob("*.py"))})
    for nb in sorted((ROOT / "notebooks").glob("*.ipynb")):
        cells = json.loads(nb.read_text(encoding="utf-8"))["cells"]
        out[nb.relative_to(ROOT).as_posix()] = "\n".join("".join(c["source"]) for c in cells if c["cell_type"] == "code")
    return out


TEXT_CALL = re.compile(r"""\btext\(\s*(f?)(["'])([^"']+)\2""")
HEADER_CALL = re.compile(r"""\bheader\(\s*(["'])(\w+)\1\s*,\s*[\w.]+\s*(?:,\s*(["'])(\w+)\3)?\s*\)""")


def test_every_id_the_code_asks_for_exists():
    missing, prefixes = [], 0
    for path, src in _sources().items():
        for m in TEXT_CALL.finditer(src):
            is_f, msg_id = m.group(1), m.group(3)
            if is_f:  # text(f"report.heading.{key}", …): some id must start with the literal part
                head = msg_id.split("{", 1)[0]
                prefixes += 1
                if not any(i.startswith(head) for i in catalogue()):
                    missing.append(f"{path}: {msg_id}")
            elif not has(msg_id):
                missing.append(f"{path}: {msg_id}")
        for m in HEADER_CALL.finditer(src):
            key, domain = m.group(2), m.group(4) or "common"
            if not (has(f"{domain}.col.{key}") or has(f"common.col.{key}")):
                missing.append(f"{path}: header {key!r} of {domain}")
    assert missing == []
    assert prefixes > 5  # the scan sees the composed ids too


DOMAIN_FILES = {p.stem for p in (Path(__file__).resolve().parents[1] / "dti_kit" / "i18n" / "messages").glob("*.yaml")}


def test_every_message_has_both_languages_with_the_same_placeholders():
    fields = lambda s: sorted(f for _, f, _, _ in string.Formatter().parse(s) if f)  # noqa: E731
    for msg_id, langs in catalogue().items():
        assert set(langs) == set(LANGUAGES), msg_id
        assert langs["vi"].strip() and langs["en"].strip(), msg_id
        assert fields(langs["vi"]) == fields(langs["en"]), msg_id
        # an id's domain is the messages file it is in (a translator finds it by its name)
        domain = msg_id.split(".", 1)[0]
        assert domain in DOMAIN_FILES, msg_id


def test_the_codes_a_report_shows_have_reader_words():
    from dti_kit.compare.structure import MIX
    from dti_kit.na import NA_METHODS
    from dti_kit.reconcile.agreement import KAPPA_SCALE
    from dti_kit.reconcile.core import FLAGS
    from dti_kit.scoring import STATUSES

    ids = ([f"common.na.{m}" for m in NA_METHODS] + [f"common.status.{s}" for s in STATUSES]
           + [f"reconcile.flag.{f}" for f in FLAGS] + [f"reconcile.flag_name.{f}" for f in FLAGS]
           + [f"reconcile.kappa.{k}" for _, k in KAPPA_SCALE] + [f"compare.col.mix_{f}" for f in MIX])
    assert [i for i in ids if not has(i)] == []
    # the words are words, not the codes: "tính theo tỷ lệ điểm các chỉ số còn lại", not "proportional"
    assert text("common.na.proportional", "vi") == "tính theo tỷ lệ điểm các chỉ số còn lại"
    assert text("common.status.not-claimed", "en") == "not claimed"
    for i in ids:
        assert text(i, "vi") != i.rsplit(".", 1)[1]


def test_one_translation_per_word():
    """No English text has two Vietnamese translations (and no Vietnamese text two English ones)
    among the short words (headers, names), where a reader would notice."""
    by_en, by_vi = {}, {}
    for msg_id, langs in catalogue().items():
        if len(langs["en"]) <= 40 and "{" not in langs["en"]:
            by_en.setdefault(langs["en"], set()).add(langs["vi"])
        if len(langs["vi"]) <= 40 and "{" not in langs["vi"]:
            by_vi.setdefault(langs["vi"], set()).add(langs["en"])
    assert {en: vi for en, vi in by_en.items() if len(vi) > 1} == {}
    # Vietnamese words may carry two English readings only where English needs the plural
    assert {vi: en for vi, en in by_vi.items() if len(en) > 1 and len({e.rstrip("s").lower() for e in en}) > 1} == {}


def test_headers_come_from_the_catalogue_and_data_columns_stay():
    assert header("total", "vi") == "Tổng điểm" and header("total", "en") == "Total"
    assert header("points_at_stake", "vi", "reconcile") == "Số điểm cần giải trình"
    assert header("Bắc Kạn (%)", "vi") == "Bắc Kạn (%)"  # a pillar's name: data, as it is


@pytest.mark.slow  # a CLI process or a report's HTML: make test only (make check stays under a minute)
def test_html_lang_is_the_reports_language():
    import nbformat
    from nbformat.v4 import new_markdown_cell, new_notebook

    from dti_kit.publish.pipeline import to_html

    nb = new_notebook(cells=[new_markdown_cell("# Tiêu đề")])
    for language in LANGUAGES:
        page = to_html(nb, "t", language)
        assert len(re.findall(r"<html\b[^>]*>", page)) == 1 and f'<html lang="{language}">' in page
    nbformat.validate(nb)


# -- the reports, built ------------------------------------------------------------------------------
def code_identifiers() -> set[str]:
    """Every identifier of the code a reader must not see, from the registries."""
    from dti_kit import loader
    from dti_kit.na import NA_METHODS
    from dti_kit.reconcile.core import FLAGS
    from dti_kit.rules import rule_kinds
    from dti_kit.scoring import STATUSES

    schema = {k for name, keys in vars(loader).items() if name.endswith("_KEYS") for k in keys}
    return set(rule_kinds()) | set(NA_METHODS) | set(FLAGS) | set(STATUSES) | schema


class VisibleText(HTMLParser):
    """The text a reader sees: no style, script or head; in English reports, not the data
    marked ``lang="vi"``; never the analyst's commentary nor code-formatted file names."""

    def __init__(self, skip_vi: bool):
        super().__init__(convert_charrefs=True)
        self.skip_vi, self.parts, self.skip_tag, self.depth = skip_vi, [], None, 0

    def handle_starttag(self, tag, attrs):
        if tag in ("br", "img", "meta", "link", "hr", "input", "rect", "path"):
            return
        if self.skip_tag is not None:
            self.depth += tag == self.skip_tag
            return
        a = dict(attrs)
        if (tag in ("style", "script", "code", "pre") or (self.skip_vi and a.get("lang") == "vi" and tag != "html")
                or "dti-commentary" in (a.get("class") or "")):
            self.skip_tag, self.depth = tag, 1

    def handle_endtag(self, tag):
        if self.skip_tag == tag:
            self.depth -= 1
            if self.depth == 0:
                self.skip_tag = None

    def handle_data(self, data):
        if self.skip_tag is None:
            self.parts.append(data)


def visible_text(page: str, skip_vi: bool) -> str:
    p = VisibleText(skip_vi)
    p.feed(page)
    return re.sub(r"\s+", " ", " ".join(p.parts))


def _strings(obj):
    if isinstance(obj, str):
        yield obj
    elif isinstance(obj, dict):
        for v in obj.values():
            yield from _strings(v)
    elif isinstance(obj, (list, tuple)):
        for v in obj:
            yield from _strings(v)


def data_strings(root: Path) -> list[str]:
    """The data a report shows as it is: every text value of the designs, the concept catalogue
    and the params files, and every unit's name; longest first. Values that look like
    identifiers (``proportional``, ``ratio``) are not data: they must not be shown."""
    from dti_kit._util.safeyaml import safe_load
    from dti_kit.forms import read_inputs  # CSV and the Excel forms
    from dti_kit.loader import designs_dir, list_designs
    from dti_kit.publish.params import discover, load_params

    files = sorted(designs_dir().glob("*.yaml")) + [PKG / "data" / "concepts.yaml"] + sorted((root / "params").rglob("*.yaml"))
    found = set()
    for f in files:
        data = safe_load(f.read_text(encoding="utf-8"))
        found.update(_strings({k: v for k, v in data.items() if k != "errata"}))
    for d in list_designs():
        for e in d.errata:
            # an erratum is design data: the decision's words it quotes, and its problem and
            # assumption, which the design carries in both languages (and which, in English,
            # name the decision's indicators and levels in Vietnamese: "Thể chế số", "cấp xã");
            # tests/test_errata.py checks that neither language shows a code identifier
            found.update([e.text, e.problem_in("en"), e.assumption_in("en")])
    for p in discover(root):
        prm = load_params(p, root)
        long = read_inputs([str(root / i) for i in prm.inputs])
        if "unit_name" in long:
            found.update(str(u) for u in long["unit_name"].dropna().unique())
        found.update(str(u) for u in long["unit_id"].unique())
    keep = {re.sub(r"\s+", " ", s).strip() for s in found}
    from dti_kit._util.strings import before_colon

    keep |= {before_colon(s) for s in keep}  # a name set before a colon, without its closing full stop
    return sorted((s for s in keep if len(s) >= 2 and not re.fullmatch(r"[a-z0-9_.\-]+", s)), key=len, reverse=True)


def without_data(visible: str, data: list[str]) -> str:
    for s in data:
        if s in visible:
            visible = visible.replace(s, " ")
    visible = re.sub(r"\S*[/\\]\S*|\S+\.(?:csv|xlsx|yaml|md|html|ipynb)\b", " ", visible)  # file names, paths
    return re.sub(r"\b[0-9a-f]{64}\b", " ", visible)  # SHA-256 digests


def vietnamese_fragments() -> list[tuple[str, str]]:
    """``(id, fragment)``: the literal parts of every catalogue text whose Vietnamese differs from its English."""
    out = []
    for msg_id, langs in catalogue().items():
        if langs["vi"] == langs["en"]:
            continue
        for frag in re.split(r"\{[^}]*\}", langs["vi"]):
            frag = frag.strip(" .,;:()—-*").strip()
            if re.search(r"[^\W\d_]{2}", frag) and frag not in langs["en"]:
                out.append((msg_id, frag))
    return out


def build_in(root: Path, language: str):
    from dti_kit.publish.pipeline import build

    for name in ("notebooks", "params", "inputs"):
        shutil.copytree(ROOT / name, root / name)
    for p in (root / "params").rglob("*.yaml"):
        p.write_text(re.sub(r"(?m)^language: \w+", f"language: {language}", p.read_text(encoding="utf-8")), encoding="utf-8")
    without_pdf(root)
    outcomes = build(None, root, jobs=2, progress=False)
    assert [(o.params, o.notebook, o.error) for o in outcomes if o.status != "built"] == []
    return root, outcomes


def pages(root: Path) -> dict[str, str]:
    from dti_kit.publish.params import discover, load_params

    out = {}
    for p in discover(root):
        prm = load_params(p, root)
        for nb in prm.notebooks:
            out[f"{p.as_posix()}:{nb}"] = (root / prm.output_dir() / f"{nb}.html").read_text(encoding="utf-8")
    return out


@pytest.fixture(scope="module")
def built_vi(tmp_path_factory):
    return build_in(tmp_path_factory.mktemp("vi"), "vi")[0]


@pytest.fixture(scope="module")
def built_en(tmp_path_factory):
    return build_in(tmp_path_factory.mktemp("en"), "en")[0]


@pytest.mark.slow
def test_vietnamese_reports_show_no_identifier_of_the_code(built_vi):
    idents = code_identifiers()
    assert {"proportional", "over-claim", "not-claimed", "ratio_target", "max_points"} <= idents
    data = data_strings(built_vi)
    leaks = {}
    all_pages = pages(built_vi)
    assert len(all_pages) >= 15
    for name, page in all_pages.items():
        assert '<html lang="vi">' in page, name
        seen = without_data(visible_text(page, skip_vi=False), data)
        found = sorted({t for t in re.findall(r"[^\W\d_][\w-]*", seen) if t in idents or t.lower() in idents})
        if found:
            leaks[name] = found
    assert leaks == {}


@pytest.mark.slow
def test_english_reports_show_no_vietnamese_catalogue_text(built_en):
    frags = vietnamese_fragments()
    assert ("common.col.total", "Tổng điểm") in frags
    data = data_strings(built_en)
    leaks = {}
    for name, page in pages(built_en).items():
        assert '<html lang="en">' in page, name
        seen = without_data(visible_text(page, skip_vi=True), data)
        found = sorted({f"{i}: {f}" for i, f in frags if re.search(rf"(?<!\w){re.escape(f)}(?!\w)", seen)})
        if found:
            leaks[name] = found
    assert leaks == {}
