"""Published forms as they are: Word, web pages, PDF and Excel, into review.

Each format only extracts its tables as grids of :class:`~perfeval.grid.GridCell`
(a merged cell's value fills every position of its range, ``origin`` naming
its first cell); one mapping, :func:`perfeval.grid.map_grid`, turns each grid
that holds an indicator table into a card in review mode: every published
得分 kept as ``reported``. Several forms in one document (one table each, or
several forms run together in one table, split on their title rows) give
several cards.

Formats and the extra each needs: ``.docx`` (python-docx, ``perfeval[docx]``),
``.html``/``.htm`` (lxml, ``perfeval[html]``), ``.pdf`` with a text layer
(pdfplumber, ``perfeval[pdf]``), ``.xlsx`` (openpyxl, ``perfeval[excel]``);
``perfeval[forms]`` installs them all. Every read is bounded (limits in
:mod:`perfeval.limits`).
"""

from __future__ import annotations

import codecs
import contextlib
import io
import math
import os
import re
from collections.abc import Callable, Sequence
from decimal import ROUND_HALF_UP, Decimal
from functools import partial
from pathlib import Path as FsPath
from typing import Any

import attrs

from ..core.errors import Location, Problem, ScorecardError, library_error
from ..core.limits import (
    MAX_DOCX_XML,
    MAX_FORM_BYTES,
    MAX_FORM_CELLS,
    MAX_FORM_TABLES,
    MAX_HTML_DEPTH,
    MAX_PDF_INFLATED,
    MAX_PDF_PAGES,
    MAX_SHEET_COLUMNS,
    MAX_SHEET_ROWS,
    MAX_SPAN,
)
from .grid import (
    Cells,
    Grid,
    GridCell,
    GridReader,
    cell_text,
    fold_label,
    header_row,
    is_total_row,
    map_grid,
    one_line,
    opens_form,
    place,
    points,
    points_header,
    say,
    set_weights,
)

__all__ = ["FORM_SUFFIXES", "Form", "FormMissingError", "is_form", "read_forms"]

#: File suffixes read as published forms (besides YAML cards).
FORM_SUFFIXES = (".docx", ".html", ".htm", ".pdf", ".xlsx")
_LEGACY = {".doc": ".docx", ".xls": ".xlsx", ".et": ".xlsx", ".wps": ".docx"}
_EXTRA = {".docx": "docx", ".html": "html", ".htm": "html", ".pdf": "pdf", ".xlsx": "excel"}


class FormMissingError(ScorecardError):
    """The optional library a form's format needs is not installed."""


def is_form(path: str | os.PathLike[str]) -> bool:
    """Whether a path names a form perfeval reads (by its suffix), legacy ones included."""
    suffix = FsPath(path).suffix.lower()
    return suffix in FORM_SUFFIXES or suffix in _LEGACY


@attrs.frozen
class Form:
    """One form read from a document: its card data (review mode), the table
    it came from, and which column each header was mapped to."""

    data: dict[str, Any]
    source: str
    table: str
    #: field → (column number from 1, the header's text)
    columns: dict[str, tuple[int, str]]
    notes: tuple[str, ...] = ()
    #: each key of the card → (table, cell, indicator) it was read from
    cells: Cells = attrs.field(factory=dict, eq=False, repr=False)


def _fail(path: str, key: str, **params: Any) -> ScorecardError:
    """An error of the whole file, its sentence from the FORMS catalogue."""
    return ScorecardError.single((), say(key, **params), Location(path))


def _missing(path: str, suffix: str, library: str) -> FormMissingError:
    extra = _EXTRA[suffix]
    return FormMissingError(
        [
            Problem(
                (),
                say("forms.needs-library", suffix=suffix, library=library, extra=extra),
                Location(path),
            )
        ]
    )


# --- reading --------------------------------------------------------------------------


def read_forms(path: str | os.PathLike[str]) -> tuple[list[Form], list[Problem]]:
    """Every form in a document, and the problems met (each names its table,
    row and column). A row with a cell that cannot be read is left out of
    its card (never guessed), and its problem is in the list."""
    from ._files import display_path

    name = os.fspath(path)
    suffix = FsPath(name).suffix.lower()
    if suffix in _LEGACY:
        raise _fail(name, "forms.legacy", suffix=suffix, save=_LEGACY[suffix])
    if suffix not in FORM_SUFFIXES:
        raise _fail(name, "forms.not-a-form", suffixes=", ".join(FORM_SUFFIXES))
    reader = _FormReader(name)
    unjoined: list[tuple[str, str]] = []  # (the form's table, the note on a part left out)
    tables = _tables(name, suffix, unjoined)
    forms: list[Form] = []
    before_table: Grid = []
    for label, whole in tables:
        grid: Grid = whole
        if header_row(whole) is None:
            before_table = whole if len(whole) <= 20 else []
            continue
        if before_table and not any(_TITLE.search(cell_text(c.value)) for c in whole[0]):
            # the title and funds in a table of their own, just above the indicators
            grid = [*before_table, *whole]
        before_table = []
        for part, piece in enumerate(_split(grid)):
            if header_row(piece) is None:
                continue
            where = label if part == 0 else f"{label}, form {part + 1}"  # FORMS place.*-form
            before = len(reader.notes)
            if part == 0:
                reader.notes.extend(note for table, note in unjoined if table == label)
            mapped = map_grid(reader, where, piece, review=True)
            if mapped is None:
                continue
            card, cells = mapped
            set_weights(card)
            data = {"perfeval-review": 1, **{k: v for k, v in card.items() if k != "perfeval"}}
            notes = tuple(reader.notes[before:])
            forms.append(Form(data, name, where, _columns(piece), notes, cells))
    if not forms and not reader.problems:
        pointless = [label for label, grid in tables if points_header(grid) is not None]
        said = (
            say("forms.no-points", count=len(tables), tables=", ".join(pointless))
            if pointless
            else say("forms.no-form", count=len(tables))
        )
        reader.problems.append(Problem((), said, Location(display_path(name))))
    return forms, reader.problems


