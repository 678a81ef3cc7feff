"""Spec §9: the command line, its output, exit codes and atomic writes."""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from perfeval import cli
from perfeval.cli import main

from .cards import example_cards

ROOT = Path(__file__).resolve().parent.parent
SEED = str(ROOT / "examples" / "yueyang-2020.yaml")
PROJECT = str(ROOT / "examples" / "project-2022.yaml")

BROKEN = """\
perfeval: 1
title: 坏表
indicators:
  - name: a
    kind: 数目
    weight: 100
    target: 不少于10次以下
    actual: 5
    wieght: 3
"""


def run(*argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = main(list(argv), stdout=out, stderr=err)
    return code, out.getvalue(), err.getvalue()


def test_score_prints_the_table_with_total_grade_and_findings() -> None:
    code, out, err = run("score", "--lang", "zh", SEED)
    assert (code, err) == (0, "")
    assert "岳阳市智慧城管指挥中心2020年度部门整体支出绩效自评" in out
    assert "总分: 100.00 / 100    评价等次: 优\n" in out
    assert (
        "[警告] 填报与复核不符（reported-mismatch）："
        "自评综合得分填报96分，复核得分100.00分（填报低4.00分）" in out
    )
    assert out.count("[警告] 超额完成（over-achieved）") == 4


def test_score_in_english() -> None:
    code, out, _ = run("score", PROJECT, "--lang", "en")
    assert code == 0
    assert "Total: 89.88 / 100    Grade: Good (良)" in out
    assert "Points lost" in out


@pytest.mark.parametrize("fmt", ["table", "markdown", "html", "json", "csv"])
def test_every_format_renders_every_example(fmt: str) -> None:
    for example in example_cards():
        code, out, err = run("score", str(example), "--format", fmt)
        assert (code, err) == (0, ""), example
        assert out.strip()


def test_json_has_the_keys_of_the_spec() -> None:
    code, out, _ = run("score", SEED, "--format", "json")
    data = json.loads(out)
    assert code == 0
    assert set(data) >= {
        "title",
        "framework",
        "total",
        "max",
        "percent",
        "grade",
        "groups",
        "indicators",
        "budget",
        "findings",
        "reported",
    }
    assert data["grade"] == {"id": "excellent", "zh": "优", "en": "Excellent"}
    assert data["total"] == 100
    assert data["max"] == 100
    row = data["indicators"][3]
    assert set(row) >= {
        "id",
        "name",
        "kind",
        "group",
        "weight",
        "target",
        "actual",
        "rule",
        "score",
        "lost",
        "reason",
    }
    assert (row["id"], row["target"], row["score"], row["rule"]) == (
        "n1",
        "20万条以上",
        6,
        "proportional",
    )
    assert set(data["budget"]) >= {"initial", "adjusted", "spent", "rate", "weight", "score"}
    assert data["budget"]["adjusted"] == 10611500
    assert set(data["findings"][0]) == {"code", "severity", "indicator", "message"}
    assert data["reported"] == {"total": 96, "grade": "优秀"}


def test_json_numbers_are_exact_decimals() -> None:
    _code, out, _ = run("score", PROJECT, "--format", "json")
    assert '"total": 89.88' in out
    assert '"spent": 11612000.00' in out  # money to the cent, never a float
    assert json.loads(out)["percent"] == 89.88


def test_json_for_several_cards_is_a_list() -> None:
    _code, out, _ = run("score", SEED, PROJECT, "--format", "json")
    assert [d["total"] for d in json.loads(out)] == [100, 89.88]


def test_csv_rows_add_up() -> None:
    import csv

    _code, out, _ = run("score", PROJECT, "--format", "csv")
    rows = list(csv.DictReader(io.StringIO(out)))
    parts = [r for r in rows if r["row"] in ("budget", "indicator") and r["score"]]
    total = next(r for r in rows if r["row"] == "total")
    from decimal import Decimal

    assert sum(Decimal(r["score"]) for r in parts) == Decimal(total["score"]) == Decimal("89.88")


def test_html_is_a_standalone_printable_page() -> None:
    _code, out, _ = run("score", SEED, "--format", "html")
    assert out.startswith("<!DOCTYPE html>")
    assert '<meta charset="utf-8">' in out
    assert "@page { size: A4" in out
    assert '<td class="num">100.00</td>' in out


def test_check_lists_findings_and_strict_fails_on_warnings() -> None:
    code, out, _ = run("check", SEED)
    assert code == 0
    assert "valid; total 100.00 / 100 (100.00%, Excellent (优)), 5 finding(s), 5 warning(s)" in out
    assert run("check", "--strict", SEED)[0] == 1


def test_check_reports_every_error_with_location_and_exits_2(tmp_path: Path) -> None:
    card = tmp_path / "broken.yaml"
    card.write_text(BROKEN, encoding="utf-8")
    code, _out, err = run("check", str(card))
    assert code == 2
    lines = [line for line in err.splitlines() if line.startswith(str(card))]
    assert [line.split(": ")[0] for line in lines] == [  # in file order
        f"{card}:5:11",
        f"{card}:7:13",
        f"{card}:9:5",
    ]
    assert "Traceback" not in err


def test_score_scores_the_valid_cards_and_exits_2_for_the_rest(tmp_path: Path) -> None:
    card = tmp_path / "broken.yaml"
    card.write_text(BROKEN, encoding="utf-8")
    code, out, err = run("score", "--lang", "zh", SEED, str(card))
    assert code == 2
    assert "总分: 100.00" in out
    assert f"{card}:9:5: indicators[0].wieght: 未知的键 'wieght'" in err


def test_missing_file_is_an_error_not_a_traceback(tmp_path: Path) -> None:
    code, _, err = run("score", str(tmp_path / "nope.yaml"))
    assert code == 2
    assert "cannot read the file" in err


def test_output_file_is_written_atomically(tmp_path: Path) -> None:
    out = tmp_path / "scores.json"
    code, stdout, _ = run("score", SEED, "--format", "json", "-o", str(out))
    assert (code, stdout) == (0, "")
    assert json.loads(out.read_text(encoding="utf-8"))["total"] == 100
    assert [p.name for p in tmp_path.iterdir()] == ["scores.json"]


def test_a_failed_write_leaves_the_old_file_untouched(tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """An interrupt or a crash half-way leaves the previous output, and no stray file."""
    out = tmp_path / "scores.csv"
    out.write_text("previous\n", encoding="utf-8")

    def boom(*args: object) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(cli.os, "replace", boom)
    code, _, err = run("score", SEED, "--format", "csv", "-o", str(out))
    assert code == 130
    assert "no output file was changed" in err
    assert out.read_text(encoding="utf-8") == "previous\n"
    assert [p.name for p in tmp_path.iterdir()] == ["scores.csv"]


def test_unwritable_output_is_an_error(tmp_path: Path) -> None:
    out = tmp_path / "no" / "such" / "dir" / "x.txt"
    code, _, err = run("score", SEED, "-o", str(out))
    assert code == 2
    assert err == f"perfeval: cannot write {out}: the folder {out.parent} does not exist\n"


def test_frameworks_list_and_show() -> None:
    code, out, _ = run("frameworks")
    assert code == 0
    assert out.splitlines() == [
        "mof-2013-department\t部门整体支出绩效评价（财预〔2013〕53号）\t"
        "投入 15, 过程 40, 产出 25, 效果 20",
        "mof-2020-project\t项目支出绩效自评（财预〔2020〕10号）\t预算执行率 10, 产出指标 50, "
        "效益指标 30, 满意度指标 10",
    ]
    code, out, _ = run("frameworks", "mof-2020-project")
    assert "output 产出指标 / Outputs: 50" in out
    assert "    aspect social: social benefit, social-benefit, 社会效益, 社会效益指标" in out
    assert run("frameworks", "nope")[0] == 2


def test_schema_command_matches_the_committed_file() -> None:
    code, out, _ = run("schema")
    assert code == 0
    committed = (ROOT / "docs" / "perfeval-scorecard.schema.json").read_text(encoding="utf-8")
    assert out == committed, "run: perfeval schema -o docs/perfeval-scorecard.schema.json"


@pytest.mark.parametrize("command", ["score", "check", "frameworks", "schema"])
def test_every_command_has_help_with_examples(command: str) -> None:
    code, out, _ = run(command, "--help")
    assert code == 0
    assert "examples:" in out


def test_usage_errors_exit_2() -> None:
    assert run()[0] == 2
    assert run("score")[0] == 2
    assert run("score", SEED, "--format", "pdf")[0] == 2


def test_the_console_script_runs() -> None:
    """`python -m perfeval` and the installed script share main()."""
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    done = subprocess.run(
        [sys.executable, "-m", "perfeval", "score", SEED, "--format", "json"],
        capture_output=True,
        text=True,
        env=env,
        check=False,
        encoding="utf-8",
    )
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["total"] == 100


def test_a_run_with_only_invalid_cards_leaves_the_output_untouched(tmp_path: Path) -> None:
    card = tmp_path / "broken.yaml"
    card.write_text(BROKEN, encoding="utf-8")
    out = tmp_path / "scores.json"
    out.write_text("previous\n", encoding="utf-8")
    code, _, _ = run("score", str(card), "--format", "json", "-o", str(out))
    assert code == 2
    assert out.read_text(encoding="utf-8") == "previous\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["broken.yaml", "scores.json"]


def test_an_interrupted_process_leaves_no_partial_file(tmp_path: Path) -> None:
    """Kill a real process mid-run: the output is the old file or the new one, whole."""
    import signal
    import time

    out = tmp_path / "scores.html"
    out.write_text("previous\n", encoding="utf-8")
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    cards = [SEED, PROJECT] * 200
    proc = subprocess.Popen(
        [sys.executable, "-m", "perfeval", "score", *cards, "--format", "html", "-o", str(out)],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    time.sleep(0.5)
    proc.send_signal(signal.SIGINT)
    proc.communicate(timeout=60)
    text = out.read_text(encoding="utf-8")
    assert text == "previous\n" or text.rstrip().endswith("</html>")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["scores.html"]


@pytest.mark.parametrize(
    ("command", "name", "starts"),
    [
        (["score", "examples/project-2022.yaml"], "s.xlsx", b"PK"),
        (["score", "examples/project-2022.yaml"], "s.html", b"<!DOCTYPE html"),
        (["batch", "examples"], "b.csv", "\ufeff".encode()),
        (["review", "examples/zhongjiang-2022.yaml"], "r.json", b"{"),
        (["score", "examples/project-2022.yaml"], "s.txt", b"2022"),
    ],
)
def test_the_output_suffix_names_the_format_when_none_is_given(
    tmp_path: Path, command: list[str], name: str, starts: bytes
) -> None:
    """-o x.xlsx without --format wrote the text table into a file Excel could not
    open (the probe); a known suffix now names the format, any other is the table."""
    target = tmp_path / name
    main([*command, "--lang", "zh", "-o", str(target)], io.StringIO(), io.StringIO())
    assert target.read_bytes().startswith(starts)


@pytest.mark.parametrize(
    ("columns", "terminal", "expected"),
    [("100", 70, 100), ("", 70, 70), ("0", 70, 70), ("-5", 70, 70), ("x", 70, 70),
     ("", 0, 80), ("", None, 80)],
)  # fmt: skip
def test_the_terminal_width_is_read_as_shutil_reads_it(
    monkeypatch: pytest.MonkeyPatch, columns: str, terminal: int | None, expected: int
) -> None:
    """perfeval reads the terminal's width without importing shutil (5 ms of
    every start), and gets what shutil.get_terminal_size would."""
    import os
    import shutil

    from perfeval.cli import _terminal_columns

    def size(*_args: object) -> os.terminal_size:
        if terminal is None:
            raise OSError("not a terminal")
        return os.terminal_size((terminal, 24))

    monkeypatch.setattr(os, "get_terminal_size", size)
    if columns:
        monkeypatch.setenv("COLUMNS", columns)
    else:
        monkeypatch.delenv("COLUMNS", raising=False)
    monkeypatch.delenv("LINES", raising=False)
    assert _terminal_columns() == expected
    assert shutil.get_terminal_size().columns == expected


def test_one_command_built_parses_as_all_built() -> None:
    """A run builds only its command's parser; what it reads is what the
    parser with every command would read, for every command."""
    from perfeval.cli import _COMMANDS, _parser

    argvs = {
        "score": ["score", "-f", "json", "--width", "30", "a.yaml", "b.yaml"],
        "check": ["check", "--strict", "--lang", "en", "a.yaml"],
        "batch": ["batch", "-j", "2", "-o", "x.csv", "cards"],
        "audit": ["audit", "--format", "csv", "a.yaml"],
        "review": ["review", "--explain-reading", "--jobs", "2", "form.docx"],
        "import": ["import", "--review", "-o", "card.yaml", "book.xlsx"],
        "frameworks": ["frameworks", "mof-2020-project"],
        "schema": ["schema", "--results"],
    }
    assert set(argvs) == set(_COMMANDS)
    for name, argv in argvs.items():
        one = vars(_parser("en", name).parse_args(argv))
        every = vars(_parser("en").parse_args(argv))
        assert one == every, name


@pytest.mark.parametrize("columns", ["²", "٣٠", "\uff16\uff10", "1_00", " 60", "-5", "0", "x"])
def test_columns_that_is_not_a_number_is_no_width(
    monkeypatch: pytest.MonkeyPatch, columns: str
) -> None:
    """COLUMNS=² ("a digit" to str.isdigit, not to int) once ended a run in a
    traceback; a COLUMNS that is not a plain positive number is ignored."""
    import io

    from perfeval.cli import main

    monkeypatch.setenv("COLUMNS", columns)
    out, err = io.StringIO(), io.StringIO()
    card = str(Path(__file__).resolve().parent.parent / "examples" / "county-2024.yaml")
    assert main(["score", card], stdout=out, stderr=err) == 0
    assert err.getvalue() == ""
