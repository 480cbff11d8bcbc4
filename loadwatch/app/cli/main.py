"""The `loadwatch` command: a thin face over the package (no computation lives here).

A user's mistake (bad file, bad option, bad configuration) ends with a clear message on
stderr and exit code 2, never a traceback.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable, Sequence
from functools import partial
from pathlib import Path

import pandas as pd

from loadwatch.app.cli import alerts as alert_commands
from loadwatch.app.cli import athletes as athlete_commands
from loadwatch.app.cli import backup as backup_commands
from loadwatch.app.cli import gaps as gap_commands
from loadwatch.app.cli import model as model_commands
from loadwatch.app.cli import report as report_commands
from loadwatch.app.cli import store as store_commands
from loadwatch.app.cli import users as account_commands
from loadwatch.app.cli.inputs import (
    add_read_options,
    add_side_tables,
    config_from_args,
    read_logs,
    side_tables,
)
from loadwatch.app.clinic import flags_availability
from loadwatch.app.terminal import clean_output
from loadwatch.config import Config, ConfigError
from loadwatch.errors import LogError, UsageError
from loadwatch.risk.engine import evaluate, jsonable, parse_week
from loadwatch.risk.federation import federated_flags
from loadwatch.risk.planner import plan_week
from loadwatch.safety import private_csv, write_csv_safely, write_private
from loadwatch.schema import Channel
from loadwatch.series import federation
from loadwatch.series.gaps import gap_warnings
from loadwatch.series.method_check import method_check
from loadwatch.series.metrics import daily_metrics, weekly_metrics
from loadwatch.series.weeks import default_week
from loadwatch.views.explain import explain_week
from loadwatch.views.summary import format_summary, latest_week
from loadwatch.views.text import (
    flags_csv,
    flags_json,
    format_levels,
    format_plan,
    format_week,
    plan_csv,
)

EXIT_INVALID = 2
_MAX_WARNINGS = 10


def build_parser() -> argparse.ArgumentParser:
    """The argument parser of every subcommand."""
    parser = argparse.ArgumentParser(
        prog="loadwatch",
        description="Training-load monitor for young athletes. Decision support, not diagnosis.",
    )
    sub = parser.add_subparsers(dest="command", required=True)
    metrics = sub.add_parser("metrics", help="daily or weekly load metrics per athlete")
    add_read_options(metrics)
    metrics.add_argument("--level", choices=("daily", "weekly"), default="daily")
    metrics.add_argument("--channel", choices=(*Channel.ALL, Channel.EXTERNAL),
                         default=Channel.SRPE)
    metrics.add_argument("--out", metavar="FILE",
                         help=".csv or .parquet (stdout when absent); a folder with --engine dask")
    add_engine_options(metrics)
    summary = sub.add_parser("summary", help="per-athlete table of the latest week")
    add_read_options(summary)
    flags = sub.add_parser("flags", help="risk level per athlete for a week, with reasons")
    add_read_options(flags)
    add_side_tables(flags)
    _add_week_choice(flags, "ISO week, for Monday weeks (default: the latest)")
    flags.add_argument("--out", metavar="FILE",
                       help=".csv or .json (else a table on screen); a folder with --engine dask")
    flags.add_argument("--levels", action="store_true",
                       help="also print the alarm budget: the share of athlete-weeks at each "
                            "level over every week in the data")
    add_engine_options(flags)
    plan = sub.add_parser("plan", help="next week's plan that obeys every flag of the week")
    add_read_options(plan)
    add_side_tables(plan)
    _add_week_choice(plan, "the week the plan follows (default: the latest)")
    plan.add_argument("--out", metavar="FILE.csv", help="write the plan as CSV")
    check = sub.add_parser("method-check",
                           help="does the ratio add to acute load on this team's data, and "
                                "how much do its flags depend on the windows?")
    add_read_options(check)
    check.add_argument("--out", metavar="FILE.csv", help="write the window table as CSV")
    sample = sub.add_parser("sample", help="write the reproducible sample logs")
    sample.add_argument("--out", default="data/samples", metavar="DIR")
    sample.add_argument("--seed", type=int, default=2026)
    for plugin in _PLUGINS:
        _COMMANDS.update(plugin.register(sub))
    return parser


def add_engine_options(parser: argparse.ArgumentParser) -> None:
    """--engine local|dask, and where the Dask work runs (docs/federation.md)."""
    parser.add_argument("--engine", choices=("local", "dask"), default="local",
                        help="dask: LOG is one folder of Parquet files partitioned by team "
                             "(team=NAME/*.parquet) and --out a folder (install loadwatch[dask])")
    where = parser.add_mutually_exclusive_group()
    where.add_argument("--scheduler", metavar="tcp://HOST:PORT",
                       help="with --engine dask: a running Dask scheduler")
    where.add_argument("--workers", type=int, metavar="N",
                       help="with --engine dask: start a local cluster of N worker processes "
                            "(default: one per core)")
    parser.add_argument("--worker-memory", default="4GiB", metavar="SIZE",
                        help="with --workers: memory limit of each local worker (default 4GiB)")


def _federation(args: argparse.Namespace, run: Callable[..., federation.Dataset]) -> None:
    """Run `run(DATASET, OUT, config=…)` on a Dask cluster (LocalCluster or --scheduler)."""
    if not args.out:
        raise UsageError("--engine dask needs --out DIR (a folder for the Parquet results)")
    if args.db or len(args.logs) != 1:
        raise UsageError("--engine dask reads one DATASET folder of Parquet files (team=NAME/…)")
    if any(getattr(args, name, None) for name in ("roster", "growth", "symptoms", "plans")):
        raise UsageError("--engine dask: --roster, --growth, --symptoms and --plans are not read "
                         "yet; run flags per team to use them")
    if args.skip_invalid or args.dayfirst is not None:
        raise UsageError("--engine dask reads typed Parquet: --skip-invalid and "
                         "--dayfirst/--monthfirst do not apply")
    federation.require_dask()
    federation.check_out(args.out)
    cfg = config_from_args(args)
    with federation.dask_client(args.scheduler, args.workers, args.worker_memory) as client:
        print(federation.describe(client), file=sys.stderr)
        plan = run(args.logs[0], args.out, config=cfg)
    print(f"wrote {plan.teams} teams in {len(plan.partitions)} partition(s) to {args.out}",
          file=sys.stderr)


def _add_week_choice(parser: argparse.ArgumentParser, week_help: str) -> None:
    """--week or --date (one of them): which week a command reads."""
    when = parser.add_mutually_exclusive_group()
    when.add_argument("--week", metavar="YYYY-Www", help=week_help)
    when.add_argument("--date", metavar="YYYY-MM-DD", help="the week containing this day")


def _local_only(args: argparse.Namespace) -> None:
    if args.scheduler or args.workers:
        raise UsageError("--scheduler and --workers need --engine dask")


def _out_folder(out: str | None) -> None:
    """A clear message, before any work, when --out names a folder that does not exist."""
    if out is not None and not Path(out).resolve().parent.is_dir():
        raise UsageError(f"--out: the folder '{Path(out).parent}' does not exist")


def _check_out(out: str | None) -> None:
    if out is not None and Path(out).suffix.lower() not in (".csv", ".parquet"):
        raise UsageError(f"--out must end in .csv or .parquet, not '{Path(out).suffix or out}'")
    _out_folder(out)


def _write(table: pd.DataFrame, out: str | None) -> None:
    if out is None:
        write_csv_safely(table, sys.stdout, date_format="%Y-%m-%d")
        return
    if Path(out).suffix.lower() == ".parquet":
        table.to_parquet(out, index=False)
    else:
        write_csv_safely(table, out, date_format="%Y-%m-%d")
    print(f"wrote {len(table):,} rows to {out}", file=sys.stderr)


def _warn_gaps(log: pd.DataFrame, cfg: Config) -> None:
    """Possible logging gaps (calendar.gap_warning_days absent days in a row) on stderr, so a
    long run of implied rest is questioned before it lowers a ratio (spec §3.2)."""
    lines = gap_warnings(log, config=cfg)
    for line in lines[:_MAX_WARNINGS]:
        print(f"warning: {line}", file=sys.stderr)
    if len(lines) > _MAX_WARNINGS:
        print(f"warning: … and {len(lines) - _MAX_WARNINGS} more possible logging gaps",
              file=sys.stderr)


def _cmd_metrics(args: argparse.Namespace) -> None:
    if args.engine == "dask":
        _federation(args, partial(federation.federated_metrics, level=args.level,
                                  channel=args.channel))
        return
    _local_only(args)
    _check_out(args.out)
    cfg = config_from_args(args)
    log = read_logs(args, cfg)
    _warn_gaps(log, cfg)
    compute = daily_metrics if args.level == "daily" else weekly_metrics
    _write(compute(log, args.channel, config=cfg), args.out)


def _cmd_summary(args: argparse.Namespace) -> None:
    cfg = config_from_args(args)
    log = read_logs(args, cfg)
    _warn_gaps(log, cfg)
    table = latest_week(log, config=cfg)
    week = table["week"].iloc[0] if len(table) else "—"
    print(f"loadwatch — latest week {week}, {len(table)} athletes (sRPE load in AU)")
    print(format_summary(table))
    print("\nloadwatch supports decisions; it does not diagnose. Ratios are one signal among "
          "absolute load, change, monotony and symptoms.")


def _cmd_flags(args: argparse.Namespace) -> None:
    if args.engine == "dask":
        week = parse_week(args.week or args.date, config_from_args(args).week_start_day)
        _federation(args, partial(federated_flags, week=week))
        return
    _local_only(args)
    if args.out and Path(args.out).suffix.lower() not in (".csv", ".json"):
        raise UsageError(f"--out must end in .csv or .json, not '{Path(args.out).suffix}'")
    _out_folder(args.out)
    cfg = config_from_args(args)
    log = read_logs(args, cfg)
    _warn_gaps(log, cfg)
    result = evaluate(log, config=cfg, **side_tables(args))
    if args.levels and args.out:  # the alarm budget is for the reader: to the screen
        print(format_levels(result.level_shares()), file=sys.stderr)
    week = _week(args, log, cfg)
    if args.out and args.out.lower().endswith(".json"):
        write_private(args.out, json.dumps(jsonable(flags_json(  # clinical reasons: 0600
            result, week, flags_availability(result, week, args.db, args.team))), indent=2,
            ensure_ascii=False))
        print(f"wrote {args.out}", file=sys.stderr)
        return
    table = result.week(week)
    if args.out:
        private_csv(flags_csv(table, explain_week(result, week, clinical=True),  # 0600
                              flags_availability(result, week, args.db, args.team)),
                    args.out, date_format="%Y-%m-%d")
        print(f"wrote {len(table)} athletes to {args.out}", file=sys.stderr)
        return
    print(format_week(result, week))
    if args.levels:
        print("\n" + format_levels(result.level_shares()))


def _week(args: argparse.Namespace, log: pd.DataFrame, cfg: Config) -> pd.Timestamp:
    """--week / --date, else the team's default week (the latest with data for most athletes,
    spec §3.3), said on stderr when a later week holds data for fewer athletes."""
    chosen = parse_week(args.week or args.date, cfg.week_start_day)
    if chosen is not None:
        return chosen
    choice = default_week(log, cfg.week_start_day)
    if "; " in choice.reason:
        print(f"week: {choice.reason} (choose another with --week)", file=sys.stderr)
    return choice.week


def _cmd_plan(args: argparse.Namespace) -> None:
    if args.out and Path(args.out).suffix.lower() != ".csv":
        raise UsageError(f"--out must end in .csv, not '{Path(args.out).suffix or args.out}'")
    _out_folder(args.out)
    cfg = config_from_args(args)
    log = read_logs(args, cfg)
    _warn_gaps(log, cfg)
    result = evaluate(log, config=cfg, **side_tables(args))
    plan = plan_week(result, _week(args, log, cfg))
    if args.out:
        write_csv_safely(plan_csv(plan), args.out, date_format="%Y-%m-%d")
        print(f"wrote {len(plan)} athletes to {args.out}", file=sys.stderr)
        return
    print(format_plan(plan, cfg.week_start_day))


def _cmd_method_check(args: argparse.Namespace) -> None:
    if args.out and Path(args.out).suffix.lower() != ".csv":
        raise UsageError(f"--out must end in .csv, not '{Path(args.out).suffix or args.out}'")
    _out_folder(args.out)
    cfg = config_from_args(args)
    log = read_logs(args, cfg)
    _warn_gaps(log, cfg)
    check = method_check(log, config=cfg)
    if args.out:
        write_csv_safely(check.windows, args.out)
        print(f"wrote {len(check.windows)} window pairs to {args.out}", file=sys.stderr)
    print("\n\n".join(check.lines()))
    if not check.windows.empty:
        print("\n" + check.windows.drop(columns="changed_pct").to_string(index=False))


def _cmd_sample(args: argparse.Namespace) -> None:
    from loadwatch.synthetic.club import write_samples

    for path in write_samples(args.out, seed=args.seed):
        print(path)


_COMMANDS: dict[str, Callable[[argparse.Namespace], None]] = {
    "metrics": _cmd_metrics, "summary": _cmd_summary, "flags": _cmd_flags, "plan": _cmd_plan,
    "sample": _cmd_sample, "method-check": _cmd_method_check,
}
#: command groups living beside their stage of the package (store, report, model)
_PLUGINS = (store_commands, report_commands, model_commands, account_commands,
            gap_commands, athlete_commands, alert_commands, backup_commands)


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit code (0 ok, 2 invalid input)."""
    with clean_output():  # names never drive the terminal (issue 19 item 5)
        return _run(argv)


def _run(argv: Sequence[str] | None) -> int:
    args = build_parser().parse_args(argv)
    try:
        _COMMANDS[args.command](args)
    except LogError as exc:
        print(f"error: {exc.report()}", file=sys.stderr)
        return EXIT_INVALID
    except (ConfigError, UsageError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return EXIT_INVALID
    except BrokenPipeError:
        return 0
    except OSError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return EXIT_INVALID
    return 0


if __name__ == "__main__":
    sys.exit(main())
