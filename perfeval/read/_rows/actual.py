"""Reading the actual (实际完成值): a figure, a tier, or free text."""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal
from typing import Any

from ...core.errors import ExpressionError, Path
from ...core.model import Actual
from ...core.rules import Rule
from ...core.targets import (
    Quantity,
    Target,
    Tier,
    format_decimal,
    normalize_text,
    parse_tier,
    read_quantity,
)
from ...core.units import UnitTable, to_base
from .. import _yaml
from .base import ACTUAL_KEYS, Part, _numeric_against_qualitative


class ActualPart(Part):
    """Reads the actual (实际完成值): a figure."""

    def actual(self, path: Path, raw: Any, target: Target, rule: Rule, units: UnitTable) -> Actual:
        check = self.check
        if rule.input == "tier":
            return self.tier(path, raw, target)
        if rule.input == "score":  # manual: the actual is shown, not scored
            if isinstance(raw, Mapping) or (
                isinstance(raw, Decimal | int | float) and not _yaml.is_bool(raw)
            ):
                return self.quantity(path, raw, target, units)
            text = check.text(path, raw) if raw is not None else None
            if text is None:
                return None
            tier = parse_tier(text)
            if tier is not None:
                return tier
            try:
                return self.converted(path, read_quantity(text, units), target)
            except ExpressionError:
                return text
        if isinstance(raw, str) and parse_tier(raw) is not None:
            check.fail(
                path,
                f"the actual '{raw}' is a qualitative tier, but the target "
                f"'{target.display()}' is a number; give the figure achieved",
            )
            return None
        return self.quantity(path, raw, target, units)

    def tier(self, path: Path, raw: Any, target: Target) -> Tier | str | None:
        check = self.check
        if (isinstance(raw, Decimal | int | float) and not _yaml.is_bool(raw)) or isinstance(
            raw, Mapping
        ):
            check.fail(path, _numeric_against_qualitative(target, str(raw)))
            return None
        text = check.text(path, raw)
        if text is None:
            return None
        tier = parse_tier(text)
        if tier is not None:
            return tier
        if target.statement is not None and normalize_text(text).rstrip("。.") == target.statement:
            return Tier.ACHIEVED  # the form repeats the target's text when it was reached
        return text.strip()  # free text: its tier comes from the score's band

    def quantity(self, path: Path, raw: Any, target: Target, units: UnitTable) -> Quantity | None:
        check = self.check
        if not isinstance(raw, str) and isinstance(raw, Mapping):  # (str: no ABC check)
            data = check.mapping(path, raw, ACTUAL_KEYS, ("value",))
            if data is None or "value" not in data:
                return None
            value = check.number((*path, "value"), data["value"], what="an actual")
            ok, unit = self.unit_of(path, data, units)
            if not ok:
                return None
            if value is None:
                return None
            text = f"{format_decimal(value)}{unit.name if unit else ''}"
            quantity = Quantity(
                value=to_base(unit, value),
                unit=unit.base if unit else None,
                text=text,
                written=unit,
            )
            return self.converted(path, quantity, target)
        if isinstance(raw, Decimal | int | float) and not _yaml.is_bool(raw):
            value = check.number(path, raw, what="an actual")
            if value is None:
                return None
            return self.converted(path, Quantity(value=value, text=str(raw)), target)
        written = check.text(path, raw)
        read = check.quantity(path, written, units) if written is not None else None
        return self.converted(path, read, target) if read is not None else None
