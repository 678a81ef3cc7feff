"""The command line: ``main(argv) -> int``, the only place that prints or exits.

Exit codes: 0 success; 1 ``check --strict`` found a warning (``review``: a
form departs from the rules); 2 invalid
input (every problem printed as ``FILE:LINE:COL: key.path: message``, never
a traceback).
"""

from __future__ import annotations

import argparse
import contextlib
import os
import signal
import sys
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

from .core._safe import visible
from .write._write import OutputError, check_not_input

if TYPE_CHECKING:
    from .core.errors import ScorecardError
    from .core.model import Scorecard
    from .core.results import Result

__all__ = ["main", "write_atomic"]

EXIT_OK, EXIT_WARNINGS, EXIT_INVALID = 0, 1, 2


def write_atomic(path: str | os.PathLike[str], text: str | bytes) -> None:
    """Write a file so that it is either complete or untouched.

    The rules of ``-o`` (see :mod:`perfeval._write`): a regular file is
    written to a temporary file beside it and renamed into place, keeping
    its mode; a FIFO or device is written straight into; on any failure or
    interrupt OUT is left as it was and :class:`OutputError` names it.
    """
    from .write._write import write_output

    write_output(path, text)


def _say(stream: TextIO, key: str, lang: str, **params: object) -> None:
    """Print one catalogue message in the run's language."""
    from .core.i18n import message

    print(message(key, **params).text(lang), file=stream)


def _print_errors(error: ScorecardError, stream: TextIO, lang: str = "en") -> None:
    for problem in error.problems:
        print(problem.text(lang), file=stream)


def _outside(args: argparse.Namespace) -> bool:
    """Whether cards may use a framework file outside their folder: the
    option, or the environment variable set to 1 (frameworks.md)."""
    from .read.frameworks import ALLOW_OUTSIDE_ENV

    return bool(getattr(args, "allow_framework_outside", False)) or os.environ.get(
        ALLOW_OUTSIDE_ENV, ""
    ).strip().lower() in ("1", "true", "yes")


def _load_all(
    paths: Sequence[str], stderr: TextIO, outside: bool = False, lang: str = "en"
) -> tuple[list[Scorecard], bool]:
    from .core.errors import ScorecardError
    from .read._files import display_path
    from .read.loading import load

    cards, invalid = [], False
    for path in paths:
        if os.path.isdir(path):  # a folder holds many cards: that is what batch is for
            _say(stderr, "cli.is-directory", lang, path=display_path(path))
            invalid = True
            continue
        try:
            cards.append(load(path, allow_framework_outside=outside))
        except ScorecardError as error:
            _print_errors(error, stderr, lang)
            invalid = True
    return cards, invalid


def _refuse_inputs(output: str | None, inputs: Sequence[str]) -> None:
    """-o naming an input file (or a link to one) is refused before any work."""
    if output is not None and output != "-":
        check_not_input(output, inputs)


#: The UTF-8 byte-order mark: Excel and WPS on a Chinese Windows read a CSV
#: without it as GBK.
BOM = "\ufeff"


def _emit(
    text: str, output: str | None, stdout: TextIO, args: argparse.Namespace | None = None
) -> None:
    if args is not None and getattr(args, "format", None) == "csv" and not args.no_bom:
        text = BOM + text
    if output is None or output == "-":
        stdout.write(text)
    else:
        write_atomic(output, text)


def _cmd_score(args: argparse.Namespace, stdout: TextIO, stderr: TextIO) -> int:
    from .core.scoring import score
    from .write.report import render

    if args.format == "xlsx" and (args.output is None or args.output == "-"):
        _say(stderr, "cli.xlsx-needs-output", args.lang)
        return EXIT_INVALID
    if _bad_width(args, stderr):
        return EXIT_INVALID
    _refuse_inputs(args.output, args.cards)
    cards, invalid = _load_all(args.cards, stderr, _outside(args), args.lang)
    _refuse_inputs(args.output, [c.framework.source for c in cards if c.framework.source])
    if cards and args.format == "xlsx":
        from .write.excel import ExcelMissingError, workbook_bytes

        try:
            data = workbook_bytes([score(card) for card in cards], args.lang)
        except ExcelMissingError as exc:
            _say(stderr, "cli.error", args.lang, text=_excel_missing(exc, args.lang))
            return EXIT_INVALID
        write_atomic(args.output, data)
        return EXIT_INVALID if invalid else EXIT_OK
    if cards:
        results = [score(card) for card in cards]
        text = render(results, args.format, args.lang, _width(args, stdout))
        if args.format == "json" and len(args.cards) > 1 and len(results) == 1:
            from .write.report import to_json

            text = to_json(results, args.lang, many=True)
        _emit(text, args.output, stdout, args)
    return EXIT_INVALID if invalid else EXIT_OK


