"""Tests for loadwatch.config: shipped defaults (spec §10.3), overrides, validation, evidence."""

from __future__ import annotations

import dataclasses
import re
import tomllib
from importlib import resources
from pathlib import Path

import pytest

import loadwatch.config as config_module
from loadwatch.config import Config, ConfigError, Evidence, default_config, load_config

# Values typed from the spec's §10.3 YAML block (load.channel_primary and load.rpe_scale
# were removed: no code could act on them; see test_removed_keys_are_refused_with_reason).
SPEC_DEFAULTS = {
    "load.duration_warn_min": 240,
    "load.duration_max_min": 600,
    "calendar.week_start": "monday",
    "calendar.absent_day_inside_coverage": "rest",
    "calendar.gap_warning_days": 7,
    "acwr.acute_days": 7,
    "acwr.chronic_days": 28,
    "acwr.primary_method": "rac",
    "acwr.ewma_seed": "first",
    "acwr.ewma_provisional_seed_weight": 0.05,
    "acwr.max_missing_acute": 0,
    "acwr.max_missing_chronic": 0,
    "acwr.min_chronic_week_au": 500,
    "acwr.amber_above": 1.30,
    "acwr.red_at_or_above": 1.50,
    "acwr.low_info_below": 0.80,
    "acwr.compare_rounded_dp": 2,
    "spike.info_above_pct": 10,
    "spike.amber_above_pct": 15,
    "spike.min_prev_week_au": 200,
    "spike.min_abs_increase_au": 200,
    "monotony.sd_ddof": 1,
    "monotony.amber_above": 2.0,
    "monotony.strain_info_percentile": 90,
    "low_chronic.fraction_of_median": 0.5,
    "low_chronic.median_lookback_weeks": 12,
    "low_chronic.min_history_weeks": 8,
    "low_chronic.break_days": 14,
    "youth.hours_vs_age_window_weeks": 4,
    "youth.organised_to_free_play_max": 2.0,
    "youth.min_rest_days_per_7": 1,
    "youth.months_in_main_sport_max": 8,
    "youth.min_days_off_main_sport_per_year": 60,
    "growth.offset_window": (-1.0, 1.5),
    "growth.rapid_growth_cm_per_year": 7.2,
    "growth.min_interval_days": 90,
    "extension.amber_above": 1.30,
    "extension.red_at_or_above": 1.50,
    "extension.spike_amber_above_pct": 15,
    "extension.min_prev_week_reps": 20,
    "cricket.rule_pack": "ca_2019",
    "symptoms.refer_after_days": 14,
    "escalation.amber_families_for_red": 3,
    "escalation.modifiers_escalate": ("growth_window", "low_chronic", "prior_lbsi"),
    "escalation.extension_margin_ratio": 0.20,
    "escalation.extension_margin_points": 25,
}
SPEC_SECTIONS = [
    "load", "calendar", "acwr", "spike", "monotony", "low_chronic", "youth", "growth",
    "extension", "cricket", "symptoms", "escalation",
]


def write(tmp_path: Path, text: str, name: str = "team.toml") -> Path:
    """Write a team config file and return its path."""
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def shipped_toml() -> tuple[str, dict]:
    """Text and parsed content of the shipped defaults.toml."""
    text = resources.files("loadwatch").joinpath("defaults.toml").read_text(encoding="utf-8")
    return text, tomllib.loads(text)


# ---- defaults --------------------------------------------------------------------------------


@pytest.mark.parametrize(("key", "expected"), sorted(SPEC_DEFAULTS.items()))
def test_defaults_equal_spec(key: str, expected: object) -> None:
    """Every §10.3 value ships unchanged."""
    assert load_config().get(key) == expected


def test_defaults_have_exactly_the_spec_keys_plus_sports() -> None:
    """Sections and keys are those of §10.3, plus [sports], [limits] (what one file may hold,
    issue 19), [ingest] (plausible dates, issue 19), [selfreport] (issue 16) and [retention]
    (issue 17)."""
    cfg = load_config().as_dict()
    assert [s for s in cfg if s in SPEC_SECTIONS] == SPEC_SECTIONS
    assert set(cfg) - set(SPEC_SECTIONS) == {"sports", "limits", "ingest", "selfreport",
                                             "retention"}
    spec_keys = {k for k in SPEC_DEFAULTS}
    assert {f"{s}.{k}" for s in SPEC_SECTIONS for k in cfg[s]} == spec_keys


