"""How fast the catalogue's search answers as the table grows.

    .venv/bin/python bench/search_speed.py --rows 100000
    .venv/bin/python bench/search_speed.py --rows 100000 --database postgres://postgres@127.0.0.1:5432/exchanges_bench

Fills a scratch database (a temporary SQLite file unless --database names
another; it must hold no exchanges) with generated published exchanges whose
search columns are folded as Exchange.save() folds them, some with Chinese
titles, then requests the list page with the searches readers make (words,
synonyms, a typo to correct, Chinese, a date in the words, a prefix, sorted by
relevance) and prints the median time of each over several runs, with the
number of queries it made.
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
    "California Texas Guangdong Jiangsu exchange cooperation energy culture journalists navy "
    "Kissinger Nixon Deng Xiaoping Obama Xi Jinping Biden Blinken Yellen Peking Canton"
).split()
CHINESE = ["乒乓外交", "中美气候合作", "大熊猫", "战略与经济对话", "学生交流", "姐妹城市", "經貿會談"]

SEARCHES = [
    "/exchanges/?q=panda",
    "/exchanges/?q=climate+summit&sort=relevance",
    "/exchanges/?q=Peking+orchestra",
    "/exchanges/?q=naval+Kissinger",
    "/exchanges/?q=Kisinger+Nixon",
    "/exchanges/?q=Kisingr+Nixonn",
    "/exchanges/?q=%E4%B9%92%E4%B9%93",
    "/exchanges/?q=Nixon+1972",
    "/exchanges/?q=June+2013+summit",
    "/exchanges/?q=govern*&sort=relevance",
    "/exchanges/?q=%22sister+city%22+Texas",
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
    from django.conf import settings
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext, setup_test_environment

    from exchanges.models import Exchange

    # Pages name their static files without a collected manifest, as in development.
    settings.STORAGES["staticfiles"] = {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}
    call_command("migrate", verbosity=0)
    if Exchange.objects.exists():
        sys.exit("That database already holds exchanges; give --database an empty scratch database.")

    started = time.perf_counter()
    fill(Exchange, args.rows)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    print(f"{connection.vendor}: {args.rows:,} exchanges inserted in {time.perf_counter() - started:.1f} s")

    setup_test_environment()  # so that a response carries its template context (the count found)
    client = Client()
    print(f"{'median ms':>10} {'queries':>8} {'found':>7}  url")
    for url in SEARCHES:
        timings = []
        for _ in range(args.runs):
            with CaptureQueriesContext(connection) as queries:
                start = time.perf_counter()
                response = client.get(url)
                timings.append((time.perf_counter() - start) * 1000)
            assert response.status_code == 200, (url, response.status_code)
        found = response.context["page"].paginator.count
        print(f"{statistics.median(timings):10.1f} {len(queries):8d} {found:7d}  {url}")

    if scratch:
        os.unlink(scratch.name)


def fill(Exchange, rows, batch=5000):
    """Generated exchanges, with the search columns, the words table and the time of publication
    filled as save() fills them."""
    from django.utils import timezone

    from exchanges.models import SearchWord
    from exchanges.search import remember_words, search_columns

    randomiser = random.Random(1)
    types = [choice for choice, _ in Exchange.Type.choices]
    start = datetime.date(1950, 1, 1)
    for offset in range(0, rows, batch):
        objects = []
        for number in range(offset, min(rows, offset + batch)):
            day = start + datetime.timedelta(days=randomiser.randrange(27_000))
            exchange = Exchange(
                title=" ".join(randomiser.choices(WORDS, k=5)).capitalize(),
                title_zh=randomiser.choice(CHINESE) if randomiser.random() < 0.1 else "",
                slug=f"bench-{number}",
                summary=" ".join(randomiser.choices(WORDS, k=40)),
                participants=" ".join(randomiser.choices(WORDS[-12:], k=2)),
                government=True,
                type=randomiser.choice(types),
                levels=["national"],
                date=day,
                date_last=day,
                continuing=False,
                location=randomiser.choice(WORDS),
                status=Exchange.Status.PUBLISHED,
                published=timezone.now(),
            )
            exchange.search_title, exchange.search_names, exchange.search_body = search_columns(exchange)
            objects.append(exchange)
        Exchange.objects.bulk_create(objects)
        remember_words(
            SearchWord,
            [text for exchange in objects for text in (exchange.search_title, exchange.search_names)],
        )


if __name__ == "__main__":
    main()
