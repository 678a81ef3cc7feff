"""Spec §2: targets and actuals are exact expressions."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from perfeval import (
    ExpressionError,
    Quantity,
    Target,
    Tier,
    parse_quantity,
    parse_target,
    parse_tier,
)
from perfeval.core.deadlines import completed, deadline, on_time
from perfeval.core.targets import judges, negates, parse_number
from perfeval.core.units import DEFAULT_UNITS

D = Decimal

# (written, op, value, unit, label)
TARGETS = [
    (">= 200000", ">=", "200000", None, ""),
    ("≥200000", ">=", "200000", None, ""),
    ("≧200000", ">=", "200000", None, ""),
    ("⩾200000", ">=", "200000", None, ""),
    ("≮5次", ">=", "5", "次", ""),  # not less than (不小于)
    ("≯5次", "<=", "5", "次", ""),  # not greater than (不大于)
    ("满意度≮90%", ">=", "90", "%", "满意度"),
    ("﹦5次", "=", "5", "次", ""),  # U+FE66 SMALL EQUALS SIGN, by NFKC
    ("＝5次", "=", "5", "次", ""),
    ("=>5", ">=", "5", None, ""),
    ("20万条以上", ">=", "200000", "条", ""),
    ("不少于20万条", ">=", "200000", "条", ""),
    ("至少20万条", ">=", "200000", "条", ""),
    ("不低于95%", ">=", "95", "%", ""),
    ("48次以上", ">=", "48", "次", ""),
    ("10次及以上", ">=", "10", "次", ""),
    ("全年考核考评48次以上", ">=", "48", "次", "全年考核考评"),
    ("满意度≧90%", ">=", "90", "%", "满意度"),
    ("满意度≧90%。", ">=", "90", "%", "满意度"),
    ("≤ 800万元", "<=", "8000000", "元", ""),
    ("不超过800万元", "<=", "8000000", "元", ""),
    ("800万元以内", "<=", "8000000", "元", ""),
    ("控制在800万元以内", "<=", "8000000", "元", ""),
    ("至多3次", "<=", "3", "次", ""),
    ("5天之内", "<=", "5", "天", ""),
    ("3个工作日内", "<=", "3", "个工作日", ""),
    ("< 5", "<", "5", None, ""),
    ("低于5天", "<", "5", "天", ""),
    ("少于3起", "<", "3", "起", ""),
    ("不满18人", "<", "18", "人", ""),
    ("不足10家", "<", "10", "家", ""),
    ("> 3", ">", "3", None, ""),
    ("超过3次", ">", "3", "次", ""),
    ("高于80%", ">", "80", "%", ""),
    ("多于2个", ">", "2", "个", ""),
    ("大于0", ">", "0", None, ""),
    ("= 0", "=", "0", None, ""),
    ("=100%", "=", "100", "%", ""),
    ("100%", "=", "100", "%", ""),
    ("═100%", "=", "100", "%", ""),
    ("＝100%", "=", "100", "%", ""),
    ("228,805条", "=", "228805", "条", ""),
    ("22.88万件", "=", "228800", "件", ""),
    ("１２３", "=", "123", None, ""),
    ("≥１２３件", ">=", "123", "件", ""),
    ("5千米", "=", "5000", "米", ""),
    ("3公里", "=", "3000", "米", ""),
    ("150厘米", "=", "1.5", "米", ""),
    ("2平方公里", "=", "2000000", "平方米", ""),
    ("3公顷", "=", "30000", "平方米", ""),
    ("5亩", "=", "5", "亩", ""),
    ("2吨", "=", "2000", "千克", ""),
    ("500克", "=", "0.5", "千克", ""),
    ("3公斤", "=", "3", "千克", ""),
    ("300升", "=", "0.3", "立方米", ""),
    ("5‰", "=", "0.5", "%", ""),
    ("1.2亿元", "=", "120000000", "元", ""),
    ("3千万元", "=", "30000000", "元", ""),
    ("2百万元", "=", "2000000", "元", ""),
    ("5十万元", "=", "500000", "元", ""),
    ("48小时内", "<=", "2", "天", ""),
    ("3个月", "=", "3", "月", ""),
    ("2年", "=", "2", "年", ""),
    ("≤-5%", "<=", "-5", "%", ""),
    ("增长率≥-5%", ">=", "-5", "%", "增长率"),
]


@pytest.mark.parametrize(("text", "op", "value", "unit", "label"), TARGETS)
def test_quantitative_targets(text: str, op: str, value: str, unit: str | None, label: str) -> None:
    """Every written form of spec §2 parses to its operator, base value and unit."""
    target = parse_target(text)
    assert (target.op, target.value, target.unit, target.label) == (op, D(value), unit, label)
    assert target.text == text


@pytest.mark.parametrize(
    ("text", "low", "high", "unit"),
    [
        ("90%-95%", "90", "95", "%"),
        ("90%~95%", "90", "95", "%"),
        ("90%～95%", "90", "95", "%"),
        ("90%至95%", "90", "95", "%"),
        ("90-95%", "90", "95", "%"),
        ("90%-95", "90", "95", "%"),
        ("3-5万元", "30000", "50000", "元"),
        ("1万-5万元", "10000", "50000", "元"),
        ("5-10天之间", "5", "10", "天"),
        ("1–2", "1", "2", None),
    ],
)
def test_range_targets(text: str, low: str, high: str, unit: str | None) -> None:
    """Ranges include both ends; a bare end takes the other end's magnitude and unit."""
    target = parse_target(text)
    assert (target.op, target.low, target.high, target.unit) == ("range", D(low), D(high), unit)


