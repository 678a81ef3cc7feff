"""Auditing the arithmetic of a final-accounts report (决算).

An accounts file names the figures a report states and the claims it makes
about them (sums, shares, growth, completion rates, differences), written as
arithmetic over the names. Each figure stands for the interval its written
precision allows: ``229.85万元`` is anything in [229.845, 229.855]万元. A
claim fails only when no choice of figures inside their intervals, and no
value the stated result could have been rounded from, makes it true: the
audit never cries wolf over rounding.

The expression language is parsed here (no ``eval``): names, numbers with
magnitudes and units (``25.38万元``, ``2.25%``), ``+ - × ÷ * /``, parentheses,
unary minus, and one ``=`` per claim. Names are runs of characters other
than operators and spaces, or any text in ``[brackets]``.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from decimal import Decimal
from typing import Any, Literal

import attrs

from ._decimal import exact
from .errors import ExpressionError, Path, quote
from .limits import (
    MAX_AUDIT_WORK,
    MAX_CLAIM_WORK,
    MAX_EXPRESSION_DEPTH,
    MAX_EXPRESSION_LENGTH,
    MAX_EXPRESSION_TERMS,
    MAX_INTERMEDIATE,
)
from .targets import normalize_text, read_quantity
from .units import DEFAULT_UNITS, UnitTable

__all__ = [
    "Audit",
    "AuditResult",
    "Claim",
    "ClaimResult",
    "Figure",
    "Interval",
    "Statement",
    "audit",
    "load_accounts",
    "loads_accounts",
    "parse_claim",
]

_ZERO = Decimal(0)
_HALF = Decimal("0.5")


# --- intervals ---------------------------------------------------------------------


@attrs.frozen
class Interval:
    """A value known to lie in [lo, hi], with its dimension: a base unit such
    as 元 or 件, or None for a pure number (a ratio, a percentage)."""

    lo: Decimal
    hi: Decimal
    dim: str | None = None
    mid: Decimal = attrs.field(default=None, eq=False)
    #: How to show values like this one: divide by ``scale``, append ``word``
    #: (万元 for an amount written in 万元; % for a percentage).
    scale: Decimal = attrs.field(default=Decimal(1), eq=False)
    word: str = attrs.field(default="", eq=False)

    def __attrs_post_init__(self) -> None:
        if self.mid is None:
            object.__setattr__(self, "mid", (self.lo + self.hi) / 2)

    def contains_zero(self) -> bool:
        return self.lo <= 0 <= self.hi

    def overlaps(self, other: Interval) -> bool:
        return self.lo <= other.hi and other.lo <= self.hi

    def gap(self, other: Interval) -> Decimal:
        """How far apart two intervals are (0 when they overlap)."""
        return max(self.lo - other.hi, other.lo - self.hi, _ZERO)


class AuditError(ValueError):
    """An expression that cannot be computed (mixed units, division by 0)."""


class TooLargeError(AuditError):
    """An expression whose value grows beyond what perfeval computes."""


def _dims(a: Interval, b: Interval, op: str) -> str | None:
    if op in "+-":
        if a.dim != b.dim:
            raise AuditError(
                f"cannot {'add' if op == '+' else 'subtract'} "
                f"{a.dim or 'a pure number'} and {b.dim or 'a pure number'}"
            )
        return a.dim
    if op == "*":
        if a.dim and b.dim:
            raise AuditError(f"cannot multiply {a.dim} by {b.dim}")
        return a.dim or b.dim
    if a.dim == b.dim:
        return None  # 元 / 元 is a ratio
    if b.dim is None:
        return a.dim
    raise AuditError(f"cannot divide {a.dim or 'a pure number'} by {b.dim}")


def combine(a: Interval, b: Interval, op: str) -> Interval:
    """Interval arithmetic: the smallest interval holding every result.

    AuditError when a result reaches MAX_INTERMEDIATE (10^36): beyond it
    Decimal arithmetic would lose digits, or overflow."""
    result = _combine(a, b, op)
    if max(abs(result.lo), abs(result.hi)) >= MAX_INTERMEDIATE:
        raise TooLargeError(
            "a value reaches 10^36 or more, beyond what perfeval computes exactly "
            "(numbers are read below 10^18); check the figures and the formula"
        )
    return result


def _combine(a: Interval, b: Interval, op: str) -> Interval:
    dim = _dims(a, b, op)
    if op == "+":
        return Interval(a.lo + b.lo, a.hi + b.hi, dim, a.mid + b.mid)
    if op == "-":
        return Interval(a.lo - b.hi, a.hi - b.lo, dim, a.mid - b.mid)
    if op == "*":
        products = [a.lo * b.lo, a.lo * b.hi, a.hi * b.lo, a.hi * b.hi]
        return Interval(min(products), max(products), dim, a.mid * b.mid)
    if b.contains_zero():
        raise AuditError("division by a figure that may be 0")
    quotients = [a.lo / b.lo, a.lo / b.hi, a.hi / b.lo, a.hi / b.hi]
    return Interval(min(quotients), max(quotients), dim, a.mid / b.mid)


# --- stated values -------------------------------------------------------------------

_NUMBER = re.compile(r"[+-]?\d[\d,]*(?:\.(\d+))?")


def stated_interval(
    text: str,
    units: UnitTable = DEFAULT_UNITS,
    *,
    precise: bool = False,
    default_unit: str | None = None,
) -> Interval:
    """The interval a written value stands for: ± half a unit of its last
    written digit, in its base unit; a percentage as a pure number (2.25% is
    0.0225 ± 0.00005). ``precise`` makes it a point (a count of people)."""
    norm = normalize_text(text)
    if default_unit and not any(not (c.isdigit() or c in ".,+-") for c in norm):
        norm += default_unit
    quantity = read_quantity(norm, units)
    if quantity.qualifier:
        raise ExpressionError(text, "a stated figure cannot carry a comparator", 0, len(text))
    match = _NUMBER.search(norm)
    assert match is not None
    decimals = len(match.group(1) or "")
    written = Decimal(match.group().replace(",", ""))
    value = quantity.value
    if written != 0:
        scale = value / written  # magnitude × unit factor
    else:
        scale = read_quantity(norm[: match.start()] + "1" + norm[match.end() :], units).value
    half = _ZERO if precise else _HALF * Decimal(1).scaleb(-decimals) * abs(scale)
    dim = quantity.unit
    word = norm[match.end() :]
    if dim == "%":
        value, half, dim, scale, word = value / 100, half / 100, None, Decimal("0.01"), "%"
    return Interval(
        value - half, value + half, dim, value, scale=abs(scale) or Decimal(1), word=word
    )


# --- the model -----------------------------------------------------------------------


@attrs.frozen(kw_only=True)
class Statement:
    """One place where a figure is stated, and what it says there."""

    text: str
    interval: Interval
    at: str | None = None


@attrs.frozen(kw_only=True)
class Figure:
    """A named figure and every place it is stated."""

    name: str
    statements: tuple[Statement, ...]

    def statement(self, at: str | None) -> Statement:
        """The statement made at ``at``; else one made in the same document
        (the part of ``at`` before '·': 自评表·基本支出 is in 自评表); else the
        first."""
        if at is not None:
            for statement in self.statements:
                if statement.at == at:
                    return statement
            document = at.split("·")[0]
            for statement in self.statements:
                if statement.at is not None and statement.at.split("·")[0] == document:
                    return statement
        return self.statements[0]


# Expressions: ('num', Interval, text) | ('name', str) | ('neg', expr) | (op, left, right)
Expr = tuple[Any, ...]


@attrs.frozen(kw_only=True)
class Claim:
    """A claim of the report: ``left = right``."""

    text: str
    left: Expr
    right: Expr
    at: str | None = None
    note: str | None = None
    index: int = 0

    def names(self) -> Iterator[str]:
        yield from _names(self.left)
        yield from _names(self.right)


def _names(expr: Expr) -> Iterator[str]:
    if expr[0] == "name":
        yield expr[1]
    elif expr[0] == "neg":
        yield from _names(expr[1])
    elif expr[0] in "+-*/":
        yield from _names(expr[1])
        yield from _names(expr[2])


@attrs.frozen(kw_only=True)
class Audit:
    """An accounts file: its figures and its claims."""

    title: str
    figures: dict[str, Figure] = attrs.field(eq=False)
    claims: tuple[Claim, ...]
    source: str | None = None


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


class _Parser:
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
    return _Parser(text, units, None).claim()


# --- evaluation ---------------------------------------------------------------------------

Verdict = Literal["holds", "rounding", "fails", "error"]


@attrs.frozen(kw_only=True)
class ClaimResult:
    """A claim checked: ``holds`` exactly, holds within ``rounding``, ``fails``,
    or could not be computed (``error``, with the reason)."""

    claim: Claim
    verdict: Verdict
    stated: Interval | None = None
    computed: Interval | None = None
    gap: Decimal | None = None
    reason: str | None = None

    @property
    def ok(self) -> bool:
        return self.verdict in ("holds", "rounding")


@attrs.frozen(kw_only=True)
class TwoValues:
    """One figure stated with values that cannot both be right."""

    figure: str
    first: Statement
    second: Statement


@attrs.frozen(kw_only=True)
class AuditResult:
    audit: Audit
    claims: tuple[ClaimResult, ...]
    two_values: tuple[TwoValues, ...]

    @property
    def failed(self) -> tuple[ClaimResult, ...]:
        return tuple(c for c in self.claims if not c.ok)


def _leaves(
    expr: Expr, figures: dict[str, Figure], at: str | None, box: dict[Any, Interval]
) -> None:
    """Collect the variables of an expression: each figure once (a figure
    used twice is one variable), each rounded literal on its own."""
    kind = expr[0]
    if kind == "name":
        box[expr[1]] = figures[expr[1]].statement(at).interval
    elif kind == "num":
        interval: Interval = expr[1]
        if interval.lo != interval.hi:
            box[id(expr)] = interval
    elif kind == "neg":
        _leaves(expr[1], figures, at, box)
    else:
        _leaves(expr[1], figures, at, box)
        _leaves(expr[2], figures, at, box)


def _evaluate(expr: Expr, box: dict[Any, Interval]) -> Interval:
    """The interval enclosure of an expression over a box of variables."""
    kind = expr[0]
    if kind == "num":
        interval: Interval = expr[1]
        return box.get(id(expr), interval)
    if kind == "name":
        return box[expr[1]]
    if kind == "neg":
        inner = _evaluate(expr[1], box)
        return Interval(-inner.hi, -inner.lo, inner.dim, -inner.mid)
    return combine(_evaluate(expr[1], box), _evaluate(expr[2], box), kind)


def _point(box: dict[Any, Interval], choice: dict[Any, Decimal]) -> dict[Any, Interval]:
    return {k: Interval(v, v, box[k].dim, v) for k, v in choice.items()}


def _corners(box: dict[Any, Interval]) -> Iterator[dict[Any, Interval]]:
    """Every corner of the box (at most 2^10 of them), then its centre."""
    keys = list(box)[:10]
    for bits in range(2 ** len(keys)):
        choice = {k: box[k].mid for k in box}
        for i, key in enumerate(keys):
            choice[key] = box[key].hi if bits >> i & 1 else box[key].lo
        yield _point(box, choice)
    yield _point(box, {k: box[k].mid for k in box})


# --- deciding a claim -------------------------------------------------------------------

Pair = tuple[Decimal, Decimal]  # a bare interval (lo, hi), for derivatives


def _pmul(a: Pair, b: Pair) -> Pair:
    products = (a[0] * b[0], a[0] * b[1], a[1] * b[0], a[1] * b[1])
    return min(products), max(products)


def _pdiv(a: Pair, b: Pair) -> Pair:
    if b[0] <= 0 <= b[1]:
        raise ZeroDivisionError
    quotients = (a[0] / b[0], a[0] / b[1], a[1] / b[0], a[1] / b[1])
    return min(quotients), max(quotients)


def _gradient(expr: Expr, box: dict[Any, Interval]) -> tuple[Pair, dict[Any, Pair]]:
    """The enclosure of an expression and of its partial derivatives over the
    box (forward-mode differentiation in interval arithmetic)."""
    kind = expr[0]
    if kind in ("num", "name"):
        key = expr[1] if kind == "name" else id(expr)
        leaf: Interval = box[key] if kind == "name" or key in box else expr[1]
        grad = {key: (Decimal(1), Decimal(1))} if key in box else {}
        return (leaf.lo, leaf.hi), grad
    if kind == "neg":
        (lo, hi), grad = _gradient(expr[1], box)
        return (-hi, -lo), {k: (-d[1], -d[0]) for k, d in grad.items()}
    (a, da), (b, db) = _gradient(expr[1], box), _gradient(expr[2], box)
    zero = (Decimal(0), Decimal(0))
    keys = da.keys() | db.keys()
    if kind in "+-":
        sign = 1 if kind == "+" else -1
        value = (a[0] + b[0], a[1] + b[1]) if sign == 1 else (a[0] - b[1], a[1] - b[0])
        grad = {}
        for k in keys:
            x, y = da.get(k, zero), db.get(k, zero)
            grad[k] = (x[0] + y[0], x[1] + y[1]) if sign == 1 else (x[0] - y[1], x[1] - y[0])
        return value, grad
    if kind == "*":
        grad = {}
        for k in keys:
            p, q = _pmul(da.get(k, zero), b), _pmul(a, db.get(k, zero))
            grad[k] = (p[0] + q[0], p[1] + q[1])
        return _pmul(a, b), grad
    square = _pmul(b, b)
    grad = {}
    for k in keys:
        p, q = _pmul(da.get(k, zero), b), _pmul(a, db.get(k, zero))
        grad[k] = _pdiv((p[0] - q[1], p[1] - q[0]), square)
    return _pdiv(a, b), grad


def _monotone(grad: dict[Any, Pair]) -> bool:
    """Whether partial derivatives' enclosures each keep one sign: then the
    expression is monotone in every variable over the box, and its range is
    exactly the range of its values at the box's corners."""
    return all(d[0] >= 0 or d[1] <= 0 for d in grad.values())


