"""dti-kit: score Vietnamese provincial Digital Transformation Index (DTI) designs.

The public API is small and re-exported here.
"""
from importlib.metadata import PackageNotFoundError, version as _version

from .errors import DesignError, DtiKitError, InputError, ParamsError, Problem, UnknownDesignError
from .inputs import read_inputs, read_long_csv
from .loader import design_ids, list_designs, load_design, load_design_file
from .model import BonusItem, Component, Erratum, Group, IndexDesign, MainIndicator, Pillar
from .rules import rule_kinds
from .scoring import ScoreResult, score_units

try:
    __version__ = _version("dti-kit")
except PackageNotFoundError:  # running from a source tree
    __version__ = "0.1.0"

__all__ = [
    "IndexDesign", "MainIndicator", "Group", "Component", "BonusItem", "Pillar", "Erratum",
    "load_design", "load_design_file", "list_designs", "design_ids", "rule_kinds",
    "score_units", "ScoreResult", "read_inputs", "read_long_csv",
    "DtiKitError", "DesignError", "InputError", "ParamsError", "UnknownDesignError", "Problem",
    "__version__",
]
