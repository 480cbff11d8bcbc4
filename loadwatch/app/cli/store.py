"""`loadwatch` subcommands of the store stage; `register` adds them to the CLI parser.

ingest, uploads (list / delete), roster import, growth import, symptoms add / import,
plans add / import, demo, db upgrade, export. Every command takes ``--db URL`` (default:
``$LOADWATCH_DB``, else the SQLite file in the user's data folder) and opening an empty
database creates its tables. A user's mistake raises LogError / UsageError (exit 2).
"""

from __future__ import annotations

import argparse
import functools
import os
import sys
from collections.abc import Callable
from typing import Any

import pandas as pd
import sqlalchemy as sa

from loadwatch.app.cli.inputs import (
    add_date_order,
    add_mapping_options,
    read_options,
    read_source,
    say_notes,
    sheet_options,
    warn,
)
from loadwatch.app.seed import is_empty, seed_demo
from loadwatch.errors import UsageError
from loadwatch.ingest.mapping import ReadOptions, describe_options, layout_key
from loadwatch.safety import write_csv_safely
from loadwatch.schema import RESTRICTIONS, SIDES, SymptomCol
from loadwatch.store.clinical import add_plan, add_symptom, import_plans, import_symptoms
from loadwatch.store.db import ENV_VAR, checkout_folder, describe, open_store, resolve_url, upgrade
from loadwatch.store.export import export_tables
from loadwatch.store.mappings import save_mapping, saved_mapping
from loadwatch.store.profiles import import_growth, import_roster
from loadwatch.store.queries import list_uploads
from loadwatch.store.uploads import delete_upload, prepare_upload, store_upload

Handler = Callable[[argparse.Namespace], None]


def db_errors(handler: Handler) -> Handler:
    """A database that cannot be reached or stays locked is a clear message, not a trace."""

    @functools.wraps(handler)
    def run(args: argparse.Namespace) -> None:
        try:
            handler(args)
        except sa.exc.OperationalError as exc:
            reason = str(exc.orig).strip().splitlines()[0] if exc.orig else str(exc)
            url = describe(resolve_url(getattr(args, "db", None)))
            raise UsageError(f"database error ({url}): {reason}") from None

    return run


#: where a command's database is when --db is not given (`loadwatch db which` says which)
DB_HELP = ("database URL or SQLite file (default: $LOADWATCH_DB, else var/loadwatch.db in a "
           "loadwatch checkout with a var/ folder, as `make run` uses, else "
           "~/.local/share/loadwatch/loadwatch.db; `loadwatch db which` prints it)")


def db_origin(url: str | None) -> str:
    """The database a command would use and why, e.g. 'sqlite:///…/var/loadwatch.db (the
    checkout's var/ folder, the dashboard's under `make run`)'."""
    if url:
        why = "from --db"
    elif os.environ.get(ENV_VAR):
        why = f"from ${ENV_VAR}"
    elif checkout_folder() is not None:
        why = "the checkout's var/ folder, the dashboard's under `make run`"
    else:
        why = "the user's data folder; run from a checkout with var/ to share the dashboard's"
    return f"{describe(resolve_url(url))} ({why})"


def store_options(parser: argparse.ArgumentParser, *, by: bool = True,
                  nested: bool = False) -> None:
    """--db URL (default $LOADWATCH_DB, else the default SQLite file) and --by NAME."""
    default: Any = argparse.SUPPRESS if nested else None
    parser.add_argument("--db", metavar="URL", default=default, help=DB_HELP)
    if by:
        parser.add_argument("--by", metavar="NAME", default="cli",
                            help="who makes the change (for the audit log)")


def register(sub: argparse._SubParsersAction) -> dict[str, Handler]:
    """Add this stage's subcommands to `sub`; return {command name: handler}."""
    _add_ingest(sub)
    _add_uploads(sub)
    _add_profiles(sub)
    _add_clinical(sub)
    _add_maintenance(sub)
    handlers: dict[str, Handler] = {
        "ingest": _ingest, "uploads": _uploads, "roster": _roster, "growth": _growth,
        "symptoms": _symptoms, "plans": _plans, "demo": _demo, "db": _db, "export": _export,
    }
    return {name: db_errors(handler) for name, handler in handlers.items()}


