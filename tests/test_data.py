"""Data for finance tools: to_dict, to_json, to_frame and the results schema."""

from __future__ import annotations

import inspect
import io
import json
import subprocess
import sys
from decimal import Decimal
from pathlib import Path
from typing import Any

import jsonschema
import pytest

import perfeval
from perfeval.cli import main
from perfeval.write.results_schema import results_schema

from .cards import example_cards, review_cards

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples"
REVIEWS = [p.name for p in review_cards()]
CARDS = [p.name for p in example_cards()]
VALIDATOR = jsonschema.Draft202012Validator(results_schema())


def _result(name: str) -> perfeval.Result:
    if name in REVIEWS:
        return perfeval.review(str(EXAMPLES / name))
    return perfeval.score(perfeval.load(EXAMPLES / name))


def _decimals(value: Any) -> list[Decimal]:
    if isinstance(value, Decimal):
        return [value]
    if isinstance(value, dict):
        return [d for v in value.values() for d in _decimals(v)]
    if isinstance(value, list | tuple):
        return [d for v in value for d in _decimals(v)]
    return []


def _errors(document: Any) -> list[str]:
    return [f"{list(e.path)}: {e.message}" for e in VALIDATOR.iter_errors(document)]


def test_the_schema_is_a_valid_schema_and_the_file_in_docs_is_it() -> None:
    jsonschema.Draft202012Validator.check_schema(results_schema())
    shipped = json.loads((ROOT / "docs" / "perfeval-results.schema.json").read_text("utf-8"))
    assert shipped == results_schema()
    out = io.StringIO()
    assert main(["schema", "--results"], stdout=out) == 0
    assert json.loads(out.getvalue()) == results_schema()


@pytest.mark.parametrize("name", CARDS + REVIEWS)
def test_every_example_matches_the_results_schema(name: str) -> None:
    result = _result(name)
    as_text = json.loads(perfeval.to_json(result), parse_float=Decimal)
    assert _errors(as_text) == []
    assert _errors(result.to_dict()) == []
    assert _errors(json.loads(perfeval.to_json([result]))) == []
    assert as_text["perfeval-results"] == 1


def test_review_json_of_several_forms_matches_the_schema() -> None:
    out = io.StringIO()
    paths = [str(EXAMPLES / "zhongjiang-2022.yaml"), str(EXAMPLES / "project-2022.yaml")]
    main(["review", "--format", "json", *paths], stdout=out)
    document = json.loads(out.getvalue())
    assert set(document) == {"ranking", "forms"}
    assert _errors(document) == []


def test_the_schema_refuses_what_is_not_a_result() -> None:
    good = _result("project-2022.yaml").to_dict()
    assert _errors(good) == []
    for broken in (
        {**good, "perfeval-results": 2},
        {**good, "total": "95,5"},
        {k: v for k, v in good.items() if k != "grade"},
        {**good, "surprise": 1},
    ):
        assert _errors(broken), broken


def test_to_dict_is_json_safe_and_exact() -> None:
    result = _result("yueyang-2020-department.yaml")
    data = result.to_dict()
    text = json.dumps(data, ensure_ascii=False)  # no Decimal left
    assert json.loads(text) == data
    exact = perfeval.report.to_data(result)
    assert data["total"] == format(exact["total"], "f") == "96.43"
    # every Decimal of to_data is the same digits as a string in to_dict
    strings = [Decimal(s) for s in _decimals(exact)]
    assert all(isinstance(s, Decimal) for s in strings)
    assert data["indicators"][0]["weight"] == format(exact["indicators"][0]["weight"], "f")
    # to_json gives the same numbers as JSON numbers, read back exactly
    again = json.loads(perfeval.to_json(result), parse_float=Decimal)
    assert again["total"] == exact["total"]
    assert str(again["total"]) == "96.43"


def test_to_json_is_an_object_for_one_result_and_a_list_for_a_list() -> None:
    one = _result("project-2022.yaml")
    two = _result("county-2024.yaml")
    assert isinstance(json.loads(perfeval.to_json(one)), dict)
    assert isinstance(json.loads(perfeval.to_json([one])), list)
    both = json.loads(perfeval.to_json([one, two]))
    assert [d["title"] for d in both] == [one.title, two.title]
    with pytest.raises(TypeError, match="expected perfeval Results"):
        perfeval.to_json(["not a result"])  # type: ignore[list-item]


