"""Deadlines (时效指标): a target that sets a date (2023年12月31日前完成,
截至2023年底, 12月底前) and an actual that gives one (2023年12月20日,
已于2024年1月15日完成).

A date is a span of days: 2023年12月20日 is one day, 2023年12月 the month,
12月底 its last ten days (下旬), 2023年底 December, 2023年第三季度 July to
September. An actual is on time when its span ends by the deadline, late when
it starts after it, and undecided otherwise (2023年12月 against 12月15日前),
or when one is written with a year and the other without: perfeval does not
guess a year.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re

_YEAR = r"(?<![0-9])(?:19|20)[0-9][0-9]"
_DATES = re.compile(
    "|".join(
        (
            # 2023-12-31, 2023.12.31, 2023/12/31
            rf"(?P<ny>{_YEAR})\s*(?P<sep>[-./])\s*(?P<nm>[0-9]{{1,2}})\s*(?P=sep)\s*(?P<nd>[0-9]{{1,2}})(?![0-9])",
            # 2023年12月31日, 12月底, 2023年6月
            rf"(?:(?P<y>{_YEAR})\s*年\s*)?(?<![0-9])(?P<m>[0-9]{{1,2}})\s*月份?\s*"
            r"(?:(?P<d>[0-9]{1,2})\s*[日号]|(?P<part>上旬|中旬|下旬|初|中|底|末))?",
            # 2023年底, 2023年上半年, 2023年第三季度, 2023年
            rf"(?P<hy>{_YEAR})\s*年(?:度)?\s*"
            r"(?:(?P<half>上半年|下半年|年中|年底|年末|底|末)|第?(?P<q>[一二三四1-4])季度(?P<qend>末|底)?)?",
            # 年底, 上半年, 第三季度: the same with no year
            r"(?P<bhalf>上半年|下半年|年中|年底|年末)|第?(?P<bq>[一二三四1-4])季度(?P<bqend>末|底)?",
        )
    )
)
_PARTS = {None: (1, 31), "上旬": (1, 10), "初": (1, 10), "中旬": (11, 20), "中": (11, 20),
          "下旬": (21, 31), "底": (21, 31), "末": (21, 31)}  # fmt: skip
_HALVES = {None: (1, 12), "上半年": (1, 6), "下半年": (7, 12), "年中": (6, 6), "年底": (12, 12),
           "年末": (12, 12), "底": (12, 12), "末": (12, 12)}  # fmt: skip
_QUARTERS = {"一": 1, "二": 2, "三": 3, "四": 4, "1": 1, "2": 2, "3": 3, "4": 4}

Span = tuple[int | None, dt.date, dt.date]  # the year written (or None), first and last day


def _last(year: int, month: int) -> int:
    return calendar.monthrange(year, month)[1]


def _span(m: re.Match[str]) -> Span | None:
    """A date's first and last day (in 2000, a leap year, when no year is written)."""
    try:
        if m["ny"]:
            day = dt.date(int(m["ny"]), int(m["nm"]), int(m["nd"]))
            return day.year, day, day
        if m["m"]:
            year = int(m["y"]) if m["y"] else None
            y, month = year or 2000, int(m["m"])
            if m["d"]:
                day = dt.date(y, month, int(m["d"]))
                return year, day, day
            low, high = _PARTS[m["part"]]
            return year, dt.date(y, month, low), dt.date(y, month, min(high, _last(y, month)))
        year = int(m["hy"]) if m["hy"] else None
        y = year or 2000
        quarter, half = (m["q"], m["half"]) if m["hy"] else (m["bq"], m["bhalf"])
        if quarter:
            end = 3 * _QUARTERS[quarter]
            first = end if (m["qend"] or m["bqend"]) else end - 2
        else:
            first, end = _HALVES[half]
        return year, dt.date(y, first, 1), dt.date(y, end, _last(y, end))
    except ValueError:  # 2月30日, 13月
        return None


_BY_AFTER = re.compile(r"\s*(?:之前|以前|前|为止|止|以内|之内|内|完成|完工|竣工)")
#: 后, 起, 前后 after the date: a start or a time around it, not a deadline.
_AFTER = re.compile(r"\s*(?:之后|以后|后|起|开始|前后|左右)")
#: Before the date: 截至, 不晚于; a bare 于 or 在 (于2023年底前), not 晚于, 早于, 不早于.
_BY_BEFORE = re.compile(
    r"(?:截至|截止到|截止至|截止|不晚于|不迟于|(?<![早晚迟])于|(?<![早晚迟])在)\s*$"
)
#: Longer texts are no deadline or date of a form's cell (and are not searched).
_LONGEST = 200


