"""The README and docs/ cannot drift from the code: every snippet runs.

- ```yaml: a card (``perfeval: 1``) is loaded and scored, a published form
  (``perfeval-review: 1``) reviewed; a framework
  (``perfeval-framework: 1``) is loaded; anything else must be valid YAML.
- ```python: the blocks of one file run in order in one namespace.
- ```console: each ``$ perfeval …`` line runs (``# exits N`` states the exit
  code, default 0) in a folder holding ``card.yaml`` (the last card shown
  above it) beside the repository's examples/, tests/ and docs/. Set-up lines
  without a prompt run their ``perfeval`` part; their pip and pytest parts
  are what CI runs.
"""

from __future__ import annotations

import io
import os
import re
import shlex
from pathlib import Path

import pytest
import yaml

import perfeval
from perfeval.cli import main

ROOT = Path(__file__).resolve().parent.parent
DOCS = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]
FENCE = re.compile(r"^```(\w+)\n(.*?)^```", re.M | re.S)


def blocks(path: Path) -> list[tuple[str, int, str]]:
    text = path.read_text(encoding="utf-8")
    return [
        (m.group(1), text.count("\n", 0, m.start()) + 1, m.group(2)) for m in FENCE.finditer(text)
    ]


def _is_card(code: str) -> bool:
    body = [line for line in code.splitlines() if line.strip() and not line.startswith("#")]
    return bool(body) and body[0].startswith("perfeval: 1")


def _is_review_card(code: str) -> bool:
    body = [line for line in code.splitlines() if line.strip() and not line.startswith("#")]
    return bool(body) and body[0].startswith("perfeval-review: 1")


CASES = [
    (path, line, lang, code)
    for path in DOCS
    for lang, line, code in blocks(path)
    if lang in ("yaml", "console")
]


@pytest.mark.parametrize(
    ("path", "line", "lang", "code"), CASES, ids=[f"{c[0].name}:{c[1]}" for c in CASES]
)
def test_snippet(path: Path, line: int, lang: str, code: str, tmp_path: Path) -> None:
    if lang == "yaml":
        _yaml_block(path, line, code, tmp_path)
    else:
        _console_block(path, line, code, tmp_path)


def _yaml_block(path: Path, line: int, code: str, tmp_path: Path) -> None:
    if _is_card(code):
        card = perfeval.loads(code, source=f"{path.name}:{line}", base=ROOT / "examples")
        perfeval.score(card)
    elif _is_review_card(code):  # a published form: reviewed as it is
        perfeval.score(perfeval.loads(code, source=f"{path.name}:{line}", mode="review"))
    elif code.lstrip().startswith("perfeval-framework:"):
        framework = tmp_path / "framework.yaml"
        framework.write_text(code, encoding="utf-8")
        perfeval.load_framework(framework)
    else:
        yaml.safe_load(code)


def _last_card_before(path: Path, line: int) -> str | None:
    cards = [
        code for lang, at, code in blocks(path) if lang == "yaml" and at < line and _is_card(code)
    ]
    return cards[-1] if cards else None


def _console_block(path: Path, line: int, code: str, tmp_path: Path) -> None:
    for name in ("examples", "tests", "docs"):
        (tmp_path / name).symlink_to(ROOT / name)
    card = _last_card_before(path, line)
    if card is not None:
        (tmp_path / "card.yaml").write_text(card, encoding="utf-8")
    commands = []
    for text in code.splitlines():
        if text.startswith("$ "):
            commands.append(text[2:])
        else:  # a set-up line: run its perfeval part
            commands += [
                part.strip().removeprefix(".venv/bin/")
                for part in text.split("&&")
                if "perfeval " in part and "pip " not in part
            ]
    # Lines that install or run the test suite are what CI itself runs.
    assert commands or "pip install" in code or "pytest" in code, f"{path.name}:{line}: nothing run"
    cwd = Path.cwd()
    os.chdir(tmp_path)
    try:
        for command in commands:
            expected = 0
            if "# exits" in command:
                command, _, note = command.partition("# exits")
                expected = int(note.split()[0])
            argv = shlex.split(command)
            assert argv[0] == "perfeval", command
            out, err = io.StringIO(), io.StringIO()
            code_ = main(argv[1:], stdout=out, stderr=err)
            assert code_ == expected, f"{path.name}:{line}: {command}\n{err.getvalue()}"
            assert "Traceback" not in err.getvalue()
    finally:
        os.chdir(cwd)


