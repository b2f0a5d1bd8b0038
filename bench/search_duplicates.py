"""Duplicate hints on the labelled pairs (tests/contributions/duplicate_pairs.json).

    SECRET_KEY=x .venv/bin/python bench/search_duplicates.py
    SECRET_KEY=x DATABASE_URL=postgres://postgres@127.0.0.1:5432/exchanges \\
        .venv/bin/python bench/search_duplicates.py

Prints the share of true duplicates hinted (recall), the share of hints that
are true duplicates (precision), the false hints and all hints per submission,
and every pair that misses or draws a false hint (every pair with -v). Runs in
a test database made for the run and dropped after it.
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

from tests.contributions.duplicate_quality import load, score  # noqa: E402


def main():
    verbose = "-v" in sys.argv
    setup_test_environment()
    name = connection.creation.create_test_db(verbosity=0, autoclobber=True)
    try:
        recall, false_rate, outcomes = score(load())
        hinted = sum(len(outcome.hinted) for outcome in outcomes)
        true = sum(outcome.expected in outcome.hinted for outcome in outcomes if outcome.expected)
        print(f"database: {connection.vendor}")
        print(f"labelled submissions: {len(outcomes)}")
        print(f"true duplicates hinted (recall): {recall:.3f}")
        print(f"hints that are true duplicates (precision): {true / hinted if hinted else 1:.3f}")
        print(f"false hints per submission: {false_rate:.3f}")
        print(f"hints per submission: {hinted / len(outcomes):.3f}")
        for outcome in outcomes:
            if verbose or not outcome.found or outcome.false_hints:
                print(f"  [{outcome.kind}] {outcome.title!r}")
                print(f"      expected {outcome.expected}, hinted {outcome.hinted}")
                for why in outcome.reasons:
                    print(f"      {why}")
    finally:
        connection.creation.destroy_test_db(name, verbosity=0)


if __name__ == "__main__":
    main()
