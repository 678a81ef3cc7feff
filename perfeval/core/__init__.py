"""The core: what a score is, with no input or output.

Targets and quantities (``targets``, ``units``), the rules and their
arithmetic (``rules``, ``department``), grades (``grading``), the checked
model of a card (``model``), scoring (``scoring``, with its per-card plan),
results (``results``), findings (``findings``), explanations (``explain``)
and a result as plain data (``data``); with perfeval's Decimal context
(``_decimal``), its limits (``limits``), its errors (``errors``) and its
messages in zh and en (``i18n``, ``messages``). Nothing here reads a file,
parses YAML or renders a table: tests/test_architecture.py holds it so.
"""