@pytest.mark.parametrize(
    "text",
    [
        "城市管理信息系统24小时正常运行",
        "有效",
        "大力提升城市建设管理水平",
        "控制在预算金额之内",
        "20余次",  # an approximate number is not a target
        "≥20万批次以上的什么",
        "1,2条",
    ],
)
def test_qualitative_targets(text: str) -> None:
    """Text that is not wholly label + comparator + number + unit + suffix is qualitative."""
    target = parse_target(text)
    assert target.op == "qualitative"
    assert not target.quantitative
    assert target.value is None


def test_card_units_make_a_target_quantitative() -> None:
    """A count unit from the card's `units:` list is known to the parser."""
    assert parse_target("≥20工日").op == "qualitative"
    units = DEFAULT_UNITS.with_counts(["工日"])
    assert parse_target("≥20工日", units) == Target(op=">=", value=D(20), unit="工日")


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("不少于10次以下", "contradicts"),
        ("超过10次以下", "contradicts"),
        ("至少5次以内", "contradicts"),
        ("95%-90%", "low to high"),
        ("90%-5天", "one unit family"),
        ("≥90%-95%", "cannot also have"),
        ("", "empty"),
        ("   ", "empty"),
        ("≠5次", "'≠' \\(not equal to\\) is not a target perfeval can score"),
        ("全年≠5次", "'≠' \\(not equal to\\)"),
        ("!=5次", "'!=' \\(not equal to\\)"),
        ("不等于5次", "'不等于' \\(not equal to\\)"),
        ("≰5次", "'≰' .*that is >\\) is ambiguous"),
        ("≱5次", "'≱' .*that is <\\) is ambiguous"),
    ],
)
def test_target_errors(text: str, message: str) -> None:
    """Contradictions and malformed ranges are errors, not guesses."""
    with pytest.raises(ExpressionError, match=message):
        parse_target(text)


def test_error_marker_is_placed_by_display_width() -> None:
    """The ^~~ marker sits under the suffix at fault, counting Chinese as two columns."""
    with pytest.raises(ExpressionError) as info:
        parse_target("不少于10次以下")
    lines = str(info.value).splitlines()
    assert lines[1] == "    '不少于10次以下'"
    # '不少于10次' is 10 columns wide; the quote is one more.
    assert lines[2] == "    " + " " * 11 + "^~~~"


def test_equal_targets_compare_by_value_not_spelling() -> None:
    """Spelling, label and magnitude do not change what a target means."""
    assert parse_target("20万条以上") == parse_target("≥200000条")
    assert parse_target("满意度≧90%") == parse_target(">=90%")
    assert parse_target("800万元以内") == parse_target("≤8000000元")
    assert parse_target("20万条以上") != parse_target("20万件以上")
    assert parse_target("有效") == parse_target("有效。")


@pytest.mark.parametrize("text", [t[0] for t in TARGETS] + ["90%-95%", "3-5万元", "有效"])
def test_canonical_str_round_trips(text: str) -> None:
    """str(target) parses back to an equal target."""
    target = parse_target(text)
    assert parse_target(str(target)) == target


