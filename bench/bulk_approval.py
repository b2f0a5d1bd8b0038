"""The queue's bulk approval after an import, as a moderator runs it.

    .venv/bin/python bench/bulk_approval.py --database postgres://postgres@127.0.0.1:5432/exchanges_h4

On a database seeded with the starter data (`manage.py seed_exchanges`), for
each --sizes N: imports N generated records into the moderation queue as
`manage.py import_exchanges` does without --publish (one in 50 repeating a
seeded exchange, which the approval holds for its hint; one in --repeat-every
if given), then, signed in as a superuser made for the run, selects all of the
pending queue ("Select all N") and chooses "Approve and publish the selected
submissions", again while any of them is left to approve, as the moderator
does when the message says so.
Prints, for each N, how many requests that took, the slowest request, the
seconds and queries per submission, how many were published and how many were
left pending once a run approved none (held), beside the repeats written.
Everything the run added is deleted at its end (the exchanges it published
too, the counts rebuilt), so that each size starts from the seeded catalogue.
"""

import argparse
import csv
import datetime
import io
import random
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from in_process import start_django  # noqa: E402

SYLLABLES = (
    "ba be bo da de do ka ke ko la le lo ma me mo na ne no ra re ro sa se so ta te to va ve vo".split()
)
# A share of repeats of seeded exchanges, by default: the approval holds each for its hint.
REPEAT_EVERY = 50


def made_up_word(randomiser):
    return "".join(randomiser.choices(SYLLABLES, k=3)).capitalize()


def write_file(path, rows, seeded, randomiser, repeat_every=REPEAT_EVERY):
    """`rows` records in the import format, each its own exchange but every `repeat_every`-th."""
    from exchanges.rows import COLUMNS

    with open(path, "w", newline="", encoding="utf-8") as file:
        writer = csv.DictWriter(file, COLUMNS)
        writer.writeheader()
        for number in range(rows):
            day = datetime.date(1975, 1, 1) + datetime.timedelta(days=randomiser.randrange(18_000))
            title = " ".join(made_up_word(randomiser) for _ in range(5))
            if number % repeat_every == repeat_every - 1:
                title, day = randomiser.choice(seeded)
            writer.writerow(
                {
                    "Title": title,
                    "Summary": " ".join(made_up_word(randomiser) for _ in range(40)),
                    "Government?": "Yes",
                    "Type of Exchange": "Government",
                    "Partners": "U.S. Government; Government of the People's Republic of China",
                    "Participants (Types)": "Officials",
                    "Exchange Date": day.strftime("%B %-d, %Y"),
                    "Level of Government": "national",
                    "Location": "Beijing",
                    "Source URL": f"Report https://example.org/records/{number}",
                }
            )


def main():
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--database", required=True, help="The URL of a seeded database.")
    parser.add_argument("--sizes", default="200,1000,3000", help="Queue sizes, comma-separated.")
    parser.add_argument(
        "--repeat-every",
        type=int,
        default=REPEAT_EVERY,
        help=f"One record in this many repeats a seeded exchange, and is held (default {REPEAT_EVERY}; "
        "2: half of them, more than a run checks).",
    )
    args = parser.parse_args()
    if args.repeat_every < 1:
        parser.error("--repeat-every: give a whole number, 1 or more.")
    start_django(args.database, PAGE_CACHE="false")
    from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
    from django.contrib.auth.models import User
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client

    from contributions.models import Submission
    from exchanges.models import Exchange

    if Submission.objects.pending().exists():
        sys.exit("The queue holds pending submissions: run this on a freshly seeded database.")
    seeded = list(Exchange.objects.published().values_list("title", "date"))
    if not seeded:
        sys.exit("The database holds no published exchange: seed it with manage.py seed_exchanges.")
    moderator = User.objects.create_superuser(f"bench-bulk-approval-{time.time_ns()}", "", None)
    client = Client()
    client.force_login(moderator)
    scratch = Path(tempfile.mkdtemp())
    print("queued  requests  slowest  seconds  s/submission  queries/submission  published  held  repeats")
    try:
        for size in [int(each) for each in args.sizes.split(",")]:
            path = scratch / f"records-{size}.csv"
            write_file(path, size, seeded, random.Random(size), args.repeat_every)
            call_command("import_exchanges", str(path), stdout=io.StringIO())
            queued = Submission.objects.pending().count()
            requests, slowest, total, counter = 0, 0.0, 0.0, QueryCounter()
            left = queued
            while left:
                with connection.execute_wrapper(counter):
                    started = time.perf_counter()
                    response = client.post(
                        "/admin/contributions/submission/",
                        {
                            "action": "approve_selected",
                            "select_across": "1",
                            "index": "0",
                            ACTION_CHECKBOX_NAME: [Submission.objects.pending().values("pk")[0]["pk"]],
                        },
                    )
                    elapsed = time.perf_counter() - started
                if response.status_code != 302:
                    sys.exit(f"The action answered {response.status_code}.")
                requests += 1
                slowest = max(slowest, elapsed)
                total += elapsed
                still = Submission.objects.pending().count()
                held = still  # Once no request approves more, what is left is held.
                if still == left or not more_to_approve(response):
                    break
                left = still
            published, repeats = queued - held, size // args.repeat_every
            print(
                f"{queued:>6,}  {requests:>8}  {slowest:>6.1f} s  {total:>5.0f} s  {total / queued:>10.3f} s "
                f" {counter.count / queued:>18.1f}  {published:>9,}  {held:>4,}  {repeats:>7,}"
            )
            clean_up()
    finally:
        clean_up()
        moderator.delete()


class QueryCounter:
    def __init__(self):
        self.count = 0

    def __call__(self, execute, sql, params, many, context):
        self.count += 1
        return execute(sql, params, many, context)


def more_to_approve(response):
    """Whether the action's messages say that selected submissions are left for another run."""
    from django.contrib.messages import get_messages

    return any("choose the action again" in str(message) for message in get_messages(response.wsgi_request))


def clean_up():
    """Delete the submissions imported and the exchanges they published; counts rebuilt."""
    from django.core.management import call_command

    from contributions.models import Submission
    from exchanges.models import Exchange

    imported = Submission.objects.exclude(import_key="")
    Exchange.objects.filter(pk__in=imported.values("published_exchange")).delete()
    imported.delete()
    call_command("rebuild_counts", stdout=io.StringIO())


if __name__ == "__main__":
    main()
