"""A Redis that stalls costs a process one timeout, then is left alone until it answers again
(config/cache.py); a change made meanwhile retires the pages kept from before it once it does.

The cache is a real Redis reached through a TCP proxy the test stalls: connections are accepted and
nothing comes back, as on a network path that drops packets or a server that is paused."""

import os
import subprocess
import sys
import time

import pytest
from django.conf import settings
from django.core.cache import cache
from django.test import override_settings

from config import cache as cache_module
from config.cache import Resting, redis_cache
from exchanges import cache as page_cache
from tests.production.servers import TcpProxy, free_port, wait_until

RETRY_AFTER = 1.0


@pytest.fixture
def proxy():
    proxy = TcpProxy(target=("127.0.0.1", 6379), port=free_port())
    proxy.start()
    yield proxy
    proxy.resume()
    proxy.stop()


@pytest.fixture
def redis(proxy):
    """The site's cache on a Redis of its own (database 13), with a fresh breaker."""
    cache_module._breakers.clear()
    page_cache._owed.clear()
    caches = {"default": redis_cache(f"redis://127.0.0.1:{proxy.port}/13", RETRY_AFTER)}
    # As the settings have it with REDIS_URL: each error django-redis ignores is logged.
    with override_settings(
        CACHES=caches, DJANGO_REDIS_LOG_IGNORED_EXCEPTIONS=True, DJANGO_REDIS_LOGGER="config.cache"
    ):
        cache.clear()
        yield cache
        cache_module._breakers.clear()
        page_cache._owed.clear()


def timed(function, *args):
    started = time.monotonic()
    result = function(*args)
    return result, time.monotonic() - started


def test_a_stalled_redis_costs_one_timeout_then_every_call_fails_at_once(redis, proxy, caplog):
    redis.set("greeting", "hello")
    proxy.stall()
    _, first = timed(redis.get, "greeting")
    assert 0.9 < first < 2.5  # SOCKET_TIMEOUT, 1 s
    started = time.monotonic()
    answers = [redis.get("greeting") for _ in range(20)] + [redis.set("other", 1) for _ in range(10)]
    assert time.monotonic() - started < 0.2  # rather than 30 s
    assert answers == [None] * 30
    # One line says so; the calls not made log nothing each.
    errors = [record.getMessage() for record in caplog.records if record.name == "config.cache"]
    assert errors.count("Exception ignored") == 1
    assert "The cache does not answer; it is not asked again for 1 s" in errors


def test_it_is_asked_again_after_the_rest_and_used_as_before(redis, proxy, caplog):
    redis.set("greeting", "hello")
    proxy.stall()
    assert redis.get("greeting") is None
    proxy.resume()
    assert redis.get("greeting") is None  # still resting
    time.sleep(RETRY_AFTER + 0.1)
    assert redis.get("greeting") == "hello"
    assert redis.set("greeting", "again") and redis.get("greeting") == "again"
    assert "The cache answers again" in caplog.text


def test_a_redis_still_stalled_after_the_rest_costs_one_more_timeout(redis, proxy):
    proxy.stall()
    redis.get("greeting")
    time.sleep(RETRY_AFTER + 0.1)
    _, trial = timed(redis.get, "greeting")
    assert trial > 0.9
    _, after = timed(redis.get, "greeting")
    assert after < 0.05


def test_an_error_that_redis_sends_is_an_answer(redis, proxy):
    client = redis.client.get_client(write=True)
    for _ in range(3):
        with pytest.raises(Exception, match="unknown command"):
            client.execute_command("NO-SUCH-COMMAND")
    redis.set("greeting", "hello")
    assert redis.get("greeting") == "hello"


@pytest.mark.django_db
def test_the_health_check_says_degraded_at_once_while_redis_rests(redis, proxy, client):
    proxy.stall()
    redis.get("greeting")
    response, seconds = timed(client.get, "/healthz")
    assert response.json()["cache"] == "degraded"
    assert seconds < 0.5
    with pytest.raises(Resting):
        redis.client.get_client(write=True).ping()


@pytest.mark.django_db
@override_settings(PAGE_CACHE=True)
def test_a_change_made_while_redis_is_out_of_reach_retires_the_pages_kept_before_it(
    redis, proxy, client, caplog, django_capture_on_commit_callbacks
):
    before = page_cache.catalogue_version()
    client.get("/about/")
    assert any(f"page:{before}:" in key.decode() for key in redis_keys(redis))
    assert client.get("/about/").context is None  # from the cache
    # Cut off rather than stalled: a stalled proxy would deliver the bump late, when it resumes.
    proxy.stop()
    # A moderator's publish, committed, while nothing can be written: the bump that counts is the
    # one at commit.
    with django_capture_on_commit_callbacks(execute=True):
        page_cache.bump_catalogue_version()
    assert "cannot be bumped; it will be when the cache answers" in caplog.text
    proxy.start()
    assert page_cache.catalogue_version() is None  # resting: pages are rendered, not looked up
    wait_until(
        lambda: page_cache.catalogue_version() not in (None, before), timeout=5, message="a new version"
    )
    assert not page_cache._owed
    # Rendered afresh, not the page kept from before the change.
    assert client.get("/about/").context is not None


def redis_keys(redis):
    return redis.client.get_client(write=False).keys("*")


# A process (as `manage.py import_exchanges` is) that changes the catalogue while Redis is out of
# reach, then waits for a line on its standard input before it ends.
CHANGES_THEN_ENDS = """
import sys
import django
django.setup()
from exchanges.cache import bump_catalogue_version
bump_catalogue_version()
print("changed", flush=True)
sys.stdin.readline()
"""


def run_changes_then_ends(proxy, redis_back_before_the_end):
    environment = {
        **{key: value for key, value in os.environ.items() if key not in {"DATABASE_URL", "DEBUG"}},
        "DJANGO_SETTINGS_MODULE": "config.settings",
        "SECRET_KEY": "k",
        "REDIS_URL": f"redis://127.0.0.1:{proxy.port}/13",
        "CACHE_RETRY_SECONDS": "0",  # so that the try at the end is not skipped
    }
    process = subprocess.Popen(
        [sys.executable, "-c", CHANGES_THEN_ENDS],
        env=environment,
        cwd=settings.BASE_DIR,
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        lines = []
        while not lines or lines[-1] not in ("changed\n", ""):  # its log lines come first
            lines.append(process.stdout.readline())
        assert lines[-1] == "changed\n", "".join(lines)
        if redis_back_before_the_end:
            proxy.start()
        output, _ = process.communicate("\n", timeout=30)
    finally:
        process.kill()
    return "".join(lines) + output


def test_a_command_that_ends_owing_a_bump_writes_it_as_it_ends(redis, proxy):
    before = page_cache.catalogue_version()
    proxy.stop()
    output = run_changes_then_ends(proxy, redis_back_before_the_end=True)
    assert "cannot be bumped; it will be when the cache answers" in output
    assert "was not bumped" not in output
    assert page_cache.catalogue_version() not in (None, before)


def test_a_command_that_cannot_write_it_at_its_end_says_so(redis, proxy):
    proxy.stop()
    output = run_changes_then_ends(proxy, redis_back_before_the_end=False)
    assert "was not bumped: readers may get pages from before this process's changes" in output
