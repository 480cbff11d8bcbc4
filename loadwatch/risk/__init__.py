"""Stage 3, risk: metrics → explained flags (spec §8–§10).

The rule context, the rule catalogue (one module per family in :mod:`loadwatch.risk.rules`),
escalation and the week's verdict (:mod:`~loadwatch.risk.engine`), and the next-week planner.
Decision support, not diagnosis: no text here names an injury.

May import: the floor, :mod:`loadwatch.ingest`, :mod:`loadwatch.series`.
"""
