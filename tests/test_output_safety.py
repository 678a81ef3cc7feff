"""Issue #12: every output is safe to open, and -o never loses or damages a file.

Hostile text (formulas, ESC/BEL/NUL, bidi overrides, ``|``, CR, LF,
``<script>``) goes into every text field of a card and comes out of every
format, read back with the standard parser for that format: ``csv``,
``html.parser``, ``json`` and a Markdown table splitter that respects ``\\|``.
The ``-o`` rules are driven through the CLI in subprocesses.
"""

from __future__ import annotations

import csv
import html
import io
import json
import os
import re
import signal
import stat
import subprocess
import sys
import threading
import time
from decimal import Decimal
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import assume, given, settings
from hypothesis import strategies as st

import perfeval
from perfeval.cli import main
from perfeval.core._safe import csv_cell, visible
from perfeval.write.report import render

ROOT = Path(__file__).resolve().parent.parent
SEED = str(ROOT / "examples" / "yueyang-2020.yaml")
PROJECT = str(ROOT / "examples" / "project-2022.yaml")
ACCOUNTS = str(ROOT / "examples" / "yueyang-2020-accounts.yaml")

EVIL = (
    '=HYPERLINK("http://evil.example/x","y")|a\x1b]0;pwned\x07\x1b[2J\x00\rb\nc<script>x'
    "</script>\u202e\\|z\u200bw\u2060"
)
#: What no output may hold raw: C0 controls but TAB and LF, DEL, C1, bidi controls,
#: and the invisible zero-width space and word joiner.
RAW_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\u200b\u2060]")


def hostile_card(tag: str = "") -> dict[str, Any]:
    """A valid card with hostile text in every text field."""
    return {
        "perfeval": 1,
        "title": f"T{tag}{EVIL}",
        "entity": {"name": f"-E{EVIL}", "code": "+1", "year": 2024},
        "budget": {"adjusted": "100万元", "spent": "90万元", "note": f"@B{EVIL}"},
        "indicators": [
            {
                "name": f"=N{EVIL}",
                "kind": "数量指标",
                "weight": 50,
                "target": "≥10件",
                "actual": "9件",
                "note": f"+O{EVIL}",
            },
            {
                "name": "q",
                "kind": "社会效益指标",
                "weight": 30,
                "target": f"有效{EVIL}",
                "actual": "达成年度指标",
            },
            {"name": "s", "kind": "满意度", "weight": 10, "target": "≥90%", "actual": "95%"},
        ],
    }


def write_card(path: Path, data: dict[str, Any]) -> Path:
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    return path


def cli(*argv: str, timeout: float = 60, **kwargs: Any) -> subprocess.CompletedProcess[str]:
    """Run perfeval in a subprocess, as a user would."""
    env = dict(kwargs.pop("env", os.environ), PYTHONPATH=str(ROOT))
    return subprocess.run(
        [sys.executable, "-m", "perfeval", *argv],
        capture_output=True,
        text=True,
        encoding="utf-8",
        env=env,
        timeout=timeout,
        check=False,
        **kwargs,
    )


# --- readers for each format ---------------------------------------------------


def md_split(line: str) -> list[str]:
    """The cells of a Markdown table row, ``\\x`` read as an escaped ``x``."""
    assert line.startswith("|"), line
    assert line.endswith("|"), line
    cells, current, chars = [], [], iter(line[1:-1])
    for char in chars:
        if char == "\\":
            current.append(next(chars))
        elif char == "|":
            cells.append("".join(current).strip())
            current = []
        else:
            current.append(char)
    cells.append("".join(current).strip())
    return cells


def md_text(cell: str) -> str:
    """A Markdown cell as the reader sees it: entities decoded, <br> a newline."""
    return html.unescape(cell.replace("<br>", "\n"))


def md_tables(text: str) -> list[list[list[str]]]:
    """Every pipe table of a Markdown text, each a list of rows of cells."""
    tables: list[list[list[str]]] = []
    current: list[list[str]] | None = None
    for line in text.split("\n"):
        if line.startswith("|"):
            if current is None:
                current = []
                tables.append(current)
            row = md_split(line)
            if not all(re.fullmatch(":?-+:?", c) for c in row):
                current.append(row)
        else:
            current = None
    return tables


