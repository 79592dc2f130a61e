"""Rule kinds: one class per scoring method of the decisions, found by name in a registry."""
from dti_kit.rules import composite, ratio, relative, simple  # noqa: F401  (register the kinds)
from dti_kit.rules.base import RESERVED, Env, Rule, make_rule, register, rule_class, rule_kinds

__all__ = ["RESERVED", "Env", "Rule", "make_rule", "register", "rule_class", "rule_kinds"]
