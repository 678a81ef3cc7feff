"""Issue 4: the 53号 department framework, facts and formulas, department rules."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

import perfeval
from perfeval import ScorecardError, from_dict, get_framework, score
from perfeval.core.department import monitor

ROOT = Path(__file__).resolve().parent.parent
D = Decimal


def dept(*rows: dict[str, Any], facts: dict[str, Any] | None = None, **top: Any) -> dict:
    """A card on the department framework with all 100 points in 过程."""
    data: dict[str, Any] = {
        "perfeval": 1, "title": "t", "framework": "mof-2013-department",
        "weights": {"input": 0, "process": 100, "output": 0, "effect": 0},
        "indicators": [{"name": f"r{i}", "kind": "预算执行", **row} for i, row in enumerate(rows)],
    }  # fmt: skip
    if facts:
        data["facts"] = facts
    data.update(top)
    return data


def one(row: dict[str, Any], **kw: Any) -> perfeval.IndicatorScore:
    filler = {"id": "filler", "weight": str(100 - D(str(row.get("weight", 10)))),
              "target": "≥1", "actual": 1}  # fmt: skip
    result = score(from_dict(dept({"id": "x", "weight": 10, "note": "n", **row}, filler, **kw)))
    return result.indicator("x")


KEY_SPENDING = [
    {"min": "90%", "points": 10},
    {"min": "80%", "points": 8},
    {"min": "70%", "points": 6},
    {"min": "60%", "points": 4},
    {"points": 0},
]
ADJUSTMENT = [{"max": "0%", "points": 10}, {"max": "10%", "points": 6},
              {"max": "20%", "points": 3}, {"max": "30%", "points": 1}, {"points": 0}]  # fmt: skip


@pytest.mark.parametrize(("steps", "target", "actual", "expected"), [
    (KEY_SPENDING, "≥90%", "95%", "10.00"),
    (KEY_SPENDING, "≥90%", "90%", "10.00"),      # min is inclusive
    (KEY_SPENDING, "≥90%", "89.99%", "8.00"),
    (KEY_SPENDING, "≥90%", "80%", "8.00"),
    (KEY_SPENDING, "≥90%", "60%", "4.00"),
    (KEY_SPENDING, "≥90%", "59.99%", "0.00"),
    (ADJUSTMENT, "≤0%", "0", "10.00"),
    (ADJUSTMENT, "≤0%", "0.01%", "6.00"),        # (0, 10%]
    (ADJUSTMENT, "≤0%", "10%", "6.00"),          # max is inclusive
    (ADJUSTMENT, "≤0%", "10.01%", "3.00"),
    (ADJUSTMENT, "≤0%", "30%", "1.00"),
    (ADJUSTMENT, "≤0%", "31%", "0.00"),
])  # fmt: skip
def test_steps(steps: list, target: str, actual: str, expected: str) -> None:
    assert one({"target": target, "actual": actual, "steps": steps}).score == D(expected)


@pytest.mark.parametrize(("target", "actual", "deduct", "expected"), [
    ("≤100%", "100%", {"per": "1%", "points": 0.5}, "10.00"),
    ("≤100%", "104%", {"per": "1%", "points": 0.5}, "8.00"),
    ("≤100%", "102.5%", {"per": "1%", "points": 0.5}, "8.75"),              # exact
    ("≤100%", "102.5%", {"per": "1%", "points": 0.5, "rounding": "up"}, "8.50"),
    ("≤100%", "102.5%", {"per": "1%", "points": 0.5, "rounding": "down"}, "9.00"),
    ("≤100%", "150%", {"per": "1%", "points": 0.5}, "0.00"),                # floor 0
    ("≤0%", "-14.78%", {"per": "1%", "points": 0.5}, "10.00"),
    ("=0起", "2起", {"per": "1起", "points": 1}, "8.00"),                     # breaches
    ("=0项", "0项", {"per": "1项", "points": 0.5}, "10.00"),
    ("≥90%", "85%", {"per": "1%", "points": 1}, "5.00"),                     # below a floor
    ("80%-90%", "95%", {"per": "1%", "points": 1}, "5.00"),                  # outside a range
])  # fmt: skip
def test_deduct(target: str, actual: str, deduct: dict, expected: str) -> None:
    assert one({"target": target, "actual": actual, "deduct": deduct}).score == D(expected)


def test_checklist() -> None:
    items = [{"item": "制度存在", "met": True}, {"item": "合法完整", "met": True},
             {"item": "有效执行", "met": False}]  # fmt: skip
    row = one({"weight": 3, "target": "制度健全", "checklist": items})
    assert row.score == D("2.00")
    assert "有效执行 ✗" in row.explain("zh")
    weighted = [{"item": "a", "met": True, "points": 2}, {"item": "b", "met": False, "points": 1}]
    assert one({"weight": 3, "target": "x", "checklist": weighted}).score == D("2.00")


@pytest.mark.parametrize(("row", "message"), [
    ({"target": "≥90%", "actual": "95%", "steps": [{"min": "80%", "points": 5},
                                                    {"min": "90%", "points": 8}]},
     "overlap or are out of order at 90"),
    ({"target": "≥90%", "actual": "95%", "steps": [{"min": "90%", "points": 5}]},
     r"values below 90 fall in no step"),
    ({"target": "≤0%", "actual": "5%", "steps": [{"max": "10%", "points": 5}]},
     r"values above 10 fall in no step"),
    ({"target": "≥90%", "actual": "95%", "steps": [{"min": "90%", "points": 12}, {"points": 0}]},
     "more than the weight"),
    ({"target": "≥90%", "actual": "95%", "steps": [{"points": 0}, {"min": "90%", "points": 5}]},
     "only the last step may have no bound"),
    ({"target": "≥90%", "actual": "95%", "steps": [{"min": "90%", "points": 5},
                                                    {"max": "10%", "points": 0}]},
     "either min .* or max"),
    ({"target": "≥90%", "actual": "95%", "steps": [{"min": "90天", "points": 5}, {"points": 0}]},
     "is in 天, the target in %"),
    ({"target": "≤100%", "actual": "95%", "deduct": {"per": "0%", "points": 1}}, "above 0"),
    ({"target": "≤100%", "actual": "95%", "deduct": {"per": "1%"}}, "'points' is required"),
    ({"target": "≤100%", "actual": "95%", "rule": "deduct"}, "needs its 'deduct:' settings"),
    ({"target": "≤100%", "actual": "95%", "rule": "threshold",
      "deduct": {"per": "1%", "points": 1}}, "goes with rule: deduct"),
    ({"target": "x", "checklist": [{"item": "a", "met": "yes"}]}, "expected true or false"),
    ({"target": "x", "checklist": [{"item": "a", "met": True, "points": 20}]},
     "more than the weight"),
])  # fmt: skip
def test_settings_errors(row: dict, message: str) -> None:
    with pytest.raises(ScorecardError, match=message):
        one(row)


def test_formula_computes_the_actual_from_facts() -> None:
    facts = {"在职人员数": "23人", "编制数": "22人"}
    row = one({"target": "≤100%", "formula": "在职人员数 / 编制数",
               "deduct": {"per": "1%", "points": 0.5}}, facts=facts)  # fmt: skip
    assert round(row.actual_value, 20) == D("104.54545454545454545455")
    assert row.score == D("7.73")  # 10 − 0.5 × 4.545…
    assert "在职人员数 / 编制数 = " in row.explain("zh")
    assert "在职人员数 23人, 编制数 22人" in row.explain("zh")


@pytest.mark.parametrize(("formula", "facts", "message"), [
    ("在职人员数 / 编制数", {"在职人员数": "23人"}, "the fact '编制数' is missing"),
    ("在职人员数 / 编制数", {"在职人员数": "23人", "编制数": "0人"}, "may be 0"),
    ("在职人员数 + 经费", {"在职人员数": "23人", "经费": "5万元"}, "cannot add 人 and 元"),
    ("在职人员数 /", {"在职人员数": "23人"}, "expected a figure's name"),
])  # fmt: skip
def test_formula_errors(formula: str, facts: dict, message: str) -> None:
    with pytest.raises(ScorecardError, match=message):
        one({"target": "≤100%", "formula": formula}, facts=facts)


def test_formula_and_actual_together_is_an_error() -> None:
    with pytest.raises(ScorecardError, match="an actual or a formula, not both"):
        one({"target": "≤100%", "formula": "a / b", "actual": "95%"}, facts={"a": 1, "b": 2})


def test_standard_settings_scale_with_the_cards_weight() -> None:
    """A card that gives a standard other points gets its settings scaled:
    the Yueyang bands award 5/4/3/2 of 5, so of 30 they award 30/24/18/12."""
    data = {
        "perfeval": 1, "title": "t", "framework": "mof-2013-department",
        "weights": {"input": 100, "process": 0, "output": 0, "effect": 0},
        "facts": {"在职人员数": "21人", "编制数": "20人", "本年三公经费": "3万元",
                  "上年三公经费": "2万元", "重点项目支出": "85万元", "项目总支出": "100万元"},
        "indicators": [{"standard": "staff-control", "weight": 40, "note": "n"},
                       {"standard": "“三公经费”变动率", "weight": 30, "note": "n"},
                       {"standard": "key-spending", "weight": 30, "note": "n"}],
    }  # fmt: skip
    result = score(from_dict(data))
    rows = {r.id: (r.indicator.name, r.score) for r in result.indicators}
    assert rows == {
        "staff-control": ("在职人员控制率", D("20.00")),  # 105%: 40 − 4 × 5
        "three-public-change": ("“三公经费”变动率", D("0.00")),  # +50%: 30 − 3 × 50, floor 0
        "key-spending": ("重点支出安排率", D("24.00")),  # 85% → 4 of 5 → 24 of 30
    }


def test_standard_defaults_from_yueyang() -> None:
    """With the framework's own points, the Yueyang rules apply as published."""
    data = {
        "perfeval": 1, "title": "t", "framework": "mof-2013-department",
        "weights": {"input": 15, "process": 85, "output": 0, "effect": 0},
        "facts": {"在职人员数": "22人", "编制数": "20人", "本年三公经费": "3万元",
                  "上年三公经费": "2万元", "重点项目支出": "85万元", "项目总支出": "100万元"},
        "indicators": [{"standard": "staff-control", "note": "n"},
                       {"standard": "three-public-change", "note": "n"},
                       {"standard": "key-spending", "note": "n"},
                       {"name": "过程", "kind": "预算执行", "weight": 85, "target": "≥1",
                        "actual": 1}],
    }  # fmt: skip
    result = score(from_dict(data))
    scores = {r.id: r.score for r in result.indicators}
    assert scores["staff-control"] == D("0.00")  # 110%: 5 − 0.5 × 10 = 0
    assert scores["three-public-change"] == D("0.00")  # +50%: floor 0
    assert scores["key-spending"] == D("4.00")  # 85% → [80, 90) → 4


