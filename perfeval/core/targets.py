"""Targets (年度指标值) and actuals (实际完成值) as exact values.

``parse_target("20万条以上") == parse_target("≥200000条")``: a target is parsed
once into an immutable value with a canonical ``str()`` that parses back to an
equal value; the text as written is kept (outside equality) for messages and
tables. Spelling variants are data: the comparator tables below, and the unit
and magnitude tables in :mod:`perfeval.units`.
"""

from __future__ import annotations

import enum
import re
import unicodedata
from decimal import Decimal, InvalidOperation
from functools import lru_cache
from types import MappingProxyType
from typing import TYPE_CHECKING, Literal

import attrs

from ._decimal import exact, quantize, too_large, too_small
from .errors import ExpressionError, quote
from .units import DEFAULT_UNITS, Unit, UnitTable, to_base

if TYPE_CHECKING:  # imported when a text may count per period (see _frequency)
    from .periods import Period

_ONE = Decimal(1)

__all__ = [
    "Op",
    "Quantity",
    "Target",
    "Tier",
    "as_written",
    "format_decimal",
    "is_blank",
    "judges",
    "negates",
    "normalize_text",
    "parse_number",
    "parse_quantity",
    "parse_target",
    "parse_tier",
]

Op = Literal[">=", ">", "<=", "<", "=", "range", "qualitative"]

# Signs that NFKC leaves alone, or look-alikes seen on real forms.
_SIGNS = str.maketrans(
    {
        "≥": ">=",
        "≧": ">=",
        "⩾": ">=",
        "≤": "<=",
        "≦": "<=",
        "⩽": "<=",
        "≮": ">=",  # not less than (不小于)
        "≯": "<=",  # not greater than (不大于)
        "═": "=",
        "〓": "=",
        "−": "-",
        "–": "-",
        "—": "-",
        "﹣": "-",
        "〜": "~",
        "∼": "~",
        "\u3000": " ",
        # invisible: a web page's zero-width space or a pasted BOM is no part of a figure
        "\u200b": "",
        "\u2060": "",
        "\ufeff": "",
        "\u00ad": "",
    }
)


def normalize_text(text: str) -> str:
    """NFKC (full-width digits and signs to ASCII) plus the look-alike table.

    Spaces are removed: ``≥ 200 000`` and ``≥200000`` are the same target.
    """
    if not unicodedata.is_normalized("NFKC", text):  # a quick check in C; most text is
        text = unicodedata.normalize("NFKC", text)
    return "".join(text.translate(_SIGNS).split())


# Comparators written before the number: symbols and words (民法典 第1259条:
# 以上/以下/以内 include the number; 超过/低于/不满/不足 exclude it).
PREFIX_OPS = MappingProxyType(
    {
        ">=": ">=",
        "=>": ">=",
        ">": ">",
        "<=": "<=",
        "=<": "<=",
        "<": "<",
        "==": "=",
        "=": "=",
        "等于": "=",
        "不少于": ">=",
        "不低于": ">=",
        "不小于": ">=",
        "至少": ">=",
        "达到": ">=",
        "大于等于": ">=",
        "大于或等于": ">=",
        "高于等于": ">=",
        "最低": ">=",
        "超过": ">",
        "高于": ">",
        "多于": ">",
        "大于": ">",
        "不超过": "<=",
        "不高于": "<=",
        "不多于": "<=",
        "不大于": "<=",
        "至多": "<=",
        "小于等于": "<=",
        "小于或等于": "<=",
        "控制在": "<=",
        "最多": "<=",
        "最高": "<=",
        "低于": "<",
        "少于": "<",
        "小于": "<",
        "不满": "<",
        "不足": "<",
        "不到": "<",
    }
)
# Comparators written after the number (and its unit).
SUFFIX_OPS = MappingProxyType(
    {
        "以上": ">=",
        "及以上": ">=",
        "或以上": ">=",
        "以上(含)": ">=",
        "(含)以上": ">=",
        "以下": "<=",
        "及以下": "<=",
        "或以下": "<=",
        "以下(含)": "<=",
        "(含)以下": "<=",
        "以内": "<=",
        "之内": "<=",
        "内": "<=",
        "以内(含)": "<=",
    }
)
_RANGE_SEPARATORS = ("-", "~", "至", "到")
_RANGE_TAILS = ("之间", "区间")
_APPROXIMATE_SUFFIXES = ("余", "多")  # 150余次: an actual stated as "more than 150"
_PREFIX_LENGTHS = sorted({len(w) for w in PREFIX_OPS}, reverse=True)
_SUFFIX_LENGTHS = sorted({len(w) for w in SUFFIX_OPS}, reverse=True)
_TRAILING = "。.;；,，、"