# (written, value, unit, qualifier)
ACTUALS = [
    ("228805", "228805", None, None),
    ("228,805", "228805", None, None),
    ("228,805条", "228805", "条", None),
    ("22.88万件", "228800", "件", None),
    ("94%", "94", "%", None),
    ("94 %", "94", "%", None),
    ("９４％", "94", "%", None),
    ("1061.15万元", "10611500", "元", None),
    ("≥266米", "266", "米", ">="),
    ("266米以上", "266", "米", "以上"),
    ("150余次", "150", "次", "余"),
    ("50多万元", "500000", "元", "多"),
    ("-3", "-3", None, None),
    ("0", "0", None, None),
]


@pytest.mark.parametrize(("text", "value", "unit", "qualifier"), ACTUALS)
def test_actuals(text: str, value: str, unit: str | None, qualifier: str | None) -> None:
    """Actuals are numbers with an optional magnitude and unit, read exactly."""
    q = parse_quantity(text)
    assert (q.value, q.unit, q.qualifier) == (D(value), unit, qualifier)
    assert isinstance(q.value, Decimal)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("abc", "expected a number"),
        ("", "cannot be empty"),
        ("12abc", "cannot read 'abc'"),
        ("全年150次", "found '全年' before it"),
        ("20工日", "units:"),
    ],
)
def test_actual_errors(text: str, message: str) -> None:
    """An actual that is not a number says what was read and what was expected."""
    with pytest.raises(ExpressionError, match=message):
        parse_quantity(text)


def test_quantity_str_is_canonical() -> None:
    assert str(parse_quantity("22.88万件")) == "228800件"
    assert parse_quantity("22.88万件") == Quantity(value=D(228800), unit="件")


def test_hours_convert_to_days_exactly() -> None:
    """Hours and minutes convert by an exact ratio: 48小时 is exactly 2天."""
    assert parse_target("24小时内").value == 1
    assert parse_target("48小时内") == parse_target("≤2天")
    assert parse_quantity("36小时").value == D("1.5")
    assert parse_quantity("90分钟").value * 16 == 1
    assert parse_quantity("1小时") == parse_quantity("60分钟")


def test_results_do_not_depend_on_the_callers_decimal_context() -> None:
    """perfeval computes in its own context, whatever the caller set."""
    import decimal

    with decimal.localcontext() as ctx:
        ctx.prec = 3
        assert parse_quantity("1061.15万元").value == D("10611500")
        assert parse_target("≥22.88万条").value == D(228800)


@pytest.mark.parametrize("text", ["1" + "0" * 18, "100000000000亿元", "≥1000000000000亿元"])
def test_numbers_beyond_the_limit_are_errors(text: str) -> None:
    with pytest.raises(ExpressionError, match="too large"):
        parse_quantity(text) if not text.startswith("≥") else parse_target(text)


@pytest.mark.parametrize(
    ("text", "tier"),
    [
        ("达成年度指标", Tier.ACHIEVED),
        ("达成", Tier.ACHIEVED),
        ("达成预期指标", Tier.ACHIEVED),
        ("完成", Tier.ACHIEVED),
        ("achieved", Tier.ACHIEVED),
        ("Achieved", Tier.ACHIEVED),
        ("部分达成年度指标并具有一定效果", Tier.PARTIAL),
        ("部分达成", Tier.PARTIAL),
        ("partial", Tier.PARTIAL),
        ("未达成年度指标且效果较差", Tier.NOT_ACHIEVED),
        ("未达成", Tier.NOT_ACHIEVED),
        ("not-achieved", Tier.NOT_ACHIEVED),
        ("有效", None),
    ],
)
def test_tiers(text: str, tier: Tier | None) -> None:
    assert parse_tier(text) is tier


@pytest.mark.parametrize(
    ("text", "value"),
    [("10", "10"), ("1,061.15", "1061.15"), ("-0.5", "-0.5"), ("１０", "10"), (".5", "0.5")],
)
def test_plain_numbers(text: str, value: str) -> None:
    assert parse_number(text) == D(value)


@pytest.mark.parametrize("text", ["10%", "abc", "1e3", "", "NaN", "inf"])
def test_plain_number_errors(text: str) -> None:
    with pytest.raises(ExpressionError):
        parse_number(text)


