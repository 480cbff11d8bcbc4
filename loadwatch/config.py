"""Team configuration: the shipped defaults (spec §10.3) merged with a team's TOML file.

Every threshold loadwatch uses lives in ``defaults.toml`` next to this module, with its evidence
grade (E1 cohort data, E2 guideline, E3 loadwatch convention; spec §6.1, §10.2) and source. A team
file may override any subset of keys; anything unknown, mistyped or out of range is refused with
a one-line :class:`ConfigError` naming the key and the file, so a typo can never silently fall
back to a default. The resulting :class:`Config` is immutable.

Example team file::

    [acwr]
    amber_above = 1.25

    [sports]
    extension_heavy = ["gymnastics", "dance", "diving"]
"""

from __future__ import annotations

import datetime as dt
import difflib
import functools
import json
import math
import re
import tomllib
import zoneinfo
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from types import MappingProxyType
from typing import Any, Final, Literal

__all__ = [
    "ConfigError",
    "Config",
    "Evidence",
    "load_config",
    "default_config",
    "DEFAULTS_FILE",
    "REMOVED_KEYS",
    "WEEKDAYS",
    "normalise_sport",
]

#: Name of the shipped defaults inside the package (read with importlib.resources).
DEFAULTS_FILE: Final = "defaults.toml"
_DEFAULTS_LABEL: Final = "loadwatch defaults"
_OVERRIDES_LABEL: Final = "<overrides>"
_EVIDENCE: Final = "evidence"
_GRADE_RE: Final = re.compile(r"E[123]")
_WORD_RE: Final = re.compile(r"[a-z0-9]+")
#: Bounds on any TOML the service reads (issue 19): size, nesting and magnitude of numbers.
_MAX_TOML_CHARS: Final = 1_000_000
_MAX_DEPTH: Final = 4  # [section] key = value, [sports.aliases] "x" = "y", [evidence.s] k = {…}
_MAX_MAGNITUDE: Final = 1e15

WEEKDAYS: Final = (
    "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday",
)


class ConfigError(ValueError):
    """A configuration file or override that loadwatch refuses (one-line, user-facing message).

    Raised by :func:`load_config` for an unknown key, a wrong type or an impossible order of
    thresholds (spec §10.3).

    Examples
    --------
    >>> import loadwatch as lw
    >>> try:
    ...     lw.load_config(overrides={"acwr.amber_abov": 1.4})
    ... except lw.ConfigError as exc:
    ...     print(exc)
    <overrides>: unknown key 'acwr.amber_abov' (did you mean 'acwr.amber_above'?)
    """


@dataclass(frozen=True)
class Evidence:
    """Evidence grade and source of one threshold, so the UI can label conventions as such."""

    grade: str
    source: str

    @property
    def levels(self) -> tuple[str, ...]:
        """The grade codes mentioned ('E1 adult / E3 youth' → ('E1', 'E3')), for filtering."""
        return tuple(dict.fromkeys(_GRADE_RE.findall(self.grade)))

    @property
    def is_convention(self) -> bool:
        """True when the number rests only on loadwatch convention (E3), never on data."""
        return self.levels == ("E3",)


# --------------------------------------------------------------------------------------------
# Declaration of every valid key: kind and allowed range (one place, mirrored by defaults.toml).
# --------------------------------------------------------------------------------------------

Kind = Literal["number", "int", "choice", "pair", "names", "choices", "aliases", "date", "zone"]


@dataclass(frozen=True)
class _Key:
    """What one configuration key accepts; bounds are inclusive unless the *_open flag is set."""

    kind: Kind
    low: float | None = None
    high: float | None = None
    low_open: bool = False
    choices: tuple[str, ...] = ()


def _positive(high: float | None = None) -> _Key:
    """A number strictly above zero (ratios, thresholds, rates)."""
    return _Key("number", 0, high, low_open=True)


def _non_negative() -> _Key:
    """A number at or above zero (AU, reps, floors where 0 disables the floor)."""
    return _Key("number", 0)


def _percent() -> _Key:
    """A percentage change threshold, 0–1000 %."""
    return _Key("number", 0, 1000)


