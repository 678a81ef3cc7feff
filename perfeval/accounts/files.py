"""Reading an accounts file (``perfeval-accounts: 1``): its figures, where
each is stated, and its claims, located for error messages."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from ..core._decimal import exact
from ..core.errors import ExpressionError, Path, quote
from ..core.targets import normalize_text
from ..core.units import DEFAULT_UNITS, UnitTable
from .claims import Audit, Claim, Figure, Statement, _evaluate, _leaves, _point
from .expressions import Parser
from .intervals import AuditError, Interval, TooLargeError, stated_interval

# --- loading -----------------------------------------------------------------------------

_KEYS = ("perfeval-accounts", "title", "unit", "units", "figures", "claims")
_STATEMENT_KEYS = ("value", "at", "exact")
_CLAIM_KEYS = ("claim", "at", "note")


def load_accounts(path: str) -> Audit:
    """Read an accounts file; every problem is reported, with its place."""
    from ..read import _yaml
    from ..read._files import display_path

    return loads_accounts(_yaml.read_text(path), source=display_path(path))


@exact
def loads_accounts(text: str | bytes, source: str | None = "<string>") -> Audit:
    """Read accounts from YAML text (or UTF-8 bytes)."""
    from ..read import _yaml
    from ..read._check import Checker
    from ..read._files import display_path

    source = "<string>" if source is None else display_path(source)
    check = Checker.located(doc := _yaml.document(_yaml.text_of(text, source), source))
    result = _build(check, doc.data, source)
    check.raise_if_any()
    assert result is not None
    return result


def _build(check: Any, data: Any, source: str) -> Audit | None:
    from ..read._check import describe

    if data is None:
        check.fail((), "the file is empty; an accounts file starts with 'perfeval-accounts: 1'")
        return None
    top = check.mapping(
        (),
        data,
        _KEYS,
        ("perfeval-accounts", "title", "figures", "claims"),
        "an accounts mapping (perfeval-accounts, title, figures, claims)",
    )
    if top is None:
        return None
    version = top.get("perfeval-accounts")
    if "perfeval-accounts" in top and not (isinstance(version, Decimal | int) and version == 1):
        check.fail(
            ("perfeval-accounts",), f"expected the format version 1; found {describe(version)}"
        )
    title = check.text(("title",), top["title"]) if "title" in top else None
    units = DEFAULT_UNITS
    if "units" in top:
        names = [
            check.text(("units", i), n)
            for i, n in enumerate(check.sequence(("units",), top["units"]) or [])
        ]
        units = units.with_counts(normalize_text(n) for n in names if n)
    default_unit = None
    if "unit" in top:
        default_unit = check.text(("unit",), top["unit"])
        if default_unit and units.get(normalize_text(default_unit)) is None:
            check.fail(("unit",), f"unknown unit '{quote(default_unit)}'")
            default_unit = None
    figures = _figures(check, top.get("figures"), units, default_unit)
    claims = _claims(check, top.get("claims"), units, figures)
    if check.problems or title is None:
        return None
    return Audit(title=title, figures=figures, claims=tuple(claims), source=source)


def _figures(check: Any, raw: Any, units: UnitTable, default_unit: str | None) -> dict[str, Figure]:
    figures: dict[str, Figure] = {}
    if not isinstance(raw, dict):
        from ..read._check import describe

        check.fail(
            ("figures",), f"expected a mapping of figure names to values; found {describe(raw)}"
        )
        return figures
    for name, value in raw.items():
        path: Path = ("figures", name)
        items = value if isinstance(value, list) else [value]
        statements = []
        for i, item in enumerate(items):
            spath: Path = (*path, i) if isinstance(value, list) else path
            statement = _statement(check, spath, item, units, default_unit)
            if statement is not None:
                statements.append(statement)
        if statements and len(statements) == len(items):
            figures[str(name)] = Figure(name=str(name), statements=tuple(statements))
    return figures


def _statement(
    check: Any, path: Path, raw: Any, units: UnitTable, default_unit: str | None
) -> Statement | None:
    at, precise = None, False
    if isinstance(raw, dict):
        data = check.mapping(path, raw, _STATEMENT_KEYS, ("value",))
        if data is None or "value" not in data:
            return None
        if "at" in data:
            at = check.text((*path, "at"), data["at"])
        if "exact" in data:
            precise = bool(check.boolean((*path, "exact"), data["exact"]))
        raw, path = data["value"], (*path, "value")
    text = check.text(path, raw)
    if text is None:
        return None
    try:
        interval = stated_interval(text, units, precise=precise, default_unit=default_unit)
    except ExpressionError as exc:
        check.fail(path, exc.render())
        return None
    return Statement(text=text, interval=interval, at=at)


def _claims(check: Any, raw: Any, units: UnitTable, figures: dict[str, Figure]) -> list[Claim]:
    out: list[Claim] = []
    for i, item in enumerate(check.sequence(("claims",), raw, "a list of claims") or []):
        path: Path = ("claims", i)
        at = note = None
        if isinstance(item, dict):
            data = check.mapping(path, item, _CLAIM_KEYS, ("claim",))
            if data is None or "claim" not in data:
                continue
            at = check.text((*path, "at"), data["at"]) if "at" in data else None
            note = check.text((*path, "note"), data["note"]) if "note" in data else None
            item, path = data["claim"], (*path, "claim")
        text = check.text(path, item)
        if text is None:
            continue
        try:
            left, right = Parser(text, units, None).claim()
        except ExpressionError as exc:
            check.fail(path, exc.render())
            continue
        claim = Claim(text=text, left=left, right=right, at=at, note=note, index=i)
        missing = [n for n in dict.fromkeys(claim.names()) if n not in figures]
        for name in missing:
            from ..read._check import did_you_mean

            check.fail(
                path,
                f"unknown figure '{quote(name)}'{did_you_mean(name, figures)}; "
                "add it under figures:",
            )
        if missing:
            continue
        too_large = _too_large(claim, figures)
        if too_large is not None:
            check.fail(path, f"{too_large} (in '{quote(text)}')")
            continue
        out.append(claim)
    return out


def _too_large(claim: Claim, figures: dict[str, Figure]) -> str | None:
    """Why a claim's values grow beyond what perfeval computes, or None.

    Checked when the file is read, so that it is an input error with its
    place; a claim that cannot be computed for another reason (mixed units)
    is the audit's verdict ``error``."""
    box: dict[Any, Interval] = {}
    _leaves(claim.left, figures, claim.at, box)
    _leaves(claim.right, figures, claim.at, box)
    for point in (box, _point(box, {k: v.hi for k, v in box.items()})):
        try:
            _evaluate(claim.left, point)
            _evaluate(claim.right, point)
        except TooLargeError as exc:
            return str(exc)
        except (AuditError, ArithmeticError):
            return None
    return None
