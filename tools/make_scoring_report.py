"""Writes notebooks/scoring_report.ipynb (run once after editing; the notebook is committed)."""
from nbtools import notebook, write

PARAMETERS = '''# Parameters (papermill injects the params file's values below this cell)
design_id = "hoa-binh-2023-huyen"
inputs = ["inputs/hoa-binh/2023-huyen-synthetic.csv"]
previous_inputs = ["inputs/hoa-binh/2022-huyen-synthetic.csv"]
language = "vi"
na_policy = None
title = ""
author = ""
output_dir = "reports/2023/hoa-binh/huyen"
options = {}
params_path = ""  # or a params file, e.g. "params/hoa-binh/2023-huyen.yaml": its values are used'''

SETUP = '''from dti_kit.publish.notebook import apply_params

apply_params(params_path, "scoring_report", globals())  # a chosen params file wins over the defaults above
import matplotlib.pyplot as plt
from IPython.display import HTML, Markdown, display

from dti_kit.report import charts

from dti_kit.report import tables as report
from dti_kit.report.commentary import Commentary
from dti_kit.inputs import read_inputs
from dti_kit.loader import load_design
from dti_kit.publish.notebook import use_project_root
from dti_kit import i18n
from dti_kit.i18n import text
from dti_kit.report.plotting import setup
from dti_kit.scoring import score_units

use_project_root()  # paths in the parameters are relative to the project root
setup()
design = load_design(design_id)
long = read_inputs(inputs, design=design)
result = score_units(design, long, na_policy=na_policy)
previous = report.load_previous(design_id, previous_inputs, na_policy)
commentary = Commentary.for_report(params_path, result, previous, language)


def show(fig):
    display(fig)
    plt.close(fig)


def table(df):
    display(HTML(report.html_table(df, language)))'''

TITLE = '''heading = title or report.title(design, language)
display(Markdown(f"# {heading}\\n\\n{report.byline(design, language)}" + (f"\\n\\n*{author}*" if author else "")))
display(Markdown("## " + text("report.heading.summary", language) + "\\n\\n" + report.summary_text(result, previous, language)))
commentary.show("summary")'''

RANKING = '''display(Markdown("## " + text("report.heading.ranking", language)))
table(report.ranking_table(result, previous, language))
show(charts.ranking_chart(result, language))
commentary.show("ranking")'''

PILLARS = '''if design.pillars:
    display(Markdown("## " + text("report.heading.pillars", language)))
    table(report.pillar_table(result, language))
    show(charts.pillar_chart(result, language))
    commentary.show("pillars")'''

INDICATORS = '''display(Markdown("## " + text("report.heading.indicators", language)))
show(charts.heatmap(result, language))
show(charts.distributions(result, language))
commentary.show("indicators")
for m in design.scored_indicators():
    commentary.show(f"indicator {m.code}", heading=f"### {m.code}. {m.name}")'''

WEAK = '''weak = report.weak_components(result, language)
if not weak.empty:
    display(Markdown("## " + text("report.heading.weak", language)))
    table(weak)
progress = report.baseline_progress(result, long, language)
if not progress.empty:
    display(Markdown("### " + report.progress_heading(design, language)))
    table(progress)
commentary.show("components")'''

PROFILES = '''display(Markdown("## " + text("report.heading.profiles", language)))
display(HTML(report.profile_legend(language=language)))
for unit_id in result.totals().sort_values(["rank", "unit_name"], kind="mergesort")["unit_id"]:
    name = result.unit_names[unit_id]
    row = result.row(unit_id, "TOTAL")
    pts, mx = report.number(row["score"], language, 1), report.number(row["max_points"], language, 1)
    display(Markdown(f"### {i18n.data_html(name, language)}\\n\\n" + text("report.profile.rank", language, rank=int(row["rank"]), points=pts, max=mx)))
    prof, weakest = report.unit_profile(result, unit_id, language)
    display(HTML(report.profile_html(prof, language)))
    if not weakest.empty:
        display(Markdown(text("report.profile.weakest", language)))
        table(weakest)'''

NA = '''na = report.na_table(result, language)
display(Markdown("## " + text("report.heading.na", language)))
if na.empty:
    display(Markdown(text("report.na.none", language)))
else:
    display(Markdown(text("report.na.policy", language, policy=i18n.na_policy(result.na_policy, language),
                          source=i18n.data_html(design.na_policy.source, language))))
    table(na)'''

ERRATA = '''display(Markdown("## " + text("report.heading.errata", language)))
table(report.errata_table(design, language))'''

RECOMMEND = '''commentary.show("recommendations", heading="## " + text("report.heading.recommendations", language))
commentary.report_unused()'''

PROVENANCE = '''display(Markdown("## " + text("report.heading.provenance", language)))
table(report.provenance(design, inputs, previous_inputs, params_path, language))'''

FILES = '''# the results workbook and CSV beside the report (scores.xlsx, scores.csv)
_ = report.write_score_files(result, output_dir, language)'''

cells = [("code", SETUP), ("code", TITLE), ("code", RANKING), ("code", PILLARS), ("code", INDICATORS),
         ("code", WEAK), ("code", PROFILES), ("code", NA), ("code", ERRATA), ("code", RECOMMEND),
         ("code", PROVENANCE), ("code", FILES)]
write(notebook(cells, PARAMETERS), "notebooks/scoring_report.ipynb")