def _count(low: int = 0, high: int | None = None) -> _Key:
    """A whole number within [low, high]."""
    return _Key("int", low, high)


def _choice(*choices: str) -> _Key:
    """One word from a fixed vocabulary."""
    return _Key("choice", choices=choices)


MODIFIERS: Final = ("growth_window", "low_chronic", "prior_lbsi")

_SCHEMA: Final[dict[str, dict[str, _Key]]] = {
    "load": {
        "duration_warn_min": _positive(),
        "duration_max_min": _positive(),
    },
    "calendar": {
        "week_start": _choice(*WEEKDAYS),
        "absent_day_inside_coverage": _choice("rest", "missing"),
        "gap_warning_days": _count(1),
    },
    "acwr": {
        "acute_days": _count(1),
        "chronic_days": _count(1),
        "primary_method": _choice("rac", "rau", "ewma", "weekly_coupled"),
        "ewma_seed": _choice("first", "mean_k", "zero", "adjust"),
        "ewma_provisional_seed_weight": _Key("number", 0, 1, low_open=True),
        "max_missing_acute": _count(),
        "max_missing_chronic": _count(),
        "min_chronic_week_au": _non_negative(),
        "amber_above": _positive(),
        "red_at_or_above": _positive(),
        "low_info_below": _positive(),
        "compare_rounded_dp": _count(0, 6),
    },
    "spike": {
        "info_above_pct": _percent(),
        "amber_above_pct": _percent(),
        "min_prev_week_au": _non_negative(),
        "min_abs_increase_au": _non_negative(),
    },
    "monotony": {
        "sd_ddof": _count(0, 1),
        "amber_above": _positive(),
        "strain_info_percentile": _Key("number", 0, 100, low_open=True),
    },
    "low_chronic": {
        "fraction_of_median": _positive(1),
        "median_lookback_weeks": _count(1),
        "min_history_weeks": _count(1),
        "break_days": _count(1),
    },
    "youth": {
        "hours_vs_age_window_weeks": _count(1),
        "organised_to_free_play_max": _positive(),
        "min_rest_days_per_7": _count(0, 7),
        "months_in_main_sport_max": _count(0, 12),
        "min_days_off_main_sport_per_year": _count(0, 366),
    },
    "growth": {
        "offset_window": _Key("pair", -10, 10),
        "rapid_growth_cm_per_year": _positive(),
        "min_interval_days": _count(1),
    },
    "extension": {
        "amber_above": _positive(),
        "red_at_or_above": _positive(),
        "spike_amber_above_pct": _percent(),
        "min_prev_week_reps": _non_negative(),
    },
    "cricket": {"rule_pack": _choice("ca_2019", "ecb_2016", "none")},
    "symptoms": {"refer_after_days": _count(1)},
    "selfreport": {"consent_age": _count(0, 25)},
    "retention": {"clinical_years_after_leaving": _count(0, 100)},
    "escalation": {
        "amber_families_for_red": _count(1),
        "modifiers_escalate": _Key("choices", choices=MODIFIERS),
        "extension_margin_ratio": _non_negative(),
        "extension_margin_points": _non_negative(),
    },
    "ingest": {
        "max_days_ahead": _count(0, 366),
        "earliest_date": _Key("date"),
        "timezone": _Key("zone"),
    },
    "limits": {
        "max_upload_mb": _count(1, 10_000),
        "max_rows": _count(1, 1_000_000_000),
        "max_columns": _count(1, 16_384),
        "max_cells": _count(1, 10_000_000_000),
        "max_unzipped_mb": _count(1, 100_000),
        "max_shared_strings_mb": _count(1, 100_000),
    },
    "sports": {
        "extension_heavy": _Key("names"),
        "not_extension_heavy": _Key("names"),
        "aliases": _Key("aliases"),
    },
}

