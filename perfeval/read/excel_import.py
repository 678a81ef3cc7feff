"""A filled-in 自评表 workbook back into a scorecard (``perfeval import``).

Reading goes in steps, each bounded before the next (limits in
:mod:`perfeval.limits`): the file and the zip's own directory (declared
sizes, ratios); the cells counted in the raw sheet XML; every text's length,
streamed; a read-only pass over every sheet (rows, columns); only then the
workbook in openpyxl's normal mode, which merged cells need.

Two layouts are read:

- perfeval's own (``perfeval score --format xlsx``): the card comes back as
  perfeval wrote it in the hidden ``_perfeval`` sheet, with every visible
  input cell that was edited (年度指标值, 实际完成值, 分值, 评价人评分, the
  note, the rule, the name, the budget figures) taking the edited value;
- the official 自评表 as units fill it in, found by its header row: a sheet
  becomes a *grid* (:func:`sheet_grid`: merged cells spread over their range)
  and :func:`perfeval.grid.map_grid` maps the grid to a card, so readers of
  other formats can share the mapping.

Every problem is named by sheet and cell, with the indicator, including
those the loader finds in the card that comes out.
"""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Callable, Iterator, Sequence
from decimal import Decimal
from typing import IO, Any

import attrs

from ..core.errors import Location, Problem, ScorecardError, format_path, library_error
from ..core.limits import (
    MAX_CELL_CHARS,
    MAX_SHEET_COLUMNS,
    MAX_SHEET_ROWS,
    MAX_SHEETS,
    MAX_WORKBOOK_BYTES,
    MAX_WORKBOOK_CELLS,
    MAX_WORKBOOK_ENTRIES,
    MAX_ZIP_MEMBER_RATIO,
    MAX_ZIP_UNCOMPRESSED,
)
from . import _yaml
from .frameworks import framework_names, get_framework
from .grid import (
    EVALUATOR,
    NOT_APPLICABLE,
    PREFIX,
    Cells,
    Grid,
    GridCell,
    GridReader,
    GridRow,
    cell_number,
    cell_text,
    header_row,
    map_grid,
    raw_text,
    read_row,
    say,
    set_weights,
    written_text,
)

__all__ = ["import_workbook", "read_workbook", "sheet_grid", "to_yaml"]

# --- bounds, before anything is parsed ----------------------------------------------


def check_zip(path: str, data: bytes, what: str = "workbook", suffix: str = ".xlsx") -> None:
    """The bounds of a zip (a workbook, a Word document), checked on its own
    directory before anything in it is unpacked: declared sizes and ratios."""

    def fail(message: str) -> ScorecardError:
        return ScorecardError.single((), message, Location(path))

    tail = "" if what == "workbook" else "-docx"
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            members = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        raise fail(say(f"zip.unreadable{tail}", suffix=suffix, error=exc)) from None
    total = sum(m.file_size for m in members)
    if total > MAX_ZIP_UNCOMPRESSED:
        raise fail(say(f"zip.too-big{tail}", total=f"{total:,}", limit=f"{MAX_ZIP_UNCOMPRESSED:,}"))
    for member in members:
        ratio = member.file_size / max(member.compress_size, 1)
        if member.file_size > 1 << 20 and ratio > MAX_ZIP_MEMBER_RATIO:
            raise fail(
                say(
                    f"zip.bomb{tail}",
                    member=member.filename,
                    ratio=f"{ratio:,.0f}",
                    limit=MAX_ZIP_MEMBER_RATIO,
                )
            )


def _check_file(path: str, data: bytes) -> None:
    """The bounds of a workbook's zip, checked on its bytes before any parsing."""

    def fail(message: str) -> ScorecardError:
        return ScorecardError.single((), message, Location(path))

    check_zip(path, data)
    _count_cells(data, fail)
    _check_strings(data, fail)


_CELL_TAG = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?c[\s/>]")


_MERGE_TAG = re.compile(
    rb"<(?:[A-Za-z_][\w.-]*:)?mergeCell\s[^>]*?ref=\"\$?([A-Z]{1,3})\$?(\d{1,7}):\$?([A-Z]{1,3})\$?(\d{1,7})\""
)
_OVERLAP = 256  # bytes carried between chunks: longer than any tag counted here


