"""The moderators' admin pages on a generated catalogue (bench/generate.py --keep).

    .venv/bin/python bench/moderators.py --database postgres://postgres@127.0.0.1:5432/bench_1m

Signs in as a superuser made for the run, adds two pending submissions (one
repeating the newest published exchange, one new), asks for each admin page a
moderator works with, and prints the median time of --runs requests with the
page's queries and its slowest query. Everything the run added is deleted at
its end. The words searched are picked from the catalogue: its most frequent
title word (found in a large share of it, as "trade" would be), and a whole
title (a handful of matches).
"""

import argparse
import statistics
import sys
import time
import uuid
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from in_process import start_django  # noqa: E402


def main():
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--database", required=True, help="The URL of a generated catalogue.")
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    start_django(args.database, PAGE_CACHE="false")
    from django.contrib.auth.models import User
    from django.db import connection
    from django.db.utils import DatabaseError
    from django.test import Client

    from contributions.models import Submission
    from exchanges.models import Exchange
    from tests.factories import make_submission

    try:
        newest = Exchange.objects.published().order_by("-id").first()
    except DatabaseError as error:
        sys.exit(f"{args.database} cannot be read as a generated catalogue: {error}".strip())
    if newest is None:
        sys.exit("The database holds no published exchange: generate one with bench/generate.py --keep.")
    titles = Exchange.objects.order_by("-id").values_list("title", flat=True)[:2000]
    common = Counter(word.lower() for title in titles for word in title.split() if len(word) > 4)
    word = common.most_common(1)[0][0]
    # A name of its own: bench/serve.py keeps its moderator in the database between runs.
    moderator = User.objects.create_superuser(f"bench-admin-pages-{uuid.uuid4().hex[:8]}", "", None)
    repeated = make_submission(
        title=newest.title, summary=newest.summary, date=newest.date, partners=newest.partners
    )
    fresh = make_submission()
    ticked = list(Exchange.objects.order_by("-id").values_list("pk", flat=True)[:3])
    client = Client()
    client.force_login(moderator)
    autocomplete = (
        "/admin/autocomplete/?app_label=contributions&model_name=submission&field_name=duplicate_of"
    )
    pages = [
        ("exchanges, first page", "/admin/exchanges/exchange/"),
        (f"exchanges, search a frequent word ({word!r})", f"/admin/exchanges/exchange/?q={word}"),
        ("exchanges, search a whole title", f"/admin/exchanges/exchange/?q={newest.title}"),
        ("exchanges, drafts", "/admin/exchanges/exchange/?status__exact=draft"),
        (f"exchanges, {newest.date.year}", f"/admin/exchanges/exchange/?date__year={newest.date.year}"),
        ("duplicate box, 4 letters typed", f"{autocomplete}&term={word[:4]}"),
        ("duplicate box, a title typed", f"{autocomplete}&term={newest.title[:20]}"),
        ("submissions, the queue", "/admin/contributions/submission/"),
        ("submission repeating an exchange", f"/admin/contributions/submission/{repeated.pk}/change/"),
        ("submission of a new exchange", f"/admin/contributions/submission/{fresh.pk}/change/"),
        ("organisations", "/admin/entities/organisation/"),
    ]
    print(f"database: {connection.vendor}, {Exchange.objects.count():,} exchanges; median of {args.runs}")
    print(f"{'page':<52} {'ms':>7} {'queries':>8}  slowest query")
    try:
        for name, path in pages:
            measure(client, name, path, args.runs)
        export = export_form(client)
        measure(
            client,
            "export of 3 ticked exchanges",
            "/admin/exchanges/exchange/export/",
            args.runs,
            data={**export, "format": "0", "export_items": ticked},
        )
    finally:
        Submission.objects.filter(pk__in=[repeated.pk, fresh.pk]).delete()
        moderator.delete()


def export_form(client):
    form = client.get("/admin/exchanges/exchange/export/").context["form"]
    data = {name: field.initial for name, field in form.fields.items() if field.initial is not None}
    data.update({name: "on" for name in form.fields if name.startswith("exchangeresource_")})
    return data


def measure(client, name, path, runs, data=None):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    times = []
    for _ in range(runs):
        with CaptureQueriesContext(connection) as queries:
            started = time.perf_counter()
            response = client.post(path, data) if data else client.get(path)
            times.append((time.perf_counter() - started) * 1000)
        if response.status_code != 200:
            sys.exit(f"{path}: HTTP {response.status_code}")
    slowest = max(queries.captured_queries, key=lambda query: float(query["time"]))
    sql = " ".join(slowest["sql"].split())[:70]
    print(
        f"{name[:52]:<52} {statistics.median(times):7.0f} {len(queries.captured_queries):8d}  "
        f"{float(slowest['time']) * 1000:.0f} ms: {sql}"
    )


if __name__ == "__main__":
    main()
