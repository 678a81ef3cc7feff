"""Scoring rules (评分规则) and the registry of named rules.

A computed rule is a function ``(A, target, W) -> score`` over exact
decimals, A already in the target's base unit and never negative. The
scorer clamps every result to ``[0, W]``, so no rule, built-in or added,
can give more than W or less than 0.

A finance tool adds its own rule without editing perfeval::

    from decimal import Decimal
    import perfeval
    from perfeval.rules import DEFAULT_RULES, Rule

    def halves(actual, target, weight):
        return weight if target.is_met(actual) else weight / 2

    rules = DEFAULT_RULES.add(Rule(name="halves", compute=halves,
                                   ops=frozenset({">=", "<="}),
                                   zh="未达标得一半", en="half marks if missed",
                                   formula="W/2"))
    card = perfeval.loads(text, rules=rules)   # cards may now say rule: halves
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from decimal import Decimal
from typing import Literal, NamedTuple, Protocol

import attrs

from .targets import Target, format_decimal

__all__ = [
    "DEFAULT_RULES",
    "QUANTITATIVE_OPS",
    "ExcelCells",
    "Rule",
    "RuleFunction",
    "Rules",
    "default_rule_name",
]

QUANTITATIVE_OPS = frozenset({">=", ">", "<=", "<", "=", "range"})
_ZERO = Decimal(0)


class RuleFunction(Protocol):
    """Compute a score from the actual ``A`` (≥ 0, in the target's base
    unit), the target and the weight ``W``. The result is clamped to
    ``[0, W]`` and rounded by the scorer, not by the rule."""

    def __call__(self, actual: Decimal, target: Target, weight: Decimal) -> Decimal: ...


#: Extra checks on the target a rule is used with: a message, or None if fine.
TargetCheck = Callable[[Target], str | None]
#: Whether an actual meets the target under a rule.
MetTest = Callable[[Decimal, Target], bool]


class ExcelCells(NamedTuple):
    """The cells a rule's Excel formula is written over: the actual A (never
    below 0), the target T, its upper bound K (ranges), the points W, the test
    that the target is met (None for an operator with none) and the operator."""

    a: str
    t: str
    k: str
    w: str
    met: str | None
    op: str


#: A rule's Excel formula (before the clamp to [0, W] and the rounding), or None.
ExcelBody = Callable[[ExcelCells], "str | None"]
#: ``(A, target, shown, W)`` -> the computation as text: ``850/1000 × 10``;
#: ``shown`` writes a figure in the unit the target was written in.
Arithmetic = Callable[[Decimal, Target, Callable[[Decimal], str], str], "str | None"]


def _is_met(actual: Decimal, target: Target) -> bool:
    return target.is_met(actual)


@attrs.frozen(kw_only=True)
class Rule:
    """A named scoring rule.

    ``input`` is what the indicator's actual must be: a number (computed
    rules), a tier (``qualitative``), nothing but the evaluator's score
    (``manual``), or nothing at all because the rule's own configuration
    decides (``params``: a checklist). ``ops`` are the target operators the rule accepts;
    ``formula`` says, in A/T/W terms, how a score below W is computed.
    """

    name: str
    zh: str
    en: str
    compute: RuleFunction | None = None
    ops: frozenset[str] = QUANTITATIVE_OPS
    input: Literal["number", "tier", "score", "params"] = "number"
    formula: str = ""
    check: TargetCheck | None = None
    met: MetTest = _is_met
    #: How a score below W was computed, with the row's figures put in
    #: (explanations); None: the ``formula`` text is shown.
    arithmetic: Arithmetic | None = None
    #: The rule as an Excel formula over the workbook's cells (perfeval's
    #: workbook recomputes each row); None: the workbook keeps perfeval's value.
    excel: ExcelBody | None = None

    def problem_with(self, target: Target) -> str | None:
        """Why this rule cannot score this target, or None."""
        if target.op not in self.ops:
            accepted = ", ".join(sorted(self.ops))
            return (
                f"rule '{self.name}' does not apply to the target '{target.display()}' "
                f"(operator {target.op}); it takes {accepted}"
            )
        return self.check(target) if self.check else None


def _rule_map(value: Mapping[str, Rule]) -> Mapping[str, Rule]:
    return dict(value)


@attrs.frozen
class Rules(Mapping[str, Rule]):
    """An immutable registry of rules by name; ``add`` returns a new one."""

    _rules: Mapping[str, Rule] = attrs.field(converter=_rule_map)

    def __getitem__(self, name: str) -> Rule:
        return self._rules[name]

    def __iter__(self) -> Iterator[str]:
        return iter(self._rules)

    def __len__(self) -> int:
        return len(self._rules)

    def __hash__(self) -> int:
        return hash(tuple(self._rules))

    def __repr__(self) -> str:
        # Short: inspect.signature(perfeval.load) shows this as a default.
        names = set(self._rules)
        builtin = len(names & _BUILTIN_NAMES)
        extra = len(names) - builtin
        more = f" + {extra} added" if extra else ""
        return f"<perfeval rules: {builtin} built-in{more}>"

    def add(self, rule: Rule) -> Rules:
        """A registry with ``rule`` added (or replacing one of the same name)."""
        return Rules({**self._rules, rule.name: rule})


# --- the rules of spec §5 -------------------------------------------------


def _value(target: Target) -> Decimal:
    assert target.value is not None
    return target.value


def _not_negative(target: Target) -> str | None:
    value = target.value
    if value is not None and value < 0:
        return f"needs a target of 0 or more; found {format_decimal(value)}"
    return None


def _zero_only(target: Target) -> str | None:
    if target.value != 0:
        return f"needs a target of 0; found {format_decimal(_value(target))}"
    return None


def _proportional_met(actual: Decimal, target: Target) -> bool:
    # '=' with T > 0 scores as a positive target: reaching T meets it.
    if target.op == ">":
        return actual > _value(target)
    return actual >= _value(target)


def proportional(actual: Decimal, target: Target, weight: Decimal) -> Decimal:
    """Met → W; else A/T × W. With T = 0 a strict '>' needs A > 0."""
    t = _value(target)
    if _proportional_met(actual, target):
        return weight
    if t == 0:
        return _ZERO
    return actual / t * weight


def _zero_met(actual: Decimal, target: Target) -> bool:
    return actual <= 0


def zero_target(actual: Decimal, target: Target, weight: Decimal) -> Decimal:
    """A ≤ 0 → W; else 0."""
    return weight if actual <= 0 else _ZERO


def reverse_linear(actual: Decimal, target: Target, weight: Decimal) -> Decimal:
    """Met → W; T < A < 2T → (1 − (A−T)/T) × W; A ≥ 2T → 0."""
    t = _value(target)
    if t == 0:
        return zero_target(actual, target, weight)
    if target.is_met(actual):
        return weight
    if actual >= 2 * t:
        return _ZERO
    return (1 - (actual - t) / t) * weight


def reverse_ratio(actual: Decimal, target: Target, weight: Decimal) -> Decimal:
    """Met → W; else T/A × W."""
    t = _value(target)
    if t == 0:
        return zero_target(actual, target, weight)
    if target.is_met(actual):
        return weight
    return t / actual * weight


def threshold(actual: Decimal, target: Target, weight: Decimal) -> Decimal:
    """Met → W; else 0."""
    return weight if target.is_met(actual) else _ZERO


def range_rule(actual: Decimal, target: Target, weight: Decimal) -> Decimal:
    """Inside → W; below → A/low × W; above → high/A × W."""
    low, high = _value(target), target.high
    assert high is not None
    if low <= actual <= high:
        return weight
    if actual < low:
        return actual / low * weight
    return high / actual * weight


def _range_met(actual: Decimal, target: Target) -> bool:
    return target.is_met(actual)


# --- each rule's explanation and Excel formula, beside its score ---------------------


def _proportional_text(a: Decimal, target: Target, shown: Callable[[Decimal], str], w: str) -> str:
    return f"{shown(a)}/{shown(_value(target))} × {w}"


def _proportional_excel(c: ExcelCells) -> str:
    reached = f"{c.a}>{c.t}" if c.op == ">" else f"{c.a}>={c.t}"
    return f"IF({reached},{c.w},IF({c.t}=0,0,{c.a}/{c.t}*{c.w}))"


def _reverse_linear_text(
    a: Decimal, target: Target, shown: Callable[[Decimal], str], w: str
) -> str:
    t = _value(target)
    if a >= 2 * t:
        return f"A ≥ 2T ({shown(a)} ≥ {shown(2 * t)}) → 0"
    return f"(1 - ({shown(a)}-{shown(t)})/{shown(t)}) × {w}"


def _reverse_linear_excel(c: ExcelCells) -> str:
    return (
        f"IF({c.t}=0,IF({c.a}<=0,{c.w},0),IF({c.met},{c.w},"
        f"IF({c.a}>=2*{c.t},0,(1-({c.a}-{c.t})/{c.t})*{c.w})))"
    )


def _reverse_ratio_text(a: Decimal, target: Target, shown: Callable[[Decimal], str], w: str) -> str:
    return f"{shown(_value(target))}/{shown(a)} × {w}"


def _reverse_ratio_excel(c: ExcelCells) -> str:
    return f"IF({c.t}=0,IF({c.a}<=0,{c.w},0),IF({c.met},{c.w},{c.t}/{c.a}*{c.w}))"


def _zero_target_excel(c: ExcelCells) -> str:
    return f"IF({c.a}<=0,{c.w},0)"


def _threshold_excel(c: ExcelCells) -> str | None:
    return None if c.met is None else f"IF({c.met},{c.w},0)"


def _range_text(a: Decimal, target: Target, shown: Callable[[Decimal], str], w: str) -> str:
    assert target.high is not None
    if a < _value(target):
        return f"{shown(a)}/{shown(_value(target))} × {w}"
    return f"{shown(target.high)}/{shown(a)} × {w}"


def _range_excel(c: ExcelCells) -> str:
    return f"IF({c.met},{c.w},IF({c.a}<{c.t},{c.a}/{c.t}*{c.w},{c.k}/{c.a}*{c.w}))"


DEFAULT_RULES = Rules(
    {
        rule.name: rule
        for rule in (
            Rule(
                name="proportional",
                zh="正向比例",
                en="proportional",
                compute=proportional,
                ops=frozenset({">=", ">", "="}),
                formula="A/T × W",
                check=_not_negative,
                met=_proportional_met,
                arithmetic=_proportional_text,
                excel=_proportional_excel,
            ),
            Rule(
                name="reverse-linear",
                zh="反向线性",
                en="reverse linear",
                compute=reverse_linear,
                ops=frozenset({"<=", "<"}),
                formula="(1 - (A-T)/T) × W, 0 from 2T",
                check=_not_negative,
                arithmetic=_reverse_linear_text,
                excel=_reverse_linear_excel,
            ),
            Rule(
                name="reverse-ratio",
                zh="反向比例",
                en="reverse ratio",
                compute=reverse_ratio,
                ops=frozenset({"<=", "<"}),
                formula="T/A × W",
                check=_not_negative,
                arithmetic=_reverse_ratio_text,
                excel=_reverse_ratio_excel,
            ),
            Rule(
                name="zero-target",
                zh="零目标",
                en="zero target",
                compute=zero_target,
                ops=frozenset({"=", "<=", "<"}),
                formula="A > 0 → 0",
                check=_zero_only,
                met=_zero_met,
                excel=_zero_target_excel,
            ),
            Rule(
                name="threshold",
                zh="达标得分",
                en="threshold",
                compute=threshold,
                formula="not met → 0",
                check=_not_negative,
                excel=_threshold_excel,
            ),
            Rule(
                name="range",
                zh="区间",
                en="range",
                compute=range_rule,
                ops=frozenset({"range"}),
                formula="below: A/low × W; above: high/A × W",
                check=_not_negative,
                met=_range_met,
                arithmetic=_range_text,
                excel=_range_excel,
            ),
            Rule(
                name="qualitative",
                zh="定性分档",
                en="qualitative tiers",
                ops=frozenset({"qualitative"}),
                input="tier",
            ),
            # Department rules: their settings come from the indicator's own
            # steps:, deduct: or checklist: key (perfeval.department).
            Rule(name="steps", zh="分档", en="steps", formula="bands of the actual"),
            Rule(name="deduct", zh="扣分", en="deduct", formula="points off per unit beyond"),
            Rule(
                name="checklist",
                zh="清单",
                en="checklist",
                input="params",
                ops=frozenset({*QUANTITATIVE_OPS, "qualitative"}),
                formula="criteria met",
            ),
            Rule(
                name="manual",
                zh="人工评分",
                en="manual",
                ops=frozenset({*QUANTITATIVE_OPS, "qualitative"}),
                input="score",
            ),
        )
    }
)

_BUILTIN_NAMES = frozenset(DEFAULT_RULES)


def default_rule_name(target: Target) -> str | None:
    """The rule spec §5 picks for a target, or None if none fits."""
    match target.op:
        case ">=" | ">":
            return "proportional"
        case "<=" | "<":
            return "reverse-linear"
        case "=":
            value = _value(target)
            if value > 0:
                return "proportional"
            return "zero-target" if value == 0 else None
        case "range":
            return "range"
    return "qualitative"
