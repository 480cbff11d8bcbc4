"""Typed findings, one rounding for table and text (spec §4.9), and citations that follow the
team's configuration (issue #12: defects 1 and 3)."""

from __future__ import annotations

import dataclasses

import pandas as pd
import pytest

import loadwatch as lw
from loadwatch import vocab
from loadwatch.risk.engine import Out, evaluate
from loadwatch.risk.findings import Finding, render
from loadwatch.risk.rules import REGISTRY
from loadwatch.risk.rules.base import Level
from loadwatch.views.privacy import for_reader, is_clinical_rule, redact
from tests.builders import read
from tests.risk.rules.test_load_rules import ramp
from tests.risk.rules.test_youth import THIRTEEN, roster, week_start, weekly_log

#: A team's two-family red (the default is three, spec §10.1.1), for the escalation mechanics.
TWO = lw.load_config(overrides={"escalation.amber_families_for_red": 2})

#: Defect 1: 28 days from 2024-01-01 whose coupled ACWR is 1.30499… in binary (true 1.305).
DEFECT_1 = [257] * 20 + [250] + [373] * 6 + [372]


def defect_1_log() -> pd.DataFrame:
    csv = "athlete,date,load\n" + "".join(
        f"A1,2024-01-{d:02d},{au}\n" for d, au in enumerate(DEFECT_1, start=1))
    return lw.read_log(csv.encode())


def l1(result: lw.Assessment) -> Finding:
    return next(f for f in result.findings()[0].findings if f.rule == "L1")


def test_defect_1_table_and_text_show_the_compared_number() -> None:
    result = evaluate(defect_1_log())
    row = result.week().iloc[0]
    assert f"{row[Out.PRIMARY]:.2f}" == "1.30"  # the f-string the table used to print
    assert vocab.ratio(row[Out.PRIMARY]) == "1.31" == f"{float(vocab.round_half_up(1.305)):.2f}"
    finding = l1(result)
    assert finding.level == Level.AMBER and finding.numbers["shown"] == 1.31
    assert finding.text.startswith(
        "ACWR 1.31 > 1.30 (7:28 rolling, coupled): 2,610 AU in the last 7 days vs 2,000 AU "
        "average week over 28 days. Uncoupled 1.45 (equivalent cut-off 1.444), EWMA 1.18 "
        "(provisional); methods disagree.")
    assert row[Out.REASONS].startswith("L1 amber: ACWR 1.31 > 1.30 (7:28 rolling, coupled)")


def test_compare_rounded_dp_is_read_for_comparison_and_text() -> None:
    three = lw.load_config(overrides={"acwr.compare_rounded_dp": 3})
    finding = l1(evaluate(defect_1_log(), config=three))
    assert finding.numbers["shown"] == 1.305
    assert finding.text.startswith("ACWR 1.305 > 1.300 (7:28 rolling, coupled)")
    assert "Uncoupled 1.453 (equivalent cut-off 1.444), EWMA 1.181 (provisional)" in finding.text
    # 1.3049 shows as 1.30 with 2 decimals (green) but as 1.305 with 3 (amber)
    log = read({"A": ramp(1.3049)})
    assert Level(int(evaluate(log).outcomes["L1"].level[-1])) == Level.GREEN
    assert Level(int(evaluate(log, config=three).outcomes["L1"].level[-1])) == Level.AMBER


def y2_text(config: lw.Config | None = None) -> str:
    result = evaluate(weekly_log([840] * 4), config=config,
                      roster=roster({**THIRTEEN, "free_play_hours_per_week": 5}))
    found = result.findings(week_start(4))[0].findings
    return next(f.text for f in found if f.rule == "Y2")


def test_y2_cites_the_evidence_table_for_the_default() -> None:
    assert y2_text() == (
        "Organised : free play 2.8 : 1, above 2.0 : 1 — organised sport 14.0 h/week vs free play "
        "5.0 h/week over the last 4 weeks (roster) (limit 2.0 (grade E1: organised : free play "
        "> 2 : 1, OR 1.87 (Jayanthi et al. 2015))).")


def test_y2_with_a_team_setting_names_it_and_not_the_paper() -> None:
    config = lw.load_config(overrides={"youth": {"organised_to_free_play_max": 3.0}})
    assert y2_text(config) == (
        "Organised : free play 2.8 : 1, within 3.0 : 1 — organised sport 14.0 h/week vs free "
        "play 5.0 h/week over the last 4 weeks (roster) (limit team setting 3.0 (default 2.0, "
        "grade E1)).")


