"""Writes every committed notebook (``notebooks/*.ipynb``) from the cells below: the notebooks are
generated, never edited by hand. Run ``python tools/make_notebooks.py`` after editing a cell;
``tests/test_notebooks.py`` checks that the generated notebooks equal the committed ones.

Each notebook loads, calls the package and presents; every word comes from the catalogue
``dti_kit.i18n`` and every computation from ``dti_kit``.
"""
from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from nbtools import notebook, write  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]

#: the parameters every report notebook passes to ``load_report_data`` (the same reading of its inputs)
REPORT_DATA_PARAMETERS = '''year = None  # the report's year (from the params file's path): a form of another year is refused
units = ""  # a units file (unit_id, unit_name, parent, kind, ranked)
previous_mapping = ""  # last year's units -> this year's (the 2025 merges)
previous_design = ""  # the design of last year's inputs ("" = this year's)
'''

# -- scoring_report ----------------------------------------------------------------------------
SCORING_REPORT_PARAMETERS = r'''# Parameters (papermill injects the params file's values below this cell)
design_id = "hoa-binh-2023-huyen"
inputs = ["inputs/hoa-binh/2023-huyen-synthetic.csv"]
previous_inputs = ["inputs/hoa-binh/2022-huyen-synthetic.csv"]
language = "vi"
na_policy = None
title = ""
author = ""
output_dir = "reports/2023/hoa-binh/huyen"
options = {}
''' + REPORT_DATA_PARAMETERS + r'''publication = {}  # the report's own decision: document, number, date, issuer, signer
params_path = ""  # or a params file, e.g. "params/hoa-binh/2023-huyen.yaml": its values are used'''
SCORING_REPORT = [
r'''from dti_kit.publish.notebook import begin, load_data

begin(globals(), "scoring_report")  # a chosen params file's values, the project root, the charts' style, show(), table()
from IPython.display import HTML, Markdown, display

from dti_kit import i18n
from dti_kit.i18n import text
from dti_kit.report import charts
from dti_kit.report import tables as report
from dti_kit.report.commentary import Commentary
from dti_kit.report.markup import md_data, md_text

data = load_data(design_id, inputs, previous_inputs, na_policy, units=units, previous_mapping=previous_mapping,
                 previous_design=previous_design, year=year)
design, long, result, previous = data.design, data.long, data.result, data.previous
commentary = Commentary.for_report(params_path, result, previous, language)''',
r'''from dti_kit.report import narrative

heading = md_text(title) if title else report.title(design, language)
issued = narrative.publication_line(publication, language)  # the report's own decision, when the params give one
display(Markdown(f"# {heading}\n\n{report.byline(design, language)}" + (f"\n\n{issued}" if issued else "")
                 + (f"\n\n*{md_text(author)}*" if author else "")))
display(Markdown("## " + text("narrative.heading.overview", language) + "\n\n" + narrative.overview(result, previous, language)))
commentary.show("summary")''',
r'''# the results annex a decision can annex (Phụ lục kết quả): points, total, band, ranks, change since last year
from dti_kit.report import annex as annexes

annex = annexes.annex_of(data)
display(Markdown("## " + text("annex.heading", language)))
display(HTML(annexes.annex_html(annex, language)))
if annex.pillars is not None:
    display(Markdown("### " + text("annex.heading_pillars", language)))
    display(HTML(annexes.pillars_html(annex, language)))
if annex.has_parents:
    display(Markdown("### " + text("annex.heading_parents", language)))
    display(HTML(annexes.parents_html(annex, language)))
display(HTML(annexes.notes_html(annex, language)))''',
r'''display(Markdown("## " + text("report.heading.ranking", language)))  # the table is the annex above; here its chart
show(charts.ranking_chart(result, language, parents=data.parents()))
commentary.show("ranking")''',
r'''if design.pillars:
    display(Markdown("## " + text("report.heading.pillars", language)))  # the pillar annex above holds the table
    show(charts.pillar_chart(result, language, parents=data.parents()))
    commentary.show("pillars")''',
r'''display(Markdown("## " + text("report.heading.indicators", language)))
show(charts.heatmap(result, language, parents=data.parents()))
show(charts.distributions(result, language))
commentary.show("indicators")
for m in design.scored_indicators():
    commentary.show(f"indicator {m.code}", heading=f"### {m.code}. {m.name}")''',
r'''weak = report.weak_components(result, language)
if not weak.empty:
    display(Markdown("## " + text("report.heading.weak", language)))
    table(weak)
    if narrative.weak_note(result, language):  # the N/A rule's imputed scores are left out
        display(Markdown(narrative.weak_note(result, language)))
progress = report.baseline_progress(result, long, language)
if not progress.empty:
    display(Markdown("### " + report.progress_heading(design, language)))
    table(progress)
commentary.show("components")''',
r'''from dti_kit.report import profiles

display(Markdown("## " + text("report.heading.profiles", language)))
# every unit's profile from one pass over the result; one collapsible <details> per unit
display(HTML(profiles.profiles_section(result, data.parents(), language)))''',
r'''na = report.na_table(result, language)
display(Markdown("## " + text("report.heading.na", language)))
if na.empty:
    display(Markdown(text("report.na.none", language)))
else:
    display(Markdown(text("report.na.policy", language, policy=i18n.na_policy(result.na_policy, language),
                          source=md_data(design.na_policy.source, language))))
    table(na)''',
r'''display(Markdown("## " + text("report.heading.errata", language)))
table(report.errata_table(design, language))''',
r'''display(Markdown("## " + text("report.heading.recommendations", language)))
priorities = narrative.weakest_components(result, 5, language)
display(Markdown(narrative.recommendations_intro(result, priorities, language)))
table(priorities)
commentary.show("recommendations")  # the analyst completes the list
commentary.report_unused()''',
r'''display(Markdown("## " + text("narrative.heading.methodology", language) + "\n\n" + narrative.methodology(design, result, language, errata="refer")))''',
r'''display(Markdown("## " + text("report.heading.provenance", language)))
table(report.provenance(design, inputs, previous_inputs, params_path, language))''',
r'''# the results workbook and CSV beside the report (scores.xlsx, scores.csv), linked from it
from dti_kit.report.files import files_markdown

written = report.write_score_files(result, output_dir, language, data=data)
display(Markdown(files_markdown(written, language)))''',
]

