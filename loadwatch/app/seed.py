"""``loadwatch demo`` / :func:`seed_demo`: the sample club, seeded into an empty database.

The files are generated with :func:`loadwatch.synthetic.club.write_samples` into a temporary
folder, so this works from an installed package without the repository's data folder. All
of it is stored in one transaction: the database ends up with the whole demo or none of it.
"""

from __future__ import annotations

import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Final

import pandas as pd
import sqlalchemy as sa
from sqlalchemy.engine import Connection

from loadwatch.app.team_models import install_model_row
from loadwatch.errors import UsageError
from loadwatch.store import audit
from loadwatch.store.athletes import require_team
from loadwatch.store.clinical import plan_rows, symptom_rows
from loadwatch.store.db import Store, StoreOrUrl, opened
from loadwatch.store.injuries import injury_rows
from loadwatch.store.profiles import growth_rows, read_side_table, roster_rows
from loadwatch.store.selfreport import seed_demo_reports
from loadwatch.store.tables import athletes, teams, uploads
from loadwatch.store.uploads import PreparedUpload, prepare_upload, store_prepared
from loadwatch.synthetic import club as samples

if TYPE_CHECKING:
    from loadwatch.model.bundle import FittedModel
    from loadwatch.synthetic.demo import DemoSquad

GYM_TEAM: Final = "Gymnastics club"
FOOTBALL_TEAM: Final = "School football"
SYMPTOMS_FILE: Final = getattr(samples, "SYMPTOMS_FILE", "gymnastics_club_symptoms.csv")
PLANS_FILE: Final = getattr(samples, "PLANS_FILE", "gymnastics_club_plans.csv")


@dataclass
class SeedResult:
    """One line per file seeded."""

    lines: list[str] = field(default_factory=list)

    @property
    def message(self) -> str:
        """All lines, one per file."""
        return "\n".join(self.lines)


def is_empty(store: Store) -> bool:
    """True when the store holds no team, athlete or upload."""
    with store.read() as conn:
        return not any(conn.execute(sa.select(sa.literal(1)).select_from(t).limit(1)).first()
                       for t in (teams, athletes, uploads))


def seed_demo(store_or_url: StoreOrUrl, *, by: str = "demo", seed: int = samples.DEFAULT_SEED,
              with_model: bool = False) -> SeedResult:
    """Seed the sample gymnastics club and school football team into an empty store (all of
    it in one transaction); UsageError when the store already holds data. `with_model` adds
    the simulated squad of :mod:`loadwatch.synthetic.demo` with its injury log and validated
    model (about 15 s more: the model is evaluated)."""
    with tempfile.TemporaryDirectory(prefix="loadwatch-demo-") as tmp:
        folder = Path(tmp)
        squad = None
        if with_model:
            from loadwatch.synthetic.demo import write_demo_squad

            squad = write_demo_squad(folder / "squad")
            squad_model = demo_model(squad)
            squad_upload = prepare_upload(squad.sessions)
            squad_roster, squad_present = read_side_table(squad.roster, "roster")
        samples.write_samples(folder, seed=seed)
        gym = prepare_upload(folder / samples.SESSIONS_FILE)
        football = prepare_upload(folder / samples.FOOTBALL_FILE)
        roster, present = read_side_table(folder / samples.ROSTER_FILE, "roster")
        growth, _ = read_side_table(folder / samples.GROWTH_FILE, "growth measurements")
        symptoms = plans = None
        if (folder / SYMPTOMS_FILE).exists():
            symptoms, _ = read_side_table(folder / SYMPTOMS_FILE, "symptom check-ins")
        if (folder / PLANS_FILE).exists():
            plans, _ = read_side_table(folder / PLANS_FILE, "clinician plans")
    result = SeedResult()
    with opened(store_or_url) as store, store.write() as conn:
        held = [t.name for t in (teams, athletes, uploads)
                if conn.execute(sa.select(sa.literal(1)).select_from(t).limit(1)).first()]
        if held:
            raise UsageError(f"the database {store.url} already holds data ({', '.join(held)}); "
                             "the demo seeds only an empty database (use --db with a new file)")
        add = result.lines.append
        add(store_prepared(conn, gym, GYM_TEAM, replace_period=False,
                           uploaded_by=by).message)
        add(roster_rows(conn, roster, present, GYM_TEAM, by,
                        samples.ROSTER_FILE).message)
        add(growth_rows(conn, growth, by, samples.GROWTH_FILE).message)
        if symptoms is not None:
            add(symptom_rows(conn, symptoms, by, SYMPTOMS_FILE).message)
        if plans is not None:
            add(plan_rows(conn, plans, by, PLANS_FILE).message)
        add(seed_demo_reports(conn, GYM_TEAM, by))  # athletes' own reports (issue 16)
        add(store_prepared(conn, football, FOOTBALL_TEAM, replace_period=False,
                           uploaded_by=by).message)
        if squad is not None:
            add(_store_squad(conn, squad, squad_model, squad_upload, squad_roster,
                             squad_present, by))
        audit.record(conn, by, "demo.seed", "store", None, f"files={len(result.lines)}")
    return result


def demo_model(squad: DemoSquad) -> FittedModel:
    """Validate a model on the demo squad and fit the one to install, its card attached."""
    from loadwatch.ingest.log import read_log
    from loadwatch.ingest.tables import read_roster_table
    from loadwatch.model.bundle import fit_model
    from loadwatch.model.evaluation import evaluate_model
    from loadwatch.synthetic.demo import N_BOOT

    log = read_log(squad.sessions)
    roster = read_roster_table(squad.roster)
    evaluation = evaluate_model(log, squad.injury_log, roster, n_boot=N_BOOT, n_threads=1,
                                source=squad.source)
    fitted = fit_model(log, squad.injury_log, roster, n_threads=1, source=squad.source)
    fitted.card, fitted.metrics = evaluation.card, evaluation.metrics
    return fitted


def _store_squad(conn: Connection, squad: DemoSquad, model: FittedModel,
                 upload: PreparedUpload, roster: pd.DataFrame, present: list[str], by: str
                 ) -> str:
    """The model demo's squad: log, roster, injury log and model, in the caller's
    transaction."""
    from loadwatch.synthetic.demo import DEMO_TEAM

    lines = [store_prepared(conn, upload, DEMO_TEAM, replace_period=False,
                            uploaded_by=by).message,
             roster_rows(conn, roster, present, DEMO_TEAM, by, squad.roster.name).message,
             injury_rows(conn, squad.injury_log, DEMO_TEAM, by, squad.injuries.name).message]
    install_model_row(conn, model, require_team(conn, DEMO_TEAM), by)
    lines.append(f"model: {model.verdict}")
    return "\n".join(lines)