def _bad_width(args: argparse.Namespace, stderr: TextIO) -> bool:
    """A negative --width, said (0 is no limit)."""
    if args.width is not None and args.width < 0:
        _say(stderr, "cli.width", args.lang, found=args.width)
        return True
    return False


def _width(args: argparse.Namespace, stdout: TextIO) -> int | None:
    """The table's width budget: ``--width N`` (0: no limit); else, writing
    to a terminal, its width (``COLUMNS`` first, as shutil reads it); else
    ``COLUMNS`` when it is set; else (a pipe, a file, -o) no limit."""
    if args.width is not None:
        return args.width if args.width > 0 else None
    if args.output not in (None, "-"):
        return None
    isatty = getattr(stdout, "isatty", None)
    if isatty is not None and isatty():
        return _terminal_columns()
    return _columns_env()


def _columns_env() -> int | None:
    """``COLUMNS`` when it is a positive number, read as shutil reads it."""
    try:
        columns = int(os.environ["COLUMNS"])
    except (KeyError, ValueError):
        return None
    return columns if columns > 0 else None


def _terminal_columns() -> int:
    """The terminal's width as ``shutil.get_terminal_size().columns`` gives it
    (``COLUMNS`` when it is a positive number, else stdout's terminal, else
    80), without importing shutil, which brings bz2, lzma and zlib with it."""
    columns = _columns_env()
    if columns is None:
        try:
            columns = os.get_terminal_size(sys.__stdout__.fileno()).columns  # type: ignore[union-attr]
        except (AttributeError, ValueError, OSError):
            columns = 0
    return columns if columns > 0 else 80


def _excel_missing(exc: Exception, lang: str) -> str:
    from .core.i18n import message

    return message("cli.excel-missing").text(lang) if lang == "zh" else str(exc)


def _cmd_check(args: argparse.Namespace, stdout: TextIO, stderr: TextIO) -> int:
    from .core.scoring import score
    from .write.report import _finding_line, summary_line

    cards, invalid = _load_all(args.cards, stderr, _outside(args), args.lang)
    warned = False
    for card in cards:
        result = score(card)
        name = card.source or card.title
        print(visible(summary_line(result, args.lang, name)), file=stdout)
        warnings = len(result.warnings())
        for finding in result.findings:
            print(f"  {visible(_finding_line(finding, args.lang))}", file=stdout)
        warned = warned or warnings > 0
    if invalid:
        return EXIT_INVALID
    return EXIT_WARNINGS if args.strict and warned else EXIT_OK