@pytest.mark.parametrize(
    ("text", "blank"),
    [
        ("", True), (" ", True), ("—", True), ("——", True), ("－", True), ("\uff0f", True),
        ("–", True), ("-", True), ("/", True), ("...", True), ("无", True), ("无。", True),
        ("N/A", True), ("n/a", True), ("不适用", True), ("暂无", True),
        ("0", False), ("98%", False), ("无变化", False), ("-5", False), ("达成", False),
    ],
)  # fmt: skip
def test_a_blank_cell(text: str, blank: bool) -> None:
    from perfeval.core.targets import is_blank

    assert is_blank(text) is blank


def test_no_tier_name_has_a_digit() -> None:
    """parse_tier answers None at once for a text with a digit (an actual such
    as 25万条): true while no tier's name, after NFKC, holds one."""
    import re
    import unicodedata

    from perfeval.core.targets import TIER_ALIASES, Tier, parse_tier

    for name in TIER_ALIASES:
        assert re.search(r"\d", unicodedata.normalize("NFKC", name)) is None, name
    assert parse_tier("１达成") is None
    assert parse_tier("达成") is Tier.ACHIEVED


@pytest.mark.parametrize(
    ("statement", "actual", "negated"),
    [
        ("按时完成", "未按时完成", True),
        ("按时完成", "未按时完成。", True),
        ("合格", "不合格", True),
        ("达标", "未达标", True),
        ("达到预期", "未达到预期", True),
        ("达到预期", "没有达到预期", True),
        ("达到预期", "尚未达到预期", True),
        ("有效", "无效", True),
        ("有提升", "无提升", True),
        ("无安全事故", "有安全事故", True),
        ("已完成", "未完成", True),
        ("不超标", "超标", True),
        ("未发生", "发生", True),
        ("是", "否", True),
        ("是", "不是", True),
        ("有", "无", True),
        # the same, or text that says nothing by itself
        ("按时完成", "按时完成", False),
        ("是", "是", False),
        ("按时完成", "基本完成", False),
        ("按时完成", "已按时完成", False),
        ("有效", "效果明显", False),
        ("有效", "有效果", False),
        ("达到预期", "部分达到预期", False),
        # a bare no against anything but 是: against a statement negative in
        # meaning (杜绝, 零, 避免) it says the target was met
        ("按时完成", "否", False),
        ("无安全事故", "否", False),
        ("不超标", "否", False),
        ("杜绝安全事故", "否", False),
        ("零投诉", "否", False),
        ("避免发生重大事故", "否", False),
        ("严禁挪用资金", "否", False),
        ("杜绝安全事故", "未", False),
        ("否", "否", False),
        ("", "否", False),
    ],
)
def test_an_actual_negating_the_statement(statement: str, actual: str, negated: bool) -> None:
    assert negates(actual, parse_target(statement).statement if statement else None) is negated


# --- deadlines (时效指标) ------------------------------------------------------------


@pytest.mark.parametrize(
    ("statement", "due"),
    [
        ("2023年12月31日前完成", (2023, dt.date(2023, 12, 31))),
        ("2023年12月31日之前", (2023, dt.date(2023, 12, 31))),
        ("项目于2023年6月30日以前完成验收", (2023, dt.date(2023, 6, 30))),
        ("2023年12月底前完成", (2023, dt.date(2023, 12, 31))),
        ("2024年2月底前", (2024, dt.date(2024, 2, 29))),  # a leap year
        ("2023年2月底前", (2023, dt.date(2023, 2, 28))),
        ("2023年12月前", (2023, dt.date(2023, 12, 31))),  # 12月前: by the end of December
        ("截至2023年底", (2023, dt.date(2023, 12, 31))),
        ("不晚于2023年第三季度", (2023, dt.date(2023, 9, 30))),
        ("2023年上半年完成", (2023, dt.date(2023, 6, 30))),
        ("2023-12-31前", (2023, dt.date(2023, 12, 31))),
        ("2023.6.30前完成", (2023, dt.date(2023, 6, 30))),
        ("2023/06/30之前", (2023, dt.date(2023, 6, 30))),
        ("12月底前完成", (None, dt.date(2000, 12, 31))),  # no year: compared without one
        ("6月30日前", (None, dt.date(2000, 6, 30))),
        ("２０２３年１２月３１日前", None),  # deadline() reads normalized text: see on_time
        ("2023年12月31日", None),  # a date, but no 前, 截至 or 完成: not a deadline
        ("2023年3月至6月", None),  # two dates: a period, not a deadline
        ("2023年2月30日前", None),  # no such day
        ("2023年13月前", None),
        ("按时完成", None),
        ("1850年前", None),  # only years 1900–2099 are read as years
        ("不早于2023年12月31日", None),  # a start, not a deadline
        ("晚于2023年12月31日", None),
        ("不晚于2023年12月31日", (2023, dt.date(2023, 12, 31))),
        ("于2023年12月31日后启动", None),
        ("在2023年12月31日之后完成", None),
        ("2023年12月31日起", None),
        ("2023年12月31日前后", None),  # around the day
        ("2023年年中前", (2023, dt.date(2023, 6, 30))),
        ("2023年内", (2023, dt.date(2023, 12, 31))),
        ("年底前完成", (None, dt.date(2000, 12, 31))),  # no year: compared without one
        ("第三季度前完成", (None, dt.date(2000, 9, 30))),
        ("上半年完成", (None, dt.date(2000, 6, 30))),
    ],
)
def test_a_targets_deadline(statement: str, due: tuple[int | None, dt.date] | None) -> None:
    span = deadline(statement)
    assert (span if span is None else (span[0], span[2])) == due