#: (smaller key, larger key, strict) pairs checked after merging (spec §10.3 ordering rules).
_ORDERED: Final[tuple[tuple[str, str, bool], ...]] = (
    ("load.duration_warn_min", "load.duration_max_min", False),
    ("acwr.acute_days", "acwr.chronic_days", True),
    ("acwr.max_missing_acute", "acwr.acute_days", True),
    ("acwr.max_missing_chronic", "acwr.chronic_days", True),
    ("acwr.low_info_below", "acwr.amber_above", True),
    ("acwr.amber_above", "acwr.red_at_or_above", True),
    ("spike.info_above_pct", "spike.amber_above_pct", False),
    ("low_chronic.min_history_weeks", "low_chronic.median_lookback_weeks", False),
    ("low_chronic.break_days", "acwr.chronic_days", False),
    ("extension.amber_above", "extension.red_at_or_above", True),
)

_ALL_KEYS: Final = tuple(f"{s}.{k}" for s, keys in _SCHEMA.items() for k in keys)

#: Keys that earlier versions accepted but no code ever read; a file that still sets one is
#: told why it was removed instead of being silently obeyed in name only (docs/domain-spec.md
#: §10.3).
REMOVED_KEYS: Final[Mapping[str, str]] = MappingProxyType({
    "load.channel_primary": (
        "session-RPE load (AU) is always the primary channel: the L-family thresholds and "
        "acwr.min_chronic_week_au are in AU; minutes, extension and deliveries are separate "
        "channels with their own rules (spec §2.2). Use `loadwatch metrics --channel` to see "
        "another channel"
    ),
    "load.rpe_scale": (
        "loadwatch reads RPE on Foster's CR-10 scale (0-10) only; Borg 6-20 values are "
        "refused at ingest, never rescaled (spec §2.1)"
    ),
})


# --------------------------------------------------------------------------------------------
# Sport names
# --------------------------------------------------------------------------------------------


def normalise_sport(text: object) -> str:
    """Sport spelling used for matching: lower case, letters and digits only ('Pole-Vault' →
    'polevault')."""
    return "".join(_sport_words(text))


def _sport_words(text: object) -> tuple[str, ...]:
    """Lower-case words of a sport name, splitting on anything that is not a letter or digit."""
    return tuple(_WORD_RE.findall(str(text).lower()))


def _names_match(sport: tuple[str, ...], name: tuple[str, ...]) -> bool:
    """True if ``sport`` is ``name`` (ignoring spacing) or contains it word for word."""
    if not sport or not name:
        return False
    if "".join(sport) == "".join(name):
        return True
    n = len(name)
    return any(sport[i : i + n] == name for i in range(len(sport) - n + 1))


