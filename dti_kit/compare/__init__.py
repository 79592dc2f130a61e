"""Comparing provinces' index designs: shares and overview (:mod:`~dti_kit.compare.structure`), the
catalogue of measured concepts (:mod:`~dti_kit.compare.catalogue`, :mod:`~dti_kit.compare.expressions`),
concept tables (:mod:`~dti_kit.compare.concept_tables`), re-scoring the same units under other designs
(:mod:`~dti_kit.compare.rescore`); presented by :mod:`~dti_kit.compare.report` and
:mod:`~dti_kit.compare.plots`."""
from dti_kit._util.lazy import lazy_exports

_EXPORTS = {
    "indicator_shares": "structure", "detect_design": "structure",
    "Catalogue": "catalogue", "load_catalogue": "catalogue", "rescore": "rescore", "RescoreResult": "rescore",
    "Comparison": "report", "build_comparison": "report",
}
__all__ = sorted(_EXPORTS)
__getattr__, __dir__ = lazy_exports(__name__, globals(), _EXPORTS)
