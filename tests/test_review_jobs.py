"""``perfeval review --jobs``: the forms are read, reviewed and rendered in the
workers, and the output is the same, byte for byte, whatever ``--jobs`` is."""

from __future__ import annotations

import io
import shutil
from pathlib import Path

import pytest

from perfeval.cli import main
from perfeval.forms import review_document
from perfeval.reviewing import ReviewedForm, prepare, render_review
from tests import forms as F  # noqa: N812

pytest.importorskip("docx")
pytest.importorskip("lxml")

ROOT = Path(__file__).resolve().parent.parent


def _run(*argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = main(list(argv), stdout=out, stderr=err)
    return code, out.getvalue(), err.getvalue()


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Forms and cards that depart by different distances, and one unread."""
    out = tmp_path_factory.mktemp("review-jobs")
    shutil.copy(ROOT / "examples" / "zhongjiang-2022.yaml", out / "zhongjiang-2022.yaml")
    table = F.yongde()
    (out / "a.docx").write_bytes(F.to_docx([table]))
    (out / "b.html").write_bytes(F.to_html(table))  # the same form: a tie, kept in path order
    other = F.yongde()
    other[-1] = [F.c("总分", 1, 8), F.c("100"), F.c("99"), F.c("优")]
    (out / "c.docx").write_bytes(F.to_docx([other]))
    bad = F.yongde()
    bad[14] = [F.c(x) for x in ("质量指标", "覆盖率", "≧", "100", "%", "100%", "10", "十分", "")]
    (out / "d.html").write_bytes(F.to_html(bad))
    return out


@pytest.mark.parametrize("fmt", ["table", "markdown", "csv", "json", "html"])
@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_output_is_the_same_for_every_jobs(folder: Path, fmt: str, lang: str) -> None:
    one = _run("review", str(folder), "--format", fmt, "--lang", lang, "--jobs", "1")
    two = _run("review", str(folder), "--format", fmt, "--lang", lang, "--jobs", "2")
    three = _run("review", str(folder), "--format", fmt, "--lang", lang, "--jobs", "3")
    assert one[0] == 2  # d.html has an unread cell
    assert one == two == three


@pytest.mark.parametrize("fmt", ["table", "markdown", "csv", "json", "html"])
def test_prepared_forms_render_as_the_results_do(folder: Path, fmt: str) -> None:
    """What the workers send back renders exactly as the Results would
    (the reading map aside, which only a form read from a document has)."""
    results = [r for p in sorted(folder.iterdir()) for r in review_document(str(p)).results]
    prepared = [prepare(r, fmt, "zh") for r in results]
    assert all(isinstance(p, ReviewedForm) for p in prepared)
    assert render_review(prepared, fmt, "zh") == render_review(results, fmt, "zh")
    assert render_review(prepared[:1], fmt, "zh") == render_review(results[:1], fmt, "zh")


def test_the_json_names_the_column_each_field_was_read_from(folder: Path) -> None:
    import json

    code, out, _err = _run("review", str(folder / "a.docx"), "--format", "json", "--lang", "en")
    assert code == 1
    reading = json.loads(out)["reading"]
    assert reading["table"] == "table 1"
    columns = {c["field"]: c for c in reading["columns"]}
    assert columns["actual"] == {"field": "actual", "label": "实际完成值", "column": 8,
                                 "header": "实际完成值"}  # fmt: skip
    assert columns["target"]["header"] == "指标值"
    many = json.loads(_run("review", str(folder), "--format", "json")[1])
    by_file = {Path(f["source"].split(" (")[0]).name: f for f in many["forms"]}
    assert by_file["b.html"]["reading"]["table"] == "table 1"  # as the reader names it
    assert "reading" not in by_file["zhongjiang-2022.yaml"]  # a card: nothing was read
    jsonschema = pytest.importorskip("jsonschema")
    from perfeval.results_schema import results_schema

    jsonschema.Draft202012Validator(results_schema()).validate(many)
    jsonschema.Draft202012Validator(results_schema()).validate(json.loads(out))
