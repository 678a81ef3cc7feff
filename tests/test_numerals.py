"""Chinese numerals read as figures: 三次, 二十万条, 百分之九十五, 九成以上."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

import perfeval
from perfeval.core.deadlines import on_time
from perfeval.core.numerals import arabic

_DIGITS = "零一二三四五六七八九"


def _section(n: int) -> str:
    """0 < n < 10000 as written, 零 marking a gap (一千零五, 一百零五, 一千零五十)."""
    out, gap = "", False
    for unit, name in ((1000, "千"), (100, "百"), (10, "十"), (1, "")):
        digit = n // unit % 10
        if digit == 0:
            gap = bool(out)
            continue
        out += ("零" if gap else "") + _DIGITS[digit] + name
        gap = False
    return out


def chinese(n: int) -> str:
    """A whole number below 10^12 in Chinese numerals, the standard way: 亿 and
    万 sections, 零 for a gap (一万零五), 十五 for 一十五 at the start."""
    if n == 0:
        return "零"
    out = ""
    for unit, name in ((10**8, "亿"), (10**4, "万"), (1, "")):
        section = n // unit % 10**4
        if section:
            if out and (section < 1000 or out[-1] not in "亿万"):
                out += "零"
            out += _section(section) + name
        elif out and n % unit and not out.endswith("零"):
            out += "零"
    out = out.replace("零零", "零")
    return out[1:] if out.startswith("一十") else out


@pytest.mark.parametrize(
    ("text", "digits"),
    [
        ("三次", "3次"),
        ("二十万条", "20万条"),  # 万 stays with 元, 条: 二十万元 is 20万元, as written
        ("二十万元", "20万元"),
        ("一百二十万条以上", "120万条以上"),
        ("百分之九十五", "95%"),
        ("百分之百", "100%"),
        ("≥百分之九十", "≥90%"),
        ("千分之五", "5‰"),
        ("九成以上", "90%以上"),
        ("一百五", "150"),  # as spoken: 一百五 is 150
        ("三千五", "3500"),
        ("两万五", "25000"),
        ("一万二千", "12000"),
        ("一亿二千万", "120000000"),
        ("十", "10"),
        ("十五", "15"),
        ("一十一", "11"),
        ("一百零五", "105"),
        ("两千零二十三", "2023"),
        ("二〇二三年", "2023年"),  # digit by digit, as years are written
        ("一九九八年", "1998年"),
        ("三点五小时", "3.5小时"),
        ("壹佰贰拾叁元", "123元"),  # the capital numerals of cheques
        ("三十余次", "30余次"),
        ("三至五次", "3至5次"),
        ("九成五", "95%"),
        ("三成五", "35%"),
        ("八成半", "85%"),
        ("百分百", "100%"),
        ("十成", "100%"),
        ("十一成", None),  # no share of ten
        ("十十", None),  # no number
        ("三五", None),  # 三五天 is 3 to 5 days, not 35
        ("三三两两", None),  # digits one by one only as a year, or with a zero
        ("七七八八", None),
        ("九" * 30, None),  # longer than any number a form writes
        ("九" * 5000, None),
        ("百", None),
        ("成本", None),
        ("万元", None),
    ],
)
def test_runs_of_numerals_in_digits(text: str, digits: str | None) -> None:
    assert arabic(text) == digits


@given(st.integers(min_value=0, max_value=10**12 - 1))
def test_every_whole_number_in_numerals_reads_as_itself(n: int) -> None:
    written = chinese(n)
    assert perfeval.parse_quantity(written + "条").value == n
    assert perfeval.parse_target(f"不少于{written}条") == perfeval.parse_target(f">={n}条")


@pytest.mark.parametrize(
    ("text", "op", "value", "unit"),
    [
        ("不少于两次", ">=", Decimal(2), "次"),
        ("二十万条以上", ">=", Decimal(200000), "条"),
        ("百分之九十五", "=", Decimal(95), "%"),
        ("满意度九成以上", ">=", Decimal(90), "%"),
        ("两千万元以内", "<=", Decimal(20000000), "元"),
        ("每年一次", "=", Decimal(1), "次"),  # as 每年1次 reads
        ("三至五次", "range", Decimal(3), "次"),
        # numerals in the label stay words when the figure is a % or has a comparator
        ("一次验收合格率百分之百", "=", Decimal(100), "%"),
        ("一类疫苗接种率百分之九十五以上", ">=", Decimal(95), "%"),
        ("三公经费不超过五十万元", "<=", Decimal(500000), "元"),
        ("不动产登记办结时限五个工作日内", "<=", Decimal(5), "个工作日"),
        # a negation inside a noun of the label is no absence
        ("不合格产品不超过两件", "<=", Decimal(2), "件"),
        ("未成年人覆盖率百分之百", "=", Decimal(100), "%"),
        ("非税收入征收率百分之百", "=", Decimal(100), "%"),
    ],
)
def test_targets_in_numerals(text: str, op: str, value: Decimal, unit: str) -> None:
    target = perfeval.parse_target(text)
    assert (target.op, target.value, target.unit) == (op, value, unit)
    assert target.display() == text  # shown as written


@pytest.mark.parametrize(
    "text",
    ["一次性完成", "零投诉", "无一例", "第三次", "一般", "十分满意", "统一标准", "一户一档",
     "两不愁三保障", "进一步提升", "一成不变", "统一", "唯一", "单一", "同一", "逐一", "万一",
     "之一", "多规合一", "始终如一", "百里挑一", "初一", "周一", "星期五", "未发生一起",
     "不发生一起", "数十次", "几十万", "近百次", "上百次", "十一成", "三三两两", "七七八八",
     "两学一做", "一事一议", "五险一金", "四好农村路", "一站式服务", "一票否决", "十四五期间完成",
     "一张图", "三甲", "二级以上"],
)  # fmt: skip
def test_words_that_hold_a_numeral_stay_words(text: str) -> None:
    """A target is read in digits only when the rewritten text is a figure as
    a whole; an actual likewise."""
    assert perfeval.parse_target(text).op == "qualitative"
    with pytest.raises(perfeval.ExpressionError):
        perfeval.parse_quantity(text)


def test_a_contradiction_in_numerals_stays_a_statement() -> None:
    """不少于2次以下 is an error; in numerals it was never read as a comparison,
    so it stays the statement it was."""
    with pytest.raises(perfeval.ExpressionError):
        perfeval.parse_target("不少于2次以下")
    assert perfeval.parse_target("不少于两次以下").op == "qualitative"


@pytest.mark.parametrize(
    "text",
    [
        "九〇〇〇〇〇〇〇〇〇〇〇〇〇〇〇〇〇〇〇次",
        "不少于九〇〇〇〇〇〇〇〇〇〇〇〇〇〇〇〇〇〇〇次",
    ],
)
def test_a_figure_in_numerals_too_large_says_so(text: str) -> None:
    parse = perfeval.parse_target if text.startswith("不少于") else perfeval.parse_quantity
    with pytest.raises(perfeval.ExpressionError, match="too large"):
        parse(text)


def test_an_actual_keeps_its_words() -> None:
    quantity = perfeval.parse_quantity("三十余次")
    assert (quantity.value, quantity.unit, quantity.qualifier) == (Decimal(30), "次", "余")
    assert quantity.display() == "三十余次"


def test_a_deadline_in_numerals() -> None:
    assert on_time("二〇二四年一月十五日", "二〇二三年十二月三十一日前完成") is False
    assert on_time("二〇二三年十二月二十日", "2023年12月31日前完成") is True
    for year in ("二〇二三年内", "二零二三年以内", "二〇二三年"):  # a calendar year, not years
        assert perfeval.parse_target(year).op == "qualitative"
    assert on_time("2024年3月", "二〇二三年内") is False
    assert on_time("2023年11月", "二〇二三年内") is True
    assert on_time("2024年元月5日", "2023年12月31日前完成") is False  # 元月 is January


def test_the_quick_check_knows_every_numeral_a_figure_starts_with() -> None:
    """targets skips the numerals reader for a text with none of these
    characters; the set must hold every character a run starts with."""
    from perfeval.core import numerals, targets

    assert set(numerals._D) | set("十拾百") <= targets._NUMERALS
