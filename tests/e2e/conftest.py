"""Browser tests: Debian's Chromium, driven by Playwright, against the site served by live_server.

Every test in this folder is marked ``e2e``. When Chromium is not installed
they are deselected and the run says so in one line; with CI=true a missing
Chromium fails them instead, because CI never skips.

Screenshots go to $E2E_SCREENSHOT_DIR, or to screenshots/<UTC time of the run>/;
a failing test leaves one of the page as it was when it failed.
"""

import datetime
import os
from pathlib import Path

# Once the browser has started, Playwright's sync API keeps an event loop running
# in the test thread for the rest of the run; without this, Django would refuse
# every later database call (in these tests and in any that run after them) as
# unsafe in async code.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

import pytest  # noqa: E402
from django.conf import settings  # noqa: E402
from playwright.sync_api import sync_playwright  # noqa: E402

from exchanges.models import Exchange  # noqa: E402
from tests import summary  # noqa: E402
from tests.factories import make_exchange  # noqa: E402

from .helpers import WIDE, set_width  # noqa: E402

CHROMIUM = os.environ.get("E2E_CHROMIUM", "/usr/bin/chromium")
# Playwright cannot download its own browser here; Debian's runs headless with these.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
# Any CI value but an empty one, "false" or "0" means CI: there, failing beats skipping.
IN_CI = os.environ.get("CI", "").lower() not in ("", "false", "0")

_reports_key = pytest.StashKey[dict]()


def chromium_installed():
    return os.path.isfile(CHROMIUM) and os.access(CHROMIUM, os.X_OK)


def pytest_itemcollected(item):
    item.add_marker(pytest.mark.e2e)


@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(config, items):
    if IN_CI or chromium_installed():
        return
    browser_tests = [item for item in items if item.get_closest_marker("e2e")]
    if browser_tests:
        config.hook.pytest_deselected(items=browser_tests)
        items[:] = [item for item in items if not item.get_closest_marker("e2e")]
        summary.say_at_the_end(
            config,
            f"{len(browser_tests)} browser test(s) skipped: no Chromium at {CHROMIUM} "
            "(apt-get install chromium, or set E2E_CHROMIUM); with CI=true they fail instead.",
        )


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item, call):
    # Kept on the test so that the page fixture knows, on teardown, whether it failed.
    report = yield
    item.stash.setdefault(_reports_key, {})[report.when] = report
    return report


@pytest.fixture(scope="session")
def browser():
    if not chromium_installed():
        pytest.fail(f"No Chromium at {CHROMIUM}: CI installs it (apt-get install chromium) and never skips.")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture(scope="session")
def screenshot_dir(pytestconfig):
    # E2E_RUN_STARTED: set by tests/conftest.py.
    default = Path(settings.BASE_DIR) / "screenshots" / os.environ["E2E_RUN_STARTED"]
    folder = Path(os.environ.get("E2E_SCREENSHOT_DIR") or default)
    folder.mkdir(parents=True, exist_ok=True)
    summary.say_at_the_end(pytestconfig, f"Browser test screenshots: {folder}")
    return folder


@pytest.fixture
def screenshot(screenshot_dir):
    """screenshot(page, "name") saves the whole page as <name>-<width>.png."""

    def take(page, name):
        path = screenshot_dir / f"{name}-{page.viewport_size['width']}.png"
        page.screenshot(path=path, full_page=True)
        return path

    return take


@pytest.fixture
def page(browser, live_server, screenshot, request):
    """A fresh browser tab, 1280 px wide, whose relative URLs go to the live server.

    Uncaught JavaScript errors and console errors fail the test: a page that
    breaks in the browser is broken, whatever the assertions saw.
    """
    # Reduced motion: menus and panels open at once, so a screenshot never catches them half-open.
    context = browser.new_context(base_url=live_server.url, locale="en-US", reduced_motion="reduce")
    tab = context.new_page()
    set_width(tab, WIDE)
    tab.set_default_timeout(5_000)
    errors = []

    def on_console(message):
        if message.type == "error":
            errors.append(f"{tab.url}: {message.text}")

    tab.on("console", on_console)
    tab.on("pageerror", lambda error: errors.append(f"{tab.url}: {error}"))
    yield tab
    reports = request.node.stash.get(_reports_key, {})
    if "call" in reports and reports["call"].failed:
        screenshot(tab, f"FAILED-{request.node.name}")
    context.close()
    assert errors == [], "the browser reported errors"


# Test data for the catalogue pages, built in code.

PRESIDENTS_CALL_URL = "/exchanges/presidents-xi-and-biden-talk-by-phone/"


@pytest.fixture
def catalogue(transactional_db):
    """45 published exchanges and one draft.

    "students" finds 40; of those 35 are education exchanges, and 30 of these
    (cohorts 01 to 30, one every three months from 2011) are from 2010 on: a
    reader who searches, ticks a type and sets a date still has a second page.
    """
    make_exchange(
        title="Presidents Xi and Biden talk by phone",
        summary="The two presidents spoke for two hours about trade, Taiwan and fentanyl.",
        outcomes="They agreed to resume military-to-military talks.",
        partners="The White House\nMinistry of Foreign Affairs of the PRC",
        participants="U.S. President Joe Biden, Chinese President Xi Jinping",
        participant_count=2,
        location="Washington, DC and Beijing",
        date=datetime.date(2024, 4, 2),
        notes="Xinhua dated the call April 3, Beijing time; the record gives the White House's date.",
        sources=2,
    )
    for number in range(30):
        make_exchange(
            title=f"Student exchange cohort {number + 1:02d}",
            summary="University students spend a semester abroad.",
            type=Exchange.Type.EDUCATION,
            government=False,
            location="Shanghai",
            continuing=True,
            date=datetime.date(2011 + number // 4, 1 + number % 4 * 3, 1),
            sources=0,
        )
    for number in range(5):
        make_exchange(
            title=f"Early student delegation {number + 1}",
            summary="Graduate students visit universities.",
            type=Exchange.Type.EDUCATION,
            government=True,
            levels=[Exchange.Level.STATE],
            date=datetime.date(1995 + number, 5, 1),
            sources=0,
        )
    for number in range(5):
        make_exchange(
            title=f"Youth orchestra tour {number + 1}",
            summary="Music students perform in five cities.",
            type=Exchange.Type.CULTURAL,
            government=False,
            date=datetime.date(2015, number + 1, 10),
            sources=0,
        )
    for number in range(4):
        make_exchange(
            title=f"Vice-ministerial consultations, round {number + 1}",
            date=datetime.date(2019, number + 1, 20),
        )
    make_exchange(
        title="Unreviewed student draft", summary="Students.", status=Exchange.Status.DRAFT, sources=0
    )
