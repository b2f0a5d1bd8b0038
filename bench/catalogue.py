"""How the catalogue's pages hold up as the table grows.

    .venv/bin/python bench/catalogue.py --rows 100000
    .venv/bin/python bench/catalogue.py --rows 1000000 --database postgres://postgres@127.0.0.1:5432/exchanges_bench

Fills a scratch database (a temporary SQLite file unless --database names
another; it must hold no exchanges) with generated published exchanges, then
requests the list page the way readers do and prints the median time of each
request over several runs, with the number of queries it made.
"""

import argparse
import datetime
import os
import random
import statistics
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

URLS = [
    "/exchanges/",
    "/exchanges/?page=400",
    "/exchanges/?type=education&level=state",
    "/exchanges/?date_after=2010&date_before=2012-06",
    "/exchanges/?government=no&continuing=yes&sort=title",
    "/exchanges/?q=panda",
    "/exchanges/?q=climate+summit&sort=relevance",
    "/exchanges/?q=students&type=education&date_after=2015",
]


def main():
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--database", help="A database URL; default: a temporary SQLite file.")
    args = parser.parse_args()

    scratch = None
    if not args.database:
        scratch = tempfile.NamedTemporaryFile(suffix=".sqlite3", delete=False)
        args.database = f"sqlite:///{scratch.name}"
    os.environ.update(
        DATABASE_URL=args.database, DEBUG="false", SECRET_KEY="bench", ALLOWED_HOSTS="testserver"
    )
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from exchanges.models import Exchange

    call_command("migrate", verbosity=0)
    if Exchange.objects.exists():
        sys.exit("That database already holds exchanges; give --database an empty scratch database.")

    started = time.perf_counter()
    fill(Exchange, args.rows)
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE exchanges_exchange")
    else:
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    print(f"{connection.vendor}: {args.rows:,} exchanges inserted in {time.perf_counter() - started:.1f} s")

    client = Client()
    print(f"{'median ms':>10} {'queries':>8}  url")
    for url in URLS:
        timings = []
        for _ in range(args.runs):
            with CaptureQueriesContext(connection) as queries:
                start = time.perf_counter()
                response = client.get(url)
                timings.append((time.perf_counter() - start) * 1000)
            assert response.status_code == 200, (url, response.status_code)
        print(f"{statistics.median(timings):10.1f} {len(queries):8d}  {url}")

    if scratch:
        os.unlink(scratch.name)


def fill(Exchange, rows, batch=5000):
    randomiser = random.Random(1)
    types = [choice for choice, _ in Exchange.Type.choices]
    levels = [choice for choice, _ in Exchange.Level.choices]
    start = datetime.date(1950, 1, 1)
    for offset in range(0, rows, batch):
        objects = []
        for number in range(offset, min(rows, offset + batch)):
            government = randomiser.random() < 0.6
            day = start + datetime.timedelta(days=randomiser.randrange(27_000))
            title = " ".join(randomiser.choices(WORDS, k=5)).capitalize()
            objects.append(
                Exchange(
                    title=title,
                    slug=f"bench-{number}",
                    summary=" ".join(randomiser.choices(WORDS, k=40)),
                    government=government,
                    type=randomiser.choice(types),
                    levels=[randomiser.choice(levels)] if government else [],
                    date=day,
                    date_last=day,
                    continuing=randomiser.random() < 0.2,
                    location=randomiser.choice(WORDS),
                    status=Exchange.Status.PUBLISHED,
                )
            )
        Exchange.objects.bulk_create(objects)


if __name__ == "__main__":
    main()
