"""How the streamed downloads hold up with a large catalogue.

    .venv/bin/python bench/downloads.py --rows 200000
    .venv/bin/python bench/downloads.py --rows 1000000 --database postgres://postgres@127.0.0.1:5432/exchanges_bench

Fills a scratch database (a temporary SQLite file unless --database names
another; it is migrated, and must hold no exchanges unless --reuse is given,
which keeps those of an earlier run and adds only what --rows asks for more)
with generated published exchanges, each with a source, through bulk_create.
Then, after a first download of nothing that loads the site's code as a
serving worker has, it downloads /exchanges.csv and /exchanges.json whole, in this process,
and prints for each the rows per second, the bytes, and how far the process's
peak resident memory (VmHWM) grew during the download, and the CPU time this process
spent on it (the database server's is not counted): on a busy machine the elapsed time
grows, the CPU time much less. The goal for 1,000,000
rows on PostgreSQL: under 60 s and under 50 MB of growth.

With --gunicorn (and --database) it serves the database as in production instead
(bench/serve.py's gunicorn: config/gunicorn.conf.py, 2 sync workers, DEBUG off,
GUNICORN_TIMEOUT 30 s, the web's statement timeout), downloads both files over
HTTP, and prints for each the time, the bytes, the lines, whether the worker that
served it was replaced meanwhile, and the workers' peak resident memory before and
during the download: a download longer than the timeout must still arrive whole.
"""

import argparse
import datetime
import os
import random
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

WORDS = (
    "trade education climate security students governors university delegation panda orchestra "
    "summit minister dialogue agriculture health technology visit sister city Beijing Shanghai "
    "California Texas Guangdong Jiangsu exchange cooperation energy culture journalists"
).split()
BATCH = 5000


def memory_kb(field):
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1])
    return 0


def reset_peak_memory():
    # Writing 5 to clear_refs resets VmHWM to the current RSS (Linux 4.0+).
    Path("/proc/self/clear_refs").write_text("5")


def fill(first, rows):
    from django.utils import timezone

    from exchanges.models import Exchange, Source, last_day

    random.seed(12)
    kinds = [value for value, _label in Exchange.Type.choices]
    start = datetime.date(1950, 1, 1)
    made = first
    while made < rows:
        batch = []
        for number in range(made, min(made + BATCH, rows)):
            day = start + datetime.timedelta(days=random.randrange(27000))
            government = random.random() < 0.6
            batch.append(
                Exchange(
                    title=" ".join(random.choices(WORDS, k=6)).capitalize() + f" {number}",
                    slug=f"bench-exchange-{number}",
                    summary=" ".join(random.choices(WORDS, k=40)) + ".",
                    partners="\n".join(random.choices(WORDS, k=2)),
                    government=government,
                    levels=["national"] if government else [],
                    type=random.choice(kinds),
                    date=day,
                    date_last=last_day(day, "day"),
                    location=random.choice(WORDS),
                    status=Exchange.Status.PUBLISHED,
                    # As save() sets it; bulk_create does not call save().
                    published=timezone.now(),
                )
            )
        created = Exchange.objects.bulk_create(batch)
        if created[0].pk is None:  # SQLite before 3.35 returns no keys
            created = list(Exchange.objects.filter(slug__in=[e.slug for e in batch]))
        Source.objects.bulk_create(
            Source(exchange=exchange, citation=f"Bench source {exchange.slug}", url="https://example.org/")
            for exchange in created
        )
        made += len(batch)
        print(f"  {made:,} exchanges written", end="\r", flush=True)
    print()


def download(client, url):
    reset_peak_memory()
    before = memory_kb("VmRSS")
    started, cpu = time.perf_counter(), time.process_time()
    response = client.get(url)
    size = lines = 0
    for chunk in response.streaming_content:
        size += len(chunk)
        lines += chunk.count(b"\n")
    elapsed, cpu = time.perf_counter() - started, time.process_time() - cpu
    growth = (memory_kb("VmHWM") - before) / 1024
    return elapsed, cpu, size, lines, growth


def download_over_http(server, path):
    """(seconds, bytes, lines, workers' peak RSS MB, workers replaced) for one download from gunicorn."""
    import http.client

    from serve import HOST, RssSampler

    started = time.perf_counter()
    size = lines = 0
    with RssSampler(server.process.pid) as sampler:
        connection = http.client.HTTPConnection(HOST, server.port, timeout=120)
        connection.request("GET", path)
        response = connection.getresponse()
        if response.status != 200:
            sys.exit(f"{path}: {response.status}")
        while piece := response.read(1 << 20):
            size += len(piece)
            lines += piece.count(b"\n")
        connection.close()
    return time.perf_counter() - started, size, lines, sampler.peak, sampler.replaced