class Cells(HTMLParser):
    """The <th>/<td> text of every table row, and every start tag seen."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.rows: list[list[str]] = []
        self.tables: list[str] = []  # the class of each row's table
        self.tags: list[str] = []
        self.cell: list[str] | None = None
        self.table = ""

    def rows_of(self, table: str) -> list[list[str]]:
        return [r for r, t in zip(self.rows, self.tables, strict=True) if t == table]

    def handle_starttag(self, tag: str, attrs: Any) -> None:
        self.tags.append(tag)
        if tag == "table":
            self.table = dict(attrs).get("class") or ""
        if tag == "tr":
            self.rows.append([])
            self.tables.append(self.table)
        elif tag in ("td", "th"):
            self.cell = []

    def handle_endtag(self, tag: str) -> None:
        if tag in ("td", "th") and self.cell is not None:
            self.rows[-1].append("".join(self.cell))
            self.cell = None

    def handle_data(self, data: str) -> None:
        if self.cell is not None:
            self.cell.append(data)


def html_cells(text: str) -> Cells:
    parser = Cells()
    parser.feed(text)
    parser.close()
    return parser


def csv_rows(text: str) -> list[list[str]]:
    # The CLI starts a CSV with the byte-order mark Excel and WPS need (cli.md).
    return list(csv.reader(io.StringIO(text.removeprefix("\ufeff"), newline="")))


def assert_no_raw_controls(text: str) -> None:
    found = RAW_CONTROL.search(text)
    if found is not None:
        where = text[max(0, found.start() - 40) : found.start() + 10]
        pytest.fail(f"raw {found.group()!r} at {found.start()}: {where!r}")


# --- score: every format ---------------------------------------------------------


@pytest.fixture(scope="module")
def hostile(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("hostile")
    write_card(folder / "a.yaml", hostile_card("a"))
    write_card(folder / "b.yaml", hostile_card("b"))
    return folder


FORMATS = ["table", "markdown", "html", "json", "csv"]


@pytest.mark.parametrize("fmt", FORMATS)
def test_score_output_holds_no_raw_control(hostile: Path, fmt: str) -> None:
    """No ESC, BEL, NUL, CR or bidi override reaches stdout, in any format."""
    done = cli("score", str(hostile / "a.yaml"), "--format", fmt)
    assert done.returncode == 0, done.stderr
    assert_no_raw_controls(done.stdout)
    assert "<script>" not in done.stdout or fmt in ("json", "csv", "table")


def test_csv_cells_are_text_never_formulas(hostile: Path) -> None:
    done = cli("score", str(hostile / "a.yaml"), "--format", "csv")
    rows = csv_rows(done.stdout)
    header = rows[0]
    assert {len(r) for r in rows} == {len(header)} == {16}
    col = {name: i for i, name in enumerate(header)}
    budget, first, second = rows[1], rows[2], rows[3]
    assert first[col["name"]] == csv_cell(f"=N{EVIL}") == "'" + visible(f"=N{EVIL}", "\n\t")
    assert first[col["note"]] == "'" + visible(f"+O{EVIL}", "\n\t")
    assert budget[col["note"]] == "'" + visible(f"@B{EVIL}", "\n\t")
    assert second[col["target"]] == visible(f"有效{EVIL}", "\n\t")
    assert first[col["card"]] == visible(f"Ta{EVIL}", "\n\t")
    for row in rows[1:]:
        for name in ("card", "id", "name", "target", "actual", "note", "reason"):
            assert row[col[name]][:1] not in set("=+-@\t\r"), (name, row[col[name]])
        for name in ("raw_weight", "weight", "score", "lost"):
            Decimal(row[col[name]])  # perfeval's numbers stay numbers


def test_csv_quotes_a_bare_carriage_return() -> None:
    """A bare CR would split the row for csv.reader: it is written \\r."""
    card = perfeval.from_dict(
        {
            "perfeval": 1,
            "title": "a\rb",
            "weights": {"budget": 0, "output": 100, "benefit": 0, "satisfaction": 0},
            "indicators": [
                {"name": "x\ry", "kind": "quantity", "weight": 100, "target": ">=1",
                 "actual": 1, "note": "n\rm"},
            ],
        }
    )  # fmt: skip
    rows = csv_rows(render([perfeval.score(card)], "csv"))
    assert [len(r) for r in rows] == [16, 16, 16]
    assert rows[1][0] == "a\\rb"
    assert rows[1][6] == "x\\ry"
    assert rows[1][14] == "n\\rm"


def test_markdown_tables_keep_their_columns(hostile: Path) -> None:
    done = cli("score", str(hostile / "a.yaml"), "--format", "markdown")
    funds, indicators = md_tables(done.stdout)
    assert {len(r) for r in funds} == {7}
    assert {len(r) for r in indicators} == {8}
    assert md_text(funds[1][6]) == visible(f"@B{EVIL}", "\n")
    assert md_text(indicators[1][2]) == visible(f"=N{EVIL}", "\n")
    assert md_text(indicators[1][7]) == visible(f"+O{EVIL}", "\n")
    assert md_text(indicators[2][3]) == visible(f"有效{EVIL}", "\n")
    assert "<script>" not in done.stdout
    heading = done.stdout.split("\n")[0]
    assert heading.startswith("## T")
    assert "\n" not in heading


def test_html_cells_hold_the_text(hostile: Path) -> None:
    done = cli("score", str(hostile / "a.yaml"), "--format", "html")
    page = html_cells(done.stdout)
    assert "script" not in page.tags
    head = page.rows_of("head")
    assert head[0][1] == visible(f"Ta{EVIL}", "\n\t")  # 项目名称: the title, no project
    assert head[1][3] == visible(f"-E{EVIL}", "\n\t")  # 实施单位
    funds_head, funds, funds_note = page.rows_of("funds")
    assert len(funds_head) == len(funds) == 7
    assert funds_note[1] == visible(f"@B{EVIL}", "\n\t")
    _section, header, *rows = page.rows_of("indicators")
    *rows, _total = rows
    # every group has one row here, so no cell is merged away
    assert {len(r) for r in rows} == {len(header)} == {8}
    assert rows[0][2] == visible(f"=N{EVIL}", "\n\t")
    assert rows[0][7] == visible(f"+O{EVIL}", "\n\t")
    assert rows[1][3] == visible(f"有效{EVIL}", "\n\t")


def test_json_holds_the_exact_text(hostile: Path) -> None:
    """JSON is data: the exact text comes back, with every control escaped as \\u."""
    done = cli("score", str(hostile / "a.yaml"), "--format", "json")
    assert "\\u202e" in done.stdout
    assert "\\u001b" in done.stdout
    data = json.loads(done.stdout)
    assert data["title"] == f"Ta{EVIL}"
    assert data["indicators"][0]["name"] == f"=N{EVIL}"
    assert data["indicators"][0]["note"] == f"+O{EVIL}"
    assert data["budget"]["note"] == f"@B{EVIL}"


def test_table_grid_keeps_its_columns(hostile: Path) -> None:
    """Every line of the terminal grid has the same separators at the same columns."""
    from wcwidth import wcswidth

    done = cli("score", str(hostile / "a.yaml"), "--format", "table")
    lines = done.stdout.split("\n")
    assert lines[0] == visible(f"Ta{EVIL}")
    grid = [line for line in lines if line[:1] in ("┌", "│", "├", "└")]
    assert grid
    for block in _blocks(grid):
        assert len({wcswidth(line) for line in block}) == 1, block
        assert len({line.count("│") for line in block if line.startswith("│")}) == 1


def _blocks(grid: list[str]) -> list[list[str]]:
    out: list[list[str]] = []
    for line in grid:
        if line.startswith("┌"):
            out.append([])
        out[-1].append(line)
    return out


# --- batch and audit ----------------------------------------------------------------


@pytest.mark.parametrize("fmt", FORMATS)
def test_batch_output_is_safe(hostile: Path, fmt: str) -> None:
    done = cli("batch", str(hostile), "--format", fmt)
    assert done.returncode == 0, done.stderr
    assert_no_raw_controls(done.stdout)
    titles = sorted([f"Ta{EVIL}", f"Tb{EVIL}"])
    if fmt == "csv":
        rows = csv_rows(done.stdout)
        assert {len(r) for r in rows} == {13}
        assert sorted(r[3] for r in rows[1:]) == [visible(t, "\n\t") for t in titles]
        assert {r[4] for r in rows[1:]} == {csv_cell(f"-E{EVIL} +1 2024")}
    elif fmt == "markdown":
        cards = md_tables(done.stdout)[0]
        assert {len(r) for r in cards} == {8}
        assert sorted(md_text(r[2]) for r in cards[1:]) == [visible(t, "\n") for t in titles]
        assert "<script>" not in done.stdout
    elif fmt == "html":
        page = html_cells(done.stdout)
        assert "script" not in page.tags
        rows = page.rows[1:3]
        assert sorted(r[2] for r in rows) == [visible(t, "\n\t") for t in titles]
    elif fmt == "json":
        data = json.loads(done.stdout)
        assert sorted(c["title"] for c in data["cards"]) == titles


def hostile_accounts() -> dict[str, Any]:
    return {
        "perfeval-accounts": 1,
        "title": f"A{EVIL}",
        "unit": "万元",
        "figures": {
            "甲": [{"value": 1, "at": f"=at{EVIL}"}, {"value": 2, "at": "-x"}],
            "乙": {"value": 3, "at": f"@at{EVIL}"},
            "丙": {"value": 4},
        },
        "claims": [
            {"claim": "甲 + 乙 = 丙", "at": f"+c{EVIL}"},
            {"claim": "乙 / 丙 = 75%", "at": "-1"},
        ],
    }


@pytest.mark.parametrize("fmt", ["table", "markdown", "json", "csv"])
def test_audit_output_is_safe(tmp_path: Path, fmt: str) -> None:
    path = tmp_path / "accounts.yaml"
    path.write_text(yaml.safe_dump(hostile_accounts(), allow_unicode=True), encoding="utf-8")
    done = cli("audit", str(path), "--format", fmt)
    assert done.returncode == 0, done.stderr
    assert_no_raw_controls(done.stdout)
    if fmt == "csv":
        rows = csv_rows(done.stdout)
        assert {len(r) for r in rows} == {10}
        assert rows[1][3] == csv_cell(f"+c{EVIL}")
        assert rows[2][3] == "'-1"
    elif fmt == "markdown":
        claims = md_tables(done.stdout)[0]
        assert {len(r) for r in claims} == {7}
        assert md_text(claims[1][2]) == visible(f"+c{EVIL}", "\n")
        assert "<script>" not in done.stdout
    elif fmt == "json":
        assert json.loads(done.stdout)["claims"][0]["at"] == f"+c{EVIL}"


def test_error_messages_show_controls_as_escapes(tmp_path: Path) -> None:
    """A file name, a key and a quoted value with ESC print as \\x1b on stderr."""
    name = tmp_path / "card\x1b[2J.yaml"
    data = hostile_card()
    data["indicators"][0]["actual"] = "9\x1b]0;pwned\x07件"
    data["indicators"][0]["wei\x1bght"] = 1
    write_card(name, data)
    done = cli("check", str(name))
    assert done.returncode == 2
    assert_no_raw_controls(done.stderr)
    assert "card\\x1b[2J.yaml:" in done.stderr
    assert all(line.startswith((str(tmp_path), "    ")) for line in done.stderr.splitlines())


def test_check_prints_file_names_and_findings_with_escapes(tmp_path: Path) -> None:
    data = hostile_card()
    data["indicators"][0]["actual"] = "20件"  # exceeded by 100%: a finding quoting the row
    path = write_card(tmp_path / "card\x1b]0;pwned\x07.yaml", data)
    done = cli("check", str(path))
    assert done.returncode == 0, done.stderr
    assert_no_raw_controls(done.stdout)
    assert done.stdout.startswith(f"{tmp_path}/card\\x1b]0;pwned\\x07.yaml: valid")


# --- the property --------------------------------------------------------------------

texts = st.text(st.characters(codec="utf-8"), min_size=1, max_size=20)  # no lone surrogate


@settings(max_examples=60)  # five formats rendered and parsed per example
@given(title=texts, name=texts, note=texts, target=texts, budget_note=texts)
def test_any_text_in_any_field_parses_back_in_its_cell(
    title: str, name: str, note: str, target: str, budget_note: str
) -> None:
    """Random text in every text field: each format parses back with the right
    number of columns and the text (escaped as the format does) in its cell."""
    try:
        card = card_with(title, name, note, target, budget_note)
    except perfeval.ScorecardError:
        assume(False)
        return
    results = [perfeval.score(card)]
    out = {fmt: render(results, fmt) for fmt in FORMATS}
    for text in out.values():
        assert_no_raw_controls(text)
    # The text as the card holds it (the loader trims surrounding whitespace).
    first, second = card.indicators[0], card.indicators[1]
    assert card.budget is not None
    held = (card.title, first.name, first.note or "", second.target.display())
    check_cells(out, *held, card.budget.note or "")


def card_with(title: str, name: str, note: str, target: str, budget_note: str) -> Any:
    return perfeval.from_dict(
        {
            "perfeval": 1,
            "title": title,
            "budget": {"adjusted": "100万元", "spent": "90万元", "note": budget_note},
            "indicators": [
                {"name": name, "kind": "数量指标", "weight": 50, "target": "≥10件",
                 "actual": "9件", "note": note},
                {"name": "q", "kind": "社会效益指标", "weight": 30, "target": "有效" + target,
                 "actual": "达成年度指标"},
                {"name": "s", "kind": "满意度", "weight": 10, "target": "≥90%", "actual": "95%"},
            ],
        }
    )  # fmt: skip


def check_cells(
    out: dict[str, str], title: str, name: str, note: str, target: str, budget_note: str
) -> None:
    rows = csv_rows(out["csv"])
    assert {len(r) for r in rows} == {16}
    assert [rows[1][14], rows[2][6], rows[2][14], rows[3][7], rows[2][0]] == [
        csv_cell(budget_note),
        csv_cell(name),
        csv_cell(note),
        csv_cell(target),
        csv_cell(title),
    ]

    funds, indicators = md_tables(out["markdown"])
    assert {len(r) for r in funds} == {7}
    assert {len(r) for r in indicators} == {8}
    assert md_text(funds[1][6]) == visible(budget_note, "\n").strip()
    assert md_text(indicators[1][2]) == visible(name, "\n").strip()
    assert md_text(indicators[1][7]) == visible(note, "\n").strip()
    assert md_text(indicators[2][3]) == visible(target, "\n").strip()

    page = html_cells(out["html"])
    assert page.tags.count("tr") == len(page.rows)
    assert page.rows_of("head")[0][1] == visible(title, "\n\t")  # 项目名称 (no project:)
    funds = page.rows_of("funds")
    assert len(funds) == 2 + bool(budget_note)  # 偏差原因 only when given
    if budget_note:
        assert funds[2][1] == visible(budget_note, "\n\t")
    _section, header, *rows, _total = page.rows_of("indicators")
    assert {len(r) for r in rows} == {len(header)} == {8}
    assert rows[0][2] == visible(name, "\n\t")
    assert rows[0][7] == visible(note, "\n\t")
    assert rows[1][3] == visible(target, "\n\t")

    from wcwidth import wcswidth

    grid = [line for line in out["table"].split("\n") if line[:1] in ("┌", "│", "├", "└")]
    for block in _blocks(grid):  # the terminal grid stays aligned
        assert len({wcswidth(line) for line in block}) == 1, block

    data = json.loads(out["json"])
    assert data["title"] == title
    assert data["budget"]["note"] == budget_note
    assert [data["indicators"][0]["name"], data["indicators"][0]["note"]] == [name, note]
    assert data["indicators"][1]["target"] == target


# --- -o: never an input ----------------------------------------------------------------


def _copy(source: str, folder: Path, name: str = "card.yaml") -> Path:
    path = folder / name
    path.write_bytes(Path(source).read_bytes())
    return path


@pytest.mark.parametrize(
    "argv",
    [
        ["score", "{card}", "--format", "json", "-o", "{out}"],
        ["score", "{other}", "{card}", "--format", "csv", "-o", "{out}"],
        ["batch", "{folder}", "--format", "csv", "-o", "{out}"],
        ["audit", "{accounts}", "--format", "json", "-o", "{accounts_out}"],
        ["review", "{other}", "{card}", "--format", "csv", "-o", "{out}"],
    ],
    ids=["score", "score-second-card", "batch-folder", "audit", "review"],
)
@pytest.mark.parametrize("spelling", ["same", "dot-slash", "symlink", "hardlink"])
def test_output_onto_an_input_is_refused(tmp_path: Path, argv: list[str], spelling: str) -> None:
    """-o naming an input (however spelled) exits 2 and leaves the input as it was."""
    card = _copy(PROJECT, tmp_path)
    other = _copy(SEED, tmp_path, "other.yaml")
    accounts = _copy(ACCOUNTS, tmp_path / "..", f"{tmp_path.name}-accounts.yaml")
    target = accounts if argv[0] == "audit" else card
    out = {
        "same": str(target),
        "dot-slash": f"{target.parent}/./{target.name}",
        "symlink": str(tmp_path / "link.yaml"),
        "hardlink": str(tmp_path / "hard.yaml"),
    }[spelling]
    if spelling == "symlink":
        (tmp_path / "link.yaml").symlink_to(target)
    elif spelling == "hardlink":
        os.link(target, tmp_path / "hard.yaml")
    before = target.read_bytes()
    fill = {"card": str(card), "other": str(other), "folder": str(tmp_path),
            "accounts": str(accounts), "out": out, "accounts_out": out}  # fmt: skip
    done = cli(*[a.format(**fill) for a in argv])
    assert done.returncode == 2
    assert done.stderr == (
        f"perfeval: cannot write {out}: it is the input file {target}; "
        "perfeval never overwrites what it reads (choose another -o)\n"
    )
    assert target.read_bytes() == before
    accounts.unlink()


def test_import_onto_its_workbook_is_refused(tmp_path: Path) -> None:
    pytest.importorskip("openpyxl")
    book = tmp_path / "book.xlsx"
    assert cli("score", PROJECT, "--format", "xlsx", "-o", str(book)).returncode == 0
    before = book.read_bytes()
    (tmp_path / "link.yaml").symlink_to(book)
    for out in (book, tmp_path / "link.yaml"):
        done = cli("import", str(book), "-o", str(out))
        assert done.returncode == 2
        assert "it is the input file" in done.stderr
    assert book.read_bytes() == before


# --- -o: devices, FIFOs, modes and owners --------------------------------------------


def test_output_into_a_fifo_is_written_straight_in(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    got: list[bytes] = []
    reader = threading.Thread(target=lambda: got.append(fifo.read_bytes()))
    reader.start()
    done = cli("score", PROJECT, "--format", "json", "-o", str(fifo), timeout=30)
    reader.join(timeout=30)
    assert done.returncode == 0, done.stderr
    assert json.loads(got[0])["title"]
    assert stat.S_ISFIFO(fifo.stat().st_mode)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["pipe"]


@pytest.mark.skipif(os.geteuid() != 0, reason="os.mknod of a character device needs root")
def test_output_onto_a_character_device_keeps_the_device(tmp_path: Path) -> None:
    """As root, -o onto a device node (a /dev/null made here) writes into it."""
    node = tmp_path / "null"
    os.mknod(node, 0o666 | stat.S_IFCHR, os.makedev(1, 3))
    done = cli("score", PROJECT, "-o", str(node))
    assert done.returncode == 0, done.stderr
    mode = node.lstat().st_mode
    assert stat.S_ISCHR(mode)
    assert os.major(node.lstat().st_rdev) == 1
    assert sorted(p.name for p in tmp_path.iterdir()) == ["null"]


def test_output_through_a_link_to_stdout_goes_to_stdout(tmp_path: Path) -> None:
    """What -o /dev/stdout means, tried through a link of our own, so that a
    regression replaces the link, never the machine's /dev/stdout."""
    link = tmp_path / "stdout"
    link.symlink_to("/proc/self/fd/1")
    done = cli("score", PROJECT, "--format", "json", "-o", str(link))
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["total"]
    assert link.is_symlink()


