"""Every limit perfeval enforces on what it reads, in one place.

perfeval reads files that arrive by e-mail or upload. Each limit below keeps
one kind of hostile or broken input from reading what it should not, hanging
the process or exhausting memory; each is far above what a real scorecard,
framework or accounts file needs, is documented with its number in
docs/errors.md, and is tested at the limit and just past it. Going past a
limit is an input error (exit 2) that names the file and the limit.

This module imports nothing of ours, so every other module may use it.
"""

from __future__ import annotations

import os
from decimal import Decimal

__all__ = [
    "EXPANSION_FACTOR",
    "MAX_AUDIT_WORK",
    "MAX_CELL_CHARS",
    "MAX_CLAIM_WORK",
    "MAX_DEPTH",
    "MAX_DOCUMENT_QUOTE",
    "MAX_EXPANDED_BYTES",
    "MAX_EXPRESSION_DEPTH",
    "MAX_EXPRESSION_LENGTH",
    "MAX_EXPRESSION_TERMS",
    "MAX_FILE_BYTES",
    "MAX_FORM_BYTES",
    "MAX_HTML_DEPTH",
    "MAX_INTERMEDIATE",
    "MAX_JOBS",
    "MAX_NUMBER",
    "MAX_PDF_PAGES",
    "MAX_QUOTE",
    "MAX_SHEETS",
    "MAX_SHEET_COLUMNS",
    "MAX_SHEET_ROWS",
    "MAX_SPAN",
    "MAX_VALUES",
    "MAX_WORKBOOK_BYTES",
    "MAX_WORKBOOK_CELLS",
    "MAX_ZIP_MEMBER_RATIO",
    "MAX_ZIP_UNCOMPRESSED",
    "TABLE_CELL_CHARS",
    "expanded_limit",
    "max_jobs",
]

# --- Files ---------------------------------------------------------------------------

#: Largest file read, in bytes (5 MiB): a scorecard, framework, accounts file
#: or batch member. A scorecard of 1,000 indicators is about 250 KiB. Files
#: are read through this bound, so a device such as /dev/zero cannot exhaust
#: memory; FIFOs, devices, sockets and folders are refused before reading.
MAX_FILE_BYTES = 5 * 1024 * 1024

# --- YAML documents ------------------------------------------------------------------

#: Deepest nesting of mappings and lists in a YAML document (a card needs 4).
MAX_DEPTH = 32

#: Most values a YAML document may expand to, aliases included (an alias
#: bomb repeats aliases of aliases); a card of 1,000 indicators has ~15,000.
MAX_VALUES = 100_000

#: The text of a document (keys and values) may expand, through aliases, to
#: at most EXPANSION_FACTOR times the size of the document in bytes ...
EXPANSION_FACTOR = 10

#: ... or MAX_EXPANDED_BYTES (10 MiB), whichever is larger. One large
#: anchored string aliased many times would otherwise pass the value count
#: and make every report gigabytes long.
MAX_EXPANDED_BYTES = 10 * 1024 * 1024


def expanded_limit(input_bytes: int) -> int:
    """How many bytes of text a document of ``input_bytes`` may expand to."""
    return max(EXPANSION_FACTOR * input_bytes, MAX_EXPANDED_BYTES)


# --- Numbers ---------------------------------------------------------------------------

#: Largest magnitude of any number perfeval reads, in its base unit
#: (10^18 元 is a million times the world's yearly output).
MAX_NUMBER = Decimal(10) ** 18

#: Smallest magnitude of a number other than 0 that perfeval reads, in its
#: base unit. With MAX_NUMBER it bounds every ratio of two read numbers by
#: 10^36, which perfeval's 60-digit arithmetic rounds to any precision
#: (0.000000000000000001元 is a billionth of a fen).
MIN_NUMBER = Decimal(10) ** -18

#: Largest magnitude an intermediate result of a formula or an audit claim
#: may reach (10^36, the product of two numbers just below MAX_NUMBER);
#: beyond it the arithmetic stops with an error instead of losing digits.
MAX_INTERMEDIATE = MAX_NUMBER**2

# --- Expressions (card formulas and audit claims) ------------------------------------

#: Longest formula or claim, in characters.
MAX_EXPRESSION_LENGTH = 4_000

#: Most figures and numbers in one formula or claim, the stated result
#: included (a flat sum of 1,000 figures nests 1,000 operations deep when
#: evaluated, and an audit's work grows with the square of the terms: a claim
#: of 100 takes about a second).
MAX_EXPRESSION_TERMS = 100

#: Deepest nesting of parentheses and signs in one formula or claim.
MAX_EXPRESSION_DEPTH = 32

#: Operations (one per node of a claim evaluated over a box of its figures'
#: rounding intervals) the audit of one claim may spend before the claim is
#: given the benefit of the doubt. An ordinary claim (a sum, share, growth or
#: rate) takes a few thousand; one built of ratios of differences can make the
#: bisection take 40 seconds without it.
MAX_CLAIM_WORK = 200_000

