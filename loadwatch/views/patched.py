"""A team's view after a write that touched a few athletes: only those are evaluated again.

Athletes are independent of each other in every metric and rule (spec §10.1 evaluates each
athlete on their own days), so after a therapist's check-in or plan for one athlete the
team's evaluation is the old one for everybody else and a fresh one for that athlete.
:func:`patch_view` builds that view; each table it answers is the old view's rows of the
untouched athletes beside the new rows of the touched ones, in the order the whole team's
evaluation gives (tests compare every answer with a full evaluation). The whole team is
evaluated again only when something asks for the team's single assessment (the report).
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

import pandas as pd

from loadwatch.risk.context import team_shape
from loadwatch.risk.engine import Assessment
from loadwatch.risk.planner import Plan
from loadwatch.schema import Col
from loadwatch.views import athlete as athlete_data
from loadwatch.views import team as team_data
from loadwatch.views.explain import Explanation, explain_week, not_judged_for_anyone
from loadwatch.views.teamview import TeamFrames, TeamView

#: Beyond this many touched athletes a full evaluation is about as fast (and simpler).
MAX_PATCHED = 40


def patch_view(view: TeamView, frames: TeamFrames, athletes: Collection[str]) -> TeamView:
    """The view of `frames` (the team's inputs after a write) that evaluates again only
    `athletes` (those the write touched) and keeps `view`'s evaluation of the others; a
    plain full view when too many athletes were touched or the team's shape changed."""
    base = view._base if isinstance(view, PatchedView) else view
    touched = frozenset(map(str, athletes)) | (
        view.touched if isinstance(view, PatchedView) else frozenset())
    if len(touched) > MAX_PATCHED or team_shape(frames.log) != base.assessment.ctx.shape:
        # many athletes, or the write changed what the team's log decides for everyone
        # (a first extension count, a channel gone with an undone upload): all again
        return TeamView(view.name, frames, view.config, clinical=view.clinical,
                        model=view.model)
    mine = frames.only(touched)
    patch = None
    if not mine.log.empty:  # an athlete without a log has no rows in the team's view either
        patch = TeamView(view.name, mine, view.config, clinical=view.clinical, like=base)
    return PatchedView(view.name, frames, view.config, clinical=view.clinical,
                       model=view.model, base=base, patch=patch, touched=touched)


def spliced_log(log: pd.DataFrame, fresh: pd.DataFrame | None,
                athletes: Collection[str]) -> pd.DataFrame:
    """`log` with the rows of `athletes` replaced by `fresh` (their log read again; None when
    they have none left), athletes in the order the store gives them."""
    chosen = set(map(str, athletes))
    kept = log[~log[Col.ATHLETE].astype(str).isin(chosen)]
    if fresh is None or fresh.empty:
        return kept.reset_index(drop=True)
    joined = pd.concat([kept, fresh.astype(kept.dtypes.to_dict(), errors="ignore")
                        if len(kept) else fresh], ignore_index=True)
    return joined.sort_values(Col.ATHLETE, kind="stable").reset_index(drop=True)


def _concat(tables: list[pd.DataFrame]) -> pd.DataFrame:
    """The tables one below the other, in the first (the base's) column types: empty ones add
    nothing, and a one-athlete table built from Python rows (text as `object`) is cast."""
    rows = [t for t in tables if len(t)]
    if not rows:
        return tables[0].iloc[:0]
    types = rows[0].dtypes.to_dict()
    return pd.concat([rows[0], *(t.astype(types) for t in rows[1:])], ignore_index=True)


@dataclass
class PatchedView(TeamView):
    """A team view whose `touched` athletes come from `patch`, the others from `base`."""

    base: TeamView | None = None
    patch: TeamView | None = None
    touched: frozenset[str] = field(default_factory=frozenset)

    # --- which part answers -------------------------------------------------------------

    @property
    def _base(self) -> TeamView:
        assert self.base is not None
        return self.base

    def _part(self, athlete: str) -> TeamView:
        if str(athlete) in self.touched:
            if self.patch is None:
                raise KeyError(athlete)
            return self.patch
        return self._base

    def _parts_of(self, week: pd.Timestamp) -> list[tuple[TeamView, bool]]:
        """(part, is the patch) for the parts holding `week`."""
        parts = [(self._base, False), *([(self.patch, True)] if self.patch else [])]
        return [(p, is_patch) for p, is_patch in parts if week in p.weeks]

    def _joined(self, tables: list[tuple[pd.DataFrame, bool]], column: str,
                by: list[str], ascending: list[bool] | bool = True) -> pd.DataFrame:
        """The base's rows of untouched athletes and the patch's rows, sorted as the whole
        team's table is."""
        kept = [t if is_patch else t[~t[column].astype(str).isin(self.touched)]
                for t, is_patch in tables]
        joined = _concat(kept)
        return joined.sort_values(by, ascending=ascending, kind="stable").reset_index(drop=True)

    def _cached(self, key: str, compute: Any) -> Any:
        if key not in self._cache:
            self._cache[key] = compute()
        return self._cache[key]

    def assessment_for(self, athlete: str) -> Assessment:
        """The evaluation holding the athlete's rows."""
        return self._part(athlete).assessment

    # --- the team's answers --------------------------------------------------------------

    @cached_property
    def logged(self) -> pd.DataFrame:
        """(athlete, week, last logged day): the base's untouched athletes and the patch's
        (not read again from the whole log: the default week asks on every page)."""
        parts = [(self._base.logged, False), *([(self.patch.logged, True)] if self.patch
                                                else [])]
        return self._joined(parts, Col.ATHLETE, [Col.ATHLETE, Col.WEEK])

    @cached_property
    def weeks(self) -> list[pd.Timestamp]:
        """Weeks with data, newest first."""
        weeks = set(self._base.weeks) | set(self.patch.weeks if self.patch else [])
        return sorted(weeks, reverse=True)

    @property
    def athletes(self) -> list[str]:
        """Athlete ids, sorted."""
        kept = set(self._base.athletes) - self.touched
        return sorted(kept | set(self.patch.athletes if self.patch else []))

    @property
    def weekly_data(self) -> bool:
        """True for a team that logs weekly totals only."""
        return self._base.weekly_data

    @property
    def extension_unit(self) -> str:
        """reps or min."""
        return self._base.extension_unit

    @property
    def last_day(self) -> pd.Timestamp:
        """The last day in the data."""
        days = [self._base.last_day, *([self.patch.last_day] if self.patch else [])]
        return max(days)

    def standing(self) -> pd.DataFrame:
        """Open referrals and active restrictions, whatever week is shown."""
        def compute() -> pd.DataFrame:
            parts = [(self._base.standing(), False),
                     *([(self.patch.standing(), True)] if self.patch else [])]
            kept = [t if is_patch else t[~t[team_data.Standing.ATHLETE].astype(str).isin(
                self.touched)] for t, is_patch in parts]
            return team_data.sorted_standing(_concat(kept))
        return self._cached("standing", compute)

    def overview(self, week: pd.Timestamp) -> pd.DataFrame:
        """One row per athlete for the week, worst first."""
        o = team_data.Overview
        return self._cached(f"overview-{week:%Y%m%d}", lambda: self._joined(
            [(p.overview(week), is_patch) for p, is_patch in self._parts_of(week)],
            o.ATHLETE, [o.SEVERITY, o.ATHLETE], [False, True]))

    def heatmap(self) -> pd.DataFrame:
        """Athlete × week levels for the season."""
        parts = [(self._base.heatmap(), False),
                 *([(self.patch.heatmap(), True)] if self.patch else [])]
        return self._cached("heatmap", lambda: self._joined(parts, Col.ATHLETE,
                                                            [Col.ATHLETE, Col.WEEK]))

    def watch_list(self, week: pd.Timestamp) -> pd.DataFrame:
        """Referred and red athletes (clinical views only)."""
        if not self.clinical:
            raise PermissionError("the watch list is for the therapist role")
        o = team_data.Overview
        return self._cached(f"watch-{week:%Y%m%d}", lambda: self._joined(
            [(p.watch_list(week), is_patch) for p, is_patch in self._parts_of(week)],
            o.ATHLETE, [o.SEVERITY, o.ATHLETE], [False, True]))

    def plan(self, week: pd.Timestamp | None = None) -> pd.DataFrame:
        """The plan for the week after `week` (default: the latest with training data)."""
        start = week if week is not None else self.default_week
        return self._cached(f"plan-{start:%Y%m%d}", lambda: self._joined(
            [(p.plan(start), is_patch) for p, is_patch in self._parts_of(start)],
            Plan.ATHLETE, [Plan.ATHLETE]))

    def not_judged(self, week: pd.Timestamp) -> dict[str, str]:
        """Rules no athlete of the week can be judged on: those of the untouched athletes
        (in the base) that the touched ones (in the patch) cannot be judged on either."""
        def compute() -> dict[str, str]:
            sides = []
            for part, is_patch in self._parts_of(week):
                without = () if is_patch else self.touched
                if part.overview(week)[team_data.Overview.ATHLETE].astype(str).isin(
                        without).all():
                    continue  # no athlete of this side in the week: it does not vote
                sides.append(not_judged_for_anyone(part.assessment, week, without=without))
            if not sides:
                return {}
            return {k: v for k, v in sides[0].items() if all(k in o for o in sides[1:])}
        return self._cached(f"not-judged-{week:%Y%m%d}", compute)

    def explanations(self, week: pd.Timestamp) -> dict[str, Explanation]:
        """Per athlete: why (red and referred), the plan's sentence, the reason lines (the
        team-wide items left out are the whole team's)."""
        def compute() -> dict[str, Explanation]:
            team_wide = self.not_judged(week)
            out: dict[str, Explanation] = {}
            for part, is_patch in self._parts_of(week):
                same = not is_patch and set(team_wide) == set(part.not_judged(week))
                told = part.explanations(week) if same else explain_week(
                    part.assessment, week, clinical=self.clinical, plan=part.plan(week),
                    team_wide=team_wide)
                out.update({a: e for a, e in told.items() if is_patch or a not in self.touched})
            return out
        return self._cached(f"explain-{week:%Y%m%d}", compute)

    # --- one athlete ---------------------------------------------------------------------

    def athlete_daily(self, athlete: str, since: pd.Timestamp | None = None) -> pd.DataFrame:
        """Daily series of one athlete for charts."""
        return self._part(athlete).athlete_daily(athlete, since)

    def athlete_hours(self, athlete: str, since: pd.Timestamp | None = None) -> pd.DataFrame:
        """Weekly organised hours and age."""
        return self._part(athlete).athlete_hours(athlete, since)

    def athlete_flags(self, athlete: str, week: pd.Timestamp) -> list[dict[str, Any]]:
        """The week's flags of one athlete."""
        return athlete_data.flags(self._part(athlete).assessment, athlete, week,
                                  clinical=self.clinical, team_wide=self.not_judged(week))

    def plan_adherence(self, athlete: str) -> pd.DataFrame:
        """Per week of an active plan: logged extension and sRPE load against it."""
        return self._part(athlete).plan_adherence(athlete)


__all__ = ["MAX_PATCHED", "PatchedView", "patch_view", "spliced_log"]