def test_extension_heavy_default_list() -> None:
    """The default extension-heavy list holds the sports named in the brief."""
    names = load_config().get("sports.extension_heavy")
    assert "gymnastics" in names and "cricket fast bowling" in names and len(names) == 14


def test_every_numeric_key_has_evidence_and_comment_matches() -> None:
    """Each threshold has a machine-readable grade that agrees with its comment in the file."""
    text, raw = shipped_toml()
    cfg = load_config()
    section, checked = "", set()
    for line in text.splitlines():
        if m := re.match(r"\[(\w+)\]$", line):
            section = m.group(1)
        m = re.match(r"(\w+) = (.*?)\s+#\s*(.*)$", line)
        if not m or section not in SPEC_SECTIONS:
            continue
        key, value, comment = f"{section}.{m.group(1)}", m.group(2), m.group(3)
        if re.fullmatch(r"-?[\d.]+|\[.*\]", value) and "modifiers" not in key:
            assert comment.startswith(cfg.evidence(key).grade + " — "), key
        if m.group(1) in raw["evidence"].get(section, {}):
            assert comment.startswith(cfg.evidence(key).grade), key
            checked.add(key)
    assert checked == {f"{s}.{k}" for s, keys in raw["evidence"].items() for k in keys}


# ---- merging ---------------------------------------------------------------------------------


def test_team_file_overrides_two_values(tmp_path: Path) -> None:
    """Overridden keys change, everything else keeps its default."""
    path = write(tmp_path, "[acwr]\namber_above = 1.25\n\n[monotony]\nsd_ddof = 0\n")
    cfg = load_config(path)
    default = load_config()
    assert cfg.get("acwr.amber_above") == 1.25
    assert cfg.get("monotony.sd_ddof") == 0
    assert cfg.get("acwr.red_at_or_above") == 1.50
    changed = {k for k, v in _flat(cfg).items() if v != _flat(default)[k]}
    assert changed == {"acwr.amber_above", "monotony.sd_ddof"}
    assert cfg.origin("acwr.amber_above") == str(path)
    assert cfg.origin("acwr.red_at_or_above") == "loadwatch defaults"
    assert cfg.default("acwr.amber_above") == 1.30


def test_overrides_mapping_nested_and_dotted(tmp_path: Path) -> None:
    """Overrides apply after the file and accept nested or dotted keys."""
    path = write(tmp_path, "[acwr]\namber_above = 1.25\n")
    cfg = load_config(path, {"acwr.amber_above": 1.2, "spike": {"amber_above_pct": 20}})
    assert cfg.get("acwr.amber_above") == 1.2
    assert cfg.get("spike.amber_above_pct") == 20
    assert cfg.origin("acwr.amber_above") == "<overrides>"


def test_integer_for_float_key_is_accepted_as_float(tmp_path: Path) -> None:
    """TOML `2` for a ratio is fine and comes back as a float."""
    cfg = load_config(write(tmp_path, "[monotony]\namber_above = 3\n"))
    assert cfg.get("monotony.amber_above") == 3.0
    assert isinstance(cfg.get("monotony.amber_above"), float)


def test_week_start_case_insensitive(tmp_path: Path) -> None:
    """Weekday names are accepted in any case and stored lower case."""
    assert load_config(overrides={"calendar.week_start": "Sunday"}).get(
        "calendar.week_start") == "sunday"


@pytest.mark.parametrize(("name", "number"), [
    ("monday", 0), ("tuesday", 1), ("wednesday", 2), ("thursday", 3), ("friday", 4),
    ("saturday", 5), ("sunday", 6),
])
def test_week_start_day_numbers_the_weekday(name: str, number: int) -> None:
    """calendar.week_start reaches the code as a weekday number, Monday 0 … Sunday 6."""
    assert load_config(overrides={"calendar.week_start": name}).week_start_day == number


@pytest.mark.parametrize(("line", "reason"), [
    ('channel_primary = "srpe_au"', "session-RPE load (AU) is always the primary channel"),
    ('rpe_scale = "cr10"', "Foster's CR-10 scale (0-10) only"),
])
def test_removed_keys_are_refused_with_reason(tmp_path: Path, line: str, reason: str) -> None:
    """A team file that still sets a removed key learns why, instead of being obeyed in name
    only (they were validated and ignored before)."""
    key = "load." + line.split(" ")[0]
    with pytest.raises(ConfigError) as err:
        load_config(write(tmp_path, f"[load]\n{line}\n"))
    assert str(err.value).startswith(f"{tmp_path / 'team.toml'}: '{key}' was removed "
                                     "(delete the line): ")
    assert reason in str(err.value)
    assert key in config_module.REMOVED_KEYS and "\n" not in str(err.value)


