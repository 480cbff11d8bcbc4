"""The `loadwatch` command: a thin face over the package (no computation lives here).

A user's mistake (bad file, bad option, bad configuration) ends with a clear message on
stderr and exit code 2, never a traceback.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable, Sequence
from pathlib import Path

import pandas as pd

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
from loadwatch.config import Config, ConfigError
from loadwatch.errors import LogError, UsageError
from loadwatch.risk.engine import evaluate, jsonable, parse_week
from loadwatch.risk.planner import max_safe_load
from loadwatch.safety import write_csv_safely
from loadwatch.schema import Channel
from loadwatch.series.calendar import gap_warnings
from loadwatch.series.metrics import daily_metrics, weekly_metrics
from loadwatch.views.summary import format_summary, latest_week
from loadwatch.views.text import flags_csv, flags_json, format_flags, format_plan

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
    metrics.add_argument("--channel", choices=Channel.ALL, default=Channel.SRPE)
    metrics.add_argument("--out", metavar="FILE", help=".csv or .parquet (stdout when absent)")
    summary = sub.add_parser("summary", help="per-athlete table of the latest week")
    add_read_options(summary)
    flags = sub.add_parser("flags", help="risk level per athlete for a week, with reasons")
    add_read_options(flags)
    add_side_tables(flags)
    when = flags.add_mutually_exclusive_group()
    when.add_argument("--week", metavar="YYYY-Www",
                      help="ISO week, for Monday weeks (default: the latest)")
    when.add_argument("--date", metavar="YYYY-MM-DD", help="the week containing this day")
    flags.add_argument("--out", metavar="FILE", help=".csv or .json (else a table on screen)")
    plan = sub.add_parser("plan", help="largest load next week that stays at or below amber")
    add_read_options(plan)
    plan.add_argument("--out", metavar="FILE.csv", help="write the plan as CSV")
    sample = sub.add_parser("sample", help="write the reproducible sample logs")
    sample.add_argument("--out", default="data/samples", metavar="DIR")
    sample.add_argument("--seed", type=int, default=2026)
    for plugin in _PLUGINS:
        _COMMANDS.update(plugin.register(sub))
    return parser


def _check_out(out: str | None) -> None:
    if out is not None and Path(out).suffix.lower() not in (".csv", ".parquet"):
        raise UsageError(f"--out must end in .csv or .parquet, not '{Path(out).suffix or out}'")


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
    if args.out and Path(args.out).suffix.lower() not in (".csv", ".json"):
        raise UsageError(f"--out must end in .csv or .json, not '{Path(args.out).suffix}'")
    cfg = config_from_args(args)
    log = read_logs(args, cfg)
    _warn_gaps(log, cfg)
    result = evaluate(log, config=cfg, **side_tables(args))
    week = parse_week(args.week or args.date, cfg.week_start_day)
    if args.out and args.out.lower().endswith(".json"):
        Path(args.out).write_text(json.dumps(jsonable(flags_json(result, week)), indent=2,
                                             ensure_ascii=False))
        print(f"wrote {args.out}", file=sys.stderr)
        return
    table = result.week(week)
    if args.out:
        write_csv_safely(flags_csv(table), args.out, date_format="%Y-%m-%d")
        print(f"wrote {len(table)} athletes to {args.out}", file=sys.stderr)
        return
    print(format_flags(table))


def _cmd_plan(args: argparse.Namespace) -> None:
    cfg = config_from_args(args)
    plan = max_safe_load(read_logs(args, cfg), config=cfg)
    if args.out:
        write_csv_safely(plan, args.out, date_format="%Y-%m-%d")
        print(f"wrote {len(plan)} athletes to {args.out}", file=sys.stderr)
        return
    print(format_plan(plan))


def _cmd_sample(args: argparse.Namespace) -> None:
    from loadwatch.synthetic.club import write_samples

    for path in write_samples(args.out, seed=args.seed):
        print(path)


_COMMANDS: dict[str, Callable[[argparse.Namespace], None]] = {
    "metrics": _cmd_metrics, "summary": _cmd_summary, "flags": _cmd_flags, "plan": _cmd_plan,
    "sample": _cmd_sample,
}
#: command groups living beside their stage of the package (store, report, model)
_PLUGINS = (store_commands, report_commands, model_commands, account_commands)


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit code (0 ok, 2 invalid input)."""
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
