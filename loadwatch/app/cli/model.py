"""`loadwatch` subcommands of the model stage; `register` adds them to the CLI parser.

    loadwatch simulate --athletes N --days D --hazard null|planted --seed S --out DIR
    loadwatch injuries import FILE --team NAME [--db URL]
    loadwatch injuries summary (--injuries FILE --log FILE | --db URL [--team NAME])
    loadwatch model fit      (--log FILE --injuries FILE | --db URL [--team NAME])
                             [--roster FILE] --out model.joblib
    loadwatch model evaluate (--log FILE --injuries FILE | --db URL [--team NAME]) --out DIR
    loadwatch model predict  --model model.joblib (--log FILE | --db URL [--team NAME])
                             --out FILE.csv
    loadwatch model install  model.joblib --team NAME [--db URL]
    loadwatch model remove   --team NAME [--db URL]
    loadwatch model power    --athletes N --days D --events E

With ``--db`` the training log, injury log and roster come from the store (a file given
instead still wins, e.g. ``--db URL --injuries corrected.csv``). User mistakes raise
LogError / UsageError, which the CLI turns into a message and exit 2.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable
from pathlib import Path

import pandas as pd

from loadwatch.app.cli.inputs import add_date_order
from loadwatch.app.cli.store import db_errors, store_options
from loadwatch.config import Config
from loadwatch.errors import LogError, UsageError
from loadwatch.safety import write_csv_safely

Handler = Callable[[argparse.Namespace], None]

_SIMULATE_HELP = (
    "write a simulated squad with a known injury hazard: sessions.csv (session log with "
    "extension reps), roster.csv, injuries.csv and truth.json. null: constant hazard "
    "h = base per athlete-day. planted: h(d) = base × exp(β_spike × spike(d) + β_ext × "
    "(ext_ratio(d) − 1)), spike = S7(d−1)/S7(d−8) − 1 of sRPE load clipped to [−1, 1.5], "
    "ext_ratio = 7-day / 28-day mean of extension reps up to d−1 clipped to [0, 2.5]; "
    "defaults β_spike = 1.0, β_ext = 1.5, base 0.003 (null) or 0.002 (planted)"
)


_THREADS_HELP = (
    "OpenMP threads for the gradient boosting (default 1: on a busy 2-core machine two "
    "threads made evaluate twice as slow; raise it on a dedicated multi-core machine)"
)


def _source_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--log", nargs="+", metavar="FILE",
                        help="training log(s): CSV, XLSX or Parquet session logs")
    parser.add_argument("--injuries", metavar="FILE",
                        help="injury log: athlete, onset date, body region, type, time-loss "
                             "days, return date")
    parser.add_argument("--db", metavar="URL",
                        help="read the stored training and injury logs (and roster) instead "
                             "of files")
    parser.add_argument("--team", metavar="NAME", help="with --db: only this team's athletes")
    add_date_order(parser)


def _data_options(parser: argparse.ArgumentParser) -> None:
    _source_options(parser)
    parser.add_argument("--roster", metavar="FILE",
                        help="athlete profiles with birth dates (adds hours per week vs age)")
    parser.add_argument("--config", metavar="FILE.toml", help="team configuration overrides")


def _model_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--kind", choices=("hgb", "logistic"), default="hgb",
                        help="gradient boosting (default) or logistic regression")
    parser.add_argument("--horizon", type=int, default=7, metavar="DAYS",
                        help="predict an injury onset within this many days (default 7)")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--threads", type=int, default=1, metavar="N",
                        help=_THREADS_HELP)


def register(sub: argparse._SubParsersAction) -> dict[str, Handler]:
    """Add this stage's subcommands to `sub`; return {command name: handler}."""
    _add_simulate(sub)
    _add_injuries(sub)
    model = sub.add_parser("model", help="injury-risk model: fit, evaluate, predict, power")
    msub = model.add_subparsers(dest="model_command", required=True)
    _add_fit_evaluate(msub)
    _add_predict_install(msub)
    _add_power(msub)
    return {"simulate": _cmd_simulate, "injuries": db_errors(_cmd_injuries),
            "model": db_errors(_cmd_model)}


