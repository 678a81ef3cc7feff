"""Fuzzing: whatever the input, perfeval scores it or raises its own error.

Random and mutated scorecards (mutations of the shipped examples) either
score, and then render in every format, or raise ScorecardError: never
another exception, never a hang (each example has a deadline). CI runs a
bounded, derandomized budget; run longer with
``HYPOTHESIS_PROFILE=long pytest tests/test_fuzz.py`` (20,000 examples per
test) or ``HYPOTHESIS_PROFILE=dev`` for fresh random inputs each run.
"""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

import perfeval
from perfeval import ExpressionError, ScorecardError
from perfeval.read import _rows
from perfeval.write.report import FORMATS, render

from .cards import example_cards

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = [p.read_text(encoding="utf-8") for p in example_cards()]
DEADLINE = settings(deadline=timedelta(seconds=2))
# Characters that matter to YAML, to the expression parser, or to neither.
ALPHABET = st.sampled_from(
    list(":-[]{},&*!|>'\"#%@`?\t\n ~=<≥≤≧≦＝═.0123456789")
    + list("万亿千条件次%元天米以上下内不少于超过达成部分未满意度")
    + ["\x00", "\ufeff", "é", "😀", "\u3000"]
)


def _load(text: str) -> perfeval.Scorecard | ScorecardError:
    try:
        return perfeval.loads(text, source="fuzz.yaml", base=ROOT / "examples")
    except ScorecardError as error:
        return error


def _outcome(text: str) -> None:
    card = _load(text)
    if isinstance(card, ScorecardError):
        assert card.problems
        assert all(isinstance(p.message, str) and p.message for p in card.problems)
        return
    result = perfeval.score(card)
    assert 0 <= result.total <= result.max
    for fmt in FORMATS:
        assert render([result], fmt, "zh")


@st.composite
def mutated(draw: Any) -> str:
    """An example with a few random edits: lines dropped, repeated or
    swapped, characters replaced or inserted, the text cut short."""
    lines = draw(st.sampled_from(EXAMPLES)).splitlines(keepends=True)
    for _ in range(draw(st.integers(1, 4))):
        if not lines:
            break
        i = draw(st.integers(0, len(lines) - 1))
        action = draw(st.sampled_from(["drop", "repeat", "swap", "replace", "insert", "cut"]))
        if action == "drop":
            del lines[i]
        elif action == "repeat":
            lines.insert(i, lines[i])
        elif action == "swap":
            j = draw(st.integers(0, len(lines) - 1))
            lines[i], lines[j] = lines[j], lines[i]
        elif action == "cut":
            lines = lines[:i]
        else:
            line = lines[i]
            k = draw(st.integers(0, len(line)))
            text = draw(st.text(ALPHABET, min_size=1, max_size=4))
            end = k + (1 if action == "replace" else 0)
            lines[i] = line[:k] + text + line[end:]
    return "".join(lines)


@DEADLINE
@given(mutated())
def test_mutated_examples_score_or_raise_scorecard_error(text: str) -> None:
    _outcome(text)


SCALARS = (
    st.none()
    | st.booleans()
    | st.integers(-(10**20), 10**20)
    | st.floats(allow_nan=True, allow_infinity=True)
    | st.text(ALPHABET, max_size=12)
    | st.sampled_from(
        [
            "20万条以上",
            "≥90%",
            "达成",
            "partial",
            "10",
            "quantity",
            "数量",
            "10%",
            "key-spending",
            "staff-control",
            "a / b",
            "编制数 / 在职人员数",
            "mof-2013-department",
            "steps",
            "deduct",
            "checklist",
        ]
    )
)


def _containers(inner: st.SearchStrategy[Any]) -> st.SearchStrategy[Any]:
    return st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=4)


VALUES = st.recursive(SCALARS, _containers, max_leaves=12)
INDICATOR_KEYS = list(_rows.INDICATOR_KEYS)


@st.composite
def structures(draw: Any) -> dict[str, Any]:
    """Plain data shaped roughly like a card, with random values in it."""
    rows = draw(
        st.lists(st.dictionaries(st.sampled_from(INDICATOR_KEYS), VALUES, max_size=8), max_size=4)
    )
    data: dict[str, Any] = {
        "perfeval": draw(st.sampled_from([1, 1, 2, "1", None])),
        "title": draw(VALUES),
        "indicators": rows,
    }
    for key in (
        "facts",
        "weights",
        "budget",
        "scale",
        "precision",
        "review_ratio",
        "units",
        "reported",
        "entity",
        "framework",
    ):
        if draw(st.booleans()):
            data[key] = draw(VALUES)
    return data


@DEADLINE
@given(structures())
def test_random_structures_score_or_raise_scorecard_error(data: dict[str, Any]) -> None:
    try:
        card = perfeval.from_dict(data, base=ROOT / "examples")
    except ScorecardError:
        return
    perfeval.score(card)


@DEADLINE
@given(st.text(ALPHABET, max_size=30) | st.text(max_size=30))
def test_expressions_parse_or_raise_expression_error(text: str) -> None:
    for parse in (perfeval.parse_target, perfeval.parse_quantity, perfeval.parse_number):
        failure: ExpressionError | None = None
        try:
            parse(text)
        except ExpressionError as error:
            failure = error
        if failure is not None:
            assert failure.reason
            assert str(failure)


