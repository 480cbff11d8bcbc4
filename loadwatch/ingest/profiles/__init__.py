"""Export profiles as data: one small TOML file per known export (issue 13).

A profile says how to recognise an export from its HEADERS alone (never its rows: speed),
which column holds each field, the duration unit, how its time stamps relate to the
athlete's day, which channel its own load is (never AU unless it is sRPE), whether a row is a
completed session, and whether the file holds one athlete. Adding an export is adding a file
here; nothing in the code names one.
"""

from __future__ import annotations

import functools
import tomllib
from collections.abc import Iterable
from dataclasses import dataclass, field
from importlib import resources

from loadwatch.errors import LogError
from loadwatch.schema import normalise_header

DURATION_UNITS = ("s", "min", "h", "hms")
UNIT_WORDS = {"s": "seconds", "min": "minutes", "h": "hours", "hms": "h:mm:ss"}
TIME_ZONES = ("utc", "local")


@dataclass(frozen=True)
class ExportProfile:
    """One known export: its signature, field → column mapping, units, channel and rules."""

    key: str
    name: str
    says: str
    signature: tuple[str, ...]
    mapping: dict[str, str] = field(default_factory=dict)
    match: dict[str, tuple[str, ...]] = field(default_factory=dict)
    duration_unit: str | None = None
    time_zone: str = "local"
    external_column: str | None = None
    external_unit: str | None = None
    completed: str | None = None
    one_athlete: bool = False
    rpe_labels: bool = False
    refuse: str | None = None

    def matches(self, normalised: set[str]) -> bool:
        """True when every signature header is among the file's (normalised) headers."""
        return all(normalise_header(h) in normalised for h in self.signature)

    def describe(self) -> str:
        """One line for the preview: 'This looks like a Strava bulk export: one athlete, …'."""
        parts = []
        if self.one_athlete:
            parts.append("one athlete")
        if self.duration_unit:
            parts.append(f"durations in {UNIT_WORDS[self.duration_unit]}")
        parts.append("dates in UTC" if self.time_zone == "utc" else "dates in local time")
        if self.external_column:
            parts.append(f"'{self.external_column}' is its own channel ({self.external_unit}), "
                         "not AU")
        return f"This looks like {self.says}: {', '.join(parts)}"


def _profile(key: str, data: dict) -> ExportProfile:
    """An ExportProfile from a parsed TOML table, its keys checked."""
    units = data.get("units", {})
    external = data.get("external", {})
    unit = units.get("duration")
    zone = units.get("time_zone", "local")
    if unit is not None and unit not in DURATION_UNITS:
        raise LogError(f"export profile {key}: duration unit '{unit}' is not one of "
                       f"{', '.join(DURATION_UNITS)}")
    if zone not in TIME_ZONES:
        raise LogError(f"export profile {key}: time_zone '{zone}' is not utc or local")
    return ExportProfile(
        key=key, name=data["name"], says=data.get("says", data["name"]),
        signature=tuple(data["signature"]), mapping=dict(data.get("mapping", {})),
        match={k: tuple(v) for k, v in data.get("match", {}).items()},
        duration_unit=unit, time_zone=zone, external_column=external.get("column"),
        external_unit=external.get("unit"), completed=data.get("completed"),
        one_athlete=bool(data.get("one_athlete", False)),
        rpe_labels=bool(data.get("rpe_labels", False)), refuse=data.get("refuse"),
    )


@functools.cache
def profiles() -> tuple[ExportProfile, ...]:
    """Every shipped export profile, most specific signature first (read once)."""
    found = []
    for entry in resources.files(__package__).iterdir():
        if entry.name.endswith(".toml"):
            data = tomllib.loads(entry.read_text(encoding="utf-8"))
            found.append(_profile(entry.name.removesuffix(".toml"), data))
    return tuple(sorted(found, key=lambda p: (-len(p.signature), p.key)))


def by_key(key: str) -> ExportProfile:
    """The profile whose file is `key`.toml (a saved mapping names its profile so)."""
    for profile in profiles():
        if profile.key == key:
            return profile
    raise LogError(f"unknown export profile '{key}'; known: "
                   f"{', '.join(p.key for p in profiles())}")


def detect_profile(headers: Iterable[object]) -> ExportProfile | None:
    """The known export these headers come from (the most specific match), or None.

    Looks at the header row only, so it costs the same for ten rows or a million.

    Examples
    --------
    >>> detect_profile(["Activity ID", "Activity Date", "Activity Type", "Moving Time"]).name
    'Strava activities'
    >>> detect_profile(["athlete", "date", "rpe"]) is None
    True
    """
    normalised = {normalise_header(h) for h in headers}
    for profile in profiles():
        if profile.matches(normalised):
            return profile
    return None
