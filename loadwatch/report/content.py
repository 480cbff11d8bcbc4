"""The weekly team report's content, built once and laid out by every format (issue #6).

:func:`report_from_assessment` is a pure function: the rule engine's
:class:`~loadwatch.risk.engine.Assessment`, an ISO week and :class:`ReportOptions` in, a
:class:`ReportData` out. The writers (xlsx, pdf, csv, html) only lay it out, so every format
shows the same rounded numbers (spec §4.9) and the same coach-safe texts.
:func:`build_report` evaluates already-loaded frames first: the CLI reads files, the store
hands over frames.

Decision support, not diagnosis: nothing here names a condition; symptom details and
clinical notes appear only with ``clinical=True`` (see :mod:`loadwatch.views.privacy`).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Final, Literal

import numpy as np
import pandas as pd

from loadwatch.config import Config
from loadwatch.report.levels import (
    ACT_NOW,
    FLAGGED,
    LEVEL_TEXT,
    NO_WEEK_TEXT,
    REFERRED,
    SEVERITY,
    level_of,
    rule_level_text,
    severity_rank,
)
from loadwatch.report.method import configuration_table, method_text, rule_table
from loadwatch.report.numbers import (
    SeriesSource,
    WeekNumbers,
    daily_table,
    history_table,
    level_history,
)
from loadwatch.risk.engine import Assessment, evaluate, parse_week
from loadwatch.risk.findings import is_reason
from loadwatch.risk.planner import Plan, plan_week
from loadwatch.risk.rules.base import Level
from loadwatch.schema import Col
from loadwatch.series.calendar import week_label, week_start_of
from loadwatch.series.method_check import method_check
from loadwatch.views.athlete import BANDS
from loadwatch.views.explain import Explanation, explain_week, grade_legend, team_note
from loadwatch.views.privacy import Names, coach_text, is_clinical_rule, modifier_words
from loadwatch.vocab import DISCLAIMER
from loadwatch.vocab import ratio as shown_ratio

if TYPE_CHECKING:  # scikit-learn loads only when a team has a model
    from loadwatch.model.serving import TeamModel

Paper = Literal["a4", "letter"]


@dataclass(frozen=True)
class ReportOptions:
    """What the report shows and for whom.

    clinical: keep symptom details and clinical notes (default: coach-safe).
    pseudonymise: replace athlete ids by stable codes derived from the id and `salt`.
    generated_at: the time printed on every page (default: now, local time zone).
    """

    team: str = "Team"
    clinical: bool = False
    pseudonymise: bool = False
    salt: str = ""
    paper: Paper = "a4"
    generated_at: dt.datetime | None = None
    history_weeks: int = 8


@dataclass(frozen=True)
class Column:
    """A column of a report table: key (header), kind (drives formats), meaning (guide)."""

    key: str
    kind: Literal["text", "level", "date", "ratio", "au", "pct", "hours", "count", "number2",
                  "long", "rule"]
    meaning: str


ATHLETE_COLUMNS: Final[tuple[Column, ...]] = (
    Column("athlete", "text", "athlete id (a stable code when pseudonymised)"),
    Column("level", "level", "the week's level: the highest level on any day of the week"),
    Column("meaning", "text", "what the level asks for"),
    Column("level_reached_on", "date", "first day of the week on which that level was reached"),
    Column("last_week_level", "level", "level in the previous ISO week (— without data)"),
    Column("level_change", "text", "since last week: up, down, changed, new; blank = same"),
    Column("load_level", "level", "level of the load and youth rules alone (without symptoms)"),
    Column("escalation", "text", "why amber signals made the athlete red"),
    Column("why", "long", "red and referred: what made the level (signs, modifier, rule)"),
    Column("next_week", "long", "the plan for the week after, in one sentence"),
    Column("modifiers", "text", "active modifiers (growth window, low chronic base, history)"),
    Column("primary_acwr", "ratio", "primary acute:chronic workload ratio, last day of the week"),
    Column("acwr_method", "text", "how the primary ratio is computed"),
    Column("acwr_uncoupled", "ratio",
           "uncoupled ratio (last 7 days vs days 8-28; weekly data: uncoupled-3), own scale"),
    Column("acwr_ewma", "ratio", "EWMA ratio 7/28 (daily data only)"),
    Column("load_7d_au", "au", "sRPE load of the last 7 days (weekly data: the week), AU"),
    Column("chronic_week_au", "au", "average week over the chronic window (28 days), AU"),
    Column("change_pct", "pct", "load change against the 7 days (week) before, %"),
    Column("change_au", "au", "load change against the 7 days (week) before, AU"),
    Column("monotony", "number2", "monotony of the last 7 days (mean / SD of daily loads)"),
    Column("extension_7d", "au", "extension exposure of the last 7 days (see extension_unit)"),
    Column("extension_unit", "text", "reps (extension elements) or min (extension minutes)"),
    Column("extension_acwr", "ratio", "primary ratio of the extension channel"),
    Column("extension_change_pct", "pct", "extension change against the 7 days before, %"),
    Column("organised_h_4wk", "hours", "organised sport hours per week, 4-week average"),
    Column("organised_h_week", "hours", "organised sport hours in the last 7 days (the week)"),
    Column("age", "count", "age in completed years"),
    Column("hours_vs_age", "text", "organised hours per week compared with age in years"),
    Column("days_recorded", "count",
           "days with data among the last 28 (weekly data: complete weeks among the last 4)"),
    Column("data_note", "text", "why a ratio is not shown or not used, if so"),
    Column("this_week_au", "au", "sRPE load of the week (team week), AU"),
    Column("next_week_max_au", "au", "next week's maximum sRPE load (none: see next_week), AU"),
    Column("next_week_max_min", "au", "next week's maximum organised minutes"),
    Column("next_week_max_extension", "au",
           "next week's maximum extension exposure (see extension_unit)"),
    Column("next_week_rest_days", "count", "rest days next week's plan keeps"),
    Column("flags", "long", "every flag's explanation, most serious first"),
)

AVAILABILITY_COLUMN: Final = Column(
    "availability", "text", "full / modified / unavailable, with the caps and the review date "
    "(never a diagnosis)")
DAILY_COLUMNS: Final[tuple[Column, ...]] = (
    Column("athlete", "text", "athlete id (a stable code when pseudonymised)"),
    Column("date", "date", "day (weekly data: the week's Monday)"),
    Column("level", "level", "the athlete's level that day"),
    Column("day_status", "text", "trained, rest, or missing (not recorded: never counted as rest)"),
    Column("load_au", "au", "sRPE load that day (weekly data: that week), AU"),
    Column("load_7d_au", "au", "sRPE load of the last 7 days, AU"),
    Column("chronic_week_au", "au", "average week over the last 28 days, AU"),
    Column("acwr_coupled", "ratio", "coupled rolling ratio 7:28 (weekly data: weekly coupled)"),
    Column("acwr_uncoupled", "ratio", "uncoupled ratio 7:21 (weekly data: uncoupled-3)"),
    Column("acwr_ewma", "ratio", "EWMA ratio 7/28"),
    Column("change_pct", "pct", "load change against the 7 days before, %"),
    Column("monotony", "number2", "monotony of the last 7 days"),
    Column("extension", "au", "extension exposure that day (reps or min)"),
    Column("minutes", "au", "organised minutes that day"),
    Column("data_note", "text", "why a ratio is not shown or not used, if so"),
)


@dataclass(frozen=True)
class Bands:
    """Descriptive bands of the ACWR (spec §6.1): never a 'safe zone'."""

    low: float
    amber: float
    red: float

    def labelled(self) -> list[tuple[float, float, str]]:
        """(from, to, words) from the lowest band up."""
        lo, am, rd = self.low, self.amber, self.red
        low, amber, red = shown_ratio(lo), shown_ratio(am), shown_ratio(rd)
        below, in_line, above, well_above = BANDS  # the dashboard's words
        return [
            (0.0, lo, f"{below} (< {low})"),
            (lo, am, f"{in_line} ({low}–{amber})"),
            (am, rd, f"{above} ({amber}–{red}, amber)"),
            (rd, float("inf"), f"{well_above} (≥ {red}, red)"),
        ]


@dataclass(frozen=True)
class Reason:
    """One flag of an athlete's week: rule, level and the text the report may show."""

    rule: str
    level: Level
    title: str
    text: str
    masked: bool = False
    date: pd.Timestamp | None = None  # set on escalation signs: the day of the amber

    @property
    def line(self) -> str:
        """'L3 amber: 7-day load up …' (the format of the flags view); escalation signs
        carry their day: 'X2 amber on 2026-11-13: …'."""
        when = f" on {self.date:%Y-%m-%d}" if self.date is not None else ""
        return f"{self.rule} {self.level.label}{when}: {self.text}"

    @property
    def headline(self) -> str:
        """The text before its details, for the first page: up to the first ': ' or ' — '
        outside brackets (a ratio such as '2.1 : 1' is kept), without a trailing citation.
        '7-day load up 29.3% (> 15%): 2,095 AU vs …' → '7-day load up 29.3% (> 15%)'."""
        if self.masked:
            return self.text
        text, depth, opened = self.text, 0, -1
        end = len(text)
        for i, char in enumerate(text):
            if char == "(":
                depth, opened = depth + 1, i if depth == 0 else opened
            elif char == ")":
                depth = max(depth - 1, 0)
            elif depth == 0 and (
                    (char == ":" and i > 0 and text[i - 1] != " " and text[i + 1:i + 2] == " ")
                    or text.startswith(" — ", i) or text.startswith("; ", i)):
                end = i
                break
        head = text[:end].rstrip(" .")
        aside = re.search(r"\s*\(([^()]*)\)$", head)  # a citation or a long aside goes
        if aside and (re.search(r"\d{4}", aside.group(1)) or len(aside.group(1)) > 30):
            head = head[:aside.start()]
        return head


