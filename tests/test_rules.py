"""Spec §5: every rule at and around each boundary."""

from __future__ import annotations

from decimal import Decimal

import attrs
import pytest

import perfeval
from perfeval import DEFAULT_RULES, ScorecardError, from_dict, parse_target
from perfeval.core.rules import Rule, default_rule_name

from .cards import card_dict, score_one

D = Decimal


@pytest.mark.parametrize(
    ("target", "actual", "expected"),
    [
        # proportional (default for >=, >, and = with T > 0)
        (">=100", "100", "10.00"),  # exactly at the target
        (">=100", "99.99", "10.00"),  # 9.999 rounds half up to 10.00
        (">=100", "99.9", "9.99"),  # just below
        (">=100", "98", "9.80"),
        (">=100", "150", "10.00"),  # never more than W
        (">=100", "0", "0.00"),
        (">=100", "-5", "0.00"),  # a negative actual counts as 0
        (">100", "100", "10.00"),  # strict: not met, yet A/T × W = W
        (">100", "50", "5.00"),
        (">=0", "0", "10.00"),
        (">0", "0", "0.00"),  # T = 0 strict: met only when A > 0
        (">0", "0.001", "10.00"),
        ("=100%", "98%", "9.80"),  # '=' with T > 0 scores as positive
        ("=100%", "105%", "10.00"),
        ("20万条以上", "22.88万条", "10.00"),
        ("20万条以上", "180000", "9.00"),  # a bare actual takes the target's unit
        ("≥90%", "88.5%", "9.83"),  # 88.5/90 × 10 = 9.8333…
        ("≥3", "1", "3.33"),
        ("≥3", "2", "6.67"),  # 6.666… rounds half up
        # reverse-linear (default for <=, <)
        ("<=100", "100", "10.00"),
        ("<=100", "100.01", "10.00"),  # 9.999 → 10.00
        ("<=100", "110", "9.00"),
        ("<=100", "150", "5.00"),
        ("<=100", "199.99", "0.00"),  # 0.001 → 0.00
        ("<=100", "199", "0.10"),
        ("<=100", "200", "0.00"),  # at 2T
        ("<=100", "500", "0.00"),  # beyond 2T
        ("<=100", "-1", "10.00"),
        ("<100", "100", "10.00"),  # strict: not met, formula gives W
        ("≤800万元", "850万元", "9.38"),  # 9.375 rounds half up
        ("≤800万元", "8500000元", "9.38"),  # 元 against 万元 compares exactly
        ("<=0", "0", "10.00"),  # T = 0 scores as zero-target
        ("<=0", "1", "0.00"),
        # zero-target (default for = 0)
        ("=0", "0", "10.00"),
        ("=0", "-1", "10.00"),
        ("=0", "0.01", "0.00"),
        ("=0", "1", "0.00"),
        # range
        ("90%-95%", "90%", "10.00"),
        ("90%-95%", "95%", "10.00"),
        ("90%-95%", "92%", "10.00"),
        ("90%-95%", "45%", "5.00"),  # below: A/low × W
        ("90%-95%", "100%", "9.50"),  # above: high/A × W
        ("90%-95%", "0", "0.00"),
        ("0-5", "0", "10.00"),
        ("0-0", "3", "0.00"),
    ],
)
def test_default_rules(target: str, actual: str, expected: str) -> None:
    """The default rule for each target form scores every boundary as spec §5 says."""
    assert score_one(target, actual).score == D(expected)


@pytest.mark.parametrize(
    ("rule", "target", "actual", "expected"),
    [
        ("reverse-ratio", "<=100", "100", "10.00"),
        ("reverse-ratio", "<=100", "125", "8.00"),
        ("reverse-ratio", "<=100", "200", "5.00"),
        ("reverse-ratio", "<=100", "1000", "1.00"),
        ("reverse-ratio", "<100", "100", "10.00"),
        ("reverse-ratio", "<=0", "5", "0.00"),
        ("reverse-ratio", "<=0", "0", "10.00"),
        ("threshold", ">=100", "100", "10.00"),
        ("threshold", ">=100", "99.99", "0.00"),
        ("threshold", ">100", "100", "0.00"),  # strictness changes the score here
        ("threshold", "=100", "100", "10.00"),
        ("threshold", "=100", "101", "0.00"),
        ("threshold", "<=5", "5", "10.00"),
        ("threshold", "<5", "5", "0.00"),
        ("threshold", "90%-95%", "96%", "0.00"),
        ("threshold", "90%-95%", "90%", "10.00"),
        ("zero-target", "<=0", "0", "10.00"),
        ("zero-target", "=0", "3", "0.00"),
        ("proportional", "=0", "0", "10.00"),
    ],
)
def test_named_rules(rule: str, target: str, actual: str, expected: str) -> None:
    """A rule named with `rule:` replaces the default and keeps its boundaries."""
    assert score_one(target, actual, rule=rule).score == D(expected)


