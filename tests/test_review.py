"""Reviewing published forms: departures as findings, scores compared at the
precision they are written to, and the review command."""

from __future__ import annotations

import io
import json
import re
from decimal import Decimal
from pathlib import Path
from typing import Any, ClassVar

import pytest
from hypothesis import given
from hypothesis import strategies as st

import perfeval
from perfeval.cli import main
from perfeval.core.findings import agrees, decimals
from perfeval.core.scoring import quantize
from perfeval.read.card_data import card_data
from perfeval.reviewing import departs, distance

from .cards import card_dict
from .strategies import cards

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "examples" / "zhongjiang-2022.yaml"
D = Decimal


def review(*rows: dict[str, Any], **top: Any) -> perfeval.Result:
    return perfeval.review(card_dict(*rows, **top))


def codes(result: perfeval.Result) -> list[tuple[str, str, str | None]]:
    """The warnings of a result (a card of test rows puts all points in the
    output group, which is always a group-weights-depart info in review)."""
    return [(f.code, f.severity, f.indicator) for f in result.findings if f.severity == "warning"]


class TestPrecision:
    """A published score is compared at the decimals it is written to."""

    @pytest.mark.parametrize(
        ("published", "exact", "agreed"),
        [
            # 37442/38508 × 3 = 2.9169…
            ("3", D(37442) / D(38508) * 3, True),
            ("3.0", D(37442) / D(38508) * 3, False),  # 2.9 at one decimal
            ("2.9", D(37442) / D(38508) * 3, True),
            ("2.92", D(37442) / D(38508) * 3, True),
            ("2.917", D(37442) / D(38508) * 3, True),
            ("2.91", D(37442) / D(38508) * 3, False),
            ("1.8", D(37442) / D(38508) * 3, False),
            # 203/214 × 2 = 1.8971…
            ("1.8", D(203) / D(214) * 2, False),
            ("1.9", D(203) / D(214) * 2, True),
            ("1.90", D(203) / D(214) * 2, True),
            ("2", D(203) / D(214) * 2, True),
            # 97.30% of 100% × 2 = 1.946: 1.9 agrees, although 1.95 would round to 2.0
            ("1.9", D("1.946"), True),
            ("2.0", D("1.946"), False),
            ("1.95", D("1.946"), True),
            # halves round up (四舍五入), never to even
            ("3", D("2.5"), True),
            ("2", D("2.5"), False),
            ("0.13", D("0.125"), True),
        ],
    )
    def test_agrees_at_written_decimals(self, published: str, exact: D, agreed: bool) -> None:
        """The exact score rounded once, half up, to the published decimals."""
        assert agrees(D(published), exact) is agreed

    @pytest.mark.parametrize(("text", "places"), [("3", 0), ("3.0", 1), ("2.92", 2), ("1E+1", 0)])
    def test_decimals_as_written(self, text: str, places: int) -> None:
        assert decimals(D(text)) == places

    @pytest.mark.parametrize(
        ("reported", "mismatch"),
        [("3", False), (3, False), ("2.9", False), ("2.92", False), ("2.91", True), ("1.8", True)],
    )
    def test_row_compared_at_its_precision(self, reported: Any, mismatch: bool) -> None:
        """37442 of 38508 on 3 points, scored by the rules and by the form."""
        row = {"id": "r", "weight": 3, "target": "≥38508", "actual": 37442, "note": "n"}
        result = review({**row, "reported": reported})
        assert result.indicator("r").score == D("2.92")
        assert (("reported-mismatch", "warning", "r") in codes(result)) is mismatch

    def test_row_of_203_of_214_published_as_1_8_departs(self) -> None:
        row = {"id": "r", "weight": 2, "target": "≥214", "actual": 203, "note": "n"}
        result = review({**row, "reported": "1.8"})
        (finding,) = [f for f in result.findings if f.code == "reported-mismatch"]
        assert (
            finding.message
            == "'indicator 0': the form reports 1.8, perfeval computes 1.90 (reported 0.10 lower)"
        )
        assert not any(
            f.code == "reported-mismatch" for f in review({**row, "reported": "1.9"}).findings
        )

    def test_satisfaction_1_946_published_as_1_9_agrees(self) -> None:
        """Round once: 1.946 is 1.9 at one decimal, though 1.95 would give 2.0."""
        row = {"id": "s", "weight": 2, "target": "≥100%", "actual": "97.30%", "note": "n"}
        assert "reported-mismatch" not in [c[0] for c in codes(review({**row, "reported": "1.9"}))]
        assert ("reported-mismatch", "warning", "s") in codes(review({**row, "reported": "2.0"}))

    def test_budget_and_total_at_their_precision(self) -> None:
        """The budget row (37.24/43.2 × 10 = 8.62) published as 9, a total as 98."""
        row = {"id": "r", "weight": 90, "target": "≥1", "actual": 1, "reported": 90}
        budget = {"adjusted": "43.2万元", "spent": "37.24万元", "note": "尾款", "reported": 9}
        weights = {"budget": 10, "output": 90, "benefit": 0, "satisfaction": 0}
        result = review(row, weights=weights, budget=budget, reported={"total": 99})
        assert result.total == D("98.62")
        assert codes(result) == []  # 8.62 is 9 in whole points; 98.62 is 99
        result = review(row, weights=weights, budget={**budget, "reported": "8.7"})
        assert codes(result) == [("reported-mismatch", "warning", "budget")]


