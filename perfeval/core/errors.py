"""Errors raised by perfeval.

Every error perfeval raises for bad input derives from :class:`PerfevalError`
and from the fitting builtin, so ``except ValueError`` keeps working for code
that knows nothing of perfeval. This module imports nothing of ours but
the limits and the leaf ``_safe`` (control characters in messages made visible).
"""

from __future__ import annotations

import re
from collections.abc import Iterable

import attrs

from .limits import MAX_QUOTE

__all__ = [
    "ExpressionError",
    "Location",
    "PerfevalError",
    "Problem",
    "ScorecardError",
    "format_path",
    "library_error",
    "quote",
]

PathPart = str | int
Path = tuple[PathPart, ...]


def format_path(path: Iterable[PathPart]) -> str:
    """Write a key path the way messages show it: ``indicators[3].target``.

    Integers are list positions (0-based, as in the file), strings are keys.
    The empty path is the document itself and is written ``(file)``.
    """
    out: list[str] = []
    for part in path:
        if isinstance(part, int):
            out.append(f"[{part}]")
        elif out:
            out.append(f".{part}")
        else:
            out.append(part)
    return "".join(out) or "(file)"


def quote(value: object, limit: int = MAX_QUOTE) -> str:
    """A value as a message may quote it: at most ``limit`` characters, a
    longer one cut with an ellipsis and its length. Every message that quotes
    a value the user wrote goes through here, so no message can echo a file
    or grow with its input."""
    text = str(value)
    if len(text) <= limit:
        return text
    return f"{text[: limit - 1]}… ({len(text):,} characters)"


def _bounded(message: str) -> str:
    """A last guard for messages that quote without :func:`quote`: the head
    and tail of a very long message, with how much was left out."""
    limit = 20 * MAX_QUOTE
    if len(message) <= limit:
        return message
    cut = len(message) - limit
    return f"{message[: limit // 2]} …({cut:,} characters left out)… {message[-limit // 2 :]}"


@attrs.frozen
class Location:
    """A place in a source file: 1-based line and column, as editors count."""

    file: str
    line: int | None = None
    column: int | None = None

    def __str__(self) -> str:
        parts = [self.file]
        if self.line is not None:
            parts.append(str(self.line))
            if self.column is not None:
                parts.append(str(self.column))
        return ":".join(parts)


_BARE_NEWLINE = re.compile(r"\n(?! )")


@attrs.frozen
class Problem:
    """One thing wrong with an input: where, at which key, and what."""

    path: Path
    message: str = attrs.field(converter=_bounded)
    location: Location | None = None

    def __str__(self) -> str:
        return self.text("en")

    def text(self, lang: str = "en") -> str:
        """The problem as a line of output, its sentence in ``zh`` or ``en``
        (location and key path stay as written)."""
        from ._safe import visible  # a file name, a key or a quoted value may hold controls
        from .i18n import translate

        where = f"{self.location}: " if self.location is not None else ""
        said = translate(self.message, lang)
        at = translate(format_path(self.path), lang)  # a form's "table 2, row 7, column 5"
        text = visible(f"{where}{at}: {said}", keep="\n")
        # Only a quoted expression continues on indented lines; any other line
        # break is text and must not start a line that looks like a problem.
        return _BARE_NEWLINE.sub(r"\\n", text)


class PerfevalError(Exception):
    """Root of every error perfeval raises on purpose."""


class ExpressionError(PerfevalError, ValueError):
    """A target or actual expression that cannot be read.

    ``text`` is what was given, ``start``/``end`` the span of characters at
    fault (``end`` exclusive) and ``reason`` what was expected there.
    ``str()`` quotes the text with a ``^~~`` marker placed by display width,
    so it lines up under Chinese characters in a terminal.
    """

    def __init__(self, text: str, reason: str, start: int = 0, end: int | None = None) -> None:
        self.text = text
        self.reason = reason
        self.start = max(0, min(start, len(text)))
        self.end = max(self.start + 1, end if end is not None else self.start + 1)
        super().__init__(self.render())

    def __reduce__(self) -> tuple[object, ...]:
        return (ExpressionError, (self.text, self.reason, self.start, self.end))

    def render(self, indent: str = "    ") -> str:
        """The reason, the quoted text and a marker under the span at fault."""
        from wcwidth import wcswidth  # wcwidth is a runtime dependency, loaded only here

        from ._safe import visible  # the text is quoted with its controls made visible

        text, start, end = self.text, self.start, self.end
        if len(text) > 2 * MAX_QUOTE:  # a window around the span, not the whole text
            lo = max(0, start - MAX_QUOTE // 2)
            hi = min(len(text), start + 1 + MAX_QUOTE // 2)
            end = min(end, hi)
            head = "…" if lo > 0 else ""
            text = head + text[lo:hi] + ("…" if hi < len(self.text) else "")
            start, end = start - lo + len(head), end - lo + len(head)
        before = visible(text[:start])
        span = visible(text[start:end]) or " "
        pad = max(0, wcswidth(before)) + 1  # +1 for the opening quote
        width = max(1, wcswidth(span))
        marker = " " * pad + "^" + "~" * (width - 1)
        return f"{self.reason}\n{indent}'{visible(text)}'\n{indent}{marker}"

    @property
    def one_line(self) -> str:
        """The reason with the text quoted, for places that take one line."""
        from ._safe import visible

        return f"{self.reason} (in '{visible(quote(self.text))}')"


class ScorecardError(PerfevalError, ValueError):
    """Invalid scorecard or framework data, with every problem found.

    ``problems`` lists each problem with its key path and, when the data came
    from a file, its location. The attributes ``file``, ``line``, ``column``,
    ``path`` and ``message`` describe the first problem, for callers that
    only show one.
    """

    def __init__(self, problems: Iterable[Problem]) -> None:
        self.problems: tuple[Problem, ...] = tuple(problems)
        if not self.problems:
            raise TypeError("ScorecardError needs at least one problem")
        super().__init__("\n".join(str(p) for p in self.problems))

    def __reduce__(self) -> tuple[object, ...]:
        """Pickle with the problems, so an error crosses process boundaries whole."""
        return (type(self), (self.problems,))

    def text(self, lang: str = "en") -> str:
        """Every problem, one per line, in ``zh`` or ``en``."""
        return "\n".join(p.text(lang) for p in self.problems)

    @classmethod
    def single(cls, path: Path, message: str, location: Location | None = None) -> ScorecardError:
        """An error with one problem."""
        return cls([Problem(path, message, location)])

    @property
    def first(self) -> Problem:
        return self.problems[0]

    @property
    def file(self) -> str | None:
        loc = self.first.location
        return loc.file if loc else None

    @property
    def line(self) -> int | None:
        loc = self.first.location
        return loc.line if loc else None

    @property
    def column(self) -> int | None:
        loc = self.first.location
        return loc.column if loc else None

    @property
    def path(self) -> str:
        return format_path(self.first.path)

    @property
    def message(self) -> str:
        return self.first.message


def library_error(exc: BaseException) -> str:
    """What a reading library (python-docx, lxml, pdfplumber, openpyxl) said
    when it could not read a file: its exception's name and the first 200
    characters of its message, quoted inside perfeval's own."""
    return f"{type(exc).__name__}: {str(exc)[:200]}"
