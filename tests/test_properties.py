"""Invariants of the scoring rules, pinned with hypothesis."""

from __future__ import annotations

from decimal import Decimal

from hypothesis import assume, given
from hypothesis import strategies as st

from perfeval import DEFAULT_RULES, MOF_2020, Target, from_dict, parse_target, score
from perfeval.core.targets import format_decimal

from .strategies import amounts, cards, signed_amounts, target_texts, weights

COMPUTED = [name for name, rule in DEFAULT_RULES.items() if rule.compute is not None]


def _applicable(rule_name: str, target: Target) -> bool:
    return DEFAULT_RULES[rule_name].problem_with(target) is None


@given(rule=st.sampled_from(COMPUTED), text=target_texts(), actual=signed_amounts, w=weights)
def test_score_is_between_zero_and_weight(
    rule: str, text: str, actual: Decimal, w: Decimal
) -> None:
    """0 ≤ score ≤ W for every rule, target and actual."""
    target = parse_target(text)
    assume(_applicable(rule, target))
    a = max(actual, Decimal(0))
    raw = DEFAULT_RULES[rule].compute(a, target, w)  # type: ignore[misc]
    assert Decimal(0) <= raw <= w


@given(rule=st.sampled_from(COMPUTED), text=target_texts(), actual=amounts, w=weights)
def test_meeting_the_target_gives_full_points(
    rule: str, text: str, actual: Decimal, w: Decimal
) -> None:
    """An actual that meets the target under the rule scores W."""
    target = parse_target(text)
    assume(_applicable(rule, target))
    assume(DEFAULT_RULES[rule].met(actual, target))
    assert DEFAULT_RULES[rule].compute(actual, target, w) == w  # type: ignore[misc]


@given(
    rule=st.sampled_from(["proportional", "threshold", "range"]),
    value=amounts,
    a1=amounts,
    a2=amounts,
    op=st.sampled_from([">=", ">", "="]),
    w=weights,
)
def test_score_never_falls_as_actual_rises_on_positive_targets(
    rule: str, value: Decimal, a1: Decimal, a2: Decimal, op: str, w: Decimal
) -> None:
    target = parse_target(f"{op}{format_decimal(value)}")
    assume(rule != "range" and _applicable(rule, target))
    assume(not (rule == "threshold" and op == "="))  # '=' under threshold is a point, not a floor
    low, high = sorted((a1, a2))
    compute = DEFAULT_RULES[rule].compute
    assert compute(low, target, w) <= compute(high, target, w)  # type: ignore[misc]


@given(
    rule=st.sampled_from(["reverse-linear", "reverse-ratio", "threshold", "zero-target"]),
    value=amounts,
    a1=amounts,
    a2=amounts,
    op=st.sampled_from(["<=", "<"]),
    w=weights,
)
def test_score_never_rises_as_actual_rises_on_reverse_targets(
    rule: str, value: Decimal, a1: Decimal, a2: Decimal, op: str, w: Decimal
) -> None:
    target = parse_target(f"{op}{format_decimal(value)}")
    assume(_applicable(rule, target))
    low, high = sorted((a1, a2))
    compute = DEFAULT_RULES[rule].compute
    assert compute(low, target, w) >= compute(high, target, w)  # type: ignore[misc]


@given(cards())
def test_total_is_the_exact_sum_of_rounded_rows(data: dict) -> None:
    """Every table adds up: total = Σ rounded rows = Σ groups; max = 100."""
    result = score(from_dict(data))
    rows = sum((r.score for r in result.indicators if r.score is not None), Decimal(0))
    assert result.total == rows == sum(g.score for g in result.groups)
    assert Decimal(0) <= result.total <= result.max == Decimal(100)
    for row in result.indicators:
        assert row.score is not None
        assert row.score == row.score.quantize(Decimal("0.01"))
        assert Decimal(0) <= row.score <= row.weight


@given(cards(), st.randoms(use_true_random=False))
def test_indicator_order_changes_nothing(data: dict, rnd) -> None:  # type: ignore[no-untyped-def]
    result = score(from_dict(data))
    shuffled = dict(data, indicators=list(data["indicators"]))
    rnd.shuffle(shuffled["indicators"])
    again = score(from_dict(shuffled))
    assert again.total == result.total
    assert again.grade == result.grade
    assert {r.id: r.score for r in again.indicators} == {r.id: r.score for r in result.indicators}
    assert sorted(again.findings, key=repr) == sorted(result.findings, key=repr)


@given(cards(), st.data())
def test_dropping_rows_keeps_the_maximum(data: dict, draw: st.DataObject) -> None:
    """Not-applicable rows are rescaled away: weights still add up to 100."""
    rows = data["indicators"]
    assume(len(rows) > 1)
    dropped = draw.draw(st.sets(st.integers(0, len(rows) - 1), min_size=1, max_size=len(rows) - 1))
    for i in dropped:
        rows[i] = {k: v for k, v in rows[i].items() if k not in ("actual", "score")}
        rows[i]["applicable"] = False
    result = score(from_dict(data))
    assert sum(r.weight for r in result.indicators) == Decimal(100)
    assert result.total <= Decimal(100)


@given(
    a=st.decimals(min_value=0, max_value=200, places=2),
    b=st.decimals(min_value=0, max_value=100, places=2),
)
def test_grade_never_falls_as_the_total_rises(a: Decimal, b: Decimal) -> None:
    rank = {band.grade: i for i, band in enumerate(reversed(MOF_2020.bands))}
    low, high = sorted((a, b))
    assert rank[MOF_2020.grade(low).grade] <= rank[MOF_2020.grade(high).grade]


@given(
    target=amounts,
    actual=amounts,
    spent=amounts,
    adjusted=st.decimals(min_value=1, max_value=10**6, places=2),
)
def test_money_in_yuan_or_wan_yuan_scores_the_same(
    target: Decimal, actual: Decimal, spent: Decimal, adjusted: Decimal
) -> None:
    """The same card written in 元 and in 万元 scores identically."""

    def card(unit: str, factor: Decimal) -> dict:
        def money(v: Decimal) -> str:
            return f"{format_decimal(v / factor)}{unit}"

        return {
            "perfeval": 1,
            "title": "t",
            "weights": {"budget": 10, "output": 90, "benefit": 0, "satisfaction": 0},
            "budget": {"adjusted": money(adjusted), "spent": money(spent)},
            "indicators": [
                {
                    "id": "c",
                    "name": "成本",
                    "kind": "cost",
                    "weight": 90,
                    "target": f"≤{money(target)}",
                    "actual": money(actual),
                }
            ],
        }

    in_yuan = score(from_dict(card("元", Decimal(1))))
    in_wan = score(from_dict(card("万元", Decimal(10000))))
    assert in_yuan.total == in_wan.total
    assert in_yuan.indicators[0].score == in_wan.indicators[0].score
    assert in_yuan.budget.score == in_wan.budget.score  # type: ignore[union-attr]


@given(target_texts())
def test_parsing_the_canonical_form_gives_back_the_same_target(text: str) -> None:
    target = parse_target(text)
    assert parse_target(str(target)) == target
