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
    """Athlete profiles: birth date, sex, main sport, role, age group, prior lumbar BSI, …

    The profile that changes slowly (spec §1.3): age (from the birth date) selects the youth
    rules of §7, the main sport the extension-heavy rules (§9), a prior lumbar bone stress
    injury is an escalation modifier (§10.1). All-or-nothing: raises LogError listing every
    invalid row.

    Parameters
    ----------
    source : str, Path, bytes or binary file
        The file (CSV/TSV/semicolon, .xlsx, Parquet) or its bytes.
    dayfirst : bool, optional
        How to read ambiguous dates such as 03/04/2026; ``None`` refuses them.
    column_map : mapping, optional
        Canonical column name → the file's header, for headers no alias matches.
        Free play is in hours/week (``free_play_hours_per_week``).

    Returns
    -------
    DataFrame
        One row per athlete: athlete, birth_date, sex, main_sport, role, age_group,
        prior_lumbar_bsi, prior_lumbar_bsi_date, free_play_hours_per_week (hours/week) and the
        three specialisation items (spec §7.3).

    Examples
    --------
    >>> import loadwatch as lw
    >>> roster = lw.read_roster(b"athlete,birth_date,sex,main_sport\\n"
    ...                         b"A1,2011-05-01,F,gymnastics\\n")
    >>> roster.loc[0, ["athlete", "birth_date", "main_sport"]].astype(str).tolist()
    ['A1', '2011-05-01 00:00:00', 'gymnastics']
    """
    return _read(source, "roster", dayfirst, column_map)


def read_growth(source: Source, *, dayfirst: bool | None = None,
                column_map: Mapping[str, str] | None = None) -> pd.DataFrame:
    """Growth measurements: athlete, date, height, sitting height, mass.

    The measurements from which the growth rule (spec §7.4) estimates height velocity in
    cm/year around peak height velocity. All-or-nothing: raises LogError listing every
    invalid row.

    Parameters
    ----------
    source : str, Path, bytes or binary file
        The file (CSV/TSV/semicolon, .xlsx, Parquet) or its bytes.
    dayfirst : bool, optional
        How to read ambiguous dates such as 03/04/2026; ``None`` refuses them.
    column_map : mapping, optional
        Canonical column name → the file's header, for headers no alias matches.
        Heights are in cm (standing 80–230, sitting 40–130), mass in kg (15–200).

    Returns
    -------
    DataFrame
        One row per measurement: athlete, date, height_cm (cm), sitting_height_cm (cm),
        mass_kg (kg); NaN where not measured.

    Examples
    --------
    >>> import loadwatch as lw
    >>> growth = lw.read_growth(b"athlete,date,height_cm\\nA1,2024-01-01,151.2\\n"
    ...                         b"A1,2024-04-01,153.4\\n")
    >>> growth["height_cm"].tolist()
    [151.2, 153.4]
    """
    return _read(source, "growth measurements", dayfirst, column_map)


def read_symptoms(source: Source, *, dayfirst: bool | None = None,
                  column_map: Mapping[str, str] | None = None) -> pd.DataFrame:
    """Symptom check-ins (clinical data), sorted by athlete and date.

    The check-in of spec §1.4 that drives rule family S and the routing of §8.5 (back pain →
    clinician; red-flag signs → urgent). Clinical data: therapist role only, never in log
    output. All-or-nothing: raises LogError listing every invalid row.

    Parameters
    ----------
    source : str, Path, bytes or binary file
        The file (CSV/TSV/semicolon, .xlsx, Parquet) or its bytes.
    dayfirst : bool, optional
        How to read ambiguous dates such as 03/04/2026; ``None`` refuses them.
    column_map : mapping, optional
        Canonical column name → the file's header, for headers no alias matches.
        Pain is on a 0–10 scale (``pain_0_10``); yes/no items are read as booleans.

    Returns
    -------
    DataFrame
        One row per check-in: athlete, date, low_back_pain, side, worse_when_arching,
        onset_date, pain_0_10 (0–10), limits_training and the red-flag items (night_pain,
        fever_or_unwell, weight_loss, leg_numbness_weakness, bladder_bowel_change, trauma).

    Examples
    --------
    >>> import loadwatch as lw
    >>> checkins = lw.read_symptoms(b"athlete,date,low_back_pain,pain_0_10\\n"
    ...                             b"A1,2024-01-28,yes,3\\n")
    >>> print(checkins.loc[0, "low_back_pain"], checkins.loc[0, "pain_0_10"])
    True 3.0
    """
    table = _read(source, "symptom check-ins", dayfirst, column_map)
    return table.sort_values([SymptomCol.ATHLETE, SymptomCol.DATE], kind="stable") \
        .reset_index(drop=True)