@pytest.mark.parametrize("path", DOCS, ids=[p.name for p in DOCS])
def test_python_blocks(path: Path, monkeypatch: pytest.MonkeyPatch, capsys) -> None:  # type: ignore[no-untyped-def]
    """The python blocks of a file run in order, from the repository root."""
    monkeypatch.chdir(ROOT)
    namespace: dict[str, object] = {"__name__": f"docs_{path.stem}"}
    for lang, line, code in blocks(path):
        if lang == "python":
            exec(compile(code, f"{path.name}:{line}", "exec"), namespace)


def test_every_chapter_is_linked_from_the_readme() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    for doc in (ROOT / "docs").glob("*.md"):
        if doc.name != "performance.md":
            assert f"docs/{doc.name}" in readme, doc.name


def test_readme_starts_with_the_two_setup_commands() -> None:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    lang, _, code = blocks(ROOT / "README.md")[0]
    lines = code.strip().splitlines()
    assert lang == "console"
    assert len(lines) == 2
    assert "perfeval score examples/" in lines[0]
    assert "'.[test]'" in lines[1]
    assert "pytest" in lines[1]
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert lines[1].replace("python3", '"$PYTHON"') in ci or lines[1] in ci
    assert text.index("```console") < text.index("## ")


def _first_card(path: Path) -> perfeval.Result:
    card = next(code for lang, _, code in blocks(path) if lang == "yaml" and _is_card(code))
    return perfeval.score(perfeval.loads(card))


def test_the_figures_the_readme_tour_states() -> None:
    """The README says: 46.25 of 50, full points, 9.20 for the budget, 95.45, 优."""
    result = _first_card(ROOT / "README.md")
    assert [str(r.score) for r in result.indicators] == ["46.25", "30.00", "10.00"]
    assert result.budget is not None
    assert str(result.budget.score) == "9.20"
    assert (str(result.total), result.grade.zh) == ("95.45", "优")
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    assert "46.25 of 50" in text
    assert "a total of 95.45" in text


def test_the_figures_getting_started_states() -> None:
    """docs/getting-started.md works a card through to 88.96, 良."""
    result = _first_card(ROOT / "docs" / "getting-started.md")
    assert [str(r.score) for r in result.indicators] == [
        "20.00", "14.76", "5.00", "9.00", "21.00", "10.00"
    ]  # fmt: skip
    assert (str(result.total), result.grade.zh) == ("88.96", "良")
    assert [f.code for f in result.findings] == ["reported-mismatch"] * 2
    assert "The total is 88.96" in (ROOT / "docs" / "getting-started.md").read_text(
        encoding="utf-8"
    )


LINK = re.compile(r"\[[^\]]*\]\(([^)\s]+)\)")
ALL_DOCS = [ROOT / "README.md", *sorted((ROOT / "docs").rglob("*.md"))]


@pytest.mark.parametrize("path", ALL_DOCS, ids=lambda p: str(p.relative_to(ROOT)))
def test_every_link_stays_in_the_repository_and_resolves(path: Path) -> None:
    """A relative link names a file of the repository that exists; nothing points outside it."""
    text = path.read_text(encoding="utf-8")
    assert "shared/" not in text, f"{path.name} refers to a folder outside the repository"
    for target in LINK.findall(text):
        if re.match(r"[a-z]+:", target) or target.startswith("#"):
            continue
        file = (path.parent / target.split("#", 1)[0]).resolve()
        assert file.is_relative_to(ROOT), f"{path.name}: {target} leaves the repository"
        assert file.exists(), f"{path.name}: {target} does not exist"


def test_nothing_shipped_refers_outside_the_repository() -> None:
    """Code, frameworks and examples cite the copies in docs/reference and examples/."""
    for folder in ("perfeval", "indicators", "examples", "bench"):
        for file in (ROOT / folder).rglob("*"):
            if file.suffix in {".py", ".yaml", ".md"}:
                assert "shared/" not in file.read_text(encoding="utf-8"), file
