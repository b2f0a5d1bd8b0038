"""Two moderators deciding the same submission at the same moment, on SQLite (`make run`'s database).

As test_concurrent_moderation.py does on PostgreSQL, through a real server with several
processes on one SQLite file: each round must end with one decision and the other moderator
told that it was already decided, never an error page. SQLite has one writer at a time; a
transaction that read first and then wrote was refused at once ("database is locked") when
another had written meanwhile, and the moderator got a server error.
"""

import json
import sqlite3

import pytest

from .servers import Browser, documented_environment, run_manage, served
from .test_concurrent_moderation import PASSWORD, ROUNDS, SET_UP, decide_at_once

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
    with served(environment, {"NAME": str(database)}, tmp_path) as running:
        yield running


def test_two_moderators_at_the_same_moment_take_one_decision_every_time(site):
    output = run_manage(site.environment, "shell", "--no-imports", "-c", SET_UP).stdout
    rounds = json.loads(output.strip().splitlines()[-1])
    ana, ben = Browser(site), Browser(site)
    ana.log_in("ana", PASSWORD)
    ben.log_in("ben", PASSWORD)
    for number, submission in enumerate(rounds):
        decide_at_once(site, {"ana": ana, "ben": ben}, number, submission)

    with sqlite3.connect(site.database["NAME"]) as connection:
        pending = connection.execute("SELECT count(*) FROM contributions_submission WHERE status = 'pending'")
        decisions = connection.execute(
            "SELECT count(*) FROM contributions_emaildelivery WHERE kind = 'decision'"
        )
        assert (pending.fetchone()[0], decisions.fetchone()[0]) == (0, ROUNDS)