def _add_simulate(sub: argparse._SubParsersAction) -> None:
    """simulate: a squad with a known injury hazard (the cohort's defaults shown in --help)."""
    from loadwatch.synthetic.cohorts import BETA_EXT, BETA_SPIKE

    sim = sub.add_parser("simulate", help="write a simulated squad with a known injury hazard",
                         description=_SIMULATE_HELP)
    sim.add_argument("--athletes", type=int, default=300)
    sim.add_argument("--days", type=int, default=730)
    sim.add_argument("--hazard", choices=("null", "planted"), default="planted")
    sim.add_argument("--seed", type=int, default=0)
    sim.add_argument("--out", required=True, metavar="DIR")
    sim.add_argument("--base-hazard", type=float, default=None, metavar="P",
                     help="daily hazard at no spike and extension ratio 1 (default 0.003 for "
                          "null, 0.002 for planted: about one injury per athlete-year either way)")
    sim.add_argument("--beta-spike", type=float, default=BETA_SPIKE, metavar="B",
                     help=f"log hazard ratio per +100 %% week-to-week load (default "
                          f"{BETA_SPIKE:g})")
    sim.add_argument("--beta-ext", type=float, default=BETA_EXT, metavar="B",
                     help=f"log hazard ratio per unit of extension ratio above 1 (default "
                          f"{BETA_EXT:g})")
    sim.add_argument("--start", default="2025-08-04", metavar="YYYY-MM-DD",
                     help="first day, a Monday")


def _add_injuries(sub: argparse._SubParsersAction) -> None:
    """injuries import (into the store) and injuries summary (incidence and burden)."""
    injuries = sub.add_parser("injuries", help="injury log: store it, epidemiology")
    isub = injuries.add_subparsers(dest="injuries_command", required=True)
    store = isub.add_parser(
        "import", help="store an injury log for a team (clinical data; every row or none)")
    store.add_argument("file", metavar="FILE")
    store.add_argument("--team", required=True, metavar="NAME",
                       help="the team; every athlete must already be one of its members")
    add_date_order(store)
    store_options(store)
    summary = isub.add_parser(
        "summary", help="incidence and burden per 1,000 h with 95 %% intervals, overall and by "
                        "body region")
    _source_options(summary)
    summary.add_argument("--out", metavar="FILE", help=".csv or .json (else a table on screen)")


def _add_fit_evaluate(msub: argparse._SubParsersAction) -> None:
    """model fit and model evaluate."""
    fit = msub.add_parser("fit", help="fit the model on all athlete-days and save it")
    _data_options(fit)
    _model_options(fit)
    fit.add_argument("--out", required=True, metavar="MODEL.joblib")
    evaluate = msub.add_parser(
        "evaluate", help="validate on later months of other athletes; write model-card.md, "
                         "metrics.json and plots")
    _data_options(evaluate)
    _model_options(evaluate)
    evaluate.add_argument("--out", required=True, metavar="DIR")
    evaluate.add_argument("--n-boot", type=int, default=1000, metavar="B",
                          help="bootstrap replicates (athletes resampled; default 1000)")
    evaluate.add_argument("--no-rules", action="store_true",
                          help="skip the rule-engine baseline")
    evaluate.add_argument("--no-plots", action="store_true", help="write no PNG files")
    evaluate.add_argument("--save-model", metavar="MODEL.joblib",
                          help="also fit the same model on all athlete-days and save it with "
                               "this card attached (for 'loadwatch model predict')")


def _add_predict_install(msub: argparse._SubParsersAction) -> None:
    """model predict, and model install / remove (show a team's model on the dashboard)."""
    predict = msub.add_parser("predict", help="probabilities per athlete-day from a saved "
                                              "model (read its model card first)")
    predict.add_argument("--model", required=True, metavar="MODEL.joblib",
                         help="a model written by 'loadwatch model fit' (load only your own "
                              "files: joblib files can run code)")
    _data_options(predict)
    predict.add_argument("--out", required=True, metavar="FILE",
                         help=".csv or .parquet")
    predict.add_argument("--latest", action="store_true", help="only each athlete's last day")
    install = msub.add_parser(
        "install", help="show a validated model to the team's therapists (dashboard), beside "
                        "its card; replaces the team's previous model")
    install.add_argument("model", metavar="MODEL.joblib",
                         help="written by 'loadwatch model evaluate --save-model' (carries its "
                              "card; only load your own files: joblib files can run code)")
    install.add_argument("--team", required=True, metavar="NAME")
    store_options(install)
    remove = msub.add_parser("remove", help="stop showing the team's model")
    remove.add_argument("--team", required=True, metavar="NAME")
    store_options(remove)


def _add_power(msub: argparse._SubParsersAction) -> None:
    """model power: detection share over planted cohorts of a given size."""
    from loadwatch.synthetic.cohorts import BETA_EXT, BETA_SPIKE

    pw = msub.add_parser("power", help="share of planted cohorts of this size in which the "
                                       "effect is detected")
    pw.add_argument("--athletes", type=int, required=True)
    pw.add_argument("--days", type=int, required=True)
    pw.add_argument("--events", type=float, required=True,
                    help="injuries expected in that time (sets the base hazard)")
    pw.add_argument("--cohorts", type=int, default=5)
    pw.add_argument("--beta-spike", type=float, default=BETA_SPIKE, metavar="B")
    pw.add_argument("--beta-ext", type=float, default=BETA_EXT, metavar="B")
    pw.add_argument("--kind", choices=("hgb", "logistic"), default="hgb")
    pw.add_argument("--seed", type=int, default=0)
    pw.add_argument("--n-boot", type=int, default=500, metavar="B")
    pw.add_argument("--threads", type=int, default=1, metavar="N", help=_THREADS_HELP)


