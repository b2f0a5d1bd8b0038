"""`manage.py db_worker`: django-tasks-db's worker, kept running while the database is away.

The library's worker exits on an error from the database: one met while it looks for tasks (a
restart, a failover, a network cut), or one met recording a task's outcome over a connection
that was ended during the task. Nothing then sends the emails: `make run` does not start it
again, and systemd (Restart=on-failure) gives up after five exits in ten seconds. This worker
closes its connections, waits RETRY_SECONDS and goes on looking, logging each failure. A task
whose outcome could not be recorded stays "running" in the queue; an email it was sending stays
"sending", for staff to send again (README, "For moderators").

It also hands over the emails whose hand-off to it failed (contributions/tasks.py, send_overdue):
once as it starts, then every SWEEP_SECONDS (--sweep-interval) from a thread beside the library's
loop, which has no hook of its own. A sweep that meets no database logs it and tries again at the
next one.

It takes the library's name (this app comes before django_tasks_db in INSTALLED_APPS), so the
commands in the README, the Makefile, docker-compose.yml and systemd units are unchanged.
"""

import logging
import math
import threading
import time
from argparse import ArgumentTypeError

from django.db import connections
from django_tasks_db.management.commands import db_worker

from config.errors import DATABASE_UNAVAILABLE
from contributions import tasks

logger = logging.getLogger(__name__)

RETRY_SECONDS = 5
SWEEP_SECONDS = 60


def sweep():
    """Hand over the overdue emails; a database out of reach waits for the next sweep."""
    try:
        tasks.send_overdue()
    except DATABASE_UNAVAILABLE as error:
        logger.error("Could not look for emails never handed to the worker (%s).", error)
    except Exception:
        # Whatever it is, the worker goes on sending what it is handed.
        logger.exception("Could not look for emails never handed to the worker.")


def sweep_every(seconds):
    while True:
        time.sleep(seconds)
        sweep()
        connections.close_all()  # this thread's own: the next sweep opens fresh ones


class Worker(db_worker.Worker):
    sweep_interval = SWEEP_SECONDS

    def run(self):
        sweep()  # before the first task, so `--batch` sends them too
        if not self.batch:  # which stops once the queue is empty
            threading.Thread(target=sweep_every, args=[self.sweep_interval], daemon=True).start()
        while True:
            try:
                return super().run()
            except DATABASE_UNAVAILABLE as error:
                if not self.running:  # told to stop meanwhile
                    raise
                logger.error(
                    "The database cannot be reached (%s); the worker looks again in %d s.",
                    error,
                    RETRY_SECONDS,
                )
                for connection in connections.all(initialized_only=True):
                    connection.close()
                time.sleep(RETRY_SECONDS)


def sweep_interval(value):
    """Seconds above zero: a negative pause would stop the sweeping thread at its first wait, zero
    would look without one. (A word argparse reports as an invalid value.)"""
    seconds = float(value)
    if not math.isfinite(seconds):
        raise ArgumentTypeError("must be a finite number of seconds")
    if seconds <= 0:
        raise ArgumentTypeError("must be greater than zero")
    return seconds


class Command(db_worker.Command):
    def add_arguments(self, parser):
        super().add_arguments(parser)
        parser.add_argument(
            "--sweep-interval",
            type=sweep_interval,
            default=SWEEP_SECONDS,
            help=f"Seconds between looks for emails never handed to the worker (default: {SWEEP_SECONDS}).",
        )

    def handle(self, *args, sweep_interval, **options):
        # The library's handle() makes its worker by the name its module gives the class.
        db_worker.Worker = type("Worker", (Worker,), {"sweep_interval": sweep_interval})
        super().handle(*args, **options)
