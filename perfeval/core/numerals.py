"""Chinese numerals (三次, 二十万条, 百分之九十五, 九成以上) as Arabic figures.

A form writes a figure in Chinese numerals now and then: 不少于两次, 二十万条以上,
百分之九十五. :func:`arabic` rewrites each run of numerals into digits
(三次 → 3次, 二十万条 → 20万条, 一百五 → 150, 二〇二三年 → 2023年, 三点五 → 3.5,
百分之九十五 → 95%, 千分之五 → 5‰, 九成 → 90%), and the parsers read the
rewritten text only when the text has no digit of its own and the rewritten
text reads as a whole: words that hold a numeral (一般, 十分满意, 统一, 一次性)
stay words.
"""

from __future__ import annotations

import re
from decimal import Decimal

__all__ = ["arabic", "whole"]

_ZERO = "\u3007"  # the ideographic zero of years written digit by digit
_DIGITS = {"零": 0, _ZERO: 0, "一": 1, "壹": 1, "二": 2, "贰": 2, "两": 2, "三": 3, "叁": 3,
           "四": 4, "肆": 4, "五": 5, "伍": 5, "六": 6, "陆": 6, "七": 7, "柒": 7, "八": 8,
           "捌": 8, "九": 9, "玖": 9}  # fmt: skip
_SMALL = {"十": 10, "拾": 10, "百": 100, "佰": 100, "千": 1000, "仟": 1000}
_LARGE = {"万": 10**4, "亿": 10**8}
_D = "零\u3007一壹二贰两三叁四肆五伍六陆七柒八捌九玖"
_RUN = re.compile(
    rf"(?P<all>百分百)|(?P<pct>百分之|千分之)?"
    rf"(?P<run>[{_D}十拾][{_D}十拾百佰千仟万亿]*(?:点[{_D}]+)?|(?<=百分之)百)"
    r"(?P<cheng>成(?P<tenth>[一二三四五六七八九半](?![十百千万成]))?(?!本|果|效|立|为|功|熟|员|绩|都))?"
)
#: Longer runs are no number a form writes (the longest, 九千九百九十九万九千九百九十九
#: 亿…, is shorter); they are left as they are.
_LONGEST = 24
_TENTHS = {"半": 5, **{ch: _DIGITS[ch] for ch in "一二三四五六七八九"}}


def _whole(run: str, year: bool = False) -> int | None:
    """The value of a run of numerals without 点, or None when it is no number
    (十十, 百千, 三五). Digits alone are read one by one only as a year
    (``year``: 一九九八年) or with the ideographic zero (二\u3007二三)."""
    if all(ch in _DIGITS for ch in run):
        if len(run) == 1:
            return _DIGITS[run]
        if "两" in run or not (year or _ZERO in run or run[0] == "零"):
            return None  # 三五天 is 3 to 5 days, 三三两两 no number
        return int("".join(str(_DIGITS[ch]) for ch in run))  # 二〇二三: digit by digit
    total, section, number = 0, 0, None
    last_small = 10**5  # the units of a section fall: 千 > 百 > 十
    last_large = 10**9
    previous = ""
    for ch in run:
        if ch in _DIGITS:
            if number is not None and previous in _DIGITS and _DIGITS[previous] != 0:
                return None  # 三五: two digits with no unit between
            number = _DIGITS[ch]
        elif ch in _SMALL:
            unit = _SMALL[ch]
            if unit >= last_small:
                return None
            if number is None:
                if unit != 10:
                    return None  # 百 or 千 with no digit before it
                number = 1  # 十五, 二百一十
            section += number * unit
            number, last_small = None, unit
        else:
            unit = _LARGE[ch]
            if unit >= last_large or (number is None and not section):
                return None
            total += (section + (number or 0)) * unit
            section, number, last_small, last_large = 0, None, 10**5, unit
        previous = ch
    if number is not None:
        if previous in _DIGITS and len(run) > 1 and run[-2] in _SMALL and last_small > 10:
            number *= last_small // 10  # 一百五 is 150, 三千五 3500
        elif previous in _DIGITS and len(run) > 1 and run[-2] in _LARGE:
            number *= last_large // 10  # 两万五 is 25000
        section += number
    return total + section


def whole(run: str) -> int | None:
    """The value of a run of numerals without 点 (十五 is 15, 两 is 2), None when
    it is no number (十十, 三五: three to five)."""
    return _whole(run)


def _value(run: str, year: bool = False) -> Decimal | None:
    whole, _, part = run.partition("点")
    number = _whole(whole, year and not part)
    if number is None:
        return None
    if not part:
        return Decimal(number)
    return Decimal(f"{number}.{''.join(str(_DIGITS[ch]) for ch in part)}")


def _rewrite(match: re.Match[str], text: str) -> str | None:
    """One run of numerals (with 百分之 or 成 around it) in digits, or None."""
    if match["all"]:
        return "100%"
    run = match["run"]
    if len(run) > _LONGEST:
        return None
    tail = ""
    if not match["pct"] and not match["cheng"]:
        stripped = run[:-1]
        if run[-1] in _LARGE and stripped and not any(ch in _LARGE for ch in stripped):
            # 二十万元: 20 and the 万元 the unit table reads
            run, tail = stripped, run[len(stripped) :]
    year = text.startswith("年", match.end())
    value = Decimal(100) if run == "百" else _value(run, year)
    if value is None:
        return None
    if match["pct"]:
        return f"{value}{'%' if match['pct'] == '百分之' else '‰'}"
    if match["cheng"]:
        if value > 10 or (value == 10 and match["tenth"]):
            return None  # 十一成 is no share
        tenth = _TENTHS[match["tenth"]] if match["tenth"] else 0
        return f"{value * 10 + tenth}%"
    return f"{value}{tail}"


def arabic(text: str, *, last: bool = False) -> str | None:
    """``text`` with its runs of Chinese numerals written in digits, or None
    when it has none that read as a number; with ``last``, only the last run
    that reads (一次验收合格率百分之百: the figure, not the 一次 of its label)."""
    found = [(m, digits) for m in _RUN.finditer(text) if (digits := _rewrite(m, text)) is not None]
    if not found:
        return None
    if last:
        found = found[-1:]
    out, pos = [], 0
    for match, digits in found:
        out += [text[pos : match.start()], digits]
        pos = match.end()
    out.append(text[pos:])
    return "".join(out)
