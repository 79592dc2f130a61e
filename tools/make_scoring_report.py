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
from dti_kit.report.markup import md_text
from dti_kit.forms import read_inputs
from dti_kit.loader import load_design
from dti_kit.publish.notebook import use_project_root
from dti_kit.report.plotting import setup
from dti_kit.scoring import score_units

use_project_root()  # paths in the parameters are relative to the project root
setup()
T = lambda vi, en: vi if language == "vi" else en  # noqa: E731
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

TITLE = '''heading = title or T(f"Báo cáo đánh giá chỉ số chuyển đổi số {design.level_name} — {design.province} năm {design.year}",
                     f"Digital Transformation Index report, {design.level_name_en or design.level} — {design.province}, {design.year}")
byline = T(f"Đánh giá theo {design.source.cite()} của {design.source.issuer}.", f"Scored under {design.source.cite()} ({design.source.issuer}).")
display(Markdown(f"# {md_text(heading)}\\n\\n{md_text(byline)}" + (f"\\n\\n*{md_text(author)}*" if author else "")))
display(Markdown("## " + T("Tóm tắt", "Summary") + "\\n\\n" + report.summary_text(result, previous, language)))
commentary.show("summary")'''

RANKING = '''display(Markdown("## " + T("Bảng xếp hạng", "Ranking")))
table(report.ranking_table(result, previous, language))
show(charts.ranking_chart(result, language))
commentary.show("ranking")'''

PILLARS = '''if design.pillars:
    display(Markdown("## " + T("Trụ cột", "Pillars")))
    table(report.pillar_table(result, language))
    show(charts.pillar_chart(result, language))
    commentary.show("pillars")'''

INDICATORS = '''display(Markdown("## " + T("Chỉ số chính", "Main indicators")))
show(charts.heatmap(result, language))
show(charts.distributions(result, language))
commentary.show("indicators")
for m in design.scored_indicators():
    commentary.show(f"indicator {m.code}", heading=f"### {m.code}. {m.name}")'''

WEAK = '''weak = report.weak_components(result, language)
if not weak.empty:
    display(Markdown("## " + T("Chỉ số thành phần nhiều đơn vị bị mất điểm", "Components where most units lose points")))
    table(weak)
progress = report.baseline_progress(result, long, language)
if not progress.empty:
    display(Markdown("### " + T("Tiến độ so với năm 2021 và mục tiêu năm 2022", "Progress against the 2021 baseline and the 2022 targets")))
    table(progress)
commentary.show("components")'''

PROFILES = '''display(Markdown("## " + T("Hồ sơ từng đơn vị", "Unit profiles")))
display(HTML(report.profile_legend(T("Đơn vị", "The unit"), language)))
for unit_id in result.totals().sort_values(["rank", "unit_name"], kind="mergesort")["unit_id"]:
    name = result.unit_names[unit_id]
    row = result.row(unit_id, "TOTAL")
    pts, mx = report.number(row["score"], language, 1), report.number(row["max_points"], language, 1)
    display(Markdown(f"### {md_text(name)}\\n\\n" + T(f"Hạng {int(row['rank'])}, {pts}/{mx} điểm.", f"Rank {int(row['rank'])}, {pts} of {mx} points.")))
    prof, weakest = report.unit_profile(result, unit_id, language)
    display(HTML(report.profile_html(prof, language)))
    if not weakest.empty:
        display(Markdown(T("Ba chỉ số thành phần yếu nhất:", "Three weakest components:")))
        table(weakest)'''

NA = '''na = report.na_table(result, language)
display(Markdown("## " + T("Chỉ số không áp dụng", "Items not applicable")))
if na.empty:
    display(Markdown(T("Không có đơn vị nào đánh dấu chỉ số không áp dụng.", "No unit marked an item not applicable.")))
else:
    display(Markdown(T(f"Cách tính theo bộ chỉ số: **{result.na_policy}**. {design.na_policy.source}",
                       f"Scored by the design's policy: **{result.na_policy}**.")))
    table(na)'''

ERRATA = '''display(Markdown("## " + T("Những điểm văn bản chưa rõ và cách xử lý", "Errata: what the text gets wrong or leaves open")))
table(report.errata_table(design, language))'''

RECOMMEND = '''commentary.show("recommendations", heading="## " + T("Kiến nghị", "Recommendations"))
commentary.report_unused()'''

PROVENANCE = '''display(Markdown("## " + T("Nguồn gốc dữ liệu", "Provenance")))
table(report.provenance(design, inputs, previous_inputs, params_path, language))'''

FILES = '''# the results workbook and CSV beside the report (scores.xlsx, scores.csv)
_ = report.write_score_files(result, output_dir, language)'''

cells = [("code", SETUP), ("code", TITLE), ("code", RANKING), ("code", PILLARS), ("code", INDICATORS),
         ("code", WEAK), ("code", PROFILES), ("code", NA), ("code", ERRATA), ("code", RECOMMEND),
         ("code", PROVENANCE), ("code", FILES)]
write(notebook(cells, PARAMETERS), "notebooks/scoring_report.ipynb")
