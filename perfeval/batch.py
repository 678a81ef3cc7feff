"""Scoring many cards: ``score_many`` for programs, summaries for ``batch``.

Work is spread over processes (``jobs``); results always come back in input
order, so the output never depends on the number of jobs. ``batch`` ships
only a small summary of each card between processes, not the whole result.
"""

from __future__ import annotations

import glob
import os
import re
from collections.abc import Callable, Iterable, Iterator, Sequence
from decimal import Decimal
from pathlib import Path
from typing import Literal, TypeVar, overload

import attrs

from ._write import is_temporary
from .errors import Problem, ScorecardError
from .model import Scorecard
from .results import Result

__all__ = [
    "CardSummary",
    "Invalid",
    "expand_paths",
    "ranked",
    "score_many",
    "summarize_paths",
]

T = TypeVar("T")
Item = str | os.PathLike[str] | Scorecard
_GLOB = set("*?[")


def expand_paths(
    paths: Iterable[str | os.PathLike[str]], unmatched: list[str] | None = None
) -> list[str]:
    """Files named, folders searched for ``*.yaml``/``*.yml`` (recursively,
    sorted), globs expanded (``**`` allowed); each file once, in order.
    Framework and accounts files that a folder or glob finds are skipped.

    A folder or glob that yields no file is appended to ``unmatched``. A named
    file that does not exist is kept: reading it reports the problem.
    """
    out: list[str] = []
    seen: set[str] = set()

    def add(path: str) -> None:
        if path not in seen:
            seen.add(path)
            out.append(path)

    for raw in paths:
        path = os.fspath(raw)
        if os.path.isdir(path):
            found = [
                str(p)
                for p in Path(path).rglob("*")
                if p.suffix in (".yaml", ".yml") and not _is_not_a_card(p)
            ]
            if not found and unmatched is not None:
                unmatched.append(path)
            for name in sorted(found):
                add(name)
        elif _GLOB & set(path) and not os.path.exists(path):
            names = [
                n
                for n in sorted(glob.glob(path, recursive=True))
                if os.path.isfile(n) and not _is_not_a_card(Path(n))
            ]
            if not names and unmatched is not None:
                unmatched.append(path)
            for name in names:
                add(name)
        else:
            add(path)
    return out


_OTHER_FILE = re.compile(rb"^perfeval-(framework|accounts)\s*:", re.MULTILINE)


def _is_not_a_card(path: Path) -> bool:
    """A framework or accounts file found while searching a folder is not a card,
    nor is a temporary file a killed ``-o`` left behind."""
    if is_temporary(path):
        return True
    try:
        with path.open("rb") as stream:
            return _OTHER_FILE.search(stream.read(4096)) is not None
    except OSError:
        return False


def _chunksize(count: int, jobs: int) -> int:
    """Enough work per message that process overhead stays small."""
    return max(1, min(256, count // (jobs * 8) or 1))


def _parallel(function: Callable[[Item], T], items: Sequence[Item], jobs: int) -> Iterator[T]:
    if jobs <= 1 or len(items) <= 1:
        yield from map(function, items)
        return
    from concurrent.futures import ProcessPoolExecutor  # only when there are processes

    with ProcessPoolExecutor(max_workers=jobs) as pool:
        try:
            yield from pool.map(function, items, chunksize=_chunksize(len(items), jobs))
        except BaseException:  # an interrupt or a signal: drop the queued cards, stop now
            pool.shutdown(wait=False, cancel_futures=True)
            raise


def _score_one(item: Item) -> Result | ScorecardError:
    from .loading import load
    from .scoring import score

    try:
        card = item if isinstance(item, Scorecard) else load(item)
    except ScorecardError as error:
        return error
    return score(card)


@overload
def score_many(
    items: Iterable[Item], *, jobs: int = ..., errors: Literal["raise"] = ...
) -> Iterator[Result]: ...
@overload
def score_many(
    items: Iterable[Item], *, jobs: int = ..., errors: Literal["return"]
) -> Iterator[Result | ScorecardError]: ...
def score_many(
    items: Iterable[Item], *, jobs: int = 1, errors: Literal["raise", "return"] = "raise"
) -> Iterator[Result] | Iterator[Result | ScorecardError]:
    """Score cards or card files, yielding results in input order.

    ``jobs`` > 1 scores in that many processes (``jobs=0``: one per CPU).
    With ``errors="raise"`` an invalid card raises its ScorecardError when its
    turn comes; with ``errors="return"`` the error is yielded in its place and
    the rest are still scored.
    """
    items = list(items)
    jobs = jobs or os.cpu_count() or 1
    for outcome in _parallel(_score_one, items, jobs):
        if isinstance(outcome, ScorecardError) and errors == "raise":
            raise outcome
        yield outcome


@attrs.frozen(kw_only=True)
class CardSummary:
    """One card of a batch: what its row in the summary table shows."""

    source: str
    title: str
    entity: str
    total: Decimal
    max: Decimal
    percent: Decimal
    grade: str
    grade_zh: str
    grade_en: str
    warnings: int
    infos: int
    precision: int


@attrs.frozen(kw_only=True)
class Invalid:
    """A card of a batch that could not be read, with its problems."""

    source: str
    problems: tuple[Problem, ...]


def _entity_text(card: Scorecard) -> str:
    parts = [card.entity.get(key, "") for key in ("name", "code", "year")]
    return " ".join(p for p in parts if p)


def _summarize(path: Item) -> CardSummary | Invalid:
    outcome = _score_one(path)
    source = os.fspath(path) if not isinstance(path, Scorecard) else (path.source or path.title)
    if isinstance(outcome, ScorecardError):
        return Invalid(source=source, problems=outcome.problems)
    warnings = sum(1 for f in outcome.findings if f.severity == "warning")
    return CardSummary(
        source=source,
        title=outcome.card.title,
        entity=_entity_text(outcome.card),
        total=outcome.total,
        max=outcome.max,
        percent=outcome.percent,
        grade=outcome.grade.grade,
        grade_zh=outcome.grade.zh,
        grade_en=outcome.grade.en,
        warnings=warnings,
        infos=len(outcome.findings) - warnings,
        precision=outcome.card.precision,
    )


def summarize_paths(
    paths: Sequence[str],
    *,
    jobs: int = 1,
    progress: Callable[[int, int], None] | None = None,
) -> list[CardSummary | Invalid]:
    """Score each file and return its summary (or its problems), in order."""
    jobs = jobs or os.cpu_count() or 1
    out: list[CardSummary | Invalid] = []
    for done, outcome in enumerate(_parallel(_summarize, list(paths), jobs), start=1):
        out.append(outcome)
        if progress is not None:
            progress(done, len(paths))
    return out


def ranked(summaries: Iterable[CardSummary | Invalid]) -> list[CardSummary]:
    """The scored cards, highest percentage first (ties by file name)."""
    cards = [s for s in summaries if isinstance(s, CardSummary)]
    return sorted(cards, key=lambda c: (-c.percent, c.source))
