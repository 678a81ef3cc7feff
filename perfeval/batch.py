"""Scoring many cards: ``score_many`` for programs, summaries for ``batch``.

Work is spread over processes (``jobs``); results always come back in input
order, so the output never depends on the number of jobs. ``batch`` ships
only a small summary of each card between processes, not the whole result.
"""

from __future__ import annotations

import functools
import os
import re
from collections.abc import Callable, Iterable, Iterator, Sequence
from decimal import Decimal
from pathlib import Path
from typing import Literal, TypeVar, overload

import attrs

from .core.errors import Problem, ScorecardError
from .core.limits import MAX_JOBS, max_jobs
from .core.model import Scorecard
from .core.results import Result
from .write._write import is_temporary

__all__ = [
    "CardSummary",
    "Invalid",
    "check_jobs",
    "expand_paths",
    "ranked",
    "score_many",
    "summarize_paths",
]

T = TypeVar("T")
Item = str | os.PathLike[str] | Scorecard
_GLOB = set("*?[")


def expand_paths(
    paths: Iterable[str | os.PathLike[str]],
    unmatched: list[str] | None = None,
    *,
    review: bool = False,
) -> list[str]:
    """Files named, folders searched for ``*.yaml``/``*.yml`` (recursively,
    sorted), globs expanded (``**`` allowed); each file once, in order.
    Framework and accounts files that a folder or glob finds are skipped.

    Searches never follow a symbolic link to a folder (so a link loop cannot
    make a search endless), nor a link to a file outside the folder searched
    (an uploaded folder cannot make perfeval read, and quote in its errors,
    ``/etc/shadow`` or a secret beside it); a file reached twice (by two
    names, or a link) is scored once. A file named on the command line is
    read wherever its link points: the user named it. A FIFO, device or
    socket found is kept, so that reading it reports it; folders found are
    not files and are left out.

    A folder or glob that yields no file is appended to ``unmatched``. A named
    file that does not exist is kept: reading it reports the problem. Published
    forms recorded for review (``perfeval-review: 1``) are found only with
    ``review=True``.
    """
    other = _OTHER_FILE_REVIEW if review else _OTHER_FILE
    out: list[str] = []
    seen: set[object] = set()

    def add(path: str) -> None:
        try:
            info = os.stat(path)
            key: object = (info.st_dev, info.st_ino)
        except OSError:  # missing or unreadable: reading it will say so
            key = os.path.abspath(path)
        if key not in seen:
            seen.add(key)
            out.append(path)

    for raw in paths:
        path = os.fspath(raw)
        if os.path.isdir(path):
            root = os.path.realpath(path)
            found = [
                str(p)
                for p in Path(path).rglob("*")
                if _stays_in(p, root)
                and (
                    (p.suffix in (".yaml", ".yml") and _is_card(p, other))
                    or (review and _is_form_file(p))
                )
            ]
            if not found and unmatched is not None:
                unmatched.append(path)
            for name in sorted(found):
                add(name)
        elif _GLOB & set(path) and not os.path.exists(path):
            names = [
                n
                for n in sorted(_glob(path))
                if (review and _is_form_file(Path(n))) or _is_card(Path(n), other)
            ]
            if not names and unmatched is not None:
                unmatched.append(path)
            for name in names:
                add(name)
        else:
            add(path)
    return out


def _glob(pattern: str) -> list[str]:
    """The names a glob matches, like ``glob.glob(recursive=True)`` but with
    ``**`` never following a symbolic link to a folder (pathlib's rule)."""
    parts = Path(pattern).parts
    first = next(i for i, part in enumerate(parts) if _GLOB & set(part))
    base = Path(*parts[:first]) if first else Path()
    rest = parts[first:]
    hidden_ok = any(part.startswith(".") for part in rest)
    try:
        matches = list(base.glob(str(Path(*rest))))
    except (OSError, ValueError):
        return []
    root = os.path.realpath(base)
    return [
        str(m)
        for m in matches
        if (hidden_ok or not any(p.startswith(".") for p in m.parts[len(base.parts) :]))
        and _inside(os.path.realpath(m), root)  # a part of the pattern may be a link
    ]


def _stays_in(path: Path, root: str) -> bool:
    """Whether a file a search found is in the folder searched (``root``, a
    real path): a symbolic link is followed only to a file inside it."""
    try:
        if not path.is_symlink():
            return True  # the search itself never leaves the folder
    except OSError:
        return True  # reading it will say what is wrong
    return _inside(os.path.realpath(path), root)


def _inside(real: str, root: str) -> bool:
    return real == root or real.startswith(root.rstrip(os.sep) + os.sep)


_OTHER_FILE = re.compile(rb"^perfeval-(framework|accounts|review)\s*:", re.MULTILINE)
_OTHER_FILE_REVIEW = re.compile(rb"^perfeval-(framework|accounts)\s*:", re.MULTILINE)


