"""Every example scores, adds up, validates against the schema, and says what it should."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import jsonschema
import pytest
import yaml

import perfeval
from perfeval.read.schema import schema

from .cards import example_cards, review_cards

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = example_cards()
#: Real published forms transcribed as published (``perfeval-review: 1``): they
#: depart from the rules in their structure, so they are reviewed, not scored.
REVIEW_EXAMPLES = review_cards()


def _scored(path: Path) -> perfeval.Result:
    if path in REVIEW_EXAMPLES:
        return perfeval.review(path)
    return perfeval.score(perfeval.load(path))


@pytest.mark.parametrize("path", EXAMPLES + REVIEW_EXAMPLES, ids=lambda p: p.name)
def test_example_scores_and_adds_up(path: Path) -> None:
    result = _scored(path)
    rows = [r.score for r in result.indicators if r.score is not None]
    budget = result.budget.score if result.budget else Decimal(0)
    assert result.total == sum(rows, Decimal(0)) + budget
    weights = sum(r.weight for r in result.indicators)
    assert weights + (result.budget.weight if result.budget else 0) == result.max


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.name)
def test_example_is_valid_against_the_schema(path: Path) -> None:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    jsonschema.validate(data, schema())


def test_schema_rejects_what_the_loader_rejects() -> None:
    data = yaml.safe_load((ROOT / "examples" / "yueyang-2020.yaml").read_text(encoding="utf-8"))
    data["indicators"][0]["wieght"] = 1
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(data, schema())


def test_review_examples_are_the_real_departing_forms() -> None:
    """Each review example cites its source, is left to review by score, and read
    as an author's card (perfeval: 1) is rejected: it departs in its structure."""
    assert REVIEW_EXAMPLES
    for path in REVIEW_EXAMPLES:
        text = path.read_text(encoding="utf-8")
        assert "Source:" in text
        with pytest.raises(perfeval.ScorecardError, match="review it with perfeval review"):
            perfeval.load(path)
        author = text.replace("\nperfeval-review: 1\n", "\nperfeval: 1\n")
        with pytest.raises(perfeval.ScorecardError, match="add up to"):
            perfeval.loads(author, source=path.name)
        data = yaml.safe_load(author)
        jsonschema.validate(data, schema())  # the same keys as any card


def test_zhongjiang_form_departs_where_it_does() -> None:
    """The 中江县 2022 form scores its 10 budget points on top of 100 (110 in all),
    gives outputs 70 and benefits 20 against its own footnote's 50/30, and writes
    100 as the total of rows that add up to 110."""
    result = perfeval.review(ROOT / "examples" / "zhongjiang-2022.yaml")
    assert (result.total, result.max, result.grade.zh) == (Decimal("110.00"), 110, "优")
    codes = [(f.code, f.severity, f.indicator) for f in result.findings]
    assert [c for c in codes if c[0] != "actual-has-comparator"] == [
        ("weights-off-total", "warning", None),
        ("group-weights-depart", "info", None),
        ("reported-mismatch", "warning", None),
        ("reported-sum-mismatch", "warning", None),
    ]
    assert len(codes) == 10
    messages = [f.message for f in result.findings]
    assert messages[0] == (
        "the form's points add up to 110 (budget 10, output 70, benefit 20, satisfaction 10), "
        "not the total 100 (10 more)"
    )
    assert messages[1] == (
        "the level-1 points depart from the framework's: output 70 (usually 50), "
        "benefit 20 (usually 30)"
    )


def test_seed_example_finds_what_the_report_hides() -> None:
    """The seed unit claimed 96 (优秀); the arithmetic of its own table gives 100, and
    four quantity targets were far exceeded."""
    result = perfeval.score(perfeval.load(ROOT / "examples" / "yueyang-2020.yaml"))
    assert result.total == Decimal("100.00")
    assert result.grade.zh == "优"
    codes = [(f.code, f.indicator) for f in result.findings]
    assert codes == [
        ("over-achieved", "n4"),
        ("over-achieved", "n5a"),
        ("over-achieved", "n5b"),
        ("over-achieved", "n6"),
        ("reported-mismatch", None),
    ]


def test_project_example_uses_every_feature() -> None:
    result = perfeval.score(perfeval.load(ROOT / "examples" / "project-2022.yaml"))
    assert result.total == Decimal("89.88")
    assert result.grade.zh == "良"
    rules = {r.indicator.rule.name for r in result.indicators}
    assert rules == {"proportional", "reverse-linear", "zero-target", "qualitative"}
    assert not result.indicator("water-source").applicable
    assert result.indicator("villages").computed == Decimal("10.52")
    assert result.indicator("villages").score == Decimal("9.47")
    assert {f.code for f in result.findings} == {
        "score-adjusted",
        "deviation-unexplained",
        "reported-mismatch",
    }


def test_english_example_uses_its_own_scale() -> None:
    result = perfeval.score(perfeval.load(ROOT / "examples" / "training-programme-en.yaml"))
    assert (result.total, result.grade.en) == (Decimal("93.99"), "Effective")
    assert result.card.scale.name == "inline"
