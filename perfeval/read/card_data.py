"""A scorecard back to plain data: the card as perfeval read it.

:func:`card_data` gives data that loads back to an equal card (texts and
units as written, Decimals exact, facts and formulas, department settings);
:func:`yaml_text` and :func:`card_yaml` write it as YAML whose numbers are
numbers (``score: 4.5``, never ``'4.5'``). Used by the workbook writer to keep
each card in its hidden sheet, and by ``perfeval import`` to write cards.
"""

from __future__ import annotations

import functools
from decimal import Decimal
from typing import Any

from ..core.model import Indicator, Scorecard
from ..core.targets import Quantity, Tier, format_decimal

__all__ = ["card_data", "card_yaml", "yaml_text"]


def card_data(card: Scorecard) -> dict[str, Any]:
    """The card as plain scorecard data that loads back to an equal card
    (texts as written, Decimals exact); ``indicators`` in order."""
    from ..core.units import DEFAULT_UNITS
    from .frameworks import framework_dir

    data: dict[str, Any] = {"perfeval": 1, "title": card.title}
    if card.entity:
        data["entity"] = dict(card.entity)
    if card.goal is not None:
        goal = {"expected": card.goal.expected, "achieved": card.goal.achieved}
        data["goal"] = {k: v for k, v in goal.items() if v is not None}
    framework = card.framework
    if framework.source and not _inside(framework.source, framework_dir()):
        data["framework"] = framework.source
    elif framework.id != "mof-2020-project":
        data["framework"] = framework.id
    if card.scale.name == "inline":
        data["scale"] = [
            {"grade": b.grade, "zh": b.zh, "en": b.en, "min": b.min, "aliases": list(b.aliases)}
            for b in card.scale.bands
        ]
    elif card.scale.name != framework.scale:
        data["scale"] = card.scale.name
    if card.precision != 2:
        data["precision"] = card.precision
    if card.review_ratio != Decimal("1.2"):
        data["review_ratio"] = card.review_ratio
    if any(g.weight != f.weight for g, f in zip(card.groups, framework.groups, strict=True)):
        data["weights"] = {g.id: g.weight for g in card.groups}
    extra = [n for n in card.units.units if n not in DEFAULT_UNITS.units]
    if extra:
        data["units"] = extra
    facts: dict[str, str] = {}
    for ind in card.indicators:
        facts.update(ind.inputs)
    if facts:
        data["facts"] = facts
    if card.budget is not None:
        b = card.budget
        budget: dict[str, Any] = {"adjusted": b.adjusted.display(), "spent": b.spent.display()}
        if b.initial is not None:
            budget["initial"] = b.initial.display()
        for key in ("note", "reported", "month"):
            if getattr(b, key) is not None:
                budget[key] = getattr(b, key)
        if b.reported_rate is not None:
            budget["reported_rate"] = f"{b.reported_rate}%"
        if b.thresholds is not None:
            budget["thresholds"] = {
                "green": f"{format_decimal(b.thresholds[0] * 100)}%",
                "yellow": f"{format_decimal(b.thresholds[1] * 100)}%",
            }
        data["budget"] = budget
    if card.reported is not None:
        data["reported"] = {
            k: v
            for k, v in (("total", card.reported.total), ("grade", card.reported.grade))
            if v is not None
        }
    data["indicators"] = [_row_data(ind) for ind in card.indicators]
    return data


def _inside(path: str, folder: Any) -> bool:
    from pathlib import Path

    try:
        return Path(path).resolve().parent == Path(folder).resolve()
    except OSError:  # pragma: no cover - a path that cannot be resolved
        return False