def _smear(box: dict[Any, Interval], grad: dict[Any, Pair] | None) -> Any:
    """The variable to split: the one whose width times derivative bound
    adds most to the enclosure (the "smear" rule of interval branch and
    bound); without derivatives, the relatively widest."""
    if grad:
        return max(
            box,
            key=lambda k: (
                (box[k].hi - box[k].lo)
                * max(abs(grad.get(k, (_ZERO, _ZERO))[0]), abs(grad.get(k, (_ZERO, _ZERO))[1]))
            ),
        )
    return max(box, key=lambda k: (box[k].hi - box[k].lo) / (abs(box[k].mid) or 1))


def _mean_value(centre: Decimal, grad: dict[Any, Pair], box: dict[Any, Interval]) -> Interval:
    """The mean-value enclosure f(centre) + Σ ∂f/∂x·(x − centre): much tighter
    than plain interval arithmetic when a figure appears more than once."""
    lo = hi = centre
    for key, (g_lo, g_hi) in grad.items():
        span = box[key]
        steps = (span.lo - span.mid, span.hi - span.mid)
        terms = [g * step for g in (g_lo, g_hi) for step in steps]
        lo += min(terms)
        hi += max(terms)
    return Interval(lo, hi)


#: Boxes the bisection may look at before giving a claim the benefit of the doubt.
_BUDGET = 400


