"""How reading a record's names holds up as a submission names more of them.

    .venv/bin/python bench/names.py
    .venv/bin/python bench/names.py --database postgres://postgres@127.0.0.1:5432/exchanges

Migrates the database (a temporary SQLite file unless --database names another) and
seeds it with the demo catalogue if it is empty (`seed_exchanges --if-empty`), then,
for a submission naming 10, 100 and 300 partners and as many participants (one in
ten an entity of the catalogue, the others new names made of its words, so that
each has similar entities to find), prints the median time of reading the names
as publishing reads them (`record_names`), of the names a moderator reviews
(`names_to_review`) and of the submission's admin page, with that page's queries.
The submissions and the superuser it makes are deleted at its end.
"""

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from in_process import start_django  # noqa: E402

SIZES = (10, 100, 300)


def main():
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--database", help="A database URL; default: a temporary SQLite file.")
    args = parser.parse_args()

    start_django(args.database, migrate=True)
    from django.conf import settings
    from django.contrib.auth.models import User
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext, override_settings

    from contributions.models import Submission
    from entities.models import Organisation, Person
    from exchanges.links import names_to_review, record_names

    call_command("seed_exchanges", "--if-empty", verbosity=0)
    organisations = list(Organisation.objects.order_by("pk").values_list("name", flat=True))
    people = list(Person.objects.order_by("pk").values_list("name", flat=True))
    print(f"{connection.vendor}: {len(organisations)} organisations, {len(people)} people in the catalogue")

    # The static files as they are in the folder: a bench needs no collectstatic first.
    override_settings(
        STORAGES={
            **settings.STORAGES,
            "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
        }
    ).enable()
    admin = User.objects.create_superuser(f"bench-names-{os.getpid()}", "bench@example.org", "bench")
    client = Client()
    client.force_login(admin)
    made = []
    try:
        print(
            f"{'names':>6} {'record_names ms':>16} {'names_to_review ms':>19} {'page ms':>8} {'queries':>8}"
        )
        for size in SIZES:
            submission = Submission.objects.create(
                kind=Submission.Kind.NEW,
                title=f"Bench: {size} names",
                summary="Names to read.",
                government=False,
                type="business",
                levels=[],
                partners="\n".join(organisation_named(n, organisations) for n in range(size)),
                participants="\n".join(person_named(n, people) for n in range(size)),
                location="Beijing, China; Boston, Massachusetts",
                sources="Bench https://example.org/",
                contributor_name="Bench",
                contributor_email="bench@example.org",
            )
            made.append(submission)
            reading = timed(args.runs, record_names, submission, Organisation, Person)
            review = timed(args.runs, names_to_review, submission)
            url = f"/admin/contributions/submission/{submission.pk}/change/"
            client.get(url)  # the content types and the templates, loaded once a process
            with CaptureQueriesContext(connection) as queries:
                page = timed(args.runs, client.get, url)
            print(f"{size:6d} {reading:16.1f} {review:19.1f} {page:8.1f} {len(queries) // args.runs:8d}")
    finally:
        Submission.objects.filter(pk__in=[submission.pk for submission in made]).delete()
        admin.delete()


def organisation_named(number, known):
    """One name in ten is a known organisation; the others are new, made of known words."""
    if number % 10 == 0:
        return known[number // 10 % len(known)]
    words = known[number % len(known)].split()
    return f"{words[-1]} Institute of {words[0]} Studies {number}"


def person_named(number, known):
    if number % 10 == 0:
        return known[number // 10 % len(known)]
    words = known[number % len(known)].split()
    return f"{words[0]} Name{number} {words[-1]}"


def timed(runs, call, *arguments):
    """The median time of `runs` calls, in ms."""
    timings = []
    for _ in range(runs):
        start = time.perf_counter()
        call(*arguments)
        timings.append((time.perf_counter() - start) * 1000)
    return statistics.median(timings)


if __name__ == "__main__":
    main()
