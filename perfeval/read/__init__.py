"""Readers: from what users write and publish to the core's model.

YAML with locations (``_yaml``), the bounded file opener (``_files``), the
checker every reader reports through (``_check``), scorecards (``loading``,
with ``_rows`` for indicators and ``rule_settings`` for the department
rules' settings and formulas), frameworks (``frameworks``), the JSON Schema
of the card format (``schema``), and published forms: the grid mapping
(``grid``) that Word, web-page, PDF (``forms``) and Excel (``excel_import``)
tables all go through, into card data (``card_data``).
"""