_NUMBER = re.compile(r"\d+(?:,\d{3})+(?:\.\d+)?(?!\d)|\d+(?:\.\d+)?")
_PLAIN_NUMBER = re.compile(r"[+-]?(?:\d+(?:,\d{3})+|\d+)(?:\.\d+)?|[+-]?\.\d+")
_DIGIT = re.compile(r"\d")


def format_decimal(value: Decimal) -> str:
    """A Decimal in plain notation without trailing zeros: 2E+5 → ``200000``."""
    if value == 0:
        return "0"
    return format(value.normalize(), "f")


def as_written(value: Decimal) -> str:
    """A figure the form published, as it wrote it: ``9.20`` keeps its zeros
    (it was written to two decimals), in plain notation."""
    return format(value, "f")


def fmt(value: Decimal, places: int | None = None) -> str:
    """A number for people: fixed places when given (rounded half up, the
    one rounding rule: ``format()`` rounds half even), else plain."""
    if places is None:
        return format_decimal(value)
    return f"{quantize(value, places):f}"


#: How a published form leaves a cell empty: dashes and slashes of every width
#: and length (the full-width ones are folded by NFKC first), or a word for
#: nothing / not applicable.
_BLANK_MARKS = re.compile("[-\u2010-\u2015\u2500\u2501/\\\\_~\u00b7.\u3002\u2026]*")
#: What a form writes in a cell of a row that does not apply.
NOT_APPLICABLE_WORDS = frozenset({"不适用", "不涉及", "n/a"})
_BLANK_WORDS = frozenset({"无", "暂无", "空", "na", *NOT_APPLICABLE_WORDS})


def is_blank(text: str) -> bool:
    """Whether a cell's text says nothing: empty, a dash or slash (any width,
    repeated), or 无 / N/A / 不适用 (with a full stop or not)."""
    norm = normalize_text(text).rstrip("。.").lower()
    return norm in _BLANK_WORDS or _BLANK_MARKS.fullmatch(norm) is not None


class Tier(enum.Enum):
    """The three tiers of a qualitative indicator (10号)."""

    ACHIEVED = "achieved"
    PARTIAL = "partial"
    NOT_ACHIEVED = "not-achieved"

    @property
    def zh(self) -> str:
        return _TIER_ZH[self]


_TIER_ZH = {
    Tier.ACHIEVED: "达成年度指标",
    Tier.PARTIAL: "部分达成年度指标并具有一定效果",
    Tier.NOT_ACHIEVED: "未达成年度指标且效果较差",
}
TIER_ALIASES = MappingProxyType(
    {
        "achieved": Tier.ACHIEVED,
        "达成年度指标": Tier.ACHIEVED,
        "达成": Tier.ACHIEVED,
        "达成预期指标": Tier.ACHIEVED,
        "完成": Tier.ACHIEVED,
        "已完成": Tier.ACHIEVED,
        "达成年度目标": Tier.ACHIEVED,
        "partial": Tier.PARTIAL,
        "部分达成年度指标并具有一定效果": Tier.PARTIAL,
        "部分达成": Tier.PARTIAL,
        "部分达成年度指标": Tier.PARTIAL,
        "部分完成": Tier.PARTIAL,
        "not-achieved": Tier.NOT_ACHIEVED,
        "not_achieved": Tier.NOT_ACHIEVED,
        "未达成年度指标且效果较差": Tier.NOT_ACHIEVED,
        "未达成": Tier.NOT_ACHIEVED,
        "未达成年度指标": Tier.NOT_ACHIEVED,
        "未完成": Tier.NOT_ACHIEVED,
    }
)


def parse_tier(text: str) -> Tier | None:
    """The tier a text names (``达成``, ``partial``, …), or None."""
    if _DIGIT.search(text) is not None:
        return None  # no tier's name has a digit, and NFKC keeps one a digit
    return TIER_ALIASES.get(normalize_text(text).rstrip(_TRAILING).lower())


#: Words that negate what follows them (未按时完成, 不合格, 没有发生, 尚未完成).
_NEGATIONS = ("尚未", "未能", "没有", "不能", "未", "不", "没", "非")
#: Opposite first words: 有效 / 无效, 有提升 / 无提升, 是 / 否.
_OPPOSITE_FIRST = {"有": "无", "无": "有", "是": "否", "已": "未", "能": "不能"}
#: A bare "no", as a form answers the target 是 (是否按时完成: 否).
_NO = frozenset({"否", "不是"})


