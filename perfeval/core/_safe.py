"""User text made safe for whatever opens perfeval's output.

A card's text (title, entity, names, targets, actuals, notes) is data, never
a terminal control, a spreadsheet formula or markup. Every writer passes user
text through one of these functions on its way out:

- :func:`visible` replaces C0 and C1 control characters, DEL, the bidi
  embedding/override/isolate characters (Trojan Source, CVE-2021-42574) and
  the Unicode line/paragraph separators by visible escapes (``\\x1b``,
  ``\\u202e``), keeping only the whitespace a format allows (``keep``);
- :func:`csv_cell` also neutralises a leading ``= + - @``, TAB or CR (and
  their full-width forms) with a ``'``, as OWASP advises for CSV injection;
- :func:`md_cell` and :func:`md_line` escape Markdown and HTML;
- :func:`fold` wraps text for a terminal table in linear time, at most
  :data:`TABLE_CELL_CHARS` characters of it.

This module imports nothing of ours but the limits, so errors.py can use it.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Container, Sequence

from .limits import TABLE_CELL_CHARS

__all__ = [
    "TABLE_CELL_CHARS",
    "csv_cell",
    "csv_row",
    "fold",
    "json_safe",
    "md_cell",
    "md_line",
    "visible",
]


# C0 controls, DEL, C1 controls; ALM, LRM, RLM; the bidi embeddings, overrides
# and isolates; LINE and PARAGRAPH SEPARATOR; the invisible ZERO WIDTH SPACE,
# WORD JOINER and ZERO WIDTH NO-BREAK SPACE (BOM), which make two texts that
# look the same differ (ZWNJ and ZWJ join letters and emoji, and are kept); lone
# surrogates (a file name that is not UTF-8 arrives with its bytes as
# U+DC80-U+DCFF, which no stream can encode).
_UNSAFE = (
    "\x00-\x1f\x7f-\x9f\u061c\u200b\u200e\u200f\u202a-\u202e\u2060\u2066-\u2069"
    "\u2028\u2029\ufeff\ud800-\udfff"
)
_NAMED = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}


@functools.cache
def _unsafe(keep: str) -> re.Pattern[str]:
    kept = "".join(re.escape(c) for c in keep)
    if not kept:
        return re.compile(f"[{_UNSAFE}]")
    return re.compile(f"(?![{kept}])[{_UNSAFE}]")


def _escape(match: re.Match[str]) -> str:
    char = match.group()
    if char in _NAMED:
        return _NAMED[char]
    code = ord(char)
    if 0xDC80 <= code <= 0xDCFF:  # an undecodable byte of a file name: show the byte
        return f"\\x{code - 0xDC00:02x}"
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def visible(text: str, keep: str = "") -> str:
    """``text`` with every control character written as a visible escape.

    ``keep`` lists the whitespace controls the format can carry (``"\\n"`` in
    a multi-line cell); every other one is escaped: ESC becomes ``\\x1b``, a
    bare CR ``\\r``, U+202E ``\\u202e``.
    """
    return _unsafe(keep).sub(_escape, text)


_JSON_UNSAFE = re.compile(f"[{_UNSAFE}]")


def json_safe(encoded: str) -> str:
    """JSON text (from ``json.dumps(..., ensure_ascii=False)``) with every
    control, bidi and separator character as a ``\\uXXXX`` escape: the same
    data for a parser, nothing a terminal acts on."""
    return _JSON_UNSAFE.sub(lambda m: f"\\u{ord(m.group()):04x}", encoded)


#: = + - @ TAB CR, their full-width forms (U+FF1D …) and small forms (U+FE66 …).
_FORMULA_START = frozenset("=+-@\t\r\uff1d\uff0b\uff0d\uff20\ufe66\ufe62\ufe63\ufe6b")
#: What may stand before a formula character and be skipped by a reader that
#: trims a field: spaces, line breaks, zero-width characters, the BOM.
_BLANK_START = re.compile("[ \n\u00a0\u3000\u200b\u200c\u200d\u2060\ufeff]*")


def csv_cell(text: str) -> str:
    """A CSV field of user text: controls escaped (newlines and tabs kept,
    the writer quotes them), a leading formula character neutralised by
    ``'`` so that Excel, WPS and LibreOffice show the text, never run it
    (also one after leading spaces, line breaks or zero-width characters)."""
    if text:
        lead = _BLANK_START.match(text)
        start = lead.end() if lead is not None else 0
        if start < len(text) and text[start] in _FORMULA_START:
            text = "'" + text
    return visible(text, keep="\n\t")


def csv_row(values: Sequence[object], numeric: Container[int] = ()) -> list[object]:
    """A CSV row: every text field through :func:`csv_cell`, except the
    columns in ``numeric``, which hold perfeval's own numbers (a negative one
    stays a number; a unit word in it is still freed of controls)."""
    out: list[object] = []
    for i, value in enumerate(values):
        if isinstance(value, str):
            value = visible(value, keep="\n\t") if i in numeric else csv_cell(value)
        out.append(value)
    return out


_MD_SPECIAL = re.compile(r"[\\`*_\[\]|~#<>&]")
_MD_REPLACE = {"<": "&lt;", ">": "&gt;", "&": "&amp;"}


def _md_escape(match: re.Match[str]) -> str:
    char = match.group()
    return _MD_REPLACE.get(char) or "\\" + char


def md_cell(text: str) -> str:
    """User text in a Markdown table cell: controls escaped, ``|`` and the
    other Markdown punctuation backslash-escaped, HTML escaped, newlines
    written ``<br>``, so the row keeps its columns and shows the text; the
    white space around it (a note's last line break) is dropped, as the
    table drops the spaces around a cell; controls are shown, never dropped."""
    shown = visible(text, keep="\n").strip()
    return _MD_SPECIAL.sub(_md_escape, shown).replace("\n", "<br>")


_LINE_START = re.compile(r"^(?:[-+=]|\d+[.)])")  # md_cell has dropped a leading space


def md_line(text: str) -> str:
    """User text that starts a Markdown line (a paragraph, a heading's text):
    as :func:`md_cell`, and a leading list, heading or code marker escaped."""
    text = md_cell(text)
    match = _LINE_START.match(text)
    if match is None:
        return text
    start = match.group()
    return text[: len(start) - 1] + "\\" + text[len(start) - 1 :]


def _width(char: str) -> int:
    """The display width of a character, or of a grapheme cluster (an emoji
    with its joiners and variation selector), as tabulate measures it."""
    from wcwidth import wcswidth, wcwidth  # a runtime dependency, loaded only for tables

    return max(0, wcwidth(char) if len(char) == 1 else wcswidth(char))


def _units(line: str) -> Sequence[str]:
    """What a line folds between: its grapheme clusters where wcwidth can
    tell them (0.3 and later), so that 👨‍👩‍👧‍👦 or ❤️ is never cut; else its characters."""
    if line.isascii():
        return line
    try:
        from wcwidth import iter_graphemes
    except ImportError:  # an older wcwidth: characters
        return line
    return list(iter_graphemes(line))


_MORE = {
    "zh": "……（略去{n}字，完整内容见 --format json、html 或 csv）",
    "en": "… ({n} more characters: see --format json, html or csv)",
}


def fold(text: str, width: int | None, lang: str = "zh", limit: int = TABLE_CELL_CHARS) -> str:
    """Text for a terminal table cell: controls escaped, at most ``limit``
    characters (then a marker with the count left out), folded into lines of
    at most ``width`` display columns, at a space where there is one.

    Linear in the length of the text (tabulate's own wrapping is quadratic
    in a long word, such as a paragraph of Chinese).
    """
    text = visible(text, keep="\n")
    if len(text) > limit:
        more = _MORE["zh" if lang == "zh" else "en"].format(n=f"{len(text) - limit:,}")
        text = text[:limit] + more
    if width is None:
        return text
    return "\n".join(_fold_line(line, width) for line in text.split("\n"))


#: What continues a number once a digit has started it: a figure such as
#: 1,061.15万 or 95% is never split across lines (read apart, 1061. and 15万元
#: are two other numbers).
_NUMBER_PART = frozenset("0123456789.,%万亿")


def _figure_rest(line: Sequence[str]) -> list[int]:
    """For each character of ``line`` inside a figure (a digit, then what
    continues a number: :data:`_NUMBER_PART`), the display width from it to
    the figure's end; 0 outside a figure."""
    inside = [False] * len(line)
    started = False
    for i, char in enumerate(line):
        base = char[0]  # a grapheme by its first character (万 with a joiner is 万)
        started = (started and base in _NUMBER_PART) or (base.isascii() and base.isdigit())
        inside[i] = started
    rest = [0] * (len(line) + 1)
    for i in range(len(line) - 1, -1, -1):
        if inside[i]:
            rest[i] = _width(line[i]) + (rest[i + 1] if i + 1 < len(line) and inside[i + 1] else 0)
    return rest


#: Where a line may break, dropped at the break: a space, a full-width one.
_SPACES = frozenset(" \u3000")


def _shows(chars: list[str]) -> bool:
    """Whether the head of a line would show anything: a character that takes
    a column and is not a space (a zero-width joiner alone is no line)."""
    return any(not c.isspace() and _width(c) > 0 for c in chars)


def _fold_line(line: str, width: int) -> str:
    """One line folded to ``width``: at the last space, else before the figure
    the overflow is in when that figure fits a line of its own, else where
    the line is full. Every line fits, but for a character wider than the
    width itself."""
    units = _units(line)
    rest = _figure_rest(units) if any(c[0] in _NUMBER_PART for c in units) else []
    lines: list[str] = []
    current: list[str] = []
    used = 0
    space_at = -1  # index in current just after the last space, if any
    number_at = -1  # index in current where the figure it ends in starts, if it does
    number_width = 0  # that whole figure's width
    broken = False  # whether the line being filled began at a break (spaces there are dropped)
    for i, char in enumerate(units):
        w = _width(char)
        if char in _SPACES and broken and not current:
            continue
        if used + w > width and current:
            if char in _SPACES:
                lines.append("".join(current))
                current, used, space_at, number_at, broken = [], 0, -1, -1, True
                continue
            at = space_at if space_at > 0 and _shows(current[:space_at]) else -1
            inside = number_at > 0 and char[0] in _NUMBER_PART and number_width <= width
            if at < 0 and inside:
                head = current[:number_at]
                if _shows(head):
                    at = number_at  # before the figure, which then fits a line of its own
                else:  # only spaces (and zero-width marks) before it: the spaces give way
                    kept = [c for c in head if c not in _SPACES]
                    current, number_at = kept + current[number_at:], len(kept)
                    used = sum(_width(c) for c in current)
            if at > 0:
                head, tail = current[:at], current[at:]
                lines.append("".join(head).rstrip(" \u3000"))
                current = tail
                used = sum(_width(c) for c in tail)
                number_at = number_at - at if number_at >= at else -1
            if current and used + w > width:  # no place to break, or what is left is too wide
                lines.append("".join(current))
                current, used, number_at, broken = [], 0, -1, True
            space_at = -1
        if char[0].isascii() and char[0].isdigit():
            if number_at < 0:
                number_at, number_width = len(current), rest[i]
        elif char[0] not in _NUMBER_PART:
            number_at = -1
        current.append(char)
        used += w
        if char in _SPACES:
            space_at = len(current)
    if current or not lines:  # (a space that ended the text at a break leaves no empty line)
        lines.append("".join(current))
    return "\n".join(lines)