def _add_ingest(sub: argparse._SubParsersAction) -> None:
    """ingest: store training logs (one transaction per file, deduplicated)."""
    ingest = sub.add_parser("ingest", help="store training logs (deduplicated, one "
                                           "transaction per file)")
    ingest.add_argument("logs", nargs="+", metavar="LOG", help="session or weekly logs")
    ingest.add_argument("--team", required=True, metavar="NAME", help="team the logs are for")
    ingest.add_argument("--period", metavar="START:END",
                        help="period the logs cover (default: first to last date in each)")
    ingest.add_argument("--whole-period", action="store_true",
                        help="every athlete in the file was on the roster for the whole "
                             "period (coverage starts at the period start)")
    ingest.add_argument("--replace-period", action="store_true",
                        help="first delete this team's stored sessions of the file's athletes "
                             "inside the period (a corrected export)")
    ingest.add_argument("--add-as-new", action="store_true",
                        help="rows that match stored sessions by athlete, date and sport but "
                             "differ are extra sessions (without it such a file is refused)")
    ingest.add_argument("--skip-invalid", action="store_true",
                        help="store the valid rows and write the rejected ones to --rejects")
    ingest.add_argument("--rejects", metavar="FILE.csv", help="where rejected rows go")
    ingest.add_argument("--no-saved-mapping", action="store_true",
                        help="do not apply (or save) the team's saved mapping for this export")
    add_date_order(ingest)
    add_mapping_options(ingest)
    store_options(ingest)


def _add_uploads(sub: argparse._SubParsersAction) -> None:
    """uploads: list them, a team's history, undo (or delete) one with exactly its sessions
    (what it replaced comes back)."""
    up = sub.add_parser("uploads", help="list uploads; 'uploads history --team NAME'; "
                                        "'uploads undo ID' (or delete) removes one")
    up.add_argument("--team", metavar="NAME", help="only this team's uploads")
    store_options(up, by=False)
    up_sub = up.add_subparsers(dest="uploads_action")
    history = up_sub.add_parser("history", help="a team's uploads, newest first: who, when, "
                                                "file, rows added and replaced")
    history.add_argument("--team", metavar="NAME", default=argparse.SUPPRESS)
    store_options(history, by=False, nested=True)
    for action in ("undo", "delete"):
        remove = up_sub.add_parser(action, help="remove an upload and exactly its sessions; "
                                                "what it replaced comes back")
        remove.add_argument("upload_id", type=int, metavar="ID")
        store_options(remove, nested=True)


def _team_option(parser: argparse.ArgumentParser) -> None:
    """--team for commands that name athletes of a team (ids are unique per team only)."""
    parser.add_argument("--team", metavar="NAME",
                        help="the athletes' team (needed when two teams use the same ids)")


def _file_import(sub: argparse._SubParsersAction, help_text: str, *,
                 team_required: bool = False) -> None:
    """An `import FILE` subcommand: the file, its team, the date order, the store options."""
    command = sub.add_parser("import", help=help_text)
    command.add_argument("file", metavar="FILE")
    if team_required:
        command.add_argument("--team", required=True, metavar="NAME")
    else:
        _team_option(command)
    add_date_order(command)
    store_options(command)


def _add_profiles(sub: argparse._SubParsersAction) -> None:
    """roster import and growth import: athlete profiles and measurements."""
    roster = sub.add_parser("roster", help="athlete profiles")
    roster_sub = roster.add_subparsers(dest="roster_action", required=True)
    _file_import(roster_sub, "create or update profiles from a file", team_required=True)

    growth = sub.add_parser("growth", help="growth measurements")
    growth_sub = growth.add_subparsers(dest="growth_action", required=True)
    _file_import(growth_sub, "store measurements from a file")


def _add_clinical(sub: argparse._SubParsersAction) -> None:
    """symptoms add / import and plans add / import (clinical data)."""
    symptoms = sub.add_parser("symptoms", help="symptom check-ins (clinical data)")
    s_sub = symptoms.add_subparsers(dest="symptoms_action", required=True)
    s_add = s_sub.add_parser("add", help="record one check-in")
    s_add.add_argument("--athlete", required=True, metavar="ID")
    s_add.add_argument("--date", required=True, metavar="YYYY-MM-DD")
    s_add.add_argument("--no-back-pain", action="store_true",
                       help="a check-in without low back pain")
    s_add.add_argument("--side", choices=SIDES)
    s_add.add_argument("--onset", metavar="YYYY-MM-DD", help="date the pain started")
    s_add.add_argument("--pain", type=float, metavar="0-10")
    for flag, _field, text in _SYMPTOM_FLAGS:
        s_add.add_argument(flag, action="store_true", help=text)
    _team_option(s_add)
    store_options(s_add)
    _file_import(s_sub, "store check-ins from a file")

    plans = sub.add_parser("plans", help="clinician plans (clinical data)")
    p_sub = plans.add_subparsers(dest="plans_action", required=True)
    _file_import(p_sub, "store plans from a file")
    p_add = p_sub.add_parser("add", help="record one plan")
    p_add.add_argument("--athlete", required=True, metavar="ID")
    p_add.add_argument("--start", required=True, metavar="YYYY-MM-DD")
    p_add.add_argument("--restriction", required=True, choices=RESTRICTIONS)
    p_add.add_argument("--review", metavar="YYYY-MM-DD")
    p_add.add_argument("--cap", type=float, metavar="N", help="weekly cap (reps or AU)")
    _team_option(p_add)
    store_options(p_add)


