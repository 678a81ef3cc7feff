"""A JSON Schema of scorecard format v1, for editors (yaml-language-server).

The schema checks shape and spelling (keys, types, enumerations); the
arithmetic (group sums, bands, units) is checked by perfeval itself.
Use it in an editor with a first line such as::

    # yaml-language-server: $schema=perfeval-scorecard.schema.json
"""

from __future__ import annotations

from typing import Any

from .loading import BUDGET_KEYS, GOAL_KEYS, INDICATOR_KEYS, KEYS, REPORTED_KEYS

__all__ = ["schema"]

_NUMBER_OR_TEXT: dict[str, Any] = {"type": ["number", "string"]}
_TEXT: dict[str, Any] = {"type": "string", "minLength": 1}
_SCORE: dict[str, Any] = {
    "description": "points, a number (or text such as '9.5')",
    "anyOf": [{"type": "number", "minimum": 0}, {"type": "string", "pattern": r"^\s*[0-9.,]+\s*$"}],
}
_OPS = [">=", ">", "<=", "<", "=", "==", "≥", "≧", "≤", "≦", "range"]


def schema() -> dict[str, Any]:
    """The schema as a dict (``json.dumps`` it to write a file)."""
    target = {
        "description": "年度指标值: '20万条以上', '≥90%', '800万元以内', '90%-95%', a number, "
        "or a mapping {op, value, unit} / {op: range, low, high, unit}",
        "anyOf": [
            {"type": "string", "minLength": 1},
            {"type": "number"},
            {
                "type": "object",
                "additionalProperties": False,
                "required": ["op"],
                "properties": {
                    "op": {"enum": _OPS},
                    "value": _NUMBER_OR_TEXT,
                    "low": _NUMBER_OR_TEXT,
                    "high": _NUMBER_OR_TEXT,
                    "unit": {"type": "string"},
                },
            },
        ],
    }
    actual = {
        "description": "实际完成值: '22.88万条', 228805, '94%', a tier (achieved, partial, "
        "not-achieved, 达成年度指标 …), or {value, unit}",
        "anyOf": [
            {"type": "string", "minLength": 1},
            {"type": "number"},
            {
                "type": "object",
                "additionalProperties": False,
                "required": ["value"],
                "properties": {"value": _NUMBER_OR_TEXT, "unit": {"type": "string"}},
            },
        ],
    }
    indicator = {
        "type": "object",
        "additionalProperties": False,
        "required": [],
        "properties": {
            "id": {"type": "string", "pattern": r"^[A-Za-z0-9_.-]+$"},
            "name": {**_TEXT, "description": "三级指标"},
            "kind": {
                **_TEXT,
                "description": "quantity 数量, quality 质量, timeliness 时效, cost 成本, "
                "benefit 效益 (+ aspect), social-benefit 社会效益, satisfaction 满意度, …",
            },
            "aspect": {**_TEXT, "description": "economic, social, ecological, sustainability"},
            "weight": {
                "description": "分值: points (> 0), or '20%' of the card's total",
                "type": ["number", "string"],
            },
            "target": target,
            "actual": actual,
            "rule": {
                **_TEXT,
                "description": "proportional, reverse-linear, reverse-ratio, zero-target, "
                "qualitative, threshold, range, manual (or a rule a tool registered)",
            },
            "note": {"type": ["string", "null"], "description": "偏差原因分析及改进措施"},
            "score": _SCORE,
            "reported": _SCORE,
            "applicable": {"type": "boolean"},
            "standard": {**_TEXT, "description": "a standard indicator of the framework"},
            "formula": {**_TEXT, "description": "the actual, computed from facts: A / B"},
            "steps": {
                "type": "array",
                "items": {
                    "type": "object",
                    "additionalProperties": False,
                    "required": ["points"],
                    "properties": {
                        "min": _NUMBER_OR_TEXT,
                        "max": _NUMBER_OR_TEXT,
                        "points": _NUMBER_OR_TEXT,
                    },
                },
            },
            "deduct": {
                "type": "object",
                "additionalProperties": False,
                "required": ["per", "points"],
                "properties": {
                    "per": _NUMBER_OR_TEXT,
                    "points": _NUMBER_OR_TEXT,
                    "rounding": {"enum": ["exact", "up", "down"]},
                },
            },
            "checklist": {
                "type": "array",
                "items": {
                    "type": "object",
                    "additionalProperties": False,
                    "required": ["item", "met"],
                    "properties": {
                        "item": _TEXT,
                        "met": {"type": "boolean"},
                        "points": _NUMBER_OR_TEXT,
                    },
                },
            },
        },
    }
    money = {"description": "an amount: '1061.15万元', or a number in 元", **_NUMBER_OR_TEXT}
    band = {
        "type": "object",
        "additionalProperties": False,
        "required": ["grade", "min"],
        "properties": {
            "grade": _TEXT,
            "zh": _TEXT,
            "en": _TEXT,
            "min": {"type": "number", "minimum": 0, "maximum": 100},
            "aliases": {"type": "array", "items": _TEXT},
        },
    }
    properties: dict[str, Any] = {
        "perfeval": {"const": 1, "description": "format version"},
        "title": _TEXT,
        "entity": {
            "type": "object",
            "additionalProperties": {"type": ["string", "number"]},
        },
        "framework": {**_TEXT, "description": "mof-2020-project (default) or a file path"},
        "scale": {
            "anyOf": [
                {"type": "string", "enum": ["mof-2020", "omb-part"]},
                {"type": "array", "items": band, "minItems": 1},
            ]
        },
        "precision": {"type": "integer", "minimum": 0, "maximum": 6},
        "review_ratio": {"type": ["number", "string"]},
        "weights": {
            "type": "object",
            "additionalProperties": {"type": ["number", "string"]},
            "description": "level-1 group weights, e.g. {budget: 10, output: 50, …}",
        },
        "budget": {
            "type": ["object", "null"],
            "additionalProperties": False,
            "required": ["adjusted", "spent"],
            "properties": {
                "initial": money,
                "adjusted": money,
                "spent": money,
                "note": {"type": ["string", "null"]},
                "reported": _SCORE,
                "reported_rate": {
                    "type": "string",
                    "description": "the 执行率 the form prints, with its % (95.00%)",
                },
                "month": {"type": "integer", "minimum": 1, "maximum": 12},
                "thresholds": {
                    "type": "object",
                    "additionalProperties": False,
                    "required": ["green", "yellow"],
                    "properties": {"green": _TEXT, "yellow": _TEXT},
                },
            },
        },
        "facts": {
            "type": "object",
            "additionalProperties": {"type": ["string", "number"]},
            "description": "named figures from the accounts, for formulas",
        },
        "indicators": {"type": "array", "minItems": 1, "items": indicator},
        "units": {"type": "array", "items": _TEXT},
        "reported": {
            "type": ["object", "null"],
            "additionalProperties": False,
            "properties": {"total": _SCORE, "grade": _TEXT},
        },
        "goal": {
            "type": ["object", "null"],
            "additionalProperties": False,
            "description": "年度总体目标: 预期目标 and 实际完成情况, as written",
            "properties": {
                "expected": {"type": ["string", "number", "null"], "description": "预期目标"},
                "achieved": {"type": ["string", "number", "null"], "description": "实际完成情况"},
            },
        },
    }
    assert set(properties) == set(KEYS)
    assert set(indicator["properties"]) == set(INDICATOR_KEYS)  # type: ignore[call-overload]
    assert set(properties["budget"]["properties"]) == set(BUDGET_KEYS)
    assert set(properties["reported"]["properties"]) == set(REPORTED_KEYS)
    assert set(properties["goal"]["properties"]) == set(GOAL_KEYS)
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": "https://perfeval.invalid/schema/scorecard-v1.json",
        "title": "perfeval scorecard, format 1",
        "description": "A 绩效自评表 scored by perfeval (see docs/scorecards.md).",
        "type": "object",
        "additionalProperties": False,
        "required": ["perfeval", "title", "indicators"],
        "properties": properties,
    }