@pytest.mark.parametrize(
    ("text", "span"),
    [
        ("2023年12月20日", (dt.date(2023, 12, 20), dt.date(2023, 12, 20))),
        ("已于2024年1月15日完成", (dt.date(2024, 1, 15), dt.date(2024, 1, 15))),
        ("2023年12月", (dt.date(2023, 12, 1), dt.date(2023, 12, 31))),
        ("2023年12月上旬完成", (dt.date(2023, 12, 1), dt.date(2023, 12, 10))),
        ("2023年12月底", (dt.date(2023, 12, 21), dt.date(2023, 12, 31))),
        ("2023年底前完成", (dt.date.min, dt.date(2023, 12, 31))),  # by then: any day up to it
        ("2023.11.8", (dt.date(2023, 11, 8), dt.date(2023, 11, 8))),
        ("2023-11-08按时完成。", (dt.date(2023, 11, 8), dt.date(2023, 11, 8))),
        ("2023年第四季度", (dt.date(2023, 10, 1), dt.date(2023, 12, 31))),
        ("2023年", (dt.date(2023, 1, 1), dt.date(2023, 12, 31))),
        ("已完成", None),
        ("2023年12月20日完成50%", None),  # more than a date: free text
        ("2023年12月20日和2024年1月5日", None),
        ("2023年2月29日", None),
        ("2024年1月15日通过验收", (dt.date(2024, 1, 15), dt.date(2024, 1, 15))),
        ("资金于2024年1月15日拨付到位", (dt.date(2024, 1, 15), dt.date(2024, 1, 15))),
        ("2024年1月15日竣工验收", (dt.date(2024, 1, 15), dt.date(2024, 1, 15))),
        ("已按时完成（2023年12月20日）", (dt.date(2023, 12, 20), dt.date(2023, 12, 20))),
        ("2023年12月20日（按时完成）", (dt.date(2023, 12, 20), dt.date(2023, 12, 20))),
        ("截至2024年1月15日已完成", (dt.date.min, dt.date(2024, 1, 15))),  # done by then
        ("2023年12月31日以后", (dt.date(2023, 12, 31), dt.date.max)),
        ("2023年12月20日至2024年1月5日", None),  # a period
        ("。" * 20_000 + "2023年12月20日", (dt.date(2023, 12, 20), dt.date(2023, 12, 20))),
        ("说明" * 200 + "2023年12月20日", None),  # too long for a date: not searched
    ],
)
def test_when_an_actual_says_the_work_was_done(
    text: str, span: tuple[dt.date, dt.date] | None
) -> None:
    done = completed(text)
    assert (done if done is None else (done[1], done[2])) == span


