"""The scoring report's words written from the data: the overall assessment (Đánh giá chung),
the recommendations' list of weakest components (Kiến nghị), the methodology annex and the
report's own decision (``publication`` in the params file).

Each figure is computed by a function that returns numbers (:func:`indicator_means`,
:func:`weakest_components`, :func:`movers`, :func:`bonus_effect`), so that tests check the
numbers and the words separately; the words come from the catalogue (``narrative.*``), and
data (unit, indicator, component names, quoted decision texts) is marked as data
(:func:`~dti_kit.report.markup.md_data`). English reports name the main indicators in
English (the design's ``name_en``).
"""
from __future__ import annotations

import datetime as _dt
from dataclasses import dataclass
from typing import Any, Mapping

import numpy as np
import pandas as pd

from dti_kit.i18n import na_policy as na_words
from dti_kit.i18n import number, text, units_of
from dti_kit.model import IndexDesign, legal_date
from dti_kit.report.markup import md_cited, md_data, md_text
from dti_kit.scoring import ScoreResult, rank_of

__all__ = ["indicator_name", "indicator_means", "weakest_components", "movers", "Movers", "bonus_effect", "BonusEffect",
           "overview", "recommendations_intro", "weak_note", "imputed_items", "methodology", "publication_line",
           "own_unit", "METHOD_KEYS", "PUBLICATION_KEYS"]

#: the design's metadata keys that state each step of the assessment, in the order they are quoted
METHOD_KEYS = {
    "period": ("data_period",),
    "self": ("self_assessment", "submission", "self_assessment_deadline", "procedure"),
    "appraisal": ("appraisal", "appraised_by", "final_score"),
    "publication": ("publication", "ranked_by", "authority"),
}
#: the keys of a params file's ``publication`` block (the report's own decision)
PUBLICATION_KEYS = ("document", "number", "date", "issuer", "signer")


def _n(x: float, language: str, digits: int = 1) -> str:
    return number(x, language, digits, trim=False)


def _signed(x: float, language: str, digits: int = 1) -> str:
    s = _n(abs(x), language, digits)
    return ("+" if x > 0 else "−" if x < 0 else "") + s


def indicator_name(design: IndexDesign, code: str, language: str = "vi", markdown: bool = True) -> str:
    """A main indicator as the reader sees it: ``I. Awareness`` in English (``name_en``),
    ``I. Nhận thức số`` (data) in Vietnamese or where no English name is given."""
    m = design.node(code)
    name_en = getattr(m, "name_en", "") or ""
    if language == "en" and name_en:
        return f"{md_text(code)}. {md_text(name_en)}" if markdown else f"{code}. {name_en}"
    return f"{md_text(code)}. {md_data(m.name, language)}" if markdown else f"{code}. {m.name}"


def indicator_means(result: ScoreResult) -> pd.DataFrame:
    """Each scored main indicator's mean percent of its points across the units: ``code,
    max_points, mean_percent, units``, in design order. A unit whose indicator is not
    applicable (status ``na``: scored or removed by the N/A rule) is not counted."""
    d = result.design
    s = result.scores[(result.scores["kind"] == "indicator") & (result.scores["status"] != "na")]
    rows = []
    for m in d.scored_indicators():
        if m.max_points <= 0:
            continue
        sub = s[s["code"] == m.code]
        share = sub["score"].to_numpy(dtype=float) / m.max_points * 100
        rows.append((m.code, float(m.max_points), float(np.mean(share)) if len(share) else np.nan, len(share)))
    return pd.DataFrame(rows, columns=["code", "max_points", "mean_percent", "units"])


def imputed_items(result: ScoreResult) -> pd.DataFrame:
    """The (unit, component) scores the N/A rule gave: ``unit_id, code`` (``result.na_items``)."""
    na = result.na_items
    return na[["unit_id", "code"]] if len(na) else pd.DataFrame(columns=["unit_id", "code"])


