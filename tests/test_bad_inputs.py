"""The catalogue of bad inputs in tests/bad/: each gives its exact errors.

For every file, ``perfeval check --lang en tests/bad/NAME.yaml`` must exit 2
within a second, print exactly ``tests/bad/expected/NAME.txt`` on stderr (and
with ``--lang zh`` exactly ``tests/bad/expected-zh/NAME.txt``; every line
``FILE:LINE:COL: key.path: message``), never a traceback; and the API must
raise ScorecardError and nothing else. After changing a message on purpose,
rewrite the expected files with ``PERFEVAL_UPDATE_EXPECTED=1 pytest
tests/test_bad_inputs.py`` and review the diff.
"""

from __future__ import annotations

import io
import os
import re
import time
from pathlib import Path

import pytest

import perfeval
from perfeval.cli import main

ROOT = Path(__file__).resolve().parent.parent
BAD = ROOT / "tests" / "bad"
FILES = sorted(p for p in BAD.glob("*.yaml"))
UPDATE = os.environ.get("PERFEVAL_UPDATE_EXPECTED") == "1"
LINE = re.compile(r"^tests/bad/[\w.-]+\.yaml(:\d+(:\d+)?)?: \S+: .+")
EXPECTED = {"en": "expected", "zh": "expected-zh"}


def test_the_catalogue_is_large() -> None:
    assert len(FILES) >= 60


@pytest.mark.parametrize("lang", ["en", "zh"])
@pytest.mark.parametrize("path", FILES, ids=[p.stem for p in FILES])
def test_cli_reports_exact_errors(path: Path, lang: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)
    relative = path.relative_to(ROOT).as_posix()
    out, err = io.StringIO(), io.StringIO()
    started = time.perf_counter()
    code = main(["check", "--lang", lang, relative], stdout=out, stderr=err)
    elapsed = time.perf_counter() - started
    assert code == 2
    assert out.getvalue() == ""
    assert elapsed < 1.0, f"{relative} took {elapsed:.2f}s"
    text = err.getvalue()
    assert "Traceback" not in text
    first_lines = [line for line in text.splitlines() if not line.startswith(" ")]
    assert first_lines
    assert all(LINE.match(line) for line in first_lines), text
    expected = BAD / EXPECTED[lang] / f"{path.stem}.txt"
    if UPDATE:
        expected.parent.mkdir(exist_ok=True)
        expected.write_text(text, encoding="utf-8")
    assert text == expected.read_text(encoding="utf-8")


@pytest.mark.parametrize("path", FILES, ids=[p.stem for p in FILES])
def test_api_raises_scorecard_error_only(path: Path) -> None:
    with pytest.raises(perfeval.ScorecardError) as info:
        perfeval.load(path)
    assert isinstance(info.value, ValueError)
    assert info.value.problems


def test_a_huge_file_is_refused_quickly(tmp_path: Path) -> None:
    """Larger than the documented 5 MiB limit: refused before parsing."""
    path = tmp_path / "huge.yaml"
    path.write_bytes(b"# " + b"x" * (perfeval.read._yaml.MAX_BYTES - 1))
    err = io.StringIO()
    started = time.perf_counter()
    assert main(["check", "--lang", "en", str(path)], stdout=io.StringIO(), stderr=err) == 2
    assert time.perf_counter() - started < 1.0
    assert err.getvalue() == (
        f"{path}: (file): the file is 5,242,881 bytes; the limit is 5,242,880 bytes "
        "(split it into several files)\n"
    )


def test_a_large_valid_file_is_read_in_time(tmp_path: Path) -> None:
    """Just under the limit, a card of 1,000 indicators loads in well under a second."""
    rows = "".join(
        f"  - {{id: r{i}, name: 指标{i}, kind: 数量, weight: 0.1, target: ≥{i + 1}件,"
        f" actual: {i}件, note: 说明}}\n"
        for i in range(1000)
    )
    text = (
        "perfeval: 1\ntitle: 大表\nweights: {budget: 0, output: 100, benefit: 0, "
        f"satisfaction: 0}}\nindicators:\n{rows}"
    )
    path = tmp_path / "large.yaml"
    path.write_text(text, encoding="utf-8")
    started = time.perf_counter()
    result = perfeval.score(perfeval.load(path))
    assert time.perf_counter() - started < 1.0
    assert result.max == 100
