"""Spec §7: findings, on every score."""

from __future__ import annotations

from decimal import Decimal

import pytest

from perfeval import from_dict, score

from .cards import card_dict

D = Decimal


def findings(*rows: dict, **top: object) -> list[tuple[str, str, str | None]]:
    result = score(from_dict(card_dict(*rows, **top)))
    return [(f.code, f.severity, f.indicator) for f in result.findings]


def test_deviation_unexplained_needs_a_note() -> None:
    row = {"id": "a", "weight": 100, "target": ">=100", "actual": 90}
    assert findings(row) == [("deviation-unexplained", "warning", "a")]
    assert findings({**row, "note": "原因"}) == []


@pytest.mark.parametrize(
    ("target", "actual", "expected"),
    [
        (">=100", "120", True),  # exactly 1.2 T
        (">=100", "119.99", False),
        (">100", "130", True),
        ("=100", "150", True),
        (">=0", "5", False),  # T = 0: no ratio to review
        ("<=100", "500", False),  # reverse targets are never over-achieved
    ],
)
def test_over_achieved(target: str, actual: str, expected: bool) -> None:
    rows = findings({"id": "a", "weight": 100, "target": target, "actual": actual, "note": "n"})
    assert (("over-achieved", "info", "a") in rows) is expected


def test_over_achieved_is_a_warning_without_a_note_and_follows_review_ratio() -> None:
    row = {"id": "a", "weight": 100, "target": ">=100", "actual": 125}
    assert findings(row) == [("over-achieved", "warning", "a")]
    assert findings(row, review_ratio="1.3") == []


def test_budget_under_executed() -> None:
    base = {"id": "a", "weight": 90, "target": ">=1", "actual": 1}
    weights = {"budget": 10, "output": 90, "benefit": 0, "satisfaction": 0}
    low = {"adjusted": 100, "spent": "89.99"}
    assert findings(base, weights=weights, budget=low) == [
        ("budget-under-executed", "warning", "budget")
    ]
    assert findings(base, weights=weights, budget={**low, "note": "项目延期"}) == []
    mid = {"adjusted": 100, "spent": 95}
    assert findings(base, weights=weights, budget=mid) == [
        ("deviation-unexplained", "warning", "budget")
    ]
    assert findings(base, weights=weights, budget={"adjusted": 100, "spent": 90}) == [
        ("deviation-unexplained", "warning", "budget")
    ]


def test_reported_mismatch_total_grade_and_rows() -> None:
    """Reported figures are compared at the decimals they are written to (no
    fixed tolerance); the grade by meaning, not spelling."""
    row = {
        "id": "a",
        "weight": 100,
        "target": ">=100",
        "actual": 95,
        "note": "n",
        "reported": "95.0",
    }
    assert findings(row) == []  # 95.0 against 95.00
    assert findings({**row, "reported": "95.1"}) == [("reported-mismatch", "warning", "a")]
    assert findings({**row, "reported": "95.01"}) == [("reported-mismatch", "warning", "a")]
    assert findings(row, reported={"total": "95", "grade": "优秀"}) == []
    assert findings(row, reported={"total": "95.1"}) == [
        ("reported-mismatch", "warning", None),
        ("reported-sum-mismatch", "warning", None),
    ]
    assert findings(row, reported={"total": "96", "grade": "优"}) == [
        ("reported-mismatch", "warning", None),
        ("reported-sum-mismatch", "warning", None),
    ]
    both = score(from_dict(card_dict(row, reported={"total": "96", "grade": "良好"})))
    assert [f.message for f in both.findings] == [
        "the unit reports a total of 96, perfeval computes 95.00 (reported 1.00 higher)",
        "the form's row scores add up to 95, but its total says 96",
        "the unit reports the grade '良好', the computed total gives 'Excellent' (优)",
    ]


def test_reported_grade_aliases_count_as_the_same_grade() -> None:
    row = {"id": "a", "weight": 100, "target": ">=100", "actual": 95, "note": "n"}
    assert findings(row, reported={"total": 95, "grade": "优秀"}) == []
    assert findings(row, reported={"total": 95, "grade": "优"}) == []
    assert findings(row, reported={"grade": "良好"}) == [("reported-mismatch", "warning", None)]
    assert findings(row, reported={"grade": "卓越"}) == [("reported-mismatch", "warning", None)]


def test_score_adjusted_and_comparator_findings() -> None:
    row = {
        "id": "a",
        "weight": 100,
        "target": ">=100",
        "actual": "≥100",
        "score": 90,
        "note": "目标偏低",
    }
    assert findings(row) == [
        ("score-adjusted", "info", "a"),
        ("actual-has-comparator", "info", "a"),
    ]
    approx = {"id": "a", "weight": 100, "target": ">=100", "actual": "100余", "note": "n"}
    assert findings(approx) == [("actual-approximate", "info", "a")]


def test_findings_never_change_points() -> None:
    row = {"id": "a", "weight": 100, "target": ">=100", "actual": 500}
    result = score(from_dict(card_dict(row)))
    assert result.total == D(100)
    assert [f.code for f in result.findings] == ["over-achieved"]


def test_findings_speak_both_languages() -> None:
    result = score(
        from_dict(card_dict({"id": "a", "weight": 100, "target": ">=100", "actual": 90}))
    )
    finding = result.findings[0]
    assert "no note" in finding.text("en")
    assert "偏差原因" in finding.text("zh")
