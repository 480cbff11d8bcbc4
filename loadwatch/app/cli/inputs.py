"""Options and inputs shared by every `loadwatch` command that reads training logs:
log files or the store, side tables, configuration, row problems on stderr."""

from __future__ import annotations

import argparse
import sys

import pandas as pd

from loadwatch.config import Config, load_config
from loadwatch.errors import LogError, Problem, UsageError
from loadwatch.ingest.log import ParsedLog, combine_logs, has_sessions, parse_log
from loadwatch.ingest.mapping import (
    ReadOptions,
    parse_map_options,
    parse_wide_options,
    read_mapping_file,
)
from loadwatch.ingest.readers import RawTable, read_table
from loadwatch.ingest.side_tables import read_growth, read_plans, read_roster, read_symptoms
from loadwatch.safety import write_csv_safely
from loadwatch.store.clinical import load_plans, load_symptoms
from loadwatch.store.queries import load_growth, load_log, load_roster

_MAX_WARNINGS = 10


def add_date_order(parser: argparse.ArgumentParser) -> None:
    """--dayfirst / --monthfirst, for files whose dates like 03/04/2026 are ambiguous."""
    order = parser.add_mutually_exclusive_group()
    order.add_argument("--dayfirst", action="store_const", const=True, dest="dayfirst",
                       help="read 03/04/2026 as 3 April")
    order.add_argument("--monthfirst", action="store_const", const=False, dest="dayfirst",
                       help="read 03/04/2026 as 4 March")


def add_read_options(parser: argparse.ArgumentParser) -> None:
    """LOG files or --db/--team/--since, date order, invalid-row handling, --config."""
    parser.add_argument("logs", nargs="*", metavar="LOG", help="training logs: CSV, XLSX, Parquet")
    parser.add_argument("--db", metavar="URL",
                        help="read the stored logs instead of files (sqlite:///…, postgresql://…)")
    parser.add_argument("--team", metavar="NAME",
                        help="the team: with --db, only its athletes; in reports, its name")
    parser.add_argument("--since", metavar="YYYY-MM-DD", help="with --db: from this day on")
    add_date_order(parser)
    parser.add_argument("--skip-invalid", action="store_true",
                        help="use the valid rows and write the rejected ones to --rejects")
    parser.add_argument("--rejects", metavar="FILE.csv", help="where rejected rows go")
    parser.add_argument("--config", metavar="FILE.toml", help="team configuration overrides")
    add_mapping_options(parser)


def add_mapping_options(parser: argparse.ArgumentParser) -> None:
    """--map, --mapping, --athlete, --sheet, --header-row, --duration-unit, --timezone and
    the name decision (issue 13: real exports in, with at most a mapping)."""
    group = parser.add_argument_group("reading an export as it is (issue 13)")
    group.add_argument("--map", action="append", metavar="FIELD=COLUMN",
                       help="read FIELD (athlete, date, start_time, duration, rpe, load, "
                            "sport, extension_reps, …) from COLUMN; COLUMN '-' = not in this "
                            "file (repeatable; a field given several columns, or a pattern "
                            "like 'duration=*Tps min', is a wide layout: one row per column)")
    group.add_argument("--planned", action="store_true",
                       help="the file is a plan: its minutes are the coach's planned totals")
    group.add_argument("--mapping", metavar="FILE.toml",
                       help="a mapping file: [columns] field = \"header\", and optionally "
                            "athlete, duration_unit, timezone")
    group.add_argument("--athlete", metavar="NAME", help="the athlete of a one-athlete export")
    group.add_argument("--sheet", metavar="NAME|INDEX", help="the workbook sheet to read")
    group.add_argument("--header-row", type=int, metavar="N",
                       help="the header's row (1 = the first; default: found)")
    group.add_argument("--duration-unit", metavar="UNIT",
                       help="durations in s, min, h or h:mm:ss (default: the export's, else min)")
    group.add_argument("--timezone", metavar="ZONE",
                       help="the athletes' time zone for time stamps in UTC or with a zone "
                            "(e.g. Europe/Copenhagen; default: this machine's)")
    names = group.add_mutually_exclusive_group()
    names.add_argument("--merge-names", action="store_const", const=True, dest="merge_names",
                       help="labels that differ only by case/spaces/accents are one athlete")
    names.add_argument("--keep-names-apart", action="store_const", const=False,
                       dest="merge_names", help="such labels are different athletes")


def read_options(args: argparse.Namespace) -> ReadOptions:
    """The mapping options of the command line (a --mapping file under --map and the rest)."""
    base = read_mapping_file(args.mapping) if getattr(args, "mapping", None) else ReadOptions()
    given = ReadOptions(columns=parse_map_options(getattr(args, "map", None)),
                        athlete=getattr(args, "athlete", None),
                        duration_unit=getattr(args, "duration_unit", None),
                        timezone=getattr(args, "timezone", None),
                        merge_names=getattr(args, "merge_names", None),
                        wide=parse_wide_options(getattr(args, "map", None)),
                        planned=getattr(args, "planned", None) or None)
    return base.merged(given)