def negates(text: str, statement: str | None) -> bool:
    """Whether a qualitative actual says the target's statement was not met:
    the statement negated (按时完成 → 未按时完成, 合格 → 不合格, 有效 → 无效,
    已完成 → 未完成, 不超标 → 超标), or 否 / 不是 against 是. A bare 否 against
    anything else is not read as a negation: against 杜绝安全事故 or 零投诉 it
    means the target was met. Other text (基本完成, 效果明显) says nothing by
    itself; its tier comes from the score's band."""
    if not statement:
        return False
    said = normalize_text(text).rstrip(_TRAILING).lower()
    goal = statement.rstrip(_TRAILING).lower()
    if not said or said == goal:
        return False
    if said in _NO:
        return goal == "是"
    if any(said == word + goal or goal == word + said for word in _NEGATIONS):
        return True
    opposite = _OPPOSITE_FIRST.get(goal[0])
    return opposite is not None and said == opposite + goal[1:]


@lru_cache(maxsize=4096)  # the loader decides it, and scoring asks again for each score
def judges(text: str, statement: str | None) -> Tier | None:
    """The tier a qualitative actual names by what it says, when it is no
    tier word: not achieved when it negates the target (:func:`negates`) or
    gives a date after the target's deadline (2024年1月15日 against
    2023年12月31日前完成), achieved when its date is by the deadline; None for
    other free text (效果明显), whose tier the score's band names."""
    if not statement:
        return None
    if negates(text, statement):
        return Tier.NOT_ACHIEVED
    from .deadlines import on_time

    timely = on_time(normalize_text(text), statement)
    if timely is None:
        return None
    return Tier.ACHIEVED if timely else Tier.NOT_ACHIEVED


@attrs.frozen
class Quantity:
    """A number in its family's base unit: ``22.88万件`` is 228800 件.

    ``unit`` is the base unit (元, %, 天, 米, …; a count keeps its own unit)
    or None for a bare number. ``written`` is the unit as written (万元 for
    ``800万元``), ``text`` the original, ``qualifier`` a comparator or
    approximation word read off an actual (``≥`` in ``≥266米``, ``余`` in
    ``150余次``); none of these take part in equality.
    """

    value: Decimal
    unit: str | None = None
    text: str = attrs.field(default="", eq=False, repr=False)
    written: Unit | None = attrs.field(default=None, eq=False, repr=False)
    qualifier: str | None = attrs.field(default=None, eq=False, repr=False)

    def __str__(self) -> str:
        return format_decimal(self.value) + (self.unit or "")

    def display(self) -> str:
        """The text as the user wrote it, or the canonical form."""
        return self.text or str(self)


@attrs.frozen
class Target:
    """A 年度指标值: a comparison against a value, a range, or a statement.

    ``op`` is one of ``>=``, ``>``, ``<=``, ``<``, ``=``, ``range`` (both ends
    included, ``value`` low and ``high`` high) or ``qualitative`` (then
    ``statement`` holds the normalized text and ``value`` is None).
    ``period`` is the period a frequency was counted in, as written (每季度 in
    ``每季度1次``, ``/月`` in ``2次/月``), when ``value`` is the year's count
    (4次, 24次: perfeval.core.periods); else empty.
    """

    op: Op
    value: Decimal | None = None
    unit: str | None = None
    high: Decimal | None = None
    statement: str | None = None
    label: str = attrs.field(default="", eq=False, repr=False)
    text: str = attrs.field(default="", eq=False, repr=False)
    written: Unit | None = attrs.field(default=None, eq=False, repr=False)
    period: str = attrs.field(default="", eq=False, repr=False)

    @property
    def quantitative(self) -> bool:
        return self.op != "qualitative"

    @property
    def low(self) -> Decimal | None:
        return self.value if self.op == "range" else None

    def __str__(self) -> str:
        if self.op == "qualitative":
            return self.statement or ""
        assert self.value is not None
        unit = self.unit or ""
        if self.op == "range":
            assert self.high is not None
            low = format_decimal(self.value) + ("" if "/" in unit else unit)  # 1~2次/周
            return f"{low}~{format_decimal(self.high)}{unit}"
        return f"{self.op}{format_decimal(self.value)}{unit}"

    def display(self) -> str:
        """The text as the user wrote it, or the canonical form."""
        return self.text or str(self)

    def yearly(self) -> str:
        """What a frequency per period comes to in the year (``≥12次`` for
        每月不少于1次), in the unit it was written in; empty for any other target."""
        if not self.period or self.value is None:
            return ""
        unit = self.written.name if self.written else ""
        if self.op == "range":
            assert self.high is not None
            return f"{format_decimal(self.value)}~{format_decimal(self.high)}{unit}"
        sign = {">=": "≥", "<=": "≤", "=": ""}.get(self.op, self.op)
        return f"{sign}{format_decimal(self.value)}{unit}"

    @property
    def missing(self) -> bool:
        """Whether this is :data:`NO_TARGET`: review's stand-in for a row the
        form scores without a 年度指标值 (target-missing)."""
        return self == NO_TARGET

    def is_met(self, actual: Decimal) -> bool:
        """Whether an actual (in the target's base unit) meets the target."""
        value = self.value
        if value is None:
            raise ValueError("a qualitative target has no numeric test")
        match self.op:
            case ">=":
                return actual >= value
            case ">":
                return actual > value
            case "<=":
                return actual <= value
            case "<":
                return actual < value
            case "=":
                return actual == value
            case "range":
                assert self.high is not None
                return value <= actual <= self.high
        raise AssertionError(self.op)  # pragma: no cover


