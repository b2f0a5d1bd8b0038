"""How the catalogue's pages hold up as the table grows.

    .venv/bin/python bench/catalogue.py --rows 100000
    .venv/bin/python bench/catalogue.py --rows 1000000 --database postgres://postgres@127.0.0.1:5432/exchanges_bench

Fills a scratch database (a temporary SQLite file unless --database names
another; it must hold no exchanges) with bench/generate.py's published
exchanges, linked to organisations, people and places (50,000, 100,000 and
5,000 by default, scaled with --entity-scale), then requests the list page
(with its facets and timeline), entity pages and indexes the way readers do
and prints the median time of each request over several runs, with the number
of queries it made.

Links are skewed as real ones are (Zipf: a few governments, ministries and
leaders appear in a large share of exchanges, most names once or twice); see
bench/generate.py for the shares. The entity filters ask for the most linked
organisation, a middling person (the 500th) and the most linked province.
"""

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))

import generate  # noqa: E402


def urls():
    """Typical requests, with entities of the generated data: the most linked and middling ones."""
    from django.db.models import Count

    from entities.models import Organisation, Person, Place

    organisation = Organisation.objects.get(pk=1).slug
    person = Person.objects.order_by("pk").values_list("slug", flat=True)[
        min(499, Person.objects.count() - 1)
    ]
    province = (
        Place.objects.filter(kind="province")
        .annotate(links=Count("exchange_links"))
        .order_by("-links")
        .first()
    )
    city = Place.objects.filter(kind="city").order_by("pk").values_list("slug", flat=True)[20]
    return [
        "/exchanges/",
        "/exchanges/?page=400",
        "/exchanges/?type=education&level=state",
        "/exchanges/?date_after=2010&date_before=2012-06",
        "/exchanges/?government=no&continuing=yes&sort=title",
        "/exchanges/?q=panda",
        "/exchanges/?q=climate+summit&sort=relevance",
        "/exchanges/?q=students&type=education&date_after=2015",
        f"/exchanges/?organisation={organisation}",
        f"/exchanges/?person={person}&year=2000-2014",
        f"/exchanges/?place={province.slug}",
        "/exchanges/?country=cn&year=2014",
        f"/exchanges/?organisation={organisation}&type=diplomatic&page=20",
        f"/people/{Person.objects.get(pk=1).slug}/",
        f"/places/{city}/",
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
        # Every run renders: the median is the page's cost, not the cache's.
        PAGE_CACHE="false",
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
    generate.generate(
        args.rows,
        organisations=int(generate.ORGANISATIONS * args.entity_scale),
        people=int(generate.PEOPLE * args.entity_scale),
        places=int(generate.PLACES * args.entity_scale),
        report=lambda line: None,
    )
    # Filled in bulk, past the signals that keep the catalogue's counts: counted once, as after a restore.
    call_command("rebuild_counts", verbosity=0)
    print(
        f"{connection.vendor}: {args.rows:,} exchanges with their entities and links generated "
        f"in {time.perf_counter() - started:.1f} s"
    )

    client = Client()
    print(f"{'median ms':>10} {'queries':>8}  url")
    for url in urls():
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


if __name__ == "__main__":
    main()
