"""How the catalogue's pages hold up as the table grows.

    .venv/bin/python bench/catalogue.py --rows 100000
    .venv/bin/python bench/catalogue.py --rows 1000000 --database postgres://postgres@127.0.0.1:5432/exchanges_bench

Fills a scratch database (a temporary SQLite file unless --database names
another; it must hold no exchanges) with generated published exchanges linked
to organisations, people and places (50,000, 100,000 and 5,000 by default,
scaled with --entity-scale), then requests the list page (with its facets and
timeline), entity pages and indexes the way readers do and prints the median
time of each request over several runs, with the number of queries it made.

Links are skewed as real ones are (Zipf: a few governments, ministries and
presidents appear in a large share of exchanges, most names once or twice):
each exchange names 0-4 organisations, 0-4 people and 0-2 places (cities,
each also linked to the province it lies in).
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
    # The entity filters, on the most linked (1) and a middling (500) entity.
    "/exchanges/?organisation=organisation-1",
    "/exchanges/?person=person-500&year=2000-2014",
    "/exchanges/?place=province-1",
    "/exchanges/?country=cn&year=2014",
    "/exchanges/?organisation=organisation-1&type=diplomatic&page=20",
    "/people/person-1/",
    "/places/city-100/",
    "/organisations/?sort=count",
    "/people/?page=50",
]


def main():
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--database", help="A database URL; default: a temporary SQLite file.")
    parser.add_argument(
        "--entity-scale",
        type=float,
        default=1.0,
        help="Multiplies the 50,000 organisations, 100,000 people and 5,000 places (default 1).",
    )
    args = parser.parse_args()

    scratch = None
    if not args.database:
        scratch = tempfile.NamedTemporaryFile(suffix=".sqlite3", delete=False)
        args.database = f"sqlite:///{scratch.name}"
    # Pages name their static files by the manifest, as in production: collected into a scratch folder.
    static_root = tempfile.mkdtemp(prefix="bench-static-")
    os.environ.update(
        DATABASE_URL=args.database,
        DEBUG="false",
        SECRET_KEY="bench",
        ALLOWED_HOSTS="testserver",
        STATIC_ROOT=static_root,
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
    call_command("collectstatic", interactive=False, verbosity=0)
    if Exchange.objects.exists():
        sys.exit("That database already holds exchanges; give --database an empty scratch database.")

    started = time.perf_counter()
    fill(Exchange, args.rows)
    entities = fill_entities(args.entity_scale)
    links = link(args.rows, entities)
    # Filled in bulk, past the signals that keep the catalogue's counts: counted once, as after a restore.
    call_command("rebuild_counts", verbosity=0)
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    else:
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    counts = ", ".join(f"{len(pks):,} {kind}" for kind, pks in entities.items())
    print(
        f"{connection.vendor}: {args.rows:,} exchanges, {counts} and {links:,} links inserted "
        f"in {time.perf_counter() - started:.1f} s"
    )

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


def fill_entities(scale, batch=5000):
    """{kind: [pk, …]} of generated entities, most linked first; slugs organisation-1, person-1,
    province-1 and city-1 name the most linked of each."""
    from entities.models import Organisation, Person, Place

    sizes = {"organisation": int(50_000 * scale), "person": int(100_000 * scale)}
    made = {}
    for kind, model in (("organisation", Organisation), ("person", Person)):
        for offset in range(0, sizes[kind], batch):
            model.objects.bulk_create(
                model(name=f"{kind.title()} {number}", key=f"{kind} {number}", slug=f"{kind}-{number}")
                for number in range(offset + 1, min(sizes[kind], offset + batch) + 1)
            )
        made[kind] = list(model.objects.order_by("pk").values_list("pk", flat=True))
    provinces = max(1, int(50 * scale))
    Place.objects.bulk_create(
        Place(
            name=f"Province {number}",
            key=f"province {number}",
            slug=f"province-{number}",
            kind=Place.Kind.PROVINCE,
            country=Place.Country.CHINA if number % 2 else Place.Country.UNITED_STATES,
        )
        for number in range(1, provinces + 1)
    )
    province_rows = list(Place.objects.order_by("pk").values_list("pk", "country"))
    Place.objects.bulk_create(
        [
            Place(
                name=f"City {number}",
                key=f"city {number}",
                slug=f"city-{number}",
                kind=Place.Kind.CITY,
                country=province_rows[number % provinces][1],
                parent_id=province_rows[number % provinces][0],
            )
            for number in range(1, int(5_000 * scale) - provinces + 1)
        ],
        batch_size=batch,
    )
    made["place"] = list(
        Place.objects.filter(kind=Place.Kind.CITY).order_by("pk").values_list("pk", "parent_id")
    )
    return made


def zipf_weights(size):
    weights, total = [], 0.0
    for rank in range(1, size + 1):
        total += 1 / rank
        weights.append(total)
    return weights


def link(rows, entities, batch=20_000):
    """Links every exchange to skewed picks of entities; returns how many links were made."""
    from exchanges.models import Exchange, ExchangeOrganisation, ExchangePerson, ExchangePlace

    randomiser = random.Random(2)
    weights = {kind: zipf_weights(len(pks)) for kind, pks in entities.items()}
    made = 0
    pending = {ExchangeOrganisation: [], ExchangePerson: [], ExchangePlace: []}

    def picks(kind, most):
        count = randomiser.randint(0, most)
        return set(randomiser.choices(entities[kind], cum_weights=weights[kind], k=count))

    def flush(force=False):
        nonlocal made
        for model, objects in pending.items():
            if objects and (force or len(objects) >= batch):
                model.objects.bulk_create(objects, batch_size=5000)
                made += len(objects)
                objects.clear()

    for exchange_id in (
        Exchange.objects.order_by("pk").values_list("pk", flat=True).iterator(chunk_size=10_000)
    ):
        for position, organisation in enumerate(picks("organisation", 4)):
            pending[ExchangeOrganisation].append(
                ExchangeOrganisation(
                    exchange_id=exchange_id,
                    organisation_id=organisation,
                    role="partner" if position % 3 else "sponsor",
                    position=position,
                )
            )
        for position, person in enumerate(picks("person", 4)):
            pending[ExchangePerson].append(
                ExchangePerson(exchange_id=exchange_id, person_id=person, title="Minister", position=position)
            )
        cities = picks("place", 2)
        provinces = {province for _city, province in cities}
        for position, (city, _province) in enumerate(cities):
            pending[ExchangePlace].append(
                ExchangePlace(exchange_id=exchange_id, place_id=city, position=position)
            )
        for province in provinces:
            pending[ExchangePlace].append(
                ExchangePlace(exchange_id=exchange_id, place_id=province, direct=False)
            )
        flush()
    flush(force=True)
    return made


if __name__ == "__main__":
    main()
