"""Reading the target (年度指标值), written or as a mapping."""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal
from typing import Any

from ...core.errors import ExpressionError, Path
from ...core.targets import (
    Target,
    normalize_text,
    read_target,
)
from ...core.units import UnitTable, to_base
from .. import _yaml
from .._check import describe
from .base import _OPS, TARGET_KEYS, Part, _written_target


class TargetPart(Part):
    """Reads the target (年度指标值)."""

    def target(self, path: Path, raw: Any, units: UnitTable) -> Target | None:
        check = self.check
        if not isinstance(raw, str) and isinstance(raw, Mapping):  # (str: no ABC check)
            return self.target_mapping(path, raw, units)
        if isinstance(raw, Decimal | int | float) and not _yaml.is_bool(raw):
            number = check.number(path, raw, what="a target")
            return None if number is None else Target(op="=", value=number, text=str(raw))
        text = (
            check.text(path, raw)
            if isinstance(raw, str) or raw is None or _yaml.is_bool(raw) or _yaml.is_date(raw)
            else None
        )
        if text is None:
            if (
                not isinstance(raw, str | type(None))
                and not _yaml.is_bool(raw)
                and not _yaml.is_date(raw)
            ):
                check.fail(path, f"expected a target such as '20万条以上'; found {describe(raw)}")
            return None
        try:
            return read_target(text, units)
        except ExpressionError as exc:
            check.fail(path, exc.render())
            return None

    def target_mapping(self, path: Path, raw: Mapping[str, Any], units: UnitTable) -> Target | None:
        check = self.check
        data = check.mapping(path, raw, TARGET_KEYS, ("op",))
        if data is None or "op" not in data:
            return None
        op_text = check.text((*path, "op"), data["op"])
        op = _OPS.get(normalize_text(op_text or "").replace("≥", ">=").replace("≤", "<="))
        if op is None:
            op = _OPS.get((op_text or "").strip())
        if op is None:
            check.fail(
                (*path, "op"),
                f"unknown operator '{op_text}'; expected one of "
                f"{', '.join(sorted(set(_OPS.values())))}",
            )
            return None
        ok, unit = self.unit_of(path, data, units)
        if not ok:
            return None
        base = unit.base if unit else None
        if op == "range":
            low = check.number((*path, "low"), data.get("low"))
            high = check.number((*path, "high"), data.get("high"))
            if low is None or high is None:
                return None
            if low > high:
                check.fail((*path, "low"), f"low {low} is above high {high}")
                return None
            target = Target(
                op="range",
                value=to_base(unit, low),
                high=to_base(unit, high),
                unit=base,
                written=unit,
            )
        else:
            value = check.number((*path, "value"), data.get("value"))
            if value is None:
                return None
            target = Target(op=op, value=to_base(unit, value), unit=base, written=unit)  # type: ignore[arg-type]
        return Target(
            op=target.op,
            value=target.value,
            high=target.high,
            unit=target.unit,
            written=unit,
            text=_written_target(target, unit),
        )
