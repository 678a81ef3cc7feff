"""Hypothesis strategies shared by the property tests."""

from __future__ import annotations

import itertools
from decimal import Decimal
from typing import Any

from hypothesis import strategies as st

from perfeval.core.targets import format_decimal

amounts = st.decimals(min_value=0, max_value=10**7, places=2, allow_nan=False, allow_infinity=False)
signed_amounts = st.decimals(
    min_value=-1000, max_value=10**7, places=2, allow_nan=False, allow_infinity=False
)
positive = st.decimals(
    min_value=Decimal("0.01"), max_value=10**7, places=2, allow_nan=False, allow_infinity=False
)
weights = st.decimals(
    min_value=Decimal("0.01"), max_value=100, places=2, allow_nan=False, allow_infinity=False
)
units = st.sampled_from(["", "%", "件", "万元", "元", "天", "米"])
ops = st.sampled_from([">=", ">", "<=", "<", "="])
SYMBOLS = {">=": ["≥", ">=", "≧"], ">": [">"], "<=": ["≤", "<="], "<": ["<"], "=": ["=", ""]}


@st.composite
def target_texts(draw: Any) -> str:
    """A quantitative target text in one of its spellings."""
    unit = draw(units)
    if draw(st.booleans()):
        low = draw(amounts)
        high = low + draw(amounts)
        sep = draw(st.sampled_from(["-", "~", "至"]))
        return f"{format_decimal(low)}{unit}{sep}{format_decimal(high)}{unit}"
    op = draw(ops)
    value = format_decimal(draw(amounts))
    style = draw(st.sampled_from(["symbol", "suffix", "word"]))
    if style == "suffix" and op in (">=", "<="):
        return f"{value}{unit}{'以上' if op == '>=' else '以下'}"
    if style == "word" and op in (">=", "<=", ">", "<"):
        word = {">=": "不少于", "<=": "不超过", ">": "超过", "<": "低于"}[op]
        return f"{word}{value}{unit}"
    return f"{draw(st.sampled_from(SYMBOLS[op]))}{value}{unit}"


@st.composite
def partitions(draw: Any, total: int = 100, most: int = 8) -> list[int]:
    """Positive whole weights adding up to ``total``."""
    count = draw(st.integers(min_value=1, max_value=most))
    cuts = sorted(draw(st.sets(st.integers(1, total - 1), min_size=count - 1, max_size=count - 1)))
    bounds = [0, *cuts, total]
    return [b - a for a, b in itertools.pairwise(bounds)]


@st.composite
def indicator_rows(draw: Any, weight: int, index: int) -> dict[str, Any]:
    """A quantitative indicator of ``weight`` points with a random target and actual."""
    op = draw(st.sampled_from([">=", ">", "<=", "<", "=", "range", "qualitative"]))
    unit = draw(st.sampled_from(["", "%", "件", "万元"]))
    row: dict[str, Any] = {
        "id": f"r{index}",
        "name": f"row {index}",
        "kind": "quantity",
        "weight": weight,
    }
    if draw(st.booleans()):
        row["note"] = "说明"
    if op == "qualitative":
        row["target"] = "有效"
        tier = draw(st.sampled_from(["achieved", "partial", "not-achieved"]))
        row["actual"] = tier
        low, high = {
            "achieved": ("0.8", "1"),
            "partial": ("0.6", "0.79"),
            "not-achieved": ("0", "0.59"),
        }[tier]
        if tier != "achieved" or draw(st.booleans()):
            fraction = draw(st.decimals(min_value=Decimal(low), max_value=Decimal(high), places=2))
            row["score"] = format_decimal(fraction * weight)
        return row
    value = draw(amounts)
    if op == "range":
        high = value + draw(amounts)
        row["target"] = f"{format_decimal(value)}{unit}-{format_decimal(high)}{unit}"
    elif op == "=" and value == 0:
        row["target"] = f"=0{unit}"
    else:
        row["target"] = f"{op}{format_decimal(value)}{unit}"
    row["actual"] = f"{format_decimal(draw(signed_amounts))}{unit}"
    return row


@st.composite
def cards(draw: Any) -> dict[str, Any]:
    """A valid card: all 100 points in the output group, 1 to 8 rows."""
    parts = draw(partitions())
    rows = [draw(indicator_rows(weight, i)) for i, weight in enumerate(parts)]
    return {
        "perfeval": 1,
        "title": "generated",
        "weights": {"budget": 0, "output": 100, "benefit": 0, "satisfaction": 0},
        "indicators": rows,
    }