class _FormReader(GridReader):
    """Problems named ``table 2, row 7, column 5`` (one place, as a reader reads it)."""

    def fail(self, sheet: str, cell: str, message: str) -> None:
        where = cell if cell.startswith(("table ", "page ")) else f"{sheet}, {cell}"
        self.problems.append(Problem((where,), message, Location(self.path)))


def _columns(grid: Grid) -> dict[str, tuple[int, str]]:
    found = header_row(grid)
    if found is None:
        return {}
    at, columns = found
    out = {}
    for key, j in columns.items():
        for row in (grid[at], grid[at - 1] if at else grid[at]):
            if j < len(row) and cell_text(row[j].value):
                text = cell_text(row[j].value).replace("\n", "")
                if key in ("nature", "target", "unit") or fold_label(text):
                    out[key] = (j + 1, text)
                    break
    return out


_TITLE = re.compile(r"自评表|自評表")


def _split(grid: Grid) -> list[Grid]:
    """Forms run together in one table (a county page): split on each title
    row (one text, naming a 自评表) that follows an indicator table."""
    starts = [0]
    seen_header = False
    for i, row in enumerate(grid):
        texts = {cell_text(c.value) for c in row} - {""}
        if len(texts) == 1 and _TITLE.search(next(iter(texts))) and seen_header:
            starts.append(i)
            seen_header = False
        elif any(fold_label(cell_text(c.value)) in ("三级指标", "指标名称") for c in row):
            seen_header = True
    return [grid[a:b] for a, b in zip(starts, [*starts[1:], len(grid)], strict=True)]


def _tables(path: str, suffix: str, notes: list[tuple[str, str]]) -> list[tuple[str, Grid]]:
    from ._files import read_bytes

    if suffix == ".xlsx":
        return _xlsx(path)
    data = read_bytes(path, "the form", limit=MAX_FORM_BYTES, hint="")
    if suffix == ".pdf":
        return _join_continued(_pdf(path, data), pages=True, notes=notes)
    tables = _docx(path, data) if suffix == ".docx" else _html(path, data)
    return _join_continued(tables, pages=False, notes=notes)


def _above(lines: Sequence[str], t: int) -> list[list[GridCell]]:
    """The lines of text just above a table (its title, the unit), as rows of
    one cell each, named as what they are (the table's rows keep their numbers)."""
    return [[GridCell(line, f"the text above table {t}")] for line in lines if len(line) <= 200]


def _place(r: int, c: int) -> str:
    return f"row {r + 1}, column {c + 1}"


class _Cells:
    """The grid positions a form file may still fill (MAX_FORM_CELLS), shared
    by all its tables: counted before the cells are made, so a small file of
    wide merged cells is refused, not built."""

    def __init__(self, path: str) -> None:
        self.path = path
        self.left = MAX_FORM_CELLS

    def take(self, count: int) -> None:
        self.left -= count
        if self.left < 0:
            raise _fail(self.path, "forms.too-many-cells", limit=f"{MAX_FORM_CELLS:,}")

    def looked(self, build: Callable[[_Cells], Grid]) -> Grid | None:
        """A table with a table inside, built on a count of its own to seek
        its header: a form's grid is built again with the tables in its cells
        (so it is counted then, once), and a layout table's look is counted
        now: None for a layout table."""
        look = _Cells(self.path)
        look.left = self.left
        grid = build(look)
        if header_row(grid) is not None:
            return grid
        self.take(self.left - look.left)
        return None


def _fill(rows: Sequence[Sequence[tuple[str, int, int]]], cells: _Cells) -> list[list[GridCell]]:
    """Rows of (text, rowspan, colspan) cells as a grid: each merged cell's
    text at every position it covers (the HTML table model). Linear in the
    positions filled: a row's width is kept as it grows, and a row is let go
    once it is in the grid."""
    taken: dict[tuple[int, int], GridCell] = {}
    widths: dict[int, int] = {}  # row → one past its last filled column
    grid: list[list[GridCell]] = []
    rows = rows[:MAX_SHEET_ROWS]
    for r, row in enumerate(rows):
        c = 0
        for text, down, across in row:
            while (r, c) in taken:
                c += 1
            if c >= MAX_SHEET_COLUMNS:
                break
            down, across = max(1, min(down, MAX_SPAN)), max(1, min(across, MAX_SPAN))
            origin = _place(r, c)
            last_row, last_column = min(r + down, len(rows)), min(c + across, MAX_SHEET_COLUMNS)
            cells.take((last_row - r) * (last_column - c))
            for i in range(r, last_row):
                for j in range(c, last_column):
                    taken[(i, j)] = GridCell(text, _place(i, j), origin=origin)
                widths[i] = max(widths.get(i, 0), last_column)
            c += across
        line = [taken.pop((r, j), None) for j in range(widths.pop(r, 0))]
        cells.take(line.count(None))  # the empty positions the row is padded with
        grid.append([cell or GridCell(None, _place(r, j)) for j, cell in enumerate(line)])
    return grid


# --- .xlsx ------------------------------------------------------------------------------


def _xlsx(path: str) -> list[tuple[str, Grid]]:
    from ..write.excel import ExcelMissingError
    from .excel_import import _open, sheet_grid

    try:
        book = _open(path, data_only=True)  # a formula's value, as the form shows it
    except ExcelMissingError:
        raise _missing(path, ".xlsx", "openpyxl") from None
    return [
        (f"sheet {sheet.title}", [[_as_shown(cell) for cell in row] for row in sheet_grid(sheet)])
        for sheet in book.worksheets
        if sheet.sheet_state == "visible"
    ]


