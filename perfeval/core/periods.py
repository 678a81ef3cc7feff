"""Frequencies per period: 每季度1次 is 4次 in the year, 1次/月 is 12次.

A self-evaluation scores one year, so a target counted per period is compared
with the year's count: per year, half-year, quarter, month, 旬 (ten days, 36 in a
year), or a number of months that divides the year (每两个月 is 6 times a year).
Weeks and days make no fixed number in a working year (52 weeks or 50? 365 days
or 250 working days?), and nor do periods that do not divide the year (每五个月,
每两年): a figure per such a period keeps the period in its unit (次/周), and
compares only with an actual written per the same period (每周1次, 1次/周).

Only units that count what happens or is produced in a period add up over the
year: events (次, 场, 期, 批次, 人次 …) and outputs (篇, 份, 条, 件, 例 …). Who or
what is counted (人, 户, 家, 个, 台 …) may be the same each month: 每月服务100户
need not be 1,200 households, so such a figure is read as written and its
period is a label, as before.

Imported by perfeval.core.targets only for a text that holds 每 or a ``/`` (and by
the message of a per-period mismatch, for the period's English name).
"""

from __future__ import annotations

import re
from decimal import Decimal

import attrs

from . import numerals
from .units import Unit

__all__ = ["FREQUENCY_UNITS", "Period", "after", "before", "in_english", "per_period"]

#: The units whose figures add up over a year (see the module's text).
FREQUENCY_UNITS = frozenset(
    {
        "次", "人次", "户次", "个次", "台次", "车次", "架次", "份次", "篇次", "期次", "场次",
        "批次", "场", "期", "批", "趟", "篇", "份", "条", "件", "例", "课时", "学时", "节",
    }
)  # fmt: skip

#: A period's spelling → (its name in a per-period unit, how many make a year;
#: None when no fixed number does).
_SPELLINGS: dict[str, tuple[str, int | None]] = {
    "年": ("年", 1),
    "年度": ("年", 1),
    "半年": ("半年", 2),
    "半年度": ("半年", 2),
    "季": ("季度", 4),
    "季度": ("季度", 4),
    "月": ("月", 12),
    "月度": ("月", 12),
    "旬": ("旬", 36),
    "学期": ("学期", 2),  # a calendar year holds a spring and an autumn semester
    "周": ("周", None),
    "星期": ("周", None),
    "工作日": ("工作日", None),
    "天": ("日", None),
    "日": ("日", None),
}
#: Each period's name (the first of _SPELLINGS' pairs) in English: one, several.
ENGLISH: dict[str, tuple[str, str]] = {
    "年": ("year", "years"),
    "半年": ("half-year", "half-years"),
    "季度": ("quarter", "quarters"),
    "月": ("month", "months"),
    "旬": ("ten days", "ten-day periods"),
    "学期": ("semester", "semesters"),
    "周": ("week", "weeks"),
    "工作日": ("working day", "working days"),
    "日": ("day", "days"),
}
#: A per-period unit's period: a count of periods (2周, 15日) or a half (半周), then its name.
_NAME = re.compile(r"(?P<n>[0-9]+|半)?(?P<p>.+)")
_PERIOD = (
    r"(?P<n>[1-9][0-9]?|[一两二三四五六七八九十]{1,3}|半)?个?"
    r"(?P<p>半年度?|年度?|季度?|月度?|旬|学期|周|星期|工作日|天|日)"
)
#: 每季度, 每两个月, 每十五天, 每个工作日, then up to ten characters of a verb (开展,
#: 召开, 开展检查督导工作) at the end of the label before the figure. The verb holds no
#: 每: in 每年每季度 the period is the last one, the quarter.
_BEFORE = re.compile(rf"每个?{_PERIOD}(?P<verb>(?:(?!每)[\u4e00-\u9fff]){{0,10}})$")
#: A verb that names the year's total, not what is done each period: 每月例会召开次数
#: 12次 is 12 meetings in the year, 每季度通报累计4次 4 reports.
_A_TOTAL = re.compile(r"(?:数|数量|总量|量)$|累计|合计|总计|全年|共")
#: What may stand before an actual's period: the year it is counted in (全年每季度1次).
_THE_YEAR = re.compile(r"(?:全年|年度|每个?年度?)*")
#: Words in an actual's verb that say the figure is not what was done: 每季度未开展1次,
#: 每季度约1次, 每月计划2次. Such an actual is refused, as 约3次 is.
_NOT_DONE = re.compile(r"[未没无不约近拟]|大概|大约|左右|预计|计划|将近|接近|差不多")
#: /季度, /每月, /2个月 right after the figure's unit.
_AFTER = re.compile(rf"/每?个?{_PERIOD}")
#: A period counted in digits (每2个月), whose digits are not the figure.
_NUMBERED = re.compile(rf"每个?(?=[0-9]){_PERIOD}")


