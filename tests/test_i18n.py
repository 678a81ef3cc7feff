"""One language switch: the catalogue, the default, and zh output with no English.

With ``LANG=zh_CN.UTF-8`` every command over the examples and the bad-input
catalogue must print nothing English except what the user wrote (ids, keys,
units, file names: any word of the input files or the shipped frameworks),
perfeval's key paths and codes, and a short list of technical names.
"""

from __future__ import annotations

import csv
import io
import re
import string
from decimal import Decimal
from pathlib import Path

import pytest

import perfeval
from perfeval.cli import main
from perfeval.grading import BUILTIN_SCALES
from perfeval.i18n import default_lang, message
from perfeval.messages import CATALOGUE, ERRORS, ONE_LANGUAGE_PARAMS
from perfeval.schema import schema

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = sorted((ROOT / "examples").glob("*.yaml"))
BAD = sorted((ROOT / "tests" / "bad").glob("*.yaml"))
HEX = re.compile(r"x[0-9a-f]{4}|[a-z]\d+")  # #x0007 in a message; an id such as i9
WORD = re.compile(r"[A-Za-z][A-Za-z0-9_]*(?:[-.][A-Za-z0-9_]+)*")
#: Names that are not English prose: formats, encodings, commands, our codes.
TECHNICAL = {
    "perfeval", "YAML", "UTF-8", "UTF-16", "GBK", "GB2312", "GB18030", "iconv", "FILE",
    "FILE.utf8", "utf8", "f", "t", "yaml", "yml", "file", "NaN", "NUL", "U", "x", "batch", "review",
    "audit", "check", "gt", "lt", "amp",
    "score", "rule", "weights", "applicable", "true", "false", "achieved",
    "partial", "not-achieved", "id", "ids", "A", "T", "W", "min", "max", "o", "xlsx", "csv",
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
        from perfeval.i18n import _translate_line  # a fragment may start with a space

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
    from perfeval.findings import __doc__ as codes

    words |= set(WORD.findall(codes or ""))
    frameworks = [*(ROOT / "indicators").glob("*.yaml"), *(ROOT / "examples").glob("*/*.yaml")]
    for path in [*files, *sorted(frameworks)]:
        words |= _written(path)
    words |= set(perfeval.DEFAULT_RULES) | set(BUILTIN_SCALES) | _keys(schema())
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


def _commands() -> list[tuple[list[str], list[Path]]]:
    out: list[tuple[list[str], list[Path]]] = []
    for path in EXAMPLES:
        rel = str(path.relative_to(ROOT))
        if path.name.endswith("-accounts.yaml"):
            out.append((["audit", rel], [path]))
            continue
        out += [(["check", rel], [path]), (["score", rel], [path])]
        out.append((["score", "--format", "markdown", rel], [path]))
    zhongjiang = ROOT / "examples" / "zhongjiang-2022.yaml"
    out.append((["review", str(zhongjiang.relative_to(ROOT))], [zhongjiang]))
    out += [(["check", str(p.relative_to(ROOT))], [p]) for p in BAD]
    out.append((["frameworks"], []))
    out.append((["frameworks", "mof-2020-project"], []))
    return out


def test_zh_locale_prints_no_english(monkeypatch: pytest.MonkeyPatch) -> None:
    """With LANG=zh_CN.UTF-8 (no PERFEVAL_LANG), no line of any command over
    the examples and the bad catalogue holds an English word the user did not write."""
    monkeypatch.chdir(ROOT)
    monkeypatch.delenv("PERFEVAL_LANG", raising=False)
    monkeypatch.delenv("LC_ALL", raising=False)
    monkeypatch.delenv("LC_MESSAGES", raising=False)
    monkeypatch.setenv("LANG", "zh_CN.UTF-8")
    english = []
    for argv, files in _commands():
        if files and files[0].name == "training-programme-en.yaml":
            continue  # an English card: its names and notes are English on purpose
        _code, out, err = _run(argv)
        given = {part for w in WORD.findall(" ".join(argv)) for part in (w, *w.split("."))}
        allowed = _allowed(*files) | given  # the file names the user gave
        english += [f"{' '.join(argv)}: {line}" for line in _english(out + err, allowed)]
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

    def test_a_stated_figure_keeps_its_digits(self) -> None:
        _code, out, _ = _run(["audit", "--lang", "zh", "examples/yueyang-2020-accounts.yaml"])
        assert re.search(r"\s0\.90%\s", out)

    @pytest.mark.parametrize(
        ("ratio", "word"), [(Decimal("1.2"), "达到120%"), (Decimal("1.25"), "超过120%")]
    )
    def test_the_review_boundary_is_worded_exactly(self, ratio: Decimal, word: str) -> None:
        from perfeval.findings import render_finding

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
        from perfeval.report import summary_line

        result = perfeval.score(perfeval.load(ROOT / "examples" / "yueyang-2020.yaml"))
        _, out, _ = _run(["check", "--lang", "zh", "examples/yueyang-2020.yaml"])
        assert out.splitlines()[0] == summary_line(result, "zh", "examples/yueyang-2020.yaml")


def test_every_finding_code_has_a_name_in_both_languages() -> None:
    """A finding code missing from the catalogue ended `check --lang zh` in a
    KeyError traceback; the codes are the table in perfeval.findings."""
    import re

    from perfeval import findings
    from perfeval.i18n import message

    assert findings.__doc__ is not None
    codes = re.findall(r"^([a-z]+(?:-[a-z]+)+)\s+(?:warning|info)", findings.__doc__, re.M)
    assert "target-looks-like-fraction" in codes
    assert len(codes) >= 14
    for code in codes:
        for lang in ("zh", "en"):
            assert message(f"code.{code}").text(lang)
