"""Independent signs only (issue 14, spec §10.1 rule 4): L and X rising from the same sessions
are one warning sign; X counts beside L only when extension rose clearly more than load.

Every log is a weekly pattern of six training days and a Sunday off (500, 300, 450, 250, 400,
500, 0 AU: monotony below 2.0, so R1 stays green), with extension reps 10 % of the load unless
a week's extension factor says otherwise; weeks 1–5 from Monday 2024-01-01.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence

import numpy as np
import pandas as pd

import loadwatch as lw
from loadwatch.config import default_config, load_config
from loadwatch.risk.engine import Out, evaluate
from loadwatch.risk.rules.base import Level
from tests.builders import session_csv

#: The two-sign red (a team's choice since the default became three families, spec §10.1.1):
#: the tests of how signs are counted pin it, so they test the mechanism, not the default.
TWO_SIGNS = {"escalation.amber_families_for_red": 2}
TWO = load_config(overrides=TWO_SIGNS)

PATTERN = (500, 300, 450, 250, 400, 500, 0)
#: Week 4 misses Tuesday's and Thursday's sessions (−550 AU, −55 reps); week 5 is normal.
MISSED = {(3, 1), (3, 3)}


def club_log(load: Sequence[float] = (1,) * 5, ext: Sequence[float] = (1,) * 5,
             missed: Collection[tuple[int, int]] = ()) -> pd.DataFrame:
    """Weeks of PATTERN × load factor; extension reps = 10 % of the load × extension factor;
    (week, weekday) pairs in `missed` are days without the session."""
    loads, reps = [], []
    for week, (f, g) in enumerate(zip(load, ext, strict=True)):
        for weekday, au in enumerate(PATTERN):
            value = 0.0 if (week, weekday) in missed else au * f
            loads.append(value)
            reps.append(float(round(value * 0.1 * g)))
    return lw.read_log(session_csv({"A": loads}, extra={"extension_reps": reps}))


def numbers(result: lw.Assessment, rule: str, column: str) -> float:
    """A rule's number on the last day."""
    return float(result.outcomes[rule].numbers[column].iloc[-1])


def test_l_and_x_from_one_rebound_are_one_sign_amber() -> None:
    """A missed session, then a normal week: the 7-day load and extension both rise 29.7 %
    from the same sessions. Two families are amber, but they are one sign: amber, not red."""
    result = evaluate(club_log(missed=MISSED))
    week = result.week().iloc[0]
    assert (week["L3"], week["X2"], week["L1"], week["X1"], week["R1"]) == (
        "amber", "amber", "green", "green", "green")
    assert numbers(result, "L3", "pct") == 29.7 and numbers(result, "X2", "pct") == 29.7
    assert (numbers(result, "L1", "shown"), numbers(result, "X1", "shown")) == (1.06, 1.06)
    assert week[Out.LEVEL] == "amber"
    assert week[Out.ESCALATION] == ""
    assert result.families[-1] == "L"
    assert result.escalation_text(result.week_rows(result.latest_week())) == ""
    assert result.findings()[0].signs == ()


def test_extension_clearly_above_load_is_a_second_sign_red() -> None:
    """Same rebound, but week 5 carries 1.5 × the usual extension reps per session: extension
    up 95.1 % against load up 29.7 % (65.4 points more) → two independent warning signs, red
    when a team sets two families for red."""
    result = evaluate(club_log(ext=(1, 1, 1, 1, 1.5), missed=MISSED), config=TWO)
    week = result.week().iloc[0]
    assert numbers(result, "X2", "pct") == 95.1 and numbers(result, "L3", "pct") == 29.7
    assert (numbers(result, "L1", "shown"), numbers(result, "X1", "shown")) == (1.06, 1.41)
    assert week[Out.LEVEL] == "red"
    assert week[Out.ESCALATION] == "two independent warning signs"
    assert result.families[-1] == "LX"
    signs = result.findings()[0].signs
    assert [(s.rule, s.level) for s in signs] == [("L3", Level.AMBER), ("X2", Level.AMBER)]


def test_two_independent_signs_are_amber_under_the_default_three() -> None:
    """The same two independent signs under the shipped default (three families make red,
    spec §10.1.1): amber, with no escalation named, though L and X both count."""
    assert default_config().get("escalation.amber_families_for_red") == 3
    result = evaluate(club_log(ext=(1, 1, 1, 1, 1.5), missed=MISSED))
    week = result.week().iloc[0]
    assert (week["L3"], week["X2"], week["R1"]) == ("amber", "amber", "green")
    assert result.families[-1] == "LX"
    assert week[Out.LEVEL] == "amber"
    assert week[Out.ESCALATION] == ""
    assert result.escalation_text(result.week_rows(result.latest_week())) == ""