class _Work:
    """How many operations (one per node of an expression evaluated over a
    box) the audit of one file may still spend, and one claim of it: the
    bisection of an unusual claim stops at the claim's share (benefit of the
    doubt), and the claims after the file's share is spent are not decided.
    Without it one claim of ratios of differences took 40 s, so a file of
    such claims could run for hours."""

    def __init__(self, file: int = MAX_AUDIT_WORK) -> None:
        self.file = file
        self.claim = 0

    def start_claim(self) -> None:
        self.claim = min(MAX_CLAIM_WORK, self.file)

    def spend(self, cost: int) -> bool:
        """Take ``cost`` from both shares; False (and nothing taken) when the
        claim's share cannot pay it."""
        if cost > self.claim:
            return False
        self.claim -= cost
        self.file -= cost
        return True


def _size(expr: Expr) -> int:
    """The nodes of an expression (what one evaluation of it costs)."""
    kind = expr[0]
    if kind in ("num", "name"):
        return 1
    if kind == "neg":
        return 1 + _size(expr[1])
    return 1 + _size(expr[1]) + _size(expr[2])


def _cost(expr_size: int, box: dict[Any, Interval]) -> int:
    """What deciding a box costs: the enclosure, every corner and the centre,
    and the gradient (about twice an evaluation)."""
    return expr_size * ((1 << min(len(box), 10)) + 4)