class TestFindings:
    """Each departure of a published form, as a finding."""

    def test_weights_off_total_by_how_much_and_group_weights(self) -> None:
        rows = [
            {"id": "a", "weight": 70, "target": "≥1", "actual": 1},
            {"id": "b", "kind": "满意度", "weight": 20, "target": "≥90%", "actual": "95%"},
        ]
        weights = {"budget": 10, "output": 70, "benefit": 0, "satisfaction": 20}
        budget = {"adjusted": 10, "spent": 10}
        result = review(*rows, weights=weights, budget=budget)
        assert [(f.code, f.severity) for f in result.findings] == [("group-weights-depart", "info")]
        assert result.findings[0].message == (
            "the level-1 points depart from the framework's: output 70 (usually 50), "
            "benefit 0 (usually 30), satisfaction 20 (usually 10)"
        )
        assert result.max == 100  # 10 + 70 + 20: the total is kept, the groups depart
        rows[0]["weight"] = 80
        result = review(*rows, weights=weights, budget=budget)
        assert codes(result)[:2] == [
            ("weights-off-total", "warning", None),  # the group, named in the message
            ("weights-off-total", "warning", None),
        ]
        assert result.findings[0].message == (
            "group 'output' (产出指标): its rows' points add up to 80, the form prints 70 (10 more)"
        )
        assert result.findings[1].message.endswith("not the total 100 (10 more)")
        assert result.max == 110
        assert result.total == D("110.00")

    def test_a_group_left_out_of_weights_has_the_points_of_its_rows(self) -> None:
        """weights: {budget: 0} and one benefit row of 100, published 100: the
        printed points were summed with the framework's defaults (90), a false
        weights-off-total."""
        row = {"id": "c", "kind": "社会效益指标", "weight": 100, "target": "有积极影响",
               "actual": "达成", "reported": 100}  # fmt: skip
        result = review(row, weights={"budget": 0}, reported={"total": 100})
        assert [(f.code, f.severity) for f in result.findings] == [("group-weights-depart", "info")]
        assert result.total == D("100.00")
        assert not departs(result)

    def test_author_mode_still_refuses_what_review_reads(self) -> None:
        data = card_dict({"id": "a", "weight": 110, "target": "≥1", "actual": 1})
        data["weights"] = {**data["weights"], "output": 110}
        with pytest.raises(perfeval.ScorecardError, match="add up to 110"):
            perfeval.from_dict(data)
        assert perfeval.review(data).total == D("110.00")

    @pytest.mark.parametrize(
        "budget",
        [
            {"initial": 0, "adjusted": 0, "spent": 0, "reported": 0},
            {"adjusted": "0万元", "spent": "0万元", "reported": 0},
            None,  # no budget block at all, though the group has points
        ],
    )
    def test_budget_missing_scored_as_published(self, budget: dict[str, Any] | None) -> None:
        """年度资金总额 0/0/0, 分值 10, 得分 0: the money was spent, the row is empty."""
        row = {"id": "a", "weight": 90, "target": "≥1", "actual": 1, "reported": 90}
        top: dict[str, Any] = {"weights": {"budget": 10, "output": 90, "benefit": 0,
                                           "satisfaction": 0}}  # fmt: skip
        if budget is not None:
            top["budget"] = budget
        result = review(row, **top)
        assert result.budget is not None
        assert result.budget.score == 0
        assert result.total == D("90.00")
        assert ("budget-missing", "warning", None) in codes(result)
        with pytest.raises(perfeval.ScorecardError):
            perfeval.from_dict(card_dict(row, **top))

    def test_budget_missing_keeps_a_published_score(self) -> None:
        row = {"id": "a", "weight": 90, "target": "≥1", "actual": 1}
        weights = {"budget": 10, "output": 90, "benefit": 0, "satisfaction": 0}
        result = review(row, weights=weights, budget={"adjusted": 0, "spent": 0, "reported": 10})
        assert result.budget is not None
        assert result.budget.score == 10
        assert (
            result.findings[0].zh
            == "预算执行情况未填金额或金额为0，执行率无法计算；按表中得分10分计"
        )

    def test_reported_sum_mismatch(self) -> None:
        rows = [
            {"id": "a", "weight": 50, "target": "≥1", "actual": 1, "reported": 50},
            {"id": "b", "weight": 50, "target": "≥1", "actual": 1, "reported": 50},
        ]
        assert codes(review(*rows, reported={"total": 100})) == []
        result = review(*rows, reported={"total": 90})
        assert codes(result) == [
            ("reported-mismatch", "warning", None),
            ("reported-sum-mismatch", "warning", None),
        ]
        assert result.findings[-1].zh == "表中各项得分合计100分，而总分填报90分"
        # a row without a published score: the form's sum cannot be checked
        unscored = {k: v for k, v in rows[1].items() if k != "reported"}
        assert codes(review(rows[0], unscored, reported={"total": 100})) == []

    @pytest.mark.parametrize(
        ("row", "why"),
        [
            ({"target": "≥100", "actual": 100, "reported": 9}, "without a reason"),
            ({"target": "≥100", "actual": 100, "reported": 9, "note": "质量一般"},
             "the form's reason for less: '质量一般'"),
            ({"target": "≥100", "actual": 50, "reported": 8, "note": "n"},
             "more than the rules allow"),
            ({"target": "有效", "actual": "达成", "reported": 8}, "without a reason"),
            ({"target": "有效", "actual": "部分达成", "reported": 9, "note": "n"},
             "more than the rules allow"),
            ({"target": "≥100", "actual": 100, "reported": 12}, "more than the row's points"),
        ],
    )  # fmt: skip
    def test_reported_mismatch_says_why(self, row: dict[str, Any], why: str) -> None:
        result = review({"id": "r", "weight": 10, **row})
        mismatches = [f for f in result.findings if f.code == "reported-mismatch"]
        assert len(mismatches) == 1
        assert why in mismatches[0].message

    def test_qualitative_rows_scored_by_the_rules_in_review(self) -> None:
        """Achieved: full points, as score gives them (less is a finding, with the
        form's reason); partial: the published score inside its band."""
        base = {"id": "q", "weight": 10, "target": "有效"}
        assert review({**base, "actual": "达成", "reported": 8}).total == D("10.00")
        noted = review({**base, "actual": "达成", "reported": 8, "note": "部分村未覆盖"})
        assert noted.total == D("10.00")
        (finding,) = [f for f in noted.findings if f.code == "reported-mismatch"]
        assert finding.message.endswith("the form's reason for less: '部分村未覆盖'")
        assert review({**base, "actual": "部分达成", "reported": 9, "note": "n"}).total == D("7.99")
        assert review({**base, "actual": "部分达成", "reported": 7, "note": "n"}).total == D("7.00")

    def test_free_text_actual_takes_the_tier_of_its_score(self) -> None:
        row = {
            "id": "q",
            "weight": 10,
            "target": "对维护基建市场公平的影响程度",
            "actual": "效果明显",
        }
        result = review({**row, "reported": 10})
        assert result.indicator("q").score == 10
        assert result.indicator("q").indicator.actual is perfeval.Tier.ACHIEVED
        assert result.indicator("q").indicator.actual_text == "效果明显"
        shown = perfeval.reviewing.render_review([result], "markdown", "zh")
        assert "| 效果明显（达成年度指标） |" in shown
        partial = perfeval.score(perfeval.from_dict(card_dict({**row, "weight": 100, "score": 70})))
        assert partial.indicator("q").indicator.actual is perfeval.Tier.PARTIAL
        with pytest.raises(perfeval.ScorecardError, match=r"partial .* \[60, 80\)"):
            perfeval.from_dict(card_dict({**row, "weight": 100}))

    @pytest.mark.parametrize(
        ("target", "actual", "reported", "total"),
        [
            ("按时完成", "未按时完成", 10, D("5.99")),
            ("是", "否", 10, D("5.99")),
            ("合格", "不合格", 5, D("5.00")),
            ("达到预期", "未达到预期", 0, D("0.00")),
            ("有效", "无效", 10, D("5.99")),
            ("已完成", "未完成", 10, D("5.99")),
            ("不超标", "超标", 10, D("5.99")),
            ("按时完成", "基本完成", 10, D("10")),  # says nothing by itself: scored as published
            ("无安全事故", "否", 10, D("10")),  # a bare 否 against a negative statement: unclear
        ],
    )
    def test_an_actual_that_negates_the_target_is_not_achieved(
        self, target: str, actual: str, reported: int, total: D
    ) -> None:
        """否 against 是, 未按时完成 against 按时完成 with full points were
        shown as met, with no finding: the actual says the target was not
        met, so the row is scored in the not-achieved band."""
        row = {"id": "q", "weight": 10, "target": target, "actual": actual, "reported": reported}
        result = review({**row, "note": "原因"})
        assert result.indicator("q").score == total
        # a tier's own word (未完成) is the tier; other text is kept as written
        written = None if perfeval.parse_tier(actual) else actual
        assert result.indicator("q").indicator.actual_text == written
        mismatch = [f for f in result.findings if f.code == "reported-mismatch"]
        assert bool(mismatch) is (total != reported)
        if total < 6:
            assert result.indicator("q").indicator.actual is perfeval.Tier.NOT_ACHIEVED
            shown = perfeval.reviewing.render_review([result], "markdown", "zh")
            tier = "未达成年度指标且效果较差"
            assert f"| {f'{written}（{tier}）' if written else tier} |" in shown

    def test_a_negated_actual_needs_the_evaluators_score_when_scoring(self) -> None:
        row = {"id": "q", "weight": 100, "target": "按时完成", "actual": "未按时完成"}
        with pytest.raises(perfeval.ScorecardError) as caught:
            perfeval.from_dict(card_dict(row))
        assert caught.value.problems[0].message == (
            "the actual '未按时完成' says the target '按时完成' was not met, so the row is not "
            "achieved and needs the evaluator's score in [0, 60): add score:"
        )
        scored = perfeval.score(perfeval.from_dict(card_dict({**row, "score": 30})))
        assert scored.indicator("q").score == 30

    @pytest.mark.parametrize("actual", ["0.95", 0.95, D("0.95"), "1"])
    def test_actual_looks_like_fraction(self, actual: Any) -> None:
        row = {"id": "p", "weight": 100, "target": "≥90%", "actual": actual, "note": "n"}
        result = perfeval.score(perfeval.from_dict(card_dict(row)))
        assert ("actual-looks-like-fraction", "warning", "p") in codes(result)
        (finding,) = [f for f in result.findings if f.code == "actual-looks-like-fraction"]
        assert "write '" in finding.message
        assert "%'" in finding.message

    @pytest.mark.parametrize(
        ("target", "actual"), [("≥90%", "95%"), ("≥90%", "95"), ("≥0.5%", "0.3"), ("≥90", "0.95")]
    )
    def test_no_fraction_warning(self, target: str, actual: str) -> None:
        row = {"id": "p", "weight": 100, "target": target, "actual": actual, "note": "n"}
        result = perfeval.score(perfeval.from_dict(card_dict(row)))
        assert "actual-looks-like-fraction" not in [c[0] for c in codes(result)]

    @pytest.mark.parametrize(
        ("target", "actual", "warned"),
        [("≥0.9", "85%", True), ("≤0.05", "3%", True), ("0.9-1", "95%", True),
         ("≥0.9", "0.85", False), ("≥90", "85%", False), ("≥90%", "85%", False)],
    )  # fmt: skip
    def test_target_looks_like_fraction(self, target: str, actual: str, warned: bool) -> None:
        """The mirror: a bare target of at most 1 against an actual in %, which
        scored ≤0.05 against 3% as 0 and ≥0.9 against 85% as 9444% of it."""
        row = {"id": "p", "weight": 100, "target": target, "actual": actual, "note": "n"}
        result = perfeval.score(perfeval.from_dict(card_dict(row)))
        found = ("target-looks-like-fraction", "warning", "p") in codes(result)
        assert found is warned

    def test_fraction_message(self) -> None:
        row = {"id": "p", "weight": 100, "target": "≥90%", "actual": "0.95", "note": "n"}
        result = perfeval.score(perfeval.from_dict(card_dict(row)))
        finding = next(f for f in result.findings if f.code == "actual-looks-like-fraction")
        assert finding.message == (
            "'indicator 0': the actual '0.95' has no unit and is read as 0.95% against '≥90%'; "
            "if 95% was meant, write '95%'"
        )