@pytest.mark.parametrize(
    ("target", "rule"),
    [
        (">=5", "proportional"),
        (">5", "proportional"),
        ("=5", "proportional"),
        ("<=5", "reverse-linear"),
        ("<5", "reverse-linear"),
        ("=0", "zero-target"),
        ("90%-95%", "range"),
        ("有效", "qualitative"),
        ("=-5", None),
    ],
)
def test_default_rule_choice(target: str, rule: str | None) -> None:
    assert default_rule_name(parse_target(target)) == rule


@pytest.mark.parametrize(
    ("tier", "score", "expected"),
    [
        ("achieved", None, "10.00"),
        ("达成年度指标", "8", "8.00"),  # lower edge of the achieved band
        ("achieved", "10", "10.00"),
        ("partial", "6", "6.00"),  # lower edge of partial
        ("部分达成", "7.99", "7.99"),  # just below its upper edge
        ("not-achieved", "0", "0.00"),
        ("未达成", "5.99", "5.99"),
    ],
)
def test_qualitative_bands(tier: str, score: str | None, expected: str) -> None:
    """The evaluator picks the point inside the tier's band."""
    extra = {"score": score} if score is not None else {}
    assert score_one("有效", tier, **extra).score == D(expected)


def test_actual_equal_to_qualitative_target_is_achieved() -> None:
    """Forms repeat the target's text as the actual when it was reached."""
    row = score_one("系统24小时正常运行", "系统24小时正常运行")
    assert row.score == D(10)


@pytest.mark.parametrize(
    ("tier", "score", "message"),
    [
        ("achieved", "7.99", r"outside the band .* expected \[8, 10\]"),
        ("partial", "8", r"expected \[6, 8\)"),
        ("partial", "5.99", r"expected \[6, 8\)"),
        ("not-achieved", "6", r"expected \[0, 6\)"),
        ("partial", None, r"needs the evaluator's score in \[6, 8\): add score:"),
        ("not-achieved", None, r"needs the evaluator's score in \[0, 6\): add score:"),
        ("achieved", "11", "above the weight"),
    ],
)
def test_qualitative_band_errors(tier: str, score: str | None, message: str) -> None:
    """A score outside its tier's band, or a missing one, is an error stating the band."""
    extra = {"score": score} if score is not None else {}
    with pytest.raises(ScorecardError, match=message):
        score_one("有效", tier, **extra)


def test_manual_rule_uses_the_score_as_given() -> None:
    assert score_one("有效", "见说明", rule="manual", score="7.25").score == D("7.25")
    with pytest.raises(ScorecardError, match="needs the evaluator's score"):
        score_one("有效", "见说明", rule="manual")


def test_override_replaces_the_computed_score_and_keeps_both() -> None:
    """Spec §5.11: the evaluator's score: on a computed rule."""
    row = score_one(">=100", "150", score="9")
    assert (row.score, row.computed) == (D("9.00"), D("10.00"))
    with pytest.raises(ScorecardError, match="above the weight"):
        score_one(">=100", "150", score="10.5")


@pytest.mark.parametrize(
    ("target", "actual", "message"),
    [
        ("20万条以上", "22.88万件", "cannot be compared"),
        ("≥90%", "94次", "cannot be compared"),
        ("有效", "94", "cannot be scored against the qualitative target"),
        ("城市管理信息系统24小时正常运行", "24小时", "read as qualitative"),
        (">=90%", "achieved", "is a qualitative tier"),
        ("有效", "还行", "names no tier"),
    ],
)
def test_actual_mismatches(target: str, actual: str, message: str) -> None:
    """Units compare within a family only; tiers and numbers do not mix."""
    with pytest.raises(ScorecardError, match=message):
        score_one(target, actual)


@pytest.mark.parametrize(
    ("rule", "target", "message"),
    [
        ("proportional", "<=5", "does not apply"),
        ("reverse-linear", ">=5", "does not apply"),
        ("zero-target", "=5", "needs a target of 0"),
        ("range", ">=5", "does not apply"),
        ("proportional", ">=-5", "needs a target of 0 or more"),
        ("nonsense", ">=5", "unknown rule 'nonsense'"),
        ("proportionl", ">=5", "did you mean 'proportional'"),
    ],
)
def test_rule_target_mismatches(rule: str, target: str, message: str) -> None:
    with pytest.raises(ScorecardError, match=message):
        score_one(target, "5", rule=rule)