#: What a number format's first section shows after its literals, padding and
#: colours are set aside: fixed decimals (``0.00``, ``#,##0.0``, ``0.00"分"``).
_FORMAT_NOISE = re.compile(r'"[^"]*"|\\.|_.|\[[^\]]*\]|\s')
_FIXED_DECIMALS = re.compile(r"[#,0]*0(?:\.(0+))?")


def _as_shown(cell: GridCell) -> GridCell:
    """A number as the published form shows it: a formula's float result
    (19.047619047619047) at the decimals of its cell's format (0.00 → 19.05,
    Excel's own half-up rounding). Percentages and General are left as they
    are (written_text reads a percent format itself)."""
    value = cell.value
    if not isinstance(value, float) or "%" in cell.number_format:
        return cell
    shape = _FORMAT_NOISE.sub("", cell.number_format.split(";")[0])
    fixed = _FIXED_DECIMALS.fullmatch(shape)
    if fixed is None or not math.isfinite(value) or abs(value) >= 1e15:
        return cell  # beyond 15 digits a cell is not a figure perfeval reads (cell_number)
    step = Decimal(1).scaleb(-len(fixed[1] or ""))
    shown = Decimal(repr(value)).quantize(step, rounding=ROUND_HALF_UP)
    return attrs.evolve(cell, value=shown)


# --- .docx ------------------------------------------------------------------------------

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
#: A drawing's second copy (mc:AlternateContent's mc:Fallback) for readers without text boxes.
_MC = "{http://schemas.openxmlformats.org/markup-compatibility/2006}"
_FALLBACK, _CHOICE = f"{_MC}Fallback", f"{_MC}Choice"
_BREAKS = frozenset([f"{_W}br", f"{_W}cr"])


def _docx(path: str, data: bytes) -> list[tuple[str, Grid]]:
    try:
        import docx
    except ImportError:
        raise _missing(path, ".docx", "python-docx") from None
    from .excel_import import check_zip

    check_zip(path, data, "Word document", ".docx")
    _check_body_size(path, data)
    try:
        document = docx.Document(io.BytesIO(data))
    except Exception as exc:
        raise _fail(path, "forms.word-unreadable", error=library_error(exc)) from None
    body = document.element.body
    tables = list(body.iter(f"{_W}tbl"))
    if len(tables) > MAX_FORM_TABLES:
        raise _fail(path, "forms.too-many-tables", count=f"{len(tables):,}",
                    limit=f"{MAX_FORM_TABLES:,}")  # fmt: skip
    return _WordTables(path, _holding(tables, f"{_W}tbl")).read(body)


class _WordTables:
    """A Word body's forms in document order, in one walk: each table read
    as a form (a table in its cell is part of the cell), or, a layout table
    around forms (no header of its own), looked into; the paragraphs outside
    forms (a layout cell's too) are the lines above the next form; a text
    box's second copy (mc:Fallback) is passed over."""

    def __init__(self, path: str, outer: set[Any]) -> None:
        self.cells = _Cells(path)
        self.outer = outer  # the tables with a table inside
        self.lines: list[str] = []  # the paragraphs above the next table: its title, the unit
        self.out: list[tuple[str, Grid]] = []

    def read(self, body: Any) -> list[tuple[str, Grid]]:
        self.visit(body)
        return self.out

    def visit(self, node: Any) -> None:
        for child in node:
            if _second_copy(child):
                continue
            if child.tag == f"{_W}p":
                text = _paragraph_text(child).strip()
                if text:
                    self.lines = [*self.lines[-3:], text]
                self.visit(child)  # a text box's paragraphs and tables, inside this one
            elif child.tag == f"{_W}tbl" and not (
                child in self.outer
                and self.cells.looked(partial(_docx_grid, child, nested=False)) is None
            ):
                t = len(self.out) + 1
                grid = _docx_grid(child, self.cells)
                self.out.append((f"table {t}", [*_above(self.lines, t), *grid]))
                self.lines = []
            else:  # a layout table, a row, a cell, a run: looked into
                self.visit(child)


def _check_body_size(path: str, data: bytes) -> None:
    """The document's body, as the zip's directory declares it (zipfile never
    unpacks a member past that), within MAX_DOCX_XML."""
    import zipfile

    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        size = sum(
            m.file_size for m in archive.infolist() if m.filename.startswith("word/document")
        )
    if size > MAX_DOCX_XML:
        raise _fail(path, "forms.word-too-big", size=f"{size:,}", limit=f"{MAX_DOCX_XML:,}")


def _holding(tables: Sequence[Any], tag: str) -> set[Any]:
    """The tables with a table inside them, each marked once (upwards from
    every table, stopping at one already marked): linear in the tables and
    their depth, not in what lies inside them."""
    outer: set[Any] = set()
    for table in tables:
        for above in table.iterancestors(tag):
            if above in outer:
                break
            outer.add(above)
    return outer


def _second_copy(element: Any) -> bool:
    """A text box's mc:Fallback beside its mc:Choice: the same content again,
    for readers without text boxes (read when it is the only copy)."""
    return element.tag == _FALLBACK and element.getparent().find(_CHOICE) is not None


def _paragraph_text(p: Any) -> str:
    """A paragraph's own text: not a text box's paragraphs inside it (they are
    paragraphs of their own), nor a second copy."""
    parts: list[str] = []

    def walk(node: Any) -> None:
        for child in node:
            if child.tag == f"{_W}t":
                parts.append(child.text or "")
            elif child.tag in _BREAKS:
                parts.append("\n")  # a line break inside the paragraph: two lines, not one
            elif child.tag not in (f"{_W}p", f"{_W}tbl") and not _second_copy(child):
                walk(child)

    walk(p)
    return "".join(parts)


