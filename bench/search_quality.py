"""Search quality on the labelled set (tests/search/): recall@10 and first result right.

    SECRET_KEY=x .venv/bin/python bench/search_quality.py
    SECRET_KEY=x DATABASE_URL=postgres://postgres@127.0.0.1:5432/exchanges \
        .venv/bin/python bench/search_quality.py

Runs in a test database made for the run and dropped after it (named after the
configured one with a test_ prefix), so the site's own data is never touched.
"""

import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

import django  # noqa: E402

django.setup()

from django.db import connection  # noqa: E402
from django.test.utils import setup_test_environment  # noqa: E402

from tests.search.quality import load_corpus, score  # noqa: E402


def main():
    verbose = "-v" in sys.argv
    setup_test_environment()
    name = connection.creation.create_test_db(verbosity=0, autoclobber=True)
    try:
        load_corpus()
        recall, first, results = score()
        print(f"database: {connection.vendor} ({name})")
        print(f"queries: {len(results)}")
        print(f"recall@10: {recall:.3f}")
        print(f"first result right: {first:.3f}")
        for result in results:
            if verbose or result.recall < 1 or not result.first_right:
                first = "right" if result.first_right else "wrong"
                print(f"  {result.query!r}: recall {result.recall:.2f}, first {first}")
                print(f"      expected {result.expected}")
                print(f"      found    {result.found}")
    finally:
        connection.creation.destroy_test_db(name, verbosity=0)


if __name__ == "__main__":
    main()
