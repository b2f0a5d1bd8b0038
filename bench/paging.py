"""What a page of the catalogue's list costs at any depth: its rows' SQL and their rendering.

    .venv/bin/python bench/generate.py --rows 100000 --keep \\
        --database postgres://postgres@127.0.0.1:5432/bench_paging
    .venv/bin/python bench/paging.py --database postgres://postgres@127.0.0.1:5432/bench_paging

Reads a database filled by bench/generate.py (migrated to the current schema first), and for the
first, 400th and 4,000th pages of each sort, the pages their Next links lead to (cursors), the last
page and a filtered deep page prints: the queries that read the page's rows (the total is given,
as the list is given it), their median time in Python over --runs runs, and on PostgreSQL the
execution time EXPLAIN ANALYZE reports for them. Then the time to render the 25 rows of a page as
the list draws them. Counts, facets and the timeline are left out: bench/catalogue.py and
bench/serve.py measure whole pages.
"""

import argparse
import re
import statistics
import sys
import time
from pathlib import Path
from urllib.parse import quote_plus

sys.path.insert(0, str(Path(__file__).resolve().parent))

from in_process import start_django  # noqa: E402

PAGES = [
    "/exchanges/",
    "/exchanges/?page=400",
    "/exchanges/?page=4000",
    "/exchanges/?sort=date&page=400",
    "/exchanges/?sort=title",
    "/exchanges/?sort=title&page=400",
    "/exchanges/?sort=title&page=4000",
    "/exchanges/?type=education&page=400",
    "/exchanges/?government=no&page=400",
    "/exchanges/?page=last",
]


def main():
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument(
        "--database", required=True, help="A database URL filled by bench/generate.py --keep."
    )
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    start_django(args.database, migrate=True)
    from django.db import connection
    from django.template.loader import render_to_string
    from django.test import RequestFactory
    from django.test.utils import CaptureQueriesContext

    from exchanges.filters import ExchangeFilter
    from exchanges.models import Exchange
    from exchanges.paging import paginate

    factory = RequestFactory()
    total = Exchange.objects.published().count()
    print(f"{connection.vendor}: {total:,} published exchanges; the rows of each page:")

    def page_of(url):
        request = factory.get(url)
        filterset = ExchangeFilter(request.GET, queryset=Exchange.objects.published().for_list())
        queryset = filterset.qs
        count = queryset.count()
        with CaptureQueriesContext(connection) as queries:
            page, _error = paginate(request, queryset, count=count)
            list(page.object_list)
        return request, queryset, count, page, queries.captured_queries

    def explained(queries):
        if connection.vendor != "postgresql":
            return ""
        spent = []
        with connection.cursor() as cursor:
            for query in queries:
                cursor.execute("EXPLAIN ANALYZE " + query["sql"])
                plan = cursor.fetchall()[-1][0]
                spent.append(float(re.search(r"([\d.]+) ms", plan).group(1)))
        return "; EXPLAIN ANALYZE " + " + ".join(f"{each:.2f}" for each in spent) + " ms"

    urls = []
    for url in PAGES:
        urls.append(url)
        if url.endswith("page=400"):
            # Where the page's Next link leads: a cursor (none on a catalogue of fewer pages).
            following = page_of(url)[3].next_page
            if following:
                urls.append(url.removesuffix("400") + quote_plus(following, safe="~"))
    for url in urls:
        timings = []
        for _run in range(args.runs):
            request, queryset, count, _page, _queries = page_of(url)
            started = time.perf_counter()
            with CaptureQueriesContext(connection) as queries:
                page, _error = paginate(request, queryset, count=count)
                list(page.object_list)
            timings.append(time.perf_counter() - started)
        shown = url if len(url) < 70 else url[:67] + "..."
        print(
            f"  {shown:<70} page {page.number}: {len(queries.captured_queries)} queries, "
            f"{statistics.median(timings) * 1000:.1f} ms{explained(queries.captured_queries)}"
        )

    _request, _queryset, _count, page, _queries = page_of("/exchanges/?page=400")
    rows = list(page.object_list)
    timings = []
    for _run in range(max(args.runs, 20)):
        started = time.perf_counter()
        render_to_string("exchanges/_exchange_rows.html", {"exchanges": rows})
        timings.append(time.perf_counter() - started)
    print(f"rendering a page's {len(rows)} rows: {statistics.median(timings) * 1000:.2f} ms (median)")


if __name__ == "__main__":
    main()
