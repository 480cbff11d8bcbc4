"""The governing bodies' junior fast-bowling tables as data (spec §9.1; rules C1–C7, §10.2).

``loadwatch/cricket_packs.toml`` holds each published table (limits by age group, its body,
source and evidence grade) and each *rule pack* (``ca_2019``, ``ecb_2016``: the values of
config ``cricket.rule_pack``), which names the tables one governing body's guidance uses, by
purpose, and says why a purpose it does not publish is left unchecked. Nothing in the C rules
holds a limit of its own: they read the numbers from here.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from typing import Any

import numpy as np

PACKS_FILE = "cricket_packs.toml"
#: The configuration key naming the team's pack (its one threshold, spec §10.2).
PACK_KEY = "cricket.rule_pack"

# what a pack's table is used for (keys of [packs.<name>] in the TOML)
MATCH, DAYS, CONSECUTIVE, WEEKLY, BLOCK, PRESEASON = (
    "match_overs", "bowling_days", "consecutive_days", "weekly_deliveries", "bowling_block",
    "preseason")
PURPOSES = (MATCH, DAYS, CONSECUTIVE, WEEKLY, BLOCK, PRESEASON)


@dataclass(frozen=True)
class Table:
    """One published table: limits by age group (youngest first), its body and source."""

    name: str
    body: str
    source: str
    grade: str
    groups: tuple[str, ...]
    under: np.ndarray
    values: dict[str, np.ndarray]
    settings: dict[str, Any]

    def locate(self, m: np.ndarray) -> np.ndarray:
        """Row of the youngest group U<n> with n ≥ m; -1 for NaN, -2 above the oldest group."""
        m = np.asarray(m, dtype=float)
        out = np.full(len(m), -1, dtype=np.int64)
        known = np.isfinite(m)
        found = np.searchsorted(self.under, m[known], side="left")
        out[known] = np.where(found < len(self.under), found, -2)
        return out

    def value(self, name: str, where: np.ndarray) -> np.ndarray:
        """A limit per row (NaN where the row has no group)."""
        column = self.values[name].astype(float)
        return np.where(where >= 0, column[np.maximum(where, 0)], np.nan)

    def group(self, where: np.ndarray) -> np.ndarray:
        """Group label per row ('' where none)."""
        labels = np.asarray(self.groups + ("",), dtype=object)
        return labels[np.where(where >= 0, where, len(self.groups))]


@dataclass(frozen=True)
class Pack:
    """A governing body's rule pack: its title and the tables it uses, by purpose."""

    name: str
    title: str
    body: str
    tables: dict[str, Table]
    missing: dict[str, str] = field(default_factory=dict)


def _table(name: str, raw: dict[str, Any]) -> Table:
    """One [tables.<name>] entry: every U<n> group must give the same limits."""
    groups = {k: v for k, v in raw.items() if re.fullmatch(r"U\d+", k)}
    fields = set(next(iter(groups.values()))) if groups else set()
    for group, limits in groups.items():
        if not isinstance(limits, dict) or set(limits) != fields:
            raise ValueError(f"{PACKS_FILE}: table {name!r} group {group} must give "
                             f"{', '.join(sorted(fields))}")
    order = sorted(groups, key=lambda g: int(g[1:]))
    for key in ("body", "source", "grade"):
        if not isinstance(raw.get(key), str):
            raise ValueError(f"{PACKS_FILE}: table {name!r} needs a text {key!r}")
    return Table(
        name=name, body=raw["body"], source=raw["source"], grade=raw["grade"],
        groups=tuple(order), under=np.array([int(g[1:]) for g in order], dtype=float),
        values={f: np.array([groups[g][f] for g in order]) for f in sorted(fields)},
        settings={k: v for k, v in raw.items() if k not in groups},
    )


def _pack(name: str, raw: dict[str, Any], tables: dict[str, Table]) -> Pack:
    """One [packs.<name>] entry: the tables it names must exist; a match table is required."""
    used = {}
    for purpose in PURPOSES:
        if purpose in raw:
            if raw[purpose] not in tables:
                raise ValueError(f"{PACKS_FILE}: pack {name!r} names unknown table "
                                 f"{raw[purpose]!r}")
            used[purpose] = tables[raw[purpose]]
    if MATCH not in used:
        raise ValueError(f"{PACKS_FILE}: pack {name!r} needs a {MATCH} table")
    return Pack(name, raw["title"], raw["body"], used, dict(raw.get("missing", {})))


@cache
def load_packs() -> dict[str, Pack]:
    """The rule packs of ``cricket_packs.toml`` by name (read once)."""
    text = resources.files("loadwatch").joinpath(PACKS_FILE).read_text(encoding="utf-8")
    data = tomllib.loads(text)
    tables = {name: _table(name, raw) for name, raw in data.get("tables", {}).items()}
    return {name: _pack(name, raw, tables) for name, raw in data.get("packs", {}).items()}
