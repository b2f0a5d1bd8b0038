"""Django started inside a bench script, for the scripts that measure code in process
(the test client, RequestFactory or the functions themselves) rather than a served site.

    from in_process import start_django
    start_django("postgres://…")
    start_django(None, migrate=True)       # a throw-away SQLite file, removed at the script's end
"""

import atexit
import os
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))


def scratch_sqlite():
    """A temporary SQLite file's URL, the file removed when the script ends."""
    scratch = tempfile.NamedTemporaryFile(suffix=".sqlite3", delete=False)
    scratch.close()
    atexit.register(os.unlink, scratch.name)
    return f"sqlite:///{scratch.name}"


def start_django(database, migrate=False, **settings):
    """Production settings (DEBUG off) on `database` (a temporary SQLite file when None), with the
    test client's host allowed and its sessions and template contexts in place, and the schema
    migrated when `migrate`. Extra keyword arguments are further environment settings
    (PAGE_CACHE="false", say). A URL Django cannot read stops the script with the reason, not a
    traceback. Returns the database's URL."""
    database = database or scratch_sqlite()
    os.environ.update(
        DATABASE_URL=database,
        DEBUG="false",
        SECRET_KEY=os.environ.get("SECRET_KEY", "bench"),
        ALLOWED_HOSTS="testserver",
        **settings,
    )
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    import django
    from django.core.exceptions import ImproperlyConfigured

    try:
        django.setup()
    except ImproperlyConfigured as error:
        sys.exit(f"--database: {error}")
    from django.test.utils import setup_test_environment

    setup_test_environment()
    if migrate:
        from django.core.management import call_command

        call_command("migrate", verbosity=0)
    return database
