"""Sessions in a real browser (issue 15 item 6, issue 19 item 6): a refresh keeps the user
signed in on the same page (the deep link); five wrong passwords lock the sign-in; an admin
deactivating a user signs that user's open page out on its next action. Screenshots land in
test-artifacts/browser/ (session_*.png)."""

from __future__ import annotations

import time
from typing import Any

import pytest

from loadwatch.store.audit import audit_events
from tests.dashboards.browser import (
    check_page,
    choose,
    new_page,
    settle,
    shot,
    sign_in,
)
from tests.dashboards.conftest import PASSWORD, USERS

pytestmark = [pytest.mark.browser]


def go(page: Any, link: str, heading: str) -> None:
    """Click a sidebar link by its exact name ('Athlete', not 'Athlete links')."""
    page.get_by_test_id("stSidebarNav").get_by_role("link", name=link, exact=True).click()
    page.get_by_role("heading", name=heading, exact=True).wait_for()


def _cookie(page: Any) -> str | None:
    cookies = {c["name"]: c for c in page.context.cookies()}
    found = cookies.get("loadwatch_session")
    if found is not None:
        assert found["sameSite"] == "Strict"
    return None if found is None else str(found["value"])


def test_a_refresh_keeps_the_user_signed_in_on_the_same_page(app_url: str,
                                                             browser: Any) -> None:
    with new_page(browser) as page:
        sign_in(page, app_url, "coach")
        go(page, "Athlete", "Athlete")
        check_page(page)
        page.wait_for_function("() => document.cookie.includes('loadwatch_session=')")
        token = _cookie(page)
        assert token and len(token) >= 43
        assert page.url.rstrip("/").endswith("/athlete")
        page.reload()
        page.get_by_role("heading", name="Athlete", exact=True).wait_for()
        page.get_by_text(f"Signed in as {USERS['coach'].username}").wait_for()
        check_page(page)
        assert page.url.rstrip("/").endswith("/athlete")
        shot(page, "session_after_refresh")
        page.get_by_role("button", name="Sign out").click()
        page.get_by_role("button", name="Sign in").wait_for()
        settle(page)
        page.reload()  # the old cookie is revoked on the server: still signed out
        page.get_by_role("button", name="Sign in").wait_for()
        settle(page)
        assert page.get_by_text("Signed in as").count() == 0


def test_a_deep_link_opened_signed_out_lands_on_its_page_after_sign_in(
        app_url: str, browser: Any) -> None:
    with new_page(browser) as page:
        page.goto(f"{app_url}/report")
        page.get_by_role("textbox", name="Username").fill(USERS["coach"].username)
        page.get_by_role("textbox", name="Password").fill(PASSWORD)
        page.get_by_role("button", name="Sign in").click()
        page.get_by_role("heading", name="Weekly report").wait_for()
        check_page(page)
        assert page.url.rstrip("/").endswith("/report")


def _pick_user(page: Any, username: str) -> None:
    """Choose the user to change (scrolled into view first: the list opens below it)."""
    page.locator(".st-key-admin_user").scroll_into_view_if_needed()
    choose(page, "admin_user", username)
    page.get_by_text(f"{username} —").wait_for()
    settle(page)


def _failures(store_url: str) -> int:
    log = audit_events(store_url)
    return int(((log["actor"] == "coach1") & (log["action"] == "sign_in.failed")).sum())


def test_five_wrong_passwords_lock_the_sign_in(app_url: str, browser: Any,
                                               store_url: str) -> None:
    """coach1 (the last test to need it): the lock lasts a minute."""
    with new_page(browser) as page:
        page.goto(app_url)
        for attempt in range(1, 6):
            page.get_by_role("textbox", name="Username").fill("coach1")
            page.get_by_role("textbox", name="Password").fill("not the password")
            page.get_by_role("button", name="Sign in").click()
            deadline = time.monotonic() + 30
            while _failures(store_url) < attempt and time.monotonic() < deadline:
                time.sleep(0.2)  # the server has counted this attempt
            assert _failures(store_url) == attempt
            page.get_by_text("Unknown username or wrong password.").wait_for()
            settle(page)
        page.get_by_role("textbox", name="Username").fill("coach1")
        page.get_by_role("textbox", name="Password").fill(PASSWORD)
        page.get_by_role("button", name="Sign in").click()
        page.get_by_text("Too many failed sign-ins; try again in 1 minute.").wait_for()
        settle(page)
        assert page.get_by_text("Signed in as").count() == 0
        shot(page, "session_locked")


def test_a_deactivated_users_open_page_signs_out_on_its_next_action(
        app_url: str, browser: Any, store_url: str) -> None:
    with new_page(browser) as therapist, new_page(browser) as admin:
        sign_in(therapist, app_url, "therapist")
        sign_in(admin, app_url, "admin")
        go(admin, "Users and audit log", "Users and audit log")
        _pick_user(admin, USERS["therapist"].username)
        admin.get_by_role("button", name="Deactivate").click()
        admin.get_by_text("physio1 deactivated: signed out everywhere.").wait_for()
        check_page(admin)
        shot(admin, "session_admin_deactivated")
        # the therapist's next action: a click in the sidebar
        therapist.get_by_test_id("stSidebarNav").get_by_role("link", name="Athlete",
                                                              exact=True).click()
        therapist.get_by_role("button", name="Sign in").wait_for()
        therapist.get_by_text("Your session has ended").wait_for()
        settle(therapist)
        assert therapist.get_by_text("Signed in as").count() == 0
        shot(therapist, "session_deactivated")
        _pick_user(admin, USERS["therapist"].username)
        admin.get_by_role("button", name="Reactivate").click()
        admin.get_by_text("physio1 reactivated.").wait_for()
        sign_in(therapist, app_url, "therapist")
