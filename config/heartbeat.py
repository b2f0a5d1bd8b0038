"""A gunicorn worker's sign of life while it streams a long response.

gunicorn's master replaces a sync worker that has not reported for GUNICORN_TIMEOUT seconds,
and a sync worker reports only between requests: a million-row download takes longer than
that. The worker registers itself when it starts (post_fork in config/gunicorn.conf.py), and a
long response calls beat() as it goes. Outside gunicorn (runserver, tests, the task worker)
nothing is registered and beat() does nothing.
"""

_worker = None


def register(worker):
    global _worker
    _worker = worker


def beat():
    if _worker is not None:
        _worker.notify()
