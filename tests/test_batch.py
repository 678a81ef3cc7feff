"""Issue 7: many cards at once — batch command, score_many, and determinism."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest

import perfeval
from bench.generate import generate, write_cards
from perfeval.batch import expand_paths
from perfeval.cli import main

from .cards import example_cards

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("cards")
    write_cards(path / "2023", 40, seed=7, invalid=2)
    (path / "2023" / "notes.txt").write_text("not a card", encoding="utf-8")
    (path / "framework.yaml").write_text(
        (ROOT / "examples" / "frameworks" / "county-2024.yaml").read_text(encoding="utf-8"),
        encoding="utf-8",
    )
    return path


def run(*argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = main(list(argv), stdout=out, stderr=err)
    return code, out.getvalue(), err.getvalue()


def test_generator_is_seeded_and_valid() -> None:
    """The same seed gives the same cards, and every generated card is valid."""
    assert generate(5, seed=1) == generate(5, seed=1)
    assert generate(5, seed=1) != generate(5, seed=2)
    for text in generate(60, seed=3):
        result = perfeval.score(perfeval.loads(text))
        assert 5 <= len(result.indicators) <= 40


def test_expand_paths(folder: Path) -> None:
    """Folders are searched (framework files skipped), globs expanded, each file once."""
    unmatched: list[str] = []
    paths = expand_paths([folder, str(folder / "2023" / "0000*.yaml"), "nothing/*.yaml"],
                         unmatched)  # fmt: skip
    assert len(paths) == 40
    assert paths == sorted(paths)
    assert not any(p.endswith("framework.yaml") for p in paths)
    assert unmatched == ["nothing/*.yaml"]


@pytest.mark.parametrize("fmt", ["table", "markdown", "html", "json", "csv"])
def test_output_is_identical_whatever_the_job_count(folder: Path, fmt: str) -> None:
    one = run("batch", str(folder), "--format", fmt, "--jobs", "1")
    two = run("batch", str(folder), "--format", fmt, "--jobs", "2")
    assert one == two
    assert one[0] == 2  # two cards are broken on purpose


def test_batch_ranks_cards_and_reports_the_broken_ones(folder: Path) -> None:
    code, out, err = run("batch", str(folder), "--format", "json")
    data = json.loads(out)
    assert (data["count"], data["scored"], data["invalid_count"]) == (40, 38, 2)
    percents = [c["percent"] for c in data["cards"]]
    assert percents == sorted(percents, reverse=True)
    assert [c["rank"] for c in data["cards"]] == list(range(1, 39))
    assert sum(g["count"] for g in data["grades"]) == 38
    assert [i["problems"][0]["message"][:15] for i in data["invalid"]] == ["'weight' is req"] * 2
    assert err.count("unknown key 'wieght'") == 2
    assert code == 2


def test_batch_matches_scoring_one_by_one(folder: Path) -> None:
    _, out, _ = run("batch", str(folder), "--format", "json")
    for card in json.loads(out)["cards"][:10]:
        result = perfeval.score(perfeval.load(card["source"]))
        assert card["total"] == float(result.total)
        assert card["grade"]["id"] == result.grade.grade


def test_batch_of_valid_cards_exits_0(tmp_path: Path) -> None:
    write_cards(tmp_path, 5, seed=11)
    code, out, _ = run("batch", str(tmp_path), "--lang", "en")
    assert code == 0
    assert "Grade distribution" in out


def test_unmatched_glob_is_an_error(tmp_path: Path) -> None:
    code, _, err = run("batch", str(tmp_path / "*.yaml"))
    assert code == 2
    assert "matched no scorecard file" in err


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_progress_only_on_a_terminal(folder: Path) -> None:
    err = _Terminal()
    main(["batch", str(folder), "--format", "csv"], stdout=io.StringIO(), stderr=err)
    assert "] 40/40 cards\n" in err.getvalue()
    _, _, plain = run("batch", str(folder), "--format", "csv")
    assert "cards\n" not in plain.replace("unknown", "")
    assert "/40" not in plain


def test_score_many_yields_in_input_order(folder: Path) -> None:
    paths = sorted((folder / "2023").glob("*.yaml"))
    one = list(perfeval.score_many(paths, jobs=1, errors="return"))
    two = list(perfeval.score_many(paths, jobs=2, errors="return"))
    assert [r.total if isinstance(r, perfeval.Result) else str(r) for r in one] == [
        r.total if isinstance(r, perfeval.Result) else str(r) for r in two
    ]
    assert [r.card.source for r in one if isinstance(r, perfeval.Result)] == [
        str(p) for p in paths if "wieght" not in p.read_text(encoding="utf-8")
    ]


def test_score_many_raises_on_an_invalid_card_by_default(folder: Path) -> None:
    paths = sorted((folder / "2023").glob("*.yaml"))
    with pytest.raises(perfeval.ScorecardError, match="wieght"):
        list(perfeval.score_many(paths))


def test_score_many_takes_loaded_cards() -> None:
    cards = [perfeval.load(p) for p in example_cards()]
    totals = [r.total for r in perfeval.score_many(cards, jobs=2)]
    assert totals == [perfeval.score(c).total for c in cards]
