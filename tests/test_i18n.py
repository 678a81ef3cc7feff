"""One language switch: the catalogue, the default, and zh output with no English.

With ``LANG=zh_CN.UTF-8`` every command over the examples and the bad-input
catalogue must print nothing English except what the user wrote (ids, keys,
units, file names: any word of the input files or the shipped frameworks),
perfeval's key paths and codes, and a short list of technical names.
"""

from __future__ import annotations

import csv
import io
import json
import os
import re
import shutil
import string
from decimal import Decimal
from pathlib import Path

import pytest

import perfeval
from perfeval.cli import main
from perfeval.core.grading import BUILTIN_SCALES
from perfeval.core.i18n import default_lang, message
from perfeval.core.messages import CATALOGUE, ERRORS, ONE_LANGUAGE_PARAMS
from perfeval.core.targets import as_written
from perfeval.read.schema import schema

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = sorted((ROOT / "examples").glob("*.yaml"))
BAD = sorted((ROOT / "tests" / "bad").glob("*.yaml"))
HEX = re.compile(r"x[0-9a-f]{4}|[a-z]\d+|[A-Z]{1,3}\d+")  # #x0007; an id such as i9; a cell F9
WORD = re.compile(r"[A-Za-z][A-Za-z0-9_]*(?:[-.][A-Za-z0-9_]+)*")
#: Names that are not English prose: formats, encodings, commands, our codes.
TECHNICAL = {
    "perfeval", "YAML", "UTF-8", "UTF-16", "GBK", "GB2312", "GB18030", "iconv", "FILE",
    "FILE.utf8", "utf8", "f", "t", "yaml", "yml", "file", "NaN", "NUL", "U", "x", "batch", "review",
    "audit", "check", "gt", "lt", "amp",
    "score", "rule", "weights", "applicable", "true", "false", "achieved",
    "partial", "not-achieved", "id", "ids", "A", "T", "W", "min", "max", "o", "xlsx", "csv",
    "docx", "html", "htm", "pdf", "json", "JSON", "Schema", "CSV", "BOM", "CPU", "FIFO",
    "excel", "to_dict", "markdown", "table", "zh", "en", "perfeval-accounts", "B", "C",
    "perfeval-review", "yaml-language-server", "exact", "up", "down", "True",
    "PERFEVAL_ALLOW_FRAMEWORK_OUTSIDE", "allow_framework_outside",
}  # fmt: skip


def _fields(template: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(template) if name}


class TestCatalogue:
    @pytest.mark.parametrize("key", sorted(CATALOGUE))
    def test_every_key_has_both_languages_with_the_same_params(self, key: str) -> None:
        """Each message has a non-empty en and zh template, taking the same params
        except where ONE_LANGUAGE_PARAMS names the difference."""
        en, zh = CATALOGUE[key]
        assert en.strip()
        assert zh.strip()
        assert _fields(en) ^ _fields(zh) == ONE_LANGUAGE_PARAMS.get(key, frozenset())

    @pytest.mark.parametrize("key", sorted(ERRORS))
    def test_every_error_template_translates_a_rendered_english_sentence(self, key: str) -> None:
        """The English sentence, filled with sample params, comes back in Chinese."""
        en, zh = ERRORS[key]
        params = {name: f"'v{i}'" for i, name in enumerate(sorted(_fields(en)))}
        from perfeval.core.i18n import _AS_WRITTEN, _FIELD, _GENERIC, _translate_line

        if len(_FIELD.sub("", en)) < _GENERIC:  # taken only around a sentence of ours
            tab_en, tab_zh = ERRORS["tab-indent"]
            said = {n: v if n in _AS_WRITTEN else tab_en for n, v in params.items()}
            shown = {n: v if n in _AS_WRITTEN else tab_zh for n, v in params.items()}
            assert _translate_line(en.format(**said)) == zh.format(**shown)
            assert _translate_line(en.format(**params)) == en.format(**params)
            return
        assert _translate_line(en.format(**params)) == zh.format(**params)

    def test_an_unknown_key_is_refused(self) -> None:
        with pytest.raises(KeyError):
            message("no.such.key")


class TestDefault:
    @pytest.mark.parametrize(
        ("environ", "lang"),
        [
            ({}, "zh"),
            ({"LANG": "zh_CN.UTF-8"}, "zh"),
            ({"LANG": "en_US.UTF-8"}, "en"),
            ({"LANG": "C"}, "zh"),  # C, POSIX and C.UTF-8 name no language
            ({"LANG": "C.UTF-8"}, "zh"),
            ({"LC_ALL": "POSIX", "LANG": "en_US.UTF-8"}, "en"),
            ({"LC_ALL": "zh_TW.UTF-8", "LANG": "en_US.UTF-8"}, "zh"),
            ({"LC_MESSAGES": "en_GB", "LANG": "zh_CN"}, "en"),
            ({"PERFEVAL_LANG": "en", "LANG": "zh_CN.UTF-8"}, "en"),
            ({"PERFEVAL_LANG": "zh", "LC_ALL": "C"}, "zh"),
            ({"PERFEVAL_LANG": " ", "LANG": "en_US"}, "en"),
        ],
    )
    def test_the_default_language(self, environ: dict[str, str], lang: str) -> None:
        """PERFEVAL_LANG, else LC_ALL / LC_MESSAGES / LANG (zh* → zh), else zh."""
        assert default_lang(environ) == lang

    def test_help_shows_the_default(self, monkeypatch: pytest.MonkeyPatch) -> None:
        monkeypatch.setenv("PERFEVAL_LANG", "en")
        out = io.StringIO()
        assert main(["check", "--help"], stdout=out, stderr=io.StringIO()) == 0
        assert "(default: en" in " ".join(out.getvalue().split())


class TestProblemsKeepBothTexts:
    def test_problem_text_in_both_languages(self) -> None:
        with pytest.raises(perfeval.ScorecardError) as info:
            perfeval.load(ROOT / "tests" / "bad" / "weight-zero.yaml")
        problem = info.value.problems[0]
        assert str(problem) == problem.text("en")
        assert "expected a weight (分值) greater than 0; found 0" in problem.text("en")
        assert "分值应大于 0；实际为 0" in problem.text("zh")
        assert info.value.text("zh").startswith(str(problem.location))