def parse_plans(source: Source, *, dayfirst: bool | None = None,
                column_map: Mapping[str, str] | None = None) -> ParsedTable:
    """Validate clinician plans: the review date cannot precede the start, and a cap_*
    restriction needs its cap."""
    parsed = parse_table(source, "clinician plans", dayfirst=dayfirst, column_map=column_map)
    parsed.problems += plan_problems(parsed.data, parsed.mapping)
    parsed.problems.sort(key=lambda p: (p.row or 0, p.column or ""))
    return parsed


def plan_problems(data: pd.DataFrame, header: Mapping[str, str] | None = None
                  ) -> list[Problem]:
    """What makes parsed plan rows unusable together (a file's or one typed on a form): a
    review date before the start, a cap_* restriction without its weekly cap."""
    bad_review = data[PlanCol.REVIEW].notna() & (data[PlanCol.REVIEW] < data[PlanCol.START])
    needs_cap = data[PlanCol.RESTRICTION].astype(str).str.startswith("cap_")
    no_cap = needs_cap & data[PlanCol.CAP].isna()
    names = header or {}
    return [Problem(int(r), names.get(column, column), text)
            for mask, column, text in (
                (bad_review, PlanCol.REVIEW, "the review date is before the start date"),
                (no_cap, PlanCol.CAP,
                 "a weekly-cap restriction needs its cap (reps or AU a week)"))
            for r in data.loc[mask.fillna(False).to_numpy(bool), ROW]]


def read_plans(source: Source, *, dayfirst: bool | None = None,
               column_map: Mapping[str, str] | None = None) -> pd.DataFrame:
    """Clinician plans (clinical data), sorted by athlete and start date.

    The restrictions of spec §1.4 that the planner and rule family S respect: a review date
    cannot precede the start, and a ``cap_*`` restriction needs its weekly cap. Clinical data:
    therapist role only. All-or-nothing: raises LogError listing every invalid row.

    Parameters
    ----------
    source : str, Path, bytes or binary file
        The file (CSV/TSV/semicolon, .xlsx, Parquet) or its bytes.
    dayfirst : bool, optional
        How to read ambiguous dates such as 03/04/2026; ``None`` refuses them.
    column_map : mapping, optional
        Canonical column name → the file's header, for headers no alias matches.
        The cap is per week, in reps (extension caps) or AU (load caps).

    Returns
    -------
    DataFrame
        One row per plan: athlete, start_date, review_date (NaT when open), restriction,
        cap (reps/week or AU/week; NaN when the restriction has none).

    Examples
    --------
    >>> import loadwatch as lw
    >>> plans = lw.read_plans(b"athlete,start_date,restriction,cap\\n"
    ...                       b"A1,2024-01-29,cap_extension_reps_per_week,200\\n")
    >>> print(plans.loc[0, "restriction"], plans.loc[0, "cap"])
    cap_extension_reps_per_week 200.0
    """
    table = parse_plans(source, dayfirst=dayfirst, column_map=column_map) \
        .valid_or_raise("clinician plans").drop(columns=[ROW])
    return table.sort_values([PlanCol.ATHLETE, PlanCol.START], kind="stable") \
        .reset_index(drop=True)
