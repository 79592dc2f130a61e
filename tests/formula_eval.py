"""A small evaluator of the formulas dti-kit writes in its forms (SUM, MIN, IF, + − × ÷ and
comparisons), for tests that check a form's totals by hand without LibreOffice."""
from __future__ import annotations

import re

TOKEN = re.compile(r'\s*(?:(?P<num>\d+(?:\.\d*)?(?:[eE][+-]?\d+)?)|(?P<str>"[^"]*")|(?P<ref>[A-Z]{1,3}\d+)'
                   r'|(?P<fn>SUM|MIN|IF)\(|(?P<op><>|<=|>=|[-+*/=<>(),]))')


def evaluate(ws, coord: str) -> float:
    """The value of cell ``coord`` of worksheet ``ws``, its formula evaluated (blank counts 0)."""
    v = ws[coord].value
    if isinstance(v, str) and v.startswith("="):
        return _Parser(ws, v[1:]).parse()
    return v if isinstance(v, str) else float(v or 0)


class _Parser:
    def __init__(self, ws, src: str):
        self.ws = ws
        self.tokens = []
        pos = 0
        while pos < len(src):
            m = TOKEN.match(src, pos)
            assert m and m.end() > pos, f"cannot read formula {src!r} at {pos}"
            self.tokens.append((m.lastgroup, m.group(m.lastgroup)))
            pos = m.end()
        self.i = 0

    def parse(self):
        out = self.compare()
        assert self.i == len(self.tokens), "trailing tokens"
        return out

    def peek(self):
        return self.tokens[self.i] if self.i < len(self.tokens) else (None, None)

    def take(self, value=None):
        tok = self.tokens[self.i]
        assert value is None or tok[1] == value, f"expected {value}, got {tok}"
        self.i += 1
        return tok

    def compare(self):
        left = self.add()
        while self.peek()[1] in ("=", "<>", "<", ">", "<=", ">="):
            op = self.take()[1]
            right = self.add()
            if isinstance(left, str) or isinstance(right, str):
                a, b = str(left).casefold(), str(right).casefold()
            else:
                a, b = left, right
            left = {"=": a == b, "<>": a != b, "<": a < b, ">": a > b, "<=": a <= b, ">=": a >= b}[op]
        return left

    def add(self):
        left = self.mul()
        while self.peek()[1] in ("+", "-"):
            op = self.take()[1]
            right = self.mul()
            left = _n(left) + _n(right) if op == "+" else _n(left) - _n(right)
        return left

    def mul(self):
        left = self.unary()
        while self.peek()[1] in ("*", "/"):
            op = self.take()[1]
            right = self.unary()
            left = _n(left) * _n(right) if op == "*" else _n(left) / _n(right)
        return left

    def unary(self):
        if self.peek()[1] == "-":
            self.take()
            return -_n(self.unary())
        return self.atom()

    def atom(self):
        kind, value = self.take()
        if kind == "num":
            return float(value)
        if kind == "str":
            return value[1:-1]
        if kind == "ref":
            return evaluate(self.ws, value) if self.ws[value].value is not None else 0.0
        if kind == "op" and value == "(":
            out = self.compare()
            self.take(")")
            return out
        if kind == "fn":
            if value == "IF":  # lazily: IF(p > 0, a / p, 0) never divides by zero
                cond = self.compare()
                self.take(",")
                yes = self.compare() if cond else self._skip()
                self.take(",")
                no = self._skip() if cond else self.compare()
                self.take(")")
                return yes if cond else no
            args = [self.compare()]
            while self.peek()[1] == ",":
                self.take()
                args.append(self.compare())
            self.take(")")
            args = [_n(a) for a in args]
            return sum(args) if value == "SUM" else min(args)
        raise AssertionError(f"unexpected token {value!r}")

    def _skip(self):
        depth = 0
        while True:
            kind, value = self.peek()
            if depth == 0 and value in (",", ")"):
                return None
            self.take()
            if kind == "fn" or value == "(":
                depth += 1
            elif value == ")":
                depth -= 1


def _n(x) -> float:
    if isinstance(x, bool):
        return float(x)
    if isinstance(x, str):
        return 0.0 if x == "" else float(x)
    return float(x)