def _run(argv: list[str]) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = main(argv, stdout=out, stderr=err)
    return code, out.getvalue(), err.getvalue()


def _allowed(*files: Path) -> set[str]:
    words = set(TECHNICAL)
    from perfeval.core.findings import __doc__ as codes

    words |= set(WORD.findall(codes or ""))
    frameworks = [*(ROOT / "indicators").glob("*.yaml"), *(ROOT / "examples").glob("*/*.yaml")]
    for path in [*files, *sorted(frameworks)]:
        words |= _written(path)
    words |= set(perfeval.DEFAULT_RULES) | set(BUILTIN_SCALES) | _keys(schema())
    from perfeval.read.grid import (
        _HEADERS,  # the fields a form's columns are read into (a reading map)
    )

    words |= set(_HEADERS)
    for scale in BUILTIN_SCALES.values():  # grade ids (excellent), as the CSV's 等次代码
        words |= {part for band in scale.bands for part in (band.grade, *band.grade.split("-"))}
    from perfeval.accounts import files as accounts  # the keys of an accounts file

    for key in (*accounts._KEYS, *accounts._STATEMENT_KEYS, *accounts._CLAIM_KEYS):
        words |= {key, *key.split("-")}
    return words


def _written(path: Path) -> set[str]:
    """The words of a file's keys and values, not of its comments (read as
    text: the catalogue holds alias bombs that a YAML load would expand)."""
    text = path.read_text(encoding="utf-8", errors="replace")
    lines = [line.split(" #")[0] for line in text.splitlines() if not line.lstrip().startswith("#")]
    return {part for w in WORD.findall("\n".join(lines)) for part in (w, *w.split("."))}


def _keys(node: object) -> set[str]:
    """Every property name of the scorecard schema: perfeval's key paths."""
    out: set[str] = set()
    if isinstance(node, dict):
        for key, value in node.items():
            if key == "properties" and isinstance(value, dict):
                out |= set(value)
            out |= _keys(value)
    elif isinstance(node, list):
        for item in node:
            out |= _keys(item)
    return out


def _english(text: str, allowed: set[str]) -> list[str]:
    """Lines holding a word of two letters or more that is not allowed."""
    bad = []
    for line in text.splitlines():
        if line.startswith("    "):  # the quoted expression under a parse error
            continue
        words = [
            part
            for w in WORD.findall(line)
            for part in w.split(".")
            if len(part) > 1 and part not in allowed and not HEX.fullmatch(part)
        ]
        if words:
            bad.append(f"{words}: {line}")
    return bad


#: Accounts files with every kind of problem the audit reports (perfeval audit).
BAD_ACCOUNTS = {
    "unknown-figure": "perfeval-accounts: 1\ntitle: t\nfigures: {a: 1}\nclaims: [a + x = 1]\n",
    "claim-syntax": (
        "perfeval-accounts: 1\ntitle: t\nfigures: {a: 1, b: 2}\n"
        "claims: ['a + b', 'a + = b', '(a + b = a', 'a = b = a', '[a + b = a', '(((((((((("
        "((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((("
        "(((((((((((((((((((((((((((a = 1', 'a = >1']\n"
    ),
    "version": "perfeval-accounts: 2\ntitle: t\nfigures: {a: 1}\nclaims: []\n",
    "empty": "",
    "shapes": "perfeval-accounts: 1\ntitle: t\nunit: 斤斤\nfigures: [1]\nclaims: {}\nextra: 1\n",
    "no-title": "perfeval-accounts: 1\nfigures: {a: 1}\nclaims: [a = 1]\n",
    "a-scorecard": "perfeval: 1\ntitle: t\nindicators: []\n",
    "huge": "perfeval-accounts: 1\ntitle: t\nfigures: {a: 999999999999999999}\n"
    "claims: ['a * a * a = 1']\n",
    "cannot-compute": (
        "perfeval-accounts: 1\ntitle: t\nunit: 万元\nfigures:\n  a: 1\n  n: 5件\n  z: 0\n"
        "  b: {value: abc}\n  c: [{value: 1, at: p1}, {value: 2, at: p2}]\n"
        "claims:\n  - a + n = a\n  - a - n = a\n  - a / z = 10%\n  - a = 10%\n  - n * n = 1\n"
        "  - 10% / n = a\n  - a = 2\n  - c = 1\n"
    ),
}

#: Rows of a 53号 department card whose rules, facts or formulas are wrong
#: (the cases of tests/test_department.py), each read from a file of its own.
BAD_DEPARTMENT_ROWS: list[dict[str, object]] = [
    {"target": "≥90%", "actual": "95%", "steps": [{"min": "80%", "points": 5},
                                                   {"min": "90%", "points": 8}]},
    {"target": "≥90%", "actual": "95%", "steps": [{"min": "90%", "points": 5}]},
    {"target": "≤0%", "actual": "5%", "steps": [{"max": "10%", "points": 5}]},
    {"target": "≥90%", "actual": "95%", "steps": [{"min": "90%", "points": 12}, {"points": 0}]},
    {"target": "≥90%", "actual": "95%", "steps": [{"points": 0}, {"min": "90%", "points": 5}]},
    {"target": "≥90%", "actual": "95%", "steps": [{"min": "90%", "points": 5},
                                                   {"max": "10%", "points": 0}]},
    {"target": "≥90%", "actual": "95%", "steps": [{"min": "90%", "max": "95%", "points": 5}]},
    {"target": "≥90%", "actual": "95%", "steps": []},
    {"target": "≥90%", "actual": "95%", "steps": [{"min": "90天", "points": 5}, {"points": 0}]},
    {"target": "≤100%", "actual": "95%", "deduct": {"per": "0%", "points": 1}},
    {"target": "≤100%", "actual": "95%", "deduct": {"per": "1%", "points": 1, "rounding": "x"}},
    {"target": "≤100%", "actual": "95%", "deduct": {"per": "1%"}},
    {"target": "≤100%", "actual": "95%", "rule": "deduct"},
    {"target": "≤100%", "actual": "95%", "rule": "threshold", "deduct": {"per": "1%", "points": 1}},
    {"target": "x", "checklist": [{"item": "a", "met": "yes"}]},
    {"target": "x", "checklist": [{"item": "a", "met": True, "points": 20}]},
    {"target": "x", "checklist": []},
    {"target": "≤100%", "formula": "在职人员数 / 编制数"},
    {"target": "≤100%", "formula": "在职人员数 / 零"},
    {"target": "≤100%", "formula": "在职人员数 + 经费"},
    {"target": "≤100%", "formula": "在职人员数 /"},
    {"target": "≤100%", "formula": "在职人员数 * 在职人员数 * 在职人员数 * 在职人员数"},
    {"target": "≤100%", "formula": "在职人员数 / 在职人员数", "actual": "95%"},
    {"standard": "no-such-standard"},
    {"standard": "staff-contro"},
]  # fmt: skip
DEPARTMENT_FACTS = {"在职人员数": "230000人", "零": "0人", "经费": "5万元"}