def _cmd_frameworks(args: argparse.Namespace, stdout: TextIO, stderr: TextIO) -> int:
    from .core.errors import ScorecardError
    from .core.targets import format_decimal
    from .read.frameworks import framework_names, get_framework

    def say(text: str) -> None:  # a framework file's names, controls made visible
        body = text.lstrip("\n")  # our own blank line before a section stays
        print(text[: len(text) - len(body)] + visible(body, keep="\t"), file=stdout)

    if args.name is None:
        code = EXIT_OK
        for name in framework_names():
            try:
                fw = get_framework(name)
            except ScorecardError as error:
                _print_errors(error, stderr, args.lang)
                code = EXIT_INVALID
                continue
            groups = ", ".join(f"{g.zh} {format_decimal(g.weight)}" for g in fw.groups)
            say(f"{fw.id}\t{fw.zh}\t{groups}")
        return code
    try:
        fw = get_framework(args.name, Path.cwd())
    except ScorecardError as error:
        _print_errors(error, stderr, args.lang)
        return EXIT_INVALID
    from .core.i18n import message

    def said(key: str, **params: object) -> str:
        return message(key, **params).text(args.lang)

    say(f"{fw.id}: {fw.zh} / {fw.en}")
    say(said("fw.total", total=format_decimal(fw.total), scale=fw.scale))
    if fw.notes:
        for line in fw.notes.splitlines():
            say(line)
    for group in fw.groups:
        extra = said("fw.budget-group") if group.budget else ""
        say(f"\n{group.id} {group.zh} / {group.en}: {format_decimal(group.weight)}{extra}")
        for kind in (k for k in fw.kinds if k.group == group.id):
            names = sorted(a for a, v in fw.aliases.items() if v == (kind.id, None))
            say(f"  {kind.id}: {', '.join(names)}")
            for aspect in kind.aspects:
                names = sorted(a for a, v in fw.aliases.items() if v == (kind.id, aspect.id))
                say(said("fw.aspect", id=aspect.id, names=", ".join(names)))
    if fw.standards:
        say(said("fw.standards"))
        for std in fw.standards:
            points = (
                said("fw.points", points=std["points"])
                if "points" in std
                else said("fw.points-by-card")
            )
            formula = f" = {std['formula']}" if "formula" in std else ""
            target = std.get("target", "")
            say(said("fw.standard", id=std["id"], name=std["name"], formula=formula,
                     points=points, target=target))  # fmt: skip
    return EXIT_OK


class _Progress:
    """A one-line progress report on a terminal's stderr, at most ~10 updates
    a second; silent when stderr is not a terminal (a log or a pipe)."""

    def __init__(self, stream: TextIO, lang: str = "en") -> None:
        self.stream = stream
        self.last = 0.0
        self.lang = lang

    def __call__(self, done: int, total: int) -> None:
        import time

        now = time.monotonic()
        if done < total and now - self.last < 0.1:
            return
        self.last = now
        width = 30
        filled = width * done // max(total, 1)
        bar = "#" * filled + "-" * (width - filled)
        end = "\n" if done == total else ""
        from .core.i18n import message

        count = message("cli.progress", done=done, total=total).text(self.lang)
        self.stream.write(f"\r[{bar}] {count}{end}")
        self.stream.flush()


def _cmd_batch(args: argparse.Namespace, stdout: TextIO, stderr: TextIO) -> int:
    from .batch import Invalid, expand_paths, summarize_paths
    from .core.limits import MAX_JOBS
    from .read._files import display_path
    from .write.batch_report import render_batch

    if not 0 <= args.jobs <= MAX_JOBS:
        _say(stderr, "cli.jobs", args.lang, most=MAX_JOBS, found=args.jobs)
        return EXIT_INVALID
    if _bad_width(args, stderr):
        return EXIT_INVALID
    unmatched: list[str] = []
    paths = expand_paths(args.paths, unmatched)
    for path in unmatched:
        _say(stderr, "cli.unmatched", args.lang, path=display_path(path))
    if not paths:  # nothing to rank: say so instead of printing empty tables
        shown = ", ".join(display_path(p) for p in args.paths)
        _say(stderr, "cli.no-cards", args.lang, paths=shown)
        return EXIT_INVALID
    _refuse_inputs(args.output, paths)
    if args.format == "xlsx":
        return _batch_xlsx(args, paths, bool(unmatched), stderr)
    isatty = getattr(stderr, "isatty", None)
    terminal = isatty is not None and isatty() and len(paths) > 1
    progress = _Progress(stderr, args.lang) if terminal else None
    summaries = summarize_paths(
        paths, jobs=args.jobs, progress=progress, allow_framework_outside=_outside(args)
    )
    invalid = [s for s in summaries if isinstance(s, Invalid)]
    for item in invalid:
        for problem in item.problems:
            print(problem.text(args.lang), file=stderr)
    text = render_batch(summaries, args.format, args.lang, _width(args, stdout))
    _emit(text, args.output, stdout, args)
    return EXIT_INVALID if invalid or unmatched else EXIT_OK


