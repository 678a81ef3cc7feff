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
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

from ._safe import visible
from ._write import OutputError, check_not_input

if TYPE_CHECKING:
    from .errors import ScorecardError
    from .model import Scorecard
    from .results import Result

__all__ = ["main", "write_atomic"]

EXIT_OK, EXIT_WARNINGS, EXIT_INVALID = 0, 1, 2

_SCORE_EXAMPLES = """\
examples:
  perfeval score examples/yueyang-2020.yaml
  perfeval score examples/*.yaml --format json -o scores.json
  perfeval score card.yaml --format html --lang en -o card.html
  perfeval score card.yaml --format xlsx -o card.xlsx   # needs perfeval[excel]
"""
_CHECK_EXAMPLES = """\
examples:
  perfeval check card.yaml             # errors exit 2; findings are printed
  perfeval check --strict cards/*.yaml # exit 1 when any warning is found
"""
_FRAMEWORK_EXAMPLES = """\
examples:
  perfeval frameworks                   # list the shipped frameworks
  perfeval frameworks mof-2020-project  # groups, weights and kinds of one
"""
_BATCH_EXAMPLES = """\
examples:
  perfeval batch cards/                       # every *.yaml below cards/, ranked
  perfeval batch 'cards/**/*.yaml' --jobs 4 --format csv -o ranking.csv
  perfeval batch a.yaml b.yaml --format json
"""
_AUDIT_EXAMPLES = """\
examples:
  perfeval audit examples/yueyang-2020-accounts.yaml
  perfeval audit accounts/*.yaml --format csv -o audit.csv
"""
_REVIEW_EXAMPLES = """\
examples:
  perfeval review examples/zhongjiang-2022.yaml          # exit 1: the form departs
  perfeval review published/ --format csv -o review.csv  # a folder, ranked
"""
_SCHEMA_EXAMPLES = """\
examples:
  perfeval schema -o perfeval-scorecard.schema.json
  # then, first line of a card:  # yaml-language-server: $schema=perfeval-scorecard.schema.json
  perfeval schema --results -o perfeval-results.schema.json
"""


def write_atomic(path: str | os.PathLike[str], text: str | bytes) -> None:
    """Write a file so that it is either complete or untouched.

    The rules of ``-o`` (see :mod:`perfeval._write`): a regular file is
    written to a temporary file beside it and renamed into place, keeping
    its mode; a FIFO or device is written straight into; on any failure or
    interrupt OUT is left as it was and :class:`OutputError` names it.
    """
    from ._write import write_output

    write_output(path, text)


def _say(stream: TextIO, key: str, lang: str, **params: object) -> None:
    """Print one catalogue message in the run's language."""
    from .i18n import message

    print(message(key, **params).text(lang), file=stream)


def _print_errors(error: ScorecardError, stream: TextIO, lang: str = "en") -> None:
    for problem in error.problems:
        print(problem.text(lang), file=stream)


def _outside(args: argparse.Namespace) -> bool:
    """Whether cards may use a framework file outside their folder: the
    option, or the environment variable set to 1 (frameworks.md)."""
    from .frameworks import ALLOW_OUTSIDE_ENV

    return bool(getattr(args, "allow_framework_outside", False)) or os.environ.get(
        ALLOW_OUTSIDE_ENV, ""
    ).strip().lower() in ("1", "true", "yes")


def _load_all(
    paths: Sequence[str], stderr: TextIO, outside: bool = False, lang: str = "en"
) -> tuple[list[Scorecard], bool]:
    from ._files import display_path
    from .errors import ScorecardError
    from .loading import load

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
    from .report import render
    from .scoring import score

    if args.format == "xlsx" and (args.output is None or args.output == "-"):
        _say(stderr, "cli.xlsx-needs-output", args.lang)
        return EXIT_INVALID
    _refuse_inputs(args.output, args.cards)
    cards, invalid = _load_all(args.cards, stderr, _outside(args), args.lang)
    _refuse_inputs(args.output, [c.framework.source for c in cards if c.framework.source])
    if cards and args.format == "xlsx":
        from .excel import ExcelMissingError, workbook_bytes

        try:
            data = workbook_bytes([score(card) for card in cards], args.lang)
        except ExcelMissingError as exc:
            _say(stderr, "cli.error", args.lang, text=_excel_missing(exc, args.lang))
            return EXIT_INVALID
        write_atomic(args.output, data)
        return EXIT_INVALID if invalid else EXIT_OK
    if cards:
        results = [score(card) for card in cards]
        text = render(results, args.format, args.lang)
        if args.format == "json" and len(args.cards) > 1 and len(results) == 1:
            from .report import to_json

            text = to_json(results, args.lang, many=True)
        _emit(text, args.output, stdout, args)
    return EXIT_INVALID if invalid else EXIT_OK