#: (target, actual, extra YAML) of cards whose targets and actuals perfeval refuses.
BAD_TARGETS = [
    ("≠5", "5", ""), ("a≰5", "5", ""), ("100万元+20万人次", "5人次", ""),
    ("≥5", "100万元+20万人次", ""), (">=5个以下", "5个", ""), ("≥5个", "5个个个", ""),
    ("5个个个", "5个", ""), ("提高", "5个", ""), ("5", "5", "    rule: zero-target\n"),
    ("≥-5", "5", "    rule: reverse-ratio\n"), ("≥5", "5", "    rule: qualitative\n"),
    ("≥5", "5", "scale: [{grade: a, min: 120}, {grade: b, min: 0}]\n"), ("≥5", "5", "scale: []\n"),
]  # fmt: skip

#: Workbooks edited as a person does, with cells perfeval cannot read.
BAD_CELLS = {"E8": "很多", "F9": "sNaN", "G11": 1e30}


def _commands(tmp: Path) -> list[tuple[str, list[str], list[Path]]]:
    """(group, argv, files whose words the user wrote) for every command the
    zh check runs; ``tmp`` holds the files made for it."""
    out: list[tuple[str, list[str], list[Path]]] = []
    for path in EXAMPLES:
        rel = str(path.relative_to(ROOT))
        if path.name.endswith("-accounts.yaml"):
            for fmt in ("table", "markdown", "csv"):
                out.append(("audit", ["audit", "--format", fmt, rel], [path]))
            continue
        out += [("examples", ["check", rel], [path]), ("examples", ["score", rel], [path])]
        out.append(("examples", ["score", "--format", "markdown", rel], [path]))
        out.append(("examples", ["score", "--format", "csv", rel], [path]))
        out.append(("examples", ["score", "--width", "80", rel], [path]))
    zhongjiang = ROOT / "examples" / "zhongjiang-2022.yaml"
    out.append(("review", ["review", str(zhongjiang.relative_to(ROOT))], [zhongjiang]))
    for fmt in ("table", "markdown"):
        out.append(("review", ["review", "--format", fmt, "examples"], EXAMPLES))
        out.append(("batch", ["batch", "--format", fmt, "examples", "tests/bad"], EXAMPLES + BAD))
    out.append(("batch", ["batch", "--format", "csv", "examples", "tests/bad"], EXAMPLES + BAD))
    out.append(("review-csv", ["review", "--format", "csv", "examples"], EXAMPLES))
    out += [("bad", ["check", str(p.relative_to(ROOT))], [p]) for p in BAD]
    for name, text in BAD_ACCOUNTS.items():
        path = tmp / f"{name}.yaml"
        path.write_text(text, encoding="utf-8")
        out.append(("audit", ["audit", str(path)], [path]))
    both = [tmp / "cannot-compute.yaml", tmp / "huge.yaml"]
    out.append(("audit", ["audit", "--format", "csv", *map(str, both)], both))
    for i, row in enumerate(BAD_DEPARTMENT_ROWS):
        path = tmp / f"department-{i}.yaml"
        path.write_text(json.dumps(_department(row), ensure_ascii=False), encoding="utf-8")
        out.append(("department", ["check", str(path)], [path]))
    out += _framework_commands(tmp)
    for i, (target, actual, extra) in enumerate(BAD_TARGETS):
        path = tmp / f"target-{i}.yaml"
        path.write_text(
            "perfeval: 1\ntitle: t\nweights: {budget: 0, output: 100, benefit: 0, satisfaction: 0}"
            f"\nindicators:\n  - name: n\n    kind: 数量指标\n    weight: 100\n"
            f"    target: '{target}'\n    actual: '{actual}'\n{extra}",
            encoding="utf-8",
        )
        out.append(("targets", ["check", str(path)], [path]))
    out.append(("cli", ["frameworks"], []))
    out.append(("cli", ["frameworks", "mof-2020-project"], []))
    out.append(("cli", ["frameworks", "no-such-framework"], []))
    out += _help_commands()
    out += _file_commands(tmp)
    out += [
        ("cli", ["batch", "--jobs", "1000", "examples"], []),
        ("cli", ["review", "--jobs", "1000", "examples"], []),
        ("cli", ["score", "--width", "-1", "examples/county-2024.yaml"], []),
        ("cli", ["score", "-o", str(tmp / "missing" / "out.txt"), "examples/county-2024.yaml"], []),
        ("cli", ["score", "--format", "xlsx", "examples/county-2024.yaml"], []),
        ("cli", ["score", "examples"], []),
        ("cli", ["batch", str(tmp / "empty-folder")], []),
        ("cli", ["score", "-o", "examples/county-2024.yaml", "examples/county-2024.yaml"], []),
    ]
    (tmp / "empty-folder").mkdir()
    out += _workbook_commands(tmp)
    return out