def _cmd_audit(args: argparse.Namespace, stdout: TextIO, stderr: TextIO) -> int:
    from .accounts import audit, load_accounts
    from .core.errors import ScorecardError
    from .write.audit_report import render_audit

    if _bad_width(args, stderr):
        return EXIT_INVALID
    _refuse_inputs(args.output, args.files)
    results, invalid = [], False
    for path in args.files:
        try:
            results.append(audit(load_accounts(path)))
        except ScorecardError as error:
            _print_errors(error, stderr, args.lang)
            invalid = True
    if results:
        text = render_audit(results, args.format, args.lang, _width(args, stdout))
        _emit(text, args.output, stdout, args)
    if invalid:
        return EXIT_INVALID
    return EXIT_WARNINGS if any(r.failed for r in results) else EXIT_OK


def _cmd_review(args: argparse.Namespace, stdout: TextIO, stderr: TextIO) -> int:
    import functools

    from .batch import _parallel, check_jobs, expand_paths
    from .core.limits import MAX_JOBS
    from .read.forms import review_document, warm_readers
    from .reviewing import departs, render_review

    try:
        check_jobs(args.jobs)
    except ValueError:
        _say(stderr, "cli.jobs", args.lang, most=MAX_JOBS, found=args.jobs)
        return EXIT_INVALID
    if args.format == "xlsx" and (args.output is None or args.output == "-"):
        _say(stderr, "cli.xlsx-needs-output", args.lang)
        return EXIT_INVALID
    if _bad_width(args, stderr):
        return EXIT_INVALID
    unmatched: list[str] = []
    paths = expand_paths(args.files, unmatched, review=True)
    for path in unmatched:
        _say(stderr, "cli.unmatched-form", args.lang, path=visible(path))
    _refuse_inputs(args.output, paths)
    results: list[Result] = []
    invalid = bool(unmatched)
    one = functools.partial(
        review_document,
        allow_framework_outside=_outside(args),
        explain=args.explain_reading,
        lang=args.lang,
        fmt=args.format,  # rendered in the workers
        width=_width(args, stdout),
    )
    warm = functools.partial(warm_readers, paths)
    for done in _parallel(one, paths, args.jobs, warm):  # in the order of the paths
        for line in done.lines:
            print(line, file=stderr)
        for error in done.errors:
            _print_errors(error, stderr, args.lang)
            invalid = True
        results.extend(done.results)
    if results and args.format == "xlsx":
        from .write.excel import ExcelMissingError
        from .write.review_workbook import review_workbook_bytes

        try:
            write_atomic(args.output, review_workbook_bytes(results, args.lang))
        except ExcelMissingError as exc:
            _say(stderr, "cli.error", args.lang, text=_excel_missing(exc, args.lang))
            return EXIT_INVALID
    elif results:
        width = _width(args, stdout)
        _emit(render_review(results, args.format, args.lang, width), args.output, stdout, args)
    if invalid:
        return EXIT_INVALID
    return EXIT_WARNINGS if any(departs(r) for r in results) else EXIT_OK


def _cmd_import(args: argparse.Namespace, stdout: TextIO, stderr: TextIO) -> int:
    from .core.errors import ScorecardError
    from .read.excel_import import read_workbook, to_yaml
    from .read.forms import is_form
    from .write.excel import ExcelMissingError

    _refuse_inputs(args.output, [args.workbook])
    if is_form(args.workbook) and (args.review or not args.workbook.lower().endswith(".xlsx")):
        return _import_forms(args, stdout, stderr)
    try:
        cards, notes = read_workbook(args.workbook)
    except ExcelMissingError as exc:
        _say(stderr, "cli.error", args.lang, text=_excel_missing(exc, args.lang))
        return EXIT_INVALID
    except ScorecardError as error:
        _print_errors(error, stderr, args.lang)
        return EXIT_INVALID
    from .core.i18n import translate

    for note in notes:
        _say(stderr, "cli.note", args.lang, text=translate(str(note), args.lang))
    if args.output in (None, "-"):
        stdout.write("---\n".join(to_yaml(card) for card in cards))
        return EXIT_OK
    out = Path(args.output)
    for i, card in enumerate(cards, start=1):
        target = out if len(cards) == 1 else out.with_name(f"{out.stem}-{i}{out.suffix}")
        check_not_input(target, [args.workbook])
        write_atomic(target, to_yaml(card))
    return EXIT_OK