def test_rule_qualitative_forces_a_numeric_looking_target() -> None:
    """`rule: qualitative` makes a target that reads as a number a statement."""
    row = score_one("100%", "achieved", rule="qualitative")
    assert row.indicator.target.op == "qualitative"
    assert row.score == D(10)


def test_registry_accepts_a_custom_rule() -> None:
    """A finance tool adds a named rule without editing perfeval."""

    def halves(actual: Decimal, target, weight: Decimal) -> Decimal:  # type: ignore[no-untyped-def]
        return weight if target.is_met(actual) else weight / 2

    rules = DEFAULT_RULES.add(
        Rule(name="halves", zh="减半", en="halves", compute=halves, formula="W/2")
    )
    data = card_dict(
        {"id": "x", "weight": 100, "target": ">=10", "actual": 3, "rule": "halves", "note": "n"}
    )
    card = from_dict(data, rules=rules)
    from perfeval import score

    assert score(card).total == D("50.00")
    assert "halves" not in DEFAULT_RULES  # the default registry is untouched
    with pytest.raises(ScorecardError, match="unknown rule 'halves'"):
        from_dict(data)


def test_custom_rule_results_are_clamped() -> None:
    """No rule, even a buggy one, gives more than W or less than 0."""
    rules = DEFAULT_RULES.add(Rule(name="wild", zh="w", en="w", compute=lambda a, t, w: w * 5))
    rules = rules.add(Rule(name="negative", zh="n", en="n", compute=lambda a, t, w: -w))
    from perfeval import score

    for name, expected in (("wild", "100.00"), ("negative", "0.00")):
        data = card_dict({"weight": 100, "target": ">=10", "actual": 3, "rule": name, "note": "n"})
        assert score(from_dict(data, rules=rules)).total == D(expected)


@pytest.mark.parametrize(
    ("target", "rule"),
    [("-10--5", None), ("-10--5", "threshold"), ("≥-5", "threshold"), ("-3-5", "range")],
)
def test_a_negative_target_is_refused_by_every_rule_that_clamps_the_actual(
    target: str, rule: str | None
) -> None:
    """Actuals below 0 count as 0, so a negative target can never be scored
    honestly: a negative range divided by zero (a traceback), and a threshold
    at -7 inside -10..-5 scored 'not met'."""
    row = {"name": "偏差", "kind": "quantity", "weight": 90, "target": target, "actual": "-7"}
    if rule:
        row["rule"] = rule
    card = {"perfeval": 1, "title": "t", "weights": {"budget": 0}, "indicators": [row]}
    with pytest.raises(ScorecardError, match="needs a target of 0 or more"):
        from_dict(card)


def test_every_computed_rule_is_one_entry_with_its_explanation_and_excel_formula() -> None:
    """One place per rule: the explainer and the workbook ask the rule, so a
    computed built-in rule carries its Excel formula (and, where a score below W
    is computed from the figures, its arithmetic)."""
    from perfeval.core.rules import ExcelCells

    cells = ExcelCells(a="MAX(P9,0)", t="N9", k="O9", w="K9", met="MAX(P9,0)>=N9", op=">=")
    for name, rule in perfeval.DEFAULT_RULES.items():
        if rule.compute is None or rule.input != "number":
            continue
        assert rule.excel is not None, name
        assert "K9" in (rule.excel(cells) or ""), name
    for name in ("proportional", "reverse-linear", "reverse-ratio", "range"):
        assert perfeval.DEFAULT_RULES[name].arithmetic is not None, name


def test_a_finance_tools_rule_brings_its_own_excel_formula() -> None:
    from perfeval.write.excel import score_formula

    halves = perfeval.Rule(
        name="halves", zh="半", en="halves", formula="W/2",
        compute=lambda a, t, w: w if t.is_met(a) else w / 2,
        excel=lambda c: f"IF({c.met},{c.w},{c.w}/2)",
    )  # fmt: skip
    rules = perfeval.DEFAULT_RULES.add(halves)
    card = perfeval.from_dict(
        card_dict({"weight": 100, "target": "≥10", "actual": "5", "rule": "halves"}), rules=rules
    )
    row = perfeval.score(card).indicators[0]
    assert row.score == 50
    assert score_formula(row, 9, 2) == "ROUND(MIN(MAX(IF(MAX(P9,0)>=N9,K9,K9/2),0),K9),2)"
    plain = perfeval.DEFAULT_RULES.add(attrs.evolve(halves, excel=None))
    card = perfeval.from_dict(
        card_dict({"weight": 100, "target": "≥10", "actual": "5", "rule": "halves"}), rules=plain
    )
    assert score_formula(perfeval.score(card).indicators[0], 9, 2) is None