def _department(row: dict[str, object]) -> dict[str, object]:
    """A 53号 department card with all 100 points in 过程 and ``row`` as its first row."""
    return {
        "perfeval": 1, "title": "t", "framework": "mof-2013-department",
        "weights": {"input": 0, "process": 100, "output": 0, "effect": 0},
        "facts": DEPARTMENT_FACTS,
        "indicators": [
            {"id": "x", "name": "r0", "kind": "预算执行", "weight": 10, "note": "n", **row},
            {"id": "filler", "name": "r1", "kind": "预算执行", "weight": 90, "target": "≥1",
             "actual": 1},
        ],
    }  # fmt: skip


def _framework_commands(tmp: Path) -> list[tuple[str, list[str], list[Path]]]:
    """Cards whose framework is outside their folder, not a framework, or unknown."""
    inner = tmp / "cards"
    inner.mkdir()
    shutil.copy(ROOT / "examples" / "frameworks" / "county-2024.yaml", tmp / "county-2024.yaml")
    (inner / "plain.yaml").write_text("a: 1\n", encoding="utf-8")
    card = (ROOT / "examples" / "county-2024.yaml").read_text(encoding="utf-8")
    out = []
    for name, framework in (("outside", "../county-2024.yaml"), ("plain", "plain.yaml"),
                            ("loop", "self-loop.yaml")):  # fmt: skip
        path = inner / f"{name}.yaml"
        path.write_text(re.sub(r"(?m)^framework: .*$", f"framework: {framework}", card), "utf-8")
        out.append(
            ("department", ["check", str(path)], [path, ROOT / "examples" / "county-2024.yaml"])
        )
    (inner / "self-loop.yaml").symlink_to(inner / "self-loop.yaml")
    return out


def _help_commands() -> list[tuple[str, list[str], list[Path]]]:
    """--help of perfeval and of every subcommand, and argparse's usage errors."""
    out: list[tuple[str, list[str], list[Path]]] = [("help", ["--help"], []), ("help", [], [])]
    out += [("help", [name, "--help"], []) for name in _subcommands()]
    out += [
        ("help", ["score"], []),
        ("help", ["no-such-command"], []),
        ("help", ["score", "--format", "bogus", "card.yaml"], []),
        ("help", ["batch", "--jobs", "many", "examples"], []),
        ("help", ["check", "--no-such-option", "card.yaml"], []),
        ("help", ["score", "--lang"], []),
    ]
    return out


def _subcommands() -> list[str]:
    from perfeval.cli import _parser

    action = next(a for a in _parser()._actions if a.choices and a.dest == "command")
    return sorted(action.choices)


def _file_commands(tmp: Path) -> list[tuple[str, list[str], list[Path]]]:
    """Files that cannot be read: missing, a folder, a FIFO, binary, too large."""
    import os

    (tmp / "folder.yaml").mkdir()
    os.mkfifo(tmp / "fifo.yaml")
    (tmp / "binary.yaml").write_bytes(bytes(range(256)) * 4)
    (tmp / "large.yaml").write_bytes(b"# " + b"x" * (perfeval.read._yaml.MAX_BYTES - 1))
    out = []
    for name in ("missing.yaml", "folder.yaml", "fifo.yaml", "binary.yaml", "large.yaml"):
        for command in ("check", "score", "audit", "batch", "review"):
            if command == "score" and name == "folder.yaml":
                continue  # score FOLDER suggests batch: a test of its own
            out.append(("files", [command, str(tmp / name)], []))
    out.append(("files", ["frameworks", str(tmp / "fifo.yaml")], []))
    out.append(("files", ["import", str(tmp / "missing.xlsx")], []))
    return out


def _workbook_commands(tmp: Path) -> list[tuple[str, list[str], list[Path]]]:
    """Workbooks with cells that cannot be read, through import and review."""
    pytest.importorskip("openpyxl")
    pytest.importorskip("xlsxwriter")
    from perfeval.write.excel import workbook_bytes

    from .workbooks import edited

    card = ROOT / "examples" / "county-2024.yaml"
    book = tmp / "card.xlsx"
    book.write_bytes(workbook_bytes([perfeval.score(perfeval.load(card))]))
    bad = edited(book, BAD_CELLS, tmp / "bad-cells.xlsx")
    written = tmp / "cells.txt"  # what the edited cells hold: the user wrote it
    written.write_text("\n".join(f"k: {v}" for v in BAD_CELLS.values()), encoding="utf-8")
    return [
        ("workbooks", ["import", str(bad)], [card, written]),
        ("workbooks", ["import", "--review", str(bad)], [card, written]),
        ("workbooks", ["review", str(bad)], [card, written]),
    ]


def _option_words() -> set[str]:
    """What a user types: every option, choice and subcommand of the parser,
    and the words of the example command lines of the help."""
    from perfeval.cli import _parser

    words: set[str] = set()
    parsers = [_parser("zh")]
    while parsers:
        parser = parsers.pop()
        for action in parser._actions:
            for option in action.option_strings:
                words |= set(WORD.findall(option))
            if isinstance(action.choices, dict):
                parsers += list(action.choices.values())
                words |= set(action.choices)
            elif action.choices:
                words |= {str(c) for c in action.choices}
        for line in (parser.epilog or "").splitlines():
            if line.lstrip().startswith(("perfeval ", "# yaml-language-server")):
                command = line.split(" # ")[0] if "perfeval " in line else line
                words |= {p for w in WORD.findall(command) for p in (w, *w.split("."))}
    return words


def _file_names() -> set[str]:
    """The names of the files a folder argument finds (the user named them)."""
    paths = [*(ROOT / "examples").rglob("*"), *(ROOT / "tests" / "bad").glob("*")]
    return {part for p in paths for w in WORD.findall(p.name) for part in (w, *w.split("."))}


#: Groups whose English comes from modules another change owns; the xfail names them.
#: (Removed when those modules' messages have catalogue entries.)
OTHER_MODULES: dict[str, str] = {}