def _import_forms(args: argparse.Namespace, stdout: TextIO, stderr: TextIO) -> int:
    """A published form (.docx, .html, .pdf, or .xlsx with --review) as
    perfeval-review cards: every published score kept as reported."""
    from .core.errors import ScorecardError
    from .read.forms import explain_reading, form_yaml, note_line, read_forms

    try:
        forms, problems = read_forms(args.workbook)
    except ScorecardError as error:
        _print_errors(error, stderr, args.lang)
        return EXIT_INVALID

    for form in forms:
        if args.explain_reading:
            print(explain_reading(form, args.lang), file=stderr)
        for note in form.notes:
            print(note_line(note, args.lang), file=stderr)
    if problems:
        _print_errors(ScorecardError(problems), stderr, args.lang)
    texts = [form_yaml(form, problems, args.lang) for form in forms]
    if args.output in (None, "-"):
        stdout.write("---\n".join(texts))
    else:
        out = Path(args.output)
        for i, text in enumerate(texts, start=1):
            target = out if len(texts) == 1 else out.with_name(f"{out.stem}-{i}{out.suffix}")
            check_not_input(target, [args.workbook])
            write_atomic(target, text)
    return EXIT_INVALID if problems or not forms else EXIT_OK


def _batch_xlsx(
    args: argparse.Namespace, paths: Sequence[str], unmatched: bool, stderr: TextIO
) -> int:
    """A summary sheet plus one sheet per card (full results are needed)."""
    from .batch import score_many
    from .core.errors import ScorecardError
    from .write.excel import ExcelMissingError, workbook_bytes

    if args.output in (None, "-"):
        _say(stderr, "cli.xlsx-needs-output", args.lang)
        return EXIT_INVALID
    results, invalid = [], False
    outside = _outside(args)
    for outcome in score_many(
        paths, jobs=args.jobs, errors="return", allow_framework_outside=outside
    ):
        if isinstance(outcome, ScorecardError):
            _print_errors(outcome, stderr, args.lang)
            invalid = True
        else:
            results.append(outcome)
    try:
        data = workbook_bytes(results, args.lang, summary=True)
    except ExcelMissingError as exc:
        _say(stderr, "cli.error", args.lang, text=_excel_missing(exc, args.lang))
        return EXIT_INVALID
    write_atomic(args.output, data)
    return EXIT_INVALID if invalid or unmatched else EXIT_OK


def _cmd_schema(args: argparse.Namespace, stdout: TextIO, stderr: TextIO) -> int:
    import json

    from .read.schema import schema

    if args.results:
        from .write.results_schema import results_schema

        document = results_schema()
    else:
        document = schema()
    _emit(json.dumps(document, ensure_ascii=False, indent=2) + "\n", args.output, stdout)
    return EXIT_OK


FORMATS = ("table", "markdown", "html", "json", "csv")


def _t(key: str, lang: str, /, **params: object) -> str:
    """A catalogue text in the language of the run (help, metavars)."""
    from .core.i18n import message

    return message(key, **params).text(lang)


#: The format a -o file's suffix names, when --format is not given.
_SUFFIX_FORMATS = {".xlsx": "xlsx", ".html": "html", ".htm": "html", ".json": "json",
                   ".csv": "csv", ".md": "markdown"}  # fmt: skip


def _format_of(output: str | None, formats: Sequence[str]) -> str:
    """--format when not given: the -o file's suffix (x.xlsx writes a workbook,
    not a table in a file Excel cannot open), else the terminal table."""
    named = _SUFFIX_FORMATS.get(Path(output).suffix.lower()) if output else None
    return named if named is not None and named in formats else "table"


def _output_options(command: argparse.ArgumentParser, formats: Sequence[str], lang: str) -> None:
    """--format, --lang and -o, shared by the commands that write a report."""
    command.add_argument(
        "--format", "-f", choices=formats, default=None, help=_t("help.format", lang)
    )
    command.set_defaults(formats=tuple(formats))
    _lang_option(command, lang)
    out = _t("help.out", lang)
    command.add_argument("-o", "--output", metavar=out, help=_t("help.output", lang, out=out))
    if "csv" in formats:
        command.add_argument("--no-bom", action="store_true", help=_t("help.no-bom", lang))


def _width_option(command: argparse.ArgumentParser, lang: str) -> None:
    command.add_argument(
        "--width", type=int, default=None, metavar="N", help=_t("help.width", lang)
    )