def _reachable(difference: Expr, box: dict[Any, Interval], work: _Work | None = None) -> bool:
    """Whether ``difference`` can be 0 for some choice of the variables in
    their intervals. Sound both ways: the enclosure missing 0 proves it
    cannot; values on both sides of 0 prove it can (the claim is continuous
    on the box, where no denominator can be 0); a difference monotone in
    every variable reaches exactly the range of its corners. Only when none
    of these decides is the box cut in two along its widest variable; after
    :data:`_BUDGET` boxes, or when the claim's share of the work is spent,
    the claim is given the benefit of the doubt."""
    budget = [_BUDGET]
    size = _size(difference)
    if work is None:
        work = _Work()
        work.start_claim()

    def decide(part: dict[Any, Interval]) -> bool:
        budget[0] -= 1
        if not work.spend(_cost(size, part)):
            return True
        enclosure = _evaluate(difference, part)
        if enclosure.lo > 0 or enclosure.hi < 0:
            return False
        values = [_evaluate(difference, point).mid for point in _corners(part)]
        if min(values) <= 0 <= max(values):
            return True
        try:
            grad: dict[Any, Pair] | None = _gradient(difference, part)[1]
        except ZeroDivisionError:
            grad = None
        if grad is not None:
            if _monotone(grad) and len(part) <= 10:
                return False  # the corners are the extremes, and they all miss 0
            if not _mean_value(values[-1], grad, part).contains_zero():
                return False
        if budget[0] <= 0 or not part:
            return True
        key = _smear(part, grad)
        whole = part[key]
        halves = (
            Interval(whole.lo, whole.mid, whole.dim),
            Interval(whole.mid, whole.hi, whole.dim),
        )
        return any(decide({**part, key: half}) for half in halves)

    return decide(dict(box))