def test_unknown_standard() -> None:
    message = r"no standard indicator 'staff-contrl'.*staff-control"
    with pytest.raises(ScorecardError, match=message):
        from_dict(dept({"standard": "staff-contrl"}))


def test_every_standard_of_the_shipped_framework_is_usable() -> None:
    """Each standard, given what its rule needs, loads and scores."""
    framework = get_framework("mof-2013-department")
    for std in framework.standards:
        group = framework.kind(framework.resolve_kind(std["kind"])[0]).group
        weights = {g.id: (100 if g.id == group else 0) for g in framework.groups}
        row: dict[str, Any] = {"standard": std["id"], "weight": 100, "note": "n"}
        if "formula" in std:
            names = [n for n in std["formula"].replace("(", " ").replace(")", " ").split()
                     if n not in "+-*/"]  # fmt: skip
            row["facts"] = {n: "1" for n in names}
        elif std.get("rule") == "checklist":
            row["checklist"] = [{"item": "x", "met": True}]
        elif std.get("rule") == "qualitative":
            row["actual"] = "achieved"
        else:
            row["actual"] = "0" + (std["target"][-1] if not std["target"][-1].isdigit() else "")
        facts = row.pop("facts", None)
        data = {"perfeval": 1, "title": "t", "framework": "mof-2013-department",
                "weights": weights, "indicators": [row]}  # fmt: skip
        if facts:
            data["facts"] = facts
        result = score(from_dict(data))
        assert 0 <= result.total <= 100, std["id"]