@DEADLINE
@given(st.binary(max_size=400))
def test_arbitrary_bytes_never_crash_the_cli(tmp_path_factory: Any, data: bytes) -> None:
    import io

    from perfeval.cli import main

    path = tmp_path_factory.mktemp("fuzz") / "card.yaml"
    path.write_bytes(data)
    err = io.StringIO()
    code = main(["check", str(path)], stdout=io.StringIO(), stderr=err)
    assert code in (0, 2)
    assert "Traceback" not in err.getvalue()


YAML_PIECES = st.sampled_from(
    [*"ab1:-[]{},&*!<>|'\"# \n.yn~0", "!!str ", "!!int ", "&x ", "*x", "- ", ": ", "\n  "]
)
YAML_TEXT = st.lists(YAML_PIECES, max_size=40).map("".join)


@DEADLINE
@given(mutated() | YAML_TEXT)
def test_the_fast_path_agrees_with_the_located_path(text: str) -> None:
    """What the event-based fast path accepts, the located path accepts too,
    with equal values: the fast path can never let through what the located
    path would refuse, nor read a value differently."""
    from perfeval.read import _yaml

    try:
        fast = _yaml._fast(text)
    except _yaml._UnusualError:
        return
    try:
        slow = _yaml.located(text, "x.yaml").data
    except _yaml.YamlProblemsError as error:
        message = f"the fast path accepted what the located path refuses: {error}"
        raise AssertionError(message) from None
    assert fast == slow
    assert repr(fast) == repr(slow)


# --- the expression languages: card formulas and audit claims -------------------------------

FIGURES = {"A": "999999999999999999", "B": "12.5", "C": "0.001", "D": "0", "E": "-3"}
EXPRESSION_PIECES = st.sampled_from(
    [
        *FIGURES,
        *("(", ")", "((", "))", "+", "-", "*", "/", "×", "÷", "－", " ", "="),
        *("1", "100", "1e999999", "999999999999999999", "0.5", "2.25%", "25.38万元", "[B]", "["),
        *("sNaN", "NaN", "Infinity", "--", "- -", "*-", "1万", "%", "\u3000", "\x00"),
    ]
)
EXPRESSIONS = st.one_of(
    st.lists(EXPRESSION_PIECES, max_size=60).map("".join),
    st.builds(  # deep: parentheses and signs around a small expression
        lambda opener, depth, inner: (
            opener * depth + inner + (")" if opener == "(" else "") * depth
        ),
        st.sampled_from(["(", "-", "- "]),
        st.integers(0, 700),
        st.sampled_from(["A", "A * A", "-A", "A / D", "B - B"]),
    ),
    st.builds(  # long: products and sums of many figures
        lambda op, count, name: f" {op} ".join([name] * count),
        st.sampled_from(["*", "+", "/", "-"]),
        st.integers(1, 1200),
        st.sampled_from(sorted(FIGURES)),
    ),
)


@DEADLINE
@given(EXPRESSIONS)
def test_formulas_score_or_raise_scorecard_error(formula: str) -> None:
    """A formula over facts, however deep, large or malformed, gives a score or
    a ScorecardError naming the formula: never RecursionError or a Decimal signal."""
    facts = ", ".join(f"{k}: {v}人" for k, v in FIGURES.items())
    text = (
        "perfeval: 1\ntitle: t\nweights: {budget: 0, output: 100, benefit: 0, satisfaction: 0}\n"
        f"facts: {{{facts}}}\nindicators:\n"
        f"  - {{name: f, kind: 数量指标, weight: 100, target: ≥1人, formula: {_quoted(formula)}}}\n"
    )
    try:
        card = perfeval.loads(text, source="fuzz.yaml")
    except ScorecardError as error:
        problems = error.problems
    else:
        perfeval.score(card)
        return
    assert all(len(p.message) < 4000 for p in problems)


@DEADLINE
@given(EXPRESSIONS, EXPRESSIONS)
def test_audit_claims_are_checked_or_raise_scorecard_error(left: str, right: str) -> None:
    """A claim is decided (holds, rounding, fails, error) or the file is refused."""
    figures = "".join(f"  {k}: {v}\n" for k, v in FIGURES.items())
    text = (
        f"perfeval-accounts: 1\ntitle: t\nfigures:\n{figures}"
        f"claims:\n  - {{claim: {_quoted(left + ' = ' + right)}}}\n"
    )
    try:
        accounts = perfeval.loads_accounts(text, source="fuzz.yaml")
    except ScorecardError as error:
        problems = error.problems
    else:
        result = perfeval.audit(accounts)
        assert all(c.verdict in ("holds", "rounding", "fails", "error") for c in result.claims)
        return
    assert all(len(p.message) < 4000 for p in problems)


def _quoted(text: str) -> str:
    """A YAML double-quoted scalar holding exactly ``text``."""
    import json

    return json.dumps(text, ensure_ascii=True)