def weakest_components(result: ScoreResult, top: int = 5, language: str = "vi") -> pd.DataFrame:
    """The components with the lowest mean percent of their max across the units, scores the
    N/A rule imputed left out: ``code, component, indicator, mean_share, below_half`` (the
    units under half the max), ``units`` (the units the mean is over) only where that is not
    every unit for every row (the N/A rule left some out: a column of 150, 150, 150 … says
    nothing), and ``responsible`` where the design names an agency for any of them; lowest
    first (then design order).

    ``indicator`` is the main indicator in the reader's language (:func:`indicator_name`).
    """
    d = result.design
    kind = "component" if d.components() else "indicator"  # a structure-only design: its main indicators
    s = result.scores[(result.scores["kind"] == kind) & (result.scores["status"] != "na")
                      & (result.scores["max_points"] > 0)]
    if kind == "indicator":
        s = s[s["code"].isin([m.code for m in d.scored_indicators()])]
    if s.empty:
        return pd.DataFrame(columns=["code", "component", "indicator", "mean_share", "below_half"])
    order = {c: i for i, c in enumerate(d.codes())}
    s = s.assign(share=s["score"] / s["max_points"] * 100)
    s = s.assign(below=s["share"] < 50)
    g = s.groupby("code", sort=False).agg(name=("name", "first"), mean_share=("share", "mean"), units=("share", "count"),
                                          below_half=("below", "sum"))
    g["_order"] = [order.get(c, len(order)) for c in g.index]
    g = g.sort_values(["mean_share", "_order"], kind="mergesort").head(top)
    out = pd.DataFrame({
        "code": g.index.to_numpy(dtype=object),
        "component": g["name"].to_numpy(dtype=object),
        "indicator": [indicator_name(d, d.node(c).indicator if kind == "component" else c, language, markdown=False) for c in g.index],
        "mean_share": g["mean_share"].round(1).to_numpy(dtype=float),
        "below_half": g["below_half"].to_numpy(dtype=int),
        "units": g["units"].to_numpy(dtype=int),
    })
    if (out["units"] == len(result.units)).all():
        out = out.drop(columns=["units"])
    if kind == "indicator":
        out = out.drop(columns=["code", "component"])
    responsible = [getattr(d.node(c), "responsible", "") for c in g.index]
    if any(responsible):
        out["responsible"] = responsible
    out.attrs["translated"] = ("indicator",) if language == "en" else ()
    return out


@dataclass(frozen=True)
class Movers:
    """Who moved most since last year, among the units scored both years.

    ``rise``/``fall``: ``(unit_name, change, previous_rank, rank)``, change in places
    (positive = up), None when no unit moved that way; ``gain``/``loss``: ``(unit_name,
    change)`` in points (percent points where last year's max differs), None likewise;
    ``in_points``: whether ``gain``/``loss`` are points.
    """

    rise: tuple | None
    fall: tuple | None
    gain: tuple | None
    loss: tuple | None
    in_points: bool


def movers(result: ScoreResult, previous: ScoreResult | None) -> Movers | None:
    """The biggest riser and faller by rank and by points (ties: the first by name)."""
    if previous is None:
        return None
    t = result.totals().set_index("unit_id")
    p = previous.totals().set_index("unit_id")
    both = [u for u in t.index if u in p.index]
    if not both:
        return None
    t, p = t.loc[both], p.loc[both]
    same_max = bool(np.allclose(t["max_points"].to_numpy(dtype=float), p["max_points"].to_numpy(dtype=float)))
    key = "score" if same_max else "percent"
    frame = pd.DataFrame({
        "name": t["unit_name"], "rank": t["rank"].astype("Int64"), "previous_rank": p["rank"].astype("Int64"),
        "delta": t[key].to_numpy(dtype=float) - p[key].to_numpy(dtype=float),
    })
    frame["change"] = (frame["previous_rank"] - frame["rank"]).astype("Int64")
    ranked = frame.dropna(subset=["change"]).sort_values("name", kind="mergesort")
    rise = fall = gain = loss = None
    if len(ranked):
        up = ranked.sort_values("change", ascending=False, kind="mergesort").iloc[0]
        down = ranked.sort_values("change", ascending=True, kind="mergesort").iloc[0]
        if up["change"] > 0:
            rise = (up["name"], int(up["change"]), int(up["previous_rank"]), int(up["rank"]))
        if down["change"] < 0:
            fall = (down["name"], int(down["change"]), int(down["previous_rank"]), int(down["rank"]))
    by_name = frame.sort_values("name", kind="mergesort")
    hi = by_name.sort_values("delta", ascending=False, kind="mergesort").iloc[0]
    lo = by_name.sort_values("delta", ascending=True, kind="mergesort").iloc[0]
    if hi["delta"] > 1e-9:
        gain = (hi["name"], float(hi["delta"]))
    if lo["delta"] < -1e-9:
        loss = (lo["name"], float(lo["delta"]))
    return Movers(rise, fall, gain, loss, same_max)


@dataclass(frozen=True)
class BonusEffect:
    """The bonus and penalty points (Vũng Tàu mục IX): how many units gained and lost points,
    the points in all, and how many ranked units' ranks they change."""

    units_plus: int
    units_minus: int
    points_plus: float
    points_minus: float
    ranks_changed: int
    ranked: int