def _span(expr: Expr, box: dict[Any, Interval]) -> Interval:
    """What a side of a claim comes to: its value from the stated figures, and
    the range its corners reach (exact for sums, shares, growth and ratios of
    positive figures, which are monotone in each figure)."""
    values = [_evaluate(expr, point).mid for point in _corners(box)]
    centre = values[-1]
    first = _evaluate(expr, box)
    return Interval(min(values), max(values), first.dim, centre, scale=first.scale, word=first.word)


def _check(claim: Claim, figures: dict[str, Figure], work: _Work | None = None) -> ClaimResult:
    """A claim decided; a claim that cannot be computed gets ``error``, and
    so does one reached after the file's share of the work is spent."""
    work = work or _Work()
    work.start_claim()
    try:
        return _decide(claim, figures, work)
    except ArithmeticError:  # Decimal beyond its precision; a loaded claim never gets here
        return ClaimResult(
            claim=claim,
            verdict="error",
            reason="the numbers grow beyond what perfeval computes exactly",
        )


def _decide(claim: Claim, figures: dict[str, Figure], work: _Work) -> ClaimResult:
    box: dict[Any, Interval] = {}
    _leaves(claim.left, figures, claim.at, box)
    _leaves(claim.right, figures, claim.at, box)
    try:
        left = _evaluate(claim.left, box)
        right = _evaluate(claim.right, box)
        if left.dim != right.dim:
            raise AuditError(
                f"the two sides are in {left.dim or 'pure numbers'} and "
                f"{right.dim or 'pure numbers'}"
            )
        difference: Expr = ("-", claim.left, claim.right)
        # Both sides' spans (below) are paid first; what is left is the bisection's.
        if not work.spend(_cost(_size(claim.left) + _size(claim.right), box)):
            return ClaimResult(
                claim=claim,
                verdict="error",
                reason=f"not checked: the audit of one file may do {MAX_AUDIT_WORK:,} "
                "operations, and the claims before this one used them (split the file)",
            )
        possible = _reachable(difference, box, work)
    except AuditError as exc:
        return ClaimResult(claim=claim, verdict="error", reason=str(exc))
    # The stated side is a literal when there is one, else the right side.
    stated_expr, computed_expr = claim.right, claim.left
    if claim.left[0] == "num" and claim.right[0] != "num":
        stated_expr, computed_expr = claim.left, claim.right
    stated = _span(stated_expr, box)
    computed = _span(computed_expr, box)
    if not possible:
        verdict: Verdict = "fails"
    elif computed.mid == stated.mid:
        verdict = "holds"
    else:
        verdict = "rounding"
    return ClaimResult(
        claim=claim,
        verdict=verdict,
        stated=stated,
        computed=computed,
        gap=computed.gap(stated) if not possible else Decimal(0),
    )