#: Review's target for a row the form scores without a 年度指标值 (target-missing):
#: a statement of nothing, which no text parses to (an empty target is an error).
NO_TARGET = Target(op="qualitative", statement="")


# --------------------------------------------------------------------------
# The parser: one pass over the normalized text.


class _Number:
    """One number as the parser read it (a plain slotted class: the parser
    makes one per number, and nothing outside it sees one)."""

    __slots__ = ("approximate", "end", "magnitude", "number", "unit")

    def __init__(
        self,
        number: Decimal,  # as written, before magnitude and unit
        magnitude: Decimal,
        unit: Unit | None,
        end: int,
        approximate: str | None = None,
    ) -> None:
        self.number = number
        self.magnitude = magnitude
        self.unit = unit
        self.end = end
        self.approximate = approximate

    @property
    def value(self) -> Decimal:
        """In the unit family's base unit."""
        return to_base(self.unit, self.number * self.magnitude)

    def inherit(self, other: _Number) -> _Number:
        """This number with ``other``'s unit, and its magnitude if it has none:
        3 in ``3-5万元`` is 3万元, 1万 in ``1万-5万元`` is 1万元."""
        if self.magnitude == _ONE or other.unit is None:
            return _Number(self.number, other.magnitude, other.unit, self.end, self.approximate)
        # 万元 carries its own 万: 1万 takes the base unit 元, not 万元.
        base = Unit(other.unit.base, other.unit.family, other.unit.base)
        return _Number(self.number, self.magnitude, base, self.end, self.approximate)


def _read_number(text: str, pos: int, units: UnitTable, *, allow_approx: bool) -> _Number | None:
    """Read ``[sign]digits[余][magnitude][unit]`` at ``pos``.

    Raises ExpressionError for a number beyond :data:`~perfeval._decimal.LIMIT`.
    """
    start = pos
    sign = ""
    if pos < len(text) and text[pos] in "+-":
        sign, pos = text[pos], pos + 1
    match = _NUMBER.match(text, pos)
    if match is None:
        return None
    number = Decimal(sign + match.group().replace(",", ""))
    pos = match.end()
    approximate = None
    if allow_approx and pos < len(text) and text[pos] in _APPROXIMATE_SUFFIXES:
        approximate, pos = text[pos], pos + 1
    magnitude = _ONE
    unit = units.match(text, pos)  # a unit word (千米) before a magnitude (千)
    if unit is None:
        found = units.match_magnitude(text, pos)
        if found is not None:
            magnitude = found[1]
            pos += len(found[0])
            unit = units.match(text, pos)
    if unit is not None:
        pos += len(unit.name)
    read = _Number(number, magnitude, unit, pos, approximate)
    if too_large(read.value):
        raise ExpressionError(text, _TOO_LARGE, start, pos)
    if too_small(read.value):
        raise ExpressionError(text, _TOO_SMALL, start, pos)
    return read


_TOO_SMALL = "the number is too small (perfeval reads 0, or numbers from 10^-18 up)"


def _longest(table: MappingProxyType[str, str], lengths: list[int], text: str) -> str | None:
    """The longest word of ``table`` that ``text`` ends with."""
    for length in lengths:
        if length <= len(text) and text[len(text) - length :] in table:
            return text[len(text) - length :]
    return None


def _first_digit(text: str) -> int | None:
    match = _DIGIT.search(text)
    return match.start() if match else None


def _figure_start(text: str) -> int | None:
    """Where the figure starts: the first digit, past the digits that count
    a period (the 2 of 每2个月1次)."""
    first = _first_digit(text)
    if first is None or "每" not in text[max(first - 2, 0) : first]:
        return first
    from . import periods

    end = periods.numbered_end(text, first)
    if end is None:
        return first
    after = _first_digit(text[end:])
    return None if after is None else end + after


