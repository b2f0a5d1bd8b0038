"""PostgreSQL for web processes: a statement that gets no answer at all is cut off.

statement_timeout (DATABASE_STATEMENT_TIMEOUT) makes the server give up on a
slow statement, and TCP keepalives notice a server that is gone. Neither helps
when the network path stalls: the statement never reaches the server, and
whatever sits between (a proxy, a NAT, a load balancer) keeps the connection
looking alive. Then libpq waits for ever and gunicorn kills the worker.

So every round trip of a web process (queries, commits, rollbacks, the health
check of a kept connection) is watched: one that has had no answer a little
after the statement timeout has its socket shut down from this side. psycopg
then raises OperationalError, the reader gets the 503 page, Django drops the
broken connection, and the next request opens a new one (bounded by
connect_timeout), so the site recovers by itself.
"""

import contextlib
import itertools
import logging
import os
import socket
import threading
import time

from django.db.backends.postgresql import base

logger = logging.getLogger(__name__)


class Watchdog:
    """One thread per process that shuts down the sockets of round trips past their deadline."""

    def __init__(self):
        self.lock = threading.Lock()
        self.watched = {}
        self.tokens = itertools.count()
        self.thread = None

    @contextlib.contextmanager
    def watching(self, database, seconds):
        psycopg_connection = database.connection
        if psycopg_connection is None or not seconds or psycopg_connection.closed:
            # Nothing to wait on: a lost connection (ended by the server, cut off) fails at once,
            # where reading its socket raised, even from is_usable(), which must answer False.
            yield
            return
        token = next(self.tokens)
        with self.lock:
            self.watched[token] = (time.monotonic() + seconds, psycopg_connection.pgconn.socket)
            if self.thread is None or not self.thread.is_alive():
                self.thread = threading.Thread(target=self.run, name="database-watchdog", daemon=True)
                self.thread.start()
        try:
            yield
        finally:
            with self.lock:
                self.watched.pop(token, None)

    def run(self):
        while True:
            time.sleep(0.2)
            now = time.monotonic()
            with self.lock:
                expired = [token for token, (deadline, _) in self.watched.items() if deadline < now]
                sockets = [self.watched.pop(token)[1] for token in expired]
            for fileno in sockets:
                logger.error("The database gave no answer in time: closing the connection.")
                with contextlib.suppress(OSError):
                    with socket.socket(fileno=os.dup(fileno)) as stalled:
                        stalled.shutdown(socket.SHUT_RDWR)


watchdog = Watchdog()


class DatabaseWrapper(base.DatabaseWrapper):
    """Django's PostgreSQL backend; ANSWER_WITHIN (seconds, in the database's settings) bounds each wait."""

    def __init__(self, settings_dict, *args, **kwargs):
        super().__init__(settings_dict, *args, **kwargs)
        self.answer_within = settings_dict.get("ANSWER_WITHIN", 0)
        self.execute_wrappers.append(self.watched_execute)

    def watched_execute(self, execute, sql, params, many, context):
        with watchdog.watching(self, self.answer_within):
            return execute(sql, params, many, context)

    def _commit(self):
        with watchdog.watching(self, self.answer_within):
            return super()._commit()

    def _rollback(self):
        with watchdog.watching(self, self.answer_within):
            return super()._rollback()

    def is_usable(self):
        with watchdog.watching(self, self.answer_within):
            return super().is_usable()