def _excel_missing(exc: Exception, lang: str) -> str:
    from .i18n import message

    return message("cli.excel-missing").text(lang) if lang == "zh" else str(exc)


def _cmd_check(args: argparse.Namespace, stdout: TextIO, stderr: TextIO) -> int:
    from .report import _finding_line, summary_line
    from .scoring import score

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
    from .errors import ScorecardError
    from .frameworks import framework_names, get_framework
    from .targets import format_decimal

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
    from .i18n import message

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
        from .i18n import message

        count = message("cli.progress", done=done, total=total).text(self.lang)
        self.stream.write(f"\r[{bar}] {count}{end}")
        self.stream.flush()


def _cmd_batch(args: argparse.Namespace, stdout: TextIO, stderr: TextIO) -> int:
    from ._files import display_path
    from .batch import Invalid, expand_paths, summarize_paths
    from .batch_report import render_batch
    from .limits import MAX_JOBS

    if not 0 <= args.jobs <= MAX_JOBS:
        _say(stderr, "cli.jobs", args.lang, most=MAX_JOBS, found=args.jobs)
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
    _emit(render_batch(summaries, args.format, args.lang), args.output, stdout, args)
    return EXIT_INVALID if invalid or unmatched else EXIT_OK


def _cmd_audit(args: argparse.Namespace, stdout: TextIO, stderr: TextIO) -> int:
    from .accounts import audit, load_accounts
    from .audit_report import render_audit
    from .errors import ScorecardError

    _refuse_inputs(args.output, args.files)
    results, invalid = [], False
    for path in args.files:
        try:
            results.append(audit(load_accounts(path)))
        except ScorecardError as error:
            _print_errors(error, stderr, args.lang)
            invalid = True
    if results:
        _emit(render_audit(results, args.format, args.lang), args.output, stdout, args)
    if invalid:
        return EXIT_INVALID
    return EXIT_WARNINGS if any(r.failed for r in results) else EXIT_OK


def _cmd_review(args: argparse.Namespace, stdout: TextIO, stderr: TextIO) -> int:
    import functools

    from .batch import _parallel, check_jobs, expand_paths
    from .forms import review_document, warm_readers
    from .limits import MAX_JOBS
    from .reviewing import departs, render_review

    try:
        check_jobs(args.jobs)
    except ValueError:
        print(f"perfeval: --jobs must be from 0 to {MAX_JOBS}; found {args.jobs}", file=stderr)
        return EXIT_INVALID
    if args.format == "xlsx" and (args.output is None or args.output == "-"):
        print("perfeval: --format xlsx writes a workbook: give -o FILE.xlsx", file=stderr)
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
        from .excel import ExcelMissingError
        from .review_workbook import review_workbook_bytes

        try:
            write_atomic(args.output, review_workbook_bytes(results, args.lang))
        except ExcelMissingError as exc:
            print(f"perfeval: {exc}", file=stderr)
            return EXIT_INVALID
    elif results:
        _emit(render_review(results, args.format, args.lang), args.output, stdout, args)
    if invalid:
        return EXIT_INVALID
    return EXIT_WARNINGS if any(departs(r) for r in results) else EXIT_OK


def _cmd_import(args: argparse.Namespace, stdout: TextIO, stderr: TextIO) -> int:
    from .errors import ScorecardError
    from .excel import ExcelMissingError
    from .excel_import import read_workbook, to_yaml
    from .forms import is_form

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
    from .i18n import translate

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
    from .errors import ScorecardError
    from .forms import explain_reading, form_yaml, note_line, read_forms

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
    from .errors import ScorecardError
    from .excel import ExcelMissingError, workbook_bytes

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

    from .schema import schema

    if args.results:
        from .results_schema import results_schema

        document = results_schema()
    else:
        document = schema()
    _emit(json.dumps(document, ensure_ascii=False, indent=2) + "\n", args.output, stdout)
    return EXIT_OK


FORMATS = ("table", "markdown", "html", "json", "csv")