def _column_number(letters: bytes) -> int:
    number = 0
    for letter in letters:
        number = number * 26 + letter - 64
    return number


def _merged_area(match: re.Match[bytes]) -> int:
    """The cells a merged range fills, as far as the sheet limits let it reach."""
    first, last = _column_number(match[1]), min(_column_number(match[3]), MAX_SHEET_COLUMNS)
    top, bottom = int(match[2]), min(int(match[4]), MAX_SHEET_ROWS)
    return max(0, last - first + 1) * max(0, bottom - top + 1)


def _chunks(stream: IO[bytes]) -> Iterator[tuple[bytes, int]]:
    """A zip member a MiB at a time, as (text, limit): a tag is counted where
    it starts, before ``limit``; one starting in the overlap is counted with
    the next chunk (or at the end)."""
    tail = b""
    while True:
        chunk = stream.read(1 << 20)
        text = tail + chunk
        limit = len(text) - _OVERLAP if chunk else len(text)
        yield text, limit
        if not chunk:
            return
        tail = text[limit:]


def _count(pattern: re.Pattern[bytes], text: bytes, limit: int) -> int:
    return sum(1 for tag in pattern.finditer(text) if tag.start() < limit)


_ENTRY_TAG = re.compile(
    rb"<(?:[A-Za-z_][\w.-]*:)?(?:mergeCell|cfRule|dataValidation|definedName|xf)[\s/>]"
)
_STRING_TAG = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?si[\s/>]")


def _count_cells(data: bytes, fail: Callable[[str], ScorecardError]) -> None:
    """In one pass over the raw XML (fast, nothing parsed): the cells of every
    sheet and the cells merged ranges fill (one range ``A1:GR20000`` fills
    millions, and both openpyxl and the grid build a cell for each); the
    shared texts, bounded as cells are; and what else openpyxl builds an
    object for, bounded together: merged ranges, conditional formats,
    validations, defined names and styles (1 MB of any of them took openpyxl
    half a minute and a GB)."""
    cells = texts = entries = 0
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        for name in archive.namelist():
            sheet = name.startswith("xl/worksheets/") and name.endswith(".xml")
            strings = name == "xl/sharedStrings.xml"
            if not (sheet or strings or name in ("xl/workbook.xml", "xl/styles.xml")):
                continue
            with archive.open(name) as stream:
                for text, limit in _chunks(stream):
                    if strings:
                        texts += _count(_STRING_TAG, text, limit)
                        if texts > MAX_WORKBOOK_CELLS:
                            raise fail(say("workbook.strings", limit=f"{MAX_WORKBOOK_CELLS:,}"))
                        continue
                    entries += _count(_ENTRY_TAG, text, limit)
                    if entries > MAX_WORKBOOK_ENTRIES:
                        raise fail(say("workbook.entries", limit=f"{MAX_WORKBOOK_ENTRIES:,}"))
                    if sheet:
                        cells += _count(_CELL_TAG, text, limit)
                        cells += sum(
                            _merged_area(m) for m in _MERGE_TAG.finditer(text) if m.start() < limit
                        )
                        if cells > MAX_WORKBOOK_CELLS:
                            raise fail(say("workbook.cells", limit=f"{MAX_WORKBOOK_CELLS:,}"))


def _check_strings(data: bytes, fail: Callable[[str], ScorecardError]) -> None:
    """Every text of the shared strings and the sheets, streamed: openpyxl cuts
    a longer text at the cell limit without a word, so it is refused here."""
    from xml.etree.ElementTree import ParseError, iterparse

    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            names = [
                n
                for n in archive.namelist()
                if n == "xl/sharedStrings.xml"
                or (n.startswith("xl/worksheets/") and n.endswith(".xml"))
            ]
            for name in names:
                with archive.open(name) as stream:
                    cell, length = "", 0
                    for event, element in iterparse(stream, events=("start", "end")):
                        tag = element.tag.rsplit("}", 1)[-1]
                        if event == "start":
                            if tag in ("c", "si"):
                                cell, length = element.get("r", ""), 0
                            continue
                        if tag == "t":
                            length += len(element.text or "")
                            if length > MAX_CELL_CHARS:
                                where = f" ({name.rsplit('/', 1)[-1]} {cell})" if cell else ""
                                raise fail(
                                    say(
                                        "workbook.text",
                                        length=f"{length:,}",
                                        where=where,
                                        limit=f"{MAX_CELL_CHARS:,}",
                                    )
                                )
                        if tag in ("row", "si", "c"):
                            element.clear()
    except ScorecardError:
        raise
    except (zipfile.BadZipFile, OSError, ParseError, ValueError) as exc:
        raise fail(say("workbook.damaged", error=library_error(exc))) from None


