"""Rule kinds: one class per scoring method of the decisions, found by name in a registry."""
from dti_kit.rules.base import RESERVED, Env, Rule, make_rule, register, rule_kinds
from dti_kit.rules import simple, ratio, composite, relative  # noqa: F401  (register the kinds)

__all__ = ["Env", "Rule", "make_rule", "register", "rule_kinds", "RESERVED"]