GROUPS = ["examples", "review", "review-csv", "batch", "bad", "audit", "department", "targets",
          "cli", "help", "files", "workbooks"]  # fmt: skip


@pytest.mark.parametrize(
    "group",
    [
        pytest.param(g, marks=pytest.mark.xfail(reason=OTHER_MODULES[g], strict=True))
        if g in OTHER_MODULES
        else g
        for g in GROUPS
    ],
)
def test_zh_locale_prints_no_english(
    group: str, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """With LANG=zh_CN.UTF-8 (no PERFEVAL_LANG), no line of any command over
    the examples, the bad catalogue, bad accounts, unreadable files and
    workbooks, --help and usage errors holds an English word the user did not write."""
    monkeypatch.chdir(ROOT)
    monkeypatch.delenv("PERFEVAL_LANG", raising=False)
    monkeypatch.delenv("LC_ALL", raising=False)
    monkeypatch.delenv("LC_MESSAGES", raising=False)
    monkeypatch.delenv("COLUMNS", raising=False)
    monkeypatch.setenv("LANG", "zh_CN.UTF-8")
    typed = _option_words() | _file_names() | {n for n in perfeval.__all__ if "_" in n}
    typed |= {"Result", "to_json"}
    english = []
    commands = [c for c in _commands(tmp_path) if c[0] == group]
    assert commands
    for _group, argv, files in commands:
        _code, out, err = _run(argv)
        given = {part for w in WORD.findall(" ".join(argv)) for part in (w, *w.split("."))}
        allowed = _allowed(*files) | given | typed  # the file names the user gave
        if any(f.name == "training-programme-en.yaml" for f in files):
            allowed |= _written(ROOT / "examples" / "training-programme-en.yaml")
        if argv[-1:] == ["examples/training-programme-en.yaml"]:
            continue  # an English card: its names and notes are English on purpose
        lines = out + err
        english += [f"{' '.join(argv)}: {line}" for line in _english(lines, allowed)]
    assert english == [], "\n".join(english)


def test_the_check_is_real() -> None:
    """The same commands in en do print English words (the check can fail)."""
    _code, out, _err = _run(["check", "--lang", "en", "examples/yueyang-2020.yaml"])
    assert _english(out, _allowed(ROOT / "examples" / "yueyang-2020.yaml"))


class TestNumbers:
    def test_computed_ratios_at_the_card_precision(self) -> None:
        """53号 formulas give 82.67%, not 82.6667%; the exact value stays in JSON."""
        _code, out, _ = _run(["score", "--lang", "zh", "examples/yueyang-2020-department.yaml"])
        assert "82.67%" in out
        assert "82.6667%" not in out
        assert "106.18%" in out
        assert "-14.78%" in out
        assert "−" not in out

    @pytest.mark.parametrize("fmt", ["table", "markdown", "html", "csv", "json"])
    def test_one_minus_sign_in_every_output(self, fmt: str) -> None:
        """The HTML form's 失分说明 wrote U+2212 (−) where every other output
        writes the ASCII minus."""
        for lang in ("zh", "en"):
            _code, out, _ = _run(
                ["score", "--lang", lang, "--format", fmt, "examples/project-2022.yaml"]
            )
            assert "−" not in out
            assert "-" in out

    def test_a_stated_figure_keeps_its_digits(self) -> None:
        _code, out, _ = _run(["audit", "--lang", "zh", "examples/yueyang-2020-accounts.yaml"])
        assert re.search(r"\s0\.90%\s", out)

    @pytest.mark.parametrize(
        ("ratio", "word"), [(Decimal("1.2"), "达到120%"), (Decimal("1.25"), "超过120%")]
    )
    def test_the_review_boundary_is_worded_exactly(self, ratio: Decimal, word: str) -> None:
        from perfeval.core.findings import render_finding

        text = render_finding("over", ("n", ratio, Decimal("1.2"), False, 2), "zh")
        assert word in text


class TestCsv:
    def test_csv_has_a_bom_and_reads_back(self, tmp_path: Path) -> None:
        out = tmp_path / "card.csv"
        code, _, _ = _run(
            [
                "score",
                "--lang",
                "zh",
                "--format",
                "csv",
                "-o",
                str(out),
                "examples/yueyang-2020.yaml",
            ]
        )
        assert code == 0
        data = out.read_bytes()
        assert data.startswith(b"\xef\xbb\xbf")
        rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))
        assert rows[0][:5] == ["自评表", "行", "编号", "一级指标", "二级指标"]
        kinds = {row[4] for row in rows[1:] if row[1] == "指标"}
        level2 = {"数量指标", "质量指标", "时效指标", "成本指标", "满意度指标", "经济效益指标",
                  "社会效益指标", "生态效益指标", "可持续影响指标"}  # fmt: skip
        assert kinds <= level2
        assert "数量指标" in kinds

    def test_no_bom_gives_plain_utf8(self, tmp_path: Path) -> None:
        out = tmp_path / "card.csv"
        argv = ["score", "--lang", "en", "--format", "csv", "--no-bom", "-o", str(out)]
        assert _run([*argv, "examples/yueyang-2020.yaml"])[0] == 0
        data = out.read_bytes()
        assert not data.startswith(b"\xef\xbb\xbf")
        assert data.decode("utf-8").startswith("card,row,id,group,kind")


class TestCourtesy:
    def test_score_a_folder_suggests_batch(self) -> None:
        code, out, err = _run(["score", "--lang", "en", "examples"])
        assert (code, out) == (2, "")
        assert "perfeval batch examples" in err

    def test_an_empty_batch_says_no_card_was_found(self, tmp_path: Path) -> None:
        code, out, err = _run(["batch", "--lang", "zh", str(tmp_path)])
        assert (code, out) == (2, "")
        assert "没有找到自评表" in err

    def test_a_missing_output_folder_is_named(self, tmp_path: Path) -> None:
        target = tmp_path / "missing" / "out.txt"
        code, _, err = _run(
            ["score", "--lang", "zh", "-o", str(target), "examples/yueyang-2020.yaml"]
        )
        assert code == 2
        assert f"文件夹 {tmp_path / 'missing'} 不存在" in err

    def test_check_and_score_share_the_summary(self) -> None:
        from perfeval.write.report import summary_line

        result = perfeval.score(perfeval.load(ROOT / "examples" / "yueyang-2020.yaml"))
        _, out, _ = _run(["check", "--lang", "zh", "examples/yueyang-2020.yaml"])
        assert out.splitlines()[0] == summary_line(result, "zh", "examples/yueyang-2020.yaml")


