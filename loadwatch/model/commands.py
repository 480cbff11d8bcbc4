"""`loadwatch` subcommands of the model stage; `register` adds them to the CLI parser.

    loadwatch simulate --athletes N --days D --hazard null|planted --seed S --out DIR
    loadwatch injuries summary --injuries FILE --log FILE
    loadwatch model fit      --log FILE --injuries FILE [--roster FILE] --out model.joblib
    loadwatch model evaluate --log FILE --injuries FILE [--roster FILE] --out DIR
    loadwatch model predict  --model model.joblib --log FILE --out FILE.csv
    loadwatch model power    --athletes N --days D --events E

User mistakes raise LogError / UsageError, which the CLI turns into a message and exit 2.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable
from pathlib import Path

import pandas as pd

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


def _order_options(parser: argparse.ArgumentParser) -> None:
    order = parser.add_mutually_exclusive_group()
    order.add_argument("--dayfirst", action="store_const", const=True, dest="dayfirst",
                       help="read 03/04/2026 as 3 April")
    order.add_argument("--monthfirst", action="store_const", const=False, dest="dayfirst",
                       help="read 03/04/2026 as 4 March")


def _data_options(parser: argparse.ArgumentParser, *, injuries_required: bool = True) -> None:
    parser.add_argument("--log", nargs="+", required=True, metavar="FILE",
                        help="training log(s): CSV, XLSX or Parquet session logs")
    parser.add_argument("--injuries", required=injuries_required, metavar="FILE",
                        help="injury log: athlete, onset date, body region, type, time-loss "
                             "days, return date")
    parser.add_argument("--roster", metavar="FILE",
                        help="athlete profiles with birth dates (adds hours per week vs age)")
    parser.add_argument("--config", metavar="FILE.toml", help="team configuration overrides")
    _order_options(parser)


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
    from loadwatch.model.simulate import BETA_EXT, BETA_SPIKE

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

    injuries = sub.add_parser("injuries", help="injury log: epidemiology")
    isub = injuries.add_subparsers(dest="injuries_command", required=True)
    summary = isub.add_parser(
        "summary", help="incidence and burden per 1,000 h with 95 % intervals, overall and by "
                        "body region")
    summary.add_argument("--injuries", required=True, metavar="FILE")
    summary.add_argument("--log", nargs="+", required=True, metavar="FILE",
                         help="training log(s) giving the exposure hours")
    summary.add_argument("--out", metavar="FILE", help=".csv or .json (else a table on screen)")
    _order_options(summary)

    model = sub.add_parser("model", help="injury-risk model: fit, evaluate, predict, power")
    msub = model.add_subparsers(dest="model_command", required=True)
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
    predict = msub.add_parser("predict", help="probabilities per athlete-day from a saved "
                                              "model (read its model card first)")
    predict.add_argument("--model", required=True, metavar="MODEL.joblib",
                         help="a model written by 'loadwatch model fit' (load only your own "
                              "files: joblib files can run code)")
    _data_options(predict, injuries_required=False)
    predict.add_argument("--out", required=True, metavar="FILE",
                         help=".csv or .parquet")
    predict.add_argument("--latest", action="store_true", help="only each athlete's last day")
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
    return {"simulate": _cmd_simulate, "injuries": _cmd_injuries, "model": _cmd_model}


# --- handlers ---------------------------------------------------------------------------------


def _positive(value: int, name: str) -> None:
    if value < 1:
        raise UsageError(f"{name} must be at least 1, not {value}")


def _cmd_simulate(args: argparse.Namespace) -> None:
    from loadwatch.model.simulate import default_base, simulate_cohort

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


def _cmd_injuries(args: argparse.Namespace) -> None:
    from loadwatch.model.injuries import format_epidemiology, injury_epidemiology, read_injuries
    from loadwatch.model.tables import read_logs

    if args.out and Path(args.out).suffix.lower() not in (".csv", ".json"):
        raise UsageError(f"--out must end in .csv or .json, not '{Path(args.out).suffix}'")
    injuries = read_injuries(args.injuries, dayfirst=args.dayfirst)
    log = read_logs(args.log, dayfirst=args.dayfirst)
    result = injury_epidemiology(injuries, log)
    if args.out and args.out.lower().endswith(".json"):
        Path(args.out).write_text(json.dumps(result.as_dict(), indent=2, ensure_ascii=False))
        print(f"wrote {args.out}", file=sys.stderr)
    elif args.out:
        write_csv_safely(result.table, args.out)
        print(f"wrote {args.out}", file=sys.stderr)
    else:
        print(format_epidemiology(result))


def _inputs(args: argparse.Namespace) -> tuple[Config, pd.DataFrame, pd.DataFrame | None,
                                               pd.DataFrame | None]:
    from loadwatch.config import load_config
    from loadwatch.model.injuries import read_injuries
    from loadwatch.model.tables import read_logs, read_roster_table

    config = load_config(args.config) if args.config else load_config()
    log = read_logs(args.log, dayfirst=args.dayfirst)
    injuries = read_injuries(args.injuries, dayfirst=args.dayfirst) if args.injuries else None
    roster = read_roster_table(args.roster, dayfirst=args.dayfirst) if args.roster else None
    return config, log, injuries, roster


def _cmd_model(args: argparse.Namespace) -> None:
    handlers = {"fit": _model_fit, "evaluate": _model_evaluate, "predict": _model_predict,
                "power": _model_power}
    handlers[args.model_command](args)


def _model_fit(args: argparse.Namespace) -> None:
    from loadwatch.model.bundle import fit_model

    _positive(args.threads, "--threads")
    config, log, injuries, roster = _inputs(args)
    fitted = fit_model(log, injuries, roster, kind=args.kind, horizon=args.horizon,
                       seed=args.seed, config=config, n_threads=args.threads,
                       source=", ".join(args.log))
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
        n_threads=args.threads, source=", ".join(Path(p).name for p in args.log),
    )
    for path in evaluation.write(args.out, plots=not args.no_plots):
        print(path)
    if args.save_model:
        from loadwatch.model.bundle import fit_model

        fitted = fit_model(log, injuries, roster, kind=args.kind, horizon=args.horizon,
                           seed=args.seed, config=config, n_threads=args.threads,
                           source=", ".join(args.log))
        fitted.card, fitted.metrics = evaluation.card, evaluation.metrics
        print(fitted.save(args.save_model))
    print(evaluation.metrics["verdict"])


def _model_predict(args: argparse.Namespace) -> None:
    from loadwatch.model.bundle import load_model

    suffix = Path(args.out).suffix.lower()
    if suffix not in (".csv", ".parquet"):
        raise UsageError(f"--out must end in .csv or .parquet, not '{suffix or args.out}'")
    fitted = load_model(args.model)
    _, log, injuries, roster = _inputs(args)
    if injuries is None:
        print("warning: no --injuries given: injury history (days since the latest injury, "
              "earlier injuries) is read as none", file=sys.stderr)
    table = fitted.predict(log, injuries, roster, latest_only=args.latest)
    if suffix == ".parquet":
        table.to_parquet(args.out, index=False)
    else:
        write_csv_safely(table, args.out, date_format="%Y-%m-%d")
    print(f"wrote {len(table):,} rows to {args.out}", file=sys.stderr)
    print(f"model card: {fitted.verdict}", file=sys.stderr)
    print("Decision support, not diagnosis: show these probabilities only beside the model's "
          "card (loadwatch model evaluate).", file=sys.stderr)


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
