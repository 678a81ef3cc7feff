"""Hostile inputs: nothing perfeval reads can read what it should not, hang,
exhaust memory or end in a traceback (issue #11).

Every hostile file is generated here (FIFOs, device references, symbolic link
loops, alias bombs, deep expressions). The CLI runs in a subprocess with a
memory cap (RLIMIT_AS) and a timeout, so a regression fails the test instead
of the machine.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from decimal import Decimal
from pathlib import Path

import pytest

import perfeval
from perfeval import ExpressionError, ScorecardError
from perfeval.core import limits
from perfeval.core.errors import Problem, quote
from perfeval.read import _files, _yaml

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "examples" / "project-2022.yaml"
SECRET = "SECRET-LINE-4f2a"
GIB = 1024**3

posix_only = pytest.mark.skipif(os.name != "posix", reason="FIFOs, devices and rlimits")


def _cap_memory() -> None:  # pragma: no cover - runs in the child
    import resource

    resource.setrlimit(resource.RLIMIT_AS, (2 * GIB, 2 * GIB))


def run(
    *args: str, cwd: Path, timeout: float = 20, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    """The CLI in a subprocess, memory capped at 2 GiB, with a timeout."""
    full_env = {**os.environ, "PYTHONPATH": str(ROOT), **(env or {})}
    return subprocess.run(
        [sys.executable, "-m", "perfeval", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        errors="replace",
        timeout=timeout,
        env=full_env,
        preexec_fn=_cap_memory if os.name == "posix" else None,
        check=False,
    )


def inproc(*args: str, cwd: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[int, str, str]:
    """The CLI in this process (for inputs that cannot hang or grow)."""
    import io

    from perfeval.cli import main

    monkeypatch.chdir(cwd)
    out, err = io.StringIO(), io.StringIO()
    code = main(list(args), stdout=out, stderr=err)
    return code, out.getvalue(), err.getvalue()


def card(framework: str | None = None, extra: str = "", indicator: str = "") -> str:
    lines = ["perfeval: 1", "title: 测试卡"]
    if framework is not None:
        lines.append(f"framework: '{framework}'")
    else:
        lines.append("weights: {budget: 0, output: 100, benefit: 0, satisfaction: 0}")
    lines.append(extra)
    lines.append("indicators:")
    lines.append(
        indicator or "  - {name: 次数, kind: 数量指标, weight: 100, target: ≥5次, actual: 5次}"
    )
    return "\n".join(line for line in lines if line) + "\n"


def assert_clean(result: subprocess.CompletedProcess[str], code: int = 2) -> None:
    assert "Traceback" not in result.stderr, result.stderr
    assert result.returncode == code, (result.returncode, result.stdout, result.stderr)


# --- 1. framework paths --------------------------------------------------------------


@pytest.fixture
def secrets(tmp_path: Path) -> Path:
    """A card folder, with a secret file beside it (outside) and a link to it."""
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "secret.txt").write_text(f"{SECRET}\nline two: {SECRET}\n", encoding="utf-8")
    (outside / "notes.yaml").write_text(f"password: {SECRET}\nlist: [{SECRET}]\n", "utf-8")
    cards = tmp_path / "cards"
    cards.mkdir()
    (cards / "inside.yaml").write_text(f"password: {SECRET}\n", encoding="utf-8")
    if hasattr(os, "symlink"):
        (cards / "link.yaml").symlink_to(outside / "notes.yaml")
    return cards


class TestFrameworkPaths:
    @pytest.mark.parametrize(
        "framework",
        ["../outside/secret.txt", "../outside/notes.yaml", "link.yaml", "/etc/passwd"],
    )
    def test_a_path_outside_the_cards_folder_is_refused(
        self, secrets: Path, framework: str, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        """Absolute, '..' or through a link: refused, and nothing of the file shown."""
        if framework == "/etc/passwd":
            framework = str(secrets.parent / "outside" / "secret.txt")
        (secrets / "card.yaml").write_text(card(framework), encoding="utf-8")
        code, out, err = inproc("check", "card.yaml", cwd=secrets, monkeypatch=monkeypatch)
        assert code == 2
        assert SECRET not in out + err
        assert "leads outside the card's folder" in err
        assert err.startswith("card.yaml:3:12: framework: ")

    @pytest.mark.parametrize("how", ["option", "environment"])
    def test_allowed_outside_a_non_framework_is_still_never_quoted(
        self, secrets: Path, how: str, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        """Allowed to leave the folder, a file that is not a framework is named, not shown."""
        option = ["--allow-framework-outside"] if how == "option" else []
        if how == "environment":
            monkeypatch.setenv("PERFEVAL_ALLOW_FRAMEWORK_OUTSIDE", "1")
        for name in ("../outside/secret.txt", "../outside/notes.yaml", "link.yaml"):
            (secrets / "card.yaml").write_text(card(name), encoding="utf-8")
            code, out, err = inproc(
                "check", *option, "card.yaml", cwd=secrets, monkeypatch=monkeypatch
            )
            assert code == 2
            assert SECRET not in out + err
            assert "not a perfeval framework: no 'perfeval-framework:' key" in err

    def test_a_yaml_file_inside_that_is_not_a_framework_is_not_quoted(
        self, secrets: Path, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        (secrets / "card.yaml").write_text(card("inside.yaml"), encoding="utf-8")
        code, _, err = inproc("check", "card.yaml", cwd=secrets, monkeypatch=monkeypatch)
        assert code == 2
        assert SECRET not in err
        assert "not a perfeval framework" in err

    def test_batch_and_score_refuse_it_too(
        self, secrets: Path, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        (secrets / "card.yaml").write_text(card("../outside/notes.yaml"), encoding="utf-8")
        for command in ("score", "batch"):
            code, out, err = inproc(command, "card.yaml", cwd=secrets, monkeypatch=monkeypatch)
            assert code == 2
            assert SECRET not in out + err
            assert "leads outside the card's folder" in err

    @pytest.mark.parametrize(
        ("framework", "message"),
        [
            ('"a\\0.yaml"', "'a\\x00.yaml': cannot read framework file: embedded null byte"),
            ("loop1.yaml", "'loop1.yaml': cannot read framework file: a symbolic link loop"),
        ],
    )
    def test_a_nul_byte_or_a_link_loop_in_the_path(
        self, tmp_path: Path, framework: str, message: str
    ) -> None:
        if hasattr(os, "symlink"):
            (tmp_path / "loop1.yaml").symlink_to(tmp_path / "loop2.yaml")
            (tmp_path / "loop2.yaml").symlink_to(tmp_path / "loop1.yaml")
        text = card().replace("weights:", f"framework: {framework}\nweights:")
        (tmp_path / "card.yaml").write_text(text, encoding="utf-8")
        with pytest.raises(ScorecardError) as caught:
            perfeval.load(tmp_path / "card.yaml")
        assert str(caught.value).endswith(f"card.yaml:3:12: framework: {message}")

    @pytest.mark.parametrize("filler", ["\n", " ", "{", " \n"])
    def test_looking_for_the_key_is_linear(self, tmp_path: Path, filler: str) -> None:
        """A large file without the key is refused at once, whatever it holds."""
        (tmp_path / "fw.yaml").write_text(filler * (limits.MAX_FILE_BYTES // 2), "utf-8")
        (tmp_path / "card.yaml").write_text(card("fw.yaml"), encoding="utf-8")
        started = time.monotonic()
        with pytest.raises(ScorecardError, match="not a perfeval framework"):
            perfeval.load(tmp_path / "card.yaml")
        assert time.monotonic() - started < 2

    def test_the_key_may_be_indented_quoted_or_in_flow_style(self, tmp_path: Path) -> None:
        (tmp_path / "card.yaml").write_text(card("fw.yaml"), encoding="utf-8")
        for text in (
            '"perfeval-framework": 1\n',
            "{perfeval-framework: 1}\n",
            "a:\n  perfeval-framework: 1\n",
        ):
            (tmp_path / "fw.yaml").write_text(text, encoding="utf-8")
            with pytest.raises(ScorecardError) as caught:
                perfeval.load(tmp_path / "card.yaml")
            assert "not a perfeval framework" not in str(caught.value)

    def test_the_api_refuses_outside_unless_allowed(self, secrets: Path) -> None:
        path = secrets / "card.yaml"
        path.write_text(card("../outside/notes.yaml"), encoding="utf-8")
        with pytest.raises(ScorecardError, match="leads outside") as refused:
            perfeval.load(path)
        with pytest.raises(ScorecardError, match="not a perfeval framework") as named:
            perfeval.load(path, allow_framework_outside=True)
        assert SECRET not in str(refused.value) + str(named.value)

    def test_a_framework_in_the_cards_folder_and_shipped_names_still_work(
        self, tmp_path: Path
    ) -> None:
        fw = (ROOT / "examples" / "frameworks" / "county-2024.yaml").read_text("utf-8")
        (tmp_path / "sub").mkdir()
        (tmp_path / "sub" / "fw.yaml").write_text(fw, encoding="utf-8")
        county = (ROOT / "examples" / "county-2024.yaml").read_text("utf-8")
        (tmp_path / "c.yaml").write_text(
            county.replace("frameworks/county-2024.yaml", "sub/fw.yaml"), "utf-8"
        )
        assert perfeval.load(tmp_path / "c.yaml").framework.source.endswith("fw.yaml")
        shipped = card("mof-2020-project").replace(
            "title:", "weights: {budget: 0, output: 100, benefit: 0, satisfaction: 0}\ntitle:"
        )
        assert perfeval.loads(shipped).framework.id == "mof-2020-project"

    def test_a_broken_framework_with_the_key_is_reported_in_detail(self, tmp_path: Path) -> None:
        (tmp_path / "fw.yaml").write_text("perfeval-framework: 1\nid: x\ntotal: 100\n", "utf-8")
        (tmp_path / "card.yaml").write_text(card("fw.yaml"), encoding="utf-8")
        with pytest.raises(ScorecardError, match="'groups' is required"):
            perfeval.load(tmp_path / "card.yaml")


class TestFolderSearches:
    """A folder (or glob) given to batch or review is searched, but a link in
    it to a file outside is not followed: an uploaded folder cannot make
    perfeval read a file beside it and quote it in its errors."""

    @pytest.fixture
    def upload(self, secrets: Path) -> Path:
        if not hasattr(os, "symlink"):
            pytest.skip("no symbolic links here")
        (secrets / "inside.yaml").unlink()
        (secrets / "good.yaml").write_text(card(), encoding="utf-8")
        (secrets / "alias.yaml").symlink_to(secrets / "good.yaml")  # inside: read (once)
        sub = secrets / "sub"
        sub.mkdir()
        (sub / "deep.yml").symlink_to(secrets.parent / "outside" / "notes.yaml")
        (secrets / "away").symlink_to(secrets.parent / "outside", target_is_directory=True)
        return secrets

    @pytest.mark.parametrize(
        "args",
        [
            ("batch", "cards"),
            ("batch", "cards/*.yaml"),
            ("batch", "cards/**/*.y*ml"),
            ("batch", "cards/*/notes.yaml"),  # through the link to the folder outside
            ("review", "cards"),
            ("check", "cards"),
        ],
    )
    def test_a_link_out_of_the_folder_is_not_followed(
        self, upload: Path, args: tuple[str, ...], monkeypatch: pytest.MonkeyPatch
    ) -> None:
        code, out, err = inproc(*args, cwd=upload.parent, monkeypatch=monkeypatch)
        assert SECRET not in out + err
        assert "password" not in out + err
        assert "link.yaml" not in out + err
        assert "deep.yml" not in out + err
        if args[0] == "batch" and args[1] != "cards/*/notes.yaml":
            assert code == 0, err
            assert out.startswith("Scorecards (1)")  # good.yaml by two names, once
            assert "alias.yaml" in out or "good.yaml" in out

    def test_a_link_named_on_the_command_line_is_read(
        self, upload: Path, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        """Named by the user, a link is the user's choice: read, and its
        errors said (as for any file named)."""
        code, _, err = inproc(
            "check", "cards/link.yaml", cwd=upload.parent, monkeypatch=monkeypatch
        )
        assert code == 2
        assert "cards/link.yaml" in err

    def test_expand_paths_keeps_links_inside(self, upload: Path) -> None:
        from perfeval.batch import expand_paths

        found = expand_paths([upload])
        assert [Path(p).name for p in found] == ["alias.yaml"]  # alias first, good is the same
        assert all(Path(os.path.realpath(p)).is_relative_to(upload.resolve()) for p in found)


# --- 2. read with a bound, never block ------------------------------------------------


@posix_only
class TestNeverBlock:
    def test_dev_zero_as_a_card(self, tmp_path: Path) -> None:
        started = time.monotonic()
        result = run("check", "/dev/zero", cwd=tmp_path, timeout=10)
        assert_clean(result)
        assert time.monotonic() - started < 5
        assert result.stderr == (
            "/dev/zero: (file): cannot read the file: it is a device, not a regular file\n"
        )

    def test_dev_zero_as_a_framework(self, tmp_path: Path) -> None:
        (tmp_path / "card.yaml").write_text(card("/dev/zero"), encoding="utf-8")
        result = run("check", "--allow-framework-outside", "card.yaml", cwd=tmp_path)
        assert_clean(result)
        assert "cannot read framework file: it is a device" in result.stderr

    def test_a_fifo_as_a_card_or_accounts_file(self, tmp_path: Path) -> None:
        os.mkfifo(tmp_path / "x.yaml")
        for command in ("check", "score", "audit"):
            result = run(command, "x.yaml", cwd=tmp_path, timeout=10)
            assert_clean(result)
            assert result.stderr == (
                "x.yaml: (file): cannot read the file: it is a FIFO (named pipe), "
                "not a regular file\n"
            )

    def test_a_fifo_as_a_framework(self, tmp_path: Path) -> None:
        os.mkfifo(tmp_path / "fw.yaml")
        (tmp_path / "card.yaml").write_text(card("fw.yaml"), encoding="utf-8")
        result = run("check", "card.yaml", cwd=tmp_path, timeout=10)
        assert_clean(result)
        assert "cannot read framework file: it is a FIFO" in result.stderr

    def test_batch_reports_a_fifo_and_scores_the_rest(self, tmp_path: Path) -> None:
        folder = tmp_path / "cards"
        folder.mkdir()
        (folder / "good.yaml").write_bytes(EXAMPLE.read_bytes())
        os.mkfifo(folder / "fifo.yaml")
        for paths in (["cards"], ["cards/*.yaml"], ["cards/**/*.yaml"]):
            result = run("batch", *paths, "--format", "csv", cwd=tmp_path, timeout=10)
            assert_clean(result)
            assert "good.yaml" in result.stdout
            assert "cards/fifo.yaml: (file): cannot read the file: it is a FIFO" in result.stderr

    def test_a_folder_given_as_a_card(self, tmp_path: Path) -> None:
        (tmp_path / "d.yaml").mkdir()
        result = run("check", "d.yaml", cwd=tmp_path)
        assert_clean(result)
        assert "d.yaml: is a folder; to score every card in it, run: perfeval batch d.yaml" in (
            result.stderr
        )


class TestReadBytes:
    def test_at_the_limit_and_just_past_it(self, tmp_path: Path) -> None:
        path = tmp_path / "f"
        path.write_bytes(b"x" * 100)
        assert _files.read_bytes(path, limit=100) == b"x" * 100
        with pytest.raises(ScorecardError, match="is 100 bytes; the limit is 99 bytes"):
            _files.read_bytes(path, limit=99)

    def test_the_file_size_limit_through_the_cli(self, tmp_path: Path) -> None:
        """MAX_FILE_BYTES itself is read; one byte more is refused."""
        path = tmp_path / "big.yaml"
        path.write_bytes(b"#" * limits.MAX_FILE_BYTES)
        err = run("check", "big.yaml", cwd=tmp_path).stderr
        assert "limit" not in err
        assert "the file is empty" in err
        path.write_bytes(b"#" * (limits.MAX_FILE_BYTES + 1))
        err = run("check", "big.yaml", cwd=tmp_path).stderr
        assert "the file is 5,242,881 bytes; the limit is 5,242,880 bytes" in err

    def test_a_nul_in_the_name_and_a_link_loop(self, tmp_path: Path) -> None:
        with pytest.raises(ScorecardError, match=r"a\\x00b\.yaml: .*the name holds a NUL"):
            perfeval.load("a\0b.yaml")
        if hasattr(os, "symlink"):
            (tmp_path / "l.yaml").symlink_to(tmp_path / "l.yaml")
            with pytest.raises(ScorecardError, match="Too many levels of symbolic links"):
                perfeval.load(tmp_path / "l.yaml")

    def test_a_missing_file(self, tmp_path: Path) -> None:
        with pytest.raises(ScorecardError, match="cannot read the workbook: No such file"):
            _files.read_bytes(tmp_path / "none.xlsx", "the workbook")


# --- 3. bytes, not only values ------------------------------------------------------------


class TestExpandedBytes:
    def test_a_large_string_aliased_many_times_is_refused_quickly(self, tmp_path: Path) -> None:
        big = "x" * 1_000_000
        aliases = ", ".join(["*a"] * 2000)
        text = card(extra=f'notes: &a "{big}"\nrepeat: [{aliases}]')
        (tmp_path / "bomb.yaml").write_text(text, encoding="utf-8")
        started = time.monotonic()
        result = run("score", "bomb.yaml", "--format", "json", cwd=tmp_path, timeout=20)
        assert_clean(result)
        assert time.monotonic() - started < 10
        assert result.stdout == ""
        assert "bomb.yaml:4:8: repeat[9]: the document expands to more than 10,485,760 bytes" in (
            result.stderr
        )

    @pytest.mark.parametrize("anchored", ['"hello"', "[hello, wide]", "{k: hello}"])
    def test_at_the_limit_and_just_past_it_on_both_paths(self, anchored: str) -> None:
        text = f"a: &x {anchored}\nb: *x\nc: *x\n"
        size = _yaml._Builder("x", 10**9)
        size.build(_yaml.yaml.compose(text, Loader=_yaml._Loader), (), 0)
        exact = size.bytes
        assert _yaml._fast(text, exact) == _yaml.located(text, "x", exact).data
        with pytest.raises(_yaml._UnusualError):
            _yaml._fast(text, exact - 1)
        with pytest.raises(_yaml.YamlProblemsError, match="expands to more than"):
            _yaml.located(text, "x", exact - 1)

    def test_depth_at_the_limit_and_just_past_it(self) -> None:
        """MAX_DEPTH levels below the top load; one more is refused (the fast path
        is stricter and leaves the decision to the located path)."""
        depth = limits.MAX_DEPTH
        ok = "a: " + "[" * depth + "]" * depth + "\n"
        assert _yaml.parse(ok, "x").data == _yaml.located(ok, "x").data
        deep = "a: " + "[" * (depth + 1) + "]" * (depth + 1) + "\n"
        with pytest.raises(_yaml.YamlProblemsError, match="nested more than 32 levels deep"):
            _yaml.parse(deep, "x")

    def test_values_at_the_limit_and_just_past_it(self) -> None:
        """MAX_VALUES values (the top mapping and the list included) load; one more not."""
        ok = "a: [" + ", ".join(["1"] * (limits.MAX_VALUES - 2)) + "]\n"
        assert len(_yaml.parse(ok, "x").data["a"]) == limits.MAX_VALUES - 2
        past = "a: [" + ", ".join(["1"] * (limits.MAX_VALUES - 1)) + "]\n"
        with pytest.raises(_yaml.YamlProblemsError, match="more than 100,000 values"):
            _yaml.parse(past, "x")

    def test_numbers_at_the_limit_and_just_past_it(self) -> None:
        below = limits.MAX_NUMBER - 1
        assert perfeval.parse_quantity(f"{below}元").value == below
        with pytest.raises(ExpressionError, match="too large"):
            perfeval.parse_quantity(f"{limits.MAX_NUMBER}元")

    def test_the_limit_grows_with_the_file(self) -> None:
        assert limits.expanded_limit(0) == limits.MAX_EXPANDED_BYTES
        assert limits.expanded_limit(5 * 1024 * 1024) == 50 * 1024 * 1024


# --- 6. globs and jobs ------------------------------------------------------------------------


@pytest.mark.skipif(not hasattr(os, "symlink"), reason="symbolic links")
class TestGlobs:
    @pytest.fixture
    def looped(self, tmp_path: Path) -> Path:
        g = tmp_path / "g"
        (g / "sub").mkdir(parents=True)
        (g / "a.yaml").write_bytes(EXAMPLE.read_bytes())
        (g / "loop").symlink_to(g, target_is_directory=True)
        (g / "sub" / "back").symlink_to(g, target_is_directory=True)
        (g / "same.yaml").symlink_to(g / "a.yaml")
        return tmp_path

    @pytest.mark.parametrize("paths", [["g/**/*.yaml"], ["g"], ["g/*.yaml", "g/./a.yaml"]])
    def test_each_file_once_and_loops_not_followed(self, looped: Path, paths: list[str]) -> None:
        started = time.monotonic()
        result = run("batch", *paths, "--format", "csv", cwd=looped, timeout=20)
        assert_clean(result, 0)
        assert time.monotonic() - started < 10
        assert len(result.stdout.strip().splitlines()) == 2  # header and one card

    def test_hidden_files_are_left_to_patterns_that_name_them(
        self, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        """As glob.glob does: '*' and '**' do not match names starting with '.'."""
        from perfeval.batch import expand_paths

        (tmp_path / ".h").mkdir()
        (tmp_path / ".h" / "a.yaml").write_bytes(EXAMPLE.read_bytes())
        (tmp_path / "b.yaml").write_bytes(EXAMPLE.read_bytes())
        monkeypatch.chdir(tmp_path)
        assert expand_paths(["**/*.yaml"]) == ["b.yaml"]
        assert expand_paths([".h/*.yaml"]) == [".h/a.yaml"]


class TestJobs:
    @pytest.mark.parametrize("jobs", ["1000", "65", "-1"])
    def test_too_many_or_negative_jobs_are_refused(
        self, tmp_path: Path, jobs: str, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        code, out, err = inproc(
            "batch", str(EXAMPLE), "--jobs", jobs, cwd=tmp_path, monkeypatch=monkeypatch
        )
        assert (code, out) == (2, "")
        assert err == f"perfeval: --jobs must be from 0 to 64; found {jobs}\n"

    def test_at_the_limit(self, tmp_path: Path) -> None:
        """64 is accepted, and no more processes than cards are started."""
        assert_clean(run("batch", str(EXAMPLE), "--jobs", "64", cwd=tmp_path), 0)

    def test_the_api_bounds(self) -> None:
        from perfeval.batch import check_jobs

        assert check_jobs(limits.MAX_JOBS) == limits.max_jobs() <= 2 * (os.cpu_count() or 1)
        assert check_jobs(0) == min(os.cpu_count() or 1, limits.max_jobs())
        for bad in (limits.MAX_JOBS + 1, -1):
            with pytest.raises(ValueError, match="jobs must be a whole number from 0 to 64"):
                list(perfeval.score_many([EXAMPLE], jobs=bad))


# --- 7. no traceback, anywhere --------------------------------------------------------------


def formula_card(formula: str, facts: str = "{A: 5人, B: 1人}") -> str:
    return card(
        extra=f"facts: {facts}",
        indicator="  - {name: f, kind: 数量指标, weight: 100, target: ≥1人, "
        f"formula: '{formula}'}}",
    )


def accounts(claim: str, figures: str = "  A: 5\n") -> str:
    return f"perfeval-accounts: 1\ntitle: t\nfigures:\n{figures}claims:\n  - {{claim: '{claim}'}}\n"


class TestExpressions:
    def test_deep_formula_and_overflow_in_a_batch(self, tmp_path: Path) -> None:
        """Each bad card is a located error; the valid card is still scored."""
        (tmp_path / "deep.yaml").write_text(formula_card("(" * 600 + "A" + ")" * 600), "utf-8")
        big = formula_card("A * A * A * A * B", "{A: 999999999999999999, B: 1人}")
        (tmp_path / "big.yaml").write_text(big, encoding="utf-8")
        (tmp_path / "good.yaml").write_bytes(EXAMPLE.read_bytes())
        result = run("batch", ".", "--format", "csv", cwd=tmp_path)
        assert_clean(result)
        assert "good.yaml" in result.stdout
        assert (
            "deep.yaml:6:62: indicators[0].formula: the expression nests parentheses and signs "
            "more than 32 deep" in result.stderr
        )
        assert "big.yaml:6:62: indicators[0].formula: a value reaches 10^36" in result.stderr
        for name in ("deep.yaml", "big.yaml"):
            assert_clean(run("check", name, cwd=tmp_path))

    @pytest.mark.parametrize(
        ("claim", "figures", "message"),
        [
            ("(" * 500 + "A" + ")" * 500 + " = 5", "  A: 5\n", "more than 32 deep"),
            (
                " + ".join(f"F{i}" for i in range(1000)) + " = 1000",
                "".join(f"  F{i}: 1\n" for i in range(1000)),
                "characters long; the limit is 4,000",
            ),
            ("A * A * A * A = 1", "  A: 999999999999999999\n", "a value reaches 10^36"),
        ],
    )
    def test_audit_claims(self, tmp_path: Path, claim: str, figures: str, message: str) -> None:
        (tmp_path / "acc.yaml").write_text(accounts(claim, figures), encoding="utf-8")
        result = run("audit", "acc.yaml", cwd=tmp_path)
        assert_clean(result)
        assert "claims[0].claim: " in result.stderr
        assert message in result.stderr

    @pytest.mark.parametrize("language", ["formula", "claim"])
    def test_limits_at_and_just_past(self, language: str) -> None:
        def parse(text: str) -> None:
            if language == "formula":
                perfeval.loads(formula_card(text))
            else:
                perfeval.loads_accounts(accounts(text + " = 5"))

        depth = limits.MAX_EXPRESSION_DEPTH
        parse("(" * depth + "A" + ")" * depth)
        parse("-" * depth + "A" if language == "formula" else "(" * depth + "A" + ")" * depth)
        with pytest.raises(ScorecardError, match="more than 32 deep"):
            parse("(" * (depth + 1) + "A" + ")" * (depth + 1))
        with pytest.raises(ScorecardError, match="more than 32 deep"):
            parse("-" * (depth + 1) + "A")
        terms = limits.MAX_EXPRESSION_TERMS - 1  # the stated result is a term too
        parse(" + ".join(["A"] * terms))
        with pytest.raises(ScorecardError, match="has 101 figures and numbers; the limit is 100"):
            parse(" + ".join(["A"] * (terms + 1)))
        length = limits.MAX_EXPRESSION_LENGTH - len(" = 5" + "A")
        parse(" " * length + "A")
        with pytest.raises(ScorecardError, match="characters long; the limit is 4,000"):
            parse(" " * (length + 1) + "A")

    def test_intermediate_values_at_and_past_the_limit(self) -> None:
        near = "999999999999999999"  # below MAX_NUMBER; its square is below MAX_INTERMEDIATE
        perfeval.loads_accounts(accounts("A * A = 1", f"  A: {near}\n"))
        with pytest.raises(ScorecardError, match="a value reaches 10\\^36"):
            perfeval.loads_accounts(accounts("A * A * 2 = 1", f"  A: {near}\n"))
        with pytest.raises(ScorecardError, match="the result is 10\\^18 or more"):
            perfeval.loads(formula_card("A * A * B", f"{{A: {near}, B: 1人}}"))


def _odd_name(folder: Path) -> Path:
    name = os.fsdecode(b"bad\xff.yaml")
    try:
        path = folder / name
        path.write_bytes(EXAMPLE.read_bytes())
    except (OSError, UnicodeError):
        pytest.skip("the file system does not take names that are not UTF-8")
    return path


class TestFileNames:
    @pytest.mark.parametrize(
        ("command", "fmt"),
        [("score", "json"), *(("batch", f) for f in ("json", "csv", "markdown", "html"))],
    )
    def test_a_name_that_is_not_utf8_in_written_reports(
        self, tmp_path: Path, command: str, fmt: str
    ) -> None:
        path = _odd_name(tmp_path)
        result = run(command, path.name, "--format", fmt, "-o", f"out.{fmt}", cwd=tmp_path)
        assert_clean(result, 0)
        assert "bad\\xff.yaml" in (tmp_path / f"out.{fmt}").read_text("utf-8").replace("\\\\", "\\")

    @pytest.mark.parametrize(
        "env",
        [
            {"PYTHONIOENCODING": "utf-8:strict"},
            {"LC_ALL": "C"},
            {"LC_ALL": "C", "PYTHONUTF8": "0"},  # an ASCII stdout: escapes, no traceback
        ],
    )
    @pytest.mark.parametrize("command", ["check", "batch"])
    def test_a_name_that_is_not_utf8_on_a_strict_stdout(
        self, tmp_path: Path, env: dict[str, str], command: str
    ) -> None:
        path = _odd_name(tmp_path)
        (tmp_path / os.fsdecode(b"fw\xff.yaml")).write_text(card("/etc/passwd"), "utf-8")
        result = run(command, path.name, os.fsdecode(b"fw\xff.yaml"), cwd=tmp_path, env=env)
        assert "Traceback" not in result.stderr
        assert result.returncode == 2
        assert "bad\\xff.yaml" in result.stdout
        assert "fw\\xff.yaml:3:12: framework:" in result.stderr

    def test_display_path(self) -> None:
        assert _files.display_path(os.fsdecode(b"a\xff\xfe.yaml")) == "a\\xff\\xfe.yaml"
        assert _files.display_path("a\ud800.yaml") == "a\\ud800.yaml"
        assert _files.display_path(b"caf\xc3\xa9.yaml") == "café.yaml"


# --- 8. the API boundary ----------------------------------------------------------------------


TINY = "0." + "0" * 60 + "1"  # 1E-61: its ratio to any figure outgrew exact arithmetic


class TestTinyNumbers:
    """A number other than 0 nearer 0 than 10^-18 is refused where it is
    read, as one beyond 10^18 is; it once ended score, check and review in a
    Decimal traceback (a target of 1E-55 made a ratio of 10^57)."""

    @pytest.mark.parametrize(
        ("old", "new", "where"),
        [
            ("    target: ≥120公里", f'    target: "≥{TINY}公里"', "indicators[0].target"),
            ("    target: ≥120公里", f'    target: "≥0.{"0" * 54}1公里"', "indicators[0].target"),
            ("    target: ≥90%", f'    target: "≥{TINY}%"', "indicators[10].target"),
            ("    actual: 98.5公里", f"    actual: {TINY}", "indicators[0].actual"),
            ("    actual: 98.5公里", f'    actual: "{TINY}公里"', "indicators[0].actual"),
            ("  adjusted: 1,350万元", f'  adjusted: "{TINY}万元"', "budget.adjusted"),
            ("  adjusted: 1,350万元", f"  adjusted: {TINY}", "budget.adjusted"),
        ],
    )
    @pytest.mark.parametrize("command", [("check",), ("score", "-f", "json"), ("score",)])
    def test_refused_with_its_place_in_every_command(
        self,
        tmp_path: Path,
        old: str,
        new: str,
        where: str,
        command: tuple[str, ...],
        monkeypatch: pytest.MonkeyPatch,
    ) -> None:
        text = EXAMPLE.read_text(encoding="utf-8")
        assert old in text
        (tmp_path / "card.yaml").write_text(text.replace(old, new, 1), encoding="utf-8")
        code, out, err = inproc(*command, "card.yaml", cwd=tmp_path, monkeypatch=monkeypatch)
        assert code == 2, out + err
        assert "Traceback" not in err
        assert f": {where}: " in err
        assert "10^-18" in err

    @pytest.mark.parametrize(
        ("text", "ok"),
        [
            ("0.000000000000000001", True),  # 10^-18 itself
            ("0.0000000000000000009", False),
            ("-0.0000000000000000009", False),
            ("0", True),
            ("-0", True),
            ("0.000000000000000000000", True),  # 0 written with many decimals
        ],
    )
    def test_the_bound(self, text: str, ok: bool) -> None:
        from perfeval.core.targets import parse_number

        if ok:
            assert parse_number(text) == Decimal(text)
        else:
            with pytest.raises(ExpressionError, match="too small"):
                parse_number(text)

    def test_the_extreme_ratio_it_allows_is_exact(self, tmp_path: Path) -> None:
        """A target of 10^-18 公里 against an actual near 10^18 米: the ratio (10^33)
        is scored and shown without an error."""
        text = EXAMPLE.read_text(encoding="utf-8")
        text = text.replace("    target: ≥120公里", '    target: "≥0.000000000000000001公里"', 1)
        text = text.replace("    actual: 98.5公里", "    actual: 999999999999999公里", 1)
        result = perfeval.score(perfeval.loads(text))
        assert result.total > 0


@pytest.mark.parametrize(
    "body",
    [
        b"stream\n" * 700_000,  # a "stream" keyword and no end: each once searched to the end
        b"stream\nxendstream\n" * 500_000,  # half a million empty streams
    ],
)
def test_a_pdf_of_many_stream_keywords_is_checked_in_linear_time(
    tmp_path: Path, body: bytes
) -> None:
    """The check of what a PDF's streams unpack to searches and unpacks each
    byte once; 5 MB of ``stream`` keywords once kept it busy past a minute."""
    (tmp_path / "streams.pdf").write_bytes(b"%PDF-1.4\n" + body)
    done = run("review", "streams.pdf", cwd=tmp_path, timeout=30)
    assert done.returncode == 2
    assert "Traceback" not in done.stderr
    assert "streams.pdf: (file): " in done.stderr


class TestApiBoundary:
    def test_source_none_names_string(self) -> None:
        with pytest.raises(ScorecardError, match=r"^<string>:1:1: title: 'title' is required"):
            perfeval.loads("perfeval: 1\nindicators: []\n", source=None)
        with pytest.raises(ScorecardError, match=r"^<string>:1:1: "):
            perfeval.loads_accounts("perfeval-accounts: 1\n", source=None)

    def test_a_lone_surrogate_is_a_located_error(self) -> None:
        with pytest.raises(ScorecardError) as caught:
            perfeval.loads("perfeval: 1\ntitle: a\ud800b\nindicators: []\n")
        assert str(caught.value).startswith(
            "<string>:2:9: (file): the text holds a lone surrogate (U+D800)"
        )
        with pytest.raises(ScorecardError, match="lone surrogate"):
            perfeval.loads_accounts("title: \udcff\n")

    def test_lone_surrogates_in_plain_data_are_refused_where_they_are(self) -> None:
        """from_dict data never reached a file: its text is checked the same way."""
        raw = {
            "perfeval": 1,
            "title": "t\ud800",
            "weights": {"budget": 0, "output": 100, "benefit": 0, "satisfaction": 0},
            "indicators": [
                {
                    "name": "a\udcff",
                    "kind": "数量指标",
                    "weight": 100,
                    "target": "≥5次",
                    "actual": "5次",
                }
            ],
        }
        with pytest.raises(ScorecardError) as caught:
            perfeval.from_dict(raw, source=os.fsdecode(b"x\xff.json"))
        assert [(p.path, p.location) for p in caught.value.problems] == [
            (("title",), perfeval.Location("x\\xff.json")),
            (("indicators", 0, "name"), perfeval.Location("x\\xff.json")),
        ]
        assert "lone surrogate (U+DCFF)" in caught.value.problems[1].message

    def test_bytes_are_read_as_a_file_is(self) -> None:
        data = EXAMPLE.read_bytes()
        assert perfeval.loads(data) == perfeval.loads(data.decode("utf-8"))
        assert perfeval.loads(b"\xef\xbb\xbf" + data).title == perfeval.load(EXAMPLE).title
        with pytest.raises(ScorecardError, match="it looks like GBK"):
            perfeval.loads(card().encode("gbk"))
        with pytest.raises(ScorecardError, match="UTF-16"):
            perfeval.loads(card().encode("utf-16"))

    def test_other_types_are_a_type_error_that_says_what_is_expected(self) -> None:
        with pytest.raises(TypeError, match="expected the YAML text as str \\(or UTF-8 bytes\\)"):
            perfeval.loads(42)  # type: ignore[arg-type]

    def test_a_huge_value_is_not_quoted_whole(self) -> None:
        raw = {
            "perfeval": 1,
            "title": "t",
            "indicators": [
                {
                    "name": "a",
                    "kind": "数量指标",
                    "weight": Decimal("1e-999999"),
                    "target": "≥1次",
                    "actual": "1次",
                },
                {"name": "b", "kind": "x" * 1_000_000, "weight": 1, "target": "≥1次"},
                {
                    "name": "c",
                    "kind": "数量指标",
                    "weight": 1,
                    "target": "≥1次",
                    "actual": "1" + "y" * 10**6,
                },
            ],
        }
        with pytest.raises(ScorecardError) as caught:
            perfeval.from_dict(raw)
        assert len(str(caught.value)) < 3000
        assert all(len(p.message) < 2 * limits.MAX_QUOTE * 10 for p in caught.value.problems)
        assert "1E-999999 has more decimals" in str(caught.value)

    def test_quote_at_the_limit_and_past_it(self) -> None:
        at = "x" * limits.MAX_QUOTE
        assert quote(at) == at
        past = quote(at + "y")
        assert len(past) < limits.MAX_QUOTE + 25
        assert past.endswith("… (81 characters)")

    def test_a_document_of_plain_text_is_shown_only_when_short(self) -> None:
        at = "w" * limits.MAX_DOCUMENT_QUOTE
        with pytest.raises(ScorecardError, match=f"found '{at}'$"):
            perfeval.loads(at)
        with pytest.raises(
            ScorecardError, match=r"found plain text of 21 characters \(not shown\)$"
        ):
            perfeval.loads(at + "w")
        with pytest.raises(ScorecardError, match="found plain text of 33 characters"):
            perfeval.loads_accounts(f"{SECRET} {SECRET}")

    def test_the_last_guard_on_messages(self) -> None:
        assert len(Problem((), "m" * 10**6).message) < 20 * limits.MAX_QUOTE + 100
        assert Problem((), "m" * 20 * limits.MAX_QUOTE).message == "m" * 20 * limits.MAX_QUOTE

    def test_an_expression_error_quotes_a_window(self) -> None:
        with pytest.raises(ExpressionError) as caught:
            perfeval.parse_quantity("5" + "z" * 100_000)
        assert len(str(caught.value)) < 600


# --- 9. comparators that lie ------------------------------------------------------------------


def test_not_equal_is_refused_and_not_scored_as_equal(tmp_path: Path) -> None:
    indicator = "  - {name: 次数, kind: 数量指标, weight: 100, target: ≠5次, actual: 5次}"
    (tmp_path / "ne.yaml").write_text(card(indicator=indicator), encoding="utf-8")
    result = run("check", "ne.yaml", cwd=tmp_path)
    assert_clean(result)
    assert "ne.yaml:5:49: indicators[0].target: '≠' (not equal to) is not a target" in (
        result.stderr
    )