def test_no_second_channel_vocabulary() -> None:
    """The config module no longer carries its own list of channels (schema.Channel is the
    one vocabulary)."""
    assert not hasattr(config_module, "CHANNELS")


def test_lists_replace_and_tables_merge(tmp_path: Path) -> None:
    """A team's sport list replaces the default list; aliases are added to the defaults."""
    path = write(tmp_path, (
        '[sports]\nextension_heavy = ["gymnastics", "karate"]\n'
        '[sports.aliases]\n"kata" = "karate"\n'
    ))
    cfg = load_config(path)
    assert cfg.get("sports.extension_heavy") == ("gymnastics", "karate")
    assert cfg.get("sports.aliases")["kata"] == "karate"
    assert cfg.get("sports.aliases")["gymnast"] == "gymnastics"
    assert cfg.is_extension_heavy("Kata") and cfg.is_extension_heavy("gymnast")
    assert not cfg.is_extension_heavy("dance") and not cfg.is_extension_heavy("ballet")


# ---- refusals --------------------------------------------------------------------------------


def test_unknown_key_names_key_file_and_suggestion(tmp_path: Path) -> None:
    """A misspelt key is refused with the file, the key and the closest valid key."""
    path = write(tmp_path, "[acwr]\namber_abvoe = 1.2\n")
    with pytest.raises(ConfigError) as err:
        load_config(path)
    msg = str(err.value)
    assert "team.toml" in msg and "acwr.amber_abvoe" in msg and "'acwr.amber_above'" in msg
    assert "\n" not in msg


def test_unknown_section_suggests_close_one(tmp_path: Path) -> None:
    """A misspelt section is refused with a suggestion."""
    with pytest.raises(ConfigError, match=r"\[acrw\].*did you mean 'acwr'"):
        load_config(write(tmp_path, "[acrw]\namber_above = 1.2\n"))


def test_key_in_wrong_section_points_to_right_one(tmp_path: Path) -> None:
    """A valid key under the wrong section names where it belongs."""
    with pytest.raises(ConfigError, match=r"acwr.info_above_pct.*'spike.info_above_pct'"):
        load_config(write(tmp_path, "[acwr]\ninfo_above_pct = 12\n"))
    with pytest.raises(ConfigError, match=r"top-level key 'break_days'.*low_chronic"):
        load_config(write(tmp_path, "break_days = 10\n"))


@pytest.mark.parametrize(("body", "pattern"), [
    ('[acwr]\namber_above = "1.3"\n', r"acwr.amber_above must be a number, got string '1.3'"),
    ("[acwr]\namber_above = true\n", r"must be a number, got boolean"),
    ("[acwr]\nacute_days = 7.5\n", r"acwr.acute_days must be a whole number"),
    ("[acwr]\nprimary_method = 3\n", r"must be one of rac\|rau\|ewma\|weekly_coupled"),
    ("[growth]\noffset_window = 1.0\n", r"must be two numbers"),
    ("[sports]\nextension_heavy = \"gymnastics\"\n", r"must be a list of non-empty names"),
    ("[acwr]\namber_above = [1.3]\n", r"must be a number, got list"),
    ('[acwr]\n"x" = 1\n[load]\nduration_max_min = 500\n', r"unknown key 'acwr.x'"),
    ("acwr = 3\n", r"\[acwr\] must be a table"),
])
def test_wrong_types(tmp_path: Path, body: str, pattern: str) -> None:
    """Values of the wrong type are refused with the key in the message."""
    with pytest.raises(ConfigError, match=pattern):
        load_config(write(tmp_path, body))