def _is_form_file(path: Path) -> bool:
    """A published form a review search picks up: .docx, .html, .htm, .pdf or
    .xlsx, and the legacy .doc and .xls, so that reviewing them says to save
    them anew (not Word's ``~$`` lock files, not folders)."""
    from .read.forms import is_form

    if not is_form(path) or path.name.startswith(("~$", ".~")):
        return False
    try:
        return not path.is_dir()
    except OSError:
        return True


def _is_card(path: Path, other: re.Pattern[bytes] = _OTHER_FILE) -> bool:
    """Whether a file found by a search is to be scored: not a folder, not a
    framework or accounts file (nor, for scoring, a published form recorded
    for review). A FIFO or device is kept, and reading it reports it (nothing
    here blocks or reads more than 4 KiB)."""
    from .read._files import peek

    if is_temporary(path):  # a temporary file a killed ``-o`` left behind
        return False
    try:
        if path.is_dir():
            return False
    except OSError:
        return True
    head = peek(path)
    return head is None or other.search(head) is None


def _chunksize(count: int, jobs: int) -> int:
    """Enough work per message that process overhead stays small."""
    return max(1, min(256, count // (jobs * 8) or 1))


def check_jobs(jobs: int) -> int:
    """The number of processes to use for ``jobs``: 0 is one per CPU; at most
    twice the CPU count are started. ValueError outside 0 to MAX_JOBS."""
    if isinstance(jobs, bool) or not isinstance(jobs, int) or not 0 <= jobs <= MAX_JOBS:
        raise ValueError(f"jobs must be a whole number from 0 to {MAX_JOBS}; found {jobs!r}")
    return min(jobs or os.cpu_count() or 1, max_jobs())


def _parallel(
    function: Callable[[Item], T],
    items: Sequence[Item],
    jobs: int,
    warm: Callable[[], object] | None = None,
) -> Iterator[T]:
    """``function`` over ``items`` in order, in ``jobs`` processes. ``warm``
    runs in the parent before the workers are forked (imports they all need:
    made once, shared by fork, instead of once per worker)."""
    jobs = min(check_jobs(jobs), len(items))
    if jobs <= 1:
        yield from map(function, items)
        return
    from concurrent.futures import ProcessPoolExecutor  # only when there are processes

    if warm is not None:
        warm()
    with ProcessPoolExecutor(max_workers=jobs) as pool:
        try:
            yield from pool.map(function, items, chunksize=_chunksize(len(items), jobs))
        except BaseException:  # an interrupt or a signal: drop the queued cards, stop now
            pool.shutdown(wait=False, cancel_futures=True)
            raise


def _score_one(item: Item, outside: bool = False) -> Result | ScorecardError:
    from .core.scoring import score
    from .read.loading import load

    try:
        card = item if isinstance(item, Scorecard) else load(item, allow_framework_outside=outside)
    except ScorecardError as error:
        return error
    return score(card)


@overload
def score_many(
    items: Iterable[Item],
    *,
    jobs: int = ...,
    errors: Literal["raise"] = ...,
    allow_framework_outside: bool = ...,
) -> Iterator[Result]: ...
@overload
def score_many(
    items: Iterable[Item],
    *,
    jobs: int = ...,
    errors: Literal["return"],
    allow_framework_outside: bool = ...,
) -> Iterator[Result | ScorecardError]: ...
def score_many(
    items: Iterable[Item],
    *,
    jobs: int = 1,
    errors: Literal["raise", "return"] = "raise",
    allow_framework_outside: bool = False,
) -> Iterator[Result] | Iterator[Result | ScorecardError]:
    """Score cards or card files, yielding results in input order.

    ``jobs`` > 1 scores in that many processes (``jobs=0``: one per CPU; at
    most twice the CPU count are started; ValueError above MAX_JOBS).
    With ``errors="raise"`` an invalid card raises its ScorecardError when its
    turn comes; with ``errors="return"`` the error is yielded in its place and
    the rest are still scored.
    """
    items = list(items)
    check_jobs(jobs)
    one = functools.partial(_score_one, outside=allow_framework_outside)
    for outcome in _parallel(one, items, jobs):
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


def _summarize(path: Item, outside: bool = False) -> CardSummary | Invalid:
    from .read._files import display_path

    outcome = _score_one(path, outside)
    source = display_path(path) if not isinstance(path, Scorecard) else (path.source or path.title)
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
    allow_framework_outside: bool = False,
) -> list[CardSummary | Invalid]:
    """Score each file and return its summary (or its problems), in order."""
    check_jobs(jobs)
    one = functools.partial(_summarize, outside=allow_framework_outside)
    out: list[CardSummary | Invalid] = []
    for done, outcome in enumerate(_parallel(one, list(paths), jobs), start=1):
        out.append(outcome)
        if progress is not None:
            progress(done, len(paths))
    return out


def ranked(summaries: Iterable[CardSummary | Invalid]) -> list[CardSummary]:
    """The scored cards, highest percentage first (ties by file name)."""
    cards = [s for s in summaries if isinstance(s, CardSummary)]
    return sorted(cards, key=lambda c: (-c.percent, c.source))