def _check_sheets(path: str, data: bytes, openpyxl: Any) -> None:
    """Stream every sheet once (read-only mode, nothing kept) against the limits."""
    from openpyxl.utils import get_column_letter

    book = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=False)
    try:
        if len(book.worksheets) > MAX_SHEETS:
            raise ScorecardError.single(
                (), say("workbook.sheets", limit=f"{MAX_SHEETS:,}"), Location(path)
            )
        cells = 0
        for sheet in book.worksheets:
            if hasattr(sheet, "reset_dimensions"):
                sheet.reset_dimensions()  # a lying <dimension> must not pad every row
            for r, row in enumerate(sheet.iter_rows(values_only=True), start=1):
                if r > MAX_SHEET_ROWS:
                    raise ScorecardError.single(
                        (sheet.title, f"A{r}"),
                        say(
                            "workbook.rows", rows=f"{MAX_SHEET_ROWS:,}", limit=f"{MAX_SHEET_ROWS:,}"
                        ),
                        Location(path),
                    )
                cells += len(row)
                if cells > MAX_WORKBOOK_CELLS:
                    raise ScorecardError.single(
                        (sheet.title, f"A{r}"),
                        say("workbook.cells", limit=f"{MAX_WORKBOOK_CELLS:,}"),  # padded rows
                        Location(path),
                    )
                if len(row) > MAX_SHEET_COLUMNS and any(
                    v is not None for v in row[MAX_SHEET_COLUMNS:]
                ):
                    raise ScorecardError.single(
                        (sheet.title, f"{get_column_letter(MAX_SHEET_COLUMNS + 1)}{r}"),
                        say("workbook.columns", limit=MAX_SHEET_COLUMNS),
                        Location(path),
                    )
                for c, value in enumerate(row[:MAX_SHEET_COLUMNS], start=1):
                    if isinstance(value, str) and len(value) > MAX_CELL_CHARS:
                        raise ScorecardError.single(
                            (sheet.title, f"{get_column_letter(c)}{r}"),
                            say(
                                "workbook.cell-chars",
                                count=f"{len(value):,}",
                                limit=f"{MAX_CELL_CHARS:,}",
                            ),
                            Location(path),
                        )
    finally:
        book.close()


def _open(path: str, data_only: bool = False) -> Any:
    """The workbook, bounded before it is parsed; ``data_only`` gives each
    formula's value as last computed (what a published form shows)."""
    try:
        import openpyxl
    except ImportError:
        from ..write.excel import ExcelMissingError

        raise ExcelMissingError(
            "reading workbooks needs the optional extra: pip install 'perfeval[excel]'"
        ) from None
    from ._files import read_bytes

    # Read once, through the bound and never blocking (a FIFO or device is
    # refused); every check and parse below works on these bytes, not the path.
    data = read_bytes(path, "the workbook", limit=MAX_WORKBOOK_BYTES, hint="")
    _check_file(path, data)
    try:
        _check_sheets(path, data, openpyxl)
        # Normal mode (merged ranges, random access); the pass above bounded its work.
        return openpyxl.load_workbook(io.BytesIO(data), data_only=data_only)
    except ScorecardError:
        raise
    except Exception as exc:
        raise ScorecardError.single(
            (),
            say("workbook.library", error=library_error(exc)),
            Location(path),
        ) from None


# --- the grid ----------------------------------------------------------------------