def bonus_effect(result: ScoreResult) -> BonusEffect | None:
    """What the bonus and penalty items do (None where the design has none). Ranks without
    them are ranked as the design ranks (:func:`dti_kit.scoring.rank_of`, its ties and
    decimals), on the index less the bonus points."""
    d = result.design
    if not d.bonus:
        return None
    s = result.scores
    b = s[s["kind"] == "bonus"]
    plus = b[b["score"] > 0].groupby("unit_id")["score"].sum()
    minus = b[b["score"] < 0].groupby("unit_id")["score"].sum()
    net = b.groupby("unit_id")["score"].sum()
    t = result.totals().set_index("unit_id")
    t = t[t["rank"].notna()]
    mx = t["max_points"].to_numpy(dtype=float)
    with_b = t["score"].to_numpy(dtype=float) / mx * 100
    without = (t["score"].to_numpy(dtype=float) - net.reindex(t.index).fillna(0.0).to_numpy()) / mx * 100
    r1 = rank_of(with_b, d.ranking.ties, d.ranking.decimals)
    r0 = rank_of(without, d.ranking.ties, d.ranking.decimals)
    return BonusEffect(int((plus > 0).sum()), int((minus < 0).sum()), float(plus.sum()), float(minus.sum()),
                       int((r1 != r0).sum()), len(t))


def _band_counts(result: ScoreResult, language: str) -> str:
    d = result.design
    t = result.totals()
    parts = []
    for b in d.bands.bands:
        label = b.label if language != "en" else (b.label_en or b.label)
        parts.append(f"{md_data(label, language) if language != 'en' or not b.label_en else md_text(label)}: {int((t['band'] == b.label).sum())}")
    return "; ".join(parts)


def own_unit(result: ScoreResult) -> str | None:
    """The unit that is the design's province itself, where the report scores it among its
    peers (Ninh Thuận's plan and the provinces of the national framework); None otherwise."""
    from dti_kit._util.strings import slugify

    target = slugify(result.design.province)
    return next((u for u in result.units if target in (slugify(u), slugify(result.unit_names[u]))), None)


def _previous_year(result: ScoreResult, previous: ScoreResult) -> int:
    """Last year: the previous design's year where last year's inputs have their own design,
    else the year before this one (last year's inputs scored under this year's design)."""
    same = previous.design.id == result.design.id
    return result.design.year - 1 if same else previous.design.year