class TestUnreadable:
    """Only what makes a form unreadable stays an error in review."""

    @pytest.mark.parametrize(
        ("data", "message"),
        [
            ({"perfeval": 1, "title": "t", "indicators": []}, "at least one indicator"),
            (card_dict({"weight": 10, "target": "180只+12头", "actual": 1}), "adds two units"),
            (card_dict({"weight": 10, "target": "≥1", "actual": "1abc"}), "cannot read"),
        ],
    )
    def test_errors(self, data: dict[str, Any], message: str) -> None:
        with pytest.raises(perfeval.ScorecardError, match=message):
            perfeval.review(data)


# --- properties ------------------------------------------------------------------

_rows = st.lists(
    st.tuples(
        st.integers(min_value=1, max_value=30),  # weight
        st.integers(min_value=1, max_value=1000),  # target
        st.integers(min_value=0, max_value=1500),  # actual
    ),
    min_size=1,
    max_size=5,
)


def _form(rows: list[tuple[int, int, int]]) -> list[dict[str, Any]]:
    return [
        {"id": f"r{i}", "weight": w, "target": f"≥{t}", "actual": a, "note": "n"}
        for i, (w, t, a) in enumerate(rows)
    ]


def _published(rows: list[dict[str, Any]], places: int) -> tuple[list[dict[str, Any]], D]:
    first = review(*rows)
    out = []
    for row, scored in zip(rows, first.indicators, strict=True):
        assert scored.exact is not None
        out.append({**row, "reported": str(quantize(scored.exact, places))})
    total = sum((D(r["reported"]) for r in out), D(0))
    return out, total


@given(_rows, st.integers(min_value=0, max_value=4))
def test_perfevals_own_scores_at_any_precision_never_depart(
    rows: list[tuple[int, int, int]], places: int
) -> None:
    form, total = _published(_form(rows), places)
    result = review(*form, reported={"total": str(total)})
    assert not [c for c in codes(result) if c[0].startswith("reported")]


@given(
    _rows,
    st.integers(min_value=0, max_value=3),
    st.integers(min_value=0, max_value=4),
    st.integers(min_value=1, max_value=50),
    st.booleans(),
)
def test_one_row_off_by_its_precision_departs(
    rows: list[tuple[int, int, int]], places: int, which: int, units: int, up: bool
) -> None:
    form, _ = _published(_form(rows), places)
    i = which % len(form)
    step = D(1).scaleb(-places)
    published = D(form[i]["reported"])
    changed = (
        published + units * step if up or published < units * step else published - units * step
    )
    form[i] = {**form[i], "reported": str(changed)}
    result = review(*form)
    assert ("reported-mismatch", "warning", f"r{i}") in codes(result)
    assert departs(result)


@given(cards(), st.lists(st.decimals(min_value=0, max_value=40, places=1), max_size=8))
def test_review_of_an_author_card_scores_as_score(
    data: dict[str, Any], published: list[Decimal]
) -> None:
    """Whatever the card says was published, review scores it as score does."""
    rows = data.get("indicators")
    if isinstance(rows, list):
        for row, value in zip(rows, published, strict=False):
            if isinstance(row, dict):
                row["reported"] = str(value)
    try:
        card = perfeval.from_dict(data)
    except perfeval.ScorecardError:
        return
    scored, reviewed = perfeval.score(card), perfeval.review(data)
    assert reviewed.total == scored.total
    assert [r.score for r in reviewed.indicators] == [r.score for r in scored.indicators]
    assert reviewed.max == scored.max


# --- the command ------------------------------------------------------------------


