import os
import subprocess
import sys
import threading
from io import StringIO

import dj_database_url
import pytest
from django.core.management import call_command
from django.db import connection
from django.test import TestCase

from .servers import BASE_DIR, TcpProxy, database_url, documented_environment, free_port


def wait_for_db(database_url, timeout):
    return subprocess.run(
        [sys.executable, "manage.py", "wait_for_db", "--timeout", str(timeout)],
        env=documented_environment(DATABASE_URL=database_url),
        cwd=BASE_DIR,
        capture_output=True,
        text=True,
        timeout=60,
    )


class WaitForDbTests(TestCase):
    def test_it_returns_at_once_when_the_database_answers(self):
        out = StringIO()
        call_command("wait_for_db", "--timeout", "5", stdout=out)
        self.assertIn("The database answers.", out.getvalue())

    def test_it_gives_up_after_the_timeout_with_the_reason(self):
        port = free_port()  # nothing listens there
        result = wait_for_db(f"postgres://postgres@127.0.0.1:{port}/exchanges", timeout=2)
        self.assertEqual(result.returncode, 1)
        self.assertIn("Waiting for the database", result.stderr)
        self.assertIn("did not answer within 2 s", result.stderr)
        self.assertIn("Connection refused", result.stderr)


@pytest.mark.postgres
class WaitForDbOnPostgresTests(TestCase):
    def test_it_waits_for_a_database_that_comes_up_late(self):
        config = {
            **dj_database_url.parse(os.environ["DATABASE_URL"]),
            "NAME": connection.settings_dict["NAME"],
        }
        proxy = TcpProxy(
            target=(config["HOST"] or "127.0.0.1", int(config["PORT"] or 5432)), port=free_port()
        )
        starter = threading.Timer(2.5, proxy.start)  # the database "comes up" 2.5 s late
        starter.start()
        try:
            result = wait_for_db(database_url(config, "127.0.0.1", proxy.port), timeout=30)
        finally:
            starter.cancel()
            proxy.stop()
        self.assertEqual(result.returncode, 0, result.stderr)
        self.assertIn("Waiting for the database", result.stderr)
        self.assertIn("The database answers.", result.stdout)