# --------------------------------------------------------------------------------------------
# Config object
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True, eq=False)
class Config:
    """Immutable merged configuration with typed lookups, evidence and sport classification.

    Build it with :func:`load_config`; lists come back as tuples and tables as read-only
    mappings. Every threshold keeps its evidence grade and source (spec §10.3) and where its
    value was set, so a flag can say "team setting".

    Examples
    --------
    >>> import loadwatch as lw
    >>> cfg = lw.load_config(overrides={"acwr.amber_above": 1.4})
    >>> key = "acwr.amber_above"
    >>> cfg.get(key), cfg.default(key), cfg.origin(key), cfg.is_team_setting(key)
    (1.4, 1.3, '<overrides>', True)
    """

    _values: Mapping[str, Mapping[str, Any]]
    _defaults: Mapping[str, Mapping[str, Any]]
    _origins: Mapping[str, str]
    _evidence: Mapping[str, Evidence]

    def get(self, key: str) -> Any:
        """Value of a dotted key such as ``"acwr.amber_above"`` (KeyError with a hint if not)."""
        section, name = _split_known(key)
        return self._values[section][name]

    def section(self, name: str) -> dict[str, Any]:
        """A copy of one section's values, e.g. ``cfg.section("acwr")["red_at_or_above"]``."""
        if name not in self._values:
            raise KeyError(f"unknown config section {name!r}{_hint(name, list(self._values))}")
        return dict(self._values[name])

    def as_dict(self) -> dict[str, dict[str, Any]]:
        """Plain nested dict (lists, dicts) in TOML shape, e.g. to save or display the settings."""
        return _thaw(self._values)

    def default(self, key: str) -> Any:
        """The shipped default of a key, for showing "team value (default …)"."""
        section, name = _split_known(key)
        return self._defaults[section][name]

    def origin(self, key: str) -> str:
        """Where the current value was set: the defaults, a team file's name, or overrides."""
        _split_known(key)
        return self._origins.get(key, _DEFAULTS_LABEL)

    def evidence(self, key: str) -> Evidence:
        """Evidence grade and source of a threshold key (KeyError if none is recorded)."""
        _split_known(key)
        if key not in self._evidence:
            raise KeyError(f"no evidence grade recorded for {key!r} (not a threshold)")
        return self._evidence[key]

    def is_team_setting(self, key: str) -> bool:
        """True when the team's configuration changed this key from the shipped default."""
        return _thaw(self.get(key)) != _thaw(self.default(key))

    def setting_note(self, key: str, shown: str | None = None) -> str:
        """How a flag cites its threshold: the paper's grade and source for a default, and
        for a team override "team setting 3.0 (default 2.0, grade E1)" — an overridden
        number never borrows the paper's authority. `shown` is the value as the reader sees
        it (already formatted); default: the plain value."""
        value = shown if shown is not None else _plain(_thaw(self.get(key)))
        try:
            ev: Evidence | None = self.evidence(key)
        except KeyError:
            ev = None
        if self.is_team_setting(key):
            grade = f", grade {ev.grade}" if ev is not None else ""
            return f"team setting {value} (default {_plain(_thaw(self.default(key)))}{grade})"
        if ev is None:
            return value
        return f"{value} (grade {ev.grade}: {ev.source})"

    @property
    def week_start_day(self) -> int:
        """The team's first day of the week as a weekday number (Monday 0 … Sunday 6), from
        ``calendar.week_start``; every weekly total, verdict and week list starts on it."""
        return WEEKDAYS.index(self._values["calendar"]["week_start"])

    def is_extension_heavy(self, sport: str) -> bool:
        """Whether a (free-text) sport counts as extension-heavy for rule S2 (spec §10.2)."""
        words = _sport_words(sport)
        sports = self._values["sports"]
        if any(_names_match(words, _sport_words(n)) for n in sports["not_extension_heavy"]):
            return False
        listed = [_sport_words(n) for n in sports["extension_heavy"]]
        if any(_names_match(words, name) for name in listed):
            return True
        joined = {"".join(name) for name in listed}
        return any(
            normalise_sport(target) in joined and _names_match(words, _sport_words(alias))
            for alias, target in sports["aliases"].items()
        )

    def thresholds_table(self) -> list[dict[str, Any]]:
        """One row per graded key: key, value, default, overridden, set_in, grade, source."""
        rows = []
        for key in _ALL_KEYS:
            if key not in self._evidence:
                continue
            value, default = _thaw(self.get(key)), _thaw(self.default(key))
            ev = self._evidence[key]
            rows.append({
                "key": key,
                "value": value,
                "default": default,
                "overridden": value != default,
                "set_in": self.origin(key),
                "grade": ev.grade,
                "source": ev.source,
            })
        return rows

    def __eq__(self, other: object) -> bool:
        """Configs are equal when their values are equal (origins and evidence aside)."""
        return isinstance(other, Config) and self.as_dict() == other.as_dict()

    def __hash__(self) -> int:
        """Hash of the values, so a Config can key a cache."""
        return hash(json.dumps(self.as_dict(), sort_keys=True))


# --------------------------------------------------------------------------------------------
# Loading
# --------------------------------------------------------------------------------------------