def _docx_text(tc: Any, nested: bool = True) -> str:
    """A cell's paragraphs, one a line (a text box's too, once); with those of
    a table nested in it only when ``nested`` (then each table's text is read
    once however deep the tables nest: the walk stops at a nested table)."""
    lines: list[str] = []

    def walk(node: Any) -> None:
        for child in node:
            if child.tag == f"{_W}p":
                lines.append(_paragraph_text(child))
                walk(child)  # a text box's paragraphs, inside this one
            elif (child.tag != f"{_W}tbl" or nested) and not _second_copy(child):
                walk(child)

    walk(tc)
    return "\n".join(lines).strip()


def _docx_grid(tbl: Any, cells: _Cells, *, nested: bool = True) -> list[list[GridCell]]:
    """A Word table from its XML: gridSpan spans columns, vMerge continues
    the cell above (python-docx's table.cell() would repeat merged cells)."""
    rows: list[list[GridCell]] = []
    above: dict[int, tuple[str, str]] = {}  # column → (text, origin) of the cell above
    for r, tr in enumerate(_table_rows(tbl)[:MAX_SHEET_ROWS]):
        line: list[GridCell] = []
        props = tr.find(f"{_W}trPr")
        before = props.find(f"{_W}gridBefore") if props is not None else None
        c = min(_int(before.get(f"{_W}val") if before is not None else None, 0), MAX_SPAN)
        cells.take(min(c, MAX_SHEET_COLUMNS))
        line.extend(GridCell(None, _place(r, j)) for j in range(min(c, MAX_SHEET_COLUMNS)))
        for tc in _row_cells(tr):
            pr = tc.find(f"{_W}tcPr")
            span = pr.find(f"{_W}gridSpan") if pr is not None else None
            merge = pr.find(f"{_W}vMerge") if pr is not None else None
            across = min(_int(span.get(f"{_W}val") if span is not None else None, 1), MAX_SPAN)
            continues = merge is not None and merge.get(f"{_W}val", "continue") != "restart"
            first = above.get(c) if continues else None
            if first is None:
                first = (_docx_text(tc, nested), _place(r, c))
            cells.take(max(0, min(c + across, MAX_SHEET_COLUMNS) - c))
            for j in range(c, min(c + across, MAX_SHEET_COLUMNS)):
                line.append(GridCell(first[0], _place(r, j), origin=first[1]))
                above[j] = first
            c += across
            if c >= MAX_SHEET_COLUMNS:
                break
        rows.append(line)
    return rows


def _table_rows(tbl: Any) -> list[Any]:
    """A table's rows in order, also those wrapped in content controls
    (w:sdt, as a repeating section writes its rows), not a nested table's."""
    out = []
    for child in tbl:
        if child.tag == f"{_W}tr":
            out.append(child)
        elif child.tag == f"{_W}sdt":
            content = child.find(f"{_W}sdtContent")
            if content is not None:
                out.extend(_table_rows(content))
    return out


def _row_cells(tr: Any) -> list[Any]:
    """A row's cells, also those wrapped in a content control (w:sdt)."""
    out = []
    for child in tr:
        if child.tag == f"{_W}tc":
            out.append(child)
        elif child.tag == f"{_W}sdt":
            out.extend(child.iter(f"{_W}tc"))
    return out


def _int(text: str | None, default: int) -> int:
    try:
        return max(default, int(text)) if text is not None else default
    except ValueError:
        return default


# --- .html ------------------------------------------------------------------------------

_META = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.IGNORECASE)


def decode_html(data: bytes) -> str:
    """A page's text: by its BOM (UTF-8, UTF-32, UTF-16), else its meta charset,
    else UTF-8, else GB18030 (GBK and GB2312 pages are GB18030's subsets)."""
    for bom, encoding in (
        (codecs.BOM_UTF8, "utf-8"),
        (codecs.BOM_UTF32_LE, "utf-32-le"),  # before UTF-16's FF FE, which it starts with
        (codecs.BOM_UTF32_BE, "utf-32-be"),
        (codecs.BOM_UTF16_LE, "utf-16-le"),
        (codecs.BOM_UTF16_BE, "utf-16-be"),
    ):
        if data.startswith(bom):
            return data[len(bom) :].decode(encoding, errors="replace")
    match = _META.search(data[:4096])
    if match:
        name = match.group(1).decode("ascii").lower()
        if name in ("gb2312", "gbk", "gb_2312-80", "x-gbk", "cp936"):
            name = "gb18030"
        try:
            return data.decode(name, errors="replace")
        except LookupError:
            pass
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return data.decode("gb18030", errors="replace")


def _html(path: str, data: bytes) -> list[tuple[str, Grid]]:
    try:
        import lxml.html
    except ImportError:
        raise _missing(path, ".html", "lxml") from None
    text = decode_html(data)
    if not text.strip():
        raise _fail(path, "forms.page-empty")
    try:
        # huge_tree: a text over 10 MB or elements over 255 deep are read (the file is
        # at most MAX_FORM_BYTES), not cut off silently; MAX_HTML_DEPTH then says so
        root = lxml.html.document_fromstring(text, parser=lxml.html.HTMLParser(huge_tree=True))
    except Exception as exc:
        raise _fail(path, "forms.page-unreadable", error=library_error(exc)) from None
    cells = _Cells(path)
    tables = list(root.iter("table"))
    if len(tables) > MAX_FORM_TABLES:
        raise _fail(path, "forms.too-many-tables", count=f"{len(tables):,}",
                    limit=f"{MAX_FORM_TABLES:,}")  # fmt: skip
    outer = _holding(tables, "table")
    read: list[tuple[Any, list[list[GridCell]]]] = []  # the tables read, with their grids
    inside: set[Any] = set()  # the tables within one read: parts of its cells
    for table in tables:
        if table in inside:
            continue
        depth = sum(1 for _ in table.iterancestors())
        if depth > MAX_HTML_DEPTH:
            raise _fail(path, "forms.too-deep", table=len(read) + 1, depth=depth,
                        limit=MAX_HTML_DEPTH)  # fmt: skip
        if table in outer:  # a layout table around the form, or a form with a table in a cell
            if cells.looked(partial(_html_own_grid, table)) is None:
                continue  # layout: its tables are read
            inside.update(table.iter("table"))
        read.append((table, _fill(_html_rows(table), cells)))
    headings = _html_headings(root, [table for table, _ in read])
    return [
        (f"table {t}", [*_above(headings[t - 1], t), *grid])
        for t, (_, grid) in enumerate(read, start=1)
    ]