def run(*argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = main(list(argv), stdout=out, stderr=err)
    return code, out.getvalue(), err.getvalue()


class TestCommand:
    def test_example_departs_exit_1_with_both_columns(self) -> None:
        code, out, err = run("review", "--lang", "zh", str(EXAMPLE))
        assert (code, err) == (1, "")
        assert "公布得分" in out
        assert "复核得分" in out
        assert "weights-off-total" in out
        assert "reported-sum-mismatch" in out

    def test_agreeing_form_exits_0(self, tmp_path: Path) -> None:
        card = tmp_path / "ok.yaml"
        card.write_text(
            "perfeval: 1\ntitle: ok\nbudget: {adjusted: 10, spent: 10, reported: 10}\n"
            "indicators:\n"
            "  - {name: a, kind: 数量, weight: 50, target: ≥10, actual: 10, reported: 50}\n"
            "  - {name: b, kind: 社会效益, weight: 30, target: 有效, actual: 明显, reported: 30}\n"
            "  - {name: c, kind: 满意度, weight: 10, target: ≥90%, actual: 95%, reported: 10}\n"
            "reported: {total: 100, grade: 优}\n",
            encoding="utf-8",
        )
        assert run("review", str(card))[0] == 0

    def test_unreadable_exits_2(self, tmp_path: Path) -> None:
        bad = tmp_path / "bad.yaml"
        bad.write_text("perfeval: 1\ntitle: t\nindicators: []\n", encoding="utf-8")
        code, out, err = run("review", "--lang", "zh", str(bad), str(EXAMPLE))
        assert code == 2
        assert "自评表至少需要一个指标" in err
        assert "公布得分" in out  # the readable form is still reviewed

    @pytest.mark.parametrize("fmt", ["table", "markdown", "html", "json", "csv"])
    def test_folder_ranked_by_distance(self, tmp_path: Path, fmt: str) -> None:
        (tmp_path / "a.yaml").write_text(EXAMPLE.read_text(encoding="utf-8"), encoding="utf-8")
        text = EXAMPLE.read_text(encoding="utf-8").replace("total: 100", "total: 110")
        (tmp_path / "b.yaml").write_text(text, encoding="utf-8")
        code, out, _ = run("review", str(tmp_path), "--format", fmt, "--lang", "en")
        assert code == 1
        if fmt == "json":
            ranking = json.loads(out)["ranking"]
            assert [Path(r["file"]).name for r in ranking] == ["a.yaml", "b.yaml"]
            # numbers as JSON numbers with the table's digits, as every JSON output gives them
            assert [r["distance"] for r in ranking] == [10, 0]
            assert '"distance": 10.00,' in out
            assert [(r["rank"], r["published"], r["max"]) for r in ranking] == [
                (1, 100, 110), (2, 110, 110),  # the form's points add up to 110
            ]  # fmt: skip
            assert all(isinstance(r["findings"], int) for r in ranking)
        else:
            assert out.index("a.yaml") < out.index("b.yaml")

    def test_distance_sums_rows_and_total(self) -> None:
        result = perfeval.review(EXAMPLE)
        assert distance(result) == D(10)
        row = {
            "id": "r",
            "weight": 100,
            "target": "≥100",
            "actual": 50,
            "note": "n",
            "reported": 60,
        }
        assert distance(review(row, reported={"total": 60})) == D(20)

    def test_score_and_batch_leave_a_published_form_to_review(self) -> None:
        code, _, err = run("score", str(EXAMPLE))
        assert code == 2
        assert "review it with perfeval review" in err
        from perfeval.batch import expand_paths

        assert str(EXAMPLE) not in expand_paths([str(ROOT / "examples")])
        assert str(EXAMPLE) in expand_paths([str(ROOT / "examples")], review=True)


def test_check_shows_the_maximum(tmp_path: Path) -> None:
    """total 67.93 / 70 (97.04%, 优), never the total alone."""
    (tmp_path / "f.yaml").write_text(
        "perfeval-framework: 1\nid: seventy\nzh: 七十分\nen: Seventy\ntotal: 70\n"
        "groups:\n  - {id: output, zh: 产出指标, en: Outputs, weight: 70}\n"
        "kinds:\n  - {id: quantity, group: output, zh: 数量指标, en: Quantity}\n",
        encoding="utf-8",
    )
    card = tmp_path / "c.yaml"
    card.write_text(
        "perfeval: 1\ntitle: c\nframework: f.yaml\nindicators:\n"
        "  - {name: a, kind: quantity, weight: 70, target: ≥10000, actual: 9704, note: n}\n",
        encoding="utf-8",
    )
    code, out, _ = run("check", str(card))
    assert code == 0
    assert "valid; total 67.93 / 70 (97.04%, Excellent (优))" in out


_texts = st.sampled_from(["达成", "部分达成", "未达成", "效果明显", "长期", "有效", "0.95", "95%"])


@st.composite
def _published_forms(draw: Any) -> dict[str, Any]:
    """Forms as units publish them: any points, 0/0/0 budgets, free text,
    published scores at any precision, or none."""
    rows = []
    for i in range(draw(st.integers(min_value=1, max_value=6))):
        kind = draw(st.sampled_from(["数量", "质量", "社会效益", "满意度"]))
        qualitative = draw(st.booleans())
        row: dict[str, Any] = {
            "id": f"r{i}",
            "name": f"row {i}",
            "kind": kind,
            "weight": draw(st.integers(min_value=1, max_value=60)),
            "target": "有效" if qualitative else draw(st.sampled_from(["≥90%", "≥100", "≤5"])),
            "actual": draw(_texts) if qualitative else draw(st.sampled_from(["0.95", "95", "3"])),
        }
        if draw(st.booleans()):
            row["reported"] = str(draw(st.decimals(min_value=0, max_value=70, places=2)))
        if draw(st.booleans()):
            row["note"] = "原因"
        rows.append(row)
    data: dict[str, Any] = {"perfeval-review": 1, "title": "form", "indicators": rows}
    if draw(st.booleans()):
        groups = ["budget", "output", "benefit", "satisfaction"]
        data["weights"] = {g: draw(st.integers(min_value=0, max_value=80)) for g in groups}
    budget = draw(st.sampled_from([None, (0, 0), (100, 90), (100, 0), (0, 50)]))
    if budget is not None:
        data["budget"] = {"adjusted": budget[0], "spent": budget[1]}
        if draw(st.booleans()):
            data["budget"]["reported"] = draw(st.sampled_from(["0", "10", "9.5", "12"]))
    if draw(st.booleans()):
        data["reported"] = {"total": str(draw(st.decimals(min_value=0, max_value=300, places=1)))}
    return data


@given(_published_forms())
def test_any_published_form_is_reviewed_or_refused_cleanly(data: dict[str, Any]) -> None:
    """Review never breaks: a result whose rows add up and whose findings read in
    both languages, or a ScorecardError saying why the form cannot be read."""
    try:
        result = perfeval.review(data)
    except perfeval.ScorecardError as error:
        problems = error.problems
        assert problems
        return
    rows = sum((r.score for r in result.indicators if r.score is not None), D(0))
    assert result.total == rows + (result.budget.score if result.budget else 0)
    for row in result.indicators:
        assert row.score is None or 0 <= row.score <= row.weight
    for finding in result.findings:
        assert finding.text("zh")
        assert finding.text("en")
    assert distance(result) >= 0
    perfeval.reviewing.render_review([result, result], "table", "en")


#: The bad inputs of tests/bad/ that are structural departures of a published form.
#: A row scored 0 for want of a figure has its departure and no deviation-unexplained
#: on top: the unit had no deviation to explain (the figure is what is missing).
_STRUCTURAL = {
    "actual-text.yaml": ["actual-not-a-figure"],  # 很多 for 48次以上
    "unit-mismatch.yaml": ["actual-unit-mismatch"],  # 件 for 条
    "unit-family-mismatch.yaml": ["actual-unit-mismatch"],  # % for 次
    "budget-missing.yaml": ["budget-missing"],
    "budget-zero.yaml": ["budget-missing"],
    "group-sum.yaml": ["weights-off-total", "weights-off-total"],
    "weights-sum.yaml": ["weights-off-total", "weights-off-total"],
    "tier-against-number.yaml": ["actual-not-a-figure"],
}


@pytest.mark.parametrize(
    "path", sorted((ROOT / "tests" / "bad").glob("*.yaml")), ids=lambda p: p.name
)
def test_every_bad_input_is_a_departure_or_unreadable(path: Path) -> None:
    """What score rejects for a structural departure, review reads with that
    departure as a finding (exit 1); everything else stays an error (exit 2)."""
    code, out, err = run("review", str(path))
    assert "Traceback" not in err
    if path.name in _STRUCTURAL:
        assert (code, err) == (1, "")
        warnings = [
            line.split("]")[1].split()[0].rstrip(":") for line in out.splitlines()
            if line.startswith("  [warning]")
        ]  # fmt: skip
        assert warnings == _STRUCTURAL[path.name]
    else:
        assert code == 2
        assert err


def test_csv_is_a_worksheet_of_published_beside_reviewed() -> None:
    import csv

    code, out, _ = run("review", str(EXAMPLE), "--format", "csv", "--lang", "en")
    assert code == 1
    rows = list(csv.DictReader(io.StringIO(out)))
    assert [r["row"] for r in rows] == ["budget"] + ["indicator"] * 9 + ["total"]
    total = rows[-1]
    assert (total["published"], total["reviewed"], total["difference"]) == (
        "100",
        "110.00",
        "-10.00",
    )
    assert total["verdict"] == "departs"
    assert {r["difference"] for r in rows[:-1]} == {"0.00"}


def test_csv_cells_are_data_not_formulas() -> None:
    result = review({"id": "r", "name": "=1+1", "weight": 100, "target": "≥1", "actual": 1})
    text = perfeval.reviewing.render_review([result], "csv", "en")
    assert ",'=1+1," in text


def test_a_folder_of_many_forms_is_reviewed_in_bounded_memory_and_time(tmp_path: Path) -> None:
    """400 published forms (the real one, with its total varied) in a subprocess
    capped at 1 GiB: every form ranked, within 60 s."""
    import os
    import resource
    import subprocess
    import sys

    text = EXAMPLE.read_text(encoding="utf-8")
    for i in range(400):
        (tmp_path / f"form-{i:03}.yaml").write_text(
            text.replace("total: 100", f"total: {100 + i % 11}"), encoding="utf-8"
        )

    def cap() -> None:
        resource.setrlimit(resource.RLIMIT_AS, (1 << 30, 1 << 30))

    done = subprocess.run(
        [sys.executable, "-m", "perfeval", "review", str(tmp_path), "--format", "csv"],
        capture_output=True,
        text=True,
        encoding="utf-8",
        env=dict(os.environ, PYTHONPATH=str(ROOT)),
        preexec_fn=cap,
        timeout=60,
        check=False,
    )
    assert done.returncode == 1, done.stderr
    totals = [line for line in done.stdout.splitlines() if ",total," in line]
    assert len(totals) == 400
    assert totals[0].startswith("1,")  # published 100 against 110: furthest
    assert totals[-1].split(",")[-2] == "0.00"  # published 110: agrees on the total


@pytest.mark.parametrize(
    ("text", "value", "unit"),
    [
        *[(f"≥12{u}", D(12), u) for u in
          ["台套", "种", "起", "项", "宗", "户", "家", "所", "座", "套", "册", "份", "篇", "场",
           "期", "批", "辆", "艘", "头", "株", "人天"]],
        ("≥3公顷", D(30000), "平方米"),
        ("≥2平方公里", D(2000000), "平方米"),
        ("≥1.5万亩", D(15000), "亩"),
        ("≤5‰", D("0.5"), "%"),
        ("≥100百分比", D(100), "%"),
        ("≥95(百分比)", D(95), "%"),
        ("≥95（百分比）", D(95), "%"),
        ("≥95%(百分比)", D(95), "%"),
    ],
)  # fmt: skip
def test_units_of_real_forms(text: str, value: Decimal, unit: str) -> None:
    """Each unit real forms use is read, ‰ exactly and 百分比 as %."""
    target = perfeval.parse_target(text)
    assert (target.op, target.value, target.unit) in {(">=", value, unit), ("<=", value, unit)}


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("180只+12头", "write the total, such as '192只' (if the form counts 头 as 只)"),
        ("≥180只、12头", "adds two units (只, 头)"),
        ("1万元+500元", "such as '1.05万元', or give"),
        ("3座和2座", "adds 2 figures"),
    ],
)
def test_mixed_units_say_how_to_write_them(text: str, message: str) -> None:
    with pytest.raises(perfeval.ExpressionError, match=re.escape(message)):
        perfeval.parse_target(text)
    with pytest.raises(perfeval.ExpressionError, match=re.escape(message)):
        perfeval.parse_quantity(text.lstrip("≥"))


