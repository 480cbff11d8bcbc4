"""The dashboard's one door into loadwatch: accounts, teams, uploads, clinical entries,
reports and settings over the store, with the role and the team checked again on every call.

The service owns scope: every method that takes a team refuses a user who may not work with
it (admins: every team; others: their own) and hands the team down to the store, which
resolves athletes within it; a method that names an athlete also checks that the athlete is
in that team. A refusal raises :class:`AccessDenied` (one line, naming no athlete) and is
audited (who, which method, which team).

Streamlit pages call only this module (and the TeamView it returns); everything they show is
computed in the package. Clinical data (check-ins, plans, notes) is read and written only
for the therapist role; coaches see that an athlete is referred, never why.
"""

from __future__ import annotations

import datetime as dt
import tempfile
from collections.abc import Collection, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pandas as pd
import sqlalchemy as sa

from loadwatch.app import accounts, alerts, clinic, compliance, links
from loadwatch.app import selfreport as self_pages
from loadwatch.app import team_models as store_models
from loadwatch.app.auth import AccessDenied, User
from loadwatch.app.seed import seed_demo
from loadwatch.app.uploads import UploadPreview, build_preview
from loadwatch.app.view_cache import ViewCache
from loadwatch.config import Config, ConfigError, load_config
from loadwatch.errors import LogError, UsageError
from loadwatch.ingest.mapping import ReadOptions, layout_key
from loadwatch.ingest.preview import ExportPreview, preview_export
from loadwatch.ingest.profiles import ExportProfile, profiles
from loadwatch.ingest.readers import read_table
from loadwatch.report import (
    FORMATS,
    MEDIA_TYPES,
    ReportOptions,
    render,
    report_filename,
    report_from_assessment,
)
from loadwatch.report.charts import ChartCache
from loadwatch.schema import AvailabilityCol, SymptomCol
from loadwatch.series.gaps import check_resolvable, gap_table
from loadwatch.store import audit, clinical, queries, settings, uploads
from loadwatch.store import episodes as store_episodes
from loadwatch.store import erase as store_erase
from loadwatch.store import gaps as store_gaps
from loadwatch.store import mappings as store_mappings
from loadwatch.store import profiles as store_profiles
from loadwatch.store import selfreport as selfreport_store
from loadwatch.store import teams as store_teams
from loadwatch.store.athletes import clean_team, in_team
from loadwatch.store.clinical import load_notes
from loadwatch.store.db import Store, open_store
from loadwatch.store.injuries import load_injuries
from loadwatch.store.secret import installation_secret, keyed_digest
from loadwatch.store.tables import audit_log
from loadwatch.views.patched import spliced_log
from loadwatch.views.teamview import TeamFrames, TeamView

if TYPE_CHECKING:  # scikit-learn loads only when a team has a model
    from loadwatch.model.serving import TeamModel

__all__ = ["AccessDenied", "Service", "UploadPreview", "User"]

RED_FLAG_LABELS = {
    SymptomCol.NIGHT_PAIN: "Night pain, or pain at rest that wakes the athlete",
    SymptomCol.FEVER: "Fever or feeling unwell",
    SymptomCol.WEIGHT_LOSS: "Unexplained weight loss",
    SymptomCol.LEG_SYMPTOMS: "Numbness, tingling or weakness in a leg",
    SymptomCol.BLADDER_BOWEL: "Bladder or bowel change",
    SymptomCol.TRAUMA: "Recent fall or significant trauma",
}


_CLINICAL = ("therapist",)
#: what a refusal by role says, per method (else: clinical data / the roles allowed)
_ROLE_WORDS = {"store_upload": "uploads are for coaches and admins",
               "import_roster": "only an admin imports rosters",
               "save_team_config": "only an admin changes thresholds",
               "add_user": "only an admin adds users",
               "users_table": "only an admin lists users",
               "load_sample": "only an admin loads the sample club",
               "resolve_gap": "logging gaps are resolved by coaches, therapists and admins",
               "erase_athlete": "only an admin erases an athlete",
               "epidemiology": "injury epidemiology is for therapists and admins",
               "athlete_link": "personal links are handed out by coaches and admins",
               "save_mapping": "column mappings are saved by coaches and admins",
               "saved_mapping": "column mappings are for coaches and admins",
               "preview_export": "uploads are for coaches and admins"}
#: who hands out athletes' personal links (issue 16)
_LINK_ROLES = ("coach", "admin")
#: who resolves a possible logging gap (it is load data, not clinical)
_GAP_ROLES = ("coach", "therapist", "admin")