def test_every_finding_code_has_a_name_in_both_languages() -> None:
    """A finding code missing from the catalogue ended `check --lang zh` in a
    KeyError traceback; the codes are the table in perfeval.core.findings."""
    import re

    from perfeval.core import findings
    from perfeval.core.i18n import message

    assert findings.__doc__ is not None
    codes = re.findall(r"^([a-z]+(?:-[a-z]+)+)\s+(?:warning|info)", findings.__doc__, re.M)
    assert "target-looks-like-fraction" in codes
    assert len(codes) >= 14
    for code in codes:
        for lang in ("zh", "en"):
            assert message(f"code.{code}").text(lang)


SCORED = [p for p in EXAMPLES if not p.name.endswith("-accounts.yaml") and p != ROOT /
          "examples" / "zhongjiang-2022.yaml"]  # fmt: skip
#: Every example a review reads: the scored ones and the published form.
REVIEWED = [p for p in EXAMPLES if not p.name.endswith("-accounts.yaml")]


def _widest(text: str) -> int:
    from wcwidth import wcswidth

    return max(wcswidth(line) for line in text.splitlines())


def _simple_cells(text: str) -> set[str]:
    """The cells of the first 'simple' table in ``text`` (columns under its
    dashes, a row starting where the first column has text), each cell's
    lines joined, spaces dropped."""
    from wcwidth import wcwidth

    lines = text.splitlines()
    rule = next(i for i, line in enumerate(lines) if line.startswith("---"))
    spans, at = [], 0
    for dashes in lines[rule].split("  "):
        spans.append((at, at + len(dashes)))
        at += len(dashes) + 2

    def columns(line: str) -> list[str]:
        out, position = [""] * len(spans), 0
        for char in line:
            for j, (start, end) in enumerate(spans):
                if start <= position < end:
                    out[j] += char
            position += max(wcwidth(char), 0)
        return [cell.replace(" ", "") for cell in out]

    rows: list[list[str]] = []
    for line in lines[rule + 1 :]:
        if not line.strip():
            break
        parts = columns(line)
        if parts[0] or not rows:
            rows.append(parts)
        else:
            rows[-1] = [a + b for a, b in zip(rows[-1], parts, strict=True)]
    return {cell for row in rows for cell in row}


def _grid_cells(text: str) -> set[str]:
    """The cells of every simple_grid table in ``text``, each cell's lines
    joined (spaces dropped: folding breaks at a space)."""
    cells: set[str] = set()
    block: list[list[str]] = []
    for line in [*text.splitlines(), ""]:
        if line.startswith("│"):
            block.append([part.replace(" ", "") for part in line.strip("│").split("│")])
        elif block:
            cells |= {"".join(column) for column in zip(*block, strict=True)}
            block = []
    return cells


