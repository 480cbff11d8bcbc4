"""Evaluated team views, once per data version, and only the touched athletes after a write.

Every write lands in the audit log, so the newest audit id that is not a read or a sign-in
is the store's data version: a view evaluated at that version is still true. When the
version moved, the entries in between say what happened. If each of them is one of this
service's own writes recorded with :meth:`ViewCache.touching` (a therapist's check-in or
plan for one athlete, an upload or its undo for the athletes it covers, an episode), a team
view is brought up to date by evaluating again only the athletes those writes touched
(:func:`loadwatch.views.patched.patch_view`; an upload's athletes are read again from the
store, the rest of the team's log is kept), or kept as it is when they touched another team
or nothing the engine reads. Any other entry (settings, a roster, an athlete's own report,
a command-line write from another process) rebuilds the view from the store. A write is
known by its audit entries and their author, so the same user writing from another process
at the same instant would be counted with it (the audit log has no transaction id).
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any, TypeVar, cast

import pandas as pd
import sqlalchemy as sa

from loadwatch.errors import LogError
from loadwatch.store import audit
from loadwatch.store.db import Store
from loadwatch.store.tables import audit_log
from loadwatch.views.patched import patch_view
from loadwatch.views.teamview import TeamFrames, TeamView

#: Audit actions that change no data a view shows: reads, sign-in attempts, sessions,
#: account administration, exports, a repeated file, notes (no rule reads them).
QUIET_ACTIONS = ("sign_in", "add_user", "note.add", "export", "upload.repeat",
                 "access.denied", *audit.QUIET_ACTIONS)

T = TypeVar("T")


@dataclass(frozen=True)
class Touch:
    """One of the service's own writes: the team and the athletes whose inputs it changed
    (none: it changed nothing the engine reads, e.g. an injury episode); `log` when it
    changed their training log (an upload), not only side tables."""

    team: str
    athletes: frozenset[str]
    log: bool = False


@dataclass(frozen=True)
class Touched:
    """What the writes between two versions touched in one team."""

    athletes: frozenset[str]
    logs: frozenset[str]  # those of them whose training log changed


class ViewCache:
    """The latest view of each (team, clinical), with the version it was evaluated at."""

    def __init__(self, store: Store) -> None:
        self.store = store
        self._views: dict[tuple[str, bool], tuple[int, TeamView | None]] = {}
        self._touches: dict[int, Touch] = {}
        self._derived: dict[tuple[str, str], tuple[int, Hashable, Any]] = {}

    def version(self) -> int:
        """The newest audit id of a write that may change what a view shows."""
        with self.store.read() as conn:
            return int(conn.execute(sa.select(sa.func.max(audit_log.c.id)).where(
                audit_log.c.action.not_in(QUIET_ACTIONS))).scalar() or 0)

    def _entries(self, after: int, upto: int | None = None,
                 actor: str | None = None) -> list[int]:
        """Ids of the data-changing audit entries after `after` (up to `upto`, by `actor`)."""
        query = sa.select(audit_log.c.id).where(audit_log.c.id > after,
                                                audit_log.c.action.not_in(QUIET_ACTIONS))
        if upto is not None:
            query = query.where(audit_log.c.id <= upto)
        if actor is not None:
            query = query.where(audit_log.c.actor == actor)
        with self.store.read() as conn:
            return [int(i) for i in conn.execute(query).scalars()]

    @contextmanager
    def touching(self, team: str, actor: str, *, log: bool = False) -> Iterator[set[str]]:
        """Record the write done inside the block (its audit entries by `actor`) as touching
        only the athletes of `team` the block adds to the set it is given (`log`: their
        training logs)."""
        before = self.version()
        athletes: set[str] = set()
        yield athletes
        touch = Touch(team, frozenset(map(str, athletes)), log)
        for entry in self._entries(before, actor=actor):
            self._touches[entry] = touch

    def _touched(self, team: str, since: int, upto: int) -> Touched | None:
        """What the writes between two versions touched in the team; None when an entry in
        between is not a recorded touch (the view must be rebuilt)."""
        athletes: set[str] = set()
        logs: set[str] = set()
        for entry in self._entries(since, upto):
            touch = self._touches.get(entry)
            if touch is None:
                return None
            if touch.team == team:
                athletes |= touch.athletes
                logs |= touch.athletes if touch.log else set()
        return Touched(frozenset(athletes), frozenset(logs))

    def view(self, team: str, clinical: bool, build: Callable[[], TeamView | None],
             inputs: Callable[[TeamView, frozenset[str]], TeamFrames | None]
             ) -> TeamView | None:
        """The team's view at the current version: the one held, the held one with the
        touched athletes evaluated again on `inputs(held, athletes whose log changed)`
        (None: the team has no log left), or `build()`."""
        version = self.version()
        held = self._views.get((team, clinical))
        if held is not None and held[0] == version:
            return held[1]
        touched = None if held is None else self._touched(team, held[0], version)
        if held is None or touched is None:
            view = build()
        elif not touched.athletes:
            view = held[1]  # the writes since were another team's, or changed no input
        elif held[1] is not None:
            try:
                frames = inputs(held[1], touched.logs)
            except LogError:  # the touched rows cannot join the team's log: as a full read
                view = build()
            else:
                view = None if frames is None else patch_view(held[1], frames,
                                                              touched.athletes)
        else:
            view = build()
        self._views[(team, clinical)] = (version, view)
        oldest = min(v for v, _ in self._views.values())
        self._touches = {k: t for k, t in self._touches.items() if k > oldest}
        return view

    def stored_log(self, team: str) -> pd.DataFrame | None:
        """The team's log as stored, from a view held at the current version (None when no
        such view is held: the caller reads the store)."""
        version = self.version()
        for clinical in (False, True):
            held = self._views.get((team, clinical))
            if held is not None and held[0] == version and held[1] is not None:
                return held[1].frames.stored
        return None

    def derived(self, team: str, what: str, compute: Callable[[], T], *,
                key: Hashable = None) -> T:
        """A table derived from the team's stored data (its logging gaps, its availability on
        the day `key`), computed once per data version and key: every athlete page asks for
        it again. The latest one of each `what` is kept."""
        version = self.version()
        held = self._derived.get((team, what))
        if held is not None and held[:2] == (version, key):
            return cast(T, held[2])
        value = compute()
        self._derived[(team, what)] = (version, key, value)
        return value

    def clear(self) -> None:
        """Forget every view (the next request of each team rebuilds it)."""
        self._views.clear()
        self._touches.clear()
        self._derived.clear()
