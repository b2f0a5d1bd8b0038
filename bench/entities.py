"""How the entity autocomplete holds up with many people, organisations and places.

    .venv/bin/python bench/entities.py
    .venv/bin/python bench/entities.py --people 100000 --database postgres://postgres@127.0.0.1:5432/entities_bench

Fills a scratch database (a temporary SQLite file unless --database names
another; it must hold no entities) with generated people, organisations and
places, about one alias each, then asks /entities/suggest/ what a person
typing would ask and prints the median time of each request and its queries;
on PostgreSQL it also prints the plan of one suggestion query.
"""

import argparse
import random
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from in_process import start_django  # noqa: E402

SYLLABLES = (
    "wang li zhang liu chen yang huang zhao wu zhou xu sun ma zhu hu guo he lin luo gao "
    "john mary james anne robert linda michael susan david karen smith jones brown miller davis"
).split()
WORDS = "ministry institute university council association bureau academy society foundation".split()

QUERIES = [
    "kind=person&q=w",
    "kind=person&q=wang",
    "kind=person&q=wang+li",
    "kind=person&q=smi",
    "kind=organisation&q=ministry",
    "kind=organisation&q=academy+of",
    "kind=place&q=sa",
    "kind=person&q=%E7%8E%8B",
]


def main():
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--people", type=int, default=100_000)
    parser.add_argument("--organisations", type=int, default=50_000)
    parser.add_argument("--places", type=int, default=5_000)
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--database", help="A database URL; default: a temporary SQLite file.")
    args = parser.parse_args()

    start_django(args.database, migrate=True)
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from entities import views
    from entities.models import Organisation, Person, Place

    if Person.objects.exists() or Organisation.objects.exists():
        sys.exit("That database already holds entities; give --database an empty scratch database.")

    started = time.perf_counter()
    randomiser = random.Random(1)
    fill(Person, args.people, lambda: person_name(randomiser), randomiser)
    fill(Organisation, args.organisations, lambda: organisation_name(randomiser), randomiser)
    fill(Place, args.places, lambda: person_name(randomiser).replace(" ", "") + " City", randomiser)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    total = args.people + args.organisations + args.places
    print(f"{connection.vendor}: {total:,} entities inserted in {time.perf_counter() - started:.1f} s")

    views.SUGGEST_RATE = "1000000/m"  # the bench asks faster than any person types
    client = Client()
    print(f"{'median ms':>10} {'queries':>8}  url")
    for query in QUERIES:
        url = f"/entities/suggest/?{query}"
        timings = []
        for _ in range(args.runs):
            with CaptureQueriesContext(connection) as queries:
                start = time.perf_counter()
                response = client.get(url)
                timings.append((time.perf_counter() - start) * 1000)
            assert response.status_code == 200, (url, response.status_code)
        print(f"{statistics.median(timings):10.1f} {len(queries):8d}  {url}")

    if connection.vendor == "postgresql":
        queryset = Person.objects.starting_with("wang li")[:10]
        print("\nPlan of the people's suggestion query for “wang li”:")
        print(queryset.explain(analyze=True))


def person_name(randomiser):
    return " ".join(randomiser.choice(SYLLABLES).capitalize() for _ in range(randomiser.choice((2, 2, 3))))


def organisation_name(randomiser):
    return f"{randomiser.choice(WORDS).capitalize()} of {person_name(randomiser)}"


def fill(model, rows, make_name, randomiser, batch=5000):
    """Rows of `model` with one alias in two, keys and slugs made as save() makes them."""
    from entities.models import Place
    from entities.names import normalise

    aliases = model.aliases.rel.related_model
    for offset in range(0, rows, batch):
        entities = []
        for number in range(offset, min(rows, offset + batch)):
            name = make_name()
            entity = model(name=name, key=normalise(name), slug=f"bench-{number}")
            if model is Place:
                entity.kind, entity.country = Place.Kind.CITY, randomiser.choice(["US", "CN"])
            entities.append(entity)
        model.objects.bulk_create(entities)
        created = model.objects.filter(slug__in=[entity.slug for entity in entities])
        aliases.objects.bulk_create(
            aliases(entity=entity, name=f"{entity.name} Jr", key=normalise(f"{entity.name} Jr"))
            for entity in created
            if randomiser.random() < 0.5
        )


if __name__ == "__main__":
    main()
