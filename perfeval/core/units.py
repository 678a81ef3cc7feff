"""Units, unit families and magnitudes, as data.

A unit belongs to a family and converts exactly to the family's base unit
(元, %, 天, 米, 平方米, 千克, 立方米). A count unit (件, 条, 次, …) is its own
family: 件 and 次 never compare. Adding a spelling is a one-line edit of a
table below plus one test row.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from decimal import Decimal
from types import MappingProxyType
from typing import Any

import attrs

from ._frozen import FrozenDict

__all__ = [
    "COUNT_UNITS",
    "DEFAULT_UNITS",
    "MAGNITUDES",
    "Unit",
    "UnitTable",
    "from_base",
    "to_base",
]

_ONE = Decimal(1)


@attrs.frozen
class Unit:
    """A unit as written (``name``) and how it converts to its family's base:
    one ``name`` is ``factor / divisor`` of ``base``. The divisor keeps
    conversions such as 小时 → 天 (1/24) exact: 48小时 is exactly 2天."""

    name: str
    family: str
    base: str
    factor: Decimal = _ONE
    divisor: int = 1

    def compatible(self, other: Unit) -> bool:
        """Whether two units can be compared (same base unit)."""
        return self.base == other.base

    def to_base(self, value: Decimal) -> Decimal:
        """A value written in this unit, in the base unit."""
        converted = value * self.factor
        return converted / self.divisor if self.divisor != 1 else converted

    def from_base(self, value: Decimal) -> Decimal:
        """A value in the base unit, written in this unit."""
        converted = value * self.divisor if self.divisor != 1 else value
        return converted / self.factor


def to_base(unit: Unit | None, value: Decimal) -> Decimal:
    """``unit.to_base(value)``, or the value itself for a bare number."""
    return value if unit is None else unit.to_base(value)


def from_base(unit: Unit | None, value: Decimal) -> Decimal:
    """``unit.from_base(value)``, or the value itself for a bare number."""
    return value if unit is None else unit.from_base(value)


#: Count units: each is its own family and its own base.
COUNT_UNITS: tuple[str, ...] = (
    "件",
    "条",
    "次",
    "人次",
    "个",
    "项",
    "户",
    "人",
    "台",
    "套",
    "辆",
    "篇",
    "期",
    "家",
    "所",
    "座",
    "处",
    "场",
    "批",
    "份",
    "张",
    "本",
    "册",
    "只",
    "头",
    "株",
    "棵",
    "起",
    "宗",
    "倍",
    "名",
    "间",
    "栋",
    "根",
    "盏",
    "块",
    "部",
    "门",
    "支",
    "队",
    "村",
    "县",
    "户次",
    "个次",
    "台次",
    "车次",
    "架次",
    "人日",
    "课时",
    "学时",
    "节",
    "档",
    "道",
    "趟",
    "例",
    "单",
    "份次",
    "篇次",
    "期次",
    "场次",
    "批次",
    "台套",
    "种",
    "人天",
    "艘",
)

# (name, family, base, factor[, divisor]): every non-count unit.
_MEASURES: tuple[tuple[str, str, str, Decimal] | tuple[str, str, str, Decimal, int], ...] = (
    ("元", "money", "元", _ONE),
    ("万元", "money", "元", Decimal(10) ** 4),
    ("亿元", "money", "元", Decimal(10) ** 8),
    ("%", "ratio", "%", _ONE),
    ("百分比", "ratio", "%", _ONE),  # ≥100百分比, as real forms print the unit column
    ("(百分比)", "ratio", "%", _ONE),
    ("%(百分比)", "ratio", "%", _ONE),
    ("‰", "ratio", "%", Decimal("0.1")),  # per mille: 5‰ is exactly 0.5%
    ("个百分点", "ratio", "%", _ONE),
    ("百分点", "ratio", "%", _ONE),
    ("天", "time", "天", _ONE),
    ("日", "time", "天", _ONE),
    ("小时", "time", "天", _ONE, 24),
    ("分钟", "time", "天", _ONE, 1440),
    ("个月", "month", "月", _ONE),
    ("月", "month", "月", _ONE),
    ("年", "year", "年", _ONE),
    ("个工作日", "workday", "个工作日", _ONE),
    ("工作日", "workday", "个工作日", _ONE),
    ("毫米", "length", "米", Decimal("0.001")),
    ("厘米", "length", "米", Decimal("0.01")),
    ("米", "length", "米", _ONE),
    ("千米", "length", "米", Decimal(1000)),
    ("公里", "length", "米", Decimal(1000)),
    ("平方米", "area", "平方米", _ONE),
    ("公顷", "area", "平方米", Decimal(10) ** 4),
    ("平方公里", "area", "平方米", Decimal(10) ** 6),
    ("平方千米", "area", "平方米", Decimal(10) ** 6),
    ("亩", "mu", "亩", _ONE),
    ("万亩", "mu", "亩", Decimal(10) ** 4),
    ("克", "mass", "千克", Decimal("0.001")),
    ("千克", "mass", "千克", _ONE),
    ("公斤", "mass", "千克", _ONE),
    ("吨", "mass", "千克", Decimal(1000)),
    ("毫升", "volume", "立方米", Decimal("0.000001")),
    ("升", "volume", "立方米", Decimal("0.001")),
    ("立方米", "volume", "立方米", _ONE),
)

#: Magnitude words and their multipliers. A unit word such as 千米 is matched
#: before the magnitude 千, so ``5千米`` is 5 千米 = 5000 米.
MAGNITUDES: Mapping[str, Decimal] = MappingProxyType(
    {
        "千": Decimal(10) ** 3,
        "万": Decimal(10) ** 4,
        "萬": Decimal(10) ** 4,
        "十万": Decimal(10) ** 5,
        "百万": Decimal(10) ** 6,
        "千万": Decimal(10) ** 7,
        "亿": Decimal(10) ** 8,
        "億": Decimal(10) ** 8,
    }
)
_MAGNITUDE_LENGTHS = sorted({len(m) for m in MAGNITUDES}, reverse=True)


def _count(name: str) -> Unit:
    return Unit(name=name, family="count", base=name)


def _unit_map(value: Mapping[str, Unit]) -> Mapping[str, Unit]:
    return FrozenDict(value)


@attrs.frozen
class UnitTable:
    """The units an expression may use: the built-in table plus extra counts.

    Hashable, so parse results can be cached per table.
    """

    units: Mapping[str, Unit] = attrs.field(converter=_unit_map)
    _lengths: tuple[int, ...] = attrs.field(init=False, eq=False, hash=False, repr=False)
    _hash: int = attrs.field(init=False, eq=False, hash=False, repr=False)

    def __attrs_post_init__(self) -> None:
        lengths = tuple(sorted({len(n) for n in self.units}, reverse=True))
        object.__setattr__(self, "_lengths", lengths)
        # Every cached parse looks the table up by hash: compute it once, not per lookup.
        object.__setattr__(self, "_hash", hash(frozenset(self.units)))

    def __hash__(self) -> int:
        return self._hash

    def __eq__(self, other: object) -> bool:
        return isinstance(other, UnitTable) and self.units.keys() == other.units.keys()

    def __reduce__(self) -> tuple[Any, ...]:
        """Pickle as "the default table plus these counts" when it is one."""
        extra = [n for n in self.units if n not in DEFAULT_UNITS.units]
        if (
            all(DEFAULT_UNITS.units.get(n) == u for n, u in self.units.items() if n not in extra)
            and len(self.units) - len(extra) == len(DEFAULT_UNITS.units)
            and all(self.units[n] == _count(n) for n in extra)
        ):
            return (_default_with_counts, (tuple(extra),))
        return (UnitTable, (dict(self.units),))

    def with_counts(self, names: Iterable[str]) -> UnitTable:
        """A table with extra count units (a scorecard's ``units:`` list)."""
        extra = {n: _count(n) for n in names if n not in self.units}
        if not extra:
            return self
        return UnitTable({**self.units, **extra})

    def get(self, name: str) -> Unit | None:
        return self.units.get(name)

    def match(self, text: str, pos: int) -> Unit | None:
        """The longest unit written at ``text[pos:]``, if any."""
        for length in self._lengths:
            unit = self.units.get(text[pos : pos + length])
            if unit is not None:
                return unit
        return None

    @staticmethod
    def match_magnitude(text: str, pos: int) -> tuple[str, Decimal] | None:
        """The longest magnitude word written at ``text[pos:]``, if any."""
        for length in _MAGNITUDE_LENGTHS:
            word = text[pos : pos + length]
            factor = MAGNITUDES.get(word)
            if factor is not None:
                return word, factor
        return None


def _default_with_counts(names: tuple[str, ...]) -> UnitTable:
    return DEFAULT_UNITS.with_counts(names)


DEFAULT_UNITS = UnitTable(
    {
        **{name: _count(name) for name in COUNT_UNITS},
        **{spec[0]: Unit(*spec) for spec in _MEASURES},
    }
)