def sheet_grid(sheet: Any) -> list[list[GridCell]]:
    """A sheet as rows of cells; a merged range's value fills all its cells.

    Built from the cells the file holds (not max_row × max_column, which one
    far cell would make millions), each row as long as its last cell."""
    from openpyxl.utils import get_column_letter

    held: dict[int, dict[int, Any]] = {}
    for (r, c), cell in sheet._cells.items():
        if c <= MAX_SHEET_COLUMNS:
            held.setdefault(r, {})[c] = cell
    origins: dict[tuple[int, int], str] = {}
    for merged in sheet.merged_cells.ranges:
        top = sheet.cell(merged.min_row, merged.min_col)
        for r in range(merged.min_row, min(merged.max_row, MAX_SHEET_ROWS) + 1):
            for c in range(merged.min_col, min(merged.max_col, MAX_SHEET_COLUMNS) + 1):
                held.setdefault(r, {})[c] = top
                origins[(r, c)] = top.coordinate
    rows: list[list[GridCell]] = []
    for r in range(1, max(held, default=0) + 1):
        line = held.get(r, {})
        rows.append(
            [
                GridCell(
                    line[c].value,
                    f"{get_column_letter(c)}{r}",
                    line[c].number_format or "General",
                    origins.get((r, c), ""),
                )
                if c in line
                else GridCell(None, f"{get_column_letter(c)}{r}")
                for c in range(1, max(line, default=0) + 1)
            ]
        )
    return rows


# --- perfeval's own layout -----------------------------------------------------------


def _plain(value: Any) -> Any:
    """Located-YAML values as plain data (Decimal, bool, str, dict, list)."""
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    if _yaml.is_bool(value):
        return bool(value)
    if _yaml.is_date(value):
        return _yaml.written(value)
    if isinstance(value, Decimal):
        return Decimal(value)
    return value


@attrs.define
class _Entry:
    row: int
    cells: dict[str, Any]
    data: Any


def _hidden(reader: GridReader, book: Any) -> dict[tuple[str, str, str], _Entry]:
    """The hidden sheet: card and row entries, each data cell read by perfeval's
    safe YAML reader (no tags, no construction, bounded)."""
    from ..write.excel import HIDDEN, SETTINGS_SHEET

    if SETTINGS_SHEET not in book.sheetnames:
        return {}
    sheet = book[SETTINGS_SHEET]
    keys = list(HIDDEN)
    data_column = keys.index("data")
    out: dict[tuple[str, str, str], _Entry] = {}
    for r, row in enumerate(sheet.iter_rows(min_row=2, values_only=True), start=2):
        if not row or row[0] is None:
            continue
        values = dict(zip(keys, row, strict=False))
        text = "".join(str(v) for v in row[data_column:] if v is not None)
        where = f"{SETTINGS_SHEET}.{HIDDEN['data']}{r}"
        try:
            parsed = _yaml.document(text, where).data if text else None
        except ScorecardError as exc:
            reader.fail(
                SETTINGS_SHEET,
                f"{HIDDEN['data']}{r}",
                say(
                    "workbook.hidden-unreadable",
                    reason="; ".join(p.message.splitlines()[0] for p in exc.problems),
                ),
            )
            continue
        key = (
            raw_text(values.get("sheet")),
            raw_text(values.get("what")),
            raw_text(values.get("id")),
        )
        if key[1] == "card" and not isinstance(parsed, dict):
            reader.fail(
                SETTINGS_SHEET,
                f"{HIDDEN['data']}{r}",
                say("workbook.hidden-not-card"),
            )
            continue
        out[key] = _Entry(r, values, _plain(parsed))
    return out


def _changed(visible: Any, stored: Any) -> bool:
    return raw_text(visible) != raw_text(stored)