def through_gunicorn(database, total):
    """Serves `database` under gunicorn as in production and downloads both files from it."""
    import subprocess

    import serve

    workdir = tempfile.mkdtemp(prefix="bench-downloads-")
    static_root = f"{workdir}/static"
    environment = serve.site_environment(database, static_root, None, False)
    subprocess.run(
        [sys.executable, "manage.py", "collectstatic", "--noinput", "--verbosity", "0"],
        cwd=serve.BASE_DIR, env=environment, check=True,
    )  # fmt: skip
    with open(Path(workdir) / "gunicorn.log", "wb") as log:
        server = serve.start_site("downloads", environment, log)
        try:
            serve.wait_for(server.port, "/healthz")
            # Each worker loads the site's code on a first small download.
            for _ in range(serve.WORKERS):
                serve.fetch(server.port, "/exchanges.csv?date_before=1000-01-01")
            before = max(serve.worker_rss_mb(server.process.pid).values())
            timeout = os.environ.get("GUNICORN_TIMEOUT", "30")
            print(
                f"through gunicorn ({serve.WORKERS} sync workers, GUNICORN_TIMEOUT {timeout} s); "
                f"workers at {before:.0f} MB after a first small download:"
            )
            for path in ["/exchanges.csv", "/exchanges.json"]:
                elapsed, size, lines, peak, replaced = download_over_http(server, path)
                print(
                    f"  {path:<16} {elapsed:6.1f} s  {total / elapsed:9,.0f} rows/s  {size / 1e6:8.1f} MB  "
                    f"{lines:,} lines  workers' peak RSS {peak:5.1f} MB  replaced: {replaced}"
                )
        finally:
            serve.stop(server.process)
    print(f"gunicorn's log: {workdir}/gunicorn.log")


def main():
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--rows", type=int, default=200_000)
    parser.add_argument("--database", help="A database URL; default: a temporary SQLite file.")
    parser.add_argument(
        "--reuse",
        action="store_true",
        help="Keep the exchanges of an earlier run and add only what --rows needs more.",
    )
    parser.add_argument(
        "--gunicorn",
        action="store_true",
        help="Download over HTTP from gunicorn with production settings (needs --database).",
    )
    args = parser.parse_args()
    if args.gunicorn and not args.database:
        parser.error("--gunicorn needs --database: the server reads the same database.")

    scratch = None
    if args.database:
        os.environ["DATABASE_URL"] = args.database
    else:
        scratch = tempfile.NamedTemporaryFile(suffix=".sqlite3", delete=False)
        os.environ["DATABASE_URL"] = f"sqlite:///{scratch.name}"
    os.environ.setdefault("SECRET_KEY", "bench-only")
    os.environ["DEBUG"] = "false"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client
    from django.test.utils import setup_test_environment

    from exchanges.models import Exchange

    setup_test_environment()
    call_command("migrate", verbosity=0)
    existing = Exchange.objects.count()
    if existing and not args.reuse:
        sys.exit(f"The database already holds {existing:,} exchanges; give --reuse or an empty database.")
    if existing < args.rows:
        print(f"Writing {args.rows - existing:,} exchanges to {connection.vendor}…")
        started = time.perf_counter()
        fill(existing, args.rows)
        print(f"  in {time.perf_counter() - started:.0f} s")
    total = Exchange.objects.published().count()
    print(f"Downloading {total:,} published exchanges from {connection.vendor}:")
    if args.gunicorn:
        through_gunicorn(args.database, total)
        return
    client = Client()
    # A first download of nothing loads the site's code and settings, as a worker serving the site
    # has: the growth measured below is the download's, not the imports'.
    for url in ["/exchanges.csv?date_before=1000-01-01", "/exchanges.json?date_before=1000-01-01"]:
        download(client, url)
    for url in ["/exchanges.csv", "/exchanges.json"]:
        elapsed, cpu, size, lines, growth = download(client, url)
        print(
            f"  {url:<16} {elapsed:6.1f} s  {total / elapsed:9,.0f} rows/s  {size / 1e6:8.1f} MB  "
            f"peak RSS growth {growth:5.1f} MB  (this process's CPU: {cpu:.1f} s)"
        )
    if scratch:
        os.unlink(scratch.name)


if __name__ == "__main__":
    main()
