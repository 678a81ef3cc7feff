"""Spec §4, §5.8, §5.9 and rounding: totals, groups, budget, rescaling."""

from __future__ import annotations

from decimal import Decimal

import pytest

import perfeval
from perfeval import ScorecardError, apportion, from_dict, quantize, score

from .cards import card_dict

D = Decimal


def ten_号_card(**extra: object) -> dict:  # noqa: N802 - the document's name
    """A card with the default 10/50/30/10 weights."""
    data = {
        "perfeval": 1,
        "title": "项目",
        "budget": {"initial": "90万元", "adjusted": "100万元", "spent": "95万元", "note": "n"},
        "indicators": [
            {
                "id": "q1",
                "name": "数量",
                "kind": "数量",
                "weight": 30,
                "target": "≥100件",
                "actual": "100件",
            },
            {
                "id": "q2",
                "name": "质量",
                "kind": "质量",
                "weight": 20,
                "target": "≥95%",
                "actual": "95%",
            },
            {
                "id": "b1",
                "name": "社会",
                "kind": "社会效益",
                "weight": 30,
                "target": "有效",
                "actual": "达成",
            },
            {
                "id": "s1",
                "name": "满意",
                "kind": "满意度",
                "weight": 10,
                "target": "≥90%",
                "actual": "94%",
            },
        ],
    }
    data.update(extra)
    return data


def test_group_subtotals_and_total() -> None:
    """Groups are sums of rounded rows; the total is the sum of groups."""
    result = score(from_dict(ten_号_card()))
    groups = {g.id: (g.weight, g.score) for g in result.groups}
    assert groups == {
        "budget": (D(10), D("9.50")),
        "output": (D(50), D("50.00")),
        "benefit": (D(30), D("30.00")),
        "satisfaction": (D(10), D("10.00")),
    }
    assert result.total == D("99.50")
    assert result.max == D(100)
    assert result.percent == D("99.50")
    assert result.grade.grade == "excellent"


def test_budget_rate_uses_the_adjusted_budget_and_caps_at_one() -> None:
    """rate = spent / adjusted (not initial); score = min(rate, 1) × W."""
    result = score(from_dict(ten_号_card()))
    assert result.budget is not None
    assert result.budget.rate == D("0.95")
    over = ten_号_card(budget={"adjusted": "100万元", "spent": "120万元"})
    assert score(from_dict(over)).budget.score == D("10.00")


def test_budget_amounts_mix_units_exactly() -> None:
    """A bare budget number is in 元; 万元 and 元 mix exactly."""
    card = from_dict(ten_号_card(budget={"adjusted": 1000000, "spent": "95万元", "note": "n"}))
    assert score(card).budget.rate == D("0.95")


def test_not_applicable_rescales_every_remaining_row() -> None:
    """Spec §5.9: dropped points are shared out so the maximum stays 100."""
    data = ten_号_card()
    data["indicators"][0]["applicable"] = False
    del data["indicators"][0]["actual"]
    result = score(from_dict(data))
    weights = {r.id: r.weight for r in result.indicators}
    # 70 points remain; each is scaled by 100/70 and apportioned to the cent:
    # floors 28.57 + 42.85 + 14.28 + 14.28 (budget) = 99.98, two cents missing;
    # b1 has the largest remainder, then s1 and budget tie and 'budget' < 's1'.
    assert weights == {"q1": D(0), "q2": D("28.57"), "b1": D("42.86"), "s1": D("14.28")}
    assert result.budget.weight == D("14.29")
    assert sum(weights.values()) + result.budget.weight == D(100)
    assert result.indicator("q1").score is None
    assert result.indicator("q1").raw_weight == D(30)
    assert (
        result.total
        == sum(r.score for r in result.indicators if r.score is not None) + result.budget.score
    )


def test_apportion_adds_up_and_ignores_order() -> None:
    """Largest remainder: the rescaled weights sum to the total exactly."""
    weights = {f"k{i}": D(10) for i in range(9)}
    out = apportion(weights, D(100), 2)
    assert sum(out.values()) == D(100)
    assert sorted(out.values()) == [D("11.11")] * 8 + [D("11.12")]
    assert out["k0"] == D("11.12")  # ties go to the smaller key
    reversed_out = apportion(dict(reversed(list(weights.items()))), D(100), 2)
    assert reversed_out == out