@dataclass
class AthleteReport:
    """One athlete's week: level, flags, the Athletes-table row and the chart's data."""

    athlete: str
    level: Level
    reasons: list[Reason]
    top_reason: str
    row: dict[str, Any]
    series: pd.DataFrame | None = None
    signs: list[Reason] = field(default_factory=list)  # the ambers behind an escalation
    why: str = ""      # red and referred: what made the level (views.explain)
    advice: str = ""   # next week's plan in one sentence (risk.planner)

    @property
    def flagged(self) -> bool:
        """Red, referred or amber: gets a section with a chart."""
        return self.level in FLAGGED

    @property
    def earlier_signs(self) -> list[Reason]:
        """Escalation signals whose text is not among the week's flags (an amber of an
        earlier day, possibly in the previous week)."""
        shown = {(r.rule, r.text) for r in self.reasons}
        return [s for s in self.signs if (s.rule, s.text) not in shown]


@dataclass(frozen=True)
class ModelSection:
    """The team's validated model in a clinical report: its card's figures and verdict with
    each athlete's probability, shown together or not at all (the CSV, one table without
    room for a card, never carries it)."""

    label: str
    summary: str
    verdict: str
    table: pd.DataFrame  # athlete (as the report shows them), probability (NaN: none)


@dataclass
class ReportData:
    """Everything the weekly team report shows, in report order (most serious first)."""

    team: str
    week_start: pd.Timestamp
    week_end: pd.Timestamp
    generated_at: dt.datetime
    options: ReportOptions
    weekly_data: bool
    primary_method: str
    extension_unit: str
    bands: Bands
    athletes: pd.DataFrame
    columns: tuple[Column, ...]
    details: list[AthleteReport]
    counts: dict[Level, int]
    changes: pd.DataFrame
    history: pd.DataFrame
    daily: pd.DataFrame
    configuration: pd.DataFrame
    rules: pd.DataFrame
    method: tuple[str, ...]
    disclaimer: str = DISCLAIMER
    column_guide: tuple[Column, ...] = field(default=())
    model: ModelSection | None = None
    team_note: str = ""  # items no athlete of the team can be judged on yet (one line)
    #: clinical version only: clinicians' notes (athlete, date, author, text), newest first
    notes: pd.DataFrame | None = None
    #: athletes' own reports in the week (issue 16): athlete, sessions, back check done,
    #: 4-week rates, missed two weeks (None: not part of this report)
    compliance: pd.DataFrame | None = None

    @property
    def iso_week(self) -> str:
        """The week's name: '2026-W47' for Monday weeks, else its first date ('2026-11-15')."""
        return week_label(self.week_start)

    @property
    def flagged(self) -> list[AthleteReport]:
        """Athletes with a section of their own (refer, red, amber), most serious first."""
        return [d for d in self.details if d.flagged]

    @property
    def act_now(self) -> list[AthleteReport]:
        """Red and referred athletes: the first page."""
        return [d for d in self.details if d.level in ACT_NOW]

    @property
    def referred(self) -> list[AthleteReport]:
        """Athletes referred to a clinician (urgently or not)."""
        return [d for d in self.details if d.level in REFERRED]

    @property
    def mode(self) -> str:
        """One line saying who may read this report."""
        if self.options.clinical:
            text = "CLINICAL version: contains symptom details; share only with clinicians"
        else:
            text = "Coach version: no symptom details or clinical notes"
        if self.options.pseudonymise:
            text += "; athletes pseudonymised"
        return text


