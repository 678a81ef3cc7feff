"""The code stays lint-clean and type-checks under mypy --strict; the wheel
ships the frameworks."""

from __future__ import annotations

import importlib.metadata
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def _tool(name: str) -> str:
    path = shutil.which(name, path=str(Path(sys.executable).parent)) or shutil.which(name)
    if path is None:
        pytest.skip(f"{name} is not installed (pip install '.[test]')")
    return path


def test_ruff() -> None:
    done = subprocess.run(
        [_tool("ruff"), "check", "perfeval", "tests", "bench"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stdout + done.stderr


def test_mypy_strict() -> None:
    done = subprocess.run(
        [_tool("mypy"), "perfeval"], cwd=ROOT, capture_output=True, text=True, check=False
    )
    assert done.returncode == 0, done.stdout + done.stderr


def _installed() -> importlib.metadata.Distribution:
    try:
        dist = importlib.metadata.distribution("perfeval")
    except importlib.metadata.PackageNotFoundError:
        pytest.skip("perfeval is not installed")
    if dist.read_text("direct_url.json") and '"editable": true' in (
        dist.read_text("direct_url.json") or ""
    ):
        pytest.skip("an editable install reads indicators/ from the checkout")
    return dist


def test_the_wheel_ships_the_frameworks() -> None:
    dist = _installed()
    names = {str(f) for f in dist.files or ()}
    for framework in (ROOT / "indicators").glob("*.yaml"):
        assert f"perfeval/_indicators/{framework.name}" in names
    assert "perfeval/py.typed" in names


def test_the_installed_command_finds_its_frameworks(tmp_path: Path) -> None:
    """Run from elsewhere, so only the installed package (not the checkout) is used."""
    _installed()
    script = shutil.which("perfeval", path=str(Path(sys.executable).parent))
    if script is None:
        pytest.skip("no console script beside this interpreter")

    def run(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [script, *args],
            cwd=tmp_path,
            capture_output=True,
            text=True,
            check=False,
            encoding="utf-8",
        )

    done = run("frameworks")
    assert done.returncode == 0, done.stderr
    assert "mof-2020-project\t" in done.stdout
    assert "mof-2013-department\t" in done.stdout
    example = ROOT / "examples" / "yueyang-2020.yaml"
    done = run("score", str(example), "--format", "json")
    assert done.returncode == 0, done.stderr
    assert '"total": 100.00' in done.stdout


def test_the_department_keys_are_the_department_rules() -> None:
    """_rows names the department rules' keys so as not to import them for every card."""
    from perfeval.read._rows.base import CONFIGURED_KEYS
    from perfeval.read.rule_settings import CONFIGURED

    assert tuple(CONFIGURED) == CONFIGURED_KEYS


def test_import_perfeval_imports_no_heavy_or_optional_module() -> None:
    """`import perfeval` (and loading and scoring a card) does not import
    tabulate, the Excel libraries, multiprocessing or the audit module: each is
    imported by the command or function that needs it (start-up time,
    docs/performance.md)."""
    import subprocess
    import sys

    code = (
        "import sys, perfeval\n"
        "heavy = ('tabulate', 'wcwidth', 'openpyxl', 'xlsxwriter', 'multiprocessing',\n"
        "         'concurrent.futures', 'perfeval.accounts.claims', 'perfeval.accounts.files',\n"
        "         'perfeval.core.department', 'pandas',\n"
        "         'docx', 'lxml', 'pdfplumber')\n"
        "print(sorted(m for m in heavy if m in sys.modules))\n"
        "perfeval.score(perfeval.load('examples/yueyang-2020.yaml'))\n"
        "print(sorted(m for m in heavy if m in sys.modules))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=ROOT
    )
    assert done.stdout.splitlines() == ["[]", "[]"], done.stdout + done.stderr


@pytest.mark.parametrize(
    ("argv", "absent"),
    [
        (
            ["score", "--format", "json"],
            ("tabulate", "wcwidth", "shutil", "csv", "html", "difflib", "tempfile",
             "perfeval.accounts", "perfeval.write.html_form", "importlib.metadata"),
        ),
        # (the table's tabulate brings csv, html and shutil through importlib.metadata)
        (["score"], ("difflib", "perfeval.accounts", "perfeval.write.html_form")),
        (["check"], ("tabulate", "wcwidth", "shutil", "csv", "html", "json", "perfeval.accounts")),
    ],
)  # fmt: skip
def test_a_command_imports_only_what_it_needs(argv: list[str], absent: tuple[str, ...]) -> None:
    """A CLI run on a valid card imports neither what its format does not use
    nor what only a mistake needs (difflib's suggestions), nor shutil, whose
    terminal size argparse would read (it brings bz2, lzma and zlib):
    start-up time, docs/performance.md."""
    import subprocess
    import sys

    code = (
        "import sys, io, contextlib\n"
        "from perfeval.cli import main\n"
        "with contextlib.redirect_stdout(io.StringIO()):\n"
        f"    code = main({[*argv, 'examples/yueyang-2020.yaml']!r})\n"
        f"print(code, sorted(m for m in {absent!r} if m in sys.modules))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=ROOT
    )
    assert done.stdout.split(None, 1) == ["0", "[]\n"], done.stdout + done.stderr