def test_computed_rows_carry_their_formula_and_inputs() -> None:
    result = _result("yueyang-2020-department.yaml")
    rows = {r["id"]: r for r in result.to_dict()["indicators"]}
    change = rows["three-public-change"]
    assert change["formula"] == "(本年三公经费 - 上年三公经费) / 上年三公经费"
    assert change["inputs"] == [
        {"name": "本年三公经费", "text": "2.48万元", "value": "24800.00", "unit": "元"},
        {"name": "上年三公经费", "text": "2.91万元", "value": "29100.00", "unit": "元"},
    ]
    staff = rows["staff-control"]
    assert [(i["name"], i["value"], i["unit"]) for i in staff["inputs"]] == [
        ("在职人员数", "22", "人"),
        ("编制数", "22", "人"),
    ]
    computed = [r for r in rows.values() if r["formula"]]
    assert len(computed) >= 5
    assert all(r["inputs"] for r in computed if r["applicable"])
    assert all(r["inputs"] == [] for r in computed if not r["applicable"])
    plain = _result("project-2022.yaml").to_dict()["indicators"]
    assert all(r["formula"] is None and r["inputs"] == [] for r in plain)


def test_to_frame_has_one_row_per_indicator_with_exact_decimals() -> None:
    pytest.importorskip("pandas")
    results = [_result("yueyang-2020.yaml"), _result("project-2022.yaml")]
    frame = perfeval.to_frame(results)
    assert list(frame.columns) == list(perfeval.data.FRAME_COLUMNS)
    for result in results:
        mine = frame[frame.card == result.title]
        assert list(mine[mine.row == "indicator"].id) == [r.id for r in result.indicators]
        assert (mine.row == "budget").sum() == (result.budget is not None)
        total = sum(mine.score.dropna(), Decimal(0))
        assert isinstance(total, Decimal)
        assert total == result.total
    assert frame.score.dtype == object
    assert all(isinstance(v, Decimal) for v in frame.weight)
    row = frame[frame.id == "n1"].iloc[0]
    first = results[0].indicator("n1")
    assert (row["name"], row["score"], row["lost"]) == (
        first.indicator.name,
        first.score,
        first.lost,
    )
    assert row["group_name"]
    assert row["kind_name"]
    flagged = frame[frame.findings.map(len) > 0]
    codes = {c for r in results for f in r.findings if f.indicator for c in [f.code]}
    assert {c for t in flagged.findings for c in t} <= codes | {"budget"}
    assert len(perfeval.to_frame(results[0])) == len(frame[frame.card == results[0].title])


def test_to_frame_without_pandas_says_how_to_install_it(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "pandas", None)
    with pytest.raises(ImportError, match=r"pip install 'perfeval\[pandas\]'"):
        perfeval.to_frame(_result("project-2022.yaml"))


def test_api_names_work_as_docs_write_them() -> None:
    shown = str(inspect.signature(perfeval.load))
    assert "<perfeval rules: 11 built-in>" in shown
    assert len(shown) < 200
    added = perfeval.DEFAULT_RULES.add(
        perfeval.Rule(name="x", zh="x", en="x", compute=lambda a, t, w: w, formula="W")
    )
    assert repr(added) == "<perfeval rules: 11 built-in + 1 added>"
    result = _result("project-2022.yaml")
    row = result.indicators[0]
    assert row.explain() == row.explain("zh") != row.explain("en")
    # a fresh interpreter: nothing but ``import perfeval`` before the names
    code = (
        "import perfeval\n"
        "r = perfeval.score(perfeval.load('examples/project-2022.yaml'))\n"
        "perfeval.report.to_data(r); perfeval.report.render([r], 'html', 'zh')\n"
        "perfeval.audit_report.render_audit; perfeval.reviewing.rank; perfeval.to_json(r)\n"
    )
    done = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
