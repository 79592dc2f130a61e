"""Reading YAML (designs, params, catalogues, samples): safe loading only, as
``yaml.safe_load`` does, with libyaml's C parser where PyYAML was built with it.

The C loader builds the same plain Python data (no tags that run code) about ten times
faster than the pure-Python one, which matters because a report build loads every design of a
level to compare weight profiles.
"""
from __future__ import annotations

import yaml

#: libyaml's safe loader when PyYAML has it, else PyYAML's own (both are SafeConstructors)
LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def safe_load(text: str):
    """Parse one YAML document into plain data (mappings, lists, strings, numbers)."""
    return yaml.load(text, Loader=LOADER)  # noqa: S506 - LOADER is a safe loader