# --- entry points ---------------------------------------------------------------------------


def build_report(
    log: pd.DataFrame, *, roster: pd.DataFrame | None = None,
    growth: pd.DataFrame | None = None, symptoms: pd.DataFrame | None = None,
    plans: pd.DataFrame | None = None, config: Config | None = None,
    week: str | pd.Timestamp | None = None, options: ReportOptions | None = None,
) -> ReportData:
    """Evaluate already-loaded frames (as `risk.evaluate` takes them) and build the report of
    one ISO week ('2026-W47', a date inside it, or None for the latest week)."""
    assessment = evaluate(log, roster=roster, growth=growth, symptoms=symptoms, plans=plans,
                          config=config)
    start = (parse_week(week, assessment.ctx.config.week_start_day) if isinstance(week, str)
             else week)
    return report_from_assessment(assessment, start, options)


def report_from_assessment(assessment: Assessment, week: pd.Timestamp | None = None,
                           options: ReportOptions | None = None, *,
                           model: TeamModel | None = None,
                           notes: pd.DataFrame | None = None,
                           availability: Mapping[str, str] | None = None) -> ReportData:
    """The report of one ISO week (its Monday, or None for the latest) from an assessment.
    `model`: the team's installed (validated) model; `notes`: clinicians' notes (athlete,
    date, author, text); only a clinical report shows either. `availability` (issue 17):
    per athlete id, the availability sentence coaches may act on (both versions)."""
    opts = options or ReportOptions()
    ctx = assessment.ctx
    start = (pd.Timestamp(week) if week is not None else assessment.latest_week()).normalize()
    start = week_start_of(start, ctx.config.week_start_day)
    details = assessment.week_detail(start)  # LogError when the week has no data
    rows = assessment.week_rows(start)
    last = pd.Series(rows).groupby(ctx.code[rows]).max()
    names = Names(ctx.athletes, pseudonymise=opts.pseudonymise, salt=opts.salt)
    numbers = WeekNumbers(assessment, last.to_numpy())
    history = level_history(assessment, start, opts.history_weeks)
    previous = history.iloc[:, -2] if history.shape[1] > 1 else pd.Series(dtype=float)
    series = SeriesSource(assessment, start, opts.history_weeks)
    plan = plan_week(assessment, start)
    explained = explain_week(assessment, start, clinical=opts.clinical, plan=plan)
    # coach-safe: no per-rule column of a clinical rule (S1-S4, M3) - its level alone says
    # what kind of symptom or history an athlete has; the level and the flags say enough
    shown_rules = [r for r in assessment.rules
                   if opts.clinical or not is_clinical_rule(r.id, r.family)]
    rule_columns = tuple(Column(r.id, "rule", f"{r.title} (family {r.family})")
                         for r in shown_rules)
    shared = _Week(assessment, opts, names, numbers, previous, series,
                   frozenset(r.id for r in shown_rules),
                   dict(iter(pd.Series(rows).groupby(ctx.code[rows]))),
                   explained, plan.set_index(Plan.ATHLETE))
    athletes = [shared.athlete(i, int(code), detail)
                for i, (code, detail) in enumerate(zip(last.index, details, strict=True))]
    athletes.sort(key=lambda a: (severity_rank(a.level), a.athlete))
    raw = {names(str(d["athlete"])): str(d["athlete"]) for d in details}

    columns = ATHLETE_COLUMNS + rule_columns
    table = pd.DataFrame([a.row for a in athletes], columns=[c.key for c in columns])
    columns, table = _with_availability(columns, table, availability,
                                        [raw[a.athlete] for a in athletes])
    config = ctx.config
    return ReportData(
        team=opts.team, week_start=start, week_end=start + pd.Timedelta(days=6),
        generated_at=opts.generated_at or dt.datetime.now(dt.UTC).astimezone(),
        options=opts, weekly_data=ctx.weekly_data, primary_method=numbers.method,
        extension_unit=ctx.extension_unit,
        bands=Bands(float(config.get("acwr.low_info_below")),
                    float(config.get("acwr.amber_above")),
                    float(config.get("acwr.red_at_or_above"))),
        athletes=table, columns=columns, details=athletes,
        counts={lv: sum(a.level == lv for a in athletes) for lv in SEVERITY},
        changes=_changes(athletes),
        history=history_table(history, assessment, names, last.index.to_numpy()),
        daily=daily_table(assessment, rows, names),
        configuration=configuration_table(config), rules=rule_table(assessment),
        method=(*method_text(assessment, numbers.method, clinical=opts.clinical,
                             pseudonymise=opts.pseudonymise),
                *method_check(ctx.log, config=config).lines(), grade_legend()),
        team_note=team_note(assessment, start),
        column_guide=columns + DAILY_COLUMNS[1:],
        model=(_model_section(model, start, [raw[a.athlete] for a in athletes], names)
               if model is not None and opts.clinical else None),
        notes=(_notes_section(notes, start, opts, names)
               if notes is not None and opts.clinical else None),
    )


