"""dti-kit: score Vietnamese provincial Digital Transformation Index (DTI) designs.

The public API is small and re-exported here lazily (PEP 562): ``import dti_kit`` imports no
pandas, so the command line answers at once; a name's module loads on first use.
"""
from dti_kit._util.lazy import lazy_exports

_EXPORTS = {
    **dict.fromkeys(["IndexDesign", "MainIndicator", "Group", "Component", "BonusItem", "Pillar", "Erratum"], "dti_kit.model"),
    **dict.fromkeys(["load_design", "load_design_file", "list_designs", "design_ids"], "dti_kit.loader"),
    "rule_kinds": "dti_kit.rules",
    "score_units": "dti_kit.scoring", "ScoreResult": "dti_kit.scoring",
    "read_inputs": "dti_kit.forms",  # forms registers the Excel reader with dti_kit.inputs
    "read_long_csv": "dti_kit.inputs",
    **dict.fromkeys(["DtiKitError", "DesignError", "InputError", "ParamsError", "UnknownDesignError", "Problem"], "dti_kit.errors"),
}
__all__ = [*_EXPORTS, "__version__"]
_exported, __dir__ = lazy_exports(__name__, globals(), _EXPORTS)


def __getattr__(name: str):
    # __version__ too is looked up on first use: importlib.metadata alone costs more than
    # the whole of ``dti-kit --help``
    if name == "__version__":
        from importlib.metadata import PackageNotFoundError, version

        try:
            value = version("dti-kit")
        except PackageNotFoundError:  # running from a source tree
            value = "0.1.0"
        globals()["__version__"] = value
        return value
    return _exported(name)