def test_monitoring() -> None:
    status = monitor(D(1200), D(700), 9)
    assert (status.expected, status.status) == (D(900), "yellow")  # 77.8% of the pace
    assert monitor(D(1200), D(720), 9).status == "green"  # 80%
    assert monitor(D(1200), D(539), 9).status == "red"  # 59.9%
    assert monitor(D(1200), D(100), 1, (D("0.9"), D("0.5"))).status == "green"
    with pytest.raises(ValueError, match="month"):
        monitor(D(1), D(1), 13)


def test_monitoring_in_a_card() -> None:
    card = {"perfeval": 1, "title": "t",
            "budget": {"adjusted": "1200万元", "spent": "500万元", "month": 9, "note": "n"},
            "weights": {"budget": 10, "output": 90, "benefit": 0, "satisfaction": 0},
            "indicators": [{"name": "a", "kind": "数量", "weight": 90, "target": "≥1",
                            "actual": 1}]}  # fmt: skip
    result = score(from_dict(card))
    (finding,) = [f for f in result.findings if f.code == "budget-behind"]
    assert finding.severity == "warning"
    assert finding.text("zh") == "截至9月，支出为序时进度的55.56%（红灯）"
    card["budget"]["thresholds"] = {"green": "50%", "yellow": "40%"}
    assert not [f for f in score(from_dict(card)).findings if f.code == "budget-behind"]
    card["budget"]["thresholds"] = {"green": "40%", "yellow": "50%"}
    with pytest.raises(ScorecardError, match="green must start above yellow"):
        from_dict(card)