def _lang_option(command: argparse.ArgumentParser, lang: str) -> None:
    """--lang: one language for every message, label and error of the run."""
    from .core.i18n import LANG_ENV, default_lang

    default = default_lang()
    command.add_argument(
        "--lang",
        choices=("zh", "en"),
        default=default,
        help=_t("help.lang", lang, lang=default, env=LANG_ENV),
    )


def _outside_option(command: argparse.ArgumentParser, lang: str) -> None:
    command.add_argument(
        "--allow-framework-outside", action="store_true", help=_t("help.outside", lang)
    )


class _Formatter(argparse.RawDescriptionHelpFormatter):
    """Help text folded by display width (a Chinese character takes two
    columns), so that zh help fits the terminal as en help does."""

    def __init__(
        self, prog: str, indent_increment: int = 2, max_help_position: int = 24,
        width: int | None = None,
    ) -> None:  # fmt: skip
        # argparse's own default, the terminal's width less 2, read without shutil
        width = _terminal_columns() - 2 if width is None else width
        super().__init__(prog, indent_increment, max_help_position, width)

    def _split_lines(self, text: str, width: int) -> list[str]:
        from .core._safe import fold

        return fold(" ".join(text.split()), max(width, 10), limit=1 << 20).split("\n")

    def _format_action(self, action: argparse.Action) -> str:
        """argparse pads an option's name by len(); a Chinese metavar (自评表) is
        wider on screen, so the padding gives back what it takes."""
        import re

        from wcwidth import wcswidth

        text = super()._format_action(action)
        first, newline, rest = text.partition("\n")
        gap = re.search(r"\S( {2,})\S", first)
        if gap is None:
            return text
        invocation = first[: gap.start(1)]
        extra = wcswidth(invocation) - len(invocation)
        if extra > 0 and len(gap.group(1)) - extra >= 2:
            start, end = gap.span(1)
            first = first[:start] + " " * (end - start - extra) + first[end:]
        return first + newline + rest

    def _fill_text(self, text: str, width: int, indent: str) -> str:
        if "\n" in text:  # the examples: kept as written
            return super()._fill_text(text, width, indent)
        return "\n".join(indent + line for line in self._split_lines(text, width - len(indent)))


def _command(
    commands: argparse._SubParsersAction[argparse.ArgumentParser], name: str, lang: str
) -> argparse.ArgumentParser:
    """A subcommand with its help, description and examples in ``lang``."""
    return commands.add_parser(
        name,
        help=_t(f"help.{name}", lang),
        description=_t(f"help.{name}.description", lang),
        epilog=_t(f"help.{name}.examples", lang),
        formatter_class=_Formatter,
    )


def _parser(lang: str = "en", only: str | None = None) -> argparse.ArgumentParser:
    """The parser, its help in ``lang`` (argparse's own words: see
    :func:`_argparse_words`). ``only`` names the one command to build: a run
    of ``perfeval score …`` parses what it would with every command built,
    without paying for the other eight (see docs/performance.md)."""
    from . import __version__

    parser = argparse.ArgumentParser(
        prog="perfeval",
        description=_t("help.description", lang),
        formatter_class=_Formatter,
        epilog=_t("help.epilog", lang),
    )
    parser.add_argument(
        "--version", action="version", version=f"perfeval {__version__}",
        help=_t("help.version", lang),
    )  # fmt: skip
    commands = parser.add_subparsers(
        dest="command", metavar=_t("help.command", lang), required=True
    )
    for name, build in _COMMANDS.items():
        if only is None or name == only:
            build(_command(commands, name, lang), lang)
    return parser


def _score_command(score: argparse.ArgumentParser, lang: str) -> None:
    score.add_argument(
        "cards", nargs="+", metavar=_t("help.card", lang), help=_t("help.card-files", lang)
    )
    _output_options(score, (*FORMATS, "xlsx"), lang)
    _width_option(score, lang)
    _outside_option(score, lang)
    score.set_defaults(run=_cmd_score)


def _check_command(check: argparse.ArgumentParser, lang: str) -> None:
    check.add_argument(
        "cards", nargs="+", metavar=_t("help.card", lang), help=_t("help.card-files", lang)
    )
    check.add_argument("--strict", action="store_true", help=_t("help.strict", lang))
    _lang_option(check, lang)
    _outside_option(check, lang)
    check.set_defaults(run=_cmd_check)