def _row_data(ind: Indicator) -> dict[str, Any]:
    row: dict[str, Any] = {"id": ind.id, "name": ind.name, "kind": ind.kind}
    if ind.aspect is not None:
        row["aspect"] = ind.aspect
    row["weight"] = ind.weight
    row["target"] = ind.target.display()
    row["rule"] = ind.rule.name
    if ind.standard is not None:
        row["standard"] = ind.standard
    if ind.formula is not None:
        row["formula"] = ind.formula
    elif ind.actual_text is not None:
        row["actual"] = ind.actual_text  # free text: its tier comes from the score's band
    elif ind.actual is not None:
        actual = ind.actual
        row["actual"] = (
            actual.value
            if isinstance(actual, Tier)
            else actual.display()
            if isinstance(actual, Quantity)
            else actual
        )
    if not ind.applicable:
        row["applicable"] = False
    if ind.settings is not None:
        row[ind.settings[0]] = ind.settings[1]
    for key in ("score", "reported", "note"):
        if getattr(ind, key) is not None:
            row[key] = getattr(ind, key)
    return row


def yaml_text(data: Any) -> str:
    """Data as one line of flow YAML (Decimals as exact numbers)."""
    import yaml

    from . import _yaml

    def plain(value: Any) -> Any:
        if isinstance(value, dict):
            return {str(k): plain(v) for k, v in value.items()}
        if isinstance(value, list | tuple):
            return [plain(v) for v in value]
        if _yaml.is_bool(value):
            return bool(value)
        if isinstance(value, Decimal):
            return Decimal(value)
        if hasattr(value, "text"):  # a YAML scalar that remembers how it was written
            return value.text
        return value

    return _escaped(
        str(
            yaml.dump(
                plain(data),
                Dumper=_exact_dumper(),
                allow_unicode=True,
                default_flow_style=True,
                width=1 << 30,
            )
        )
    ).strip()


def _exact_decimal(dumper: Any, value: Decimal) -> Any:
    text = format_decimal(value)
    if value == value.to_integral_value():
        return dumper.represent_scalar("tag:yaml.org,2002:int", text)
    return dumper.represent_scalar("tag:yaml.org,2002:float", text)


@functools.cache
def _exact_dumper() -> Any:
    import yaml

    base = getattr(yaml, "CSafeDumper", yaml.SafeDumper)  # the C emitter is ~10x faster

    class Dumper(base):  # type: ignore[valid-type,misc]
        """SafeDumper that writes a Decimal as the number it is (4.5, never '4.5')."""

    Dumper.add_representer(Decimal, _exact_decimal)
    Dumper.add_representer(str, _text)
    return Dumper


#: Characters PyYAML deems printable and writes raw, which would reorder or
#: hide text where the YAML is shown: bidi embeddings, overrides and isolates
#: (U+202A–U+202E, U+2066–U+2069), the C1 controls (U+0080–U+009F) and the
#: invisible ZERO WIDTH SPACE, WORD JOINER and ZERO WIDTH NO-BREAK SPACE.
_HIDDEN = frozenset(
    [
        *map(chr, range(0x80, 0xA0)),
        *map(chr, range(0x202A, 0x202F)),
        *map(chr, range(0x2066, 0x206A)),
        "\u200b",
        "\u2060",
        "\ufeff",
    ]
)
_ESCAPES = {ord(ch): f"\\u{ord(ch):04x}" for ch in _HIDDEN}


def _text(dumper: Any, value: str) -> Any:
    """A text holding a hidden character is double-quoted, so that the
    character can be written as a \\uXXXX escape (see :func:`_escaped`)."""
    if _HIDDEN.intersection(value):
        return dumper.represent_scalar("tag:yaml.org,2002:str", value, style='"')
    return dumper.represent_str(value)


def _escaped(text: str) -> str:
    """YAML with every hidden character written as an escape: each stands in
    a double-quoted scalar (:func:`_text`), where \\uXXXX means the character."""
    return text.translate(_ESCAPES) if _HIDDEN.intersection(text) else text


def card_yaml(card: dict[str, Any]) -> str:
    """Scorecard data as block YAML, keys in their order, numbers exact."""
    import yaml

    return _escaped(
        str(
            yaml.dump(
                card, Dumper=_exact_dumper(), allow_unicode=True, sort_keys=False, width=1 << 20
            )
        )
    )
