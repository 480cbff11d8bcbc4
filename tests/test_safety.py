"""Outputs that never execute, render or leak (issue 19 item 5): the floor helpers."""

from __future__ import annotations

import io
import os
import stat
from pathlib import Path

import pandas as pd
import pytest

from loadwatch.app.display import plain_text, table_csv
from loadwatch.app.terminal import CleanStream, clean_output
from loadwatch.safety import (
    csv_bytes,
    neutralise_frame,
    private_csv,
    strip_controls,
    write_private,
)

EVIL = '=HYPERLINK("http://evil/a","x")'
FORMULAS = (EVIL, "+SUM(A1:A2)", "-1+2", "@cmd", "\tTAB", "\rCR")


def hostile_table() -> pd.DataFrame:
    """Hostile ids in an object, a string and a categorical column, beside numbers."""
    return pd.DataFrame({
        "athlete": pd.Categorical(FORMULAS),
        "team": pd.array(list(FORMULAS), dtype="string"),
        "note": list(FORMULAS),
        "load_au": [-21.5, 0.0, 300.0, 12.0, 7.0, 1.0],
    })


def test_every_text_dtype_is_neutralised_numbers_untouched() -> None:
    out = neutralise_frame(hostile_table())
    expected = ["'" + f for f in FORMULAS]
    assert out["athlete"].tolist() == expected
    assert out["team"].tolist() == expected
    assert out["note"].tolist() == expected
    assert out["load_au"].tolist() == [-21.5, 0.0, 300.0, 12.0, 7.0, 1.0]


def test_headers_and_missing_values() -> None:
    table = pd.DataFrame({"=cmd": pd.Categorical(["A", None]), "ok": [None, "@x"]})
    out = neutralise_frame(table)
    assert list(out.columns) == ["'=cmd", "ok"]
    assert out["'=cmd"].isna().tolist() == [False, True]
    assert out["ok"].isna().tolist() == [True, False] and out["ok"].iloc[1] == "'@x"


def test_csv_bytes_hold_no_live_formula() -> None:
    data = csv_bytes(hostile_table())
    assert data.startswith(b"\xef\xbb\xbf")
    frame = pd.read_csv(io.BytesIO(data), encoding="utf-8-sig", dtype=str,
                        keep_default_na=False)
    assert frame["athlete"].tolist() == ["'" + f for f in FORMULAS[:5]] + ["\nCR"]
    assert frame["load_au"].tolist() == ["-21.5", "0.0", "300.0", "12.0", "7.0", "1.0"]
    assert table_csv(hostile_table()) == data


def test_control_characters_cannot_hide_a_formula() -> None:
    """Controls are removed before the formula check: ESC + '=cmd' is written '=cmd' quoted."""
    table = pd.DataFrame({"athlete": pd.Categorical(["\x1b=cmd", "A\x1b[31mRED\x1b[0m"])})
    assert csv_bytes(table).decode("utf-8-sig") == "athlete\n'=cmd\nARED\n"


def test_dates_are_iso_in_downloads() -> None:
    table = pd.DataFrame({"week": pd.to_datetime(["2026-11-16"]), "n": [3]})
    assert csv_bytes(table).decode("utf-8-sig") == "week,n\n2026-11-16,3\n"


@pytest.mark.parametrize(("hostile", "shown"), [
    ("A\x1b[31mRED\x1b[0m", "ARED"),
    ("GYM-01\rGREEN", "GYM-01GREEN"),
    ("\x1b]0;owned\x07title", "title"),
    ("bell\x07 nul\x00 del\x7f csi\x9b", "bell nul del csi"),
    ("\x1b[2J\x1b[Hclear", "clear"),
    ("keeps\ttab\nnewline", "keeps\ttab\nnewline"),
])
def test_strip_controls(hostile: str, shown: str) -> None:
    assert strip_controls(hostile) == shown


def test_clean_stream_and_context_restore_streams(capsys: pytest.CaptureFixture[str]) -> None:
    before = os.sys.stdout  # type: ignore[attr-defined]
    with clean_output():
        print("GYM\x1b[31m-01\r")
        print("err\x1b[1m", file=os.sys.stderr)  # type: ignore[attr-defined]
    assert os.sys.stdout is before  # type: ignore[attr-defined]
    captured = capsys.readouterr()
    assert captured.out == "GYM-01\n" and captured.err == "err\n"
    inner = io.StringIO()
    assert CleanStream(inner).write("a\x1b[0mb") == 6 and inner.getvalue() == "ab"


@pytest.mark.parametrize(("hostile", "escaped"), [
    ("![x](http://evil/a.png)", "\\!\\[x\\]\\(http\\:\u200b\\/\\/evil\\/a\\.png\\)"),
    ("www.evil.com mail@evil.com", "www\u200b\\.evil\\.com mail\\@\u200bevil\\.com"),
    ("**bold**", r"\*\*bold\*\*"),
    (":red[alarm] $x$", r"\:red\[alarm\] \$x\$"),
    ("<img src=x onerror=alert(1)>", r"\<img src\=x onerror\=alert\(1\)\>"),
    ("# title\n> quote", r"\# title \> quote"),
    ("GYM-01", r"GYM\-01"),
    ("Ann\x1b[31m", "Ann"),
    (None, ""),
    (float("nan"), ""),
])
def test_plain_text_escapes_markdown(hostile: object, escaped: str) -> None:
    assert plain_text(hostile) == escaped


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_private_files_are_0600_whatever_the_umask(tmp_path: Path) -> None:
    old = os.umask(0)
    try:
        path = write_private(tmp_path / "clinical.pdf", b"%PDF")
        existing = tmp_path / "old.csv"
        existing.write_text("x")
        existing.chmod(0o644)
        private_csv(pd.DataFrame({"athlete": [EVIL]}), existing)
    finally:
        os.umask(old)
    assert mode(path) == 0o600 and path.read_bytes() == b"%PDF"
    assert mode(existing) == 0o600
    assert existing.read_text() == "athlete\n\"'=HYPERLINK(\"\"http://evil/a\"\",\"\"x\"\")\"\n"