def _only_date(text: str) -> re.Match[str] | None:
    """The one date of a text as short as a form's cell, or None (none, or two)."""
    if len(text) > _LONGEST:
        return None
    found = list(_DATES.finditer(text))
    return found[0] if len(found) == 1 else None


def deadline(statement: str) -> Span | None:
    """The deadline a target sets (2023年12月31日前完成, 截至2023年底, 12月底前):
    one date followed by 前 (之前, 以前, 止, 以内, 完成 …) or after 截至 (不晚于 …),
    included, as 民法典 第1259条 reads 以前; not a date followed by 后 or 起 (a
    start), nor one after 晚于 or 不早于."""
    m = _only_date(statement)
    if m is None or _AFTER.match(statement, m.end()):
        return None
    before = statement[max(0, m.start() - 8) : m.start()]
    if not (_BY_AFTER.match(statement, m.end()) or _BY_BEFORE.search(before)):
        return None
    return _span(m)


#: The words an actual may give around its date: who, 已于, and what was done.
_HEAD = re.compile(
    "(?:资金|项目|工程|任务|全部|已经|已|均|实际|于|在|按时|按期|如期|顺利|提前|完成|通过|验收|"
    "合格|截至|截止|到)*"
)
_TAIL = re.compile(
    "(?P<by>之前|以前|前)?(?P<after>之后|以后|后)?"
    "(?:已经|已|全部|均|按时|按期|如期|顺利|提前|通过|完成|完工|竣工|验收|合格|结项|发放|拨付|"
    "支付|到位|上线|投入使用|交付|任务|建设|工作)*"
)
_MARKS = str.maketrans("", "", "（）()【】[]")
_PUNCT = " \t\n。.，,；;！!、"


def completed(text: str) -> Span | None:
    """When an actual says the work was done: a date alone, or with words
    around it (已于 … 完成验收, 资金于 … 拨付到位, 已按时完成（…）); 2023年12月20日前完成
    or 截至2023年12月20日已完成 is any day up to the 20th, …以后 any day from it."""
    text = text.strip(_PUNCT).translate(_MARKS)
    date = _only_date(text)
    if date is None:
        return None
    head, tail = text[: date.start()], text[date.end() :]
    words = _TAIL.fullmatch(tail) if len(head) <= 24 and len(tail) <= 24 else None
    if words is None or _HEAD.fullmatch(head) is None:
        return None
    span = _span(date)
    if span is None:
        return None
    if words["by"] or "截至" in head or "截止" in head:
        return span[0], dt.date.min, span[2]
    if words["after"]:
        return span[0], span[1], dt.date.max
    return span


#: What an actual says of a deadline without a date (按时完成, 逾期完成).
_IN_TIME = frozenset({"按时完成", "按期完成", "如期完成", "提前完成", "按时", "按期", "如期",
                      "已按时完成", "已按期完成", "已如期完成", "已提前完成"})  # fmt: skip
_LATE = frozenset({"未按时完成", "未按期完成", "未如期完成", "逾期完成", "延期完成", "超期完成",
                   "未按时", "未按期", "逾期", "延期", "超期"})  # fmt: skip


def _in_digits(text: str) -> str:
    """A date in Chinese numerals (二〇二三年十二月三十一日, 2023年十二月) in digits."""
    if len(text) > _LONGEST:
        return text
    from .numerals import arabic

    text = text.replace("元月", "1月")  # 2024年元月5日 (元月 is January; 正月 is lunar)
    return arabic(text) or text


def on_time(text: str, statement: str) -> bool | None:
    """True when an actual's date is within the target's deadline (or it says
    按时完成, 按期完成 …), False when it is after (or says 逾期完成, 未按时完成 …),
    None when the target has no deadline, the actual no date, or they cannot be
    compared (one has a year, the other not; a month that spans the deadline)."""
    statement, text = _in_digits(statement), _in_digits(text)
    due = deadline(statement)
    if due is None:
        return None
    said = text.strip(_PUNCT)
    if said in _IN_TIME or said in _LATE:
        return said in _IN_TIME
    done = completed(text)
    if done is None or (due[0] is None) != (done[0] is None):
        return None
    if done[2] <= due[2]:
        return True
    if done[1] > due[2]:
        return False
    return None