class TestWidth:
    """The terminal table keeps to a width budget: --width N, the terminal's
    width (COLUMNS first), or no limit on a pipe; long text folds in its cell."""

    @pytest.mark.parametrize("lang", ["zh", "en"])
    @pytest.mark.parametrize("width", [80, 100, 120])
    @pytest.mark.parametrize("path", SCORED, ids=[p.stem for p in SCORED])
    def test_no_line_is_wider_than_the_budget(self, path: Path, lang: str, width: int) -> None:
        """Measured with wcwidth (a Chinese character is two columns)."""
        argv = ["score", "--lang", lang, "--width", str(width), str(path)]
        code, out, err = _run(argv)
        assert (code, err) == (0, "")
        assert _widest(out) <= width, out

    @pytest.mark.parametrize("lang", ["zh", "en"])
    @pytest.mark.parametrize("width", [70, 80, 100, 120])
    @pytest.mark.parametrize("path", REVIEWED, ids=[p.stem for p in REVIEWED])
    def test_a_review_keeps_to_the_budget(self, path: Path, lang: str, width: int) -> None:
        """review's tables carry two more columns (公布得分, 复核得分): they
        keep to --width N too, and every name and published score is still
        printed, in the table or in a list under it."""
        code, out, err = _run(["review", "--lang", lang, "--width", str(width), str(path)])
        assert code in (0, 1)
        assert "Traceback" not in err
        assert _widest(out) <= width, out
        flat = out.replace("\n    ", "").replace(" ", "")
        cells = _grid_cells(out)
        card = perfeval.review(path).card
        for row in card.indicators:
            assert row.name.replace(" ", "") in cells
            if row.reported is not None:
                assert f"{row.name}:{as_written(row.reported)}".replace(" ", "") in flat or any(
                    c == as_written(row.reported) for c in cells
                )

    def test_a_narrow_review_merges_the_points_then_lists_the_published_scores(self) -> None:
        """The steps after the notes and the levels, each taken only when the
        one before is not enough (English headers such as Published cannot
        fold): 分值 and 折算分值 share a column (15 → 15.79, as the budget's
        row writes it); then the published scores leave for a list."""
        path = str(ROOT / "examples" / "project-2022.yaml")
        narrow = _run(["review", "--lang", "en", "--width", "80", path])[1]
        table = narrow.split("Indicators\n")[1].split("\n\n")[0]
        assert "│ 15 → 15.79 " in table
        assert "│ 5 → n/a " in table
        assert "Published" not in table
        assert "\nPublished\n  Total (with budget): 88.5\n" in narrow
        assert "\n  Deviation: 两处管网工程因汛期顺延" in narrow  # the budget's note, under it
        wide = _run(["review", "--lang", "en", "--width", "0", path])[1]
        heads = wide.split("Indicators\n")[1].splitlines()[1]
        assert all(f"│ {h} " in heads for h in ("Points", "Rescaled", "Published", "Reviewed"))
        assert "\nPublished\n" not in wide
        # where the published scores fit, they stay in the table
        zh = _run(["review", "--lang", "zh", "--width", "80", str(ROOT / "examples" /
                   "zhongjiang-2022.yaml")])[1]  # fmt: skip
        assert "\n公布得分\n" not in zh
        assert "│ 公布 " in zh

    def test_a_narrow_review_lists_every_published_score(self) -> None:
        path = ROOT / "examples" / "zhongjiang-2022.yaml"
        out = _run(["review", "--lang", "en", "--width", "80", str(path)])[1]
        listed = out.split("\nPublished\n")[1].split("\n\n")[0].splitlines()
        card = perfeval.review(path).card
        assert listed == [
            *(f"  {r.name}: {as_written(r.reported)}" for r in card.indicators if r.reported),
            "  Total (with budget): 100",
        ]
        assert "\n  Published: 10\n" in out  # the budget row's, under its table

    def test_several_cards_and_the_rule_between_them(self) -> None:
        paths = [str(p) for p in SCORED]
        _code, out, _err = _run(["score", "--lang", "zh", "--width", "80", *paths])
        assert _widest(out) <= 80
        assert "=" * 72 in out

    def test_every_cell_is_still_there(self) -> None:
        """Folding moves text to more lines; it never drops a character."""
        path = ROOT / "examples" / "project-2022.yaml"
        wide = _run(["score", "--lang", "zh", "--width", "0", str(path)])[1]
        narrow = _run(["score", "--lang", "zh", "--width", "80", str(path)])[1]
        card = perfeval.load(path)
        for row in card.indicators:
            name = row.name.replace(" ", "")
            assert name in _grid_cells(wide) & _grid_cells(narrow)
            if row.note:
                note = row.note.replace(" ", "")
                assert note in _grid_cells(wide)
                assert note in narrow.replace("\n    ", "").replace(" ", "")  # the list under it

    def test_notes_leave_a_narrow_table_for_a_list_under_it(self) -> None:
        path = str(ROOT / "examples" / "project-2022.yaml")
        out = _run(["score", "--lang", "zh", "--width", "80", path])[1]
        table = out.split("绩效指标完成情况")[1].split("偏差原因分析及改进措施\n")
        assert len(table) == 2  # the header of the list, not a column of the table
        assert "  新建及改造供水管网: 汛期顺延" in table[1]

    def test_then_the_two_levels_share_a_column(self) -> None:
        path = str(ROOT / "examples" / "project-2022.yaml")
        out = _run(["score", "--lang", "zh", "--width", "80", path])[1]
        lines = out.split("绩效指标完成情况\n")[1].splitlines()
        assert lines[1].startswith("│ 一级指标 ")
        assert lines[2].startswith("│ 二级指标 ")
        assert "│ 产出指标 " in lines[4]
        assert "│ 数量指标 " in lines[5]
        wide = _run(["score", "--lang", "zh", "--width", "200", path])[1]
        assert "│ 二级指标 " in wide.split("一级指标")[1].splitlines()[0]  # side by side

    def test_every_renderer_takes_width_zero_as_no_limit(self) -> None:
        """The API as the CLI: ``width=0`` is no limit, the same as None."""
        from perfeval.reviewing import render_review
        from perfeval.write.audit_report import render_audit
        from perfeval.write.batch_report import render_batch
        from perfeval.write.report import render

        path = ROOT / "examples" / "project-2022.yaml"
        result = perfeval.review(path)
        assert render_review([result], "table", "en", 0) == render_review([result], "table", "en")
        card = perfeval.score(perfeval.load(path))
        assert render([card], "table", "en", 0) == render([card], "table", "en")
        summaries = perfeval.batch.summarize_paths([str(p) for p in SCORED])
        assert render_batch(summaries, "table", "zh", 0) == render_batch(summaries, "table", "zh")
        accounts = perfeval.audit(
            perfeval.load_accounts(str(ROOT / "examples" / "yueyang-2020-accounts.yaml"))
        )
        assert render_audit([accounts], "table", "zh", 0) == render_audit([accounts], "table")

    def test_width_zero_and_a_pipe_have_no_limit(self, monkeypatch: pytest.MonkeyPatch) -> None:
        monkeypatch.delenv("COLUMNS", raising=False)
        path = str(ROOT / "examples" / "project-2022.yaml")
        piped = _run(["score", "--lang", "zh", path])[1]
        assert _widest(piped) > 120  # the table as wide as its text
        assert _run(["score", "--lang", "zh", "--width", "0", path])[1] == piped

    def test_columns_is_honoured(self, monkeypatch: pytest.MonkeyPatch) -> None:
        monkeypatch.setenv("COLUMNS", "90")
        path = str(ROOT / "examples" / "project-2022.yaml")
        assert _widest(_run(["score", "--lang", "zh", path])[1]) <= 90
        assert _widest(_run(["score", "--lang", "zh", "--width", "0", path])[1]) > 120

    def test_a_terminal_gives_its_width(self, monkeypatch: pytest.MonkeyPatch) -> None:
        import os

        class Terminal(io.StringIO):
            def isatty(self) -> bool:
                return True

        # the terminal's size as the operating system gives it (what
        # shutil.get_terminal_size reads too; perfeval reads it without shutil)
        monkeypatch.delenv("COLUMNS", raising=False)
        monkeypatch.setattr(os, "get_terminal_size", lambda *a: os.terminal_size((70, 24)))
        out = Terminal()
        path = str(ROOT / "examples" / "county-2024.yaml")
        assert main(["score", "--lang", "en", path], stdout=out, stderr=io.StringIO()) == 0
        assert _widest(out.getvalue()) <= 70

    @pytest.mark.parametrize("lang", ["zh", "en"])
    @pytest.mark.parametrize("width", [70, 80, 100])
    def test_the_batch_table_keeps_to_the_budget(self, lang: str, width: int) -> None:
        """batch's ranking folds its file, title and unit columns (and the
        unreadable cards' lines) to --width N, dropping no character; its
        eight columns go no narrower than 62 (zh) and 70 (en) columns."""
        bad = str(ROOT / "tests" / "bad" / "alias-bomb.yaml")
        argv = ["batch", "--lang", lang, "--width", str(width), str(ROOT / "examples"), bad]
        code, out, _err = _run(argv)
        assert code == 2  # one card cannot be read
        assert _widest(out) <= width, out
        wide = _run(["batch", "--lang", lang, str(ROOT / "examples"), bad])[1]
        assert _widest(wide) > 120  # on a pipe: no limit, as before
        cells = _simple_cells(out)
        for summary in perfeval.batch.summarize_paths(sorted(map(str, SCORED))):
            assert summary.title.replace(" ", "") in cells, (summary.title, cells)

    @pytest.mark.parametrize("lang", ["zh", "en"])
    @pytest.mark.parametrize("width", [80, 100])
    def test_the_audit_tables_keep_to_the_budget(self, lang: str, width: int) -> None:
        """audit's claims and two-values tables fold to --width N as score's
        table does, and keep every figure whole."""
        path = str(ROOT / "examples" / "yueyang-2020-accounts.yaml")
        code, out, _err = _run(["audit", "--lang", lang, "--width", str(width), path])
        assert code in (0, 1)
        assert _widest(out) <= width, out
        wide = _run(["audit", "--lang", lang, path])[1]
        assert _widest(wide) > width  # on a pipe: no limit, as before
        cells = _simple_cells(out)
        assert "1061.15万元" in cells  # a figure is never split
        assert "21.66%" in cells

    def test_output_to_a_file_has_no_limit(
        self, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
    ) -> None:
        monkeypatch.setenv("COLUMNS", "60")
        target = tmp_path / "card.txt"
        path = str(ROOT / "examples" / "project-2022.yaml")
        assert _run(["score", "--lang", "zh", "-o", str(target), path])[0] == 0
        assert _widest(target.read_text(encoding="utf-8")) > 120

    def test_a_negative_width_is_refused(self) -> None:
        code, out, err = _run(
            ["score", "--lang", "en", "--width", "-1", "examples/county-2024.yaml"]
        )
        assert (code, out) == (2, "")
        assert "--width must be 0 (no limit) or a number of columns; found -1" in err

    def test_markdown_ignores_the_width(self) -> None:
        path = str(ROOT / "examples" / "project-2022.yaml")
        wide = _run(["score", "--format", "markdown", "--width", "0", path])[1]
        assert _run(["score", "--format", "markdown", "--width", "60", path])[1] == wide