@pytest.mark.parametrize(
    ("row", "rule"),
    [
        ({"target": "≥100"}, "proportional"),
        ({"target": "≥100", "actual": ""}, "proportional"),
        ({"target": "≤5000元", "actual": "—"}, "reverse-linear"),  # A = 0 would meet ≤
        ({"target": "≥90%", "actual": "/"}, "threshold"),
        ({"target": "效果明显", "actual": ""}, "qualitative"),
    ],
)
def test_a_published_row_with_no_actual_is_a_departure_scored_0(
    row: dict[str, Any], rule: str
) -> None:
    """An auditor reads the form as published: a row whose 实际完成值 is empty
    is a departure (actual-missing), scored 0 (nothing shows the target met),
    and a published score above 0 departs from the rules; the form is not refused."""
    result = review(
        {"weight": 50, "reported": 50, "rule": rule, **row},
        {"weight": 50, "target": "≥10", "actual": "12", "reported": 50},
    )
    first = result.indicators[0]
    assert (first.score, first.met, first.actual_value) == (D("0.00"), False, None)
    assert ("actual-missing", "warning", "i1") in codes(result)
    assert ("reported-mismatch", "warning", "i1") in codes(result)
    assert result.indicators[1].score == 50
    assert result.total == D("50.00")
    missing = next(f for f in result.findings if f.code == "actual-missing")
    assert "未填写实际完成值" in missing.zh
    assert "(the form gives 50)" in missing.message
    assert first.explain("zh").startswith("未填写实际完成值 → 0.00分")


@pytest.mark.parametrize(
    "actual",
    ["较好", "已完成", "达成", "基本达到", "一次性通过验收", "一次到位", "完成二期", "已开展一次",
     "三五次", "三次半", "全部两千人"],
)  # fmt: skip
def test_words_for_a_figure_are_a_departure_scored_0(actual: str) -> None:
    """A form that answers ≥95% with 较好 was refused whole ("the actual must
    be a figure"); reviewed, the row departs (actual-not-a-figure), scored 0,
    its words kept; a reviewer's score stands; a card to score still needs
    the figure."""
    rows = (
        {"weight": 50, "target": "≥95%", "actual": actual, "reported": 50},
        {"weight": 50, "target": "≥10", "actual": "12", "reported": 50},
    )
    result = review(*rows)
    first = result.indicators[0]
    assert (first.score, first.met) == (D("0.00"), False)
    assert first.indicator.actual_text == actual
    assert ("actual-not-a-figure", "warning", "i1") in codes(result)
    assert ("reported-mismatch", "warning", "i1") in codes(result)
    finding = next(f for f in result.findings if f.code == "actual-not-a-figure")
    assert finding.message == (
        f"'indicator 0' gives the actual '{actual}' in words, but the target '≥95%' asks "
        "for a figure, so the rules cannot score it: the review gives 0 (the form gives 50)"
    )
    assert finding.zh.startswith(f"“indicator 0”的实际完成值“{actual}”不是数值")
    assert first.explain("en") == f"the actual '{actual}' is no figure → 0.00 of 50"
    shown = perfeval.reviewing.render_review([result], "markdown", "zh")
    assert f"| {actual} " in shown  # its words, not —
    reviewer = review({**rows[0], "score": 20}, rows[1])
    assert reviewer.indicators[0].score == D("20.00")
    with pytest.raises(perfeval.ScorecardError):
        perfeval.from_dict(card_dict({"id": "w", "weight": 100, "target": "≥95%",
                                      "actual": actual}))  # fmt: skip