@pytest.mark.parametrize(("umask", "mode"), [(0o022, 0o644), (0o077, 0o600), (0o002, 0o664)])
def test_a_new_file_gets_the_mode_of_the_umask(tmp_path: Path, umask: int, mode: int) -> None:
    out = tmp_path / "new.csv"
    done = cli("score", PROJECT, "--format", "csv", "-o", str(out), umask=umask)
    assert done.returncode == 0, done.stderr
    assert stat.S_IMODE(out.stat().st_mode) == mode


def test_overwriting_keeps_the_mode_the_owner_and_the_link(tmp_path: Path) -> None:
    out = tmp_path / "old.csv"
    out.write_text("previous\n", encoding="utf-8")
    out.chmod(0o640)
    root = os.geteuid() == 0
    if root:
        os.chown(out, 1234, 2345)
    link = tmp_path / "link.csv"
    link.symlink_to(out.name)
    for target in (out, link):
        done = cli("score", PROJECT, "--format", "csv", "-o", str(target), umask=0o022)
        assert done.returncode == 0, done.stderr
        info = out.stat()
        assert stat.S_IMODE(info.st_mode) == 0o640
        if root:
            assert (info.st_uid, info.st_gid) == (1234, 2345)
        assert out.read_text(encoding="utf-8-sig").startswith("card,row,")
    assert link.is_symlink()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["link.csv", "old.csv"]


