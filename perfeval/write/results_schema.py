"""The JSON Schema of perfeval's results (``perfeval schema --results``).

It describes what ``perfeval score --format json``, ``perfeval.to_json``
and ``Result.to_dict()`` give: one result object, a list of them, or the
``{"ranking", "forms"}`` object ``perfeval review --format json`` prints for
several forms. Every object carries ``"perfeval-results": 1`` (the version,
:data:`perfeval.data.RESULTS_VERSION`).

An exact number is a JSON number (in JSON text) or a string of the same
digits (in ``to_dict()``), so one schema checks both.
"""

from __future__ import annotations

from typing import Any

from .data import RESULTS_VERSION

__all__ = ["results_schema"]

_DECIMAL: dict[str, Any] = {
    "description": "an exact number: a JSON number with its exact digits, or a string of them",
    "type": ["number", "string"],
    "pattern": r"^-?[0-9]+(\.[0-9]+)?$",
}
_TEXT: dict[str, Any] = {"type": "string"}


def _maybe(schema: dict[str, Any]) -> dict[str, Any]:
    return {"anyOf": [schema, {"type": "null"}]}


def _object(properties: dict[str, Any], *optional: str) -> dict[str, Any]:
    return {
        "type": "object",
        "additionalProperties": False,
        "required": [k for k in properties if k not in optional],
        "properties": properties,
    }


def results_schema() -> dict[str, Any]:
    """The schema as a dict (``json.dumps`` it to write a file)."""
    decimal_or_null = _maybe(_DECIMAL)
    text_or_null = _maybe(_TEXT)
    indicator = _object(
        {
            "id": _TEXT,
            "name": {**_TEXT, "description": "三级指标"},
            "kind": {**_TEXT, "description": "二级指标 id (quantity, quality, …)"},
            "aspect": text_or_null,
            "group": {**_TEXT, "description": "一级指标 id (output, benefit, …)"},
            "weight": {**_DECIMAL, "description": "分值 after not-applicable rescaling"},
            "raw_weight": {**_DECIMAL, "description": "分值 as the card gives it"},
            "target": {**_TEXT, "description": "年度指标值 as written"},
            "target_parsed": _object(
                {
                    "op": {"enum": [">=", ">", "<=", "<", "=", "range", "qualitative"]},
                    "value": {
                        **decimal_or_null,
                        "description": "in the base unit; a frequency per period as the "
                        "year's count (每季度1次: 4)",
                    },
                    "high": decimal_or_null,
                    "unit": {
                        **text_or_null,
                        "description": "the base unit; a count per week or day keeps its "
                        "period (次/周)",
                    },
                }
            ),
            "actual": {**_TEXT, "description": "实际完成值 as a table shows it"},
            "actual_value": {
                **decimal_or_null,
                "description": "A in the target's base unit, as the rule used it",
            },
            "rule": _TEXT,
            "applicable": {"type": "boolean"},
            "met": {"type": ["boolean", "null"]},
            "score": {**decimal_or_null, "description": "得分 (null: not applicable)"},
            "computed": decimal_or_null,
            "evaluator_score": decimal_or_null,
            "lost": _DECIMAL,
            "note": text_or_null,
            "reported": {**decimal_or_null, "description": "the score the form published"},
            "reason": {**_TEXT, "description": "one line: how the score came about"},
            "formula": {
                **text_or_null,
                "description": "the formula the actual was computed by, from the card's facts",
            },
            "inputs": {
                "type": "array",
                "description": "the facts the formula used",
                "items": _object(
                    {
                        "name": _TEXT,
                        "text": {**_TEXT, "description": "the figure as written: 2.48万元"},
                        "value": {**_DECIMAL, "description": "in the base unit: 24800"},
                        "unit": {**text_or_null, "description": "the base unit: 元, 人, %"},
                    }
                ),
            },
        }
    )
    monitor = _object(
        {
            "month": {"type": "integer", "minimum": 1, "maximum": 12},
            "expected": _DECIMAL,
            "ratio": _DECIMAL,
            "status": {"enum": ["green", "yellow", "red"]},
        }
    )
    budget = _object(
        {
            "initial": decimal_or_null,
            "adjusted": _DECIMAL,
            "spent": _DECIMAL,
            "rate": {**_DECIMAL, "description": "执行率 in percent"},
            "weight": _DECIMAL,
            "raw_weight": _DECIMAL,
            "score": _DECIMAL,
            "lost": _DECIMAL,
            "note": text_or_null,
            "reported": decimal_or_null,
            "reported_rate": {
                **decimal_or_null,
                "description": "the 执行率 the form prints, in percent",
            },
            "reason": _TEXT,
            "monitor": _maybe(monitor),
        }
    )
    result = _object(
        {
            "perfeval-results": {"const": RESULTS_VERSION, "description": "results version"},
            "title": _TEXT,
            "entity": {"type": "object", "additionalProperties": _TEXT},
            "source": text_or_null,
            "framework": _TEXT,
            "mode": {"enum": ["author", "review"]},
            "total": _DECIMAL,
            "max": _DECIMAL,
            "percent": _DECIMAL,
            "grade": _object({"id": _TEXT, "zh": _TEXT, "en": _TEXT}),
            "groups": {
                "type": "array",
                "items": _object(
                    {"id": _TEXT, "name": _TEXT, "weight": _DECIMAL, "score": _DECIMAL}
                ),
            },
            "indicators": {"type": "array", "items": {"$ref": "#/$defs/indicator"}},
            "budget": _maybe({"$ref": "#/$defs/budget"}),
            "findings": {
                "type": "array",
                "items": _object(
                    {
                        "code": _TEXT,
                        "severity": {"enum": ["info", "warning"]},
                        "indicator": text_or_null,
                        "message": _TEXT,
                    }
                ),
            },
            "reported": _maybe(_object({"total": decimal_or_null, "grade": text_or_null})),
            "goal": _maybe(_object({"expected": text_or_null, "achieved": text_or_null})),
            "reading": {
                "description": "perfeval review of a published form: the column each "
                "field was read from (docs/forms.md)",
                **_object(
                    {
                        "table": _TEXT,
                        "columns": {
                            "type": "array",
                            "items": _object(
                                {
                                    "field": _TEXT,
                                    "label": _TEXT,
                                    "column": _maybe({"type": "integer"}),
                                    "header": text_or_null,
                                }
                            ),
                        },
                    }
                ),
            },
        },
        "reading",
    )
    ranking = {
        "type": "object",
        "description": "perfeval review of several forms: the ranking row of each",
        "required": ["departs"],
        "properties": {"departs": {"type": "boolean"}},
    }
    review = _object(
        {
            "ranking": {"type": "array", "items": ranking},
            "forms": {"type": "array", "items": {"$ref": "#/$defs/result"}},
        }
    )
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": f"https://perfeval.invalid/schema/results-v{RESULTS_VERSION}.json",
        "title": f"perfeval results, version {RESULTS_VERSION}",
        "description": "Scored 绩效自评表 as perfeval writes them (see docs/api.md).",
        "anyOf": [
            {"$ref": "#/$defs/result"},
            {"type": "array", "items": {"$ref": "#/$defs/result"}},
            {"$ref": "#/$defs/review"},
        ],
        "$defs": {"result": result, "indicator": indicator, "budget": budget, "review": review},
    }