def _html_own_grid(table: Any, cells: _Cells) -> list[list[GridCell]]:
    """A web table's grid without the tables in its cells (to seek its header)."""
    return _fill(_html_rows(table, nested=False), cells)


def _html_rows(table: Any, *, nested: bool = True) -> list[list[tuple[str, int, int]]]:
    """A table's own rows (not a nested table's) as (text, rowspan, colspan)
    cells, <br> as a line break; a cell's text holds the text of a table
    nested in it unless ``nested`` is False (then each table's text is read
    once however deep the tables nest)."""
    rows = []
    for tr in _own(table, "tr"):
        row = []
        for td in tr:
            if not isinstance(td.tag, str) or td.tag not in ("td", "th"):
                continue
            value = re.sub(r"[ \t\r\f\v\u00a0\u3000]+", " ", _html_text(td, nested))
            value = "\n".join(x.strip() for x in value.split("\n") if x.strip())
            row.append((value, _span(td.get("rowspan")), _span(td.get("colspan"))))
        rows.append(row)
    return rows


def _own(table: Any, tag: str) -> list[Any]:
    """A table's own ``tag`` elements (its rows), not a nested table's: the
    walk stops at a nested table, so each row is visited once whatever the
    nesting."""
    out: list[Any] = []

    def walk(node: Any) -> None:
        for child in node:
            if child.tag == tag:
                out.append(child)
            elif child.tag != "table" and isinstance(child.tag, str):
                walk(child)

    walk(table)
    return out


#: Elements whose content starts on a line of its own (a cell's two <div>s
#: are two lines, not one figure glued from two), and those that hold no text.
_LINES = frozenset(
    [
        "div",
        "p",
        "li",
        "tr",
        "table",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "ul",
        "ol",
        "dl",
        "dt",
        "dd",
        "blockquote",
        "pre",
        "section",
        "center",
    ]
)
_NO_TEXT = frozenset(["script", "style", "template", "noscript", "head", "title"])


def _html_text(element: Any, nested: bool) -> str:
    """An element's text: <br> and each block on a line of its own, a nested
    cell apart from the next; with or without the tables in it; not a
    script's or style's text."""
    parts: list[str] = []

    def walk(node: Any) -> None:
        if node.text and isinstance(node.tag, str):
            parts.append(node.text)
        for child in node:
            tag = child.tag if isinstance(child.tag, str) else ""  # not a comment
            if tag == "br":
                parts.append("\n")
            elif tag and tag not in _NO_TEXT and (tag != "table" or nested):
                if tag in _LINES:
                    parts.append("\n")
                walk(child)
                if tag in _LINES:
                    parts.append("\n")
                elif tag in ("td", "th"):
                    parts.append(" ")
            if child.tail:
                parts.append(child.tail)

    walk(element)
    return "".join(parts)


_BLOCKS = frozenset(
    ["p", "h1", "h2", "h3", "h4", "h5", "h6", "caption", "center", "div", "li", "td", "th"]
)


def _html_headings(root: Any, tables: Sequence[Any]) -> list[list[str]]:
    """The lines of text just above each table (its title, 单位：…), at most
    four, in document order: text blocks outside every form table."""
    inside: set[Any] = set()
    for table in tables:
        inside.update(table.iter())
        inside.discard(table)
    leaf = {id(t): i for i, t in enumerate(tables)}
    out: list[list[str]] = [[] for _ in tables]
    lines: list[str] = []
    everything = [e for e in root.iter() if isinstance(e.tag, str)]
    holds_block: set[Any] = set()  # elements with a block or table inside, in one pass
    for element in reversed(everything):  # each child before its parent
        parent = element.getparent()
        if parent is not None and (element in holds_block or element.tag in _BLOCKS | {"table"}):
            holds_block.add(parent)
    for element in everything:
        if id(element) in leaf:
            caption = element.find("caption")
            if caption is not None and caption.text_content().strip():
                lines = [*lines, caption.text_content().strip()]
            out[leaf[id(element)]] = [x for x in lines[-4:] if len(x) <= 200]
            lines = []
            continue
        if element in inside or element.tag not in _BLOCKS:
            continue
        if element in holds_block:
            continue  # its inner blocks are read one by one
        text = re.sub(r"\s+", " ", element.text_content()).strip()
        if text:
            lines.append(text)
    return out


def _pdf_problem(exc: Exception) -> tuple[str, dict[str, str]]:
    """Why pdfplumber could not open a PDF, in perfeval's words: it wraps
    pdfminer's own exception, whose class says a password or a broken file."""
    inner = exc.args[0] if exc.args and isinstance(exc.args[0], Exception) else exc
    name = type(inner).__name__
    if "Password" in name or "Encrypt" in name:
        return "forms.pdf-encrypted", {}
    if name in ("PSEOF", "PDFSyntaxError", "PDFNoValidXRef", "PSSyntaxError"):
        return "forms.pdf-damaged", {"error": library_error(inner)}
    return "forms.pdf-unreadable", {"error": library_error(inner)}


def _span(text: str | None) -> int:
    try:
        return max(1, min(int(str(text).strip()), MAX_SPAN)) if text else 1
    except ValueError:
        return 1