# --- -o: signals and leftovers --------------------------------------------------------


@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGHUP])
def test_a_signal_during_the_write_removes_the_temporary_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, signum: int
) -> None:
    """The signal arrives while the new output is being flushed: exit 128+N,
    the old file untouched, no temporary file left."""
    out = tmp_path / "scores.json"
    out.write_text("previous\n", encoding="utf-8")
    real_fsync = os.fsync

    def fsync(fd: int) -> None:
        os.kill(os.getpid(), signum)
        real_fsync(fd)

    monkeypatch.setattr(os, "fsync", fsync)
    err = io.StringIO()
    code = main(["score", PROJECT, "--format", "json", "-o", str(out)], io.StringIO(), err)
    assert code == 128 + signum
    assert err.getvalue() == (
        f"perfeval: stopped by {signal.Signals(signum).name}; no output file was changed\n"
    )
    assert out.read_text(encoding="utf-8") == "previous\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["scores.json"]
    assert signal.getsignal(signum) is not None  # the previous handler is back


def _wait_for_handler(pid: int, signum: int) -> None:
    """Until the process catches ``signum`` (its handler installed, as
    /proc/PID/status shows in SigCgt), at most 20 s: a signal sent sooner, on
    a loaded machine still importing, meets the default action instead."""
    deadline = time.monotonic() + 20
    status = Path(f"/proc/{pid}/status")
    while time.monotonic() < deadline:
        try:
            lines = status.read_text().splitlines()
        except OSError:
            return  # it has ended
        caught = next((line.split()[1] for line in lines if line.startswith("SigCgt:")), "0")
        if int(caught, 16) >> (signum - 1) & 1:
            return
        time.sleep(0.02)


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_sigterm_stops_a_long_batch_cleanly(tmp_path: Path, jobs: str) -> None:
    folder = tmp_path / "cards"
    folder.mkdir()
    for i in range(400):
        _copy(PROJECT if i % 2 else SEED, folder, f"c{i:03}.yaml")
    out = tmp_path / "ranking.csv"
    out.write_text("previous\n", encoding="utf-8")
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    proc = subprocess.Popen(
        [sys.executable, "-m", "perfeval", "batch", str(folder), "--jobs", jobs,
         "--format", "csv", "-o", str(out)],
        env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
    )  # fmt: skip
    _wait_for_handler(proc.pid, signal.SIGTERM)
    time.sleep(0.5)  # into the run
    start = time.monotonic()
    proc.send_signal(signal.SIGTERM)
    _, err = proc.communicate(timeout=30)
    assert time.monotonic() - start < 10
    text = out.read_text(encoding="utf-8")
    if proc.returncode in (0, -signal.SIGTERM):
        # the machine was fast: the whole ranking is there (-SIGTERM: the signal came
        # after the run, as the interpreter ended, when its default action is back)
        assert text.count("\n") == 401
    else:
        assert proc.returncode == 128 + signal.SIGTERM, err
        assert b"stopped by SIGTERM; no output file was changed" in err
        assert text == "previous\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["cards", "ranking.csv"]


