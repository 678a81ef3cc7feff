"""Checking plain data at the edges, collecting every problem with its place.

Used by the scorecard and framework loaders. Values come either from our
located YAML (numbers already Decimal, booleans and dates marked) or from
plain Python (``from_dict``: int, float, bool, date …); both are handled.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping
from decimal import Decimal
from typing import Any

from ..core._decimal import too_large, too_small
from ..core.errors import ExpressionError, Location, Path, Problem, ScorecardError, quote
from ..core.limits import MAX_DOCUMENT_QUOTE
from ..core.targets import Quantity, parse_number, read_quantity
from ..core.units import UnitTable
from . import _yaml

__all__ = ["MISSING", "Checker", "did_you_mean"]


class _Missing:
    def __repr__(self) -> str:
        return "MISSING"


MISSING: Any = _Missing()

Locate = Callable[[Path, bool], Location | None]
_DIGITS_ONLY = re.compile(r"\d+")
_SURROGATE = re.compile("[\ud800-\udfff]")


def did_you_mean(word: str, choices: Iterable[str]) -> str:
    """`` (did you mean 'weight'?)`` or the empty string."""
    import difflib  # only for a mistake: not on a valid card's path

    close = difflib.get_close_matches(word, list(choices), n=1, cutoff=0.6)
    return f" (did you mean '{quote(close[0])}'?)" if close else ""


def describe(value: Any) -> str:
    """What a wrong value is, in words a YAML author understands."""
    if value is None:
        return "an empty value"
    if _yaml.is_bool(value):
        return (
            f"'{_yaml.written(value)}', which YAML reads as a boolean (quote it if you meant text)"
        )
    if _yaml.is_date(value):
        return f"'{_yaml.written(value)}', which YAML reads as a date (quote it)"
    if isinstance(value, Mapping):
        return "a mapping"
    if isinstance(value, list | tuple):
        return "a list"
    if isinstance(value, Decimal | int | float):
        return f"the number {quote(value)}"
    return f"'{quote(value)}'"


class Checker:
    """Collects problems; ``raise_if_any`` raises them all as one error."""

    def __init__(self, source: str | None = None, locate: Locate | None = None) -> None:
        self.source = source
        self._locate = locate
        self.problems: list[Problem] = []
        #: Whether a text value may hold a lone surrogate: plain data can;
        #: YAML cannot (the parser refuses one, and text_of names its place).
        self.surrogates_possible = True

    @classmethod
    def located(cls, doc: _yaml.Document) -> Checker:
        """A checker that places problems in a parsed YAML document."""
        check = cls(doc.source, lambda path, key: doc.locate(path, key=key))
        check.surrogates_possible = False
        return check

    def fail(self, path: Path, message: str, *, key: bool = False, at: Path | None = None) -> None:
        """Record a problem at ``path``; ``at`` places it elsewhere in the file
        (a missing key is best shown next to the key it belongs with)."""
        location = self._locate(at if at is not None else path, key) if self._locate else None
        if location is None and self.source is not None:
            location = Location(self.source)
        self.problems.append(Problem(path, message, location))

    def extend(self, problems: Iterable[Problem]) -> None:
        self.problems.extend(problems)

    def raise_if_any(self) -> None:
        """Raise every problem at once, in file order when they are located."""
        if not self.problems:
            return
        problems = self.problems
        if self._locate is not None:

            def place(problem: Problem) -> tuple[int, int, int]:
                loc = problem.location
                if loc is None:
                    return (2, 0, 0)
                elsewhere = 0 if loc.file == self.source else 1  # e.g. a framework file
                return (elsewhere, loc.line or 0, loc.column or 0)

            problems = sorted(problems, key=place)
        raise ScorecardError(problems)

    # --- shapes -----------------------------------------------------------

    def mapping(
        self,
        path: Path,
        value: Any,
        known: Iterable[str],
        required: Iterable[str] = (),
        what: str = "a mapping",
    ) -> dict[str, Any] | None:
        """A mapping with only known keys and every required one.

        A whole document of plain text is not quoted beyond a few words: it
        may be any file (a link to /etc/passwd), and a message must not show it.
        """
        if not isinstance(value, dict) and not isinstance(value, Mapping):  # (dict: no ABC check)
            found = describe(value)
            if path == () and isinstance(value, str) and len(value) > MAX_DOCUMENT_QUOTE:
                found = f"plain text of {len(value):,} characters (not shown)"
            self.fail(path, f"expected {what}; found {found}")
            return None
        known = tuple(known)
        for key in value:
            if not isinstance(key, str):
                self.fail(path, f"keys must be text; found {describe(key)}")
            elif key not in known:
                self.fail(
                    (*path, key),
                    f"unknown key '{quote(key)}'{did_you_mean(key, known)}; "
                    f"expected one of: {', '.join(known)}",
                    key=True,
                )
        for key in required:
            if key not in value:
                self.fail((*path, key), f"'{key}' is required")
        return dict(value)

    def sequence(self, path: Path, value: Any, what: str = "a list") -> list[Any] | None:
        if isinstance(value, list | tuple):
            return list(value)
        self.fail(path, f"expected {what}; found {describe(value)}")
        return None

    # --- scalars ----------------------------------------------------------

    def text(self, path: Path, value: Any, *, empty_ok: bool = False) -> str | None:
        """Text; a number is taken as written. Booleans, dates and empties fail."""
        if isinstance(value, str):
            if not value.strip() and not empty_ok:
                self.fail(path, "expected text; found an empty string")
                return None
            if self.surrogates_possible and (lone := _SURROGATE.search(value)) is not None:
                self.fail(
                    path,
                    f"the text holds a lone surrogate (U+{ord(lone.group()):04X}), which is "
                    "not a character and cannot be saved as UTF-8",
                )
                return None
            return value
        if isinstance(value, _yaml.YamlNumber):
            return value.text  # as written: 1:20 stays '1:20'
        if isinstance(value, Decimal | int) and not _yaml.is_bool(value):
            if isinstance(value, Decimal) and not value.is_finite():
                self.fail(path, f"expected text; found {describe(value)}")
                return None
            return str(value)
        self.fail(path, f"expected text; found {describe(value)}")
        return None

    def number(
        self,
        path: Path,
        value: Any,
        *,
        minimum: Decimal | None = None,
        above: Decimal | None = None,
        maximum: Decimal | None = None,
        what: str = "a number",
        decimals_bounded: bool = False,
    ) -> Decimal | None:
        """An exact, finite number within bounds. Floats go through ``str``.

        A number other than 0 nearer 0 than 10^-18 is refused (a ratio of two
        could outgrow exact arithmetic), unless ``decimals_bounded``: the
        caller then checks the decimals against the card's precision and says
        so in its own, more telling words (a weight of 1E-999999)."""
        number = self._to_decimal(path, value, what, decimals_bounded)
        if number is None:
            return None
        if minimum is not None and number < minimum:
            self.fail(path, f"expected {what} of at least {minimum}; found {number}")
            return None
        if above is not None and number <= above:
            self.fail(path, f"expected {what} greater than {above}; found {number}")
            return None
        if maximum is not None and number > maximum:
            self.fail(path, f"expected {what} of at most {maximum}; found {number}")
            return None
        return number

    def _in_range(self, path: Path, number: Decimal, what: str, small_ok: bool) -> Decimal | None:
        """``number`` if perfeval reads numbers of its size, else None (said)."""
        if too_large(number):
            self.fail(path, f"expected {what} below 10^18; found {number}")
            return None
        if too_small(number) and not small_ok:
            self.fail(path, f"expected {what} of 0 or from 10^-18 up; found {number}")
            return None
        return number

    def _to_decimal(
        self, path: Path, value: Any, what: str, small_ok: bool = False
    ) -> Decimal | None:
        if type(value) is _yaml.YamlNumber and value.is_finite() and value.plain:
            number = Decimal(value)  # the common case: a number as YAML wrote it
            return self._in_range(path, number, what, small_ok)
        if _yaml.is_bool(value) or _yaml.is_date(value) or value is None:
            self.fail(path, f"expected {what}; found {describe(value)}")
            return None
        if isinstance(value, _yaml.YamlNumber):
            if value.is_finite() and not value.plain:
                self.fail(
                    path,
                    f"expected {what}; found '{value.text}', which YAML reads as the "
                    f"number {Decimal(value)}: write the number plainly, or quote it",
                )
                return None
            value = Decimal(value)
        if isinstance(value, float):
            value = Decimal(str(value))
        elif isinstance(value, int):
            value = Decimal(value)
        if isinstance(value, Decimal):
            if value.is_nan():
                self.fail(path, f"expected {what}; found NaN (not a number)")
                return None
            if value.is_infinite():
                self.fail(path, f"expected {what}; found an infinity")
                return None
            return self._in_range(path, value, what, small_ok)
        if isinstance(value, str):
            try:
                return parse_number(value)
            except ExpressionError:
                self.fail(path, f"expected {what}; found '{value}'")
                return None
        self.fail(path, f"expected {what}; found {describe(value)}")
        return None

    def quantity(self, path: Path, text: str, units: UnitTable) -> Quantity | None:
        """A number with its magnitude and unit, read from text; a problem
        (with the marker under the part at fault) when it cannot be read."""
        try:
            return read_quantity(text, units)
        except ExpressionError as exc:
            self.fail(path, exc.render())
            return None

    def integer(self, path: Path, value: Any, *, minimum: int, maximum: int) -> int | None:
        if isinstance(value, Decimal | int) and not _yaml.is_bool(value):
            number = Decimal(value)
            if number.is_finite() and number == number.to_integral_value():
                if minimum <= number <= maximum:
                    return int(number)
                self.fail(
                    path, f"expected a whole number from {minimum} to {maximum}; found {number}"
                )
                return None
        self.fail(
            path,
            f"expected a whole number from {minimum} to {maximum}; found {describe(value)}",
        )
        return None

    def boolean(self, path: Path, value: Any) -> bool | None:
        if _yaml.is_bool(value):
            return bool(value)
        self.fail(path, f"expected true or false; found {describe(value)}")
        return None

    def identifier(self, path: Path, value: Any, pattern: re.Pattern[str]) -> str | None:
        text = self.text(path, value)
        if text is None:
            return None
        if not pattern.fullmatch(text):
            self.fail(
                path, f"'{quote(text)}' is not a valid id: use letters, digits, '_', '.' and '-'"
            )
            return None
        return text
