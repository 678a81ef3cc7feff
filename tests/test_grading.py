"""Spec §6: grade scales."""

from __future__ import annotations

from decimal import Decimal

import pytest

from perfeval import MOF_2020, Band, GradeScale, ScorecardError, from_dict, score
from perfeval.core.grading import ScaleError

from .cards import card_dict

D = Decimal


@pytest.mark.parametrize(
    ("percent", "zh"),
    [
        ("100", "优"),
        ("90", "优"),
        ("89.99", "良"),
        ("80", "良"),
        ("79.99", "中"),
        ("60", "中"),
        ("59.99", "差"),
        ("0", "差"),
    ],
)
def test_mof_2020_bands(percent: str, zh: str) -> None:
    """Bands are half-open: 90 is 优, 89.99 is 良 (10号: 90(含)–100)."""
    assert MOF_2020.grade(D(percent)).zh == zh


@pytest.mark.parametrize(
    ("name", "grade"),
    [
        ("优", "excellent"),
        ("优秀", "excellent"),
        ("Excellent", "excellent"),
        ("良好", "good"),
        ("中等", "fair"),
        ("合格", "fair"),
        ("较差", "poor"),
        ("不合格", "poor"),
        ("卓越", None),
    ],
)
def test_aliases(name: str, grade: str | None) -> None:
    band = MOF_2020.find(name)
    assert (band.grade if band else None) == grade


@pytest.mark.parametrize(
    ("mins", "message"),
    [
        ([90, 95, 0], "overlaps or is out of order"),
        ([90, 90, 0], "overlaps or is out of order"),
        ([90, 60], "its min must be 0"),
        ([120, 0], "expected 0 to 100"),
        ([], "at least one band"),
    ],
)
def test_invalid_scales(mins: list[int], message: str) -> None:
    bands = [Band(f"g{i}", f"g{i}", f"g{i}", D(m)) for i, m in enumerate(mins)]
    with pytest.raises(ScaleError, match=message):
        GradeScale.build("x", bands)


def test_inline_scale_in_a_card() -> None:
    scale = [
        {"grade": "effective", "en": "Effective", "min": 85},
        {"grade": "adequate", "en": "Adequate", "min": 50},
        {"grade": "ineffective", "en": "Ineffective", "min": 0},
    ]
    data = card_dict({"weight": 100, "target": ">=100", "actual": 80, "note": "n"}, scale=scale)
    result = score(from_dict(data))
    assert result.grade.grade == "adequate"


def test_inline_scale_errors_are_located() -> None:
    scale = [{"grade": "a", "min": 50}, {"grade": "b", "min": 60}, {"grade": "c", "min": 0}]
    data = card_dict({"weight": 100, "target": ">=1", "actual": 1}, scale=scale)
    with pytest.raises(ScorecardError, match=r"band 1 .* overlaps") as info:
        from_dict(data)
    assert info.value.path == "scale"


def test_named_scales() -> None:
    data = card_dict(
        {"weight": 100, "target": ">=100", "actual": 86, "note": "n"}, scale="omb-part"
    )
    assert score(from_dict(data)).grade.en == "Effective"
    with pytest.raises(ScorecardError, match=r"unknown scale 'mof2020'.*did you mean 'mof-2020'"):
        from_dict(card_dict({"weight": 100, "target": ">=1", "actual": 1}, scale="mof2020"))
