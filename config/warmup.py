"""A gunicorn worker's start-up, paid before its readers pay it (config/gunicorn.conf.py).

A new worker (a deploy, a restart, one replaced after GUNICORN_MAX_REQUESTS) loaded on its first
requests what it then keeps: the URLconf with every view module behind it, the site's templates,
and, for the first search, the synonyms read from every entity's names. On the generated million
its first exchange page took 229 ms against 13 ms after, and its first search 1.27 s against 0.09 s
(bench/first_requests.py).

The URLconf and the templates are loaded, and the code's version that keys the cached pages is read
(exchanges/cache.py), as the worker starts, before it takes a request; none of them needs the
database. The synonyms are read in a thread beside the worker's first requests: a database
that is away at that moment must not hold up the start of a worker, which then answers with the 503
page at once, and synonyms made without the entities' names would be kept for minutes.
WARM_UP=false leaves it all to the first requests.
"""

import logging
import threading
import time
from pathlib import Path

from django.conf import settings
from django.db import OperationalError, connection, connections
from django.template import TemplateDoesNotExist, TemplateSyntaxError, engines
from django.urls import reverse

from exchanges.cache import code_version

logger = logging.getLogger(__name__)


def warm_up():
    """Load the URLconf and the site's templates now, and start reading the synonyms in a thread;
    returns the thread. A failure is logged: the worker starts regardless."""
    started = time.monotonic()
    try:
        # Imports the URLconf and every view module it names, and builds the reverse lookups.
        reverse("exchanges:list")
        compiled = compile_templates()
        # The digest that keys its cached pages, read from the code's files.
        code_version()
    except Exception:
        logger.warning("A worker's warm-up failed; its first requests load what it could not", exc_info=True)
    else:
        took = (time.monotonic() - started) * 1000
        logger.info("Worker warmed up in %.0f ms (%d templates).", took, compiled)
    thread = threading.Thread(target=read_synonyms, name="warm-up", daemon=True)
    thread.start()
    return thread


def compile_templates():
    """Compile each of the site's own templates (not the admin's) into the cached loader; returns
    how many. An include is compiled when first rendered, so each is asked for by name."""
    engine = engines["django"]
    compiled = 0
    for folder in settings.TEMPLATES[0]["DIRS"]:
        for path in sorted(Path(folder).rglob("*.html")):
            name = path.relative_to(folder).as_posix()
            if name.startswith("admin/"):
                continue
            try:
                engine.get_template(name)
            except (TemplateDoesNotExist, TemplateSyntaxError):
                # Found and reported when a page renders it, as without the warm-up.
                continue
            compiled += 1
    return compiled


def read_synonyms():
    """The search's synonyms, read once the database answers (exchanges/search.py, synonyms)."""
    from exchanges.search import synonyms

    try:
        connection.ensure_connection()
    except OperationalError:
        logger.warning("The database did not answer a worker's warm-up: its first search reads the synonyms")
        return
    try:
        synonyms()
    except Exception:
        logger.warning("A worker's warm-up could not read the synonyms", exc_info=True)
    finally:
        # This thread's own connection: no request will close it.
        connections.close_all()
