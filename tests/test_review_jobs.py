"""``perfeval review --jobs``: the forms are read, reviewed and rendered in the
workers, and the output is the same, byte for byte, whatever ``--jobs`` is."""

from __future__ import annotations

import io
import shutil
from pathlib import Path

import pytest

from perfeval.cli import main
from perfeval.read.forms import review_document
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
    from perfeval.write.results_schema import results_schema

    jsonschema.Draft202012Validator(results_schema()).validate(many)
    jsonschema.Draft202012Validator(results_schema()).validate(json.loads(out))


# --- probe findings: what a reviewer sees is what the form wrote --------------------------


def test_a_published_partial_score_keeps_its_digits(tmp_path: Path) -> None:
    """7.999 published on a 10-point row is shown as 7.999 (not 8.00) wherever
    the published score is shown; a gap below the precision is 0.00, not -0.00."""
    card = tmp_path / "c.yaml"
    card.write_text(
        "perfeval-review: 1\ntitle: 测试\nindicators:\n"
        "  - {name: 效果, kind: 社会效益指标, weight: 10, target: 效果明显, actual: 效果较明显,"
        " reported: 7.999}\n"
        "  - {name: 满意度, kind: 服务对象满意度指标, weight: 10, target: ≥90%, actual: 96%,"
        " reported: 10}\n",
        encoding="utf-8",
    )
    _code, table, _ = _run("review", str(card), "--lang", "en")
    assert "7.999" in table
    _code, text, _ = _run("review", str(card), "--format", "csv", "--lang", "en")
    line = next(x for x in text.splitlines() if ",效果," in x)
    assert line.split(",")[7:10] == ["7.999", "8.00", "0.00"]
    _code, text, _ = _run("review", str(card), "--format", "json")
    assert '"reported": 7.999' in text


def test_utf32_is_called_utf32(tmp_path: Path) -> None:
    card = tmp_path / "c.yaml"
    card.write_bytes("perfeval: 1\n".encode("utf-32"))
    _code, _out, err = _run("check", str(card), "--lang", "en")
    assert "the file is UTF-32; save it as UTF-8" in err
    _code, _out, err = _run("check", str(card), "--lang", "zh")
    assert "文件为 UTF-32 编码" in err
    from perfeval.read.forms import decode_html

    assert decode_html("项目名称".encode("utf-32")) == "项目名称"  # its BOM: FF FE 00 00


def test_a_long_card_names_the_limit_on_values_not_aliases(tmp_path: Path) -> None:
    rows = "".join(
        f"  - {{name: 指标{i}, kind: 数量指标, weight: 0.005, target: ≥1个, actual: 1个}}\n"
        for i in range(20_000)
    )
    card = tmp_path / "long.yaml"
    card.write_text("perfeval: 1\ntitle: 长\nindicators:\n" + rows, encoding="utf-8")
    _code, _out, err = _run("check", str(card), "--lang", "en")
    assert "the document holds more than 100,000 values" in err
    assert "alias" not in err
    bomb = tmp_path / "bomb.yaml"
    bomb.write_text(
        "a: &a [x, x, x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a, *a]\n"
        "c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b, *b]\nd: &d [*c, *c, *c, *c, *c, *c, *c, *c]\n"
        "e: [*d, *d, *d, *d, *d, *d, *d, *d, *d, *d, *d, *d, *d, *d, *d, *d]\n",
        encoding="utf-8",
    )
    _code, _out, err = _run("check", str(bomb), "--lang", "en")
    assert "aliases" in err


def test_a_negative_published_score_is_a_finding_not_a_refusal(tmp_path: Path) -> None:
    """Probe: a form publishing 得分 -2 on a measured row departs from the rules;
    the row is reviewed and the departure listed (reported-mismatch)."""
    table = F.yongde()
    table[13] = [F.c("产出指标", 4)] + [F.c(x) for x in ("数量指标", "学生受资助人数", "≧", "735",
                                                    "人次", "735", "10", "-2", "")]  # fmt: skip
    (tmp_path / "neg.html").write_bytes(F.to_html(table))
    code, out, err = _run("review", str(tmp_path / "neg.html"), "--lang", "zh")
    assert code == 1, err
    assert "“学生受资助人数”：表中得分-2，复核得分10.00" in out
