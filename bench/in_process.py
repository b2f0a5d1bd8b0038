"""Django started inside a bench script, for the scripts that measure code in process
(the test client, RequestFactory or the functions themselves) rather than a served site.

    from in_process import start_django
    start_django("postgres://…")          # or scratch_sqlite() for a throw-away file
"""

import os
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))


def scratch_sqlite():
    """A temporary SQLite file's URL and path; the caller removes the file when done."""
    scratch = tempfile.NamedTemporaryFile(suffix=".sqlite3", delete=False)
    scratch.close()
    return f"sqlite:///{scratch.name}", scratch.name


def start_django(database, **settings):
    """Production settings (DEBUG off) on `database`, with the test client's host allowed and
    its sessions and template contexts in place. Extra keyword arguments are further
    environment settings (PAGE_CACHE="false", say). A URL Django cannot read stops the
    script with the reason, not a traceback."""
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