def _split_prefix(text: str, start: int) -> tuple[str, str | None, int]:
    """Split ``text[:start]`` into label and comparator; return the number's start."""
    if start > 0 and text[start - 1] in "+-":
        before = text[: start - 1]
        # A sign directly after a comparator symbol or at the start is the number's.
        if not before or before[-1] in "<>=" or _longest(PREFIX_OPS, _PREFIX_LENGTHS, before):
            start -= 1
    head = text[:start]
    word = _longest(PREFIX_OPS, _PREFIX_LENGTHS, head)
    if word is None:
        verb = _OP_VERB.search(head)  # 至少开展2次, 最多跑1次: the comparator, then a verb
        if verb is not None:
            return head[: verb.start()], verb["op"], start
        return head, None, start
    return head[: len(head) - len(word)], word, start


#: A comparator word and a verb of one or two characters before the number
#: (至少开展2次 is ≥2次, 最多跑一次 ≤1次), from the words that are never part of a name.
_OP_VERB = re.compile(
    r"(?P<op>至少|至多|最多|不少于|不超过|不低于|不高于|控制在)[\u4e00-\u9fff]{1,2}$"
)


def _quantitative(raw: str, units: UnitTable, normalized: str) -> Target | None:
    """Parse a quantitative target, None when the text is qualitative;
    ``normalized`` is ``normalize_text(raw)``."""
    text = normalized.rstrip(_TRAILING)
    first = _figure_start(text)
    if first is None:
        return None
    label, prefix, start = _split_prefix(text, first)
    number = _read_number(text, start, units, allow_approx=False)
    if number is None:  # pragma: no cover - a digit always starts a number
        return None
    pos = number.end
    # A range: 90%-95%, 3~5万元, 90%至95%.
    if pos < len(text) and text.startswith(_RANGE_SEPARATORS, pos):
        second = _read_number(text, pos + 1, units, allow_approx=False)
        if second is None:
            return None
        after, end = _period_after(text, second)
        rest = text[end:]
        if rest == "" or rest in _RANGE_TAILS:
            return _range(raw, text, label, prefix, number, second, start, after)
        return None
    after, pos = _period_after(text, number)
    rest = text[pos:]
    suffix = None
    if rest:
        if rest not in SUFFIX_OPS:
            return None
        suffix = rest
    return _comparison(raw, text, label, prefix, suffix, number, start, after)


def _period_after(text: str, number: _Number) -> tuple[Period | None, int]:
    """A frequency's period right after its figure (``/季度`` in ``1次/季度``),
    and where the text goes on after it."""
    pos = number.end
    if not text.startswith("/", pos) or not _frequency(number.unit):
        return None, pos
    from . import periods

    found = periods.after(text[pos:])
    if found is None:
        return None, pos
    return found[0], len(text) - len(found[1])


def _frequency(unit: Unit | None) -> bool:
    """Whether a figure in ``unit`` may be counted per period (a cheap test
    first, so that perfeval.core.periods is imported only when it may be)."""
    if unit is None or unit.family != "count":
        return False
    from . import periods

    return periods.frequency(unit)


def _counted_in(
    text: str, label: str, after: Period | None, number: _Number, *, whole: bool = False
) -> Period | None:
    """The period a figure is counted in: written after it (``1次/季度``) or
    ending the label before it (``每季度``, ``每月召开``; with ``whole``, the label
    is nothing else, as an actual's must be). Raises ExpressionError for both
    (每季度1次/月)."""
    if "每" not in label or not _frequency(number.unit):
        return after
    from . import periods

    found = periods.before(label, whole=whole)
    if found is not None and after is not None:
        raise ExpressionError(
            text,
            f"the figure is counted in two periods, '{found.written}' and '{after.written}'; "
            "write one",
            0,
            len(text),
        )
    return after or found


def _in_the_year(text: str, number: _Number, period: Period | None) -> _Number:
    """A figure per ``period`` as the year's count (每季度1次 is 4次), or, for a
    period no fixed number of make a year, in a per-period unit (1次/周).
    Raises ExpressionError when the year's count is beyond the limit."""
    if period is None or period.per_year == 1:
        return number
    if period.per_year is not None:
        year = _Number(
            number.number * period.per_year,
            number.magnitude,
            number.unit,
            number.end,
            number.approximate,
        )
        if too_large(year.value):
            raise ExpressionError(text, _TOO_LARGE, 0, len(text))
        return year
    from . import periods

    assert number.unit is not None
    unit = periods.per_period(number.unit, period)
    return _Number(number.number, number.magnitude, unit, number.end, number.approximate)


def _written_period(period: Period | None) -> str:
    """Target.period: the period as written when the value is the year's count."""
    if period is None or period.per_year is None or period.per_year == 1:
        return ""
    return period.written


