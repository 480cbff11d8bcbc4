"""Side tables go through the same validation path as logs (row-numbered, all-or-nothing)."""

from __future__ import annotations

import pytest

from loadwatch.errors import LogError
from loadwatch.ingest.side_tables import read_plans, read_roster, read_symptoms
from loadwatch.schema import PlanCol, RosterCol, SymptomCol


def test_roster_without_optional_numeric_columns_reads() -> None:
    roster = read_roster(b"athlete,role,birth_date\nB1,fast_bowler,2011-03\n")
    assert roster[RosterCol.BIRTH_DATE].iloc[0].strftime("%Y-%m-%d") == "2011-03-01"
    assert roster[RosterCol.FREE_PLAY].isna().all()


def test_symptoms_yes_no_and_choices_are_validated_with_rows() -> None:
    text = (b"athlete,date,low back pain,side,worse when arching\n"
            b"G1,2026-11-18,yes,left,y\nG2,2026-11-18,maybe,upper,no\n")
    with pytest.raises(LogError) as info:
        read_symptoms(text)
    shown = [str(p) for p in info.value.problems]
    assert shown == ["row 3, column 'low back pain': 'maybe' is not yes or no",
                     "row 3, column 'side': 'upper' is not one of: left, right, central, both"]
    ok = read_symptoms(text.split(b"\nG2")[0] + b"\n")
    assert ok[SymptomCol.BACK_PAIN].tolist() == [True]


def test_plans_refuse_review_before_start_and_caps_without_value() -> None:
    text = (b"athlete,start_date,review_date,restriction,cap\n"
            b"G1,2026-11-10,2026-11-01,no_extension_loading,\n"
            b"G2,2026-11-10,,cap_extension_reps_per_week,\n"
            b"G3,2026-11-10,2026-12-10,cap_load_au_per_week,2000\n")
    with pytest.raises(LogError) as info:
        read_plans(text)
    assert [str(p) for p in info.value.problems] == [
        "row 2, column 'review_date': the review date is before the start date",
        "row 3, column 'cap': a weekly-cap restriction needs its cap (reps or AU a week)"]
    plans = read_plans(text.split(b"\nG1")[0] + b"\n" + text.split(b"\n")[3] + b"\n")
    assert plans[PlanCol.CAP].tolist() == [2000.0]