# --- .pdf -------------------------------------------------------------------------------


def _pdf(path: str, data: bytes) -> list[tuple[str, Grid]]:
    try:
        import pdfplumber
    except ImportError:
        raise _missing(path, ".pdf", "pdfplumber") from None
    if b"%PDF-" not in data[: 1024 + 5]:  # a header starting in the first 1,024 bytes
        raise _fail(path, "forms.pdf-not-pdf")
    _check_streams(path, data)
    _quiet_pdfminer()
    try:
        document = pdfplumber.open(io.BytesIO(data))
    except Exception as exc:
        key, params = _pdf_problem(exc)
        raise _fail(path, key, **params) from None
    # pdfplumber reads the page tree and each page's content only as they are
    # used: a damaged page fails below, and is a damaged file, not a traceback.
    try:
        with document:
            if len(document.pages) > MAX_PDF_PAGES:
                raise _fail(
                    path, "forms.pdf-pages", count=f"{len(document.pages):,}", limit=MAX_PDF_PAGES
                )
            if not document.pages:
                raise _fail(path, "forms.pdf-no-pages")
            out, any_text = _pdf_tables(document, _Cells(path))
    except ScorecardError:
        raise
    except Exception as exc:
        key, params = _pdf_problem(exc)
        if key == "forms.pdf-unreadable":
            key = "forms.pdf-damaged"  # the file opened: a part of it is broken
        raise _fail(path, key, **params) from None
    if not any_text:
        raise _fail(path, "forms.scanned")
    return out


_STREAM = re.compile(rb"stream\r?\n")


def _check_streams(path: str, data: bytes) -> None:
    """What the PDF's compressed streams unpack to, together, within
    MAX_PDF_INFLATED: each is unpacked a MiB at a time and thrown away, so
    the count itself needs no memory. A stream that is not zlib data (a JPEG
    image, say) is not counted: pdfminer does not inflate it either."""
    import zlib

    total = 0
    view = memoryview(data)  # a stream's bytes, not copied out of the file
    after = 0  # where the last stream counted ends: a "stream" before it is its content
    for found in _STREAM.finditer(data):
        if found.start() < after or data[max(0, found.start() - 3) : found.start()] == b"end":
            continue  # inside the stream counted, or "endstream" and its line break
        end = data.find(b"endstream", found.end())
        after = end if end >= 0 else len(data)  # each byte is searched and unpacked once
        inflate = zlib.decompressobj()
        rest: bytes | memoryview = view[found.end() : after]
        try:
            while rest and not inflate.eof:
                total += len(inflate.decompress(rest, 1 << 20))
                rest = inflate.unconsumed_tail
                if total > MAX_PDF_INFLATED:
                    raise _fail(path, "forms.pdf-inflates", limit=f"{MAX_PDF_INFLATED:,}")
        except zlib.error:
            continue


def _quiet_pdfminer() -> None:
    """pdfminer logs what it works around in a damaged file ('Invalid MediaBox
    …, defaulting to US Letter'); with no logging set up, Python would print
    that on stderr in English. perfeval says what matters in its own words."""
    import logging

    logger = logging.getLogger("pdfminer")
    if not any(isinstance(h, logging.NullHandler) for h in logger.handlers):
        logger.addHandler(logging.NullHandler())


def _pdf_tables(document: Any, cells: _Cells) -> tuple[list[tuple[str, Grid]], bool]:
    """Every table of every page, and whether any page has text."""
    out: list[tuple[str, Grid]] = []
    any_text = False
    for p, page in enumerate(document.pages, start=1):
        if page.chars:
            any_text = True
        top = 0.0  # the text above a table: from the page's top, or the table before it
        for t, table in enumerate(page.find_tables(), start=1):
            rows = table.extract()
            lines: list[str] = []
            if table.bbox[1] > top + 1:
                title = page.crop((0, top, page.width, table.bbox[1])).extract_text() or ""
                lines = [x.strip() for x in title.splitlines() if x.strip()][-4:]
            top = max(top, table.bbox[3])
            texts = [[(_unwrap(cell or ""), 1, 1) for cell in row] for row in rows]
            out.append((f"page {p}, table {t}", [*_above(lines, t), *_fill(texts, cells)]))
    return out, any_text


_FIGURE_WRAP = re.compile(r"(?<=[\d.,])[ \t]*\n\s*(?=[\d.,%])")


def _unwrap(text: str) -> str:
    """A PDF cell's lines are the layout's wraps: joined (without a space next
    to a Chinese character, nor inside a figure: ``387664.6`` over ``2`` in a
    narrow cell is 387664.62)."""
    return one_line(_FIGURE_WRAP.sub("", text))


#: Text that may stand between a form's table and the table it goes on in:
#: a continuation mark (续表, 表1（续）, （续上页）, 接上页), or a page number.
_GOES_ON = re.compile(r"续表|续上|续前|接上|[（(]续[)）]")
_PAGE_NUMBER = re.compile(r"[-—－第]*\d+[页/\d\-—－]*")


