"""Sensitivity of ranks and bands to the weights: the weight model (:mod:`~dti_kit.sensitivity.weights`),
Monte Carlo (:mod:`~dti_kit.sensitivity.montecarlo`), Sobol indices (:mod:`~dti_kit.sensitivity.sobol`),
one-at-a-time and alternative designs (:mod:`~dti_kit.sensitivity.alternatives`), rank statistics
(:mod:`~dti_kit.sensitivity.stats`), all run by :func:`analyse`; presented by
:mod:`~dti_kit.sensitivity.text` and :mod:`~dti_kit.sensitivity.plots`."""
from dti_kit._util.lazy import lazy_exports

_EXPORTS = {
    "analyse": "analysis", "SensitivityResult": "analysis", "WeightBase": "weights", "weight_base": "weights",
    "monte_carlo": "montecarlo", "sobol_weights": "sobol", "one_at_a_time": "alternatives",
    "kendall_tau_b": "stats", "describe": "text",
}
__all__ = sorted(_EXPORTS)
__getattr__, __dir__ = lazy_exports(__name__, globals(), _EXPORTS)