def _comparison(
    raw: str,
    text: str,
    label: str,
    prefix: str | None,
    suffix: str | None,
    number: _Number,
    start: int,
    after: Period | None = None,
) -> Target:
    op_before = PREFIX_OPS[prefix] if prefix else None
    op_after = SUFFIX_OPS[suffix] if suffix else None
    if op_before and op_after and op_before != op_after:
        where = len(text) - len(suffix or "")
        raise ExpressionError(
            raw,
            f"the comparator '{prefix}' ({op_before}) before the number contradicts "
            f"'{suffix}' ({op_after}) after it; write one of them",
            where,
            len(text),
        )
    op = op_before or op_after or "="
    period = _counted_in(text, label, after, number)
    number = _in_the_year(text, number, period)
    unit = number.unit
    return Target(
        op=op,  # type: ignore[arg-type]
        value=number.value,
        unit=unit.base if unit else None,
        label=label,
        text=raw,
        written=unit,
        period=_written_period(period),
    )


def _range(
    raw: str,
    text: str,
    label: str,
    prefix: str | None,
    low: _Number,
    high: _Number,
    start: int,
    after: Period | None = None,
) -> Target:
    if prefix:
        raise ExpressionError(
            raw,
            f"a range cannot also have the comparator '{prefix}'",
            start - len(prefix),
            start,
        )
    if low.unit is None and high.unit is not None:
        low = low.inherit(high)  # 3-5万元 is 30000 to 50000 元
    elif high.unit is None and low.unit is not None:
        high = high.inherit(low)  # 90%-95 is 90% to 95%
    elif low.unit is None and high.unit is None and low.magnitude == _ONE:
        low = low.inherit(high)  # 3-5万 is 30000 to 50000
    period = _counted_in(text, label, after, high)  # 每季度1-2次 is 4 to 8 times a year
    if period is not None and low.unit is not None and low.unit.base == high.unit.base:  # type: ignore[union-attr]
        low, high = _in_the_year(text, low, period), _in_the_year(text, high, period)
    if low.unit is not None and high.unit is not None and not low.unit.compatible(high.unit):
        raise ExpressionError(
            raw,
            f"the two ends of a range must be in one unit family; "
            f"found {low.unit.name} and {high.unit.name}",
            start,
            len(text),
        )
    if low.value > high.value:
        raise ExpressionError(
            raw,
            f"a range must be written low to high; "
            f"found {format_decimal(low.value)} > {format_decimal(high.value)}",
            start,
            len(text),
        )
    return Target(
        op="range",
        value=low.value,
        high=high.value,
        unit=high.unit.base if high.unit else None,
        label=label,
        text=raw,
        written=high.unit,
        period=_written_period(period),
    )


_SUM_SEPARATORS = ("+", "、", ",", "和", "及", "与")


def _check_mixed(raw: str, norm: str, start: int, units: UnitTable, what: str) -> None:
    """Refuse a figure that adds two (``180只+12头``): one unit per figure."""
    parts: list[_Number] = []
    pos = start
    while True:
        number = _read_number(norm, pos, units, allow_approx=True)
        if number is None or number.unit is None:
            return
        parts.append(number)
        pos = number.end
        if pos == len(norm) or norm[pos:] in SUFFIX_OPS:
            break
        if not norm.startswith(_SUM_SEPARATORS, pos):
            return
        pos += 1
    if len(parts) < 2:
        return
    names = list(dict.fromkeys(p.unit.name for p in parts if p.unit is not None))
    first = parts[0].unit
    assert first is not None
    hint = ""
    if all(p.unit is not None and p.unit.compatible(first) for p in parts):
        total = first.from_base(sum((p.value for p in parts), Decimal(0)))
    else:
        total = sum((p.number * p.magnitude for p in parts), Decimal(0))
        hint = f" (if the form counts {names[1]} as {names[0]})"
    several = f"two units ({', '.join(names)})" if len(names) > 1 else f"{len(parts)} figures"
    raise ExpressionError(
        raw,
        f"'{raw.strip()}' adds {several}; {what} is one figure in one unit: write the "
        f"total, such as '{format_decimal(total)}{first.name}'{hint}, or give each part its "
        "own indicator",
        0,
        len(raw),
    )


#: Comparators no rule scores, in their spellings, with why: each is refused
#: rather than read as a label before the number (which would score it as '=').
#: ≰ and ≱ deny ≤ and ≥ (so mean > and <), but on forms they are most likely
#: a mistyped ≤ or ≥: perfeval asks instead of guessing.
_UNSCORABLE = MappingProxyType(
    {
        "≠": "(not equal to) is not a target perfeval can score",
        "!=": "(not equal to) is not a target perfeval can score",
        "<>": "(not equal to) is not a target perfeval can score",
        "不等于": "(not equal to) is not a target perfeval can score",
        "≰": "(neither less than nor equal to, that is >) is ambiguous on a form",
        "≱": "(neither greater than nor equal to, that is <) is ambiguous on a form",
    }
)


