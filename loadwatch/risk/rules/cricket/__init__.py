"""Cricket fast-bowling rules C1–C7 (spec §9.1, §10.2; E2 governing-body guidance).

The published limits live in ``loadwatch/cricket_packs.toml`` as named tables with their
sources; a *rule pack* (config ``cricket.rule_pack``: ``ca_2019`` | ``ecb_2016`` | ``none``)
names the tables of one governing body. Only fast bowlers are checked, in the age group of
the roster's override or of their age on the day; everyone else is ``not_applicable``, and so
is everyone when the pack is ``none``. A rule that cannot be decided because of unrecorded
days is ``insufficient_data`` (never green).

One module per job:

- :mod:`.packs` — the CA 2019/20 and ECB packs and their tables, read from the TOML (§9.1);
- :mod:`.roles` — who is a fast bowler, and the age-group number per grid row (§9.1);
- :mod:`.days` — what was bowled on each athlete-day: spells, overs, deliveries, match days;
- :mod:`.limits` — a pack's limits placed on every grid row, and why a row is not checked;
- :mod:`.rules` — the registered rules C1–C7 and their texts (§10.2, §10.4).

Importing this package registers C1–C7, in that order. Decision support, not diagnosis:
texts say "review"/"consider"; limits describe workload guidance, never an athlete's injury.
"""

from loadwatch.risk.rules.cricket.days import MATCH_TYPES, overs_text
from loadwatch.risk.rules.cricket.packs import PACKS_FILE, Pack, Table, load_packs
from loadwatch.risk.rules.cricket.rules import (
    THRESHOLDS,
    c1_match_spell,
    c2_day_overs,
    c3_bowling_days,
    c4_consecutive,
    c5_weekly_deliveries,
    c6_bowling_block,
    c7_preseason,
)

__all__ = [
    "MATCH_TYPES", "PACKS_FILE", "THRESHOLDS", "Pack", "Table", "c1_match_spell",
    "c2_day_overs", "c3_bowling_days", "c4_consecutive", "c5_weekly_deliveries",
    "c6_bowling_block", "c7_preseason", "load_packs", "overs_text",
]