@exact
def audit(accounts: Audit) -> AuditResult:
    """Check every claim and every figure stated more than once."""
    work = _Work()
    claims = tuple(_check(claim, accounts.figures, work) for claim in accounts.claims)
    two: list[TwoValues] = []
    for figure in accounts.figures.values():
        first = figure.statements[0]
        for other in figure.statements[1:]:
            if first.interval.dim != other.interval.dim or not first.interval.overlaps(
                other.interval
            ):
                two.append(TwoValues(figure=figure.name, first=first, second=other))
    return AuditResult(audit=accounts, claims=claims, two_values=tuple(two))


# --- loading -----------------------------------------------------------------------------

_KEYS = ("perfeval-accounts", "title", "unit", "units", "figures", "claims")
_STATEMENT_KEYS = ("value", "at", "exact")
_CLAIM_KEYS = ("claim", "at", "note")


def load_accounts(path: str) -> Audit:
    """Read an accounts file; every problem is reported, with its place."""
    from . import _yaml
    from ._files import display_path

    return loads_accounts(_yaml.read_text(path), source=display_path(path))


@exact
def loads_accounts(text: str | bytes, source: str | None = "<string>") -> Audit:
    """Read accounts from YAML text (or UTF-8 bytes)."""
    from . import _yaml
    from ._check import Checker
    from ._files import display_path

    source = "<string>" if source is None else display_path(source)
    check = Checker.located(doc := _yaml.document(_yaml.text_of(text, source), source))
    result = _build(check, doc.data, source)
    check.raise_if_any()
    assert result is not None
    return result


def _build(check: Any, data: Any, source: str) -> Audit | None:
    from ._check import describe

    if data is None:
        check.fail((), "the file is empty; an accounts file starts with 'perfeval-accounts: 1'")
        return None
    top = check.mapping(
        (),
        data,
        _KEYS,
        ("perfeval-accounts", "title", "figures", "claims"),
        "an accounts mapping (perfeval-accounts, title, figures, claims)",
    )
    if top is None:
        return None
    version = top.get("perfeval-accounts")
    if "perfeval-accounts" in top and not (isinstance(version, Decimal | int) and version == 1):
        check.fail(
            ("perfeval-accounts",), f"expected the format version 1; found {describe(version)}"
        )
    title = check.text(("title",), top["title"]) if "title" in top else None
    units = DEFAULT_UNITS
    if "units" in top:
        names = [
            check.text(("units", i), n)
            for i, n in enumerate(check.sequence(("units",), top["units"]) or [])
        ]
        units = units.with_counts(normalize_text(n) for n in names if n)
    default_unit = None
    if "unit" in top:
        default_unit = check.text(("unit",), top["unit"])
        if default_unit and units.get(normalize_text(default_unit)) is None:
            check.fail(("unit",), f"unknown unit '{quote(default_unit)}'")
            default_unit = None
    figures = _figures(check, top.get("figures"), units, default_unit)
    claims = _claims(check, top.get("claims"), units, figures)
    if check.problems or title is None:
        return None
    return Audit(title=title, figures=figures, claims=tuple(claims), source=source)


