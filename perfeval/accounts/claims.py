"""Claims of a final-accounts report (决算) and their verdicts.

A claim fails only when no choice of figures inside their intervals, and no
value the stated result could have been rounded from, makes it true: the
audit never cries wolf over rounding. Deciding searches the box of the
figures' intervals (corners, gradients, the mean-value bound) within a work
budget (perfeval.limits.MAX_CLAIM_WORK, MAX_AUDIT_WORK).
"""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal
from typing import Any, Literal

import attrs

from ..core._decimal import exact
from ..core.limits import (
    MAX_AUDIT_WORK,
    MAX_CLAIM_WORK,
)
from .expressions import Expr, expression_names
from .intervals import AuditError, Interval, combine

_ZERO = Decimal(0)
_HALF = Decimal("0.5")


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
        yield from expression_names(self.left)
        yield from expression_names(self.right)


@attrs.frozen(kw_only=True)
class Audit:
    """An accounts file: its figures and its claims."""

    title: str
    figures: dict[str, Figure] = attrs.field(eq=False)
    claims: tuple[Claim, ...]
    source: str | None = None


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