def load_config(
    path: str | Path | None = None, overrides: Mapping[str, Any] | None = None
) -> Config:
    """Shipped defaults, then a team TOML file, then ``overrides`` (nested or dotted keys).

    The single source of thresholds (spec §10.3): ``loadwatch/defaults.toml`` with an evidence
    grade per threshold, overridden by the team's file and then by ``overrides``; every key and
    type is validated.

    Parameters
    ----------
    path : str or Path, optional
        A team TOML file; values are in the units of ``defaults.toml`` (ratios, %, AU, days,
        reps, hours/week, cm/year).
    overrides : mapping, optional
        Keys such as ``{"acwr.amber_above": 1.4}`` or ``{"acwr": {"amber_above": 1.4}}``.

    Returns
    -------
    Config
        The merged, frozen configuration.

    Raises
    ------
    ConfigError
        Unknown key, wrong type, or thresholds in an impossible order.

    Examples
    --------
    >>> import loadwatch as lw
    >>> lw.load_config(overrides={"acwr": {"amber_above": 1.4}}).get("acwr.amber_above")
    1.4
    """
    raw = _read_defaults()
    evidence = _parse_evidence(raw.pop(_EVIDENCE, {}))
    defaults: dict[str, dict[str, Any]] = {}
    _merge(defaults, raw, _DEFAULTS_LABEL, {}, require_all=True)
    values = {s: dict(v) for s, v in defaults.items()}
    origins: dict[str, str] = {}
    if path is not None:
        path = Path(path)
        _merge(values, _read_toml(path), str(path), origins)
    if overrides:
        _merge(values, _nest(overrides), _OVERRIDES_LABEL, origins)
    _check_order(values, origins)
    return Config(_freeze(values), _freeze(defaults), MappingProxyType(origins),
                  MappingProxyType(evidence))


@functools.cache
def default_config() -> Config:
    """The shipped defaults, loaded once.

    ``loadwatch/defaults.toml`` (spec §10.3), cached: every function's ``config=None`` means
    this.

    Returns
    -------
    Config
        The shipped configuration (thresholds in their units: ratios, %, AU, days, reps).

    Examples
    --------
    >>> import loadwatch as lw
    >>> lw.default_config().get("acwr.amber_above")                  # RAC amber cut-off
    1.3
    """
    return load_config()


def __getattr__(name: str) -> Any:
    """Lazy ``DEFAULT_CONFIG`` so importing this module does not read any file."""
    if name == "DEFAULT_CONFIG":
        return default_config()
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def _read_defaults() -> dict[str, Any]:
    """Parse the defaults shipped inside the package (works from a wheel or a checkout)."""
    text = resources.files("loadwatch").joinpath(DEFAULTS_FILE).read_text(encoding="utf-8")
    return _parse(text, DEFAULTS_FILE)


def _read_toml(path: Path) -> dict[str, Any]:
    """Parse a team file, turning I/O and syntax problems into ConfigError."""
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise ConfigError(f"{path}: config file not found") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"{path}: cannot read config file ({exc})") from None
    data = _parse(text, str(path))
    if _EVIDENCE in data:
        raise ConfigError(
            f"{path}: section 'evidence' is shipped with loadwatch and cannot be overridden"
        )
    return data


def _parse(text: str, label: str) -> dict[str, Any]:
    """tomllib.loads with the file name in the error (tomllib reports line and column), for a
    file of bounded size and nesting (a deeply nested value is refused, never a traceback)."""
    if len(text) > _MAX_TOML_CHARS:
        raise ConfigError(f"{label}: the file is {len(text):,} characters; a settings file "
                          f"holds at most {_MAX_TOML_CHARS:,}")
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{label}: invalid TOML: {exc}") from None
    except (RecursionError, MemoryError):
        raise ConfigError(f"{label}: values nested too deeply (settings are at most "
                          f"{_MAX_DEPTH} levels deep)") from None
    _check_depth(data, label)
    return data


def _check_depth(data: Mapping[str, Any], label: str) -> None:
    """Refuse tables or lists nested deeper than any setting needs (without recursion)."""
    stack: list[tuple[Any, int, str]] = [(data, 0, "")]
    while stack:
        value, depth, key = stack.pop()
        if depth > _MAX_DEPTH:
            raise ConfigError(f"{label}: {key.lstrip('.')!r} is nested deeper than the "
                              f"{_MAX_DEPTH} levels a setting can have")
        if isinstance(value, Mapping):
            stack.extend((v, depth + 1, f"{key}.{k}") for k, v in value.items())
        elif isinstance(value, list):
            stack.extend((v, depth + 1, key) for v in value)


