"""What an exchange's page costs in Python when nothing is cached: CPU time a request, in process.

    .venv/bin/python bench/page_cpu.py                        # the starter catalogue in SQLite
    .venv/bin/python bench/page_cpu.py --database postgres://postgres@127.0.0.1:5432/bench_1m
    .venv/bin/python bench/page_cpu.py --profile 25           # and the 25 functions costing most

The live exchange page of bench/serve.py (page cache off) is bound by the processor: a served
request costs this much of one core before gunicorn's, the database's and the load generator's
shares. This script asks --pages exchanges' pages (spread over the catalogue, newest to oldest)
through Django's handler with production settings and the page cache off, --runs rounds of
--requests each after a warm-up, and prints each page's median CPU milliseconds a request and the
median over all of them. CPU time, not wall time: another program sharing the cores moves it less.
A database named is migrated to the current schema first (as bench/serve.py does); without
--database, the starter catalogue is loaded into a throw-away SQLite file.
"""

import argparse
import atexit
import cProfile
import pstats
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from in_process import start_django  # noqa: E402


def main():
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--database", help="a database URL (default: the starter catalogue in SQLite)")
    parser.add_argument("--pages", type=int, default=5, help="how many exchanges' pages (default 5)")
    parser.add_argument("--requests", type=int, default=100, help="requests a round (default 100)")
    parser.add_argument("--runs", type=int, default=3, help="rounds a page (default 3)")
    parser.add_argument("--profile", type=int, default=0, metavar="N", help="print the N costliest functions")
    args = parser.parse_args()
    for name in ("pages", "requests", "runs"):
        if getattr(args, name) < 1:
            parser.error(f"--{name} takes a whole number above zero")
    if args.profile < 0:
        parser.error("--profile takes a whole number, 0 for no profile")

    static_root = tempfile.mkdtemp(prefix="page-cpu-static-")
    atexit.register(shutil.rmtree, static_root, True)
    start_django(args.database, migrate=True, PAGE_CACHE="false", STATIC_ROOT=static_root)
    from django.core.management import call_command
    from django.test import Client
    from django.test.utils import teardown_test_environment

    # The test environment records every template rendered, which a served page never pays.
    teardown_test_environment()
    call_command("collectstatic", "--no-input", verbosity=0)
    from exchanges.models import Exchange

    if not args.database:
        call_command("seed_exchanges", "--if-empty", verbosity=0)
    slugs = list(Exchange.objects.published().order_by("-date", "pk").values_list("slug", flat=True))
    if not slugs:
        sys.exit("No published exchange in this database.")
    step = max(1, len(slugs) // args.pages)
    chosen = slugs[::step][: args.pages]

    client = Client()
    medians = []
    for slug in chosen:
        url = f"/exchanges/{slug}/"
        for _ in range(10):
            assert client.get(url).status_code == 200, url
        rounds = []
        for _ in range(args.runs):
            started = time.process_time()
            for _ in range(args.requests):
                client.get(url)
            rounds.append((time.process_time() - started) / args.requests * 1000)
        medians.append(statistics.median(rounds))
        print(f"{medians[-1]:7.2f} ms CPU a request  {url}")
    rounds = f"{args.runs} rounds of {args.requests}"
    print(f"{statistics.median(medians):7.2f} ms median of {len(chosen)} pages, {rounds}")

    if args.profile:
        profile = cProfile.Profile()
        profile.enable()
        for slug in chosen:
            for _ in range(args.requests // len(chosen) or 1):
                client.get(f"/exchanges/{slug}/")
        profile.disable()
        pstats.Stats(profile).sort_stats("tottime").print_stats(args.profile)


if __name__ == "__main__":
    main()
