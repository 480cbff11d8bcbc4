"""Tables beside the training log: roster, growth measurements, symptom check-ins and
clinician plans (spec §1.3, §1.4). Each goes through the same validation path as training
logs: row-numbered errors, all-or-nothing unless the caller asks for the valid rows.

Symptoms and plans are clinical data (therapist role): they never reach log output.
"""

from __future__ import annotations

from collections.abc import Mapping

import pandas as pd

from loadwatch.errors import Problem
from loadwatch.ingest.readers import Source
from loadwatch.ingest.validate import ROW, ParsedTable, parse_fields
from loadwatch.schema import (
    GROWTH_FIELDS,
    PLAN_FIELDS,
    ROSTER_FIELDS,
    SYMPTOM_FIELDS,
    Field,
    PlanCol,
    SymptomCol,
)

__all__ = ["read_roster", "read_growth", "read_symptoms", "read_plans", "parse_table",
           "parse_plans"]

_TABLES: dict[str, tuple[Field, ...]] = {
    "roster": ROSTER_FIELDS,
    "growth measurements": GROWTH_FIELDS,
    "symptom check-ins": SYMPTOM_FIELDS,
    "clinician plans": PLAN_FIELDS,
}


def parse_table(source: Source, what: str, *, dayfirst: bool | None = None,
                column_map: Mapping[str, str] | None = None) -> ParsedTable:
    """Validate one of the side tables ('roster', 'growth measurements', 'symptom check-ins',
    'clinician plans') without raising for row errors."""
    return parse_fields(source, _TABLES[what], dayfirst=dayfirst, column_map=column_map)


def _read(source: Source, what: str, dayfirst: bool | None,
          column_map: Mapping[str, str] | None) -> pd.DataFrame:
    parsed = parse_table(source, what, dayfirst=dayfirst, column_map=column_map)
    return parsed.valid_or_raise(what).drop(columns=[ROW])


def read_roster(source: Source, *, dayfirst: bool | None = None,
                column_map: Mapping[str, str] | None = None) -> pd.DataFrame:
    """Athlete profiles: birth date, sex, main sport, role, age group, prior lumbar BSI, …"""
    return _read(source, "roster", dayfirst, column_map)


def read_growth(source: Source, *, dayfirst: bool | None = None,
                column_map: Mapping[str, str] | None = None) -> pd.DataFrame:
    """Growth measurements: athlete, date, height, sitting height, mass."""
    return _read(source, "growth measurements", dayfirst, column_map)


def read_symptoms(source: Source, *, dayfirst: bool | None = None,
                  column_map: Mapping[str, str] | None = None) -> pd.DataFrame:
    """Symptom check-ins (clinical data), sorted by athlete and date."""
    table = _read(source, "symptom check-ins", dayfirst, column_map)
    return table.sort_values([SymptomCol.ATHLETE, SymptomCol.DATE], kind="stable") \
        .reset_index(drop=True)


def parse_plans(source: Source, *, dayfirst: bool | None = None,
                column_map: Mapping[str, str] | None = None) -> ParsedTable:
    """Validate clinician plans: the review date cannot precede the start, and a cap_*
    restriction needs its cap."""
    parsed = parse_table(source, "clinician plans", dayfirst=dayfirst, column_map=column_map)
    data = parsed.data
    bad_review = data[PlanCol.REVIEW].notna() & (data[PlanCol.REVIEW] < data[PlanCol.START])
    needs_cap = data[PlanCol.RESTRICTION].astype(str).str.startswith("cap_")
    no_cap = needs_cap & data[PlanCol.CAP].isna()
    header = parsed.mapping
    for mask, column, text in (
        (bad_review, PlanCol.REVIEW, "the review date is before the start date"),
        (no_cap, PlanCol.CAP, "a cap_* restriction needs its weekly cap"),
    ):
        parsed.problems += [Problem(int(r), header.get(column, column), text)
                            for r in data.loc[mask.fillna(False).to_numpy(bool), ROW]]
    parsed.problems.sort(key=lambda p: (p.row or 0, p.column or ""))
    return parsed


def read_plans(source: Source, *, dayfirst: bool | None = None,
               column_map: Mapping[str, str] | None = None) -> pd.DataFrame:
    """Clinician plans (clinical data), sorted by athlete and start date."""
    table = parse_plans(source, dayfirst=dayfirst, column_map=column_map) \
        .valid_or_raise("clinician plans").drop(columns=[ROW])
    return table.sort_values([PlanCol.ATHLETE, PlanCol.START], kind="stable") \
        .reset_index(drop=True)