@pytest.mark.parametrize("actual", ["约95%左右", "全部2000人"])
def test_an_unreadable_figure_is_still_an_error_in_review(actual: str) -> None:
    """Text with digits that cannot be read (约95%左右, 全部2000人) is named, not
    scored 0 as words. Numerals that read as no figure (三五次, 一次性通过验收)
    are words: the form gives no figure, a departure (above)."""
    with pytest.raises(perfeval.ScorecardError, match=actual):
        review({"weight": 100, "target": "≥3次", "actual": actual, "reported": 100})


@pytest.mark.parametrize(
    ("target", "actual", "unit", "target_unit"),
    [
        ("20万条以上", "22.88万件", "件", "条"),  # the seed report's own slip
        ("≥3次", "二十万条", "条", "次"),
        ("≥3次", "百分之九十五", "%", "次"),
        ("48次以上", "50%", "%", "次"),
        ("≤800万元", "30天", "天", "万元"),  # the units as written
        ("每周1次", "52次", "次", "次/周"),  # a year's count against one per week
        ("≥50次", "每天1次", "次/日", "次"),
    ],
)
def test_a_figure_in_another_unit_is_a_departure_scored_0(
    target: str, actual: str, unit: str, target_unit: str
) -> None:
    """A published figure in a unit the target's cannot be compared with
    (22.88万件 against 20万条以上) refused the whole form; reviewed, the row
    departs (actual-unit-mismatch), scored 0 as a row with words for its
    figure is, its text kept; a reviewer's score stands; a card to score
    still needs one unit."""
    rows = (
        {"weight": 50, "target": target, "actual": actual, "reported": 50},
        {"weight": 50, "target": "≥10", "actual": "12", "reported": 50},
    )
    result = review(*rows)
    first = result.indicators[0]
    assert (first.score, first.met) == (D("0.00"), False)
    assert first.indicator.actual_text == actual
    assert ("actual-unit-mismatch", "warning", "i1") in codes(result)
    assert ("reported-mismatch", "warning", "i1") in codes(result)
    finding = next(f for f in result.findings if f.code == "actual-unit-mismatch")
    assert finding.message == (
        f"'indicator 0' gives the actual '{actual}' in {unit}, but the target '{target}' "
        f"counts in {target_unit}, and the two cannot be compared, so the rules cannot "
        "score it: the review gives 0 (the form gives 50); ask which unit is meant"
    )
    assert finding.zh == (
        f"“indicator 0”的实际完成值“{actual}”以{unit}计，目标“{target}”以{target_unit}计，"
        "两者不能比较，无从按规则计分，复核得0分（表中得分50）；请核实单位"
    )
    assert first.explain("en") == (
        f"the actual '{actual}' is in another unit than '{target}' → 0.00 of 50"
    )
    assert first.explain("zh").startswith(f"实际完成值“{actual}”与目标“{target}”单位不同")
    shown = perfeval.reviewing.render_review([result], "markdown", "zh")
    assert f"| {actual} " in shown
    reviewer = review({**rows[0], "score": 45}, rows[1])
    assert reviewer.indicators[0].score == D("45.00")
    assert "采用复核人评分45分" in next(
        f.zh for f in reviewer.findings if f.code == "actual-unit-mismatch"
    )
    with pytest.raises(perfeval.ScorecardError, match=r"cannot be compared|different periods"):
        perfeval.from_dict(card_dict({"id": "w", "weight": 100, "target": target,
                                      "actual": actual}))  # fmt: skip


@pytest.mark.parametrize(
    ("row", "departure"),
    [
        ({"target": "≧735人次", "actual": "735户"}, "actual-unit-mismatch"),
        ({"target": "≥95%", "actual": "较好"}, "actual-not-a-figure"),
        ({"target": "≥95%"}, "actual-missing"),
    ],
)
def test_a_row_with_no_figure_is_not_said_to_miss_its_target(
    row: dict[str, Any], departure: str
) -> None:
    """A row scored 0 because it gives no figure the rules can read: its
    published score departs, but nothing shows the target met or missed, so
    reported-mismatch says only the two scores (it said 目标未完成)."""
    result = review(
        {"weight": 50, **row, "reported": 40},
        {"weight": 50, "target": "≥10", "actual": "12", "reported": 50},
    )
    assert (departure, "warning", "i1") in codes(result)
    finding = next(f for f in result.findings if f.code == "reported-mismatch")
    assert finding.zh == "“indicator 0”：表中得分40，复核得分0.00（填报高40.00分）"
    assert finding.message == (
        "'indicator 0': the form reports 40, perfeval computes 0.00 (reported 40.00 higher)"
    )
    over = review(
        {"weight": 50, **row, "reported": 60},
        {"weight": 50, "target": "≥10", "actual": "12", "reported": 50},
    )  # more than the row's points is still said
    assert "得分高于分值" in next(f.zh for f in over.findings if f.code == "reported-mismatch")


@pytest.mark.parametrize(
    ("target", "actual", "score"),
    [
        ("≥3次", "三次", D(100)),
        ("不少于两次", "2次", D(100)),
        ("二十万条以上", "二十二万八千八百零五条", D(100)),
        ("≥95%", "百分之九十", D("94.74")),  # 90 / 95 of the points
        ("满意度九成以上", "百分之九十八", D(100)),
        ("≤5天", "三天", D(100)),
        ("=100%", "百分之百", D(100)),
        ("≤3起", "零起", D(100)),
        ("≥5年", "五年", D(100)),
        ("≥95%", "百分之九十点五", D("95.26")),
        ("≤10次", "十余次", D(100)),
    ],
)
def test_a_figure_in_chinese_numerals_is_scored_as_its_digits(
    target: str, actual: str, score: D
) -> None:
    """A form that writes its figures in Chinese numerals is scored as if it
    wrote digits, in score and in review, the words shown as written."""
    row = {"id": "n", "weight": 100, "target": target, "actual": actual}
    assert perfeval.score(perfeval.from_dict(card_dict(row))).indicator("n").score == score
    result = review({**row, "reported": 100})
    assert result.indicator("n").score == score
    assert actual in perfeval.reviewing.render_review([result], "json", "zh")


def test_an_author_card_still_needs_its_actual() -> None:
    """Only review reads a missing actual as a departure: a card being written is told."""
    with pytest.raises(perfeval.ScorecardError, match="'actual' is required"):
        perfeval.from_dict(card_dict({"weight": 100, "target": "≥100", "reported": 100}))


def test_a_published_row_with_neither_actual_nor_score_is_unfilled() -> None:
    """A row the form leaves blank (no 实际完成值, no 得分) is not reviewed as 0:
    it is named, as an unfilled form's rows are (tests/bad/actual-missing.yaml)."""
    with pytest.raises(perfeval.ScorecardError, match="'actual' is required"):
        review({"weight": 50, "target": "≥100"}, {"weight": 50, "target": "≥1", "actual": "1"})