#: Operations the audit of one accounts file may spend in all; claims reached
#: after that are not decided (verdict ``error``, with the reason), so no file
#: can make ``perfeval audit`` run for more than a few seconds.
MAX_AUDIT_WORK = 2_000_000

# --- Messages --------------------------------------------------------------------------

#: Most characters of a value that an error message quotes; a longer value
#: is cut with an ellipsis and its length, so a message never echoes a file.
MAX_QUOTE = 80

#: Longest document of plain text (not a mapping) that a message quotes: a
#: card that is only a word is shown; any other file (a link to /etc/passwd)
#: is described by its length, never shown.
MAX_DOCUMENT_QUOTE = 20

# --- Output ----------------------------------------------------------------------------

#: Most characters of one cell (or one line) that ``--format table`` shows in
#: a terminal; the rest is replaced by a marker saying how many characters
#: were left out. Markdown, HTML, JSON, CSV and XLSX carry the whole text.
TABLE_CELL_CHARS = 1000

# --- Processes -------------------------------------------------------------------------

#: Most processes ``batch --jobs`` and ``score_many(jobs=...)`` start: more
#: than this is refused (exit 2). Each process costs tens of MB.
MAX_JOBS = 64


def max_jobs() -> int:
    """The largest useful ``--jobs`` on this machine: twice the CPU count,
    at most MAX_JOBS (jobs=0 means one per CPU)."""
    return min(MAX_JOBS, 2 * (os.cpu_count() or 1))


# --- Workbooks ------------------------------------------------------------------------
#
# perfeval import checks these in order, each before any parsing its bound
# protects: the file size; the uncompressed sizes the zip central directory
# declares (zipfile never inflates a member past its declared size); the cells
# counted in the raw sheet XML; every text's length, streamed; then rows and
# columns while the sheets are streamed in read-only mode.

#: The .xlsx file itself. A 自评表 is a few tens of KiB; a batch of 1,000 cards ~5 MiB.
MAX_WORKBOOK_BYTES = 20 * 1024 * 1024
#: The sum of the uncompressed sizes of every member of the zip.
MAX_ZIP_UNCOMPRESSED = 100 * 1024 * 1024
#: Uncompressed / compressed, for any member above 1 MiB uncompressed (zip bombs).
MAX_ZIP_MEMBER_RATIO = 200
#: Sheets in one workbook.
MAX_SHEETS = 2_000
#: Rows read from one sheet (a card of 1,000 indicators needs about 1,020).
MAX_SHEET_ROWS = 20_000
#: Columns read from one sheet.
MAX_SHEET_COLUMNS = 200
#: Cells in all sheets together, as the file holds them: a card of 20 rows takes
#: about 600 (its sheet and its part of _perfeval), so a batch workbook of up to
#: ~800 such cards imports whole. Reading 500,000 cells takes ~3 s and ~200 MB.
MAX_WORKBOOK_CELLS = 500_000
#: Merged ranges, conditional formats, data validations, defined names and
#: cell styles in one workbook together, counted in the raw XML: a card's
#: workbook has a few dozen, a batch of 800 cards some thousands; openpyxl
#: takes seconds and hundreds of MB for each hundred thousand.
MAX_WORKBOOK_ENTRIES = 20_000
#: Characters in one cell: Excel's own limit (32,767).
MAX_CELL_CHARS = 32_767

# --- Published forms (.docx, .html, .pdf) ---------------------------------------------

#: Largest form file read, in bytes (20 MiB): a Word, web page or PDF form.
MAX_FORM_BYTES = 20 * 1024 * 1024

#: Largest body of a Word form (word/document.xml) unpacked, in bytes: 20 MiB
#: is a report of some hundreds of pages; the XML tree is built whole, ~10
#: bytes of memory a byte.
MAX_DOCX_XML = 20 * 1024 * 1024

#: Most pages of a PDF read (a department's report with one form a page).
MAX_PDF_PAGES = 200

#: Bytes all the zlib-compressed (FlateDecode) streams of a PDF may unpack
#: to together, counted before pdfminer reads the file (it unpacks each stream
#: whole in memory): a form's pages and fonts take a few MB; 1 MB of
#: compressed spaces unpacks to 1 GB.
MAX_PDF_INFLATED = 256 * 1024 * 1024

#: Most rows and columns a merged cell of a form may span (rowspan/colspan,
#: vMerge/gridSpan): a form's table has a few dozen.
MAX_SPAN = 500

#: Deepest nesting of HTML elements read; deeper content is refused.
MAX_HTML_DEPTH = 200

#: Grid positions in all the tables of one form file together, a merged cell
#: counted at every position it covers (as the grid holds it). A department's
#: report of 200 pages, a form of 40 rows × 12 columns on each, is ~100,000;
#: a few KiB of ``colspan=500`` rows would otherwise make millions.
MAX_FORM_CELLS = 500_000

#: Tables in one form file (Word or web page). A department's report of 200
#: pages has a few hundred; 400,000 one-cell tables in 14 MB took 40 s to
#: read, each table read at about 100 µs.
MAX_FORM_TABLES = 10_000