def _with_availability(columns: tuple[Column, ...], table: pd.DataFrame,
                       availability: Mapping[str, str] | None, ids: list[str]
                       ) -> tuple[tuple[Column, ...], pd.DataFrame]:
    """The athletes table with the availability column (issue 17: caps and review date,
    never a diagnosis) when availability is given; `ids` are the rows' athlete ids."""
    if availability is None:
        return columns, table
    return (*columns, AVAILABILITY_COLUMN), table.assign(
        **{AVAILABILITY_COLUMN.key: [availability.get(a, "full") for a in ids]})


def _notes_section(notes: pd.DataFrame, start: pd.Timestamp, opts: ReportOptions,
                   names: Names) -> pd.DataFrame:
    """The clinical notes a clinical report announces: those dated in the report's history
    weeks or later (a note written on Monday about last week belongs in last week's report),
    newest first, athletes named as the report names them."""
    day = pd.to_datetime(notes[Col.DATE])
    end = start + pd.Timedelta(days=6)
    shown = notes[day > end - pd.Timedelta(weeks=opts.history_weeks)]
    return pd.DataFrame({
        Col.ATHLETE: [names(a) for a in shown[Col.ATHLETE].astype(str)],
        Col.DATE: pd.to_datetime(shown[Col.DATE]).dt.strftime("%Y-%m-%d").to_numpy(),
        "author": shown["author"].astype(str).to_numpy(),
        "text": [names.scrub(str(t)) for t in shown["text"]],
    })