def overview(result: ScoreResult, previous: ScoreResult | None = None, language: str = "vi") -> str:
    """The overall assessment (Đánh giá chung) as Markdown paragraphs: units, mean against
    last year, leaders; strongest and weakest main indicators; bands this year and last;
    the biggest movers by rank and by points; the bonus and penalty points."""
    d = result.design
    t = result.totals()
    value = d.index_value == "value"
    col, digits, pct = ("value", 4, "") if value else ("percent", 1, "%")
    f = lambda x: _n(x, language, digits) + pct  # noqa: E731
    q = lambda x: md_data(x, language)  # noqa: E731
    vals = t[col].astype(float)
    mean = float(vals.mean())
    paras = []
    own = own_unit(result)  # a province scored among its peers (Ninh Thuận among the provinces)
    first = text("narrative.overview.assessed_peers" if own else "narrative.overview.assessed", language, year=d.year,
                 n=len(t), others=len(t) - 1, units=units_of(d.level, language),
                 province=q(d.province), source=md_cited(d.source.citation(language), language, d.source.in_english),
                 what=text(f"narrative.overview.what_{col}", language), mean=f(mean),
                 lo=f(float(vals.min())), hi=f(float(vals.max())))
    if previous is not None:
        pv = previous.totals()[col].astype(float)
        prev_mean = float(pv.mean())
        first += " " + text("narrative.overview.mean_change", language, previous=f(prev_mean), year=_previous_year(result, previous),
                            change=_signed(mean - prev_mean, language, digits) + ("" if value else " " + text("narrative.percent_points", language)))
    leaders = t[t["rank"] == 1]["unit_name"].tolist()
    if leaders:
        first += " " + text("narrative.overview.leading", language, units=", ".join(q(u) for u in leaders))
    paras.append(first)

    means = indicator_means(result).dropna(subset=["mean_percent"])
    if len(means) >= 2:
        order = means.reset_index(drop=True)
        strong = order.sort_values("mean_percent", ascending=False, kind="mergesort").iloc[0]
        weak = order.sort_values("mean_percent", ascending=True, kind="mergesort").iloc[0]
        # a main indicator inside a sentence in quotation marks: "là 2. Thể chế số" read as a
        # sentence ending after "2."
        named = lambda code: f"“{indicator_name(d, code, language)}”"  # noqa: E731
        words = dict(strong=named(strong["code"]), strong_pct=_n(strong["mean_percent"], language) + "%",
                     weak=named(weak["code"]), weak_pct=_n(weak["mean_percent"], language) + "%",
                     province=q(d.province))
        if own:
            shares = [(m.code, float(result.row(own, m.code)["score"]) / m.max_points * 100)
                      for m in d.scored_indicators() if m.max_points > 0]
            code, pct_own = min(shares, key=lambda x: x[1])  # the first in design order on a tie
            paras.append(text("narrative.overview.indicators_peers", language, units=units_of(d.level, language),
                              own_weak=named(code), own_pct=_n(pct_own, language) + "%", **words))
        else:
            paras.append(text("narrative.overview.indicators", language, **words))

    if d.bands is not None:
        line = text("narrative.overview.bands", language, bands=_band_counts(result, language))
        if previous is not None and previous.design.bands is not None:
            line += " " + text("narrative.overview.bands_previous", language, year=_previous_year(result, previous),
                               bands=_band_counts(previous, language))
        paras.append(line)

    mv = movers(result, previous)
    if mv is not None:
        parts = []
        if mv.rise:
            parts.append(text("narrative.overview.rise", language, unit=q(mv.rise[0]), change=mv.rise[1], before=mv.rise[2], now=mv.rise[3]))
        if mv.fall:
            parts.append(text("narrative.overview.fall", language, unit=q(mv.fall[0]), change=abs(mv.fall[1]), before=mv.fall[2], now=mv.fall[3]))
        scale = "points" if mv.in_points else "percent"
        if mv.gain:
            parts.append(text(f"narrative.overview.gain_{scale}", language, unit=q(mv.gain[0]), change=_signed(mv.gain[1], language, 2)))
        if mv.loss:
            parts.append(text(f"narrative.overview.loss_{scale}", language, unit=q(mv.loss[0]), change=_signed(mv.loss[1], language, 2)))
        if not parts:
            parts.append(text("narrative.overview.no_moves", language))
        paras.append(" ".join(parts))

    be = bonus_effect(result)
    if be is not None:
        paras.append(text("narrative.overview.bonus", language, plus=be.units_plus, minus=be.units_minus,
                          points_plus=_n(be.points_plus, language, 2), points_minus=_n(abs(be.points_minus), language, 2),
                          changed=be.ranks_changed, ranked=be.ranked, units=units_of(d.level, language)))
    return "\n\n".join(paras)


def recommendations_intro(result: ScoreResult, table: pd.DataFrame, language: str = "vi") -> str:
    """The sentence above the list of weakest components: how they are chosen, whether the
    design names the agency responsible for each, and that scores imputed by the N/A rule
    are left out."""
    structure = "component" not in table.columns
    parts = [text("narrative.recommend.intro_indicators" if structure else "narrative.recommend.intro", language,
                  n=len(table), units=units_of(result.design.level, language))]
    if not structure and "responsible" in table.columns:  # where the design names none, nothing to say
        parts.append(text("narrative.recommend.responsible", language))
    if len(result.na_items):
        parts.append(text("narrative.recommend.imputed_left_out", language))
    return " ".join(parts)


def weak_note(result: ScoreResult, language: str = "vi") -> str:
    """Under the whole report's weak-components table: the N/A rule's imputed scores are left
    out ("" where the rule imputed none)."""
    na = result.na_items
    if not len(na):
        return ""
    return text("narrative.weak.imputed_left_out", language, items=len(na), units=int(na["unit_id"].nunique()),
                policy=na_words(result.na_policy, language))


# -- the methodology annex -------------------------------------------------------------------------
def _quotes(meta: Mapping[str, Any], keys: tuple[str, ...], language: str) -> list[str]:
    out = []
    for k in keys:
        v = meta.get(k)
        if isinstance(v, str) and v.strip():
            out.append(f"“{md_data(' '.join(v.split()), language)}”")
    return out