def test_batch_ignores_a_temporary_file_left_by_a_killed_run(tmp_path: Path) -> None:
    """After SIGKILL a .NAME.perfeval-tmp-XXXXXXXX file may stay; batch skips it."""
    _copy(PROJECT, tmp_path, "card.yaml")
    _copy(SEED, tmp_path, ".card.yaml.perfeval-tmp-0123abcd")
    _copy(SEED, tmp_path, ".ranking.yaml.perfeval-tmp-89ab4567.yaml")
    done = cli("batch", str(tmp_path), "--format", "json")
    assert done.returncode == 0, done.stderr
    cards = json.loads(done.stdout)["cards"]
    assert [c["source"] for c in cards] == [str(tmp_path / "card.yaml")]
    hidden = str(tmp_path / ".*")
    done = cli("batch", hidden, "--format", "json")
    assert done.returncode == 2
    assert done.stderr == (
        f"{hidden}: (file): matched no scorecard file (*.yaml, *.yml)\n"
        f"perfeval: no scorecard was found in {hidden} (looked for *.yaml, *.yml)\n"
    )


# --- -o: errors that name OUT --------------------------------------------------------


@pytest.fixture
def tiny_disk(tmp_path: Path) -> Any:
    """A 64 KiB tmpfs, filled up to the last block."""
    if os.geteuid() != 0:
        pytest.skip("mounting a tmpfs needs root")
    mount = tmp_path / "disk"
    mount.mkdir()
    done = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", "size=64k", "tmpfs", str(mount)],
        capture_output=True, text=True, check=False,
    )  # fmt: skip
    if done.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here: {done.stderr.strip()}")
    try:
        yield mount
    finally:
        subprocess.run(["umount", str(mount)], check=False)


