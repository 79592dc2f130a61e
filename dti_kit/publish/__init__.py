"""Publishing: params files (:mod:`~dti_kit.publish.params`), the incremental build
(:mod:`~dti_kit.publish.pipeline`), warm kernels (:mod:`~dti_kit.publish.kernels`), what a notebook
runs first (:mod:`~dti_kit.publish.notebook`) and a new report's files (:mod:`~dti_kit.publish.scaffold`).
Not ``build/``: ``.gitignore`` hides that name."""
from dti_kit._util.lazy import lazy_exports

_EXPORTS = {"build": "pipeline", "load_params": "params", "Params": "params", "discover": "params",
            "new_report": "scaffold"}
__all__ = sorted(_EXPORTS)
__getattr__, __dir__ = lazy_exports(__name__, globals(), _EXPORTS)