def test_score_override_is_rescaled_with_its_row() -> None:
    """An evaluator's score is in the row's own points and scales with them."""
    data = card_dict(
        {"id": "a", "weight": 50, "target": ">=1", "actual": 1, "score": 40, "note": "n"},
        {"id": "b", "weight": 25, "target": ">=1", "actual": 1},
        {"id": "c", "weight": 25, "target": ">=1", "applicable": False},
    )
    row = score(from_dict(data)).indicator("a")
    assert row.weight == D("66.67")
    assert row.score == D("53.34")  # 40 × 66.67/50


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2.345", "2.35"),
        ("2.344", "2.34"),
        ("2.355", "2.36"),
        ("0.005", "0.01"),
        ("89.995", "90.00"),
        ("-0.005", "-0.01"),
    ],
)
def test_rounding_is_half_up(value: str, expected: str) -> None:
    """四舍五入: halves go up, unlike Python's round()."""
    assert quantize(D(value), 2) == D(expected)


def test_89_995_is_excellent_after_rounding() -> None:
    """The grade is read from the rounded total: 89.995 → 90.00 → 优."""
    data = card_dict({"weight": 100, "target": ">=100000", "actual": "89995", "note": "n"})
    result = score(from_dict(data))
    assert result.total == D("90.00")
    assert result.grade.zh == "优"


def test_precision_changes_the_rounding() -> None:
    data = card_dict({"weight": 100, "target": ">=3", "actual": 2, "note": "n"}, precision=0)
    assert score(from_dict(data)).total == D(67)
    data = card_dict({"weight": 100, "target": ">=3", "actual": 2, "note": "n"}, precision=4)
    assert score(from_dict(data)).total == D("66.6667")


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"weights": {"output": 40}}, r"the group weights add up to 90 .*expected 100"),
        ({"weights": {"outptu": 40}}, "did you mean 'output'"),
        ({"budget": None}, "needs a budget block"),
    ],
)
def test_weight_sum_errors(change: dict, message: str) -> None:
    """Weights must add up by group and to the total; the message shows the sums."""
    with pytest.raises(ScorecardError, match=message):
        from_dict(ten_号_card(**change))


def test_group_sum_error_names_group_and_sums() -> None:
    data = ten_号_card()
    data["indicators"][0]["weight"] = 25
    with pytest.raises(ScorecardError) as info:
        from_dict(data)
    assert info.value.path == "indicators"
    assert info.value.message == (
        "group 'output' (产出指标): the indicator weights add up to 45, expected 50 (q1 25, q2 20)"
    )


def test_weight_given_as_percent() -> None:
    """A weight written 20% is 20 points of a 100-point card."""
    data = card_dict(
        {"weight": "60%", "target": ">=1", "actual": 1},
        {"weight": "40%", "target": ">=1", "actual": 1},
    )
    card = from_dict(data)
    assert [i.weight for i in card.indicators] == [D(60), D(40)]


def test_weights_with_more_decimals_than_precision_are_rejected() -> None:
    data = card_dict(
        {"weight": "33.335", "target": ">=1", "actual": 1},
        {"weight": "66.665", "target": ">=1", "actual": 1},
    )
    with pytest.raises(ScorecardError, match="more decimals than the card's precision"):
        from_dict(data)


def test_all_not_applicable_is_an_error() -> None:
    data = card_dict({"weight": 100, "target": ">=1", "applicable": False})
    with pytest.raises(ScorecardError, match="nothing is left to score"):
        from_dict(data)


def test_group_weight_zero_may_be_empty_and_budget_weight_zero_needs_no_block() -> None:
    data = card_dict({"weight": 100, "target": ">=1", "actual": 1})
    result = score(from_dict(data))
    assert result.budget is None
    assert [g.score for g in result.groups] == [D(0), D("100.00"), D(0), D(0)]


def test_result_lists_every_indicator_in_order() -> None:
    result = score(from_dict(ten_号_card()))
    assert [r.id for r in result.indicators] == ["q1", "q2", "b1", "s1"]
    assert result.indicator("b1").indicator.aspect == "social"
    with pytest.raises(KeyError):
        result.indicator("nope")


def test_all_errors_are_reported_together() -> None:
    """One ScorecardError lists every problem with its key path."""
    data = ten_号_card()
    data["indicators"][0]["weight"] = -1
    data["indicators"][1]["target"] = "不少于10次以下"
    data["indicators"][2]["kind"] = "效益"
    data["indicators"][3]["wieght"] = 3
    data["precision"] = "two"
    with pytest.raises(ScorecardError) as info:
        from_dict(data)
    paths = [perfeval.core.errors.format_path(p.path) for p in info.value.problems]
    assert paths == [
        "precision",
        "indicators[0].weight",
        "indicators[1].target",
        "indicators[2].aspect",
        "indicators[3].wieght",
    ]
    assert "did you mean 'weight'" in str(info.value)
    assert isinstance(info.value, ValueError)
