"""Stage 2, series: validated rows → calendars and metrics (spec §3–§7).

The athlete-day calendar (trained, rest, missing), trailing windows, the ratios (RAC, RAU,
EWMA, weekly coupled/uncoupled), monotony and strain, growth velocity and maturity offsets.

May import: the floor and :mod:`loadwatch.ingest`.
"""
