"""`manage.py db_worker`: django-tasks-db's worker, kept running while the database is away.

The library's worker exits on an error from the database: one met while it looks for tasks (a
restart, a failover, a network cut), or one met recording a task's outcome over a connection
that was ended during the task. Nothing then sends the emails: `make run` does not start it
again, and systemd (Restart=on-failure) gives up after five exits in ten seconds. This worker
closes its connections, waits RETRY_SECONDS and goes on looking, logging each failure. A task
whose outcome could not be recorded stays "running" in the queue; an email it was sending stays
"sending", for staff to send again (README, "For moderators").

It takes the library's name (this app comes before django_tasks_db in INSTALLED_APPS), so the
commands in the README, the Makefile, docker-compose.yml and systemd units are unchanged.
"""

import logging
import time

from django.db import connections
from django_tasks_db.management.commands import db_worker

from config.errors import DATABASE_UNAVAILABLE

logger = logging.getLogger(__name__)

RETRY_SECONDS = 5


class Worker(db_worker.Worker):
    def run(self):
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


class Command(db_worker.Command):
    def handle(self, *args, **options):
        # The library's handle() makes its worker by the name its module gives the class.
        db_worker.Worker = Worker
        super().handle(*args, **options)
