"""Test-wide set-up.

Tests marked ``postgres`` exercise what only PostgreSQL does (its full-text
search, row locks); tests marked ``sqlite`` exercise the embedded FTS5 index.
Each kind is deselected, with one line saying so, when the suite runs on the
other database: .ci/run runs the suite on both, so nothing is left unrun there.
"""

import datetime
import os

import pytest
from django.conf import settings
from django.db import connection
from django.test import override_settings

from tests import summary

# The browser tests' screenshots of a run go to one folder named by this time, whichever
# process took them: the processes of a run split over several (`pytest -n`) inherit it.
os.environ.setdefault("E2E_RUN_STARTED", f"{datetime.datetime.now(datetime.UTC):%Y%m%d-%H%M%S}")


def pytest_configure(config):
    # Hashing test passwords slowly proves nothing and costs seconds.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    # Views are tested as rendered (their context, their queries); the page cache has its own
    # tests (tests/exchanges/test_page_cache.py), which turn it on.
    settings.PAGE_CACHE = False


def pytest_collection_modifyitems(config, items):
    vendor = connection.vendor
    other = {"postgresql": "sqlite", "sqlite": "postgres"}.get(vendor)
    keep, drop = [], []
    for item in items:
        (drop if other and item.get_closest_marker(other) else keep).append(item)
    if drop:
        config.hook.pytest_deselected(items=drop)
        items[:] = keep
        summary.say_at_the_end(
            config,
            f"{len(drop)} test(s) for {other} deselected: this run uses {vendor} "
            f"(DATABASE_URL selects the database).",
        )


def pytest_terminal_summary(terminalreporter, config):
    for line in summary.lines(config):
        terminalreporter.write_line(line)


# A run split over processes (`pytest -n auto`, as `make test` and CI run): see tests/scheduling.py.
@pytest.hookimpl(optionalhook=True)
def pytest_xdist_make_scheduler(config, log):
    if config.getvalue("dist") != "load":  # xdist's default with -n; another one asked for is kept
        return None
    from tests.scheduling import InSortedOrder

    return InSortedOrder(config, log)


@pytest.hookimpl(optionalhook=True)
def pytest_testnodedown(node, error):
    summary.take_from_worker(node.config, node)


@pytest.fixture(autouse=True)
def _no_cache_bleed():
    """Each test starts with an empty cache (rate limits, cached pages)."""
    from django.core.cache import cache

    cache.clear()
    yield


@pytest.fixture(autouse=True, scope="session")
def _tasks_run_at_once():
    """Tasks (the emails) run as soon as they are enqueued, in the test's own thread.

    Tests where timing matters start a real `manage.py db_worker` instead
    (tests/production/test_worker.py).
    """
    with override_settings(
        TASKS={"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    ):
        yield


@pytest.fixture(autouse=True, scope="session")
def _static_files_without_collectstatic(tmp_path_factory):
    """Templates link static files by their plain names.

    Production's manifest storage needs `collectstatic` to have run first;
    tests/production/test_static.py and test_real_server.py run it and check
    the hashed names, the rest of the suite does not need them. STATIC_ROOT is
    an empty directory of the run's own, so files a developer collected play no
    part (and WhiteNoise finds the directory it expects).
    """
    plain = {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}
    with override_settings(
        STORAGES={**settings.STORAGES, "staticfiles": plain},
        STATIC_ROOT=tmp_path_factory.mktemp("static_root"),
    ):
        yield