class Service:
    """Everything the dashboard does, on one store."""

    def __init__(self, store: Store) -> None:
        self.store = store
        self._views = ViewCache(store)

    @classmethod
    def open(cls, url: str | None = None) -> Service:
        """Open (and migrate if needed) the store named by `url` / $LOADWATCH_DB / default."""
        return cls(open_store(url))

    # --- accounts ------------------------------------------------------------------------

    def has_users(self) -> bool:
        """False on a fresh installation (the first visitor creates the admin)."""
        return accounts.has_users(self.store)

    def create_first_admin(self, username: str, password: str) -> User:
        """The first-run account."""
        return accounts.create_first_admin(self.store, username, password)

    def authenticate(self, username: str, password: str) -> User | None:
        """The user for a correct username and password, else None."""
        return accounts.authenticate(self.store, username, password)

    def users_table(self, *, by: User) -> pd.DataFrame:
        """Accounts without their hashes (admin: account lists are not for coaches)."""
        if by.role != "admin":
            raise self._refuse(by, "users_table", None, "role", _ROLE_WORDS["users_table"])
        return accounts.list_users(self.store)

    def add_user(self, username: str, password: str, role: str, teams: list[str], *,
                 by: User) -> User:
        """Admins add accounts."""
        if by.role != "admin":
            raise self._refuse(by, "add_user", None, "role", _ROLE_WORDS["add_user"])
        return accounts.add_user(self.store, username, password, role, teams, by=by.username)

    # --- teams and views -------------------------------------------------------------------

    def teams_for(self, user: User) -> list[str]:
        """Teams the user may see: all for an admin, their own otherwise."""
        names = queries.list_teams(self.store)["name"].astype(str).tolist()
        hidden = store_teams.archived_names(self.store)  # archived: data kept, not listed
        names = [n for n in names if n not in hidden]
        if user.role == "admin":
            return sorted(names)
        return sorted(n for n in names if n in user.teams)

    # --- scope -----------------------------------------------------------------------------

    def _refuse(self, user: User, method: str, team: str | None, reason: str,
                message: str) -> AccessDenied:
        """Audit a refused call (who, which method, which team, why) and return its error."""
        audit.record_event(self.store, user.username, "access.denied", "service", method,
                           f"team={team} reason={reason}")
        return AccessDenied(message)

    def _scope(self, user: User, method: str, team: str, *,
               roles: tuple[str, ...] | None = None, athlete: str | None = None) -> str:
        """The team as stored, once the user's role, the user's teams and (when an athlete
        is named) the athlete's team allow the call; AccessDenied (audited) otherwise."""
        if roles is not None and user.role not in roles:
            raise self._refuse(user, method, team, "role", _ROLE_WORDS.get(
                method, "clinical data is for the therapist role"))
        name = clean_team(team)
        if not user.may_see(name):
            raise self._refuse(user, method, name, "team",
                               f"you have no access to team '{name}'")
        if athlete is not None and not in_team(self.store, name, athlete):
            raise self._refuse(user, method, name, "athlete",
                               f"that athlete is not in team '{name}'")
        return name

    def team_view(self, team: str, *, user: User, clinical: bool) -> TeamView | None:
        """The evaluated team (cached until the next write), or None when it has no data;
        the clinical view is for therapists."""
        team = self._scope(user, "team_view", team, roles=_CLINICAL if clinical else None)
        if clinical:
            self._read(user, "team clinical view", team)
        return self._view(team, clinical)

    def _view(self, team: str, clinical: bool) -> TeamView | None:
        """The team's view at the current data version (see :mod:`loadwatch.app.view_cache`)."""
        return self._views.view(team, clinical, lambda: self._build_view(team, clinical),
                                lambda held, logs: self._frames(team, held.frames, logs))

    def _build_view(self, team: str, clinical: bool) -> TeamView | None:
        """The team evaluated from the store (None when it holds no log)."""
        try:
            frames = self._frames(team)
        except LogError:
            return None
        if frames is None:
            return None
        # a coach's view still evaluates symptoms (to show "referred"); it redacts them
        model = self._team_model(team, frames) if clinical else None
        return TeamView(team, frames, self._config(team), clinical=clinical, model=model)

    def _frames(self, team: str, held: TeamFrames | None = None,
                logs: Collection[str] = ()) -> TeamFrames | None:
        """The team's inputs from the store. With `held` (the inputs of a view) the stored log
        is read again only for the athletes in `logs` (an upload's); None when no log is
        left."""
        if held is None or held.stored is None:
            stored = queries.load_log(self.store, team)
        elif logs:
            stored = spliced_log(held.stored, self._log_of(team, logs), logs)
            if stored.empty:
                return None
        else:
            stored = held.stored
        log = held.log if held is not None and held.stored is stored else \
            selfreport_store.with_self_sessions(  # athletes' own reports (issue 16)
                stored, selfreport_store.load_self_sessions(self.store, team), team,
                self._config(team))
        # a write recorded as a touch changes no roster or growth entry unless it is an
        # upload (its athletes' names): those are read again only then
        if held is None or logs:
            roster, growth = queries.load_roster(self.store, team), queries.load_growth(
                self.store, team)
        else:
            roster, growth = held.roster, held.growth
        return TeamFrames(
            log=log, roster=roster, growth=growth,
            symptoms=clinical_or_empty(self.store, team, "symptoms"),
            plans=clinical_or_empty(self.store, team, "plans"), stored=stored,
        )

    def _log_of(self, team: str, athletes: Collection[str]) -> pd.DataFrame | None:
        """The stored log of some of the team's athletes (None when they have none left; a
        LogError, as for the whole team, when their rows cannot make one log)."""
        return queries.load_log(self.store, team, athletes=athletes) if queries.has_rows(
            self.store, team, athletes) else None

    def _team_model(self, team: str, frames: TeamFrames) -> TeamModel | None:
        """The team's installed model with the data it predicts from (therapist views only:
        the injury log is clinical data)."""
        fitted = store_models.load_team_model(self.store, team)
        if fitted is None:
            return None
        from loadwatch.model.serving import TeamModel

        roster = frames.roster if frames.roster is not None and len(frames.roster) else None
        return TeamModel(fitted, frames.log, load_injuries(self.store, team), roster)

    # --- uploads ---------------------------------------------------------------------------

    def preview_upload(self, data: bytes, name: str, *, column_map: dict[str, str] | None,
                       dayfirst: bool | None, team: str | None = None,
                       user: User | None = None, sheet: str | None = None) -> UploadPreview:
        """Validate an upload without storing it: mapping (saved one applied), every problem,
        warnings, first rows as stored and, for a team, the rows that correct stored ones."""
        if team is not None:
            if user is None:
                raise UsageError("a preview for a team needs the user")
            team = self._upload_team(user, "preview_upload", team)
        return build_preview(self.store, data, name, team=team, column_map=column_map,
                             dayfirst=dayfirst, sheet=sheet,
                             config=None if team is None else self._config(team))

    def store_upload(self, data: bytes, name: str, team: str, *, user: User,
                     column_map: dict[str, str] | None, dayfirst: bool | None,
                     skip_invalid: bool, replace_period: bool = False,
                     add_as_new: bool = False, sheet: str | None = None
                     ) -> uploads.UploadResult:
        """Store a validated upload in one transaction (coach or admin of the team; an
        existing, active team). Rows matching stored sessions need `replace_period` ("this
        file corrects stored sessions") or `add_as_new`; LogError otherwise."""
        team = self._upload_team(user, "store_upload", team)
        with self._views.touching(team, user.username, log=True) as touched:
            result = uploads.ingest_bytes(
                self.store, data, name, team, uploaded_by=user.username,
                skip_invalid=skip_invalid, dayfirst=dayfirst, column_map=column_map,
                sheet=sheet, replace_period=replace_period, add_as_new=add_as_new,
                config=self._config(team))
            if result.upload_id is not None:
                touched.update(queries.upload_athletes(self.store, result.upload_id))
        return result

    def load_sample(self, *, user: User) -> str:
        """Seed the sample club into an empty database (admin)."""
        if user.role != "admin":
            raise self._refuse(user, "load_sample", None, "role", _ROLE_WORDS["load_sample"])
        try:
            return seed_demo(self.store, by=user.username).message
        except UsageError as exc:
            raise ValueError(str(exc)) from None

    def import_roster(self, data: bytes, name: str, team: str, *, user: User) -> str:
        """Import athlete profiles for a team (admin)."""
        team = self._scope(user, "import_roster", team, roles=("admin",))
        with tempfile.TemporaryDirectory() as folder:
            path = Path(folder) / Path(name).name
            path.write_bytes(data)
            try:
                result = store_profiles.import_roster(self.store, path, team, by=user.username)
            except (LogError, UsageError) as exc:
                raise ValueError(exc.report() if isinstance(exc, LogError) else str(exc)) \
                    from None
        return result.message

    # --- logging gaps ----------------------------------------------------------------------

    def gaps(self, team: str, *, user: User, athlete: str | None = None) -> pd.DataFrame:
        """The team's possible logging gaps, open and resolved (athlete, from, to, days,
        status), or one athlete's (spec §3.2)."""
        team = self._scope(user, "gaps", team, roles=_GAP_ROLES, athlete=athlete)
        table = self._views.derived(team, "gaps", lambda: team_gaps(
            self.store, team, self._config(team), self._views.stored_log(team)))
        if athlete is not None:
            return table[table["athlete"] == str(athlete)].reset_index(drop=True)
        return table.copy()

    def resolve_gap(self, team: str, athlete: str, first: dt.date, last: dt.date,
                    resolution: str, *, user: User) -> int:
        """Resolve a gap of an athlete of the team: 'rest' (it was rest) or 'not_recorded'
        (missing days); audited, and the team's flags are recomputed."""
        team = self._scope(user, "resolve_gap", team, roles=_GAP_ROLES, athlete=athlete)
        return resolve_team_gap(self.store, team, athlete, first, last, resolution,
                                by=user.username, config=self._config(team))

    # --- clinical --------------------------------------------------------------------------

    @staticmethod
    def red_flag_items() -> list[tuple[str, str]]:
        """The red-flag checkboxes of the check-in form."""
        return list(RED_FLAG_LABELS.items())

    def add_checkin(self, team: str, athlete: str, *, user: User, date: dt.date,
                    back_pain: bool, side: str | None, worse_arching: bool,
                    onset: dt.date | None, pain: int, limits_training: bool,
                    red_flags: dict[str, bool]) -> None:
        """Store a symptom check-in for an athlete of the team (therapist)."""
        team = self._scope(user, "add_checkin", team, roles=_CLINICAL, athlete=athlete)
        answers = {SymptomCol.SIDE: side, SymptomCol.WORSE_ARCHING: worse_arching,
                   SymptomCol.ONSET: onset, SymptomCol.PAIN: float(pain),
                   SymptomCol.LIMITS_TRAINING: limits_training, **red_flags}
        with self._views.touching(team, user.username) as touched:
            touched.add(athlete)
            clinical.add_symptom(self.store, athlete, date, team=team,
                                 low_back_pain=back_pain, by=user.username,
                                 **{k: v for k, v in answers.items() if v is not None})

    def add_plan(self, team: str, athlete: str, *, user: User, restriction: str,
                 cap: float | None, start: dt.date, review: dt.date | None) -> None:
        """Store a clinician plan for an athlete of the team (therapist)."""
        team = self._scope(user, "add_plan", team, roles=_CLINICAL, athlete=athlete)
        with self._views.touching(team, user.username) as touched:
            touched.add(athlete)
            clinical.add_plan(self.store, athlete, start, restriction, review_date=review,
                              cap=cap, team=team, by=user.username)

    def notes(self, team: str, athlete: str, *, user: User) -> list[dict[str, Any]]:
        """Clinical notes of an athlete of the team, newest first (therapist)."""
        team = self._scope(user, "notes", team, roles=_CLINICAL, athlete=athlete)
        self._read(user, "notes", team, athlete)
        return clinical.load_notes(self.store, team, athlete=athlete).to_dict("records")

    def add_note(self, team: str, athlete: str, text: str, *, user: User) -> None:
        """Store a clinical note for an athlete of the team (therapist)."""
        team = self._scope(user, "add_note", team, roles=_CLINICAL, athlete=athlete)
        clinical.add_note(self.store, athlete, text, team=team, by=user.username)

    # --- reports ---------------------------------------------------------------------------

    def report_files(self, team: str, week: pd.Timestamp, *, user: User, clinical: bool,
                     pseudonymise: bool) -> dict[str, tuple[str, bytes]]:
        """The weekly report of a team in every format, as {file name: (mime type, bytes)};
        the clinical report is for therapists."""
        team = self._scope(user, "report_files", team, roles=_CLINICAL if clinical else None)
        view = self._view(team, clinical)
        if view is None:
            raise LogError(f"team '{team}' has no data yet")
        options = ReportOptions(team=team, clinical=clinical, pseudonymise=pseudonymise,
                                salt=self._secret() if pseudonymise else "")
        if clinical:
            self._read(user, "clinical report", team)
        notes = load_notes(self.store, team) if clinical else None  # the notes it announces
        extras = clinic.report_extras(self.store, team, clinical, week)  # + episodes (17)
        data = report_from_assessment(view.assessment, week, options, model=view.model,
                                      notes=extras.get("notes", notes),
                                      availability=extras["availability"])
        data.compliance = compliance.report_compliance(  # athletes' own reports (issue 16)
            self.store, team, clinical_or_empty(self.store, team, "plans"), week.date(),
            [str(a) for a in view.assessment.ctx.athletes], pseudonymise=pseudonymise,
            salt=options.salt)
        charts = ChartCache()
        return {report_filename(data, fmt): (MEDIA_TYPES[fmt], render(data, fmt, charts=charts))
                for fmt in FORMATS}

    # --- settings --------------------------------------------------------------------------

    def config_for(self, team: str, *, user: User) -> Config:
        """Defaults merged with the team's saved overrides."""
        return self._config(self._scope(user, "config_for", team))

    def _config(self, team: str) -> Config:
        text = settings.team_config(self.store, team)
        if not text:
            return load_config()
        with tempfile.TemporaryDirectory() as folder:
            path = Path(folder) / f"{team}.toml"
            path.write_text(text)
            return load_config(path)

    def team_config_text(self, team: str, *, user: User) -> str:
        """The team's override TOML ('' when it uses the defaults)."""
        team = self._scope(user, "team_config_text", team)
        return settings.team_config(self.store, team) or ""

    def thresholds_table(self, team: str, *, user: User) -> pd.DataFrame:
        """Every threshold with its value, default, evidence grade and source."""
        team = self._scope(user, "thresholds_table", team)
        table = pd.DataFrame(self._config(team).thresholds_table())
        for column in ("value", "default"):  # mixed numbers, words and lists: shown as text
            if column in table:
                table[column] = table[column].map(str)
        return table

    def save_team_config(self, team: str, text: str, *, user: User) -> None:
        """Validate and save a team's overrides (admin); ValueError with the reason."""
        team = self._scope(user, "save_team_config", team, roles=("admin",))
        with tempfile.TemporaryDirectory() as folder:
            path = Path(folder) / f"{team}.toml"
            path.write_text(text)
            try:
                load_config(path)
            except ConfigError as exc:
                raise ValueError(str(exc).replace(str(path), "the team settings")) from None
        settings.save_team_config(self.store, team, text, by=user.username)

    # --- saved mappings and export profiles (issue 13) ----------------------------------------

    def export_profiles(self) -> tuple[ExportProfile, ...]:
        """Every known export profile (name, what it says, signature headers): no team data,
        so no scope."""
        return profiles()

    def preview_export(self, data: bytes, name: str, team: str, *, user: User,
                       options: ReadOptions | None = None, dayfirst: bool | None = None,
                       use_saved: bool = True) -> tuple[ExportPreview, ReadOptions, bool]:
        """Read an upload for the mapping editor without storing it (coach or admin).

        Returns (preview, options used, whether the team's saved mapping for this export
        was applied). The preview has the detected profile, each field's column or "not in
        this file", the ignored columns, the notes (time zone, units, rows that are not
        sessions) and the first rows as they will be stored; `preview.error` holds a
        refusal's one line (e.g. a required field unmatched: ask for it). `options` (the
        editor's choices) go over the saved mapping.
        """
        team = self._scope(user, "preview_export", team, roles=("coach", "admin"))
        try:
            raw = read_table(data)
        except LogError as exc:
            return ExportPreview(headers=[], error=str(exc)), options or ReadOptions(), False
        raw.name = name
        key, _ = layout_key([str(h) for h in raw.frame.columns])
        saved = store_mappings.saved_mapping(self.store, team, key) if use_saved else None
        used = options if options is not None else ReadOptions()
        if saved is not None:
            used = saved.merged(used)
        return (preview_export(raw, used, dayfirst=dayfirst, config=self._config(team)),
                used, saved is not None)

    def saved_mapping(self, team: str, profile: str, *, user: User) -> ReadOptions | None:
        """The team's saved mapping for an export profile key (``ExportPreview.profile``, or
        ``ingest.mapping.layout_key(headers)[0]`` for an unknown layout), or None; coach or
        admin of the team."""
        team = self._scope(user, "saved_mapping", team, roles=("coach", "admin"))
        return store_mappings.saved_mapping(self.store, team, profile)

    def save_mapping(self, team: str, profile: str, mapping: ReadOptions, *, user: User
                     ) -> None:
        """Save (replace) the team's mapping for an export profile key, applied to next
        week's file of the same export; coach or admin of the team; audited."""
        team = self._scope(user, "save_mapping", team, roles=("coach", "admin"))
        store_mappings.save_mapping(self.store, team, profile, mapping, by=user.username)

    # --- sign-in, sessions, accounts, audit (issue 15/19) -------------------------------------

    def _secret(self) -> str:
        """The installation's random secret (salts pseudonym codes and client hashes)."""
        return installation_secret(self.store)

    def _read(self, user: User, what: str, team: str, athlete: str | None = None) -> None:
        """Audit a therapist's read of clinical data (team, athlete code; once per 10 min)."""
        audit.record_read(self.store, user.username, what, team, athlete)

    def sign_in(self, username: str, password: str, *, client: str | None = None
                ) -> tuple[User, str] | None:
        """(user, session token) for the right password, None for a wrong one; SignInLocked
        (one line) after repeated failures of the username or of the client address."""
        key = keyed_digest(self._secret(), client) if client else None
        return accounts.sign_in(self.store, username, password, client=key)

    def resume_session(self, token: str | None) -> User | None:
        """The user of a live session as stored now, or None (ended, expired, deactivated)."""
        return accounts.resume(self.store, token) if token else None

    def refresh_user(self, user: User) -> User | None:
        """The account as stored now (role, teams), or None once deactivated."""
        return accounts.current(self.store, user.username)

    def sign_out(self, token: str | None) -> None:
        """End the session of `token` on the server."""
        if token:
            accounts.sign_out(self.store, token)

    def change_password(self, old: str, new: str, *, user: User, token: str | None) -> None:
        """The user sets a new password (ValueError with the reason); other sessions end."""
        accounts.change_password(self.store, user.username, old, new, keep_token=token)

    def _admin(self, by: User, method: str) -> None:
        if by.role != "admin":
            raise self._refuse(by, method, None, "role", "only an admin manages users")

    def account(self, username: str, *, by: User) -> tuple[User, bool] | None:
        """(an account with its teams, whether active), or None (admin)."""
        self._admin(by, "account")
        return accounts.find(self.store, username)

    def set_user_active(self, username: str, active: bool, *, by: User) -> None:
        """Deactivate (their sessions end at once) or reactivate an account (admin)."""
        self._admin(by, "set_user_active")
        accounts.set_active(self.store, username, active, by=by.username)

    def reset_password(self, username: str, *, by: User) -> str:
        """A temporary password, shown once; the user sets their own at next sign-in (admin)."""
        self._admin(by, "reset_password")
        return accounts.reset_password(self.store, username, by=by.username)

    def set_user_teams(self, username: str, teams: list[str], *, by: User) -> tuple[str, ...]:
        """Replace an account's teams with existing teams (admin)."""
        self._admin(by, "set_user_teams")
        return accounts.set_teams(self.store, username, teams, by=by.username)

    def audit_table(self, *, by: User, action: str | None = None, actor: str | None = None,
                    since: dt.date | None = None, until: dt.date | None = None,
                    limit: int = 500) -> pd.DataFrame:
        """The audit log, newest first, filtered (admin): when, who, action, object, detail."""
        self._admin(by, "audit_table")
        table = audit.audit_events(self.store, limit, action=action, actor=actor, since=since,
                                   until=until)
        return table.drop(columns=["id"])

    def audit_actions(self, *, by: User) -> list[str]:
        """Every action the audit log holds (admin), for the reader's filter."""
        self._admin(by, "audit_actions")
        with self.store.read() as conn:
            return sorted(conn.execute(sa.select(audit_log.c.action).distinct()).scalars())

    # --- upload history, corrections, teams (issue 15/19) -------------------------------------

    def _upload_team(self, user: User, method: str, team: str) -> str:
        """The team of an upload call: in scope (coach or admin), existing and not archived
        (teams are chosen from a list; an upload never creates one)."""
        team = self._scope(user, method, team, roles=("coach", "admin"))
        if team not in self.upload_teams(user):
            raise self._refuse(user, method, team, "no such team",
                               f"there is no active team '{team}': an admin creates teams "
                               "on the Teams page")
        return team

    def upload_teams(self, user: User) -> list[str]:
        """The active teams this user may upload into (none for a therapist)."""
        return self.teams_for(user) if user.role in ("coach", "admin") else []

    def upload_history(self, team: str, *, user: User) -> pd.DataFrame:
        """The team's uploads, newest first: id, when (UTC), who, file, period, rows added,
        replaced, skipped as duplicate, held now (coach or admin of the team)."""
        team = self._scope(user, "upload_history", team, roles=("coach", "admin"))
        table = queries.list_uploads(self.store, team)
        return pd.DataFrame({
            "upload": table["id"].astype(int),
            "when (UTC)": [f"{t:%Y-%m-%d %H:%M}" for t in table["uploaded_at"]],
            "by": table["uploaded_by"].astype(str), "file": table["file_name"].astype(str),
            "period": [f"{a} to {b}" for a, b in zip(table["period_start"],
                                                     table["period_end"], strict=True)],
            "added": table["rows_added"].astype(int),
            "replaced": table["rows_replaced"].astype(int),
            "duplicate": table["rows_duplicate"].astype(int),
            "held now": table["held"].astype(int),
        }).iloc[::-1].reset_index(drop=True)

    def undo_upload(self, team: str, upload_id: int, *, user: User) -> str:
        """Undo an upload of the team: its sessions go, what it replaced comes back, athletes
        left without data are removed; audited. LogError when a later correction must be
        undone first."""
        team = self._scope(user, "undo_upload", team, roles=("coach", "admin"))
        ids = set(queries.list_uploads(self.store, team)["id"].astype(int))
        if int(upload_id) not in ids:
            raise self._refuse(user, "undo_upload", team, "upload",
                               f"upload {int(upload_id)} is not an upload of team '{team}'")
        with self._views.touching(team, user.username, log=True) as touched:
            touched.update(queries.upload_athletes(self.store, int(upload_id)))
            return uploads.delete_upload(self.store, int(upload_id), by=user.username).message

    def _team_admin(self, user: User, method: str) -> None:
        if user.role != "admin":
            raise self._refuse(user, method, None, "role", "only an admin manages teams")

    def team_table(self, *, user: User) -> pd.DataFrame:
        """Every team with its athletes, uploads and whether archived (admin)."""
        self._team_admin(user, "team_table")
        return store_teams.team_table(self.store)

    def create_team(self, name: str, *, user: User) -> str:
        """Create a team (admin); ValueError when one of that name (but for case and spaces)
        exists."""
        self._team_admin(user, "create_team")
        try:
            return store_teams.create_team(self.store, name, by=user.username)
        except UsageError as exc:
            raise ValueError(str(exc)) from None

    def rename_team(self, old: str, new: str, *, user: User) -> str:
        """Rename a team (admin); its athletes, uploads and users follow."""
        self._team_admin(user, "rename_team")
        try:
            return store_teams.rename_team(self.store, old, new, by=user.username)
        except UsageError as exc:
            raise ValueError(str(exc)) from None

    def archive_team(self, name: str, *, user: User, archived: bool = True) -> None:
        """Archive a team (gone from pickers, no uploads, data kept) or restore it (admin)."""
        self._team_admin(user, "archive_team")
        try:
            store_teams.archive_team(self.store, name, by=user.username, archived=archived)
        except UsageError as exc:
            raise ValueError(str(exc)) from None

    # --- athlete links, consent, self-reports, alerts (issue 16) ------------------------------

    def athlete_link(self, team: str, athlete: str, *, user: User, kind: str = "athlete",
                     email: str | None = None) -> links.NewLink:
        """A new personal link of an athlete of the team, or of their guardian (coach, admin;
        the older link of that kind stops working)."""
        team = self._scope(user, "athlete_link", team, roles=_LINK_ROLES, athlete=athlete)
        return links.make_link(self.store, team, athlete, kind=kind, email=email,
                               by=user.username)

    def revoke_athlete_links(self, team: str, athlete: str, *, user: User) -> int:
        """Stop every link of an athlete of the team (coach, admin)."""
        team = self._scope(user, "athlete_link", team, roles=_LINK_ROLES, athlete=athlete)
        return selfreport_store.revoke_links(self.store, team, athlete, by=user.username)

    def team_links(self, team: str, *, user: User) -> pd.DataFrame:
        """The team's athletes and the state of their links (never a token)."""
        team = self._scope(user, "athlete_link", team, roles=_LINK_ROLES)
        return selfreport_store.team_links(self.store, team)

    def link_page(self, token: str | None) -> self_pages.LinkPage:
        """What a personal link's page may show (the token is the only scope: its athlete)."""
        return self_pages.link_page(self.store, token, self._config)

    def submit_session(self, token: str | None, submission_id: str, *, day: dt.date,
                       minutes: float, rpe: int, arches: float | None) -> bool:
        """Store an athlete's session by link; False when the form was already stored."""
        return self_pages.submit_session(self.store, token, self._config, submission_id,
                                         day=day, minutes=minutes, rpe=rpe, arches=arches)

    def submit_back_check(self, token: str | None, submission_id: str, *, day: dt.date,
                          check: self_pages.BackCheck) -> bool:
        """Store an athlete's back check by link; a referral mails the team's therapists."""
        return self_pages.submit_back_check(self.store, token, self._config, submission_id,
                                            day=day, check=check, routed=self._routed)

    def _routed(self, team: str, athlete: str, day: dt.date) -> bool:
        """True when the athlete's check-in of `day` refers them (refer / refer urgently)."""
        view = self._view(team, clinical=True)
        return view is not None and athlete in view.athletes and self_pages.referred(
            view.assessment_for(athlete), athlete, day)

    def guardian_decide(self, token: str | None, decision: str) -> None:
        """A guardian consents, refuses or withdraws (by their link)."""
        self_pages.guardian_decide(self.store, token, decision)

    def guardian_reports(self, token: str | None) -> tuple[pd.DataFrame, pd.DataFrame]:
        """The guardian's child's own sessions and back-check scores (by the guardian's link)."""
        return self_pages.guardian_reports(self.store, token)

    def guardian_delete(self, token: str | None) -> int:
        """Erase the child's self-reports (by the guardian's link, after withdrawing)."""
        return self_pages.guardian_delete(self.store, token)

    def guardian_availability(self, token: str | None, on: dt.date | None = None) -> str:
        """The guardian's child's availability sentence (full / modified / unavailable with
        caps and review date; never why), by the guardian's link."""
        return compliance.guardian_availability(self.store, token, self._config, on)

    def compliance(self, team: str, *, user: User, week: dt.date | None = None
                   ) -> pd.DataFrame:
        """Who reported in the week and the 4-week response rates (coach, therapist, admin);
        athletes on a clinician plan are exempt from the session form (shown, not why)."""
        team = self._scope(user, "compliance", team)
        return compliance.team_compliance(self.store, team,
                                          clinical_or_empty(self.store, team, "plans"), week)

    def athlete_reported(self, team: str, *, user: User) -> pd.DataFrame:
        """The athlete-reported sessions beside the coach's log (the coach's value wins)."""
        team = self._scope(user, "athlete_reported", team)
        log = self._views.stored_log(team)
        if log is None:
            try:
                log = queries.load_log(self.store, team)
            except LogError:
                log = pd.DataFrame()
        return selfreport_store.compare_sessions(
            log, selfreport_store.load_self_sessions(self.store, team))

    def alerts_table(self, *, user: User, team: str | None = None) -> pd.DataFrame:
        """Mails and their delivery (admin: every team; a therapist: their team's)."""
        if user.role != "admin":
            team = self._scope(user, "alerts_table", team or "", roles=_CLINICAL)
        return alerts.alert_table(self.store, team)

    def retry_alerts(self, *, user: User) -> tuple[int, int]:
        """Send failed mails again (admin): (sent, still failing)."""
        if user.role != "admin":
            raise self._refuse(user, "retry_alerts", None, "role", "only an admin resends mail")
        return alerts.retry_failed(self.store)

    def open_referral_alerts(self, team: str, *, user: User) -> int:
        """A therapist has seen the team's referral alerts (who opened them is audited)."""
        team = self._scope(user, "open_referral_alerts", team, roles=_CLINICAL)
        return alerts.mark_opened(self.store, team, user.username)


    # --- injury episodes, return plans, availability, erase (issue 17) ------------------------

    def episodes(self, team: str, *, user: User, athlete: str | None = None) -> pd.DataFrame:
        """The team's injury episodes (or one athlete's), newest first, with time loss
        (therapist: the working diagnosis and imaging are clinical)."""
        team = self._scope(user, "episodes", team, roles=_CLINICAL, athlete=athlete)
        return store_episodes.load_episodes(self.store, team, athlete=athlete)

    def open_episode(self, team: str, athlete: str, *, user: User, onset: dt.date,
                     mechanism: str, region: str = "lumbar_spine", side: str | None = None,
                     diagnosis: str | None = None, imaging_ordered: str | None = None,
                     imaging_result: str | None = None) -> int:
        """Open an injury episode for an athlete of the team (therapist); its id."""
        team = self._scope(user, "open_episode", team, roles=_CLINICAL, athlete=athlete)
        with _plain(), self._views.touching(team, user.username):  # no engine input
            return store_episodes.add_episode(
                self.store, team, athlete, onset, mechanism=mechanism, region=region,
                side=side, diagnosis=diagnosis, imaging_ordered=imaging_ordered,
                imaging_result=imaging_result, by=user.username)

    def update_episode(self, team: str, episode_id: int, *, user: User, **values: Any) -> None:
        """Change an episode's status, return date, diagnosis or imaging (therapist)."""
        team = self._scope(user, "update_episode", team, roles=_CLINICAL)
        with _plain(), self._views.touching(team, user.username):  # no engine input
            store_episodes.update_episode(self.store, team, episode_id, by=user.username,
                                          **values)

    def treatments(self, team: str, episode_id: int, *, user: User) -> pd.DataFrame:
        """An episode's treatment log, newest first (therapist)."""
        team = self._scope(user, "treatments", team, roles=_CLINICAL)
        with _plain():
            return store_episodes.load_treatments(self.store, team, episode_id)

    def add_treatment(self, team: str, episode_id: int, *, user: User, day: dt.date,
                      treatment: str, next_review: dt.date | None = None) -> None:
        """Log a treatment (date, who, what, next review) of an episode (therapist)."""
        team = self._scope(user, "add_treatment", team, roles=_CLINICAL)
        with _plain(), self._views.touching(team, user.username):  # no engine input
            store_episodes.add_treatment(self.store, team, episode_id, day, treatment,
                                         next_review=next_review, by=user.username)

    def propose_return_plan(self, team: str, episode_id: int, *, user: User,
                            start: dt.date) -> int:
        """A draft return plan from the athlete's own pre-injury weeks (therapist)."""
        team = self._scope(user, "propose_return_plan", team, roles=_CLINICAL)
        with _plain():
            return clinic.propose_plan(self.store, team, episode_id, start,
                                       self._config(team), by=user.username)

    def return_plan(self, team: str, episode_id: int, *, user: User
                    ) -> tuple[dict[str, Any] | None, pd.DataFrame]:
        """The episode's latest plan and its stages (therapist)."""
        team = self._scope(user, "return_plan", team, roles=_CLINICAL)
        with _plain():
            return store_episodes.load_plan(self.store, team, episode_id)

    def approve_return_plan(self, team: str, plan_id: int, *, user: User,
                            stages: pd.DataFrame | None = None) -> None:
        """Approve a draft (as edited): stage 1 begins and becomes clinician plans."""
        team = self._scope(user, "approve_return_plan", team, roles=_CLINICAL)
        with _plain():
            store_episodes.approve_plan(self.store, team, plan_id, stages, by=user.username)

    def advance_return_plan(self, team: str, episode_id: int, *, user: User, on: dt.date
                            ) -> tuple[int, str]:
        """The clinician's tick, after a symptom-free back check (therapist); ValueError
        with the reason (no check, or new pain: re-refer) otherwise."""
        team = self._scope(user, "advance_return_plan", team, roles=_CLINICAL)
        with _plain():
            return clinic.advance_checked(self.store, team, episode_id, on, by=user.username)

    def availability(self, team: str, *, user: User, on: dt.date | None = None
                     ) -> pd.DataFrame:
        """Per athlete: full / modified / unavailable with caps and review date — for every
        role of the team; never the diagnosis, notes or symptoms."""
        team = self._scope(user, "availability", team)
        return self._team_availability(team, on or dt.date.today()).copy()

    def _team_availability(self, team: str, on: dt.date) -> pd.DataFrame:
        """Every athlete's availability on a day, once per data version (unscoped)."""
        return self._views.derived(team, "availability", lambda: clinic.team_availability(
            self.store, team, on, week_start=self._config(team).week_start_day,
            log=self._views.stored_log(team)), key=on)

    def availability_lines(self, team: str, *, user: User, on: dt.date | None = None
                           ) -> list[tuple[str, str]]:
        """(athlete, sentence) of every athlete who is not simply full — the overview's
        line (every role)."""
        table = self.availability(team, user=user, on=on)
        shown = table[table[AvailabilityCol.TEXT] != "full"]
        return list(zip(shown[AvailabilityCol.ATHLETE], shown[AvailabilityCol.TEXT],
                        strict=True))

    def athlete_availability(self, team: str, athlete: str, *, user: User,
                             on: dt.date | None = None) -> str:
        """One athlete's availability sentence (every role of the team)."""
        team = self._scope(user, "athlete_availability", team, athlete=athlete)
        day = on or dt.date.today()
        table = self._team_availability(team, day)
        mine = table[table[AvailabilityCol.ATHLETE].astype(str) == str(athlete)]
        if mine.empty:  # an athlete without a logged session (a roster entry): alone
            mine = clinic.team_availability(self.store, team, day, [athlete],
                                            week_start=self._config(team).week_start_day,
                                            log=self._views.stored_log(team))
        return str(mine[AvailabilityCol.TEXT].iloc[0])

    def erase_athlete(self, team: str, athlete: str, *, user: User, confirm: str) -> str:
        """Erase every trace of an athlete of the team (admin; the id typed again); the
        one-line result (no label)."""
        team = self._scope(user, "erase_athlete", team, roles=("admin",), athlete=athlete)
        with _plain():
            result = store_erase.erase_athlete(self.store, team, athlete, confirm=confirm,
                                   by=user.username)
        self._views.clear()
        return result.message

    def return_adherence(self, team: str, athlete: str, *, user: User) -> pd.DataFrame:
        """Per day of the athlete's running return plan: 7-day totals against the stage's
        caps and whether the day is over a cap (every role: numbers, no diagnosis)."""
        team = self._scope(user, "return_adherence", team, athlete=athlete)
        with _plain():
            return clinic.athlete_adherence(self.store, team, athlete)

    def timeline(self, team: str, athlete: str, *, user: User) -> pd.DataFrame:
        """One athlete's weeks: load, level, check-ins and episode events (therapist)."""
        team = self._scope(user, "timeline", team, roles=_CLINICAL, athlete=athlete)
        view = self._view(team, True)
        if view is None:
            return pd.DataFrame()
        heat = view.heatmap()
        symptoms = clinical_or_empty(self.store, team, "symptoms")
        if len(symptoms):
            symptoms = symptoms[symptoms[SymptomCol.ATHLETE].astype(str) == str(athlete)]
        return clinic.timeline(heat[heat["athlete"] == str(athlete)],
                               view.athlete_daily(athlete), symptoms,
                               store_episodes.load_episodes(self.store, team, athlete=athlete),
                               self._config(team).week_start_day)

    def epidemiology(self, team: str, *, user: User) -> pd.DataFrame:
        """Incidence and burden per 1,000 h with 95 % intervals, overall, by body region and
        type, with mean days lost (therapist and admin: injuries are clinical data)."""
        team = self._scope(user, "epidemiology", team, roles=("therapist", "admin"))
        with _plain():
            return clinic.epidemiology_table(self.store, team)