# -- reconciliation ----------------------------------------------------------------------------
RECONCILIATION_PARAMETERS = r'''# Parameters (papermill injects the params file's values below this cell)
design_id = "hoa-binh-2023-huyen"
inputs = ["inputs/hoa-binh/2023-huyen-synthetic.csv"]
previous_inputs = []
language = "vi"
na_policy = None
title = ""
author = ""
output_dir = "reports/2023/hoa-binh/huyen"
options = {}
''' + REPORT_DATA_PARAMETERS + r'''params_path = ""'''
RECONCILIATION = [
r'''from dti_kit.publish.notebook import begin, load_data

begin(globals(), "reconciliation", domain="reconcile")  # params file, project root, charts' style, show(), table()
from pathlib import Path

from IPython.display import HTML, Markdown, display

from dti_kit.i18n import text
from dti_kit.reconcile import report as rr
from dti_kit.reconcile.core import reconcile
from dti_kit.reconcile.report import write_outputs
from dti_kit.report.markup import md_text

data = load_data(design_id, inputs, previous_inputs, na_policy, units=units, previous_mapping=previous_mapping,
                 previous_design=previous_design, year=year)  # the scoring report's data (one reading per build)
design, long = data.design, data.long
# scores compared at the precision the design publishes (options: decimals overrides it)
# ranked as the scoring report ranks: the design's ties and decimals, the units file's unranked units left out
rec = reconcile(design, long, tolerance=float(options.get("tolerance", 0)), decimals=options.get("decimals"), na_policy=na_policy,
                unranked=data.result.unranked)
words = rr.agreement_text(rec, language)''',
r'''# the report's own title; the params file's title (the scoring report's) under it, as in the sensitivity analysis
display(Markdown(f"# {rr.title(design, language)}\n\n" + (f"**{md_text(title)}**\n\n" if title else "")
                 + rr.byline(design, language) + (f"\n\n*{md_text(author)}*" if author else "")))
display(Markdown(text("reconcile.intro", language)))
display(Markdown("## " + text("report.heading.summary", language) + "\n\n" + "\n\n".join(words[:2])))''',
r'''display(Markdown("## " + text("reconcile.heading.units", language) + "\n\n" + text("reconcile.units_note", language)))
table(rr.units_table(rec, language))
show(rr.plot_differences_by_unit(rec, language, parents=data.parents()))''',
r'''display(Markdown("## " + text("reconcile.heading.indicators", language)))
show(rr.plot_differences_by_indicator(rec, language))''',
r'''council = rr.council_table(rec, language, names=True)  # each item's flags by name: the legend below explains them
display(Markdown("## " + text("reconcile.heading.explain", language) + "\n\n"
                 + text("reconcile.explain_intro", language, n=rr.fmt_number(len(council), language, 0))))
if len(council):
    display(HTML(rr.council_html(rec, council, language)))
else:
    display(Markdown(text("reconcile.sheet_none", language)))''',
r'''disputed = rr.components_table(rec, language, top=15)
if len(disputed):
    display(Markdown("## " + text("reconcile.heading.disputed", language)))
    table(disputed)''',
r'''display(Markdown("## " + text("reconcile.heading.agreement", language) + "\n\n" + "\n\n".join(words[2:])))
show(rr.plot_bland_altman(rec, language))''',
r'''display(Markdown("## " + text("reconcile.heading.flags", language)))
table(rr.flag_legend(rec, language))''',
r'''from dti_kit.report.files import files_markdown

written = write_outputs(rec, Path(output_dir) / "reconciliation.csv", language)
display(Markdown(files_markdown(written, language)))''',
]