def test_an_overridden_acwr_threshold_says_it_is_the_team_setting() -> None:
    config = lw.load_config(overrides={"acwr.amber_above": 1.25})
    finding = l1(evaluate(defect_1_log(), config=config))
    assert finding.text.startswith(
        "ACWR 1.31 > team setting 1.25 (default 1.3, grade E1 adult / E3 youth) (7:28 rolling")
    assert finding.evidence["acwr.amber_above"].origin == "team setting"
    assert finding.evidence["acwr.red_at_or_above"].origin == "default"


def test_findings_are_typed_and_render_the_reasons_column() -> None:
    result = evaluate(defect_1_log())
    week = result.findings()[0]
    # two families (L, R) are amber: amber under the default three for red (spec §10.1.1)
    assert week.athlete == "A1" and week.level == Level.AMBER
    assert [f.rule for f in week.reasons] == ["L1", "L3", "R1", "Y3"]
    assert all(f.level == Level.AMBER and not f.clinical for f in week.reasons)
    assert result.week().iloc[0][Out.REASONS] == " | ".join(render(f) for f in week.shown)
    with pytest.raises(dataclasses.FrozenInstanceError):
        week.reasons[0].text = "changed"  # type: ignore[misc]
    detail = result.week_detail()[0]["rules"]
    assert [r["id"] for r in detail] == list(REGISTRY.rules)
    l1_record = next(r for r in detail if r["id"] == "L1")
    assert l1_record["evidence"]["acwr.amber_above"] == {
        "grade": "E1 adult / E3 youth", "origin": "default",
        "source": "Gabbett 2016; Hulin et al. 2016 (RAC scale; not validated in youth)"}
    assert l1_record["clinical"] is False


def test_clinical_is_decided_by_the_rule() -> None:
    clinical = {r.id for r in REGISTRY if r.clinical}
    assert clinical == {"S1", "S2", "S3", "S4", "M3"}
    assert is_clinical_rule("S4", "S") and is_clinical_rule("M3", "M")
    assert not is_clinical_rule("M1", "M")


def test_privacy_reads_the_finding() -> None:
    when = pd.Timestamp("2024-01-05").date()
    plan = Finding("S4", "S", "Logged exposure against the clinician plan", Level.RED, when,
                   "40 extension reps …", numbers={"cap": 20}, clinical_kind="plan")
    coach = for_reader(plan, clinical=False)
    assert coach.text == "clinician's restriction exceeded — check with the therapist"
    assert coach.title == "Clinician plan" and dict(coach.numbers) == {}
    assert for_reader(plan, clinical=True) is plan
    load = dataclasses.replace(plan, rule="L1", family="L", clinical_kind="")
    assert for_reader(load, clinical=False) is load
    assert redact("S2 refer: left-sided pain | L1 amber: ACWR 1.31", clinical=False) == (
        "S2 refer: referred to clinician — symptoms reported | L1 amber: ACWR 1.31")


def test_escalation_signs_are_the_ambers_of_the_first_escalated_day() -> None:
    """R1 and Y3, amber from the week's Monday, are one recovery sign (spec §10.1.1); the week
    is red from Wednesday, when L3 joins them. The signs are those three, dated, and the
    reasons column does not repeat them (all are already reasons). Two families make red here
    (a team's setting; the default is three, spec §10.1.1)."""
    result = evaluate(defect_1_log(), config=TWO)
    rows = result.week_rows(result.latest_week())
    signs = result.escalation_signs(rows)
    assert [(s.rule, s.date.isoformat()) for s in signs] == [
        ("L3", "2024-01-24"), ("R1", "2024-01-24"), ("Y3", "2024-01-24")]
    assert all(s.behind_escalation and s.level == Level.AMBER for s in signs)
    assert render(signs[0]).startswith("L3 amber on 2024-01-24 (behind the escalation): ")
    assert result.escalation_text(rows) == (
        "two independent warning signs: load change (L3) and recovery (R1, Y3)")
    week = result.findings()[0]
    assert week.extra_signs == ()
    assert "behind the escalation" not in result.week().iloc[0][Out.REASONS]