@dataclass(frozen=True)
class _Week:
    """What each athlete's part of a report week reads: the numbers of the week's last day,
    the previous week's levels, the chart series and the rule columns shown."""

    assessment: Assessment
    options: ReportOptions
    names: Names
    numbers: WeekNumbers
    previous: pd.Series
    series: SeriesSource
    rule_ids: frozenset[str]
    rows: dict[int, pd.Series]  # the athlete's rows of the week, by athlete code
    explained: dict[str, Explanation]  # why, next week's sentence (views.explain)
    plan: pd.DataFrame                 # next week's plan by athlete id (risk.planner)

    def athlete(self, i: int, code: int, detail: dict[str, Any]) -> AthleteReport:
        """Athlete i (code `code`) of the week: level, flags, table row and chart data."""
        ctx, names, clinical = self.assessment.ctx, self.names, self.options.clinical
        if str(ctx.athletes[code]) != str(detail["athlete"]):  # pragma: no cover
            raise AssertionError("week_detail and the grid disagree on athlete order")
        level = level_of(detail["level"])
        reasons = _reasons(detail["rules"], level, clinical=clinical, names=names)
        signs = _escalation_signs(self.assessment, self.rows[code].to_numpy(), names)
        prev = self.previous.get(code, np.nan)
        prev_level = Level(int(prev)) if pd.notna(prev) else None
        shown = {(x.rule, x.text) for x in reasons}
        explained = self.explained[str(detail["athlete"])]
        plan = self.plan.loc[str(detail["athlete"])]
        row = {
            "athlete": names(detail["athlete"]),
            "level": LEVEL_TEXT[level],
            "meaning": level.words,
            "level_reached_on": pd.Timestamp(detail["level_reached_on"]),
            "last_week_level": LEVEL_TEXT[prev_level] if prev_level else NO_WEEK_TEXT,
            "level_change": _change(prev_level, level),
            "load_level": LEVEL_TEXT[level_of(detail["load_level"])],
            "escalation": detail["escalation"],
            "why": names.scrub(explained.why),
            "next_week": explained.advice,
            "modifiers": modifier_words(detail["modifiers"], clinical=clinical),
            **self.numbers.row(i, detail["rules"]),
            "this_week_au": plan[Plan.THIS_AU], "next_week_max_au": plan[Plan.MAX_AU],
            "next_week_max_min": plan[Plan.MAX_MIN],
            "next_week_max_extension": plan[Plan.MAX_EXT],
            "next_week_rest_days": plan[Plan.REST_DAYS],
            "flags": "\n".join([r.line for r in reasons]
                               + [f"behind the escalation: {r.line}" for r in signs
                                  if (r.rule, r.text) not in shown]),
            **{r["id"]: rule_level_text(r["level"]) for r in detail["rules"]
               if r["id"] in self.rule_ids},
        }
        return AthleteReport(
            athlete=row["athlete"], level=level, reasons=reasons,
            top_reason=_top_reason(level, reasons, signs, detail["escalation"],
                                   row["modifiers"], level_of(detail["load_level"])),
            row=row, series=self.series.of(code) if level in FLAGGED else None, signs=signs,
            why=row["why"], advice=explained.advice)


