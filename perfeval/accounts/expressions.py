"""The audit's expression language, parsed without ``eval``: names, numbers
with magnitudes and units (``25.38万元``, ``2.25%``), ``+ - × ÷ * /``,
parentheses, unary minus, and one ``=`` per claim. Names are runs of
characters other than operators and spaces, or any text in ``[brackets]``.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from ..core._decimal import exact
from ..core.errors import ExpressionError
from ..core.limits import (
    MAX_EXPRESSION_DEPTH,
    MAX_EXPRESSION_LENGTH,
    MAX_EXPRESSION_TERMS,
)
from ..core.targets import normalize_text
from ..core.units import DEFAULT_UNITS, UnitTable
from .intervals import stated_interval

# Expressions: ('num', Interval, text) | ('name', str) | ('neg', expr) | (op, left, right)
Expr = tuple[Any, ...]


def expression_names(expr: Expr) -> Iterator[str]:
    if expr[0] == "name":
        yield expr[1]
    elif expr[0] == "neg":
        yield from expression_names(expr[1])
    elif expr[0] in "+-*/":
        yield from expression_names(expr[1])
        yield from expression_names(expr[2])


# --- the claim parser ------------------------------------------------------------------

_OPERATORS = {
    "+": "+",
    "-": "-",
    "−": "-",
    "*": "*",
    "×": "*",
    "/": "/",
    "÷": "/",
    "(": "(",
    ")": ")",
    "=": "=",
    "＝": "=",
    "＋": "+",
    "－": "-",
}
_TOKEN_STOP = set(_OPERATORS) | {" ", "\t", "[", "]"}


def _tokens(text: str) -> list[tuple[str, str, int]]:
    """(kind, text, position): kinds are op, num, name."""
    out: list[tuple[str, str, int]] = []
    i = 0
    while i < len(text):
        c = text[i]
        if c.isspace():
            i += 1
        elif c == "[":
            end = text.find("]", i)
            if end < 0:
                raise ExpressionError(text, "a '[' opens a name that no ']' closes", i, len(text))
            out.append(("name", text[i + 1 : end].strip(), i))
            i = end + 1
        elif c in _OPERATORS:
            op = _OPERATORS[c]
            # A sign directly before a digit, where a value is expected, is the number's.
            value_expected = not out or (out[-1][0] == "op" and out[-1][1] != ")")
            if op == "-" and value_expected and i + 1 < len(text) and text[i + 1].isdigit():
                j = i + 1
                while j < len(text) and text[j] not in _TOKEN_STOP:
                    j += 1
                out.append(("num", text[i:j], i))
                i = j
            else:
                out.append(("op", op, i))
                i += 1
        else:
            j = i
            while j < len(text) and text[j] not in _TOKEN_STOP:
                j += 1
            word = text[i:j]
            out.append(("num" if normalize_text(word[0])[:1].isdigit() else "name", word, i))
            i = j
    return out


class Parser:
    """Recursive descent over the tokens, within the expression limits
    (length, terms, nesting), so no expression can exhaust the stack."""

    def __init__(self, text: str, units: UnitTable, default_unit: str | None) -> None:
        if len(text) > MAX_EXPRESSION_LENGTH:
            raise ExpressionError(
                text,
                f"the expression is {len(text):,} characters long; the limit is "
                f"{MAX_EXPRESSION_LENGTH:,}",
                MAX_EXPRESSION_LENGTH,
            )
        self.text = text
        self.units = units
        self.default_unit = default_unit
        self.tokens = _tokens(text)
        self.pos = 0
        self.depth = 0
        values = [t for t in self.tokens if t[0] != "op"]
        if len(values) > MAX_EXPRESSION_TERMS:
            at = values[MAX_EXPRESSION_TERMS][2]
            raise ExpressionError(
                text,
                f"the expression has {len(values):,} figures and numbers; the limit is "
                f"{MAX_EXPRESSION_TERMS} (split the claim, or sum a subtotal first)",
                at,
                at + len(values[MAX_EXPRESSION_TERMS][1]),
            )

    def fail(self, reason: str, at: int | None = None) -> ExpressionError:
        if at is None:
            at = self.tokens[self.pos][2] if self.pos < len(self.tokens) else len(self.text)
        return ExpressionError(self.text, reason, at, at + 1)

    def peek(self) -> tuple[str, str, int] | None:
        return self.tokens[self.pos] if self.pos < len(self.tokens) else None

    def take_op(self, *ops: str) -> str | None:
        token = self.peek()
        if token is not None and token[0] == "op" and token[1] in ops:
            self.pos += 1
            return token[1]
        return None

    def claim(self) -> tuple[Expr, Expr]:
        left = self.expr()
        if self.take_op("=") is None:
            raise self.fail("expected '=' and the stated result, as in A + B = C")
        right = self.expr()
        if self.peek() is not None:
            raise self.fail("unexpected text after the claim (one '=' per claim)")
        return self.stated(left), self.stated(right)

    def stated(self, side: Expr) -> Expr:
        """A side that is a lone number is the stated result, and stands for
        its rounding interval even when written bare (``= 0.3333``: 1/3 holds
        within rounding); a bare number inside an expression is a factor such
        as 100, and exact."""
        if side[0] != "num" or len(side) < 3 or side[1].lo != side[1].hi:
            return side
        return ("num", stated_interval(side[2], self.units), side[2])

    def expr(self) -> Expr:
        node = self.term()
        while (op := self.take_op("+", "-")) is not None:
            node = (op, node, self.term())
        return node

    def term(self) -> Expr:
        node = self.factor()
        while (op := self.take_op("*", "/")) is not None:
            node = (op, node, self.factor())
        return node

    def nest(self) -> None:
        self.depth += 1
        if self.depth > MAX_EXPRESSION_DEPTH:
            raise self.fail(
                f"the expression nests parentheses and signs more than {MAX_EXPRESSION_DEPTH} deep",
                self.tokens[self.pos - 1][2],
            )

    def factor(self) -> Expr:
        if self.take_op("-") is not None:
            self.nest()
            node: Expr = ("neg", self.factor())
            self.depth -= 1
            return node
        if self.take_op("(") is not None:
            self.nest()
            node = self.expr()
            if self.take_op(")") is None:
                raise self.fail("expected ')'")
            self.depth -= 1
            return node
        token = self.peek()
        if token is None or token[0] == "op":
            raise self.fail("expected a figure's name or a number")
        self.pos += 1
        kind, word, at = token
        if kind == "name":
            return ("name", word)
        try:
            # A bare number in a claim is exact (a factor such as 100); with a
            # unit or % it is a stated result and stands for its interval.
            plain = all(c.isdigit() or c in ".,+-" for c in normalize_text(word))
            value = stated_interval(word, self.units, precise=plain)
        except ExpressionError as exc:
            raise ExpressionError(self.text, exc.reason, at, at + len(word)) from None
        return ("num", value, word)


@exact
def parse_claim(text: str, units: UnitTable = DEFAULT_UNITS) -> tuple[Expr, Expr]:
    """Parse ``A + B = C`` into two expression trees; ExpressionError if not."""
    return Parser(text, units, None).claim()