def test_a_full_disk_names_the_output_and_keeps_the_old_file(tiny_disk: Path) -> None:
    out = tiny_disk / "card.html"
    out.write_text("previous\n", encoding="utf-8")
    fd = os.open(tiny_disk / "filler", os.O_WRONLY | os.O_CREAT)
    try:
        while os.write(fd, b"x" * 1024):
            pass
    except OSError:
        pass
    finally:
        os.close(fd)
    done = cli("score", PROJECT, "--format", "html", "-o", str(out))
    assert (done.returncode, done.stderr) == (
        2,
        f"perfeval: cannot write {out}: the disk is full\n",
    )
    assert out.read_text(encoding="utf-8") == "previous\n"
    assert sorted(p.name for p in tiny_disk.iterdir()) == ["card.html", "filler"]


def test_a_missing_folder_names_the_folder(tmp_path: Path) -> None:
    out = tmp_path / "missing" / "ranking.csv"
    done = cli("batch", PROJECT, "--format", "csv", "-o", str(out))
    assert done.returncode == 2
    assert done.stderr == (
        f"perfeval: cannot write {out}: the folder {out.parent} does not exist\n"
    )


def test_a_folder_as_output_is_an_error(tmp_path: Path) -> None:
    done = cli("score", PROJECT, "-o", str(tmp_path))
    assert (done.returncode, done.stderr) == (
        2,
        f"perfeval: cannot write {tmp_path}: it is a folder\n",
    )


# --- linear rendering (#11 item 4) -------------------------------------------------------