def _own(
    reader: GridReader,
    sheet: Any,
    grid: Grid,
    entries: dict[tuple[str, str, str], _Entry],
    card_entry: _Entry,
) -> tuple[dict[str, Any], Cells] | None:
    """A sheet perfeval wrote: its kept card, with the edited visible cells' values."""
    from ..write.excel import HIDDEN, NOTE_MORE, SETTINGS_SHEET

    name = sheet.title
    card = dict(card_entry.data)
    kept_framework = card.get("framework")
    if isinstance(kept_framework, str) and not (
        kept_framework in framework_names() or kept_framework.endswith((".yaml", ".yml"))
    ):  # a workbook from elsewhere must not make perfeval open any file it names
        reader.fail(
            SETTINGS_SHEET,
            f"{HIDDEN['data']}{card_entry.row}",
            say("workbook.kept-framework", name=kept_framework[:80]),
        )
        return None
    cells: Cells = {
        ("title",): (name, "A1", ""),
        (): (SETTINGS_SHEET, f"{HIDDEN['data']}{card_entry.row}", ""),
    }
    stored = card_entry.cells
    title = raw_text(grid[0][0].value) if grid and grid[0] else ""
    if _changed(title, stored.get("target")):
        card["title"] = title.strip()
    edited_weights = False
    budget = card.get("budget")
    if isinstance(budget, dict):
        budget = card["budget"] = dict(budget)
        for key, address, column in (
            ("initial", "A5", "t"),
            ("adjusted", "B5", "k"),
            ("spent", "C5", "actual"),
        ):
            value = sheet[address].value
            cells[("budget", key)] = (name, address, "")
            if _changed(value, stored.get(column)):
                number = cell_number(value)
                if number is None and not (key == "initial" and value in (None, "")):
                    reader.fail(
                        name,
                        address,
                        say("workbook.budget-amount", key=key, found=cell_text(value)[:40]),
                    )
                elif number is None:
                    budget.pop("initial", None)
                else:
                    budget[key] = number
        if _changed(sheet["D5"].value, stored.get("a")):
            weight = cell_number(sheet["D5"].value)
            if weight is None:
                reader.fail(
                    name,
                    "D5",
                    say("workbook.budget-points", found=cell_text(sheet["D5"].value)[:40]),
                )
            else:
                budget["_weight"] = weight
                edited_weights = True
        note = raw_text(sheet["G5"].value)
        cells[("budget", "note")] = (name, "G5", "")
        if _changed(note, stored.get("note")):
            budget["note"] = note.strip()
            if not budget["note"]:
                del budget["note"]
    found = header_row(grid)
    if found is None:
        reader.fail(name, "A7", say("workbook.no-header"))
        return None
    header, columns = found
    rows: list[dict[str, Any]] = []
    ids_seen = set()
    for line in grid[header + 1 :]:
        row = GridRow(line, columns, name)
        texts = [cell_text(c.value) for c in line]
        if any(t in ("合计", "Total") for t in texts):
            break
        ident = row.text("id")
        entry = entries.get((name, "row", ident)) if ident and ident not in ids_seen else None
        if entry is None:
            if not row.text("name"):
                continue
            # A row the person added: read it as an official row.
            added = read_row(
                reader, row, PREFIX.sub("", row.text("name")), row.text("level2"), cells, len(rows)
            )
            if added is not None:
                rows.append(added)
                edited_weights = True
            continue
        ids_seen.add(ident)
        i = len(rows)
        data = dict(entry.data) if isinstance(entry.data, dict) else {}
        label = str(data.get("name", ""))
        for key, column in (
            ("name", "name"),
            ("kind", "level2"),
            ("aspect", "level2"),
            ("target", "target"),
            ("actual", "actual"),
            ("formula", "actual"),
            ("weight", "weight"),
            ("score", "evaluator"),
            ("note", "note"),
            ("rule", "rule"),
            ("applicable", "rule"),
            ("id", "id"),
            ("standard", "standard"),
            ("steps", "rule"),
            ("deduct", "rule"),
            ("checklist", "rule"),
            ("reported", "score"),
        ):
            cells[("indicators", i, key)] = (name, row.where(column), label)
        cells[("indicators", i)] = (name, row.where("name"), label)
        kept = entry.cells
        name_cell = row.get("name")
        if raw_text(name_cell.value if name_cell else "") != _cell(data.get("name")):
            data["name"] = row.text("name")
        if _changed_kind(card, data, row.text("level2")):
            data["kind"] = row.text("level2")
            data.pop("aspect", None)
        target = row.get("target")
        if target is not None and _changed(target.value, kept.get("target")):
            data["target"] = written_text(target)
        actual = row.get("actual")
        if actual is not None and _changed(actual.value, kept.get("actual")):
            text = written_text(actual)
            data.pop("formula", None)
            if text in ("", "—"):
                data.pop("actual", None)
            else:
                data["actual"] = text
        points = row.get("weight")
        if points is not None and _changed(points.value, kept.get("weight")):
            number = cell_number(points.value)
            if number is None:
                reader.not_a_number(name, points.coordinate, "grid.points", points, label)
            else:
                data["weight"] = number
                edited_weights = True
        given = row.get("evaluator")
        if given is not None and _changed(given.value, kept.get("evaluator")):
            if given.value in (None, ""):
                data.pop("score", None)
            else:
                number = cell_number(given.value)
                if number is None:
                    reader.not_a_number(name, given.coordinate, "grid.evaluator", given, label)
                else:
                    data["score"] = number
        _typed_score(reader, row, data, kept, label)
        note_cell = row.get("note")
        if note_cell is not None and _changed(note_cell.value, kept.get("note")):
            text = raw_text(note_cell.value)
            if text.endswith(NOTE_MORE) and str(data.get("note", "")).startswith(
                text[: -len(NOTE_MORE)]
            ):
                pass  # the cell's start of a long note, unchanged
            elif text.strip():
                data["note"] = text.strip()
            else:
                data.pop("note", None)
        rule_cell = row.get("rule")
        if rule_cell is not None and _changed(rule_cell.value, kept.get("rule")):
            text = cell_text(rule_cell.value)
            if text in NOT_APPLICABLE:
                data["applicable"] = False
            else:
                data.pop("applicable", None)
                data["rule"] = "manual" if text in EVALUATOR else text
            edited_weights = True
        rows.append(data)
    card["indicators"] = rows
    if edited_weights or len(rows) != len([k for k in entries if k[:2] == (name, "row")]):
        set_weights(card)
    elif isinstance(card.get("budget"), dict):
        card["budget"].pop("_weight", None)
    return card, cells