class _Open:
    """A form table that may still go on in the next table: its rows (a list
    the next part's rows are added to), its header and width, and the text
    above it (a PDF page's running head, found again above the next page)."""

    def __init__(self, label: str, rows: list[Sequence[GridCell]], header: int,
                 columns: dict[str, int]) -> None:  # fmt: skip
        self.label = label
        self.rows = rows
        self.columns = columns
        self.top = [_texts([row])[0] for row in rows[: header + 1] if not _is_above(row)]
        self.width = max(len(row) for row in rows[header:])
        self.furniture = {cell_text(row[0].value) for row in rows[:header] if _is_above(row)}

    @classmethod
    def of(cls, label: str, rows: list[Sequence[GridCell]]) -> _Open | None:
        """The table as a form that may go on: one with a header and no total row yet."""
        found = header_row(rows)
        if found is None or any(is_total_row(row) for row in rows[found[0] + 1 :]):
            return None
        return cls(label, rows, *found)

    def goes_on(self, row: Sequence[GridCell]) -> bool:
        """A first row that cannot start a form: its 一级 and 二级 left blank
        (the merged cells of the part above, cut where the table was split)."""
        levels = [self.columns[key] for key in ("level1", "level2") if key in self.columns]
        return bool(levels) and all(j >= len(row) or not cell_text(row[j].value) for j in levels)

    def indicator_like(self, row: Sequence[GridCell]) -> bool:
        """A row with a 三级指标 and a number for its 分值, in this table's columns."""
        name, weight = self.columns["name"], self.columns["weight"]
        return (
            max(name, weight) < len(row)
            and bool(cell_text(row[name].value))
            and points(row[weight].value) is not None
        )


def _join_continued(
    tables: list[tuple[str, Grid]], *, pages: bool, notes: list[tuple[str, str]] | None = None
) -> list[tuple[str, Grid]]:
    """A form's table that goes on in another table is one table: a PDF's on
    the next page (that page's first table, by the rules of ``pages``) or
    further down its page (by those of a document), a Word document's or web
    page's in the next table, split by a paragraph or a page break. A table with no
    header that looks like the rest of a form but is not joined (text other
    than 续表 stands between) is named in ``notes`` (with the form's table),
    not dropped unsaid.
    Linear in the rows: each part is looked at once."""
    out: list[tuple[str, Grid]] = []
    last: _Open | None = None
    for label, grid in tables:
        if last is not None:  # a PDF page's first table goes on from the page before
            rest = _continuation(last, label, grid, pages=pages and label.endswith("table 1"))
            if rest is not None:
                last.rows.extend(rest)
                if any(is_total_row(row) for row in rest):
                    last = None  # the form has ended
                continue
            if (
                notes is not None
                and header_row(grid) is None
                and any(last.indicator_like(row) for row in grid[:5])
            ):
                notes.append((last.label, say("forms.not-joined", table=label, table0=last.label)))
        rows = list(grid)
        out.append((label, rows))
        last = _Open.of(label, rows)
    return out


def _continuation(
    form: _Open, label: str, grid: Grid, *, pages: bool
) -> list[Sequence[GridCell]] | None:
    """The rows of ``grid`` that go on with ``form``, or None when ``grid`` is
    a table of its own. It goes on when it opens no form of its own (no title
    row, 项目名称 or funds table) and its first rows are the form's rows (an
    indicator with its 分值, or the total); on a PDF's next page it may first
    repeat the form's top rows down to its header (Word's "repeat as header
    row", kept in the PDF), and those are dropped. The text above it is
    dropped too: a continuation mark, a page number, on a PDF page the running
    head the form's first page also has; any other text above it (a title, 项目
    名称) starts a new form. In a Word document or web page the two tables are
    as wide, and a table with a header of its own is a table of its own."""
    above = [cell_text(row[0].value) for row in grid if _is_above(row)]
    body = [row for row in grid if not _is_above(row)]
    if not body:
        return None
    for text in above:
        folded = re.sub(r"\s+", "", text)
        if len(folded) <= 30 and (_GOES_ON.search(folded) or _PAGE_NUMBER.fullmatch(folded)):
            continue
        if not pages or text not in form.furniture:
            return None
    if not pages and max(map(len, body)) != form.width:
        return None
    start = _repeated(form.top, _texts(body[: len(form.top)]))
    rest = body[start:]
    if header_row(rest) is not None or any(opens_form(row) for row in rest[:3]):
        return None  # a table with its own header, or a new form
    if not any(form.indicator_like(row) or is_total_row(row) for row in rest[:5]):
        return None  # a table of another kind: signatures, notes
    if start and not pages and not form.goes_on(rest[0]):
        return None  # in a document, a table with the header is a form of its own
    return [_relabelled(row, label) for row in rest]


def _repeated(top: list[list[str]], texts: list[list[str]]) -> int:
    """How many first rows of a part repeat the form's top rows: all of them
    (title and header), the first ones (the title), or the last (the header)."""
    for k in range(min(len(top), len(texts)), 0, -1):
        if texts[:k] in (top[:k], top[-k:]):
            return k
    return 0


def _relabelled(row: Sequence[GridCell], label: str) -> list[GridCell]:
    """A row of a later part, its cells named with their own table (a problem
    in it says ``table 2, row 6, column 6``, where it is)."""
    return [
        attrs.evolve(
            cell,
            coordinate=f"{label}, {cell.coordinate}",
            origin=f"{label}, {cell.origin}" if cell.origin else "",
        )
        for cell in row
    ]


def _texts(rows: Sequence[Sequence[GridCell]]) -> list[list[str]]:
    return [[fold_label(cell_text(c.value)) for c in row] for row in rows]


def _is_above(row: Sequence[GridCell]) -> bool:
    """A row made of the text above a table (see :func:`_above`)."""
    return len(row) == 1 and row[0].coordinate.startswith("the text above")


# --- review and import --------------------------------------------------------------------

_KEYS = {
    "level1": "一级指标",
    "level2": "二级指标",
    "name": "三级指标",
    "nature": "指标性质",
    "target": "年度指标值",
    "unit": "度量单位",
    "actual": "实际完成值",
    "weight": "分值",
    "score": "得分",
    "evaluator": "评价人评分",
    "note": "偏差原因",
    "rule": "评分规则",
    "id": "编号",
}


