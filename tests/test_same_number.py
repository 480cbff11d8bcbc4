"""One number everywhere (issue #12, defect 1): a ratio of exactly 1.305 is printed "1.30" by
an f-string (the float is 1.30499…) but "1.31" by spec §4.9's half-up rounding, the value the
rules compare. The case goes through every face, and every face must say "1.31": the
`flags` table and its L1 text, `summary`, the dashboard's tile, table and tooltip, and the
report's workbook cell, PDF, CSV and HTML."""

from __future__ import annotations

import csv
import io
import re
import subprocess
import sys
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction
from pathlib import Path

import pandas as pd
import pytest
from openpyxl import load_workbook
from streamlit.testing.v1 import AppTest

import loadwatch as lw
from loadwatch.app import accounts
from loadwatch.app.auth import User
from loadwatch.app.cli.main import main
from loadwatch.config import default_config
from loadwatch.schema import Col
from loadwatch.views.team import Overview
from loadwatch.views.teamview import TeamFrames, TeamView
from loadwatch.vocab import ratio
from tests.builders import session_csv
from tests.report.support import flat, need, pdf_text

DASHBOARDS = Path(__file__).resolve().parents[1] / "dashboards"
LOADS = [257] * 20 + [250] + [373] * 6 + [372]  # 28 days from Mon 2024-01-01
WEEK = "2024-W04"
TEAM = "Defect club"
SHOWN = "1.31"
PASSWORD = "correct horse battery"


def _by_hand() -> tuple[Fraction, float]:
    """The primary ACWR of the last day, exactly and as float64: the sum of the last 7 days
    over the average week of the 28 (sum / 4)."""
    acute, total = sum(LOADS[-7:]), sum(LOADS)
    return Fraction(acute) / Fraction(total, 4), acute / (total / 4)


@pytest.fixture(scope="module")
def log_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The defect's session log (one row per day, load in AU)."""
    path = tmp_path_factory.mktemp("same") / "defect_log.csv"
    path.write_bytes(session_csv({"A": LOADS}))
    return path


def test_the_case_is_where_an_f_string_and_the_spec_disagree(log_path: Path) -> None:
    exact, as_float = _by_hand()
    assert (sum(LOADS[-7:]), sum(LOADS)) == (2610, 8000)
    assert exact == Fraction(261, 200)  # 1.305 exactly: a tie at 2 dp
    assert Decimal("1.305").quantize(Decimal("0.01"), rounding=ROUND_HALF_UP) == Decimal(SHOWN)
    assert f"{as_float:.2f}" == "1.30"  # what the table and tile printed before
    assert ratio(as_float) == SHOWN
    log = lw.read_log(log_path)
    assert len(log) == 28 and log[Col.LOAD].tolist() == LOADS
    assert lw.daily_metrics(log)[Col.RAC].iloc[-1] == pytest.approx(as_float, rel=1e-12)


def _cell(table_text: str, athlete: str, column: str, before: str) -> str:
    """A `to_string` table's cell (right-aligned under its header) of `athlete` in `column`,
    the column after `before`."""
    lines = table_text.splitlines()
    header = next(i for i, line in enumerate(lines) if line.lstrip().startswith("athlete"))
    names = lines[header]
    start = names.index(f" {before}") + 1 + len(before)
    end = names.index(f" {column}", start) + 1 + len(column)
    row = next(line for line in lines[header + 1:] if line.split()[:1] == [athlete])
    return row[start:end].strip()


def test_cli_flags_table_and_its_l1_text_say_the_same(
        log_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["flags", str(log_path)]) == 0
    out = capsys.readouterr().out
    assert _cell(out, "A", "ACWR", before="reached") == SHOWN
    l1 = re.search(r"L1 amber: ACWR (\S+) > 1\.30", out)
    assert l1 is not None, out
    assert l1.group(1) == SHOWN


def test_cli_summary(log_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["summary", str(log_path)]) == 0
    out = capsys.readouterr().out
    assert _cell(out, "A", "load AU", before="week") == "2,610"
    assert _cell(out, "A", "ACWR", before="change") == SHOWN


def test_dashboard_views_tile_table_and_tooltip(log_path: Path) -> None:
    view = TeamView(TEAM, TeamFrames(lw.read_log(log_path)), default_config())
    week = view.default_week
    assert week == pd.Timestamp("2024-01-22")
    tile = view.athlete_summary("A", week)
    assert (tile["acwr"], tile["weekly_load"]) == (SHOWN, "2,610 AU")
    assert tile["band"] == "above recent average"  # judged on 1.31, not on 1.30
    value = view.overview_shown(week).set_index(Overview.ATHLETE).loc["A", Overview.PRIMARY]
    assert (value, _acwr_column_format() % value) == (1.31, SHOWN)
    days = view.athlete_daily("A")
    tooltip = view.ratio_series(days, [Col.RAC])
    assert tooltip["ratio_shown"].iloc[-1] == SHOWN


