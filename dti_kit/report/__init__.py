"""The scoring report's content: tables and text (:mod:`~dti_kit.report.tables`), charts
(:mod:`~dti_kit.report.charts`, :mod:`~dti_kit.report.plotting`) and the analyst's commentary
(:mod:`~dti_kit.report.commentary`). Notebooks load, call these and present."""
from dti_kit._util.lazy import lazy_exports

_EXPORTS = {
    "ranking_table": "tables", "pillar_table": "tables", "summary_text": "tables", "html_table": "tables",
    "write_score_files": "tables", "load_scores": "tables", "load_previous": "tables",
    "ranking_chart": "charts", "heatmap": "charts", "Commentary": "commentary",
}
__all__ = sorted(_EXPORTS)
__getattr__, __dir__ = lazy_exports(__name__, globals(), _EXPORTS)
