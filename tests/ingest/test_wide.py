"""Wide layouts turned long (issue 13.5): a field read from several columns (repeated --map
or a pattern), one row per block, blocks without a value not sessions; weekly files summed
per week; one column per day with the dates in the headers."""

from __future__ import annotations

from pathlib import Path

import pytest

from loadwatch.errors import LogError
from loadwatch.ingest.log import parse_log
from loadwatch.ingest.mapping import (
    PLANNED_NOTE,
    ReadOptions,
    describe_options,
    parse_map_options,
    parse_wide_options,
    read_mapping_file,
)
from loadwatch.ingest.wide import expand_columns
from loadwatch.schema import Col

WIDE = Path(__file__).parents[1] / "data" / "wide"
BLOCKS = ["Intervals Tps min", "Long run Tps min", "Gym Tps min"]


def _weekly(**more: object) -> ReadOptions:
    return ReadOptions(columns={Col.WEEK: "Week"}, athlete="Runner",
                       wide={Col.DURATION: ["*Tps min"]}, **more)  # type: ignore[arg-type]


def test_repeated_map_and_patterns_are_wide_single_ones_are_not() -> None:
    items = ["week_start=Week", "duration=A", "duration=B", "rpe=*RPE"]
    assert parse_map_options(items) == {Col.WEEK: "Week"}
    assert parse_wide_options(items) == {Col.DURATION: ["A", "B"], Col.RPE: ["*RPE"]}


def test_a_pattern_matches_in_file_order_and_the_readers_letter_suffix() -> None:
    headers = ["B Tps min (L)", "x", "A Tps min", "tps MIN"]
    assert expand_columns(["*tps min"], headers, "duration") == \
        ["B Tps min (L)", "A Tps min", "tps MIN"]
    with pytest.raises(LogError, match=r"^--map duration=\*HR: no column matches the pattern"):
        expand_columns(["*HR"], headers, "duration")


def test_weekly_blocks_are_summed_per_week_with_the_sessions_counted() -> None:
    parsed = parse_log(WIDE / "weekly_blocks.csv", options=_weekly())
    assert parsed.ok and parsed.kind == "weekly"
    data = parsed.data
    assert data[Col.WEEK].dt.strftime("%Y-%m-%d").tolist() == \
        ["2026-01-05", "2026-01-12", "2026-01-19"]
    assert data[Col.WEEK_MINUTES].tolist() == [140.0, 65.0, 45.0]
    assert data[Col.SESSIONS].tolist() == [3, 1, 1]  # 0 minutes of gym (row 4): not a session
    assert data[Col.ATHLETE].unique().tolist() == ["Runner"]
    notes = parsed.notes
    assert ("wide layout: duration_min from 3 columns (Intervals Tps min, Long run Tps min, "
            "Gym Tps min); 6 of 12 blocks hold a value (one row each; a block without one is "
            "not a session)") in notes
    assert "summed per row: 3 week(s); row(s) 5 have no value in any block: not weeks" in notes
    assert "ignored: Notes, Intervals Distance, Long run Distance" in notes
    assert PLANNED_NOTE not in notes
    assert parsed.prepared is not None and parsed.prepared.long is not None
    assert len(parsed.prepared.long) == 6


def test_exact_columns_give_the_same_weeks_and_a_plan_says_so() -> None:
    exact = _weekly(planned=True)
    exact.wide = {Col.DURATION: BLOCKS}
    parsed = parse_log(WIDE / "weekly_blocks.csv", options=exact)
    assert parsed.data[Col.WEEK_MINUTES].tolist() == [140.0, 65.0, 45.0]
    assert PLANNED_NOTE in parsed.notes


def test_a_mapping_file_lists_several_columns(tmp_path: Path) -> None:
    path = tmp_path / "plan.toml"
    path.write_text('planned = true\nathlete = "Runner"\n[columns]\nweek_start = "Week"\n'
                    'duration = ["Intervals Tps min", "Long run Tps min"]\n', encoding="utf-8")
    options = read_mapping_file(path)
    assert options.wide == {Col.DURATION: BLOCKS[:2]} and options.planned is True
    assert describe_options(options) == ("week_start=Week, duration_min from Intervals Tps min "
                                          "+ Long run Tps min, a plan, athlete Runner")
    parsed = parse_log(WIDE / "weekly_blocks.csv", options=options)
    assert parsed.data[Col.WEEK_MINUTES].tolist() == [110.0, 65.0, 45.0]


def test_fields_with_different_numbers_of_columns_are_refused() -> None:
    options = _weekly()
    options.wide = {**options.wide, Col.EXT_MIN: ["Gym Tps min"]}
    with pytest.raises(LogError, match=r"need as many columns each \(one per block\), got "
                                       r"duration_min: 3; extension_min: 1$"):
        parse_log(WIDE / "weekly_blocks.csv", options=options)


def test_a_mean_rpe_cannot_be_summed_from_several_columns() -> None:
    options = _weekly()
    options.wide = {Col.RPE: BLOCKS}
    with pytest.raises(LogError, match="can read only summable fields .* not rpe$"):
        parse_log(WIDE / "weekly_blocks.csv", options=options)


def test_one_column_per_day_becomes_one_session_per_cell_dated_by_its_header() -> None:
    options = ReadOptions(columns={Col.ATHLETE: "Player"},
                          wide={Col.DURATION: ["2026-03-*"]})
    parsed = parse_log(WIDE / "daily_columns.csv", options=options)
    assert parsed.ok and parsed.kind == "sessions"
    rows = parsed.data[parsed.data[Col.DURATION].notna()]
    got = sorted(zip(rows[Col.ATHLETE], rows[Col.DATE].dt.strftime("%m-%d"),
                     rows[Col.DURATION], strict=True))
    assert got == [("Ana", "03-02", 60.0), ("Ana", "03-04", 45.0),
                   ("Ben", "03-03", 90.0), ("Ben", "03-04", 30.0)]
    assert "each column's header is its date; rows of the long table are numbered from 2 " \
        "('row in the file' names the file's row)" in parsed.notes


def test_the_team_timezone_setting_is_checked_and_yields_to_the_option() -> None:
    from loadwatch.config import ConfigError, load_config

    with pytest.raises(ConfigError, match=r"ingest.timezone: unknown time zone 'Mars/Base' "
                                          r"\(an IANA name like Europe/Copenhagen or UTC; "
                                          r"empty = this machine's zone\)$"):
        load_config(overrides={"ingest.timezone": "Mars/Base"})
    cfg = load_config(overrides={"ingest.timezone": "Asia/Tokyo"})
    data = b"athlete,date,load\nA,2024-03-05T23:30:00Z,300\n"
    assert str(parse_log(data, config=cfg).data[Col.DATE].iloc[0].date()) == "2024-03-06"
    told = parse_log(data, config=cfg, options=ReadOptions(timezone="America/New_York"))
    assert str(told.data[Col.DATE].iloc[0].date()) == "2024-03-05"