def _figures(check: Any, raw: Any, units: UnitTable, default_unit: str | None) -> dict[str, Figure]:
    figures: dict[str, Figure] = {}
    if not isinstance(raw, dict):
        from ._check import describe

        check.fail(
            ("figures",), f"expected a mapping of figure names to values; found {describe(raw)}"
        )
        return figures
    for name, value in raw.items():
        path: Path = ("figures", name)
        items = value if isinstance(value, list) else [value]
        statements = []
        for i, item in enumerate(items):
            spath: Path = (*path, i) if isinstance(value, list) else path
            statement = _statement(check, spath, item, units, default_unit)
            if statement is not None:
                statements.append(statement)
        if statements and len(statements) == len(items):
            figures[str(name)] = Figure(name=str(name), statements=tuple(statements))
    return figures


def _statement(
    check: Any, path: Path, raw: Any, units: UnitTable, default_unit: str | None
) -> Statement | None:
    at, precise = None, False
    if isinstance(raw, dict):
        data = check.mapping(path, raw, _STATEMENT_KEYS, ("value",))
        if data is None or "value" not in data:
            return None
        if "at" in data:
            at = check.text((*path, "at"), data["at"])
        if "exact" in data:
            precise = bool(check.boolean((*path, "exact"), data["exact"]))
        raw, path = data["value"], (*path, "value")
    text = check.text(path, raw)
    if text is None:
        return None
    try:
        interval = stated_interval(text, units, precise=precise, default_unit=default_unit)
    except ExpressionError as exc:
        check.fail(path, exc.render())
        return None
    return Statement(text=text, interval=interval, at=at)


def _claims(check: Any, raw: Any, units: UnitTable, figures: dict[str, Figure]) -> list[Claim]:
    out: list[Claim] = []
    for i, item in enumerate(check.sequence(("claims",), raw, "a list of claims") or []):
        path: Path = ("claims", i)
        at = note = None
        if isinstance(item, dict):
            data = check.mapping(path, item, _CLAIM_KEYS, ("claim",))
            if data is None or "claim" not in data:
                continue
            at = check.text((*path, "at"), data["at"]) if "at" in data else None
            note = check.text((*path, "note"), data["note"]) if "note" in data else None
            item, path = data["claim"], (*path, "claim")
        text = check.text(path, item)
        if text is None:
            continue
        try:
            left, right = _Parser(text, units, None).claim()
        except ExpressionError as exc:
            check.fail(path, exc.render())
            continue
        claim = Claim(text=text, left=left, right=right, at=at, note=note, index=i)
        missing = [n for n in dict.fromkeys(claim.names()) if n not in figures]
        for name in missing:
            from ._check import did_you_mean

            check.fail(
                path,
                f"unknown figure '{quote(name)}'{did_you_mean(name, figures)}; "
                "add it under figures:",
            )
        if missing:
            continue
        too_large = _too_large(claim, figures)
        if too_large is not None:
            check.fail(path, f"{too_large} (in '{quote(text)}')")
            continue
        out.append(claim)
    return out


def _too_large(claim: Claim, figures: dict[str, Figure]) -> str | None:
    """Why a claim's values grow beyond what perfeval computes, or None.

    Checked when the file is read, so that it is an input error with its
    place; a claim that cannot be computed for another reason (mixed units)
    is the audit's verdict ``error``."""
    box: dict[Any, Interval] = {}
    _leaves(claim.left, figures, claim.at, box)
    _leaves(claim.right, figures, claim.at, box)
    for point in (box, _point(box, {k: v.hi for k, v in box.items()})):
        try:
            _evaluate(claim.left, point)
            _evaluate(claim.right, point)
        except TooLargeError as exc:
            return str(exc)
        except (AuditError, ArithmeticError):
            return None
    return None
