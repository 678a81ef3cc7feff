"""Every limit perfeval puts on what it reads, in one place (docs/errors.md lists them)."""

from __future__ import annotations

__all__ = [
    "MAX_CELL_CHARS",
    "MAX_SHEETS",
    "MAX_SHEET_COLUMNS",
    "MAX_SHEET_ROWS",
    "MAX_WORKBOOK_BYTES",
    "MAX_WORKBOOK_CELLS",
    "MAX_ZIP_MEMBER_RATIO",
    "MAX_ZIP_UNCOMPRESSED",
]

# Workbooks
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
#: Characters in one cell: Excel's own limit (32,767).
MAX_CELL_CHARS = 32_767