def _acwr_column_format() -> str:
    """The printf format of the dashboard overview's ACWR column (dashboards/ui.py)."""
    sys.path.insert(0, str(DASHBOARDS))
    try:
        import ui  # the dashboard's shared module (the pages import it the same way)
    finally:
        sys.path.remove(str(DASHBOARDS))
    column_format = ui.OVERVIEW_COLUMNS[Overview.PRIMARY]["type_config"]["format"]
    assert column_format == "%.2f"
    return str(column_format)


@pytest.fixture
def defect_db(log_path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
              capsys: pytest.CaptureFixture[str]) -> str:
    """A store holding the defect's log for TEAM and a coach of TEAM; the app points at it."""
    url = f"sqlite:///{tmp_path / 'same.db'}"
    assert main(["ingest", "--team", TEAM, "--db", url, str(log_path)]) == 0, \
        capsys.readouterr().err
    accounts.add_user(url, "coach-same", PASSWORD, "coach", [TEAM], by="tests")
    monkeypatch.setenv("LOADWATCH_DB", url)
    monkeypatch.syspath_prepend(str(DASHBOARDS))  # the pages import `ui`
    return url


def _page(name: str) -> AppTest:
    at = AppTest.from_file(str(DASHBOARDS / "views" / name), default_timeout=120)
    at.session_state["user"] = User("coach-same", "coach", (TEAM,))
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def test_dashboard_pages_show_it(defect_db: str) -> None:
    athlete = _page("athlete.py")
    [tile] = [m for m in athlete.metric if m.label == "ACWR (primary)"]
    assert tile.value == SHOWN
    overview = _page("overview.py")
    table = overview.dataframe[0].value.set_index(Overview.ATHLETE)
    assert _acwr_column_format() % table.loc["A", Overview.PRIMARY] == SHOWN


@pytest.fixture(scope="module")
def report(log_path: Path, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """`loadwatch report` of the defect's week in all four formats, by suffix."""
    out = tmp_path_factory.mktemp("same_report")
    assert main(["report", str(log_path), "--week", WEEK, "--out", str(out),
                 "--team", TEAM]) == 0
    return {path.suffix.lstrip("."): path for path in out.iterdir()}


def test_report_workbook_holds_the_rounded_value(report: dict[str, Path]) -> None:
    sheet = load_workbook(report["xlsx"])["Athletes"]
    header = [c.value for c in sheet[1]]
    cell = sheet.cell(row=2, column=header.index("primary_acwr") + 1)
    assert sheet.cell(row=2, column=1).value == "A"
    assert (cell.value, cell.number_format) == (1.31, "0.00")  # Excel shows what it holds


def test_report_pdf(report: dict[str, Path]) -> None:
    layout = subprocess.run([need("pdftotext"), "-layout", "-enc", "UTF-8", str(report["pdf"]),
                             "-"], check=True, capture_output=True, text=True).stdout
    row = re.search(r"^\s*A\s+AMBER\s+(\S+)\s+\S+\s+\S+\s+2,610\s", layout, re.MULTILINE)
    assert row is not None, layout[:3000]
    assert row.group(1) == SHOWN
    text = flat(pdf_text(report["pdf"]))
    assert f"ACWR (primary) {SHOWN} (7:28 rolling, coupled)" in text
    assert f"L1 amber: ACWR {SHOWN} > 1.30" in text


def test_report_csv(report: dict[str, Path]) -> None:
    rows = list(csv.DictReader(io.StringIO(report["csv"].read_text(encoding="utf-8-sig"))))
    assert [(r["athlete"], r["primary_acwr"], r["load_7d_au"]) for r in rows] == [
        ("A", SHOWN, "2610")]
    assert f"ACWR {SHOWN} > 1.30" in rows[0]["flags"]


def test_report_html(report: dict[str, Path]) -> None:
    html = report["html"].read_text(encoding="utf-8")
    assert re.search(r'<td>A</td><td class="level lv-amber">AMBER</td><td class="num">([^<]+)<',
                     html).group(1) == SHOWN  # type: ignore[union-attr]
    assert f"<dt>ACWR (primary)</dt><dd>{SHOWN} (7:28 rolling, coupled)</dd>" in html
    assert f"ACWR {SHOWN} &gt; 1.30" in html
