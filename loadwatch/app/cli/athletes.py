"""`loadwatch athletes …`: commands about one athlete of a team.

    loadwatch athletes link  --team T --athlete A [--db URL]    a personal check-in link (issue 16)
    loadwatch athletes erase --team T --athlete A --confirm A   erase every trace (issue 17)

Each action lives in its own module (`athlete_links`, `athlete_erase`) and adds itself here.
"""

from __future__ import annotations

import argparse
from collections.abc import Callable

from loadwatch.app.cli import athlete_erase, athlete_links
from loadwatch.errors import UsageError

Handler = Callable[[argparse.Namespace], None]


def register(sub: argparse._SubParsersAction) -> dict[str, Handler]:
    """Add `loadwatch athletes ACTION` to the parser."""
    group = sub.add_parser("athletes", help="one athlete of a team: personal link, erase")
    actions = group.add_subparsers(dest="athletes_action")
    handlers: dict[str, Handler] = {}
    for module in (athlete_links, athlete_erase):
        handlers.update(module.add(actions))

    def run(args: argparse.Namespace) -> None:
        action = getattr(args, "athletes_action", None)
        if action not in handlers:
            raise UsageError("say what to do: loadwatch athletes {"
                             + ",".join(sorted(handlers)) + "} …")
        handlers[action](args)

    return {"athletes": run}
