"""What a new gunicorn worker's first requests cost, with its warm-up (config/warmup.py) and without.

    .venv/bin/python bench/first_requests.py --database postgres://postgres@127.0.0.1:5432/bench_1m

Starts the site under gunicorn with production settings and one worker (the page cache off, so
every request renders), waits until /healthz answers and then --delay seconds more (a worker
replaced under load gets its first request at once; one started by a deploy, as soon as the load
balancer sees it healthy), and times one request each to an exchange's page, a search, the list
and the home page, then the same pages again. Each of WARM_UP=true and WARM_UP=false is started
--rounds times, in turns; it prints the median of each request's time in ms.
"""

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

BENCH = Path(__file__).resolve().parent
sys.path.insert(0, str(BENCH))

from serve import BASE_DIR, collect_static, fetch, site_environment, start_site, stop, wait_for  # noqa: E402


def one_worker_environment(database, static_root):
    """The site's environment with one gunicorn worker and the page cache off, its static files
    collected into `static_root`: every request is rendered by the one worker measured."""
    environment = site_environment(database, static_root, None, False)
    environment["WEB_CONCURRENCY"] = "1"
    collect_static(environment)
    return environment


def ready(port):
    """Once the worker answers /healthz, polled finely: the first request follows it at once."""
    wait_for(port, "/healthz", interval=0.05)


def first_requests(environment, paths, delay, log):
    """{page (first or again): ms} of one freshly started worker; `paths`: [(page, path)]."""
    server = start_site("first", environment, log)
    try:
        ready(server.port)
        time.sleep(delay)
        timed = {}
        for label in ("first", "again"):
            for name, path in paths:
                started = time.perf_counter()
                status, _body = fetch(server.port, path)
                if status != 200:
                    raise SystemExit(f"{path} answered {status}.")
                timed[f"{name} ({label})"] = (time.perf_counter() - started) * 1000
        return timed
    finally:
        stop(server.process)


def exchange_path(database):
    """An exchange in the middle of the catalogue, found through the site's own models."""
    code = (
        "import django; django.setup(); from exchanges.models import Exchange; "
        "published = Exchange.objects.published().order_by('pk'); "
        "print(published.values_list('slug', flat=True)[published.count() // 2])"
    )
    environment = site_environment(database, "", None, False)
    environment["DJANGO_SETTINGS_MODULE"] = "config.settings"
    slug = subprocess.run(
        [sys.executable, "-c", code],
        cwd=BASE_DIR,
        env=environment,
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    return f"/exchanges/{slug}/"


def main():
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--database", required=True, help="The database's URL (PostgreSQL or SQLite).")
    parser.add_argument("--rounds", type=int, default=3, help="Starts of each kind (default 3).")
    parser.add_argument(
        "--delay", type=float, default=2.0, help="Seconds between /healthz answering and the first request."
    )
    parser.add_argument(
        "--word", default="naiza", help="The word searched for (default: the bench's 'naiza')."
    )
    args = parser.parse_args()

    paths = [
        ("exchange page", exchange_path(args.database)),
        (f"search, q={args.word}", f"/exchanges/?q={args.word}"),
        ("list", "/exchanges/"),
        ("home", "/"),
    ]
    results = {"true": [], "false": []}
    with tempfile.TemporaryDirectory() as static_root:
        base = one_worker_environment(args.database, static_root)
        with open(Path(static_root) / "gunicorn.log", "wb") as log:
            for _round in range(args.rounds):
                for warm in results:
                    results[warm].append(first_requests({**base, "WARM_UP": warm}, paths, args.delay, log))
    print(
        f"median of {args.rounds} worker starts, ms; first request {args.delay:g} s after /healthz answered"
    )
    print(f"{'request':30} {'WARM_UP=true':>13} {'WARM_UP=false':>14}")
    for name in results["true"][0]:
        with_, without = (statistics.median(run[name] for run in results[warm]) for warm in ("true", "false"))
        print(f"{name:30} {with_:13.1f} {without:14.1f}")


if __name__ == "__main__":
    main()