def test_the_department_example() -> None:
    """Every ratio the seed report's figures allow, each with its formula."""
    result = score(perfeval.load(ROOT / "examples" / "yueyang-2020-department.yaml"))
    computed = {r.id: (r.indicator.formula, round(r.indicator.actual.value, 2))
                for r in result.indicators if r.indicator.formula and r.applicable}  # fmt: skip
    assert computed == {
        "staff-control": ("在职人员数 / 编制数", D("100.00")),
        "three-public-change": ("(本年三公经费 - 上年三公经费) / 上年三公经费", D("-14.78")),
        "budget-completion": ("预算完成数 / 预算数", D("106.18")),
        "budget-adjustment": ("预算调整数 / 预算数", D("6.18")),
        "carry-over": ("结转结余总额 / 上年结转结余总额", D("72.97")),
        "three-public-control": ("三公经费实际支出 / 三公经费预算", D("82.67")),
        "fixed-asset-use": ("在用固定资产总额 / 所有固定资产总额", D("100.00")),
        "completion": ("实际完成工作数 / 计划工作数", D("100.00")),
        "timeliness": ("及时完成工作数 / 实际完成工作数", D("100.00")),
        "quality": ("质量达标工作数 / 实际完成工作数", D("100.00")),
        "key-tasks": ("重点工作办结数 / 重点工作总数", D("100.00")),
    }
    assert result.total == D("96.43")
    assert sum(r.weight for r in result.indicators) == D(100)


# --- properties ---------------------------------------------------------------------

POINTS = st.decimals(min_value=D("0.1"), max_value=D(5), places=1)
ACTUALS = st.decimals(min_value=D(-50), max_value=D(300), places=2)


