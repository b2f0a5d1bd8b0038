"""Two moderators deciding the same submission at the same moment, on SQLite (`make run`'s database).

As test_concurrent_moderation.py does on PostgreSQL, through a real server with several
processes on one SQLite file: each round must end with one decision and the other moderator
told that it was already decided, never an error page. SQLite has one writer at a time; a
transaction that read first and then wrote was refused at once ("database is locked") when
another had written meanwhile, and the moderator got a server error.
"""

import json
import sqlite3
import sys
import threading

import pytest

from .servers import (
    Browser,
    LiveSite,
    Process,
    documented_environment,
    fetch,
    free_port,
    run_manage,
    wait_until,
)
from .test_concurrent_moderation import PASSWORD, PLANS, ROUNDS, SET_UP, moderate

pytestmark = pytest.mark.sqlite


@pytest.fixture
def site(tmp_path):
    database = tmp_path / "db.sqlite3"
    environment = documented_environment(
        DATABASE_URL=f"sqlite:///{database}",
        REDIS_URL=None,
        ALLOWED_HOSTS="127.0.0.1",
        CSRF_TRUSTED_ORIGINS="",
        HTTPS="false",
        BEHIND_PROXY="false",
        STATIC_ROOT=str(tmp_path / "static"),
        WEB_CONCURRENCY="3",
        PYTHONUNBUFFERED="1",
    )
    environment = {name: value for name, value in environment.items() if value is not None}
    run_manage(environment, "collectstatic", "--no-input")
    run_manage(environment, "migrate", "--no-input")
    port = free_port()
    gunicorn = Process(
        [sys.executable, "-m", "gunicorn", "--config", "config/gunicorn.conf.py"]
        + ["--bind", f"127.0.0.1:{port}", "config.wsgi"],
        environment,
        tmp_path / "gunicorn.log",
    )
    try:
        wait_until(lambda: not gunicorn.alive() or fetch(port, "/healthz"), timeout=30, message="gunicorn")
        assert gunicorn.alive(), gunicorn.log()
        yield LiveSite(port, gunicorn, environment, {"NAME": str(database)}, tmp_path)
    finally:
        gunicorn.stop()


def test_two_moderators_at_the_same_moment_take_one_decision_every_time(site):
    output = run_manage(site.environment, "shell", "--no-imports", "-c", SET_UP).stdout
    rounds = json.loads(output.strip().splitlines()[-1])
    ana, ben = Browser(site), Browser(site)
    ana.log_in("ana", PASSWORD)
    ben.log_in("ben", PASSWORD)
    for number, submission in enumerate(rounds):
        plan = PLANS[number % len(PLANS)]
        for browser in (ana, ben):
            assert browser.get(f"/admin/contributions/submission/{submission['pk']}/change/").status == 200
        barrier = threading.Barrier(2)
        pages = {}
        threads = [
            threading.Thread(target=moderate, args=(barrier, pages, "ana", ana, *plan[0], submission)),
            threading.Thread(target=moderate, args=(barrier, pages, "ben", ben, *plan[1], submission)),
        ]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=60)
        for name, page in pages.items():
            assert page.status == 200, f"round {number}, {name}: {page.status}\n{site.gunicorn.log()}"
        told = [name for name, page in pages.items() if "Already decided" in page.text]
        decided = [name for name, page in pages.items() if "submission is now" in page.text]
        assert len(told) == 1 and len(decided) == 1, f"round {number} {plan}: told {told}, decided {decided}"

    with sqlite3.connect(site.database["NAME"]) as connection:
        pending = connection.execute("SELECT count(*) FROM contributions_submission WHERE status = 'pending'")
        decisions = connection.execute(
            "SELECT count(*) FROM contributions_emaildelivery WHERE kind = 'decision'"
        )
        assert (pending.fetchone()[0], decisions.fetchone()[0]) == (0, ROUNDS)