def _add_maintenance(sub: argparse._SubParsersAction) -> None:
    """demo, db upgrade and export: seeding, migrations, a CSV backup."""
    demo = sub.add_parser("demo", help="seed the sample club into an empty database")
    demo.add_argument("--if-empty", action="store_true",
                      help="do nothing (and succeed) when the database already holds data")
    demo.add_argument("--with-model", action="store_true",
                      help="also a simulated squad with its injury log and a validated risk "
                           "model, to see how therapists are shown a model (about 15 s more)")
    store_options(demo, by=False)

    db = sub.add_parser("db", help="database maintenance")
    db_sub = db.add_subparsers(dest="db_action", required=True)
    db_up = db_sub.add_parser("upgrade", help="run the schema migrations up to the newest")
    store_options(db_up, by=False)
    db_which = db_sub.add_parser("which", help="print which database commands use, and why")
    store_options(db_which, by=False)

    export = sub.add_parser("export", help="every table to CSV (a readable backup)")
    export.add_argument("--out", required=True, metavar="DIR")
    export.add_argument("--pseudonymise", action="store_true",
                        help="athlete codes only: no names or file ids")
    export.add_argument("--no-clinical", action="store_true",
                        help="leave out symptoms, plans, clinical notes and injuries")
    store_options(export)



_SYMPTOM_FLAGS = (
    ("--worse-arching", SymptomCol.WORSE_ARCHING, "worse when arching/extending"),
    ("--limits-training", SymptomCol.LIMITS_TRAINING, "pain limits training"),
    ("--night-pain", SymptomCol.NIGHT_PAIN, "night pain or pain at rest that wakes"),
    ("--fever", SymptomCol.FEVER, "fever or feeling unwell"),
    ("--weight-loss", SymptomCol.WEIGHT_LOSS, "unexplained weight loss"),
    ("--leg-symptoms", SymptomCol.LEG_SYMPTOMS, "numbness, tingling or weakness in a leg"),
    ("--bladder-bowel", SymptomCol.BLADDER_BOWEL, "bladder or bowel change"),
    ("--trauma", SymptomCol.TRAUMA, "recent fall or significant trauma"),
)


def _mapping_for(store: Any, path: str, args: argparse.Namespace
                 ) -> tuple[ReadOptions, str, str]:
    """The options for one file: the team's saved mapping for its export (said) under the
    command line's; and the layout's key and name (issue 13)."""
    given = read_options(args)
    key, name = layout_key([str(h) for h in read_source(path, args).frame.columns])
    saved = None if args.no_saved_mapping else saved_mapping(store, args.team, key)
    if saved is None:
        return given, key, name
    print(f"{path}: using the saved mapping for {name}: {describe_options(saved)} "
          "(change it with --map/--athlete/…, skip it with --no-saved-mapping)")
    return saved.merged(given), key, name


def _ingest(args: argparse.Namespace) -> None:
    if args.skip_invalid and not args.rejects:
        raise UsageError("--skip-invalid needs --rejects FILE.csv to keep the rejected rows")
    given = read_options(args)
    with open_store(args.db) as store:
        options = [_mapping_for(store, path, args) for path in args.logs]
    sheet, header_row = sheet_options(args)
    # every file is validated before anything is stored
    prepared = [prepare_upload(path, period=args.period, skip_invalid=args.skip_invalid,
                               whole_period=args.whole_period, dayfirst=args.dayfirst,
                               column_map=opts, sheet=sheet, header_row=header_row)
                for path, (opts, _, _) in zip(args.logs, options, strict=True)]
    rejects = []
    with open_store(args.db) as store:
        for item, (opts, key, name) in zip(prepared, options, strict=True):
            say_notes(item.parsed)
            warn(item.parsed.warnings, item.name)
            result = store_upload(store, item, args.team, replace_period=args.replace_period,
                                  uploaded_by=args.by, add_as_new=args.add_as_new)
            print(result.message)
            if item.parsed.prepared and item.parsed.prepared.external_unit:
                print(f"  note: this export's own load ({item.parsed.prepared.external_unit}) "
                      "is stored in its own channel, never in AU: read it with 'loadwatch "
                      "metrics --db URL --channel external'")
            if (given.columns or given != ReadOptions()) and not args.no_saved_mapping:
                save_mapping(store, args.team, key, opts, by=args.by)
                print(f"  mapping saved for {name} (team {args.team}): next file of this "
                      f"export uses it: {describe_options(opts)}")
            for note in result.notes:
                print(f"  note: {note}")
            if len(item.parsed.rejects):
                rejects.append(item.parsed.rejects.assign(file=item.name))
    if args.rejects:
        table = pd.concat(rejects, ignore_index=True) if rejects else pd.DataFrame()
        write_csv_safely(table, args.rejects)
        print(f"rejected rows written to {args.rejects}", file=sys.stderr)