def _typed_score(
    reader: GridReader, row: GridRow, data: dict[str, Any], kept: dict[str, Any], label: str
) -> None:
    """A figure typed over the 得分 formula is what the sheet shows: it becomes
    the evaluator's score, back in the row's own points."""
    cell = row.get("score")
    if (
        cell is None
        or cell.value is None
        or (isinstance(cell.value, str) and cell.value.startswith("="))
    ):
        return  # the formula (or nothing): not an input
    number = cell_number(cell.value)
    if number is None:
        reader.fail(
            row.sheet,
            cell.coordinate,
            say("workbook.typed-score", name=label, found=cell_text(cell.value)[:40]),
        )
        return
    if not _changed(cell.value, kept.get("score")):
        return  # perfeval's own score, saved as a value by some program
    raw, used = cell_number(kept.get("weight")), cell_number(kept.get("used"))
    if raw is not None and used not in (None, 0) and used != raw:
        number = number * raw / used
    data["score"] = number


def _cell(value: Any) -> str:
    from ..write.excel import shown_text

    return shown_text(str(value)) if value is not None else ""


def _changed_kind(card: dict[str, Any], data: dict[str, Any], shown: str) -> bool:
    """Whether the 二级指标 cell names another kind than the row has."""
    try:
        framework = get_framework(str(card.get("framework", "mof-2020-project")))
    except ScorecardError:
        return False
    resolved = framework.resolve_kind(shown) if shown else None
    if resolved is None:
        return bool(shown) and shown != data.get("kind")
    kind = framework.resolve_kind(str(data.get("kind", "")))
    aspect = data.get("aspect")
    if kind is None:
        return True
    return resolved[0] != kind[0] or (
        resolved[1] != (kind[1] or aspect) and resolved[1] is not None
    )


# --- the whole workbook ---------------------------------------------------------------