@lru_cache(maxsize=8192)
def read_target(text: str, units: UnitTable) -> Target:
    """parse_target without entering perfeval's Decimal context (for callers
    already in it, such as the loader); cached."""
    normalized = normalize_text(text)
    if not normalized:
        raise ExpressionError(text, "a target cannot be empty", 0, 1)
    for word, why in _UNSCORABLE.items():
        at = text.find(word)
        if at >= 0 or word in normalized:
            raise ExpressionError(
                text,
                f"'{word}' {why}: a target perfeval scores is a comparison (≥ > ≤ < =, "
                "≮ ≯, 以上, 以下 …), a range (90%-95%) or a qualitative statement; write the "
                "comparator the unit had to meet",
                max(at, 0),
                max(at, 0) + len(word),
            )
    target = _quantitative(text, units, normalized)
    if target is not None and not _a_calendar_year(target, normalized):
        return target
    target = _in_numerals(text, units, normalized)
    if target is not None:
        return target
    norm = normalized.rstrip(_TRAILING)
    first = _figure_start(norm)
    if first is not None:
        _check_mixed(text, norm, _split_prefix(norm, first)[2], units, "a target")
    return Target(op="qualitative", statement=norm, text=text)


#: Labels after which numerals are no figure: the absence of what is counted
#: (无一例, 未发生一起: not one), or an ordinal, "each" or a vague count just before
#: (第三次, 每一户, 数十次, 几十万, 近百, 上百次). A negation inside a noun of the label
#: (不合格产品, 未成年人, 非税收入) is no such word.
_NOT_LABELS = (
    "无", "未发生", "不发生", "没有", "没发生", "未出现", "不出现", "未有", "杜绝", "不得",
    *"第每几数近上逾约多余",
)  # fmt: skip
#: The characters a figure in Chinese numerals starts with or holds: a text with
#: none of them is not handed to perfeval.core.numerals (nor is it imported).
_NUMERALS = frozenset("零〇一壹二贰两三叁四肆五伍六陆七柒八捌九玖十拾百")
_TOO_LARGE = "the number is too large (perfeval reads numbers below 10^18)"


def _in_numerals(raw: str, units: UnitTable, normalized: str) -> Target | None:
    """A target written in Chinese numerals (不少于两次, 二十万条以上, 百分之九十五):
    read as its digits when the text has no digit of its own and then reads as
    a comparison as a whole, with a unit when a label stands before it; the
    numerals of a label stay as written when the figure after it is a
    percentage or has a comparator (一次验收合格率百分之百 is =100%, 三公经费不超过
    五十万元 ≤500000元). Words that hold a numeral (一次性, 零投诉, 统一, 周一,
    多规合一, 一户一档) stay a statement."""
    if _figure_start(normalized) is not None or _NUMERALS.isdisjoint(normalized):
        return None
    from .numerals import arabic

    for last in (False, True):
        digits = arabic(normalized, last=last)
        if digits is None or _first_digit(digits) is None:
            continue
        try:
            target = _quantitative(raw, units, digits)
        except ExpressionError as exc:  # 不少于两次以下: the statement, as written
            if exc.reason == _TOO_LARGE:
                raise ExpressionError(raw, _TOO_LARGE, 0, len(raw)) from None
            continue
        if target is None:
            continue
        if last and target.op == "=" and target.unit != "%":
            return None  # 一户一档: a label's numerals and a bare count are a slogan
        if not _a_figure(target.label, target.unit) or _a_calendar_year(target, digits):
            return None
        return target
    return None


_CALENDAR_YEAR = re.compile(r"(?<![0-9])(?:19|20)[0-9]{2}年(?!度?[0-9])")


def _a_calendar_year(target: Target, normalized: str) -> bool:
    """2023年内, 2023年以内: a year of the calendar (a deadline), not 2023 years."""
    return (
        target.unit == "年"
        and target.high is None
        and target.value is not None
        and 1900 <= target.value <= 2099
        and _CALENDAR_YEAR.search(normalized) is not None
    )


def _a_figure(label: str, unit: str | None) -> bool:
    """Whether numerals after ``label`` are a figure: not after a word of
    absence, an ordinal, 每 or a vague count, and with a unit unless they
    stand alone (统一, 周一, 初一 are words)."""
    if label.endswith(_NOT_LABELS):
        return False
    return unit is not None or not label


