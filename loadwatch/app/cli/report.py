"""`loadwatch report`: the weekly team report from logs; `register` adds it to the CLI.

    loadwatch report LOG… [--roster FILE] [--growth FILE] [--symptoms FILE] [--plans FILE]
        [--config FILE] --week YYYY-Www [--format xlsx,pdf,csv,html] --out DIR
        [--clinical] [--pseudonymise [--salt TEXT]] [--team NAME] [--paper a4|letter]

With ``--db URL --team NAME --clinical`` the report also carries the team's validated model
(``loadwatch model install``): its card's figures beside every athlete's probability, in the
xlsx, PDF and HTML files, never in the CSV. Prints the paths written (stdout). With more
than 50 athletes, a line per stage goes to stderr. User mistakes raise LogError /
UsageError, which the CLI turns into exit code 2.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from collections.abc import Callable
from typing import TYPE_CHECKING

import pandas as pd

from loadwatch.app.cli import inputs as cli_inputs
from loadwatch.report import FORMATS, ReportOptions, parse_formats, report_from_assessment
from loadwatch.report import write_report as _write_report
from loadwatch.schema import Col
from loadwatch.store.secret import installation_secret

if TYPE_CHECKING:  # scikit-learn loads only when a team has a model
    from loadwatch.model.serving import TeamModel

Handler = Callable[[argparse.Namespace], None]
#: Teams larger than this get a progress line per stage on stderr.
PROGRESS_ABOVE = 50
SALT_VARIABLE = "LOADWATCH_PSEUDONYM_SALT"


def register(sub: argparse._SubParsersAction) -> dict[str, Handler]:
    """Add `report` to `sub`; return {command name: handler}."""

    parser = sub.add_parser(
        "report", help="weekly team report: Excel, PDF, CSV and HTML",
        description="Weekly team report for one ISO week. Coach-safe by default: no symptom "
                    "details or clinical notes. Decision support, not diagnosis.")
    cli_inputs.add_read_options(parser)
    cli_inputs.add_side_tables(parser)
    parser.add_argument("--week", required=True, metavar="YYYY-Www",
                        help="ISO week, e.g. 2026-W47 (or a date inside it)")
    parser.add_argument("--format", default=",".join(FORMATS), metavar="xlsx,pdf,csv[,html]",
                        help=f"formats to write, comma-separated (default: {','.join(FORMATS)})")
    parser.add_argument("--out", required=True, metavar="DIR", help="folder for the files")
    parser.add_argument("--clinical", action="store_true",
                        help="include symptom details and clinical notes (clinicians only)")
    parser.add_argument("--pseudonymise", "--pseudonymize", action="store_true",
                        help="replace athlete ids with stable codes")
    parser.add_argument("--salt", metavar="TEXT",
                        help=f"team secret for the codes (default: ${SALT_VARIABLE}, or none)")
    if "--team" not in parser._option_string_actions:  # the store's read options may add it
        parser.add_argument("--team", metavar="NAME",
                            help="team name on every page (default: the log's team column)")
    parser.add_argument("--paper", choices=("a4", "letter"), default="a4",
                        help="PDF paper size (default: a4)")
    return {"report": run}


def _team(log: pd.DataFrame, given: str | None) -> str:
    if given and given.strip():
        return given.strip()
    if Col.TEAM in log.columns:
        teams = log[Col.TEAM].dropna().astype(str).str.strip()
        teams = teams[teams != ""].unique()
        if len(teams) == 1:
            return str(teams[0])
    return "Team"


def _team_model(args: argparse.Namespace, log: pd.DataFrame, roster: pd.DataFrame | None
                ) -> TeamModel | None:
    """The stored team's validated model, for a clinical report read from the store."""
    if not (args.clinical and args.db and args.team):
        return None
    from loadwatch.app.team_models import load_team_model
    from loadwatch.model.serving import TeamModel
    from loadwatch.store.injuries import load_injuries

    fitted = load_team_model(args.db, args.team)
    if fitted is None:
        return None
    roster = roster if roster is not None and len(roster) else None
    return TeamModel(fitted, log, load_injuries(args.db, args.team), roster)


def run(args: argparse.Namespace) -> None:
    """Handler of `loadwatch report`."""
    from loadwatch.risk.engine import evaluate, parse_week

    formats = parse_formats(args.format)
    started = time.perf_counter()
    cfg = cli_inputs.config_from_args(args)
    week = parse_week(args.week, cfg.week_start_day)
    log = cli_inputs.read_logs(args, cfg)
    n_athletes = int(log[Col.ATHLETE].nunique())

    def say(stage: str) -> None:
        if n_athletes > PROGRESS_ABOVE:
            print(f"report: [{time.perf_counter() - started:5.1f} s] {stage}", file=sys.stderr,
                  flush=True)

    say(f"read {len(log):,} log rows for {n_athletes:,} athletes")
    side = cli_inputs.side_tables(args)  # files, else the store (with --db)
    say("evaluating the rules")
    assessment = evaluate(log, config=cfg, **side)
    salt = args.salt if args.salt is not None else os.environ.get(SALT_VARIABLE, "")
    if args.pseudonymise and not salt and args.db:  # the store's secret, as the dashboard
        salt = installation_secret(args.db)
    if args.pseudonymise and not salt:
        print("note: --pseudonymise without --salt: anyone with the athlete list can recompute "
              "the codes; give a team secret with --salt or $" + SALT_VARIABLE, file=sys.stderr)
    say(f"building the report for the week of {week:%Y-%m-%d}")
    data = report_from_assessment(assessment, week, ReportOptions(
        team=_team(log, args.team), clinical=args.clinical, pseudonymise=args.pseudonymise,
        salt=salt, paper=args.paper), model=_team_model(args, log, side["roster"]))
    for path in _write_report(data, args.out, formats, progress=say):
        print(path)
    say("done")