def read_workbook(path: str) -> tuple[list[dict[str, Any]], list[str]]:
    """Every card sheet of a workbook as scorecard data, checked by the
    loader, and notes on what was assumed (a title taken from the file name).

    Raises ScorecardError naming each cell that could not be read, and each
    problem the loader finds in the card that came out, by sheet and cell.
    """
    book = _open(path)
    reader = GridReader(path)
    entries = _hidden(reader, book)
    found: list[tuple[dict[str, Any], Cells]] = []
    shown: list[Any] = []  # the book of values as last computed, opened when needed
    for sheet in book.worksheets:
        if sheet.sheet_state != "visible" or cell_text(sheet["A1"].value) in ("名次", "Rank"):
            continue  # hidden data, or a batch's summary sheet
        grid: Grid = sheet_grid(sheet)
        entry = entries.get((sheet.title, "card", ""))
        comments: list[str] = []
        if entry is not None:
            mapped = _own(reader, sheet, grid, entries, entry)
        else:
            grid = _computed(reader, path, sheet.title, grid, shown, comments)
            mapped = map_grid(reader, sheet.title, grid)
            if mapped is not None:
                set_weights(mapped[0])
        if mapped is not None:
            found.append((ImportedCard(mapped[0], comments), mapped[1]))
    if reader.problems:
        raise ScorecardError(reader.problems)
    _validate(reader, found)
    return [card for card, _ in found], reader.notes


class ImportedCard(dict[str, Any]):
    """A card read from a workbook, with the comments its YAML starts with
    (a figure that came from a formula, say)."""

    def __init__(self, data: dict[str, Any], comments: Sequence[str] = ()) -> None:
        super().__init__(data)
        self.comments = tuple(comments)


def _computed(
    reader: GridReader, path: str, sheet: str, grid: Grid, shown: list[Any], comments: list[str]
) -> Grid:
    """An official sheet's formula cells as the values a spreadsheet program
    last computed and saved (what the form shows), each named in a comment;
    a formula with no saved value is a located problem (never guessed)."""
    formulas = {
        (c.origin or c.coordinate)
        for row in grid
        for c in row
        if isinstance(c.value, str) and c.value.startswith("=")
    }
    if not formulas:
        return grid
    if not shown:
        shown.append(_open(path, data_only=True))
    values = shown[0][sheet]
    out: list[list[GridCell]] = []
    named: set[str] = set()
    for row in grid:
        line = []
        for c in row:
            first = c.origin or c.coordinate
            if first not in formulas:
                line.append(c)
                continue
            value = values[first].value
            if first not in named:
                named.add(first)
                if value is None:
                    reader.fail(sheet, first, say("workbook.formula", name=first,
                                                  formula=str(c.value)[:80]))  # fmt: skip
                else:
                    comments.append(
                        say("forms.from-formula", cell=f"{sheet}!{first}", value=cell_text(value))
                    )
            line.append(attrs.evolve(c, value=value))
        out.append(line)
    return out


def import_workbook(path: str) -> list[dict[str, Any]]:
    """Every card sheet of a workbook as scorecard data (see :func:`read_workbook`)."""
    return read_workbook(path)[0]


def _validate(reader: GridReader, found: list[tuple[dict[str, Any], Cells]]) -> None:
    """The loader's problems with each card, placed at the cell they came from."""
    from .loading import from_dict

    problems: list[Problem] = []
    for card, cells in found:
        try:
            from_dict(card, source=reader.path)
        except ScorecardError as exc:
            for problem in exc.problems:
                problems.append(_placed(reader.path, problem, cells))
    if problems:
        raise ScorecardError(problems)


def _placed(path: str, problem: Problem, cells: Cells, *, one_place: bool = False) -> Problem:
    """A problem of the card read from a grid, placed at the cell its key
    came from (``sheet``, ``cell``; with ``one_place``, ``table 1, row 12,
    column 5`` as a form's places are written), naming the indicator."""
    key = tuple(problem.path)
    while key and key not in cells:
        key = key[:-1]
    sheet, cell, name = cells.get(key, ("?", "A1", ""))
    what = format_path(problem.path)
    said = say("workbook.placed", name=name, path=what, message=problem.message)
    where: tuple[str, ...] = (sheet, cell)
    if one_place:
        where = (cell if cell.startswith(("table ", "page ")) else f"{sheet}, {cell}",)
    return Problem(where, said if name else f"{what}: {problem.message}", Location(path))


def to_yaml(card: dict[str, Any]) -> str:
    """One card as scorecard YAML: numbers as numbers (exact), texts as written."""
    from .card_data import card_yaml

    header = "# Imported from a workbook by perfeval import; check it, then perfeval score.\n"
    comments = "".join(f"{line}\n" for line in getattr(card, "comments", ()))
    return header + comments + card_yaml(dict(card))