def test_the_escalation_text_names_the_two_signs() -> None:
    result = evaluate(club_log(ext=(1, 1, 1, 1, 1.5), missed=MISSED), config=TWO)
    rows = result.week_rows(result.latest_week())
    assert result.escalation_text(rows) == (
        "two independent warning signs: load change (L3) and extension exposure rising more "
        "than load (X2)")


def test_the_margin_in_points_decides() -> None:
    """Extension × 1.25 in week 5: +61.6 % vs +29.7 % (31.9 points, ratio gap 1.24 − 1.06 =
    0.18): independent under the default 25 points, one sign with a 40-point margin."""
    log = club_log(ext=(1, 1, 1, 1, 1.25), missed=MISSED)
    assert evaluate(log, config=TWO).week().iloc[0][Out.LEVEL] == "red"
    strict = load_config(overrides={**TWO_SIGNS, "escalation.extension_margin_points": 40})
    assert evaluate(log, config=strict).week().iloc[0][Out.LEVEL] == "amber"


def test_the_margin_on_the_ratio_decides() -> None:
    """Load +20 % in week 5 while extension builds over weeks 3–5 (× 1.2, 1.4, 1.5): the
    extension ratio 1.33 stands 0.19–0.26 above the load ratio during the week while the
    change % stays within 25 points: red under the 0.20 margin, amber under 0.30."""
    log = club_log(load=(1, 1, 1, 1, 1.2), ext=(1, 1, 1.2, 1.4, 1.5))
    result = evaluate(log, config=TWO)
    assert (numbers(result, "L1", "shown"), numbers(result, "X1", "shown")) == (1.14, 1.33)
    assert (numbers(result, "L3", "pct"), numbers(result, "X2", "pct")) == (20.0, 28.6)
    assert result.week().iloc[0][Out.LEVEL] == "red"
    strict = load_config(overrides={**TWO_SIGNS, "escalation.extension_margin_ratio": 0.3})
    assert evaluate(log, config=strict).week().iloc[0][Out.LEVEL] == "amber"


def test_rest_days_and_monotony_are_one_recovery_sign() -> None:
    """Seven equal days (no day off, monotony ∞): Y3 and R1 are amber from the same 7 days and
    count once; with no other sign the athlete is amber."""
    result = evaluate(lw.read_log(session_csv({"A": [300.0] * 35})))
    week = result.week().iloc[0]
    assert (week["Y3"], week["R1"], week["L3"], week["L1"]) == (
        "amber", "amber", "green", "green")
    assert week[Out.LEVEL] == "amber"
    assert result.families[-1] == "R"


def test_level_shares_count_athlete_weeks_over_every_week() -> None:
    """Five weeks of the rebound athlete: weeks 1–3 lack 28 days of history (grey), week 4 is
    green, week 5 amber; the shares are over all five weeks."""
    shares = evaluate(club_log(missed=MISSED)).level_shares()
    assert shares["level"].tolist() == ["refer_urgent", "refer", "red", "amber", "green",
                                        "insufficient_data"]
    assert shares["athlete_weeks"].tolist() == [0, 0, 0, 1, 1, 3]
    assert np.allclose(shares["share"], [0, 0, 0, 0.2, 0.2, 0.6])
    assert default_config().get("escalation.extension_margin_ratio") == 0.2


def test_flags_levels_prints_the_alarm_budget(tmp_path, capsys) -> None:  # type: ignore[no-untyped-def]
    """`loadwatch flags LOG --levels`: the week's table, then the share of every week."""
    from loadwatch.app.cli.main import main

    loads = [float(au) for _ in range(5) for au in PATTERN]
    path = tmp_path / "log.csv"
    path.write_bytes(session_csv({"A": loads}))
    assert main(["flags", str(path), "--levels"]) == 0
    out = capsys.readouterr().out
    assert out.split("Alarm budget")[1].splitlines()[1:] == [
        "  REFER URGENTLY         0    0.0 %", "  REFER TO CLINICIAN     0    0.0 %",
        "  RED                    0    0.0 %", "  AMBER                  0    0.0 %",
        "  GREEN                  2   40.0 %", "  NOT ENOUGH DATA        3   60.0 %"]
    assert "Alarm budget — 5 athlete-weeks (every week in the data):" in out