@exact
def parse_target(text: str, units: UnitTable = DEFAULT_UNITS) -> Target:
    """Parse a 年度指标值 such as ``20万条以上`` or ``满意度≧90%``.

    A text that does not match the quantitative pattern as a whole (optional
    label, optional comparator, number, optional magnitude and unit, optional
    comparator suffix) is a qualitative target. Raises
    :class:`~perfeval.errors.ExpressionError` for an empty text, a comparator
    before the number that contradicts the one after it, and a malformed
    range.
    """
    return read_target(text, units)


@lru_cache(maxsize=8192)
def read_quantity(text: str, units: UnitTable) -> Quantity:
    """parse_quantity without entering perfeval's Decimal context; cached."""
    norm = normalize_text(text).rstrip(_TRAILING)
    if not norm:
        raise ExpressionError(text, "an actual cannot be empty", 0, 1)
    first = _figure_start(norm)
    if first is None:
        figure = _quantity_in_numerals(text, norm, units)
        if figure is not None:
            return figure
        raise ExpressionError(text, "expected a number, such as 228805 or 22.88万条", 0, len(text))
    label, prefix, start = _split_prefix(norm, first)
    number = None
    if "每" in label:  # 每季度1次, 每月开展2次: a frequency, the label its period
        number = _read_number(norm, start, units, allow_approx=True)
    if label and (number is None or _counted_in(text, label, None, number, whole=True) is None):
        raise ExpressionError(
            text,
            f"expected a number first; found '{quote(label)}' before it "
            "(write the label in 'name', and only the figure here)",
            0,
            len(label),
        )
    if number is None:
        number = _read_number(norm, start, units, allow_approx=True)
    assert number is not None
    after, end = _period_after(norm, number)
    number = _in_the_year(text, number, _counted_in(text, label, after, number, whole=True))
    rest = norm[end:]
    suffix = rest if rest in SUFFIX_OPS else None
    if rest and suffix is None:
        _check_mixed(text, norm, start, units, "an actual")
        unit_hint = "an optional magnitude (万, 亿 …) and a known unit"
        raise ExpressionError(
            text,
            f"cannot read '{quote(rest)}' after the number: expected {unit_hint}; "
            "a count unit of your own goes in the scorecard's 'units:' list",
            _original_index(text, norm, end),
            len(text),
        )
    unit = number.unit
    qualifier = prefix or suffix or number.approximate
    return Quantity(
        value=number.value,
        unit=unit.base if unit else None,
        text=text,
        written=unit,
        qualifier=qualifier,
    )


def _quantity_in_numerals(text: str, norm: str, units: UnitTable) -> Quantity | None:
    """An actual in Chinese numerals (三次, 二十万条, 百分之九十八) as its digits
    would read, the text kept as written; None when the digits do not read
    as a figure (一般, 十分满意)."""
    if _NUMERALS.isdisjoint(norm):
        return None
    from .numerals import arabic

    digits = arabic(norm)
    if digits is None or _first_digit(digits) is None:
        return None
    try:
        figure = read_quantity(digits, units)
    except ExpressionError as exc:
        if exc.reason == _TOO_LARGE:
            raise ExpressionError(text, _TOO_LARGE, 0, len(text)) from None
        return None
    return attrs.evolve(figure, text=text)


@exact
def parse_quantity(text: str, units: UnitTable = DEFAULT_UNITS) -> Quantity:
    """Parse a 实际完成值 such as ``228,805``, ``22.88万件`` or ``94%``.

    An actual written with a comparator (``≥266米``) or an approximation
    (``150余次``) is read as its number; the word is kept in ``qualifier``.
    """
    return read_quantity(text, units)


def _original_index(original: str, norm: str, index: int) -> int:
    """Map an index in the normalized text back to the original, roughly.

    Normalization only removes spaces and may widen a sign into two
    characters, so counting non-space characters is exact enough to place
    the error marker.
    """
    seen = 0
    for i, char in enumerate(original):
        if seen >= index:
            return i
        if not char.isspace():
            seen += len(normalize_text(char)) or 1
    return len(original)


def parse_number(text: str) -> Decimal:
    """A plain number (``10``, ``1,061.15``, ``-0.5``; full-width allowed)."""
    norm = normalize_text(text)
    if not _PLAIN_NUMBER.fullmatch(norm):
        raise ExpressionError(text, "expected a plain number such as 10 or 0.5", 0, len(text))
    try:
        value = Decimal(norm.replace(",", ""))
    except InvalidOperation as exc:  # pragma: no cover - the pattern admits only numbers
        raise ExpressionError(text, "expected a plain number", 0, len(text)) from exc
    if too_large(value):
        raise ExpressionError(
            text, "the number is too large (perfeval reads numbers below 10^18)", 0, len(text)
        )
    if too_small(value):
        raise ExpressionError(text, _TOO_SMALL, 0, len(text))
    return value