class TestSummary:
    def test_score_ends_with_the_line_check_prints(self) -> None:
        """Item 7: check and score share the summary line, findings counted alike."""
        for path in SCORED:
            rel = str(path.relative_to(ROOT))
            _, checked, _ = _run(["check", "--lang", "zh", rel])
            for fmt in ("table", "markdown"):
                _, scored, _ = _run(["score", "--lang", "zh", "--format", fmt, rel])
                line = scored.rstrip("\n").splitlines()[-1]
                assert line == checked.splitlines()[0] or fmt == "markdown"
                assert checked.splitlines()[0].split("：", 1)[1] in line


class TestHelp:
    @pytest.mark.parametrize("name", ["score", "check", "batch", "audit", "review", "import"])
    def test_help_reads_chinese_under_zh(self, name: str) -> None:
        code, out, _ = _run([name, "--help", "--lang", "zh"])
        assert code == 0
        assert out.startswith("用法：perfeval " + name)
        assert "显示此帮助信息并退出" in out
        assert "示例：" in out

    def test_help_stays_english_under_en(self) -> None:
        code, out, _ = _run(["score", "--help", "--lang", "en"])
        assert code == 0
        assert out.startswith("usage: perfeval score")
        assert "show this help message and exit" in out
        assert "examples:" in out

    def test_a_usage_error_in_zh(self) -> None:
        code, out, err = _run(["score", "--lang", "zh"])
        assert (code, out) == (2, "")
        assert "perfeval score：错误：缺少必需的参数：自评表" in err

    def test_argparse_words_are_restored(self) -> None:
        import argparse

        _run(["score", "--help", "--lang", "zh"])
        assert argparse._("usage: ") == "usage: "  # type: ignore[attr-defined]

    def test_zh_help_lines_fit_by_display_width(self, monkeypatch: pytest.MonkeyPatch) -> None:
        monkeypatch.setenv("COLUMNS", "80")
        _, out, _ = _run(["score", "--help", "--lang", "zh"])
        chinese = "\n".join(
            line for line in out.splitlines() if re.search(r"[\u4e00-\u9fff]", line)
        )
        assert _widest(chinese) <= 80  # argparse's own --format {…} line is as long in en


@pytest.mark.parametrize(
    "code",
    ["EIO", "ENXIO", "ENODEV", "EBUSY", "EPERM", "EFBIG", "EMFILE", "EINVAL", "ELOOP",
     "ETXTBSY", "EROFS", "EEXIST", "EXDEV", "EAGAIN", "EPIPE", "EBADF", "ESTALE", "EDQUOT",
     "ENOSPC", "EOPNOTSUPP"],
)  # fmt: skip
def test_the_systems_words_for_a_failed_write_are_translated(code: str) -> None:
    """`-o /proc/version` said 无法写入 /proc/version：input/output error: the
    system's own reason stayed English inside the Chinese sentence."""
    import errno

    from perfeval.core.i18n import translate

    reason = os.strerror(getattr(errno, code))
    for said in (reason, reason.lower()):
        text = translate(f"cannot write out.json: {said}", "zh")
        assert text.startswith("无法写入 out.json：")
        assert not re.search("[A-Za-z]", text.removeprefix("无法写入 out.json")), text