@pytest.mark.parametrize(
    ("statement", "actual", "tier"),
    [
        ("2023年12月31日前完成", "2023年12月20日", Tier.ACHIEVED),
        ("2023年12月31日前完成", "2023年12月31日", Tier.ACHIEVED),  # the day itself counts
        ("2023年12月31日前完成", "2024年1月1日", Tier.NOT_ACHIEVED),
        ("2023年12月31日前完成", "已于2024年1月15日完成", Tier.NOT_ACHIEVED),
        ("2023年12月底前完成", "2023年12月", Tier.ACHIEVED),
        ("2023年12月15日前完成", "2023年12月", None),  # December spans the 15th: undecided
        ("2023年12月15日前完成", "2024年1月", Tier.NOT_ACHIEVED),
        ("2023年6月30日前", "2023年6月30日前完成", Tier.ACHIEVED),
        ("2023年6月30日前", "2023年7月30日前完成", None),  # maybe the 1st, maybe the 30th
        ("2023年第三季度完成", "2023年10月8日", Tier.NOT_ACHIEVED),
        ("12月底前", "11月完成", Tier.ACHIEVED),
        ("12月底前", "2023年11月", None),  # one has a year, the other not: no guess
        ("2023年12月31日前", "已完成", None),  # no date: free text, as before
        ("2023年12月31日前", "未按时完成", Tier.NOT_ACHIEVED),  # said in words
        ("2023年12月31日前", "逾期完成", Tier.NOT_ACHIEVED),
        ("2023年12月31日前", "按期完成。", Tier.ACHIEVED),
        ("按时完成", "未按时完成", Tier.NOT_ACHIEVED),  # a negation, as before
        ("按时完成", "逾期完成", None),  # no deadline: free text, as before
        ("2023年12月31日前完成", "２０２４年１月１日", Tier.NOT_ACHIEVED),  # full-width digits
        ("按时完成", "2023年12月20日", None),  # no date in the target
        ("2023年12月31日前完成", "截至2024年1月15日已完成", None),  # maybe done by the 31st
        ("2023年12月31日前完成", "2024年一月十五日", Tier.NOT_ACHIEVED),  # a numeral month
        ("2023年12月31日前完成", "2023年十二月", Tier.ACHIEVED),
        ("2023年内", "2024年", Tier.NOT_ACHIEVED),  # a calendar year, not 2023 years
        ("2023年以内", "2023年12月20日", Tier.ACHIEVED),
        ("不早于2023年12月31日", "2023年12月15日", None),
        ("年底前完成", "11月完成", Tier.ACHIEVED),
    ],
)
def test_a_date_against_a_deadline_names_its_tier(
    statement: str, actual: str, tier: Tier | None
) -> None:
    target = parse_target(statement)
    assert target.op == "qualitative"
    assert judges(actual, target.statement) is tier


@given(
    st.dates(dt.date(1990, 1, 1), dt.date(2099, 12, 31)),
    st.dates(dt.date(1990, 1, 1), dt.date(2099, 12, 31)),
)
def test_a_day_is_on_time_exactly_when_it_is_not_after_the_deadline(
    due: dt.date, done: dt.date
) -> None:
    for written in (f"{due.year}年{due.month}月{due.day}日前完成", f"截至{due:%Y-%m-%d}"):
        for said in (f"{done.year}年{done.month}月{done.day}日", f"已于{done:%Y.%m.%d}完成"):
            assert on_time(said, written) is (done <= due)


@pytest.mark.parametrize("hidden", ["\u200b", "\u2060", "\ufeff", "\u00ad"])
def test_invisible_characters_are_no_part_of_a_figure(hidden: str) -> None:
    """A web page's zero-width space, a word joiner, a pasted BOM or a soft
    hyphen inside a target or an actual: the figure as it shows."""
    assert parse_target(f"≥9{hidden}0%") == parse_target("≥90%")
    assert parse_quantity(f"{hidden}22.8{hidden}8万条").value == Decimal(228800)
    assert parse_target(f"按时{hidden}完成").statement == "按时完成"


@pytest.mark.parametrize(
    ("text", "op", "value"),
    [
        ("至少开展2次", ">=", Decimal(2)),
        ("至少开展两次", ">=", Decimal(2)),
        ("最多跑一次", "<=", Decimal(1)),  # 最多跑一次 was read as exactly 1
        ("不少于组织3次", ">=", Decimal(3)),
        ("培训不少于100人次", ">=", Decimal(100)),  # the comparator next to the figure, as before
        ("最少培训10人", "=", Decimal(10)),  # 最少 is no comparator perfeval reads: a label
    ],
)
def test_a_comparator_before_a_short_verb(text: str, op: str, value: Decimal) -> None:
    """至少开展2次 read as =2 with the label 至少开展: the comparator and a verb
    of one or two characters before the number give the comparison."""
    target = parse_target(text)
    assert (target.op, target.value) == (op, value)
