"""gunicorn settings: `gunicorn --config config/gunicorn.conf.py config.wsgi`.

Every value can be changed from the environment (see README, "Running in
production"); a command-line option such as --bind overrides this file.
"""

import os

from config.env import envbool, envint

# The settings give web processes a short statement_timeout (DATABASE_STATEMENT_TIMEOUT);
# this file is read before the application is loaded.
os.environ.setdefault("WEB_PROCESS", "true")


def cpu_count():
    """CPUs this process may run on (a container's share, not the host's)."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:
        return os.cpu_count() or 1


# Listen on every interface: in a container, or behind a proxy on the same host.
bind = [f"0.0.0.0:{envint('PORT', 8000)}"]

# The classic rule for synchronous workers: two per CPU, plus one.
workers = envint("WEB_CONCURRENCY", 2 * cpu_count() + 1)

# A worker silent for this long is killed and replaced; a page never needs more.
timeout = envint("GUNICORN_TIMEOUT", 30)
graceful_timeout = envint("GUNICORN_GRACEFUL_TIMEOUT", 30)
# A little longer than a load balancer's idle timeout is usual; 5 s suits most.
keepalive = envint("GUNICORN_KEEPALIVE", 5)

# Replace each worker after this many requests, so a slow leak never grows large. Not much sooner:
# a new worker pays its start-up on its first requests (a second of CPU on a slow core), and at
# several hundred cached pages a second a limit of 10,000 replaced each worker every half
# minute, a tenth of its time under load.
max_requests = envint("GUNICORN_MAX_REQUESTS", 100000)
max_requests_jitter = max_requests // 10

# Access and error logs to standard output, beside Django's own log lines.
accesslog = "-"
errorlog = "-"
loglevel = os.environ.get("LOG_LEVEL", "info").lower()

# Workers' heartbeat files in memory: a container's disk can stall them.
if os.path.isdir("/dev/shm"):
    worker_tmp_dir = "/dev/shm"

# No control socket for gunicornc: it defaults to one path per user, which
# several instances on one host would take from each other, and in the image
# the user has no writable home for it. Signals (HUP, TERM) manage the server.
control_socket_disable = True


def post_fork(server, worker):
    """Lets a long streamed response (a download) tell the master that the worker is alive."""
    from config import heartbeat

    heartbeat.register(worker)


# Read here, with the rest: a malformed value stops gunicorn at start, by name, not each worker.
warm_up_workers = envbool("WARM_UP", True)


def post_worker_init(worker):
    """Before the worker takes a request: what its first readers would wait for (config/warmup.py)."""
    if warm_up_workers:
        from config.warmup import warm_up

        warm_up()
