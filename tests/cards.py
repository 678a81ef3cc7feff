"""Small scorecards for tests, built as plain data."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path
from typing import Any

import perfeval

ROOT = Path(__file__).resolve().parent.parent


def example_cards() -> list[Path]:
    """The scorecards among examples/*.yaml (not the accounts file)."""
    return [
        p
        for p in sorted((ROOT / "examples").glob("*.yaml"))
        if "\nperfeval: 1" in "\n" + p.read_text(encoding="utf-8")
    ]


def review_cards() -> list[Path]:
    """The published forms among examples/*.yaml, recorded for review
    (``perfeval-review: 1``)."""
    return [
        p
        for p in sorted((ROOT / "examples").glob("*.yaml"))
        if "\nperfeval-review: 1" in "\n" + p.read_text(encoding="utf-8")
    ]


ONLY_OUTPUT = {"budget": 0, "output": 100, "benefit": 0, "satisfaction": 0}


def card_dict(*indicators: dict[str, Any], **top: Any) -> dict[str, Any]:
    """A card whose whole 100 points are in the output group unless told."""
    data: dict[str, Any] = {"perfeval": 1, "title": "test", "weights": dict(ONLY_OUTPUT)}
    data["indicators"] = [
        {"name": f"indicator {i}", "kind": "quantity", **ind} for i, ind in enumerate(indicators)
    ]
    data.update(top)
    return data


def score_one(
    target: Any, actual: Any, weight: str = "10", **extra: Any
) -> perfeval.IndicatorScore:
    """Score one indicator of ``weight`` points next to a filler that is met."""
    filler = {"id": "filler", "weight": str(100 - Decimal(weight)), "target": ">=1", "actual": 1}
    row = {"id": "x", "weight": weight, "target": target, "note": "n", **extra}
    if actual is not None:
        row["actual"] = actual
    result = perfeval.score(perfeval.from_dict(card_dict(row, filler)))
    return result.indicator("x")