def _batch_command(batch: argparse.ArgumentParser, lang: str) -> None:
    batch.add_argument(
        "paths", nargs="+", metavar=_t("help.path", lang), help=_t("help.paths", lang)
    )
    batch.add_argument("--jobs", "-j", type=int, default=1, metavar="N", help=_t("help.jobs", lang))
    _output_options(batch, (*FORMATS, "xlsx"), lang)
    _width_option(batch, lang)
    _outside_option(batch, lang)
    batch.set_defaults(run=_cmd_batch)


def _audit_command(audit: argparse.ArgumentParser, lang: str) -> None:
    audit.add_argument(
        "files", nargs="+", metavar=_t("help.file", lang), help=_t("help.accounts-files", lang)
    )
    _output_options(audit, ("table", "markdown", "json", "csv"), lang)
    _width_option(audit, lang)
    audit.set_defaults(run=_cmd_audit)


def _review_command(reviewer: argparse.ArgumentParser, lang: str) -> None:
    reviewer.add_argument(
        "files", nargs="+", metavar=_t("help.file", lang), help=_t("help.review-files", lang)
    )
    reviewer.add_argument(
        "--explain-reading", action="store_true", help=_t("help.explain-reading", lang)
    )
    reviewer.add_argument(
        "--jobs", "-j", type=int, default=1, metavar="N", help=_t("help.review-jobs", lang)
    )
    _output_options(reviewer, (*FORMATS, "xlsx"), lang)
    _width_option(reviewer, lang)
    _outside_option(reviewer, lang)
    reviewer.set_defaults(run=_cmd_review)


def _import_command(importer: argparse.ArgumentParser, lang: str) -> None:
    importer.add_argument("workbook", metavar=_t("help.form", lang), help=_t("help.workbook", lang))
    importer.add_argument("--review", action="store_true", help=_t("help.import-review", lang))
    importer.add_argument(
        "--explain-reading", action="store_true", help=_t("help.import-explain", lang)
    )
    out = _t("help.card-out", lang)
    importer.add_argument("-o", "--output", metavar=out, help=_t("help.output", lang, out=out))
    _lang_option(importer, lang)
    importer.set_defaults(run=_cmd_import)


def _frameworks_command(frameworks: argparse.ArgumentParser, lang: str) -> None:
    frameworks.add_argument(
        "name", nargs="?", metavar=_t("help.name", lang), help=_t("help.framework-name", lang)
    )
    _lang_option(frameworks, lang)
    frameworks.set_defaults(run=_cmd_frameworks)


def _schema_command(schema: argparse.ArgumentParser, lang: str) -> None:
    out = _t("help.out", lang)
    schema.add_argument("-o", "--output", metavar=out, help=_t("help.output", lang, out=out))
    schema.add_argument("--results", action="store_true", help=_t("help.results", lang))
    _lang_option(schema, lang)
    schema.set_defaults(run=_cmd_schema)


#: Each command and what builds its arguments, in the order help lists them.
_COMMANDS: dict[str, Callable[[argparse.ArgumentParser, str], None]] = {
    "score": _score_command,
    "check": _check_command,
    "batch": _batch_command,
    "audit": _audit_command,
    "review": _review_command,
    "import": _import_command,
    "frameworks": _frameworks_command,
    "schema": _schema_command,
}


def _argv_lang(argv: Sequence[str]) -> str:
    """The language of the run before argparse has read the arguments (so
    that --help and usage errors speak it): the last --lang given, else the default."""
    from .core.i18n import default_lang, normalize_lang

    lang = default_lang()
    for i, arg in enumerate(argv):
        if arg == "--":
            break
        if arg == "--lang" and i + 1 < len(argv):
            lang = normalize_lang(argv[i + 1])
        elif arg.startswith("--lang="):
            lang = normalize_lang(arg.split("=", 1)[1])
    return lang


