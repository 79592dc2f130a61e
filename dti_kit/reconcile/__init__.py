"""Reconciliation: self-assessed against appraised scores (:mod:`~dti_kit.reconcile.core`), the
agreement statistics (:mod:`~dti_kit.reconcile.agreement`) and their presentation
(:mod:`~dti_kit.reconcile.report`)."""
from dti_kit._util.lazy import lazy_exports

_EXPORTS = {
    "Reconciliation": "core", "reconcile": "core",
    "Agreement": "core", "mean_absolute_difference": "agreement", "exact_agreement": "agreement",
    "spearman": "agreement", "weighted_kappa": "agreement", "bland_altman": "agreement", "BlandAltman": "agreement",
    "units_table": "report", "council_table": "report", "components_table": "report", "agreement_text": "report",
    "write_explain_workbook": "report", "write_outputs": "report", "output_paths": "report",
}
__all__ = sorted(_EXPORTS)
__getattr__, __dir__ = lazy_exports(__name__, globals(), _EXPORTS)