def _output_options(command: argparse.ArgumentParser, formats: Sequence[str]) -> None:
    """--format, --lang and -o, shared by the commands that write a report."""
    command.add_argument(
        "--format", "-f", choices=formats, default="table", help="output format (default: table)"
    )
    _lang_option(command)
    command.add_argument("-o", "--output", metavar="OUT", help="write to OUT (atomically)")
    if "csv" in formats:
        command.add_argument(
            "--no-bom",
            action="store_true",
            help="csv: plain UTF-8 without the byte-order mark (by default a CSV starts "
            "with one, so that Excel and WPS read it as UTF-8)",
        )


def _lang_option(command: argparse.ArgumentParser) -> None:
    """--lang: one language for every message, label and error of the run."""
    from .i18n import LANG_ENV, default_lang

    lang = default_lang()
    command.add_argument(
        "--lang",
        choices=("zh", "en"),
        default=lang,
        help=f"language of every label, finding and error (default: {lang}; taken from "
        f"{LANG_ENV}, else LC_ALL/LC_MESSAGES/LANG: zh* gives zh, another language en; zh "
        "when none names a language, as C and POSIX do not)",
    )


def _outside_option(command: argparse.ArgumentParser) -> None:
    command.add_argument(
        "--allow-framework-outside",
        action="store_true",
        help="let a card use a framework file outside the card's folder (by default "
        "refused; see docs/frameworks.md)",
    )