@contextlib.contextmanager
def _argparse_words(lang: str) -> Iterator[None]:
    """argparse's own words (usage:, options, its errors) in ``lang``:
    argparse looks them up through its module's gettext functions, which
    are replaced for the time of building and parsing (in English, by
    argparse's words as written: gettext would look for a catalogue on disk
    at every word, and an English run has no use for one)."""
    words: dict[str, str] = {}
    if lang == "zh":
        from .core.messages import ARGPARSE

        words = ARGPARSE
    saved = argparse._, argparse.ngettext  # type: ignore[attr-defined]

    def gettext(text: str) -> str:
        return words.get(text, text)

    def ngettext(singular: str, plural: str, n: int) -> str:
        return gettext(singular if n == 1 else plural)

    argparse._, argparse.ngettext = gettext, ngettext  # type: ignore[attr-defined]
    try:
        yield
    finally:
        argparse._, argparse.ngettext = saved  # type: ignore[attr-defined]


def _never_fail_to_print(stream: TextIO) -> None:
    """A terminal or pipe that cannot encode a character (an ASCII locale,
    PYTHONIOENCODING=utf-8:strict and a lone surrogate) gets a backslash
    escape for it instead of ending the run in a traceback."""
    reconfigure = getattr(stream, "reconfigure", None)
    if reconfigure is not None and getattr(stream, "errors", None) in ("strict", "surrogateescape"):
        with contextlib.suppress(Exception):
            reconfigure(errors="backslashreplace")


def main(
    argv: Sequence[str] | None = None,
    stdout: TextIO | None = None,
    stderr: TextIO | None = None,
) -> int:
    """Run the command line; return the exit code."""
    stdout = stdout or sys.stdout
    stderr = stderr or sys.stderr
    for stream in (stdout, stderr):
        _never_fail_to_print(stream)
    argv = list(sys.argv[1:] if argv is None else argv)
    words = _argv_lang(argv)
    try:
        with (
            contextlib.redirect_stdout(stdout),
            contextlib.redirect_stderr(stderr),
            _argparse_words(words),
        ):
            only = argv[0] if argv and argv[0] in _COMMANDS else None
            args = _parser(words, only).parse_args(argv)
    except SystemExit as exc:  # --help, --version, or a usage error (exit 2)
        return int(exc.code or 0)
    lang = getattr(args, "lang", "en")
    if getattr(args, "formats", None) and args.format is None:
        args.format = _format_of(args.output, args.formats)
    try:
        with _signals_interrupt():
            code: int = args.run(args, stdout, stderr)
    except KeyboardInterrupt:
        _say(stderr, "cli.interrupted", lang)
        return 130
    except _Terminated as exc:
        _say(stderr, "cli.stopped", lang, signal=signal.Signals(exc.signum).name)
        return 128 + exc.signum
    except OutputError as exc:
        from .core.i18n import translate

        _say(stderr, "cli.error", lang, text=translate(str(exc), lang))
        return EXIT_INVALID
    except BrokenPipeError:  # the reader went away (perfeval … | head): stop quietly
        with contextlib.suppress(OSError):
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return EXIT_OK
    except OSError as exc:
        from .core.i18n import translate
        from .read._files import display_path

        name = display_path(exc.filename) if isinstance(exc.filename, str | bytes) else ""
        reason = translate(str(exc.strerror or exc), lang)
        _say(stderr, "cli.os-error", lang, name=name, reason=reason)
        return EXIT_INVALID
    return code


class _Terminated(BaseException):
    """SIGTERM or SIGHUP arrived: unwind like an interrupt, so that a
    temporary output file is removed and OUT is left as it was."""

    def __init__(self, signum: int) -> None:
        super().__init__(signum)
        self.signum = signum


@contextlib.contextmanager
def _signals_interrupt() -> Iterator[None]:
    """While a command runs, SIGTERM and SIGHUP raise :class:`_Terminated`
    (SIGINT already raises KeyboardInterrupt); the old handlers come back after."""

    def handler(signum: int, frame: object) -> None:
        raise _Terminated(signum)

    previous = {}
    for name in ("SIGTERM", "SIGHUP"):
        number = getattr(signal, name, None)
        if number is None:
            continue
        try:
            previous[number] = signal.signal(number, handler)
        except ValueError:  # not the main thread (main() called from a thread)
            break
    try:
        yield
    finally:
        for number, old in previous.items():
            signal.signal(number, old)