@pytest.mark.parametrize("blank", ["——", "－", "\uff0f", "–", "N/A", "无。", "不适用", " ", "/ "])
def test_every_way_a_form_leaves_the_actual_empty(blank: str) -> None:
    """The probe found '——' (the usual Chinese dash) refusing the whole form."""
    result = review(
        {"weight": 50, "target": "≥100", "actual": blank, "reported": 50},
        {"weight": 50, "target": "≥10", "actual": "12", "reported": 50},
    )
    assert result.indicators[0].score == 0
    assert ("actual-missing", "warning", "i1") in codes(result)


def test_a_row_that_does_not_apply_may_leave_its_cells_blank() -> None:
    result = review(
        {"weight": 90, "target": "≥50个", "actual": "60个", "reported": 90},
        {"weight": 10, "target": "≤10万元", "actual": "/", "reported": "—", "applicable": False},
    )
    assert result.indicators[1].score is None
    assert result.total == 100


def test_the_reviewers_score_stands_on_a_row_with_no_actual() -> None:
    """No actual and the reviewer's own score: the score is used (not the rule
    on A = 0, which meets a ≤ target), and the departure says so."""
    result = review(
        {"weight": 50, "target": "≤10万元", "actual": "", "reported": 50, "score": 20},
        {"weight": 50, "target": "≥10", "actual": "12", "reported": 50},
    )
    row = result.indicators[0]
    assert (row.score, row.computed, row.met) == (D("20.00"), None, None)
    missing = next(f for f in result.findings if f.code == "actual-missing")
    assert "采用复核人评分20分" in missing.zh
    assert "score-adjusted" not in {f.code for f in result.findings}
    assert row.explain("zh").startswith("未填写实际完成值，采用复核人评分 → 20.00分")


def test_a_checklist_row_with_a_blank_actual_reviews() -> None:
    result = review(
        {"weight": 50, "target": "≥10", "actual": "12", "reported": 50},
        {
            "weight": 50,
            "target": "制度健全",
            "actual": "",
            "rule": "checklist",
            "checklist": [{"item": "有制度", "met": True}, {"item": "有执行", "met": False}],
            "reported": 50,
        },
    )
    assert result.indicators[1].score == 25


@pytest.mark.parametrize("width", [100, 120])
def test_review_keeps_to_the_width_budget(width: int) -> None:
    """review --width N folds each form's table and the ranking as score does
    (at 80 the nine-column ranking cannot get narrower than 82)."""
    from wcwidth import wcswidth

    paths = [str(p) for p in sorted((ROOT / "examples").glob("*.yaml")) if "accounts" not in p.name]
    out, err = io.StringIO(), io.StringIO()
    main(["review", "--lang", "zh", "--width", str(width), *paths], out, err)
    lines = out.getvalue().splitlines()
    assert lines
    assert max(wcswidth(line) for line in lines) <= width
    one = io.StringIO()
    main(["review", "--lang", "zh", "--width", "80", str(EXAMPLE)], one, io.StringIO())
    assert max(wcswidth(line) for line in one.getvalue().splitlines()) <= 80


def test_published_figures_are_shown_as_written() -> None:
    """The form's 9.20 was shown as 9.2 (and 90.0 as 90), hiding the decimals
    the form wrote it to, which decide whether it agrees."""
    result = review(
        {"id": "a", "weight": 10, "target": "≥10", "actual": 8, "reported": "9.20", "note": "n"},
        {"id": "b", "weight": 90, "target": "≥1", "actual": 1, "reported": "90.0"},
        reported={"total": "99.20"},
    )
    messages = [f.message for f in result.findings if f.code == "reported-mismatch"]
    assert messages[0].startswith("'indicator 0': the form reports 9.20, perfeval computes 8.00")
    assert messages[1].startswith("the unit reports a total of 99.20,")
    assert next(f.zh for f in result.findings if f.code == "reported-mismatch").startswith(
        "“indicator 0”：表中得分9.20，复核得分8.00"
    )
    for fmt in ("csv", "markdown", "table", "html"):
        shown = perfeval.reviewing.render_review([result], fmt, "zh")
        assert "9.20" in shown
        assert "90.0" in shown
        assert "99.20" in shown


class TestPrintedRate:
    """The 执行率 a form prints (``budget.reported_rate``) is checked against
    全年执行数 / 全年预算数 at the decimals it is written to, as a published
    score is: 18.5万元 of 20万元 is 92.5%."""

    ROW: ClassVar = {"id": "r", "weight": 90, "target": "≥1", "actual": 1, "reported": 90}
    WEIGHTS: ClassVar = {"budget": 10, "output": 90, "benefit": 0, "satisfaction": 0}
    BUDGET: ClassVar = {"adjusted": "20万元", "spent": "18.5万元", "note": "尾款"}

    def rate_findings(self, printed: Any, **budget: Any) -> list[perfeval.Finding]:
        result = review(
            self.ROW,
            weights=self.WEIGHTS,
            budget={**self.BUDGET, **budget, "reported_rate": printed},
        )
        return [f for f in result.findings if f.code == "budget-rate-mismatch"]

    @pytest.mark.parametrize(
        ("printed", "departs"),
        [
            ("92.5%", False),
            ("92.50%", False),
            ("92.500%", False),
            ("93%", False),  # 92.5 is 93 in whole percent (half up)
            ("92%", True),  # half even would give 92: the one rounding rule is half up
            ("92.6%", True),
            ("92.49%", True),
            ("100%", True),  # the rate of a form that copied its target
            ("100.00%", True),
            ("\uff19\uff12\uff0e\uff15\uff05", False),  # full-width digits, as typed in Word
            ("92.5 %", False),
            ("0%", True),
        ],
    )
    def test_at_the_printed_decimals(self, printed: str, departs: bool) -> None:
        found = self.rate_findings(printed)
        assert bool(found) is departs
        if departs:
            assert found[0].severity == "warning"
            assert found[0].indicator == "budget"

    def test_the_message_shows_both_rates_and_the_amounts(self) -> None:
        (finding,) = self.rate_findings("100.00%")
        assert finding.zh == (
            "表中执行率为100.00%，按全年执行数18.5万元÷全年预算数20万元计算应为92.50%"
        )
        assert finding.message == (
            "the form prints an execution rate of 100.00%; spent 18.5万元 of 20万元 budgeted "
            "is 92.50%"
        )
        (finding,) = self.rate_findings("92.4321%")  # shown at the printed decimals
        assert finding.message.endswith("is 92.5000%")

    def test_the_tables_show_a_departing_rate_beside_the_computed_one(self) -> None:
        result = review(
            self.ROW, weights=self.WEIGHTS, budget={**self.BUDGET, "reported_rate": "100%"}
        )
        for fmt in ("table", "markdown", "html"):
            assert "92.50%（表中100%）" in perfeval.reviewing.render_review([result], fmt, "zh")
        assert "92.50% (form: 100%)" in perfeval.reviewing.render_review([result], "table", "en")
        from wcwidth import wcswidth

        narrow = perfeval.reviewing.render_review([result], "table", "zh", width=80)
        assert max(wcswidth(line) for line in narrow.splitlines()) <= 80  # the rate folds
        assert "│ 92.50%  " in narrow  # at the parenthesis, each piece whole
        assert "│ （表中100%） │" in narrow
        english = perfeval.reviewing.render_review([result], "table", "en", width=80)
        assert "│ (form: 100%) │" in english
        wide = perfeval.reviewing.render_review([result], "table", "zh", width=200)
        assert "│ 92.50%（表中100%） │" in wide  # where it fits, on one line
        agreed = review(
            self.ROW, weights=self.WEIGHTS, budget={**self.BUDGET, "reported_rate": "92.5%"}
        )
        assert "表中" not in perfeval.reviewing.render_review([agreed], "table", "zh")

    def test_over_100_percent_is_the_rate_not_the_capped_score(self) -> None:
        """Spending above the budget: the rate is 105%, the score is capped."""
        assert self.rate_findings("105%", spent="21万元") == []
        assert len(self.rate_findings("100%", spent="21万元")) == 1

    def test_no_rate_when_the_budget_is_missing(self) -> None:
        """0/0/0: budget-missing says it; a printed rate is not judged."""
        result = review(
            self.ROW,
            weights=self.WEIGHTS,
            budget={"adjusted": 0, "spent": 0, "reported_rate": "100%", "reported": 10},
        )
        found = [f.code for f in result.findings]
        assert "budget-missing" in found
        assert "budget-rate-mismatch" not in found

    def test_a_blank_rate_in_review_is_no_rate(self) -> None:
        for blank in ("", "—", "/", "无"):
            assert self.rate_findings(blank) == []

    @pytest.mark.parametrize(
        ("printed", "message"),
        [
            ("92.5", "expected a percentage such as 80%; found '92.5'"),
            (D("0.925"), "expected a percentage such as 80%; found '0.925'"),
            ("-5%", "expected a rate of at least 0%; found -5%"),
            ("-0%", "expected a rate of at least 0%; found -0%"),
            ("≥95%", "expected a percentage such as 80%; found '≥95%'"),  # printed: plain
            ("95%以上", "expected a percentage such as 80%; found '95%以上'"),
            ("95‰", "expected a percentage such as 80%; found '95‰'"),
            ("95个百分点", "expected a percentage such as 80%; found '95个百分点'"),
            ("1" + "0" * 25 + "%", "the number is too large"),
            ("九成", None),  # 90%, in Chinese numerals: read
            ("很高", "expected a percentage such as 80%; found '很高'"),
        ],
    )
    def test_a_rate_that_is_not_a_percentage_is_an_error(
        self, printed: Any, message: str | None
    ) -> None:
        if message is None:
            assert len(self.rate_findings(printed)) == 1  # 90% against 92.5%
            return
        with pytest.raises(perfeval.ScorecardError) as caught:
            self.rate_findings(printed)
        problems = caught.value.problems
        assert [p.path for p in problems] == [("budget", "reported_rate")]
        assert message in problems[0].message

    def test_score_mode_checks_it_too_and_the_card_keeps_it(self) -> None:
        data = card_dict(
            self.ROW, weights=self.WEIGHTS, budget={**self.BUDGET, "reported_rate": "95%"}
        )
        card = perfeval.from_dict(data)
        assert card.budget is not None
        assert card.budget.reported_rate == D("95")
        result = perfeval.score(card)
        assert [f.code for f in result.findings if f.indicator == "budget"] == [
            "budget-rate-mismatch"
        ]
        again = perfeval.from_dict(card_data(card))
        assert again.budget is not None
        assert str(again.budget.reported_rate) == "95"
        data = json.loads(perfeval.to_json(result))
        assert data["budget"]["reported_rate"] == 95
        assert data["budget"]["rate"] == 92.5


