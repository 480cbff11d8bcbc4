"""The dashboard survives small-file bombs (issue 19, item 1): a coach uploads, in Chromium,
the 1.6 KB XFD1048576 workbook, the 1 MB workbook with a 1 GiB shared string and a billion
laughs; each is refused on the upload page with the reader's one sentence, the server's peak
memory grows by less than 150 MB (issue 19 measured 5 GB and every session ended), and the
same session goes on working."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.dashboards.browser import (
    check_page,
    go,
    launch_chromium,
    main_area,
    new_page,
    settle,
    shot,
    sign_in,
)
from tests.ingest import test_hostile as hostile

pytestmark = [pytest.mark.browser]
GROWTH_BOUND_MB = 150


@pytest.fixture(scope="module")
def page(app_url: str) -> Iterator[Any]:
    with launch_chromium() as chromium, new_page(chromium) as tab:
        yield tab


@pytest.fixture(scope="module")
def bombs(tmp_path_factory: pytest.TempPathFactory, giant_string: Path) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("bombs_browser")
    rows = '<row r="1048576"><c r="XFD1048576"><v>1</v></c></row>'
    xfd = hostile.workbook(folder / "xfd.xlsx", hostile.sheet_xml(rows, "A1:XFD1048576"))
    levels = [f'<!ENTITY lol{i} "{f"&lol{i - 1};" * 10}">' for i in range(2, 10)]
    lol = ('<!DOCTYPE sst [<!ENTITY lol "lol"><!ENTITY lol1 "' + "&lol;" * 10 + '">'
           + "".join(levels) + "]>")
    laughs = hostile.workbook(folder / "laughs.xlsx", hostile.sheet_xml(hostile.SMALL_ROWS),
                              hostile.strings_xml("athlete", "rpe", "&lol9;", prolog=lol))
    return {"xfd": xfd, "giant": giant_string, "laughs": laughs}


giant_string = hostile.giant_string  # the module-scoped 1 GiB shared-string fixture


def server_peak_mb(url: str) -> float:
    """Peak resident memory (VmHWM) of the Streamlit server answering on `url`'s port."""
    port = url.rsplit(":", 1)[1]
    for proc in Path("/proc").iterdir():
        if not proc.name.isdigit():
            continue
        try:
            args = (proc / "cmdline").read_bytes().split(b"\0")
            status = (proc / "status").read_text()
        except OSError:
            continue
        if b"streamlit" in b" ".join(args) and port.encode() in args:
            line = next(x for x in status.splitlines() if x.startswith("VmHWM:"))
            return int(line.split()[1]) / 1024
    raise AssertionError(f"no streamlit server on port {port}")


def test_bombs_are_refused_on_the_upload_page_with_memory_bounded(
        app_url: str, page: Any, bombs: dict[str, Path]) -> None:
    sign_in(page, app_url, "coach")
    go(page, "Upload a log", "Upload a training log")
    check_page(page)
    before = server_peak_mb(app_url)
    expected = {
        "xfd": "xfd.xlsx: this workbook declares 16,384 columns × 1,048,576 rows; loadwatch "
               "reads at most 500 columns (setting limits.max_columns)",
        "giant": "giant-string.xlsx: the workbook's text table expands to 1,024 MB; loadwatch "
                 "reads at most 100 MB (setting limits.max_shared_strings_mb)",
        "laughs": "laughs.xlsx: the workbook declares XML entities (a document type "
                  "declaration), which loadwatch never expands",
    }
    for key, message in expected.items():
        page.locator("input[type=file]").set_input_files(str(bombs[key]))
        error = main_area(page).locator("[data-testid=stAlertContentError]").filter(
            has_text=message)
        error.first.wait_for()
        settle(page)
        assert page.get_by_test_id("stException").count() == 0
        if key == "xfd":
            shot(page, "hostile_upload_xfd_refused")
    grown = server_peak_mb(app_url) - before
    print(f"streamlit server peak: {before:.0f} MB before the bombs, +{grown:.0f} MB after")
    assert grown < GROWTH_BOUND_MB, f"server peak grew {grown:.0f} MB"
    go(page, "Team overview", "Team overview")  # the same session goes on
    check_page(page)