def _parse_evidence(raw: Mapping[str, Any]) -> dict[str, Evidence]:
    """Flatten ``[evidence.<section>] key = {grade, source}`` into dotted key → Evidence."""
    out = {}
    for section, keys in raw.items():
        for name, entry in keys.items():
            key = f"{section}.{name}"
            if key not in _ALL_KEYS:
                raise ConfigError(f"{DEFAULTS_FILE}: evidence for unknown key {key!r}")
            grade, source = entry.get("grade", ""), entry.get("source", "")
            if not _GRADE_RE.search(grade) or not source:
                raise ConfigError(f"{DEFAULTS_FILE}: evidence for {key!r} needs grade and source")
            out[key] = Evidence(grade, source)
    return out


def _nest(overrides: Mapping[str, Any]) -> dict[str, Any]:
    """Accept ``{"acwr": {"amber_above": 1.2}}`` and ``{"acwr.amber_above": 1.2}`` alike."""
    out: dict[str, Any] = {}
    for key, value in overrides.items():
        if "." in key:
            section, name = key.split(".", 1)
            out.setdefault(section, {})[name] = value
        elif isinstance(value, Mapping):
            out.setdefault(key, {}).update(value)
        else:
            out[key] = value
    return out


def _merge(
    values: dict[str, dict[str, Any]],
    layer: Mapping[str, Any],
    label: str,
    origins: dict[str, str],
    *,
    require_all: bool = False,
) -> None:
    """Validate one layer key by key and write it over ``values`` (tables merge, lists replace)."""
    for section, keys in layer.items():
        if section not in _SCHEMA:
            raise ConfigError(f"{label}: unknown {_describe(section)}")
        if not isinstance(keys, Mapping):
            raise ConfigError(f"{label}: [{section}] must be a table of keys, got {keys!r}")
        target = values.setdefault(section, {})
        for name, value in keys.items():
            key = f"{section}.{name}"
            if key in REMOVED_KEYS:
                raise ConfigError(f"{label}: {key!r} was removed (delete the line): "
                                  f"{REMOVED_KEYS[key]}")
            if name not in _SCHEMA[section]:
                raise ConfigError(f"{label}: unknown key {key!r}{_key_hint(section, name)}")
            checked = _check_value(key, _SCHEMA[section][name], value, label)
            if isinstance(checked, dict) and isinstance(target.get(name), Mapping):
                checked = {**target[name], **checked}
            target[name] = checked
            origins[key] = label
    if require_all:
        missing = [k for k in _ALL_KEYS if k.split(".")[1] not in values.get(k.split(".")[0], {})]
        if missing:
            raise ConfigError(f"{label}: missing keys {', '.join(missing)}")


def _check_value(key: str, spec: _Key, value: Any, label: str) -> Any:
    """Type- and range-check one value; returns it in canonical form (floats, lower case)."""
    check = _CHECKERS[spec.kind]
    return check(key, spec, value, f"{label}: {key}")


def _check_number(key: str, spec: _Key, value: Any, where: str) -> float:
    """A real number (bool and strings refused) within the key's bounds."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise ConfigError(f"{where} must be a number, got {_show(value)}")
    _check_finite(value, where)
    _check_range(float(value), spec, where)
    return float(value)


def _check_int(key: str, spec: _Key, value: Any, where: str) -> int:
    """A whole number (7, not 7.0 or '7') within the key's bounds."""
    if isinstance(value, bool) or not isinstance(value, int):
        raise ConfigError(f"{where} must be a whole number, got {_show(value)}")
    _check_finite(value, where)
    _check_range(value, spec, where)
    return value


def _check_choice(key: str, spec: _Key, value: Any, where: str) -> str:
    """One word of the key's vocabulary (case-insensitive, stored lower case)."""
    if not isinstance(value, str):
        raise ConfigError(f"{where} must be one of {'|'.join(spec.choices)}, got {_show(value)}")
    word = value.strip().lower()
    if word not in spec.choices:
        raise ConfigError(
            f"{where} must be one of {'|'.join(spec.choices)}, got {value!r}"
            f"{_hint(word, list(spec.choices))}"
        )
    return word