@attrs.frozen
class Period:
    """A period a figure is counted in: ``written`` as the text has it (每季度,
    /月), ``name`` for a per-period unit (季度, 2月, 周), ``per_year`` how many
    make a year (None for weeks, days and periods that do not divide the year)."""

    written: str
    name: str
    per_year: int | None


def _period(match: re.Match[str]) -> Period | None:
    """The period a match names; None for a count that is no number (每三五天)."""
    name, per_year = _SPELLINGS[match["p"]]
    count = match["n"]
    if count is None:
        return Period(match.group(), name, per_year)
    if count == "半":
        if per_year is None or name == "半年":
            return Period(match.group(), "半" + name, None)
        return Period(match.group(), "半" + name, per_year * 2)
    n = int(count) if count.isdigit() else numerals.whole(count)
    if not n:
        return None
    if n == 1:
        return Period(match.group(), name, per_year)
    whole = per_year is not None and per_year % n == 0
    return Period(match.group(), f"{n}{name}", per_year // n if whole and per_year else None)


def before(label: str, *, whole: bool = False) -> Period | None:
    """The period that ends a target's label (全年每季度, 每月召开); with ``whole``,
    only a label that is nothing but the year, the period and a verb that
    does not hedge (an actual's: 每季度开展, 全年每月)."""
    match = _BEFORE.search(label)
    if match is None or _A_TOTAL.search(match["verb"]) is not None:
        return None
    if whole and (
        _THE_YEAR.fullmatch(label, 0, match.start()) is None
        or _NOT_DONE.search(match["verb"]) is not None
    ):
        return None
    period = _period(match)
    if period is None:
        return None
    written = match.group()[: len(match.group()) - len(match["verb"])]
    return attrs.evolve(period, written=written)


def after(rest: str) -> tuple[Period, str] | None:
    """A period right after a figure (``/季度`` in ``1次/季度以上``), and the text
    left after it."""
    match = _AFTER.match(rest)
    if match is None:
        return None
    period = _period(match)
    return None if period is None else (period, rest[match.end() :])


def numbered_end(text: str, digit: int) -> int | None:
    """Where a period counted in digits ends (每2个月 in 每2个月1次), when the
    digit at ``digit`` is its count; else None."""
    for start in (digit - 1, digit - 2):
        match = _NUMBERED.match(text, max(start, 0))
        if start >= 0 and match is not None and match.start("n") == digit:
            return match.end()
    return None


def in_english(name: str) -> str:
    """A period's name (Period.name) in English: 周 week, 2周 2 weeks, 半日 half a day."""
    match = _NAME.fullmatch(name)
    assert match is not None  # the pattern matches any name
    count, period = match["n"], match["p"]
    one, several = ENGLISH.get(period, (period, period))
    if count is None:
        return one
    return f"half a {one}" if count == "半" else f"{count} {several}"


def per_period(unit: Unit, period: Period) -> Unit:
    """The unit of a figure per a period no fixed number of make a year: 次/周."""
    name = f"{unit.name}/{period.name}"
    return Unit(name=name, family="count", base=name)


def frequency(unit: Unit | None) -> bool:
    """Whether figures in this unit add up over a year."""
    return unit is not None and unit.family == "count" and unit.base in FREQUENCY_UNITS


def per_year(value: Decimal, period: Period) -> Decimal:
    """A figure per ``period`` as the year's (``per_year`` must be set)."""
    assert period.per_year is not None
    return value * period.per_year