def methodology(design: IndexDesign, result: ScoreResult | None = None, language: str = "vi",
                errata: str = "list") -> str:
    """The methodology annex as Markdown: the decision, the data period, the steps
    (self-assessment → appraisal → publication) each with the design's words quoted where it
    states them and a sentence saying so where it does not, the N/A rule in words with its
    source quoted, the bands and the ranking, and the errata.

    ``errata="list"`` writes each erratum in words (what the text gets wrong, how the report
    handles it); ``"refer"`` counts them, names the items they concern and refers to the
    report's errata section, where the same words stand in a table
    (:func:`dti_kit.report.tables.errata_table`), so a printed report does not repeat them."""
    meta = design.metadata or {}
    q = lambda x: md_data(x, language)  # noqa: E731
    lines = [text("narrative.method.basis", language, source=md_cited(design.source.citation(language), language, design.source.in_english)), ""]
    for step in ("period", "self", "appraisal", "publication"):
        quoted = _quotes(meta, METHOD_KEYS[step], language)
        label = text(f"narrative.method.{step}", language)
        if quoted:
            lines.append(f"- **{label}**: " + text("narrative.method.stated", language, quotes="; ".join(quoted)))
        else:
            lines.append(f"- **{label}**: " + text(f"narrative.method.{step}_unstated", language))
    na = design.na_policy
    policy = na_words(result.na_policy if result is not None else na.method, language)
    na_line = f"- **{text('narrative.method.na', language)}**: " + text("narrative.method.na_rule", language, policy=policy)
    if na.source:
        na_line += " " + text("narrative.method.na_source", language, source=q(' '.join(na.source.split())))
    lines.append(na_line)
    if design.bands is not None:
        bands = []
        lower = 0.0
        for b in design.bands.bands:
            label = b.label if language != "en" else (b.label_en or b.label)
            shown = md_text(label) if language == "en" and b.label_en else q(label)
            if b.upto is None:
                bands.append(text("narrative.method.band_above", language, band=shown, lower=_n(lower, language, 0)))
            else:
                bands.append(text("narrative.method.band_upto", language, band=shown, upper=_n(b.upto, language, 0)))
                lower = b.upto
        line = f"- **{text('narrative.method.bands', language)}**: " + "; ".join(bands) + "."
        if design.bands.source:
            line += " " + text("narrative.method.na_source", language, source=q(' '.join(design.bands.source.split())))
        lines.append(line)
    rank = text(f"narrative.method.ties_{design.ranking.ties}", language, decimals=design.ranking.decimals)
    if design.ranking.source:  # the design's own note on the choice (the texts state none)
        rank += " " + text("narrative.method.design_note", language, note=md_cited(' '.join(design.ranking.source_in(language).split()).rstrip("."), language, bool(design.ranking.source_en)))
    lines.append(f"- **{text('narrative.method.ranking', language)}**: " + rank)
    if design.errata and errata == "refer":
        order = {c: i for i, c in enumerate(design.codes())}
        codes = [md_text(c) for c in sorted({e.code for e in design.errata if e.code}, key=lambda c: (order.get(c, len(order)), c))]
        general = sum(1 for e in design.errata if not e.code)
        lines.append("")
        lines.append(text("narrative.method.errata_refer", language, n=len(design.errata), codes=", ".join(codes) or "—",
                          general=general, section=text("report.heading.errata", language)))
    elif design.errata:
        lines.append("")
        lines.append(text("narrative.method.errata", language, n=len(design.errata)))
        lines.append("")
        for i, e in enumerate(design.errata, start=1):
            where = text("narrative.method.erratum_at", language, code=md_text(e.code)) if e.code else text("narrative.method.erratum_general", language)
            # the design's sentences may or may not end with a full stop: the catalogue's words add one
            problem, assumption = (md_text(e.problem_in(language).strip().rstrip(".")), md_text(e.assumption_in(language).strip().rstrip(".")))
            lines.append(f"{i}. " + text("narrative.method.erratum", language, where=where, problem=problem, assumption=assumption))
    return "\n".join(lines)


def _date_text(value: Any, language: str = "vi") -> str:
    if isinstance(value, _dt.date):
        return legal_date(value, language)
    try:
        return legal_date(_dt.date.fromisoformat(str(value)), language)
    except ValueError:
        return str(value)


def publication_line(publication: Mapping[str, Any] | None, language: str = "vi") -> str:
    """The report's own decision under the title ("" when the params give none): document,
    number, date, issuer and signer from the params file's ``publication`` block."""
    if not publication:
        return ""
    doc = publication.get("document") or text("narrative.publication.decision", language)
    line = text("narrative.publication.line", language, document=md_data(doc, language) if publication.get("document") else doc,
                number=md_data(publication.get("number", ""), language))
    if publication.get("date"):
        line += " " + text("narrative.publication.date", language, date=_date_text(publication["date"], language))
    if publication.get("issuer"):
        line += " " + text("narrative.publication.issuer", language, issuer=md_data(publication["issuer"], language))
    line += "."
    if publication.get("signer"):
        line += " " + text("narrative.publication.signer", language, signer=md_data(publication["signer"], language))
    return line