def reading_map(form: Form) -> list[dict[str, Any]]:
    """Which column each field was read from, in the order of :data:`_KEYS`:
    ``{"field": "actual", "label": "实际完成值", "column": 8, "header": "实际完成值"}``;
    a field the form has no column for (实际完成值, 得分) has ``column: None``."""
    order = list(_KEYS)
    out: list[dict[str, Any]] = []
    for key in sorted(form.columns, key=lambda k: order.index(k) if k in order else 99):
        column, header = form.columns[key]
        out.append({"field": key, "label": _KEYS.get(key, key), "column": column,
                    "header": header})  # fmt: skip
    for key in ("actual", "weight", "score"):
        if key not in form.columns:
            out.append({"field": key, "label": _KEYS[key], "column": None, "header": None})
    return out


def explain_reading(form: Form, lang: str = "en") -> str:
    """Which column of the form each field was read from, one line each."""
    from ..core.i18n import message
    from ._files import display_path

    head = f"{display_path(form.source)}: {place(form.table, lang)}: "
    lines = []
    for entry in reading_map(form):
        if entry["column"] is None:
            said = message("forms.no-column", field=entry["label"])
        else:
            said = message("forms.column", field=entry["label"], column=entry["column"],
                           label=entry["header"])  # fmt: skip
        lines.append(head + said.text(lang))
    return "\n".join(lines)


def review_form(form: Form, *, allow_framework_outside: bool = False, lang: str = "en") -> Any:
    """The review :class:`~perfeval.results.Result` of one form read from a document
    (its source names the table in ``lang``: ``form.docx (table 1)``, ``form.docx (表 1)``)."""
    from ..core.scoring import score
    from .excel_import import _placed
    from .loading import from_dict

    try:
        card = from_dict(
            form.data,
            source=f"{form.source} ({place(form.table, lang)})",
            mode="review",
            allow_framework_outside=allow_framework_outside,
        )
    except ScorecardError as error:
        if not form.cells:
            raise
        raise ScorecardError(
            [_placed(form.source, p, form.cells, one_place=True) for p in error.problems]
        ) from None
    return score(card)


def form_yaml(form: Form, problems: Sequence[Problem] = (), lang: str = "en") -> str:
    """A form as a ``perfeval-review`` card, with a comment naming the source
    file and table, the columns read, and each row left unread (in ``lang``)."""
    from ..core._safe import visible
    from ..core.i18n import message
    from ._files import display_path
    from .card_data import card_yaml

    source = visible(display_path(form.source))
    head = message("forms.read-from", source=source, table=place(form.table, lang))
    explained = explain_reading(form, lang).splitlines()
    lines = [
        *head.text(lang).splitlines(),
        *(f"#   {visible(line.split(': ', 2)[-1])}" for line in explained),
    ]
    for problem in problems:
        if problem.path and str(problem.path[0]).startswith(f"{form.table},"):
            said = message("forms.unread-row", problem=visible(problem.text(lang)))
            lines.append(said.text(lang))
    return "\n".join(lines) + "\n" + card_yaml(form.data)


def warm_readers(paths: Sequence[str]) -> None:
    """Import the readers (and the scoring core) the paths need, once, in the
    parent before ``--jobs`` forks its workers: each worker then starts with
    them instead of importing them again."""
    from ..core import scoring  # noqa: F401

    suffixes = {FsPath(p).suffix.lower() for p in paths}
    for suffix, module in ((".docx", "docx"), (".html", "lxml.html"), (".htm", "lxml.html"),
                           (".pdf", "pdfplumber"), (".xlsx", "openpyxl")):  # fmt: skip
        if suffix in suffixes:
            with contextlib.suppress(ImportError):  # each form says which extra to install
                __import__(module)


@attrs.frozen
class Reviewed:
    """What reviewing one named file gave: its forms' results, the lines for
    stderr (the reading explained, notes) and its errors, in order."""

    results: tuple[Any, ...]
    lines: tuple[str, ...]
    errors: tuple[ScorecardError, ...]


def note_line(note: str, lang: str = "en") -> str:
    """A reading note as a line for stderr (``perfeval: note: …``), in ``lang``."""
    from ..core._safe import visible
    from ..core.i18n import message, translate

    return message("forms.note", text=visible(translate(note, lang))).text(lang)


def review_document(
    path: str,
    *,
    allow_framework_outside: bool = False,
    explain: bool = False,
    lang: str = "en",
    fmt: str | None = None,
    width: int | None = None,
) -> Reviewed:
    """Review one card or published form (a document may hold several forms).

    A document with a cell that cannot be read is not reviewed: its problems
    are returned, every one of them, and no result (a row is never guessed).
    Runs in a worker process for ``perfeval review --jobs``. With ``fmt`` (a
    format of :data:`perfeval.reviewing.PREPARED`) each result comes back
    prepared for that output (:func:`perfeval.reviewing.prepare`): rendered
    here, small to send, the JSON with each form's reading map."""
    from ..reviewing import PREPARED, prepare, review

    def ready(result: Any, form: Form | None = None) -> Any:
        if fmt not in PREPARED:
            return result
        reading = None
        if form is not None:
            reading = {"table": form.table, "columns": reading_map(form)}
        return prepare(result, fmt, lang, reading, width)

    lines: list[str] = []
    try:
        if not is_form(path):
            return Reviewed(
                (ready(review(path, allow_framework_outside=allow_framework_outside)),), (), ()
            )
        forms, problems = read_forms(path)
        for form in forms:
            if explain:
                lines.append(explain_reading(form, lang))
            lines.extend(note_line(note, lang) for note in form.notes)
        if problems:
            return Reviewed((), tuple(lines), (ScorecardError(problems),))
        results, errors = [], []
        for form in forms:
            try:
                result = review_form(
                    form, allow_framework_outside=allow_framework_outside, lang=lang
                )
                results.append(ready(result, form))
            except ScorecardError as error:
                errors.append(error)
        return Reviewed(tuple(results), tuple(lines), tuple(errors))
    except ScorecardError as error:
        return Reviewed((), tuple(lines), (error,))