# -- sensitivity -------------------------------------------------------------------------------
SENSITIVITY_PARAMETERS = r'''design_id = "hoa-binh-2023-huyen"
inputs = ["inputs/hoa-binh/2023-huyen-synthetic.csv"]
previous_inputs = ["inputs/hoa-binh/2022-huyen-synthetic.csv"]
language = "vi"
na_policy = None
title = "Đánh giá chỉ số chuyển đổi số cấp huyện tỉnh Hòa Bình năm 2023"
author = "Sở Thông tin và Truyền thông tỉnh Hòa Bình"
output_dir = "reports/2023/hoa-binh/huyen"
options = {}
''' + REPORT_DATA_PARAMETERS + r'''params_path = ""  # or a params file, e.g. "params/hoa-binh/2023-huyen.yaml": its values are used'''
SENSITIVITY = [
r'''from dti_kit.publish.notebook import begin, load_data

begin(globals(), "sensitivity", domain="sensitivity")  # params file, project root, charts' style, show(), table()
from pathlib import Path

from IPython.display import HTML, Markdown, display

from dti_kit._util.excel import write_tables
from dti_kit.i18n import text
from dti_kit.report.markup import md_text
from dti_kit.report.tables import level_name
from dti_kit.sensitivity import plots as charts
from dti_kit.sensitivity.analysis import analyse
from dti_kit.sensitivity.text import alternatives_view, describe, number, open_method, sobol_units_view, table_html, units_view, weights_view

data = load_data(design_id, inputs, previous_inputs, na_policy, units=units, previous_mapping=previous_mapping,
                 previous_design=previous_design, year=year)  # the scoring report's data (one reading per build)
design, long = data.design, data.long
# the scoring report's scores and ranks (a units file's unranked units have none), not scored again
res = analyse(design, long, na_policy=na_policy, language=language, result=data.result, **dict(options or {}))
s = res.settings''',
r'''display(Markdown(f"# {text('sensitivity.h.title', language)}\n\n**{md_text(title)}**  \n{md_text(author)}\n\n"
                 + text("sensitivity.intro", language, design=f"{design.province} {design.year} ({level_name(design, language)})",
                        k=res.base.k, scale=number(res.base.scale, language), n=res.base.n)))
display(Markdown(f"## {text('report.heading.summary', language)}\n\n" + "\n\n".join(describe(res, language))))''',
r'''display(Markdown(f"## {text('sensitivity.h.weights', language)}"))
display(HTML(table_html(weights_view(res, language), language, digits=1)))''',
r'''display(Markdown(f"## {text('sensitivity.h.intervals', language)}\n\n" + charts.intervals_method(res, language)))
show(charts.rank_intervals(res, language, parents=data.parents()))
display(HTML(table_html(units_view(res), language)))''',
r'''display(Markdown(f"## {text('sensitivity.h.sobol', language)}\n\n" + text("sensitivity.method.sobol", language, conf=number(100 * s["conf"], language))))
if len(res.sobol):
    show(charts.sobol_bars(res, language))
    display(HTML(table_html(res.sobol, language)))
    display(Markdown(f"### {text('sensitivity.h.sobol_units', language)}"))
    display(HTML(table_html(sobol_units_view(res), language)))
    if res.sobol_units["top_code"].isna().any():  # a blank row says why
        display(Markdown(text("sensitivity.sobol_units_blank", language)))
else:
    display(Markdown(text("sensitivity.none", language)))''',
r'''display(Markdown(f"## {text('sensitivity.h.oat', language)}\n\n" + text("sensitivity.method.oat", language, pct=number(100 * s["spread"], language))))
display(HTML(table_html(res.oat_summary[["code", "name", "direction", "mean_abs_change", "max_abs_change", "units_moved"]], language)))''',
r'''display(Markdown(f"## {text('sensitivity.h.alternatives', language)}\n\n" + text("sensitivity.method.alternatives", language)))
show(charts.rank_shifts(res, language, parents=data.parents()))
display(HTML(table_html(alternatives_view(res.weight_alternatives(), res), language)))''',
r'''display(Markdown(f"## {text('sensitivity.h.open', language)}\n\n" + open_method(res, language)))
open_alt = res.open_alternatives()
if len(open_alt):  # none where no unit declares an item N/A and no rule is relative: open_method says so
    display(HTML(table_html(alternatives_view(open_alt, res), language)))''',
r'''from dti_kit.report.files import files_markdown

out = Path(output_dir)
written = res.write_csv(out / "sensitivity.csv")
write_tables(out / "sensitivity.xlsx", {key: df for key, df in res.tables().items()})
display(Markdown(files_markdown([*written, out / "sensitivity.xlsx"], language)))''',
]

