"""Everything the dashboard shows about one team, computed once per data version.

`TeamView` wraps one evaluation of the rule engine and answers the pages' questions (weeks,
overview, heat map, athlete series, flags, planner, plan adherence) so that the Streamlit
code only lays out what it receives. Clinical content is included only when the view was
built with `clinical=True` (therapist role).
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass, field
from functools import cached_property
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from loadwatch.config import Config
from loadwatch.risk.advice import for_the_week
from loadwatch.risk.engine import Assessment, Out, evaluate
from loadwatch.risk.planner import Plan, plan_week
from loadwatch.risk.rules.base import Level
from loadwatch.schema import Channel, Col, PlanCol
from loadwatch.series.weeks import choose_week
from loadwatch.views import athlete as athlete_data
from loadwatch.views import team as team_data
from loadwatch.views.explain import (
    Explanation,
    explain_week,
    grade_legend,
    not_judged_for_anyone,
    note_for,
)
from loadwatch.vocab import LEVEL_NAMES, au, pct, ratio, round_half_up

#: Ratio methods in words, for chart legends (spec §6.1): the method selector's words.
RATIO_WORDS = {column: words for words, column in athlete_data.RATIO_COLUMNS.items()}

if TYPE_CHECKING:  # scikit-learn loads only when a team has a model
    from loadwatch.model.serving import TeamModel


@dataclass
class TeamFrames:
    """The inputs of one team: training log and side tables (clinical ones may be empty)."""

    log: pd.DataFrame
    roster: pd.DataFrame | None = None
    growth: pd.DataFrame | None = None
    symptoms: pd.DataFrame | None = None
    plans: pd.DataFrame | None = None
    #: the log as the store holds it, before the athletes' own sessions were added (kept so
    #: that an upload's athletes can be read again without the rest of the team)
    stored: pd.DataFrame | None = field(default=None, repr=False)

    def only(self, athletes: Collection[str]) -> TeamFrames:
        """The same inputs for some athletes only (their rows of every table)."""
        chosen = set(map(str, athletes))

        def rows(frame: pd.DataFrame | None) -> pd.DataFrame | None:
            if frame is None or frame.empty or Col.ATHLETE not in frame.columns:
                return frame
            return frame[frame[Col.ATHLETE].astype(str).isin(chosen)].reset_index(drop=True)

        log = rows(self.log)
        assert log is not None
        return TeamFrames(log=log, roster=rows(self.roster), growth=rows(self.growth),
                          symptoms=rows(self.symptoms), plans=rows(self.plans))


@dataclass
class TeamView:
    """A team's evaluated data, shaped for the dashboard pages."""

    name: str
    frames: TeamFrames
    config: Config
    clinical: bool = False
    model: TeamModel | None = None
    #: the whole team's view when this one holds only some of its athletes (their channels
    #: and extension unit are the team's: :func:`loadwatch.risk.engine.evaluate`'s `like`)
    like: TeamView | None = field(default=None, repr=False)
    _cache: dict[str, Any] = field(default_factory=dict, repr=False)

    @cached_property
    def assessment(self) -> Assessment:
        """The rule engine on every athlete-day (computed once)."""
        f = self.frames
        return evaluate(f.log, roster=f.roster, growth=f.growth, symptoms=f.symptoms,
                        plans=f.plans, config=self.config,
                        like=self.like.assessment if self.like is not None else None)

    def assessment_for(self, athlete: str) -> Assessment:
        """The evaluation holding the athlete's rows (the team's)."""
        return self.assessment

    @cached_property
    def weeks(self) -> list[pd.Timestamp]:
        """Weeks with data, newest first (computed once: every page asks several times)."""
        return team_data.weeks_available(self.assessment)

    @cached_property
    def logged(self) -> pd.DataFrame:
        """(athlete, week, last logged day) of every athlete-week with logged data."""
        return team_data.logged_weeks(self.frames.log, self.config.week_start_day)

    @cached_property
    def default_week(self) -> pd.Timestamp:
        """The week every page opens on: the latest week with data for most (more than half)
        of the team's athletes, so that a partial upload (3 of 20 athletes in a new week) or a
        fresh check-in does not hide the rest; without such a week, the best-covered one
        (:func:`loadwatch.series.weeks.choose_week`: one rule for every face, spec §3.3)."""
        if self.logged.empty:
            return self.weeks[0]
        return choose_week(self.logged, self.config.week_start_day).week

    def week_coverage(self, week: pd.Timestamp) -> tuple[int, int]:
        """(athletes with logged data in the week, athletes of the team)."""
        with_data = self.logged.loc[self.logged[Col.WEEK] == week, Col.ATHLETE].nunique()
        return int(with_data), len(self.athletes)

    def without_data(self, week: pd.Timestamp) -> list[str]:
        """Athletes of the team without any logged day in the week (missing is not rest)."""
        present = set(self.logged.loc[self.logged[Col.WEEK] == week, Col.ATHLETE])
        return [a for a in self.athletes if a not in present]

    def last_logged(self, athlete: str) -> pd.Timestamp | None:
        """The athlete's last day with logged data (None when nothing is logged)."""
        days = self.logged.loc[self.logged[Col.ATHLETE] == athlete, "last"]
        return None if days.empty else pd.Timestamp(days.max())

    def has_week(self, athlete: str, week: pd.Timestamp) -> bool:
        """True when the athlete has a verdict in the week (a row of its overview)."""
        return bool((self.overview(week)[team_data.Overview.ATHLETE] == athlete).any())

    def standing(self) -> pd.DataFrame:
        """Open referrals and active restrictions (athlete, kind, since, text), whatever week
        is shown: they stay until a clinician clears them (coach texts without symptoms)."""
        if "standing" not in self._cache:
            self._cache["standing"] = team_data.standing_list(self.assessment,
                                                              clinical=self.clinical)
        return self._cache["standing"]

    def week_index(self, week: pd.Timestamp | None = None) -> int:
        """Position of a week (default: the latest with training data) in `weeks`."""
        target = week if week is not None else self.default_week
        return self.weeks.index(target) if target in self.weeks else 0

    @property
    def athletes(self) -> list[str]:
        """Athlete ids, sorted."""
        return sorted(str(a) for a in self.assessment.ctx.athletes)

    @property
    def weekly_data(self) -> bool:
        """True for a team that logs weekly totals only."""
        return self.assessment.ctx.weekly_data

    @property
    def extension_unit(self) -> str:
        """reps or min."""
        return self.assessment.ctx.extension_unit

    @property
    def last_day(self) -> pd.Timestamp:
        """The last day in the data."""
        return pd.Timestamp(int(self.assessment.ctx.day.max()), unit="D")

    def overview(self, week: pd.Timestamp) -> pd.DataFrame:
        """One row per athlete for the week, worst first (cached per week)."""
        key = f"overview-{week:%Y%m%d}"
        if key not in self._cache:
            self._cache[key] = team_data.overview(self.assessment, week, clinical=self.clinical)
        return self._cache[key]

    def overview_shown(self, week: pd.Timestamp) -> pd.DataFrame:
        """The overview as a table shows it: numbers rounded half up (spec §4.9), levels in
        the reasons in words (cached per week: every overview load asks; do not change it)."""
        key = f"overview-shown-{week:%Y%m%d}"
        if key not in self._cache:
            table = team_data.as_shown(self.overview(week))
            words = (team_data.Overview.TOP_REASON, team_data.Overview.REASONS)
            self._cache[key] = table.assign(
                **{c: table[c].map(team_data.level_words) for c in words})
        return self._cache[key]

    @staticmethod
    def level_counts(table: pd.DataFrame) -> dict[str, int]:
        """Athletes per level name."""
        return team_data.level_counts(table)

    def heatmap(self) -> pd.DataFrame:
        """Athlete × week levels for the season."""
        if "heatmap" not in self._cache:
            self._cache["heatmap"] = team_data.heatmap(self.assessment)
        return self._cache["heatmap"]

    def heatmap_table(self) -> pd.DataFrame:
        """The heat map with level names in words, each week's end (for drawing) and its name
        as the week selector writes it (tooltips)."""
        heat = self.heatmap()
        weeks = heat[Col.WEEK]
        monday = weeks.dt.day_of_week == 0  # other week starts: the first date, not an ISO number
        names = weeks.dt.strftime("%G-W%V (%d %b)").where(monday,
                                                           weeks.dt.strftime("%Y-%m-%d (%a)"))
        return heat.assign(level_name=heat[Out.LEVEL].map(team_data.LEVEL_NAMES),
                           week_end=weeks + pd.Timedelta(days=7), week_name=names)

    def referred_after(self, week: pd.Timestamp) -> list[str]:
        """Athletes referred in a week newer than `week` (a fresh check-in must not hide)."""
        heat = self.heatmap()
        later = heat[(heat[Col.WEEK] > week) & heat[Out.LEVEL].isin(
            [Level.REFER.label, Level.REFER_URGENT.label])]
        return sorted(later[Col.ATHLETE].astype(str).unique())

    def watch_list(self, week: pd.Timestamp) -> pd.DataFrame:
        """Referred and red athletes (clinical views only)."""
        if not self.clinical:
            raise PermissionError("the watch list is for the therapist role")
        table = team_data.watch_list(self.assessment, week)
        reasons = team_data.Overview.REASONS
        return table.assign(**{reasons: table[reasons].map(team_data.level_words)})

    def plan(self, week: pd.Timestamp | None = None) -> pd.DataFrame:
        """The plan for the week after `week` (default: the latest with training data) that
        obeys every flag of that week (cached per week)."""
        start = week if week is not None else self.default_week
        key = f"plan-{start:%Y%m%d}"
        if key not in self._cache:
            self._cache[key] = plan_week(self.assessment, start)
        return self._cache[key]

    def explanations(self, week: pd.Timestamp) -> dict[str, Explanation]:
        """Per athlete: why (red and referred), the plan's sentence, the reason lines."""
        key = f"explain-{week:%Y%m%d}"
        if key not in self._cache:
            self._cache[key] = explain_week(self.assessment, week, clinical=self.clinical,
                                            plan=self.plan(week),
                                            team_wide=self.not_judged(week))
        return self._cache[key]

    def not_judged(self, week: pd.Timestamp) -> dict[str, str]:
        """Rule id → line, for the rules no athlete of the week can be judged on yet."""
        key = f"not-judged-{week:%Y%m%d}"
        if key not in self._cache:
            self._cache[key] = not_judged_for_anyone(self.assessment, week)
        return self._cache[key]

    def team_note(self, week: pd.Timestamp) -> str:
        """One line above the team's table: the items no athlete can be judged on yet."""
        return note_for(self.not_judged(week))

    @staticmethod
    def grade_legend() -> str:
        """What the evidence grades E1/E2/E3 mean (spec §0)."""
        return grade_legend()

    def athlete_summary(self, athlete: str, week: pd.Timestamp) -> dict[str, str | None]:
        """Headline numbers of an athlete's week, formatted for metric tiles, with why the
        level is what it is and next week's plan in one sentence."""
        row = self.overview(week).set_index(team_data.Overview.ATHLETE).loc[athlete]
        plan = self.plan(week).set_index(Plan.ATHLETE).loc[athlete]
        explained = self.explanations(week).get(athlete)
        acwr = row[Out.PRIMARY]
        change = row[Col.CHANGE_PCT]
        return {
            "level": str(row[Out.LEVEL]),
            "load_level": str(row[Out.LOAD_LEVEL]),
            "acwr": ratio(acwr),
            "band": athlete_data.band(acwr, self.config),
            "weekly_load": au(row[Col.WEEKLY_LOAD]),
            "change": None if pd.isna(change) else pct(change, space=False),
            "plan": au(plan[Plan.MAX_AU]),
            "plan_week": for_the_week(plan[Plan.PLAN_WEEK], self.config.week_start_day),
            "plan_help": str(plan[Plan.ADVICE]),
            "why": explained.why if explained is not None else "",
            "advice": str(plan[Plan.ADVICE]),
        }

    def chart_start(self, week: pd.Timestamp, weeks: int | None) -> pd.Timestamp | None:
        """First day of the athlete charts: `weeks` weeks back from the team's last day, or
        the start of `week` when that is earlier (the week looked at is always drawn); None
        for the whole history."""
        if weeks is None:
            return None
        start = pd.Timestamp(self.last_day) - pd.Timedelta(weeks=weeks) + pd.Timedelta(days=1)
        return min(start.normalize(), pd.Timestamp(week))

    def athlete_daily(self, athlete: str, since: pd.Timestamp | None = None) -> pd.DataFrame:
        """Daily series of one athlete for charts (gaps stay NaN), from `since` (default:
        every day), with `load_shown`: the day's load as a tooltip writes it ('2,610 AU').
        The means and ratios of the first days are those of the whole series."""
        days = athlete_data.daily(self.assessment, athlete)
        if since is not None:
            days = days[days[Col.DATE] >= since].reset_index(drop=True)
        return days.assign(load_shown=days[Col.VALUE].map(au))

    def load_lines(self, days: pd.DataFrame) -> pd.DataFrame:
        """Acute and chronic means of `athlete_daily` as a long table (date, series, AU/day)
        whose series names are plain words for the chart legend ('acute load (7-day mean)')."""
        c = self.config
        names = {Col.ACUTE: f"acute load ({int(c.get('acwr.acute_days'))}-day mean)",
                 Col.CHRONIC: f"chronic load ({int(c.get('acwr.chronic_days'))}-day mean)"}
        long = days.melt(Col.DATE, list(names), "series", "AU/day")
        return long.assign(series=long["series"].map(names))

    @staticmethod
    def ratio_series(days: pd.DataFrame, columns: list[str]) -> pd.DataFrame:
        """Ratio columns of `athlete_daily` as a long table (date, method, ratio) for a chart,
        with `ratio_shown`, the tooltip's text rounded half up (1.305 → '1.31', spec §4.9);
        the method in words ('rolling ACWR, 7:28 coupled'), never a column name."""
        long = athlete_data.ratio_series(days, columns)
        return long.assign(method=long["method"].map(RATIO_WORDS).fillna(long["method"]))

    def athlete_hours(self, athlete: str, since: pd.Timestamp | None = None) -> pd.DataFrame:
        """Weekly organised hours and age (the weeks that end on or after `since`)."""
        hours = athlete_data.weekly_hours(self.assessment, athlete)
        if since is not None:
            hours = hours[hours[Col.WEEK] + pd.Timedelta(days=6) >= since]
        return hours.reset_index(drop=True)

    def athlete_flags(self, athlete: str, week: pd.Timestamp) -> list[dict[str, Any]]:
        """The week's flags of one athlete, with symptom details only for clinical views."""
        return athlete_data.flags(self.assessment, athlete, week, clinical=self.clinical,
                                  team_wide=self.not_judged(week))

    def band_table(self) -> pd.DataFrame:
        """Descriptive ratio bands with the team's thresholds, for chart backgrounds."""
        c = self.config
        cuts = [0.0, float(c.get("acwr.low_info_below")), float(c.get("acwr.amber_above")),
                float(c.get("acwr.red_at_or_above")), 2.5]
        return pd.DataFrame({"low": cuts[:-1], "high": cuts[1:],
                             "band": list(athlete_data.BANDS)})

    def band_caption(self) -> str:
        """The team's descriptive ratio bands in words, thresholds as the tables show them."""
        low, amber, red = (ratio(self.config.get(key)) for key in (
            "acwr.low_info_below", "acwr.amber_above", "acwr.red_at_or_above"))
        return (f"Ratios: {low}–{amber} is in line with recent training; above {amber} and "
                f"{red} are above and well above the recent average (adult studies; not "
                "validated in youth).")

    def athlete_plans(self, athlete: str) -> pd.DataFrame:
        """The athlete's clinician plans as entered, newest first, in words (clinical views
        only; empty without a plan): a plan saved today is listed before any week of data
        can be checked against it."""
        plans = self.frames.plans
        if not self.clinical or plans is None or plans.empty:
            return pd.DataFrame()
        mine = plans[plans[PlanCol.ATHLETE].astype(str) == athlete]
        mine = mine.sort_values(PlanCol.START, ascending=False, kind="stable")
        day = "{:%d %b %Y}".format
        return pd.DataFrame({
            "Restriction": mine[PlanCol.RESTRICTION].astype(str).map(
                lambda k: team_data.RESTRICTION_NAMES.get(k, k)),
            "Cap": mine[PlanCol.CAP].map(lambda v: "—" if pd.isna(v) else au(v, "")),
            "From": pd.to_datetime(mine[PlanCol.START]).map(day),
            "Review": pd.to_datetime(mine[PlanCol.REVIEW]).map(
                lambda v: "none set" if pd.isna(v) else day(v)),
        })

    def plan_adherence(self, athlete: str) -> pd.DataFrame:
        """Per week of an active plan: logged extension exposure and sRPE load against it."""
        plans = self.frames.plans
        if not self.clinical or plans is None or plans.empty:
            return pd.DataFrame()
        mine = plans[plans[PlanCol.ATHLETE] == athlete]
        if mine.empty:
            return pd.DataFrame()
        ctx = self.assessment.ctx
        rows = np.flatnonzero(ctx.code == int(ctx.athletes.get_loc(athlete)))
        ext = ctx.metrics.get(Channel.EXTENSION)
        s4 = self.assessment.outcomes["S4"].level[rows]
        frame = pd.DataFrame({
            Col.WEEK: pd.to_datetime(ctx.week[rows], unit="D"),
            "extension": ext[Col.VALUE].to_numpy()[rows] if ext is not None else np.nan,
            "plan_check": s4,
        })
        weekly = frame.groupby(Col.WEEK).agg(extension=("extension", "sum"),
                                             plan_check=("plan_check", "max"))
        weekly = weekly[weekly["plan_check"] != int(Level.NOT_APPLICABLE)]
        return pd.DataFrame({  # words and dates as read, never column names or timestamps
            "Week": [f"{w:%G-W%V} ({w:%d %b})" if w.day_of_week == 0 else f"{w:%d %b %Y}"
                     for w in weekly.index],
            f"Extension ({self.extension_unit})": round_half_up(weekly["extension"], 0),
            "Plan check": [LEVEL_NAMES[Level(int(v)).label] for v in weekly["plan_check"]],
        })

    def model_card(self) -> dict[str, str] | None:
        """The validated model's card (None when no validated model exists)."""
        if self.model is None:
            return None
        return self.model.card()

    def model_problem(self) -> str | None:
        """Why the installed model gives no probabilities for this team, if it cannot."""
        if self.model is None:
            return None
        self.model.predictions()
        return self.model.problem

    def model_probability(self, athlete: str, week: pd.Timestamp) -> str | None:
        """The model's probability for the athlete's last day of the week, as text."""
        if self.model is None:
            return None
        value = self.model.probability(athlete, week)
        return None if value is None else pct(100 * value, sign=False, space=False)