class TestDeadlines:
    """A 时效 row whose target sets a deadline and whose actual gives a date:
    on time is achieved, late is not achieved — in score and in review."""

    FILLER: ClassVar = {"id": "f", "weight": 90, "target": "≥1", "actual": 1, "reported": 90}

    def row(self, actual: str, **extra: Any) -> dict[str, Any]:
        return {"id": "t", "kind": "时效指标", "weight": 10, "target": "2023年12月31日前完成",
                "actual": actual, **extra}  # fmt: skip

    def test_late_with_full_points_is_a_finding(self) -> None:
        result = review(self.row("已于2024年1月15日完成", reported=10), self.FILLER)
        row = result.indicator("t")
        assert row.score < 6  # the not-achieved band: below 60% of the points
        (finding,) = [f for f in result.findings if f.code == "reported-mismatch"]
        assert finding.indicator == "t"
        assert "目标未完成" in finding.zh
        shown = perfeval.reviewing.render_review([result], "json", "zh")
        assert "已于2024年1月15日完成" in shown  # the words kept

    def test_late_with_a_score_in_the_band_stands(self) -> None:
        result = review(self.row("2024年1月15日", reported=5, note="延期"), self.FILLER)
        assert result.indicator("t").score == 5
        assert "reported-mismatch" not in [f.code for f in result.findings]

    def test_on_time_is_full_points(self) -> None:
        result = review(self.row("2023年12月20日", reported=8), self.FILLER)
        assert result.indicator("t").score == 10
        (finding,) = [f for f in result.findings if f.code == "reported-mismatch"]
        assert "目标已完成" in finding.zh

    def test_undecided_dates_are_free_text_as_before(self) -> None:
        """December spans the 15th: the published score's band names the tier."""
        row = {**self.row("2023年12月", reported=7), "target": "2023年12月15日前完成"}
        result = review(row, self.FILLER)
        assert result.indicator("t").score == 7
        assert "reported-mismatch" not in [f.code for f in result.findings]

    def test_score_mode(self) -> None:
        """On time needs no score; late needs the evaluator's, in the band."""
        filler = {k: v for k, v in self.FILLER.items() if k != "reported"}
        on_time = card_dict(self.row("2023年12月20日"), filler)
        assert perfeval.score(perfeval.from_dict(on_time)).indicator("t").score == 10
        late = card_dict(self.row("2024年1月15日"), filler)
        with pytest.raises(perfeval.ScorecardError) as caught:
            perfeval.from_dict(late)
        assert "says the target '2023年12月31日前完成' was not met" in str(caught.value)
        late["indicators"][0]["score"] = 4
        assert perfeval.score(perfeval.from_dict(late)).indicator("t").score == 4


def test_a_scored_row_with_no_target_is_a_departure_in_review_only() -> None:
    """review: the form scores a row it gives no 年度指标值 for (target-missing,
    0 points, a reviewer's score stands, no deviation-unexplained); a row
    with neither target nor published score is unfilled, an error; a card to
    score needs its target."""
    other = {"weight": 50, "target": "≥10", "actual": "12", "reported": 50}
    result = review({"weight": 50, "actual": "已完成", "reported": 50}, other)
    first = result.indicators[0]
    assert (first.score, first.met) == (D("0.00"), False)
    assert ("target-missing", "warning", "i1") in codes(result)
    assert ("deviation-unexplained", "warning", "i1") not in codes(result)
    finding = next(f for f in result.findings if f.code == "target-missing")
    assert finding.zh == "“indicator 0”未填写年度指标值，无从判断是否完成，复核得0分（表中得分50）"
    assert finding.message == (
        "'indicator 0' gives no target (年度指标值), so nothing shows what was to be met: "
        "the review gives 0 (the form gives 50)"
    )
    assert first.explain("en") == "no target given → 0.00 of 50"
    reviewer = review({"weight": 50, "reported": 50, "score": 40}, other)
    assert reviewer.indicators[0].score == D("40.00")
    with pytest.raises(perfeval.ScorecardError, match="'target' is required"):
        review({"weight": 50, "actual": "已完成"}, other)
    with pytest.raises(perfeval.ScorecardError, match="'target' is required"):
        perfeval.from_dict(card_dict({"id": "w", "weight": 100, "actual": 1}))