def _check_pair(key: str, spec: _Key, value: Any, where: str) -> list[float]:
    """Two increasing numbers ``[low, high]`` (e.g. the growth offset window in years)."""
    if not isinstance(value, list | tuple) or len(value) != 2:
        raise ConfigError(f"{where} must be two numbers [low, high], got {_show(value)}")
    low, high = (_check_number(key, spec, v, where) for v in value)
    if not low < high:
        raise ConfigError(f"{where} must be increasing [low, high], got [{low:g}, {high:g}]")
    return [low, high]


def _check_names(key: str, spec: _Key, value: Any, where: str) -> list[str]:
    """A list of non-empty names (sports)."""
    if not isinstance(value, list | tuple) or not all(
        isinstance(v, str) and normalise_sport(v) for v in value
    ):
        raise ConfigError(f"{where} must be a list of non-empty names, got {_show(value)}")
    return [v.strip() for v in value]


def _check_choices(key: str, spec: _Key, value: Any, where: str) -> list[str]:
    """A list of distinct words from the key's vocabulary."""
    if not isinstance(value, list | tuple):
        raise ConfigError(f"{where} must be a list, got {_show(value)}")
    words = [_check_choice(key, spec, v, where) for v in value]
    if len(set(words)) != len(words):
        raise ConfigError(f"{where} lists a value twice: {value!r}")
    return words


def _check_aliases(key: str, spec: _Key, value: Any, where: str) -> dict[str, str]:
    """A table mapping another spelling to a listed sport name."""
    if not isinstance(value, Mapping) or not all(
        isinstance(v, str) and normalise_sport(v) and normalise_sport(k)
        for k, v in value.items()
    ):
        raise ConfigError(f"{where} must be a table of 'spelling' = 'sport', got {_show(value)}")
    return {str(k).strip(): v.strip() for k, v in value.items()}


def _check_date(key: str, spec: _Key, value: Any, where: str) -> str:
    """A calendar date (a TOML date, or 'YYYY-MM-DD' text), kept as 'YYYY-MM-DD' text."""
    if isinstance(value, dt.datetime) or not isinstance(value, dt.date | str):
        raise ConfigError(f"{where} must be a date (YYYY-MM-DD), got {_show(value)}")
    try:
        day = value if isinstance(value, dt.date) else dt.date.fromisoformat(value.strip())
    except ValueError:
        raise ConfigError(f"{where} must be a date (YYYY-MM-DD), got {value!r}") from None
    return day.isoformat()


def _check_zone(key: str, spec: _Key, value: Any, where: str) -> str:
    """An IANA time zone name (zoneinfo), or "" for the machine's zone."""
    if not isinstance(value, str):
        raise ConfigError(f"{where} must be a time zone name like Europe/Copenhagen, got "
                          f"{_show(value)}")
    name = value.strip()
    if not name:
        return ""
    try:
        zoneinfo.ZoneInfo(name)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        raise ConfigError(f"{where}: unknown time zone {value!r} (an IANA name like "
                          "Europe/Copenhagen or UTC; empty = this machine's zone)") from None
    return name


_CHECKERS: Final[dict[str, Callable[[str, _Key, Any, str], Any]]] = {
    "number": _check_number,
    "zone": _check_zone,
    "date": _check_date,
    "int": _check_int,
    "choice": _check_choice,
    "pair": _check_pair,
    "names": _check_names,
    "choices": _check_choices,
    "aliases": _check_aliases,
}


def _check_finite(value: float, where: str) -> None:
    """Refuse nan, ±inf and absurd magnitudes (a 400-digit integer): nan compares false with
    every bound, so it would pass a range check and switch a rule off silently (issue 19)."""
    if isinstance(value, int) and abs(value) > _MAX_MAGNITUDE:
        digits = len(str(abs(value)))
        raise ConfigError(f"{where} must be a finite number, got an integer of {digits} digits")
    if isinstance(value, float) and not math.isfinite(value):
        raise ConfigError(f"{where} must be a finite number, got {value}")
    if abs(value) > _MAX_MAGNITUDE:
        raise ConfigError(f"{where} must be a finite number, got {value:g}")


