"""Rule kinds: one class per scoring method of the decisions, found by name in a registry."""
from .base import RESERVED, Env, Rule, make_rule, register, rule_kinds
from . import simple, ratio, composite, relative  # noqa: F401  (register the kinds)

__all__ = ["Env", "Rule", "make_rule", "register", "rule_kinds", "RESERVED"]