def team_gaps(store: Store | str | None, team: str, config: Config | None = None,
              log: pd.DataFrame | None = None) -> pd.DataFrame:
    """Every possible logging gap of a team: the open ones in its stored log (resolutions
    applied; `log` when the caller holds it) and the resolved ones — athlete, from, to,
    days, status. Unscoped: the CLI (an operator) and :meth:`Service.gaps` (after its
    checks) call it."""
    if log is None:
        try:
            log = queries.load_log(store, team)
        except LogError:
            log = pd.DataFrame()
    return gap_table(log, store_gaps.load_resolutions(store, team), config=config)


def resolve_team_gap(store: Store | str | None, team: str, athlete: str,
                     first: dt.date | str, last: dt.date | str, resolution: str, *, by: str,
                     config: Config | None = None) -> int:
    """Resolve FROM..TO of an athlete (inside one of its open gaps, or exactly a resolved
    one); UsageError otherwise. Returns the resolution's id (audited by the store)."""
    start, end = pd.Timestamp(first), pd.Timestamp(last)
    check_resolvable(team_gaps(store, team, config), athlete, start, end)
    return store_gaps.resolve_gap(store, team, athlete, start.date(), end.date(), resolution,
                                  by=by)


def clinical_or_empty(store: Store, team: str, what: str) -> pd.DataFrame:
    """Symptoms (the therapist's check-ins and the athletes' back checks) or plans of a team
    (the engine needs them to route referrals)."""
    try:
        if what == "symptoms":
            return selfreport_store.with_back_checks(
                clinical.load_symptoms(store, team),
                selfreport_store.load_back_checks(store, team))
        return clinical.load_plans(store, team)
    except (LogError, UsageError):
        return pd.DataFrame()


@contextmanager
def _plain() -> Iterator[None]:
    """A user's mistake in the clinic (unknown episode, bad choice) as the ValueError pages
    show in one line."""
    try:
        yield
    except (LogError, UsageError) as exc:
        raise ValueError(str(exc).splitlines()[0]) from None
