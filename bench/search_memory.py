"""A gunicorn worker's memory while it serves searches that no cache answers.

    .venv/bin/python bench/search_memory.py --database postgres://postgres@127.0.0.1:5432/bench_1m

A moderator's lists and every list with PAGE_CACHE=false are rendered for each request: the
worker reads up to COUNT_CAP + 1 rows for the counts each time (ExchangeFilter._first_rows).
Starts the site under gunicorn with production settings, one worker and the page cache off, waits
for its warm-up, then loads each search --loads times in a row (--seconds each, --connections at
once, with wrk when installed) and prints, after each load, the requests/s, the worker's peak
resident memory during the load and its memory after it.
"""

import argparse
import sys
import tempfile
import time
from pathlib import Path

BENCH = Path(__file__).resolve().parent
sys.path.insert(0, str(BENCH))

from first_requests import one_worker_environment, ready  # noqa: E402
from serve import STARTED_SECONDS, load, start_site, stop, worker_rss_mb  # noqa: E402

SEARCHES = [
    "/exchanges/?q=naiza",
    "/exchanges/?q=trade+visit&type=education&level=national",
    "/exchanges/?q=trade&sort=relevance",
]


def main():
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--database", required=True, help="The database's URL (PostgreSQL or SQLite).")
    parser.add_argument("--loads", type=int, default=4, help="Loads of each search in a row (default 4).")
    parser.add_argument("--seconds", type=int, default=6, help="Seconds each load runs (default 6).")
    parser.add_argument("--connections", type=int, default=2, help="Connections at once (default 2).")
    parser.add_argument("--python-load", action="store_true", help="Use the Python load generator, not wrk.")
    parser.add_argument("--max-requests", type=int, default=100_000, help=argparse.SUPPRESS)
    parser.add_argument("paths", nargs="*", default=SEARCHES, help="Pages to load (default: three searches).")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory() as static_root:
        environment = one_worker_environment(args.database, static_root)
        with open(Path(static_root) / "gunicorn.log", "wb") as log:
            for path in args.paths:
                # A worker of its own for each search: what one leaves does not count to the next.
                server = start_site("searches", environment, log)
                try:
                    ready(server.port)
                    time.sleep(STARTED_SECONDS)  # The warm-up's reading of the synonyms (config/warmup.py).
                    started = max(worker_rss_mb(server.process.pid).values())
                    print(f"{path}  (worker at start: {started:.0f} MB)")
                    print(f"{'load':>6} {'req/s':>8} {'errors':>7} {'peak MB':>8} {'after MB':>9}")
                    for number in range(1, args.loads + 1):
                        measured = load(server, path, args)
                        after = max(worker_rss_mb(server.process.pid).values())
                        print(
                            f"{number:>6} {measured['rps']:>8.2f} {measured['errors']:>7} "
                            f"{measured['rss']:>8.0f} {after:>9.0f}"
                        )
                finally:
                    stop(server.process)


if __name__ == "__main__":
    main()