@pytest.mark.parametrize(("body", "pattern"), [
    ("[acwr]\namber_above = 1.6\n",
     r"acwr.amber_above \(1.6\) must be below acwr.red_at_or_above \(1.5\)"),
    ("[acwr]\nred_at_or_above = 1.3\n", r"must be below acwr.red_at_or_above"),
    ("[acwr]\namber_above = -1.3\n", r"acwr.amber_above must be above 0, got -1.3"),
    ("[acwr]\nlow_info_below = 0\n", r"must be above 0"),
    ("[extension]\namber_above = 1.5\n", r"extension.amber_above .* must be below"),
    ("[spike]\namber_above_pct = 1500\n", r"between 0 and 1000, got 1500"),
    ("[spike]\ninfo_above_pct = -5\n", r"between 0 and 1000"),
    ("[spike]\ninfo_above_pct = 20\n", r"spike.info_above_pct \(20\) must be at most"),
    ("[monotony]\nsd_ddof = 2\n", r"monotony.sd_ddof must be between 0 and 1"),
    ('[calendar]\nweek_start = "mon"\n', r"week_start must be one of .*did you mean 'monday'"),
    ('[acwr]\nprimary_method = "racc"\n', r"did you mean 'rac'"),
    ('[acwr]\newma_seed = "mean"\n', r"first\|mean_k\|zero\|adjust"),
    ('[cricket]\nrule_pack = "icc"\n', r"ca_2019\|ecb_2016\|none"),
    ("[growth]\noffset_window = [1.5, -1.0]\n", r"must be increasing"),
    ("[growth]\noffset_window = [-1.0, 0.0, 1.5]\n", r"must be two numbers"),
    ("[acwr]\nmax_missing_acute = -1\n", r"at least 0"),
    ("[acwr]\nmax_missing_acute = 7\n", r"max_missing_acute \(7\) must be below acwr.acute_days"),
    ("[acwr]\nacute_days = 28\n", r"acute_days \(28\) must be below acwr.chronic_days"),
    ("[low_chronic]\nfraction_of_median = 1.5\n", r"above 0 and at most 1"),
    ("[youth]\nmin_rest_days_per_7 = 8\n", r"between 0 and 7"),
    ("[symptoms]\nrefer_after_days = 0\n", r"at least 1"),
    ('[escalation]\nmodifiers_escalate = ["growth_window", "growth_window"]\n', r"twice"),
    ('[escalation]\nmodifiers_escalate = ["growth"]\n', r"did you mean 'growth_window'"),
])
def test_out_of_range(tmp_path: Path, body: str, pattern: str) -> None:
    """Out-of-range and inconsistent values are refused, naming the file."""
    path = write(tmp_path, body)
    with pytest.raises(ConfigError, match=pattern) as err:
        load_config(path)
    assert str(path) in str(err.value)


def test_order_check_uses_overrides_label() -> None:
    """Cross-key errors from overrides say so."""
    with pytest.raises(ConfigError, match=r"^<overrides>: acwr.amber_above"):
        load_config(overrides={"acwr.amber_above": 2.0})


def test_toml_syntax_error_names_file_and_line(tmp_path: Path) -> None:
    """A TOML syntax error is a ConfigError with the file name and the line number."""
    path = write(tmp_path, "[acwr]\namber_above = 1.2\nred_at_or_above = \n", "broken.toml")
    with pytest.raises(ConfigError, match=r"broken\.toml: invalid TOML: .*line 3") as err:
        load_config(path)
    assert isinstance(err.value, ValueError)


def test_missing_file_and_evidence_override_refused(tmp_path: Path) -> None:
    """A missing file and an attempt to rewrite the evidence grades are both ConfigErrors."""
    with pytest.raises(ConfigError, match="not found"):
        load_config(tmp_path / "nope.toml")
    path = write(tmp_path, '[evidence.acwr]\namber_above = { grade = "E1", source = "x" }\n')
    with pytest.raises(ConfigError, match="evidence"):
        load_config(path)


# ---- evidence --------------------------------------------------------------------------------


@pytest.mark.parametrize(("key", "grade", "source_word"), [
    ("acwr.amber_above", "E1 adult / E3 youth", "Gabbett 2016"),
    ("acwr.red_at_or_above", "E1 adult / E3 youth", "Hulin"),
    ("acwr.low_info_below", "E1/E3", "Gabbett"),
    ("monotony.amber_above", "E2/E3", "Foster 1998"),
    ("youth.organised_to_free_play_max", "E1", "Jayanthi"),
    ("youth.min_rest_days_per_7", "E2", "AAP"),
    ("growth.rapid_growth_cm_per_year", "E1/E3", "Kemper"),
    ("extension.amber_above", "E3", "Warren"),
    ("spike.amber_above_pct", "E1/E2/E3", "Harrison & Johnston"),
])
def test_evidence_lookup(key: str, grade: str, source_word: str) -> None:
    """Grades and sources are machine-readable per key."""
    ev = load_config().evidence(key)
    assert isinstance(ev, Evidence)
    assert ev.grade == grade and source_word in ev.source


