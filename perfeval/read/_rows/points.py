"""Reading the row's points (分值), and the scores given for it (score,
reported); free-text tiers are judged by the band of their score."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from ...core.errors import Path
from ...core.model import Actual
from ...core.rules import Rule
from ...core.targets import (
    Target,
    Tier,
    format_decimal,
    normalize_text,
)
from .base import (
    _TIER_BANDS,
    Part,
    _band_text,
    _judged,
    _numeric_against_qualitative,
    check_decimals,
)


class PointsPart(Part):
    """Reads the row's points (分值)."""

    def weight(self, path: Path, raw: Any, total: Decimal, precision: int) -> Decimal | None:
        if isinstance(raw, str) and normalize_text(raw).endswith("%"):
            percent = self.check.number(
                path, normalize_text(raw)[:-1], above=Decimal(0), what="a weight",
                decimals_bounded=True,
            )  # fmt: skip
            weight = percent * total / 100 if percent is not None else None
        else:
            weight = self.check.number(
                path, raw, above=Decimal(0), what="a weight (分值)", decimals_bounded=True
            )
        if weight is not None and not check_decimals(self.check, path, weight, precision):
            return None
        return weight

    def free_tier(
        self,
        path: Path,
        text: str,
        target: Target | None,
        weight: Decimal | None,
        given: Decimal | None,
        reported: Decimal | None,
        applicable: bool,
    ) -> Tier | None:
        """The tier of a free-text qualitative actual: the band of the
        evaluator's ``score:`` (in review, of the published score)."""
        judged = given if given is not None else (_judged(reported) if self.review else None)
        if weight is None:
            return None
        if judged is None:
            if not applicable:
                return Tier.ACHIEVED  # not scored; the text is shown as written
            bands = "; ".join(
                f"{tier.value} ({tier.zh}) {_band_text(low, high, weight, closed)}"
                for tier, (low, high, closed) in _TIER_BANDS.items()
            )
            where = (
                "score: (or, in review, reported:)" if not self.review else "reported: or score:"
            )
            hint = ""
            if target is not None and any(c.isdigit() for c in normalize_text(text)):
                hint = "; " + _numeric_against_qualitative(target, text)
            self.check.fail(
                (*path, "actual"),
                f"the actual '{text}' names no tier (achieved, partial, not-achieved), so "
                f"the row needs a score whose band names it: add {where} within "
                f"{format_decimal(weight)} points: {bands}{hint}",
            )
            return None
        for tier, (low, high, closed) in _TIER_BANDS.items():
            if low * weight <= judged and (
                judged <= high * weight if closed else judged < high * weight
            ):
                return tier
        return Tier.ACHIEVED  # above the weight: reported as it is, or refused by check_given

    def check_given(
        self,
        path: Path,
        rule: Rule | None,
        actual: Actual,
        weight: Decimal,
        given: Decimal,
        precision: int,
    ) -> None:
        check = self.check
        spath = (*path, "score")
        if given > weight:
            check.fail(
                spath,
                f"a score of {format_decimal(given)} is above the weight {format_decimal(weight)}",
            )
            return
        if rule is not None and rule.input == "tier" and isinstance(actual, Tier):
            low, high, closed = _TIER_BANDS[actual]
            if not (
                low * weight <= given
                and (given <= high * weight if closed else given < high * weight)
            ):
                check.fail(
                    spath,
                    f"a score of {format_decimal(given)} is outside the band of "
                    f"the tier '{actual.value}' ({actual.zh}): expected "
                    f"{_band_text(low, high, weight, closed)}",
                )