# --- handlers ---------------------------------------------------------------------------------


def _positive(value: int, name: str) -> None:
    if value < 1:
        raise UsageError(f"{name} must be at least 1, not {value}")


def _cmd_simulate(args: argparse.Namespace) -> None:
    from loadwatch.synthetic.cohorts import default_base, simulate_cohort

    _positive(args.athletes, "--athletes")
    _positive(args.days, "--days")
    base = args.base_hazard if args.base_hazard is not None else default_base(args.hazard)
    cohort = simulate_cohort(args.athletes, args.days, args.hazard, args.seed, base_hazard=base,
                             beta_spike=args.beta_spike, beta_ext=args.beta_ext,
                             start=args.start)
    for path in cohort.write(args.out):
        print(path)
    t = cohort.truth
    print(f"{t['formula']}; {t['injuries']} injuries in {t['athletes']} athletes × {t['days']} "
          "days", file=sys.stderr)


def _training_log(args: argparse.Namespace) -> pd.DataFrame:
    """--log files, or the store's log with --db (never both)."""
    from loadwatch.ingest.tables import read_logs
    from loadwatch.store.queries import load_log

    if args.log and args.db:
        raise UsageError("give --log files or --db, not both")
    if args.log:
        return read_logs(args.log, dayfirst=args.dayfirst)
    if args.db:
        return load_log(args.db, args.team)
    raise UsageError("give the training log: --log FILE, or --db URL to read the store")


def _injury_log(args: argparse.Namespace, *, required: bool) -> pd.DataFrame | None:
    """--injuries file, else the store's injury log with --db, else None (or UsageError)."""
    from loadwatch.ingest.injuries import read_injuries
    from loadwatch.store.injuries import load_injuries

    if args.injuries:
        return read_injuries(args.injuries, dayfirst=args.dayfirst)
    if args.db:
        stored = load_injuries(args.db, args.team)
        if stored.empty:
            print(f"note: the store holds no injury for {_whom(args)}: none happened, or the "
                  "log was never imported ('loadwatch injuries import FILE --team NAME')",
                  file=sys.stderr)
        return stored
    if required:
        raise UsageError("give the injury log: --injuries FILE, or --db URL to use the injury "
                         "log stored with 'loadwatch injuries import'")
    return None


def _cmd_injuries(args: argparse.Namespace) -> None:
    if args.injuries_command == "import":
        _injuries_import(args)
    else:
        _injuries_summary(args)


def _injuries_import(args: argparse.Namespace) -> None:
    from loadwatch.store.injuries import import_injuries

    print(import_injuries(args.db, args.file, args.team, by=args.by,
                          dayfirst=args.dayfirst).message)


def _injuries_summary(args: argparse.Namespace) -> None:
    from loadwatch.model.epidemiology import format_epidemiology, injury_epidemiology

    if args.out and Path(args.out).suffix.lower() not in (".csv", ".json"):
        raise UsageError(f"--out must end in .csv or .json, not '{Path(args.out).suffix}'")
    injuries = _injury_log(args, required=True)
    assert injuries is not None
    log = _training_log(args)
    result = injury_epidemiology(injuries, log)
    if args.out and args.out.lower().endswith(".json"):
        Path(args.out).write_text(json.dumps(result.as_dict(), indent=2, ensure_ascii=False))
        print(f"wrote {args.out}", file=sys.stderr)
    elif args.out:
        write_csv_safely(result.table, args.out)
        print(f"wrote {args.out}", file=sys.stderr)
    else:
        print(format_epidemiology(result))


def _inputs(args: argparse.Namespace, *, injuries_required: bool = True
            ) -> tuple[Config, pd.DataFrame, pd.DataFrame | None, pd.DataFrame | None]:
    from loadwatch.config import load_config
    from loadwatch.ingest.tables import read_roster_table
    from loadwatch.store.queries import load_roster

    config = load_config(args.config) if args.config else load_config()
    log = _training_log(args)
    injuries = _injury_log(args, required=injuries_required)
    if args.roster:
        roster = read_roster_table(args.roster, dayfirst=args.dayfirst)
    elif args.db:
        stored = load_roster(args.db, args.team)
        roster = stored if len(stored) else None
    else:
        roster = None
    return config, log, injuries, roster


def _whom(args: argparse.Namespace) -> str:
    return f"team '{args.team}'" if args.team else "any team"