def _uploads(args: argparse.Namespace) -> None:
    with open_store(args.db) as store:
        if args.uploads_action == "history" and not args.team:
            raise UsageError("uploads history needs --team NAME")
        if args.uploads_action in ("undo", "delete"):
            print(delete_upload(store, args.upload_id, by=args.by).message)
            return
        table = list_uploads(store, args.team)
    if args.uploads_action == "history":
        _history(table, args.team)
        return
    if table.empty:
        print("no uploads yet (loadwatch ingest LOG --team NAME)")
        return
    shown = pd.DataFrame({
        "id": table["id"], "team": table["team"], "kind": table["kind"],
        "uploaded (UTC)": [f"{t:%Y-%m-%d %H:%M}" for t in table["uploaded_at"]],
        "by": table["uploaded_by"], "file": table["file_name"],
        "period": [f"{a} to {b}" for a, b in zip(table["period_start"], table["period_end"],
                                                 strict=True)],
        "added": table["rows_added"], "duplicate": table["rows_duplicate"],
        "rejected": table["rows_rejected"], "held now": table["held"],
    })
    print(shown.to_string(index=False))


def _history(table: pd.DataFrame, team: str) -> None:
    """A team's uploads, newest first (who, when, file, rows added, replaced, held now)."""
    if table.empty:
        print(f"no uploads for team '{team}' yet")
        return
    shown = pd.DataFrame({
        "id": table["id"], "uploaded (UTC)": [f"{t:%Y-%m-%d %H:%M}" for t in table["uploaded_at"]],
        "by": table["uploaded_by"], "file": table["file_name"], "added": table["rows_added"],
        "replaced": table["rows_replaced"], "held now": table["held"],
    }).iloc[::-1]
    print(shown.to_string(index=False))


def _roster(args: argparse.Namespace) -> None:
    with open_store(args.db) as store:
        print(import_roster(store, args.file, args.team, by=args.by,
                            dayfirst=args.dayfirst).message)


def _growth(args: argparse.Namespace) -> None:
    with open_store(args.db) as store:
        print(import_growth(store, args.file, team=args.team, by=args.by,
                            dayfirst=args.dayfirst).message)


def _symptoms(args: argparse.Namespace) -> None:
    with open_store(args.db) as store:
        if args.symptoms_action == "import":
            result = import_symptoms(store, args.file, team=args.team, by=args.by,
                                     dayfirst=args.dayfirst)
        else:
            answers: dict[str, Any] = {
                SymptomCol.SIDE: args.side, SymptomCol.ONSET: args.onset,
                SymptomCol.PAIN: args.pain,
            }
            for flag, field, _text in _SYMPTOM_FLAGS:
                if getattr(args, flag.lstrip("-").replace("-", "_")):
                    answers[field] = True
            result = add_symptom(store, args.athlete, args.date, team=args.team,
                                 low_back_pain=not args.no_back_pain, by=args.by,
                                 **{k: v for k, v in answers.items() if v is not None})
    print(result.message)


def _plans(args: argparse.Namespace) -> None:
    with open_store(args.db) as store:
        if args.plans_action == "import":
            result = import_plans(store, args.file, team=args.team, by=args.by,
                                  dayfirst=args.dayfirst)
        else:
            result = add_plan(store, args.athlete, args.start, args.restriction,
                              review_date=args.review, cap=args.cap, team=args.team,
                              by=args.by)
    print(result.message)


def _demo(args: argparse.Namespace) -> None:
    with open_store(args.db) as store:
        if args.if_empty and not is_empty(store):
            print(f"{store.url} already holds data; nothing seeded")
            return
        print(seed_demo(store, with_model=args.with_model).message)
        print(f"demo data seeded into {store.url}")


def _db(args: argparse.Namespace) -> None:
    if args.db_action == "which":
        print(db_origin(args.db))
        return
    with open_store(args.db, migrate=False) as store:
        before, after = upgrade(store)
        if before == after:
            print(f"{store.url}: already at revision {after}")
        else:
            print(f"{store.url}: upgraded from {before or 'an empty database'} to {after}")


def _export(args: argparse.Namespace) -> None:
    with open_store(args.db) as store:
        paths = export_tables(store, args.out, pseudonymise=args.pseudonymise,
                              clinical=not args.no_clinical, by=args.by)
    print(f"wrote {len(paths)} files to {args.out}")
    if not args.no_clinical:
        print("the export includes clinical tables (symptoms, plans, notes, injuries): health "
              "data of minors — store it as carefully as the database", file=sys.stderr)