def sheet_options(args: argparse.Namespace) -> tuple[str | int | None, int | None]:
    """(--sheet, --header-row) as given; a number is the sheet's 1-based position."""
    sheet = getattr(args, "sheet", None)
    if sheet is not None and str(sheet).isdigit():
        sheet = int(sheet)
    return sheet, getattr(args, "header_row", None)


def read_source(path: str, args: argparse.Namespace) -> RawTable:
    """The file's raw table, with --sheet / --header-row when given."""
    sheet, header_row = sheet_options(args)
    return read_table(path, sheet=sheet, header_row=header_row)


def say_notes(parsed: ParsedLog) -> None:
    """Print what was decided on the way in (profile, conversions, ignored columns)."""
    for note in parsed.notes:
        print(f"{parsed.name}: {note}", file=sys.stderr)


def add_side_tables(parser: argparse.ArgumentParser) -> None:
    """--roster, --growth, --symptoms, --plans files."""
    parser.add_argument("--roster", metavar="FILE", help="athlete profiles (birth date, role, …)")
    parser.add_argument("--growth", metavar="FILE", help="growth measurements")
    parser.add_argument("--symptoms", metavar="FILE", help="symptom check-ins (clinical data)")
    parser.add_argument("--plans", metavar="FILE", help="clinician plans (clinical data)")


def config_from_args(args: argparse.Namespace) -> Config:
    """The shipped defaults, merged with --config when given."""
    return load_config(args.config) if args.config else load_config()


def warn(problems: list[Problem], name: str) -> None:
    """Print a file's warnings (the first ten) on stderr."""
    if not problems:
        return
    print(f"{name}: {len(problems)} warning(s)", file=sys.stderr)
    for problem in problems[:_MAX_WARNINGS]:
        print(f"  {problem}", file=sys.stderr)
    if len(problems) > _MAX_WARNINGS:
        print(f"  … and {len(problems) - _MAX_WARNINGS} more", file=sys.stderr)


def read_logs(args: argparse.Namespace, cfg: Config) -> pd.DataFrame:
    """The training logs named on the command line (or the store's), validated."""
    if args.db and args.logs:
        raise UsageError("give LOG files or --db, not both")
    if args.db:
        return load_log(args.db, args.team, args.since)
    if not args.logs:
        raise UsageError("give at least one LOG file, or --db URL to read the store")
    if args.skip_invalid and not args.rejects:
        raise UsageError("--skip-invalid needs --rejects FILE.csv to keep the rejected rows")
    frames, rejects = [], []
    options = read_options(args)
    for path in args.logs:
        parsed = parse_log(read_source(path, args), dayfirst=args.dayfirst, config=cfg,
                           options=options)
        say_notes(parsed)
        warn(parsed.warnings, parsed.name)
        if parsed.problems and not args.skip_invalid:
            n_rows = len({p.row for p in parsed.problems})
            raise LogError(
                f"{parsed.name}: {n_rows} row(s) are invalid; nothing was read. Fix them, or "
                "use --skip-invalid --rejects FILE.csv to continue with the valid rows",
                parsed.problems,
            )
        if parsed.problems:
            print(f"{parsed.name}: skipped {len(parsed.rejects)} invalid row(s)", file=sys.stderr)
            rejects.append(parsed.rejects.assign(file=parsed.name))
        frames.append((parsed.name, parsed.data))
    if args.rejects:
        table = pd.concat(rejects, ignore_index=True) if rejects else pd.DataFrame()
        write_csv_safely(table, args.rejects)
        print(f"rejected rows written to {args.rejects}", file=sys.stderr)
    for name, data in frames:
        if not has_sessions(data):
            raise LogError(f"{name}: no valid rows left after skipping the invalid ones")
    return combine_logs([data for _, data in frames])


def side_tables(args: argparse.Namespace) -> dict[str, pd.DataFrame | None]:
    """Roster, growth, symptoms and plans: from the files given, else from the store."""
    first = args.dayfirst
    side: dict[str, pd.DataFrame | None] = {
        "roster": read_roster(args.roster, dayfirst=first) if args.roster else None,
        "growth": read_growth(args.growth, dayfirst=first) if args.growth else None,
        "symptoms": read_symptoms(args.symptoms, dayfirst=first) if args.symptoms else None,
        "plans": read_plans(args.plans, dayfirst=first) if args.plans else None,
    }
    if args.db:
        stored = {"roster": load_roster, "growth": load_growth, "symptoms": load_symptoms,
                  "plans": load_plans}
        for name, loader in stored.items():
            if side[name] is None:
                side[name] = loader(args.db, args.team)
    return side