def test_evidence_levels_and_unknown_keys() -> None:
    """Grade codes parse out of the wording; unknown keys raise KeyError with a hint."""
    cfg = load_config()
    assert cfg.evidence("acwr.amber_above").levels == ("E1", "E3")
    assert cfg.evidence("extension.amber_above").is_convention
    assert not cfg.evidence("acwr.amber_above").is_convention
    with pytest.raises(KeyError, match="did you mean 'acwr.amber_above'"):
        cfg.evidence("acwr.amber_abvoe")
    with pytest.raises(KeyError, match="not a threshold"):
        cfg.evidence("calendar.week_start")


def test_thresholds_table_shows_value_default_and_grade(tmp_path: Path) -> None:
    """Every graded key appears once, with its value, default, origin and evidence."""
    cfg = load_config(write(tmp_path, "[acwr]\namber_above = 1.25\n"))
    rows = {row["key"]: row for row in cfg.thresholds_table()}
    row = rows["acwr.amber_above"]
    assert row["value"] == 1.25 and row["default"] == 1.30 and row["overridden"]
    assert row["grade"] == "E1 adult / E3 youth" and "Gabbett" in row["source"]
    assert row["set_in"].endswith("team.toml")
    assert not rows["acwr.red_at_or_above"]["overridden"]
    assert rows["growth.offset_window"]["value"] == [-1.0, 1.5]
    numeric = [k for k, v in SPEC_DEFAULTS.items()
               if isinstance(v, int | float) or k == "growth.offset_window"]
    assert set(numeric) <= set(rows)


# ---- sports ----------------------------------------------------------------------------------


@pytest.mark.parametrize(("sport", "expected"), [
    ("Figure Skating", True),
    ("figure_skating", True),
    ("figure-skating", True),
    ("FigureSkating", True),
    ("gymnastics", True),
    ("Artistic Gymnastics", True),
    ("rhythmic gymnastics", True),
    ("cricket", False),
    ("Cricket", False),
    ("cricket fast bowling", True),
    ("Cricket – fast bowling", True),
    ("fast bowling", True),
    ("pole_vault", True),
    ("Pole Vault", True),
    ("american football", True),
    ("football", False),
    ("soccer", False),
    ("swimming", False),
    ("table tennis", False),
    ("throwing", False),
    ("Beach Volleyball", True),
    ("weight-lifting", True),
    ("Ballet", True),
    ("", False),
])
def test_is_extension_heavy(sport: str, expected: bool) -> None:
    """Sport names are normalised (case, punctuation) and matched word for word."""
    assert load_config().is_extension_heavy(sport) is expected


# ---- object behaviour ------------------------------------------------------------------------


def test_config_is_immutable() -> None:
    """Nothing a caller gets back can change the configuration."""
    cfg = load_config()
    with pytest.raises(dataclasses.FrozenInstanceError):
        cfg._values = {}  # type: ignore[misc]
    section = cfg.section("acwr")
    section["amber_above"] = 9.0
    cfg.as_dict()["acwr"]["amber_above"] = 9.0
    assert cfg.get("acwr.amber_above") == 1.30
    with pytest.raises(TypeError):
        cfg.get("sports.aliases")["x"] = "y"  # type: ignore[index]
    assert isinstance(cfg.get("sports.extension_heavy"), tuple)


def test_get_and_section_unknown_raise_key_error() -> None:
    """Lookups of unknown names fail loudly with a suggestion."""
    cfg = load_config()
    with pytest.raises(KeyError, match="did you mean 'acwr.amber_above'"):
        cfg.get("acwr.amber_abvoe")
    with pytest.raises(KeyError, match="did you mean 'acwr'"):
        cfg.section("acrw")


def test_default_config_cached_and_equal() -> None:
    """default_config() is loaded once; DEFAULT_CONFIG is the same object; equality by value."""
    assert default_config() is default_config()
    assert config_module.DEFAULT_CONFIG is default_config()
    assert load_config() == default_config()
    assert hash(load_config()) == hash(default_config())
    assert load_config(overrides={"acwr.amber_above": 1.2}) != default_config()
    assert isinstance(default_config(), Config)


def _flat(cfg: Config) -> dict[str, object]:
    """Dotted key → value of every key in a config."""
    return {f"{s}.{k}": v for s, keys in cfg.as_dict().items() for k, v in keys.items()}
