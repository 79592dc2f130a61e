"""Reading YAML (designs, params, catalogues, samples): safe loading only, as
``yaml.safe_load`` does, with libyaml's C parser where PyYAML was built with it.

The C loader builds the same plain Python data (no tags that run code) about ten times
faster than the pure-Python one, which matters because a report build loads every design of a
level to compare weight profiles.

Two things plain ``safe_load`` accepts are refused here, on the composed node graph before any
Python object is built:

- an *alias bomb* ("billion laughs"): anchors and aliases let a 700-byte file stand for a
  billion nodes; PyYAML shares the aliased objects, so the load itself is cheap, but the first
  ``repr``, ``str`` or walk of the value (an error message quoting it, a JSON dump) expands it
  and exhausts memory. The nodes the document would have *expanded* are counted (each shared
  node once per reference, without expanding anything) and a document above
  :data:`MAX_EXPANDED_NODES` is refused; a document that refers to itself (``&a [*a]``) too;
- a key given twice in one mapping (``design: a`` … ``design: b``): YAML says keys are unique,
  PyYAML keeps the last one in silence.
"""
from __future__ import annotations

import yaml

#: libyaml's safe loader when PyYAML has it, else PyYAML's own (both are SafeConstructors)
LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

#: nodes a document may stand for once its aliases are expanded; the largest shipped file
#: (the concept catalogue) has about 7,000, a design at most about 5,000
MAX_EXPANDED_NODES = 200_000


class UnsafeYAMLError(yaml.YAMLError):
    """A YAML document refused before it is built: an alias bomb, a document that contains
    itself, or a key given twice in one mapping.

    :attr:`msg_id` and :attr:`fmt` are the catalogue's message (``inputs.yaml_*``) and its
    values, which the callers that name the file (design loader, params) put into words; the
    catalogue itself is read with :func:`safe_load`, so this module does not ask it.
    """

    def __init__(self, msg_id: str, **fmt):
        self.msg_id = msg_id
        self.fmt = fmt
        super().__init__(f"{msg_id}: " + ", ".join(f"{k}={v}" for k, v in fmt.items()))


def safe_load(text: str, max_expanded: int = MAX_EXPANDED_NODES):
    """Parse one YAML document into plain data (mappings, lists, strings, numbers).

    Raises
    ------
    yaml.YAMLError
        Invalid YAML, a tag that is not plain data, or (:class:`UnsafeYAMLError`) an alias bomb
        or a duplicate key. Callers turn it into a DesignError or ParamsError naming the file.
    """
    loader = LOADER(text)  # noqa: S506 - LOADER is a safe loader
    try:
        node = loader.get_single_node()
        if node is None:
            return None
        check_node(node, max_expanded)
        return loader.construct_document(node)
    finally:
        loader.dispose()


def _line(node) -> int:
    return node.start_mark.line + 1


def check_node(root, max_expanded: int = MAX_EXPANDED_NODES) -> int:
    """Count the nodes ``root`` stands for with aliases expanded, and check its mappings' keys.

    Each distinct node is visited once (its expanded size is remembered), so the work is
    bounded by the composed document, never by what its aliases claim.

    Returns
    -------
    int
        The expanded node count.

    Raises
    ------
    UnsafeYAMLError
        Above ``max_expanded`` nodes, a node that contains itself, or a duplicate key.
    """
    size: dict[int, int] = {}
    open_: set[int] = set()
    # iterative post-order walk: a deeply nested document must not hit Python's recursion limit
    stack: list[tuple[object, bool]] = [(root, False)]
    while stack:
        node, done = stack.pop()
        key = id(node)
        if done:
            open_.discard(key)
            total = 1 + sum(size[id(c)] for c in _children(node))
            if total > max_expanded:
                raise UnsafeYAMLError("inputs.yaml_alias_bomb", line=_line(node), limit=max_expanded)
            size[key] = total
            continue
        if key in size:
            continue
        if key in open_:
            raise UnsafeYAMLError("inputs.yaml_recursive", line=_line(node))
        open_.add(key)
        if isinstance(node, yaml.MappingNode):
            _check_keys(node)
        stack.append((node, True))
        for child in _children(node):
            if id(child) in open_:
                raise UnsafeYAMLError("inputs.yaml_recursive", line=_line(child))
            if id(child) not in size:
                stack.append((child, False))
    return size[id(root)]


def _children(node) -> list:
    if isinstance(node, yaml.MappingNode):
        return [n for kv in node.value for n in kv]
    if isinstance(node, yaml.SequenceNode):
        return list(node.value)
    return []


def _check_keys(node: yaml.MappingNode) -> None:
    seen: dict[tuple[str, str], int] = {}
    for k, _v in node.value:
        if not isinstance(k, yaml.ScalarNode) or k.tag == "tag:yaml.org,2002:merge":
            continue  # complex keys are rare and not ours; "<<" merges are YAML's own
        ident = (k.tag, k.value)
        if ident in seen:
            raise UnsafeYAMLError("inputs.yaml_duplicate_key", line=_line(k), key=repr(k.value[:60]), first=seen[ident])
        seen[ident] = _line(k)


__all__ = ["LOADER", "MAX_EXPANDED_NODES", "UnsafeYAMLError", "check_node", "safe_load"]