def _check_range(value: float, spec: _Key, where: str) -> None:
    """Refuse a value outside the key's bounds with the bounds in the message."""
    low_bad = spec.low is not None and (value <= spec.low if spec.low_open else value < spec.low)
    high_bad = spec.high is not None and value > spec.high
    if low_bad or high_bad:
        raise ConfigError(f"{where} must be {_bounds(spec)}, got {value:g}")


def _bounds(spec: _Key) -> str:
    """Human wording of a key's range, e.g. 'above 0' or 'between 0 and 1000'."""
    if spec.low is not None and spec.high is not None and not spec.low_open:
        return f"between {spec.low:g} and {spec.high:g}"
    low = "" if spec.low is None else f"{'above' if spec.low_open else 'at least'} {spec.low:g}"
    high = "" if spec.high is None else f"at most {spec.high:g}"
    return " and ".join(p for p in (low, high) if p)


def _check_order(values: Mapping[str, Mapping[str, Any]], origins: Mapping[str, str]) -> None:
    """Cross-key rules: amber below red, acute window shorter than chronic, and so on."""
    for small, large, strict in _ORDERED:
        a, b = (values[k.split(".")[0]][k.split(".")[1]] for k in (small, large))
        if a > b or (strict and a == b):
            label = origins.get(small) or origins.get(large) or _DEFAULTS_LABEL
            relation = "below" if strict else "at most"
            raise ConfigError(f"{label}: {small} ({a:g}) must be {relation} {large} ({b:g})")


# --------------------------------------------------------------------------------------------
# Small helpers
# --------------------------------------------------------------------------------------------


def _split_known(key: str) -> tuple[str, str]:
    """Split a dotted key, raising KeyError with the closest valid key if it does not exist."""
    if key not in _ALL_KEYS:
        raise KeyError(f"unknown config key {key!r}{_hint(key, list(_ALL_KEYS))}")
    section, name = key.split(".", 1)
    return section, name


def _hint(word: str, candidates: list[str]) -> str:
    """' (did you mean 'x'?)' for the closest candidate, or '' when nothing is close."""
    close = difflib.get_close_matches(word, candidates, n=1, cutoff=0.6)
    return f" (did you mean {close[0]!r}?)" if close else ""


def _key_hint(section: str, name: str) -> str:
    """Hint for an unknown key: a close key in the same section, else the same key elsewhere."""
    close = difflib.get_close_matches(name, list(_SCHEMA[section]), n=1, cutoff=0.6)
    if close:
        return f" (did you mean {section + '.' + close[0]!r}?)"
    elsewhere = [k for k in _ALL_KEYS if k.split(".")[1] == name]
    return f" (did you mean {elsewhere[0]!r}?)" if elsewhere else ""


def _describe(section: str) -> str:
    """Wording for an unknown top-level name: a misspelt section or a key missing its section."""
    owners = [k for k in _ALL_KEYS if k.split(".")[1] == section]
    if owners:
        return f"top-level key {section!r} (put it under its section: {owners[0]!r})"
    return f"section [{section}]{_hint(section, list(_SCHEMA))}"


def _show(value: Any) -> str:
    """A value with its TOML type, for 'got …' messages."""
    kind = {bool: "boolean", str: "string", int: "integer", float: "number"}.get(
        type(value), type(value).__name__
    )
    return f"{kind} {value!r}"


def _plain(value: Any) -> str:
    """A setting as a reader sees it: 3.0, 7, monday, [-1.0, 1.5]."""
    if isinstance(value, float) and value.is_integer():
        return f"{value:.1f}"
    return str(value)


def _freeze(value: Any) -> Any:
    """Read-only copy: dicts → MappingProxyType, lists → tuples."""
    if isinstance(value, Mapping):
        return MappingProxyType({k: _freeze(v) for k, v in value.items()})
    if isinstance(value, list | tuple):
        return tuple(_freeze(v) for v in value)
    return value


def _thaw(value: Any) -> Any:
    """Plain copy: mappings → dicts, tuples → lists (the TOML shape)."""
    if isinstance(value, Mapping):
        return {k: _thaw(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_thaw(v) for v in value]
    return value
