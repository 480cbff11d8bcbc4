"""Athlete ids render as literal text in Chromium (issue 19.5): a markdown image in an id is
never fetched once it passes through loadwatch.app.display.plain_text; the same text unescaped
is fetched (the control that shows the test can fail)."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.dashboards.browser import (
    ROOT,
    START_TIMEOUT_S,
    _answers,
    _free_port,
    launch_chromium,
    need_chromium,
    new_page,
    settle,
    shot,
)

pytestmark = pytest.mark.browser

SCRIPT = '''
import streamlit as st
from loadwatch.app.display import plain_text

NAMES = ["![x](http://127.0.0.1:{dead}/escaped.png)", "**bold**", ":red[alarm]",
         "<img src='http://127.0.0.1:{dead}/html.png'>", "A\\x1b[31mRED"]
st.subheader("Athletes " + plain_text(NAMES[1]))
for name in NAMES:
    st.markdown("Athlete: " + plain_text(name))
    st.caption(plain_text(name))
st.write("raw control: ![y](http://127.0.0.1:{dead}/raw.png)")
'''


@pytest.fixture(scope="module")
def app_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, int]]:
    need_chromium()
    folder = tmp_path_factory.mktemp("plain")
    dead = _free_port()  # nothing listens there: a fetch shows up as a request, then fails
    script = folder / "names.py"
    script.write_text(SCRIPT.format(dead=dead))
    port = _free_port()
    env = {**os.environ, "PYTHONPATH": str(ROOT), "PYTHONUNBUFFERED": "1"}
    with open(folder / "server.log", "wb") as log:
        proc = subprocess.Popen(
            [sys.executable, "-m", "streamlit", "run", str(script), "--server.headless", "true",
             "--server.address", "127.0.0.1", "--server.port", str(port),
             "--browser.gatherUsageStats", "false", "--server.fileWatcherType", "none"],
            cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)
    try:
        deadline = time.monotonic() + START_TIMEOUT_S
        while not _answers(f"http://127.0.0.1:{port}/_stcore/health"):
            if proc.poll() is not None or time.monotonic() > deadline:
                pytest.fail((folder / "server.log").read_text()[-2000:])
            time.sleep(0.25)
        yield f"http://127.0.0.1:{port}", dead
    finally:
        proc.terminate()
        proc.wait(timeout=10)


def test_markdown_in_ids_is_shown_not_rendered(app_url: tuple[str, int]) -> None:
    url, dead = app_url
    with launch_chromium() as browser, new_page(browser) as page:
        requested: list[str] = []
        page.on("request", lambda request: requested.append(request.url))
        page.goto(url)
        page.get_by_text("raw control:").wait_for()
        settle(page)
        page.wait_for_timeout(1500)  # images load after the render
        main: Any = page.get_by_test_id("stMain")
        text = main.inner_text().replace("\u200b", "")
        bold = main.locator("strong").count()
        links = main.locator("a[href*=\"127.0.0.1\"]").count()
        shot(page, "plain_text_names")
    fetched = [u for u in requested if f":{dead}/" in u]
    assert fetched == [f"http://127.0.0.1:{dead}/raw.png"]  # only the unescaped control
    assert f"Athlete: ![x](http://127.0.0.1:{dead}/escaped.png)" in text
    assert "Athlete: **bold**" in text and "Athletes **bold**" in text
    assert "Athlete: :red[alarm]" in text
    assert "Athlete: ARED" in text and "\x1b" not in text
    assert bold == 0 and links == 0  # no emphasis, and bare URLs are not made links
    assert Path(ROOT / "test-artifacts" / "browser" / "plain_text_names.png").exists()