def _parser() -> argparse.ArgumentParser:
    from . import __version__

    formatter = argparse.RawDescriptionHelpFormatter
    parser = argparse.ArgumentParser(
        prog="perfeval",
        description="Score budget-performance self-evaluations (绩效自评表) exactly.",
        formatter_class=formatter,
        epilog="Run 'perfeval COMMAND --help' for the options and examples of each command.",
    )
    parser.add_argument("--version", action="version", version=f"perfeval {__version__}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)

    score = commands.add_parser(
        "score",
        help="score scorecards and print the 自评表",
        description="Score each CARD and print the scored 自评表: the budget row, every "
        "indicator, subtotals, the total and grade, the findings and every point lost.",
        epilog=_SCORE_EXAMPLES,
        formatter_class=formatter,
    )
    score.add_argument("cards", nargs="+", metavar="CARD", help="scorecard YAML files")
    _output_options(score, (*FORMATS, "xlsx"))
    _outside_option(score)
    score.set_defaults(run=_cmd_score)

    check = commands.add_parser(
        "check",
        help="validate scorecards and list their findings",
        description="Validate each CARD; print every error (exit 2) or the findings.",
        epilog=_CHECK_EXAMPLES,
        formatter_class=formatter,
    )
    check.add_argument("cards", nargs="+", metavar="CARD", help="scorecard YAML files")
    check.add_argument("--strict", action="store_true", help="exit 1 when a warning is found")
    _lang_option(check)
    _outside_option(check)
    check.set_defaults(run=_cmd_check)

    batch = commands.add_parser(
        "batch",
        help="score many cards and rank them",
        description="Score every card found (files, folders searched for *.yaml, globs) and "
        "print one row per card, highest total first, with the grade distribution; cards "
        "that cannot be read are reported on stderr and the rest are still scored (exit 2).",
        epilog=_BATCH_EXAMPLES,
        formatter_class=formatter,
    )
    batch.add_argument("paths", nargs="+", metavar="PATH", help="files, folders or globs")
    batch.add_argument(
        "--jobs",
        "-j",
        type=int,
        default=1,
        metavar="N",
        help="processes to score with (0: one per CPU; default 1; at most 64, and no more "
        "than twice the CPUs are started); the output is the same",
    )
    _output_options(batch, (*FORMATS, "xlsx"))
    _outside_option(batch)
    batch.set_defaults(run=_cmd_batch)

    audit = commands.add_parser(
        "audit",
        help="check the arithmetic of a final-accounts report",
        description="Recompute every claim of an accounts file (sums, shares, growth, "
        "completion rates) with interval arithmetic over each figure's written precision, "
        "and list figures stated with two values. Exit 1 when a claim fails, 2 on invalid "
        "input.",
        epilog=_AUDIT_EXAMPLES,
        formatter_class=formatter,
    )
    audit.add_argument("files", nargs="+", metavar="FILE", help="accounts YAML files")
    _output_options(audit, ("table", "markdown", "json", "csv"))
    audit.set_defaults(run=_cmd_audit)

    reviewer = commands.add_parser(
        "review",
        help="re-score published forms as they are and list where they depart",
        description="Review each published form (a card with the form's reported: scores): "
        "score every row by the rules on the form's own points, show 公布得分 beside 复核得分, "
        "and list every departure as a finding. Folders and several files give a ranking, "
        "the forms that depart furthest first. Exit 0 when every form agrees with the "
        "rules, 1 when one departs, 2 when one cannot be read.",
        epilog=_REVIEW_EXAMPLES,
        formatter_class=formatter,
    )
    reviewer.add_argument(
        "files",
        nargs="+",
        metavar="FILE",
        help="cards, published forms (.docx, .html, .pdf, .xlsx), folders or globs",
    )
    reviewer.add_argument(
        "--explain-reading",
        action="store_true",
        help="say on stderr which column of each form every field was read from",
    )
    reviewer.add_argument(
        "--jobs",
        "-j",
        type=int,
        default=1,
        metavar="N",
        help="processes to read and review with (0: one per CPU; default 1); the output is "
        "the same",
    )
    _output_options(reviewer, (*FORMATS, "xlsx"))
    _outside_option(reviewer)
    reviewer.set_defaults(run=_cmd_review)

    importer = commands.add_parser(
        "import",
        help="read a filled-in 自评表 workbook into a scorecard",
        description="Read each sheet of an .xlsx 自评表 (perfeval's own layout, or the "
        "official one with 指标性质/指标值/度量单位) into scorecard YAML; every cell that cannot "
        "be read is named by sheet and address. Needs perfeval[excel].",
        epilog="examples:\n  perfeval import 自评表.xlsx -o card.yaml\n"
        "  perfeval import book.xlsx -o cards.yaml   # several sheets: cards-1.yaml, …\n"
        "  perfeval import 自评表.docx -o form.yaml   # a published form, for perfeval review\n",
        formatter_class=formatter,
    )
    importer.add_argument(
        "workbook", metavar="FORM", help="an .xlsx workbook, or a form (.docx, .html, .pdf)"
    )
    importer.add_argument(
        "--review",
        action="store_true",
        help="read an .xlsx as a published form (perfeval-review card, scores as reported)",
    )
    importer.add_argument(
        "--explain-reading",
        action="store_true",
        help="say on stderr which column of the form every field was read from",
    )
    importer.add_argument("-o", "--output", metavar="CARD", help="write to CARD (atomically)")
    _lang_option(importer)
    importer.set_defaults(run=_cmd_import)

    frameworks = commands.add_parser(
        "frameworks",
        help="list the frameworks, or show one",
        description="List the shipped frameworks, or show the groups, weights and kind "
        "names of one (by name or file path).",
        epilog=_FRAMEWORK_EXAMPLES,
        formatter_class=formatter,
    )
    frameworks.add_argument("name", nargs="?", metavar="NAME", help="framework name or path")
    _lang_option(frameworks)
    frameworks.set_defaults(run=_cmd_frameworks)

    schema = commands.add_parser(
        "schema",
        help="print the JSON Schema of the scorecard format (or of results)",
        description="Print a JSON Schema of scorecard format 1, for editors; with --results, "
        "the schema of what score --format json, perfeval.to_json and Result.to_dict() give.",
        epilog=_SCHEMA_EXAMPLES,
        formatter_class=formatter,
    )
    schema.add_argument("-o", "--output", metavar="OUT", help="write to OUT (atomically)")
    schema.add_argument(
        "--results", action="store_true", help="the schema of results (JSON output), version 1"
    )
    _lang_option(schema)
    schema.set_defaults(run=_cmd_schema)
    return parser


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
    parser = _parser()
    try:
        with contextlib.redirect_stdout(stdout), contextlib.redirect_stderr(stderr):
            args = parser.parse_args(argv)
    except SystemExit as exc:  # --help, --version, or a usage error (exit 2)
        return int(exc.code or 0)
    lang = getattr(args, "lang", "en")
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
        from .i18n import translate

        _say(stderr, "cli.error", lang, text=translate(str(exc), lang))
        return EXIT_INVALID
    except BrokenPipeError:  # the reader went away (perfeval … | head): stop quietly
        with contextlib.suppress(OSError):
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return EXIT_OK
    except OSError as exc:
        from ._files import display_path
        from .i18n import translate

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