def _source(args: argparse.Namespace) -> str:
    """What the model was fitted on, for its card: file names, or the store's team."""
    if args.log:
        return ", ".join(Path(p).name for p in args.log)
    return f"the loadwatch store, team {args.team}" if args.team else "the loadwatch store"


def _cmd_model(args: argparse.Namespace) -> None:
    handlers = {"fit": _model_fit, "evaluate": _model_evaluate, "predict": _model_predict,
                "install": _model_install, "remove": _model_remove, "power": _model_power}
    handlers[args.model_command](args)


def _model_fit(args: argparse.Namespace) -> None:
    from loadwatch.model.bundle import fit_model

    _positive(args.threads, "--threads")
    config, log, injuries, roster = _inputs(args)
    fitted = fit_model(log, injuries, roster, kind=args.kind, horizon=args.horizon,
                       seed=args.seed, config=config, n_threads=args.threads,
                       source=_source(args))
    path = fitted.save(args.out)
    f = fitted.fitted_on
    print(f"wrote {path}: {args.kind} model of injury onset within {args.horizon} days, fitted "
          f"on {f['athletes']} athletes, {f['athlete_days']:,} athlete-days, {f['events']} "
          f"injury events ({f['first_day']} to {f['last_day']}).")
    print("How well it predicts is not known until you run 'loadwatch model evaluate'; show "
          "its probabilities only beside that model card.")


def _model_evaluate(args: argparse.Namespace) -> None:
    from loadwatch.model.evaluation import evaluate_model

    _positive(args.threads, "--threads")
    _positive(args.n_boot, "--n-boot")
    config, log, injuries, roster = _inputs(args)
    evaluation = evaluate_model(
        log, injuries, roster, kind=args.kind, horizon=args.horizon, seed=args.seed,
        n_boot=args.n_boot, rule_baseline=not args.no_rules, config=config,
        n_threads=args.threads, source=_source(args),
    )
    for path in evaluation.write(args.out, plots=not args.no_plots):
        print(path)
    if args.save_model:
        from loadwatch.model.bundle import fit_model

        fitted = fit_model(log, injuries, roster, kind=args.kind, horizon=args.horizon,
                           seed=args.seed, config=config, n_threads=args.threads,
                           source=_source(args))
        fitted.card, fitted.metrics = evaluation.card, evaluation.metrics
        print(fitted.save(args.save_model))
    print(evaluation.metrics["verdict"])


def _model_predict(args: argparse.Namespace) -> None:
    from loadwatch.model.bundle import load_model

    suffix = Path(args.out).suffix.lower()
    if suffix not in (".csv", ".parquet"):
        raise UsageError(f"--out must end in .csv or .parquet, not '{suffix or args.out}'")
    fitted = load_model(args.model)
    _, log, injuries, roster = _inputs(args, injuries_required=False)
    if injuries is None:
        print("warning: no --injuries (or --db) given: injury history (days since the latest "
              "injury, earlier injuries) is read as none", file=sys.stderr)
    table = fitted.predict(log, injuries, roster, latest_only=args.latest)
    if suffix == ".parquet":
        table.to_parquet(args.out, index=False)
    else:
        write_csv_safely(table, args.out, date_format="%Y-%m-%d")
    print(f"wrote {len(table):,} rows to {args.out}", file=sys.stderr)
    print(f"model card: {fitted.verdict}", file=sys.stderr)
    print("Decision support, not diagnosis: show these probabilities only beside the model's "
          "card (loadwatch model evaluate).", file=sys.stderr)


def _model_install(args: argparse.Namespace) -> None:
    from loadwatch.app.team_models import install_model
    from loadwatch.model.bundle import load_model

    print(install_model(args.db, load_model(args.model), args.team, by=args.by))


def _model_remove(args: argparse.Namespace) -> None:
    from loadwatch.app.team_models import remove_model

    removed = remove_model(args.db, args.team, by=args.by)
    print(f"team '{args.team}': " + ("model removed" if removed else "had no model"))


def _model_power(args: argparse.Namespace) -> None:
    from loadwatch.model.power import format_power, power

    for value, name in ((args.athletes, "--athletes"), (args.days, "--days"),
                        (args.cohorts, "--cohorts"), (args.n_boot, "--n-boot"),
                        (args.threads, "--threads")):
        _positive(value, name)
    if args.athletes < 2:
        raise LogError("power needs at least 2 athletes (the validation is grouped by athlete)")
    result = power(args.athletes, args.days, args.events, cohorts=args.cohorts,
                   beta_spike=args.beta_spike, beta_ext=args.beta_ext, kind=args.kind,
                   seed=args.seed, n_boot=args.n_boot, n_threads=args.threads)
    print(format_power(result))