@given(
    a1=ACTUALS,
    a2=ACTUALS,
    per=POINTS,
    points=POINTS,
    op=st.sampled_from(["≤100%", "≥80%"]),
    how=st.sampled_from(["exact", "up", "down"]),
)
def test_deduct_is_bounded_and_monotone(
    a1: Decimal, a2: Decimal, per: Decimal, points: Decimal, op: str, how: str
) -> None:
    """Never above the points, never below 0 (扣完为止), and never better for
    moving further past the target."""

    def at(actual: Decimal) -> Decimal:
        row = one({"target": op, "actual": f"{actual}%",
                   "deduct": {"per": f"{per}%", "points": points, "rounding": how}})  # fmt: skip
        assert row.score is not None
        return row.score

    s1, s2 = at(a1), at(a2)
    assert D(0) <= s1 <= D(10)
    s_low, s_high = (s1, s2) if a1 <= a2 else (s2, s1)
    if op.startswith("≤"):
        assert s_low >= s_high
    else:
        assert s_low <= s_high


@given(a1=ACTUALS, a2=ACTUALS)
def test_steps_are_bounded_and_monotone(a1: Decimal, a2: Decimal) -> None:
    def at(actual: Decimal) -> Decimal:
        row = one({"target": "≥90%", "actual": f"{actual}%", "steps": KEY_SPENDING})
        assert row.score is not None
        return row.score

    low, high = sorted((a1, a2))
    assert D(0) <= at(low) <= at(high) <= D(10)


@given(
    st.lists(
        st.tuples(st.booleans(), st.decimals(min_value=D("0.1"), max_value=D(2), places=1)),
        min_size=1,
        max_size=5,
    )
)
def test_checklist_is_bounded_and_counts_what_is_met(items: list) -> None:
    total = sum(p for _, p in items)
    weight = max(D(10), total)
    checklist = [{"item": f"c{i}", "met": met, "points": str(p)} for i, (met, p) in
                 enumerate(items)]  # fmt: skip
    row = one({"weight": str(weight), "target": "x", "checklist": checklist})
    expected = sum((p for met, p in items if met), D(0))
    assert row.score == expected.quantize(D("0.01"))
    assert D(0) <= row.score <= weight


def test_bad_points_in_a_custom_standard_are_reported_not_raised(tmp_path: Path) -> None:
    """A framework's standard with settings that are no numbers: an error, no crash."""
    framework = tmp_path / "fw.yaml"
    framework.write_text(
        "perfeval-framework: 1\nid: fw\ntotal: 100\ngroups:\n  - {id: g, weight: 100}\n"
        "kinds:\n  - {id: k, group: g}\nstandards:\n"
        "  - {id: s, name: 标准, kind: k, points: 5, target: ≥90%,\n"
        "     steps: [{min: 90%, points: abc}, {points: 0}]}\n",
        encoding="utf-8",
    )
    card = tmp_path / "card.yaml"
    card.write_text(
        "perfeval: 1\ntitle: t\nframework: fw.yaml\nindicators:\n"
        "  - {standard: s, weight: 100, actual: 95%}\n",
        encoding="utf-8",
    )
    with pytest.raises(ScorecardError, match=r"points: expected points; found 'abc'"):
        perfeval.load(card)


def test_the_worked_values_in_the_docs_are_what_perfeval_computes() -> None:
    """docs/frameworks.md's table of the seed unit's ratios matches the example."""
    result = score(perfeval.load(ROOT / "examples" / "yueyang-2020-department.yaml"))
    doc = (ROOT / "docs" / "frameworks.md").read_text(encoding="utf-8")
    for row in result.indicators:
        if row.indicator.formula and row.applicable and row.id not in ("timeliness", "quality"):
            assert f"| {row.score} of {row.weight}" in doc or f"{row.score}, " in doc, row.id
    assert "The total is 96.43" in doc
    assert result.total == D("96.43")
