"""`loadwatch athletes link` (issue 16): a personal check-in link for an athlete or guardian.

    loadwatch athletes link --team T --athlete A [--guardian] [--email ADDRESS]
                            [--qr FILE.svg] [--revoke] [--db URL]

Prints the address (shown once: only its hash is stored) and when it expires; a new link
revokes the athlete's older link of the same kind, ``--revoke`` stops all of them.
"""

from __future__ import annotations

import argparse
from collections.abc import Callable
from pathlib import Path

from loadwatch.app import links
from loadwatch.errors import UsageError
from loadwatch.store import selfreport
from loadwatch.store.athletes import clean_team
from loadwatch.store.db import open_store

Handler = Callable[[argparse.Namespace], None]


def add(actions: argparse._SubParsersAction) -> dict[str, Handler]:
    """Add `loadwatch athletes link` to `loadwatch athletes`; returns action → handler."""
    parser = actions.add_parser("link", help="a personal check-in link (athlete or guardian)")
    parser.add_argument("--team", required=True, metavar="NAME")
    parser.add_argument("--athlete", required=True, metavar="ID",
                        help="the athlete id as in the coach's files")
    parser.add_argument("--guardian", action="store_true",
                        help="the guardian's consent link instead of the athlete's")
    parser.add_argument("--email", metavar="ADDRESS", help="where weekly reminders go")
    parser.add_argument("--qr", metavar="FILE.svg", help="also write the link as a QR code")
    parser.add_argument("--revoke", action="store_true", help="stop every link of the athlete")
    parser.add_argument("--db", metavar="URL")
    return {"link": _run}


def _run(args: argparse.Namespace) -> None:
    team = clean_team(args.team)
    with open_store(args.db) as store:
        try:
            if args.revoke:
                count = selfreport.revoke_links(store, team, args.athlete, by="cli")
                print(f"{count} link(s) of that athlete revoked")
                return
            kind = "guardian" if args.guardian else "athlete"
            new = links.make_link(store, team, args.athlete, kind=kind, email=args.email,
                                  by="cli")
        except LookupError as exc:
            raise UsageError(str(exc).strip("'\"")) from None
    print(new.url)
    print(f"{kind} link; expires {new.expires_at:%Y-%m-%d}; any older {kind} link of this "
          "athlete no longer works")
    if args.qr:
        path = Path(args.qr)
        if not path.parent.exists():
            raise UsageError(f"the folder {path.parent} does not exist")
        path.write_text(new.qr_svg(), encoding="utf-8")
        print(f"QR code written to {path}")