# -- design_comparison -------------------------------------------------------------------------
DESIGN_COMPARISON_PARAMETERS = r'''# Parameters (papermill injects the params file's values below this cell)
design_ids = ["bac-kan-2022-huyen", "hai-duong-2023-huyen", "hoa-binh-2023-huyen", "vung-tau-2024-huyen"]
level = "huyen"
inputs = ["inputs/hoa-binh/2023-huyen-synthetic.csv"]
language = "vi"
title = ""
author = ""
output_dir = "reports/comparison/huyen"
options = {}
params_path = ""'''
# a section's heading and its lead sentence are one Markdown output: the print style keeps an
# output that ends in a heading and one line with what follows it (dti_kit.publish.printcss); as
# two outputs, the heading and its sentence printed at a page's foot and their table on the next
DESIGN_COMPARISON = [
r'''from dti_kit.publish.notebook import begin

begin(globals(), "design_comparison", domain="compare")  # params file, project root, charts' style, show(), table()
from IPython.display import Markdown, display

from dti_kit.compare import plots as compare_plots
from dti_kit.compare import report as cr
from dti_kit.i18n import header, text
from dti_kit.report.markup import md_data, md_text

cmp = cr.build_comparison(design_ids, inputs, options, language)''',
r'''heading = md_text(title) if title else cr.heading(cmp, level)
display(Markdown(f"# {heading}" + (f"\n\n*{md_text(author)}*" if author else "")))
display(Markdown(cr.sources_text(cmp)))
display(Markdown("## " + text("report.heading.summary", language) + "\n\n" + "\n".join("- " + s for s in cr.summary_points(cmp))))''',
r'''display(Markdown("## " + text("compare.heading.side_by_side", language) + "\n\n" + text("compare.side_by_side_intro", language)))
table(cr.overview_table(cmp))''',
r'''display(Markdown("## " + text("compare.heading.shares", language) + "\n\n" + text("compare.shares_intro", language)))
table(cr.shares_table(cmp))
if cr.needs_rollup(cmp):
    display(Markdown(text("compare.rollup_intro", language)))
    table(cr.shares_table(cmp, rollup=True))
show(compare_plots.plot_shares(cmp.shares, language=language, labels=cmp.labels))''',
r'''lead = text("compare.concepts_intro" if cmp.full_designs else "compare.no_full_design", language)
display(Markdown("## " + text("compare.heading.concepts", language) + "\n\n" + lead))
if cmp.full_designs:
    cov = cmp.coverage[[d.id for d in cmp.full_designs]].dropna(how="all")
    for fig in compare_plots.coverage_figures(cov, language, labels=cmp.labels):
        show(fig)
    display(Markdown("### " + text("compare.heading.components_by_concept", language) + "\n\n"
                     + text("compare.not_rescorable", language, mark=cr.NOT_RESCORABLE)))
    table(cr.concepts_table(cmp))''',
r'''if cmp.plotted_concepts:
    display(Markdown("## " + text("compare.heading.thresholds", language) + "\n\n" + text("compare.thresholds_intro", language)))
    for fig in compare_plots.threshold_figures(cmp.curves, cmp.concepts, cmp.plotted_concepts, language=language, labels=cmp.labels):
        show(fig)
    display(Markdown("### " + header("full_from", language, "compare")))
    table(cr.thresholds_table(cmp))''',
r'''if cmp.full_designs:
    display(Markdown("## " + text("compare.heading.uncovered", language) + "\n\n" + text("compare.uncovered_intro", language)))
    for d in cmp.full_designs:
        u = cr.uncovered_table(cmp, d.id)
        display(Markdown(f"### {md_data(cmp.labels[d.id], language)} — " + text("compare.components_count", language, n=len(u))))
        table(u)''',
r'''if cmp.rescoring is not None:
    src = cmp.rescoring.source
    display(Markdown("## " + text("compare.heading.rescoring", language) + "\n\n"
                     + text("compare.rescoring_intro", language, source=md_data(cmp.labels[src], language))))
    table(cr.rescoring_coverage_table(cmp))
    table(cr.rescoring_table(cmp))
    show(compare_plots.plot_rescoring(cmp.rescoring.summary, language, labels=cmp.labels, units=cmp.rescoring.units_by_rank()))
    dropped = cr.dropped_table(cmp)
    if not dropped.empty:
        display(Markdown(text("compare.dropped_intro", language)))
        table(dropped)''',
r'''from dti_kit.report.files import files_markdown

written = cmp.write(output_dir)
display(Markdown(files_markdown(written, language)))''',
]


NOTEBOOKS = {
    "scoring_report": (SCORING_REPORT_PARAMETERS, SCORING_REPORT),
    "reconciliation": (RECONCILIATION_PARAMETERS, RECONCILIATION),
    "sensitivity": (SENSITIVITY_PARAMETERS, SENSITIVITY),
    "design_comparison": (DESIGN_COMPARISON_PARAMETERS, DESIGN_COMPARISON),
}


def generated() -> dict[str, object]:
    """``{name: notebook}`` of every notebook, as it is committed."""
    return {name: notebook([("code", c) for c in cells], parameters) for name, (parameters, cells) in NOTEBOOKS.items()}


if __name__ == "__main__":
    for name, nb in generated().items():
        write(nb, str(ROOT / "notebooks" / f"{name}.ipynb"))
        print(f"notebooks/{name}.ipynb")
