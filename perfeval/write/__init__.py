"""Writers: the core's results as people and tools read them.

The terminal table, Markdown, HTML, JSON and CSV of a result (``report``),
the official 自评表 as an HTML page (``html_form``), the Excel workbook
(``excel``), batch, audit and review summaries (``batch_report``,
``audit_report``, ``review_workbook``), data for tools (``data``: JSON text
and DataFrames; the JSON Schema of results in ``results_schema``), and the
one safe way to write a file (``_write``).
"""
