"""dti-kit: score Vietnamese provincial Digital Transformation Index (DTI) designs.

The public API is small and re-exported here lazily (PEP 562): ``import dti_kit`` imports no
pandas, so the command line answers at once; a name's module loads on first use.
"""
from importlib.metadata import PackageNotFoundError, version as _version

from dti_kit._util.lazy import lazy_exports

try:
    __version__ = _version("dti-kit")
except PackageNotFoundError:  # running from a source tree
    __version__ = "0.1.0"

_EXPORTS = {
    **dict.fromkeys(["IndexDesign", "MainIndicator", "Group", "Component", "BonusItem", "Pillar", "Erratum"], "dti_kit.model"),
    **dict.fromkeys(["load_design", "load_design_file", "list_designs", "design_ids"], "dti_kit.loader"),
    "rule_kinds": "dti_kit.rules",
    "score_units": "dti_kit.scoring", "ScoreResult": "dti_kit.scoring",
    "read_inputs": "dti_kit.inputs", "read_long_csv": "dti_kit.inputs",
    **dict.fromkeys(["DtiKitError", "DesignError", "InputError", "ParamsError", "UnknownDesignError", "Problem"], "dti_kit.errors"),
}
__all__ = [*_EXPORTS, "__version__"]
__getattr__, __dir__ = lazy_exports(__name__, globals(), _EXPORTS)