@pytest.fixture(scope="module")
def long_note(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A card whose note is a million characters of Chinese (no space to break at)."""
    data = hostile_card()
    data["title"] = "长文"
    data["indicators"][0]["note"] = ("偏差原因说明" * 200_000)[:1_000_000]
    path = tmp_path_factory.mktemp("long") / "long.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True, width=10**9), encoding="utf-8")
    return path


@pytest.mark.parametrize("fmt", FORMATS)
def test_a_million_character_note_renders_in_seconds(long_note: Path, fmt: str) -> None:
    """Rendering is linear: today's main took over a minute for 400k characters in a table."""
    start = time.monotonic()
    done = cli("score", str(long_note), "--format", fmt, "--lang", "zh", timeout=20)
    assert done.returncode == 0, done.stderr
    assert time.monotonic() - start < 10
    if fmt == "table":  # a terminal shows the first TABLE_CELL_CHARS characters
        assert len(done.stdout) < 50_000
        assert "略去999,000" in done.stdout
    else:
        assert len(done.stdout) > 1_000_000


def test_batch_of_a_long_title_renders_in_seconds(tmp_path: Path) -> None:
    data = hostile_card()
    data["title"] = "长" * 1_000_000
    write_card(tmp_path / "a.yaml", data)
    for fmt in FORMATS:
        start = time.monotonic()
        done = cli("batch", str(tmp_path), "--format", fmt, "--lang", "en", timeout=20)
        assert done.returncode == 0, done.stderr
        assert time.monotonic() - start < 10


def test_output_onto_the_framework_a_card_reads_is_refused(tmp_path: Path) -> None:
    card = _copy(str(ROOT / "examples" / "county-2024.yaml"), tmp_path)
    (tmp_path / "frameworks").mkdir()
    framework = _copy(
        str(ROOT / "examples" / "frameworks" / "county-2024.yaml"),
        tmp_path / "frameworks",
        "county-2024.yaml",
    )
    before = framework.read_bytes()
    done = cli("score", str(card), "-o", str(framework))
    assert done.returncode == 2
    assert "it is the input file" in done.stderr
    assert framework.read_bytes() == before


def test_frameworks_command_shows_controls_as_escapes(tmp_path: Path) -> None:
    source = (ROOT / "examples" / "frameworks" / "county-2024.yaml").read_text(encoding="utf-8")
    data = yaml.safe_load(source)
    data["zh"] = f"县{EVIL}"
    path = tmp_path / "fw.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    done = cli("frameworks", str(path))
    assert done.returncode == 0, done.stderr
    assert_no_raw_controls(done.stdout)
    assert visible(f"县{EVIL}") in done.stdout


@settings(max_examples=60)
@given(source=texts, title=texts, entity=texts)
def test_any_text_in_a_batch_summary_parses_back_in_its_cell(
    source: str, title: str, entity: str
) -> None:
    from perfeval.batch import CardSummary, Invalid
    from perfeval.core.errors import Problem
    from perfeval.write.batch_report import render_batch

    card = CardSummary(
        source=source, title=title, entity=entity, total=Decimal("90.5"), max=Decimal(100),
        percent=Decimal("90.5"), grade="excellent", grade_zh="优", grade_en="Excellent",
        warnings=1, infos=0, precision=2,
    )  # fmt: skip
    broken = Invalid(source=source, problems=(Problem(("title",), title),))
    out = {fmt: render_batch([card, broken], fmt) for fmt in FORMATS}
    for text in out.values():
        assert_no_raw_controls(text)
    rows = csv_rows(out["csv"])
    assert {len(r) for r in rows} == {13}
    assert rows[1][2:5] == [csv_cell(source), csv_cell(title), csv_cell(entity)]
    assert rows[1][5] == "90.50"
    assert rows[2][2] == csv_cell(source)
    cards = md_tables(out["markdown"])[0]
    assert {len(r) for r in cards} == {8}
    assert [md_text(c) for c in cards[1][1:4]] == [
        visible(t, "\n").strip() for t in (source, title, entity)
    ]
    page = html_cells(out["html"])
    assert page.rows[1][1:4] == [visible(t, "\n\t") for t in (source, title, entity)]
    data = json.loads(out["json"])
    assert [data["cards"][0][k] for k in ("source", "title", "entity")] == [source, title, entity]
    assert data["invalid"][0]["problems"][0]["message"] == title


@pytest.mark.parametrize("fmt", FORMATS)
def test_a_file_name_that_is_not_utf8_is_shown_by_its_bytes(tmp_path: Path, fmt: str) -> None:
    """``bad\\xff.yaml``: written with -o and to a strict UTF-8 stdout, never a traceback."""
    name = os.fsencode(tmp_path) + b"/bad\xff.yaml"
    with open(name, "wb") as stream:
        stream.write(Path(PROJECT).read_bytes())
    card = os.fsdecode(name)
    out = tmp_path / f"out.{fmt}"
    done = cli("score", card, "--format", fmt, "-o", str(out))
    assert (done.returncode, done.stderr) == (0, "")
    strict = dict(os.environ, PYTHONIOENCODING="utf-8:strict")
    done = cli("score", card, "--format", fmt, env=strict)
    assert (done.returncode, done.stderr) == (0, "")
    text = out.read_text(encoding="utf-8")
    if fmt == "json":
        assert json.loads(text)["source"] == visible(card)  # the name as messages show it
    elif fmt == "csv":
        assert len(csv_rows(text)) > 1


@pytest.mark.parametrize("fmt", FORMATS)
def test_review_output_is_safe(hostile: Path, fmt: str) -> None:
    """perfeval review: the ranking of several forms, in every format."""
    done = cli("review", str(hostile / "a.yaml"), str(hostile / "b.yaml"), "--format", fmt)
    assert done.returncode == 0, done.stderr
    assert_no_raw_controls(done.stdout)
    titles = [f"Ta{EVIL}", f"Tb{EVIL}"]
    if fmt == "csv":
        rows = csv_rows(done.stdout)
        assert {len(r) for r in rows} == {11}
        assert sorted({r[2] for r in rows[1:]}) == [csv_cell(t) for t in titles]
    elif fmt == "markdown":
        ranking = md_tables(done.stdout)[0]
        assert {len(r) for r in ranking} == {9}
        assert sorted(md_text(r[2]) for r in ranking[1:]) == [visible(t, "\n") for t in titles]
        assert "<script>" not in done.stdout
    elif fmt == "html":
        page = html_cells(done.stdout)
        assert "script" not in page.tags
        assert sorted(r[2] for r in page.rows[1:3]) == [visible(t, "\n\t") for t in titles]
    elif fmt == "json":
        assert sorted(f["title"] for f in json.loads(done.stdout)["forms"]) == titles


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_table_cell_cap_at_the_limit_and_just_past(lang: str) -> None:
    from perfeval.core._safe import fold
    from perfeval.core.limits import TABLE_CELL_CHARS

    at = "字" * TABLE_CELL_CHARS
    assert fold(at, None, lang) == at
    past = fold(at + "多", None, lang)
    assert past.startswith(at)
    more = "略去1字" if lang == "zh" else "(1 more characters"
    assert more in past


def test_an_empty_output_name_is_an_error() -> None:
    done = cli("score", PROJECT, "-o", "")
    assert (done.returncode, done.stderr) == (
        2,
        "perfeval: cannot write '': -o needs a file name (or - for stdout)\n",
    )


FOLD_TEXT = st.text(
    st.sampled_from([*"预算执行率完成万元亿", *"0123456789", *".,% ", *"ab>Q", "\u200c", "\u3000"]),
    max_size=60,
)


@given(FOLD_TEXT, st.integers(min_value=4, max_value=30))
def test_folding_never_splits_a_number_that_fits_a_line(text: str, width: int) -> None:
    """A table cell folds at a space, else between characters, but never
    inside a figure (1,061.15万, 95%) that fits a line: read apart, its two
    halves are two other numbers. Every line fits; nothing but the spaces
    at a break is lost."""
    import re

    from wcwidth import wcswidth

    from perfeval.core._safe import fold

    lines = fold(text, width, limit=1 << 20).split("\n")
    assert all(wcswidth(line) <= width for line in lines), lines
    assert all(line.strip() for line in lines[1:]), lines  # no blank line made by a fold
    assert not any(line.startswith(" ") for line in lines[1:]), lines  # nor a space after one
    assert "".join(lines).replace(" ", "").replace("\u3000", "") == text.replace(" ", "").replace(
        "\u3000", ""
    )
    for number in re.findall(r"[0-9][0-9.,%万亿]*", text):
        if wcswidth(number) <= width:
            assert any(number in line for line in lines), (number, lines)


@pytest.mark.parametrize(
    ("text", "width", "lines"),
    [
        ("完成率为1061.15万元以上", 10, ["完成率为", "1061.15万", "元以上"]),
        ("合计12,345.67元", 9, ["合计", "12,345.67", "元"]),
        ("abc 12345678901234", 8, ["abc", "12345678", "901234"]),  # wider than a line: split
        ("满意度95%以上", 6, ["满意度", "95%以", "上"]),
        ("预算执行率 = 100.00%", 9, ["预算执行", "率 =", "100.00%"]),
        # a figure wider than a line stays where it is and breaks where the line is full
        (">1,061.15万元", 9, [">1,061.15", "万元"]),
        ("\u200c" + "1" * 11, 10, ["\u200c" + "1" * 10, "1"]),  # ZWNJ: zero width, kept
        ("\u200b" + "1" * 11, 10, ["\\u200b1111", "1111111"]),  # ZWSP: shown, as an escape
        ("a" + "1" * 12, 10, ["a111111111", "111"]),
        # what is left after a break at a space still has to fit
        (" " + "x" * 9 + "中", 10, [" xxxxxxxxx", "中"]),
        (" %中", 2, [" %", "中"]),
        # spaces at a break are dropped, however many: no blank line, no line starting with one
        ("abcdef  12345%", 6, ["abcdef", "12345%"]),
        ("预算执行率  98.5%", 10, ["预算执行率", "98.5%"]),
        ("万3 c1c ", 7, ["万3 c1c"]),
        # a zero-width character alone is no line to break after
        ("\u200d .21万 41한", 4, ["\u200d .", "21万", "41한"]),
        (" 00", 2, ["00"]),  # only spaces before a figure: they give way to it
        ("0\u3000", 2, ["0"]),  # a full-width space is a space
    ],
)
def test_folding_keeps_figures_whole(text: str, width: int, lines: list[str]) -> None:
    from perfeval.core._safe import fold

    assert fold(text, width).split("\n") == lines


@pytest.mark.parametrize(
    ("text", "width", "lines"),
    [
        ("❤️" * 12, 10, ["❤️" * 5, "❤️" * 5, "❤️" * 2]),
        ("👨\u200d👩\u200d👧\u200d👦" * 6, 7, ["👨\u200d👩\u200d👧\u200d👦" * 3] * 2),
        ("🇨🇳" * 8, 9, ["🇨🇳" * 4] * 2),
    ],
)
def test_folding_never_cuts_an_emoji(text: str, width: int, lines: list[str]) -> None:
    """An emoji with its joiners, a variation selector or a flag's two letters
    is one grapheme: folded whole, measured as tabulate measures it
    (wcswidth), so a --width table stays within its budget."""
    import wcwidth

    if not hasattr(wcwidth, "iter_graphemes"):
        pytest.skip("wcwidth before 0.3 does not know grapheme clusters")
    from perfeval.core._safe import fold

    assert fold(text, width).split("\n") == lines
    assert all(wcwidth.wcswidth(line) <= width for line in lines)


@pytest.mark.parametrize(
    ("text", "guarded"),
    [
        ("=1+1", True),
        (" =1+1", True),
        ("\n=1+1", True),
        ("\u200b=1+1", True),
        ("\ufeff+1", True),
        ("\u3000@SUM(A1)", True),
        ("\ufe66HYPERLINK(1)", True),  # ﹦, the small equals sign
        ("\ufe62\ufe63\ufe6b", True),
        ("\uff1d1", True),
        ("  100", False),
        ("a=1", False),
        ("", False),
        ("   ", False),
    ],
)
def test_a_formula_after_blanks_is_still_text(text: str, guarded: bool) -> None:
    """A reader that trims a field, or shows a zero-width character as
    nothing, meets the = after it: the field is guarded as if it led."""
    assert csv_cell(text).startswith("'") is guarded


def test_a_scale_beyond_excels_formula_limits_writes_its_grade_as_text(tmp_path: Path) -> None:
    """Excel refuses a formula nested more than 64 deep or with a text over
    255 characters: an 80-band scale, or a long grade name, wrote a workbook
    Excel called damaged."""
    openpyxl = pytest.importorskip("openpyxl")
    pytest.importorskip("xlsxwriter")
    for bands, name in ((80, "g"), (3, "长" * 300)):
        scale = [
            {"grade": f"g{i}", "zh": f"{name}{i}", "en": f"G{i}",
             "min": 100 - (i + 1) * 100 // bands}
            for i in range(bands)
        ]  # fmt: skip
        scale[-1]["min"] = 0
        card = {**hostile_card(), "scale": scale}
        path = tmp_path / "card.yaml"
        path.write_text(yaml.safe_dump(card, allow_unicode=True), encoding="utf-8")
        book = tmp_path / "book.xlsx"
        done = cli("score", str(path), "--format", "xlsx", "-o", str(book))
        assert done.returncode in (0, 1), done.stderr
        sheet = openpyxl.load_workbook(book).active
        grades = [c for row in sheet.iter_rows() for c in row if c.value in ("评价等次", "Grade")]
        grade = sheet.cell(grades[0].row, 8).value
        assert isinstance(grade, str)
        assert not grade.startswith("=")
        assert grade.startswith(name)


def test_a_dangling_symlink_has_its_file_created(tmp_path: Path) -> None:
    """As the shell's > does: the link is kept, the file it names is written."""
    target = tmp_path / "real" / "scores.json"
    target.parent.mkdir()
    link = tmp_path / "link.json"
    link.symlink_to(target)
    assert cli("score", PROJECT, "--format", "json", "-o", str(link)).returncode == 0
    assert link.is_symlink()
    assert json.loads(target.read_text(encoding="utf-8"))["total"]
    assert sorted(p.name for p in target.parent.iterdir()) == ["scores.json"]


@pytest.mark.parametrize(
    ("text", "cell", "line"),
    [
        ("note\n", "note", "note"),  # a YAML `|` note's last line break: no stray <br>
        ("\n", "", ""),
        ("a\nb", "a<br>b", "a<br>b"),
        ("\u3000标题 ", "标题", "标题"),
        ("  - x", "- x", "\\- x"),  # a list marker after the spaces is still escaped
        ("1. y", "1. y", "1\\. y"),
        (" \x1f ", "\\\\x1f", "\\\\x1f"),  # a control is shown, never stripped
    ],
)
def test_a_markdown_cell_drops_the_white_space_around_its_text(
    text: str, cell: str, line: str
) -> None:
    from perfeval.core._safe import md_cell, md_line

    assert (md_cell(text), md_line(text)) == (cell, line)
