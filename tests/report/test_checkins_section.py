"""The weekly report's "Athlete check-ins" section (issue 16) in HTML, PDF and XLSX: the same
sentence and the same numbers in all three, and a pseudonymised report codes every member."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from openpyxl import load_workbook

from loadwatch.app.auth import User
from loadwatch.app.service import Service
from loadwatch.report import checkins
from tests.dashboards.conftest import CLUB, seed_store
from tests.report.support import flat, pdf_text

COACH = User("coach1", "coach", (CLUB,))
WEEK = pd.Timestamp("2026-11-16")  # the demo's self-reports: 3 back checks this week
INTRO = ("3 of 20 athletes did this week's back check; rates over this week and the 3 before. "
         "Athletes on a clinician plan are exempt from the session form, not from the back "
         "check.")


@pytest.fixture(scope="module")
def svc(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Service]:
    service = Service.open(seed_store(tmp_path_factory.mktemp("checkins_report")))
    yield service
    service.store.close()


@pytest.fixture(scope="module")
def files(svc: Service, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """The coach's weekly report of the demo club in every format, written to files."""
    folder = tmp_path_factory.mktemp("checkins_files")
    out = {}
    for name, (_, body) in svc.report_files(CLUB, WEEK, user=COACH, clinical=False,
                                            pseudonymise=False).items():
        (folder / name).write_bytes(body)
        out[name.rsplit(".", 1)[1]] = folder / name
    return out


def _html_rows(path: Path) -> list[list[str]]:
    text = path.read_text(encoding="utf-8")
    section = text[text.index("<h2>Athlete check-ins</h2>"):]
    section = section[:section.index("</table>")]
    return [[re.sub(r"</?b>", "", c) for c in re.findall(r"<t[dh]>(.*?)</t[dh]>", row)]
            for row in re.findall(r"<tr>(.*?)</tr>", section)]


def _xlsx_rows(path: Path) -> tuple[str, list[list[object]]]:
    sheet = load_workbook(path)[checkins.TITLE]
    values = list(sheet.iter_rows(values_only=True))
    return str(values[0][0]), [list(v) for v in values[2:]]


def _as_text(row: list[object]) -> list[str]:
    """A workbook row as the HTML prints it: the two rates (numbers: 0.25, or 0 and 1 read
    back as whole numbers) as whole percentages."""
    return [f"{round(float(v) * 100)}%" if col in (3, 4) and isinstance(v, int | float)
            else str(v) for col, v in enumerate(row)]


def test_the_cells_are_whole_percentages_and_words() -> None:
    table = pd.DataFrame({"athlete": ["A", "B"], "sessions_this_week": [2, 0],
                          "back_check_this_week": [True, False],
                          "exempt_this_week": [False, True],
                          "back_check_rate": [0.25, 0.0], "session_rate": [2 / 3, np.nan],
                          "missing_two_weeks": [False, True]})
    assert checkins.checkins_cells(table).values.tolist() == [
        ["A", "2", "yes", "25%", "67%", "no"], ["B", "0", "no", "0%", "—", "yes"]]
    assert checkins.checkins_intro(table).startswith("1 of 2 athletes did this week's back")
    assert checkins.whole_percent(pd.Series([0.125, 0.005])).tolist() == [13.0, 1.0]


def test_html_pdf_and_xlsx_show_the_same_check_ins(files: dict[str, Path]) -> None:
    html = _html_rows(files["html"])
    assert html[0] == list(checkins.HEADINGS)
    assert len(html) == 21  # 20 athletes
    assert ["GYM-11", "2", "yes", "25%", "25%", "no"] in html
    assert ["GYM-09", "0", "no", "0%", "—", "yes"] in html  # exempt: no session rate

    intro, rows = _xlsx_rows(files["xlsx"])
    assert intro == INTRO
    assert rows[0] == list(checkins.HEADINGS)
    assert [_as_text(row) for row in rows[1:]] == html[1:]
    gym11 = next(row for row in rows if row[0] == "GYM-11")
    assert gym11 == ["GYM-11", 2, "yes", 0.25, 0.25, "no"]  # numbers, shown as 0%

    text = pdf_text(files["pdf"])
    page = next(p for p in text.split("\f") if "Athlete check-ins" in p and INTRO[:30] in p)
    assert INTRO in flat(page)
    cells = flat(page)
    for row in html[1:]:
        assert " ".join(row) in cells, row


def test_a_pseudonymised_report_codes_every_member_in_the_section(svc: Service) -> None:
    bodies = svc.report_files(CLUB, WEEK, user=COACH, clinical=False, pseudonymise=True)
    html = next(b for n, (_, b) in bodies.items() if n.endswith(".html")).decode("utf-8")
    section = html[html.index("<h2>Athlete check-ins</h2>"):]
    section = section[:section.index("</table>")]
    assert "GYM-" not in section
    codes = re.findall(r"<tr><td>(ATH-[A-Z0-9]+)</td>", section)
    assert len(codes) == 20 and codes == sorted(codes)
    # the same codes as the report's athlete table (all 20 members have logged sessions)
    athletes = set(re.findall(r"ATH-[A-Z0-9]+", html[:html.index("<h2>Athlete check-ins")]))
    assert set(codes) == athletes
