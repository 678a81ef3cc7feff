"""The fast scoring path (a plan per card, rows built when read) against the
reference path it replaced (tests/reference_scoring.py): equal rows, groups,
budget row, totals, grade and findings, in the same order, on every example,
every published form, the benchmark's generated cards and hypothesis cards."""

from __future__ import annotations

import pickle
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import perfeval
from bench.generate import generate

from .cards import example_cards, review_cards
from .reference_scoring import reference_score
from .strategies import cards


def _same(card: perfeval.Scorecard) -> None:
    result = perfeval.score(card)
    expected: dict[str, Any] = reference_score(card)
    assert result.indicators == tuple(expected["indicators"])
    assert result.groups == tuple(expected["groups"])
    for name in ("budget", "total", "max", "percent", "grade"):
        assert getattr(result, name) == expected[name], name
    assert result.findings == tuple(expected["findings"])
    # the plan is kept with the card: a second score is the same again
    assert perfeval.score(card) == result


@pytest.mark.parametrize("path", example_cards(), ids=lambda p: p.name)
def test_examples(path: Any) -> None:
    _same(perfeval.load(path))


@pytest.mark.parametrize("path", review_cards(), ids=lambda p: p.name)
def test_published_forms(path: Any) -> None:
    _same(perfeval.review(path).card)


def test_generated_cards() -> None:
    """300 cards of the benchmark: tiers, rows that do not apply (rescaled
    weights), evaluator's scores, claimed totals and grades, notes."""
    for text in generate(300, seed=7):
        _same(perfeval.loads(text))


@settings(max_examples=200, deadline=None)
@given(data=cards())
def test_hypothesis_cards(data: dict[str, Any]) -> None:
    _same(perfeval.from_dict(data))


@settings(max_examples=100, deadline=None)
@given(data=cards(), drop=st.integers(min_value=0, max_value=7))
def test_hypothesis_cards_with_a_row_that_does_not_apply(data: dict[str, Any], drop: int) -> None:
    rows = data["indicators"]
    rows[drop % len(rows)]["applicable"] = False
    try:
        card = perfeval.from_dict(data)
    except perfeval.ScorecardError:
        return  # every row dropped, or a weight the rescaling cannot carry
    _same(card)


def test_a_pickled_card_scores_the_same_and_leaves_its_plan_behind() -> None:
    card = perfeval.load(example_cards()[0])
    first = perfeval.score(card)
    again = pickle.loads(pickle.dumps(card))
    assert again._plan is None
    assert perfeval.score(again) == first
    assert pickle.loads(pickle.dumps(first)).indicators == first.indicators