def _model_section(model: TeamModel, start: pd.Timestamp, athletes: list[str],
                   names: Names) -> ModelSection:
    """The model's card and every athlete's probability for the week, in report order."""
    card = model.card()
    values = model.week_probabilities(start).reindex(athletes)
    table = pd.DataFrame({"athlete": [names(a) for a in athletes],
                          "probability": values.to_numpy(dtype="float64")})
    summary = card["plain"] if not model.problem else f"{card['plain']}. {model.problem}"
    return ModelSection(card["label"], summary, card["verdict"], table)


# --- reasons --------------------------------------------------------------------------------


def _reasons(rules: list[dict[str, Any]], level: Level, *, clinical: bool,
             names: Names) -> list[Reason]:
    """The flags worth a reader's attention, most serious first, chosen as `risk` chooses its
    reasons (info and above; the core rules' 'insufficient data' only for a grey athlete),
    with clinical texts replaced unless `clinical`."""
    chosen = [r for r in rules if is_reason(r["id"], level_of(r["level"]), level)]
    chosen.sort(key=lambda r: -int(level_of(r["level"])))
    out = []
    for r in chosen:
        rule_level = level_of(r["level"])
        masked = not clinical and is_clinical_rule(r["id"], r["family"])
        text = coach_text(r["id"], r["family"], rule_level) if masked else r["text"]
        out.append(Reason(r["id"], rule_level, r["title"], names.scrub(text), masked))
    return out


def _escalation_signs(assessment: Assessment, rows: np.ndarray, names: Names) -> list[Reason]:
    """The amber signals behind the week's first escalation to red (spec §10.1 rules 4–5),
    as the engine finds them (:meth:`Assessment.escalation_signs`); they may lie in the
    previous week, where the week's own rule list does not show them."""
    return [Reason(f.rule, f.level, f.title, names.scrub(f.text), date=pd.Timestamp(f.date))
            for f in assessment.escalation_signs(rows)]


def _top_reason(level: Level, reasons: list[Reason], signs: list[Reason], escalation: str,
                modifiers: str, load_level: Level) -> str:
    """The reason the first page shows: for a referral the referral (with the load level
    beneath it), for an escalation the amber signals behind it, else the most serious flag."""
    if level in REFERRED and reasons:
        top = reasons[0]
        text = f"{top.headline} ({top.rule})"
        if load_level >= Level.AMBER:
            text += f"; load level {LEVEL_TEXT[load_level]}"
        return text
    if escalation:
        head = f"{escalation[:1].upper()}{escalation[1:]}"
        if "modifier" in escalation and modifiers:
            head += f" ({modifiers})"
        shown = [f"{r.headline} ({r.rule}, {r.date:%a %d %b})" for r in signs[:3]]
        if len(signs) > 3:
            shown.append(f"+{len(signs) - 3} more")
        return f"{head}: {'; '.join(shown)}" if shown else head
    if not reasons:
        return ""
    serious = [r for r in reasons if r.level >= Level.AMBER]
    top = (serious or reasons)[0]
    return f"{top.headline} ({top.rule})"


def _change(before: Level | None, now: Level) -> str:
    if before is None:
        return "new"
    if before == now:
        return ""
    ranked = (Level.GREEN, Level.AMBER, Level.RED, Level.REFER, Level.REFER_URGENT)
    if before in ranked and now in ranked:
        return "up" if now > before else "down"
    return "changed"


def _changes(athletes: list[AthleteReport]) -> pd.DataFrame:
    rows = [{"athlete": a.athlete, "last_week": a.row["last_week_level"],
             "this_week": a.row["level"], "change": a.row["level_change"]}
            for a in athletes if a.row["level_change"]]
    return pd.DataFrame(rows, columns=["athlete", "last_week", "this_week", "change"])
