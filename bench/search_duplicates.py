"""Duplicate hints on the labelled pairs (tests/contributions/duplicate_pairs.json).

    SECRET_KEY=x .venv/bin/python bench/search_duplicates.py
    SECRET_KEY=x DATABASE_URL=postgres://postgres@127.0.0.1:5432/exchanges \\
        .venv/bin/python bench/search_duplicates.py --background 100000

Prints the share of true duplicates hinted (recall), the share of hints that
are true duplicates (precision), the false hints and all hints per submission,
and every pair that misses or draws a false hint (every pair with -v), and how
long the hints took per submission. Runs in a test database made for the run
and dropped after it.

With --background N, the database first holds N exchanges made by
bench/generate.py (its words, names and dates, with entities in proportion):
the labelled pairs are then judged among a catalogue of that size, where a
title's words are each shared by thousands of exchanges, as they will be.
"""

import argparse
import os
import statistics
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
# After the project: bench/entities.py would shadow the entities app.
sys.path.append(str(Path(__file__).resolve().parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test.utils import setup_test_environment  # noqa: E402

from tests.contributions.duplicate_quality import load, score  # noqa: E402


def main():
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("-v", "--verbose", action="store_true", help="Print every pair.")
    parser.add_argument(
        "--background", type=int, default=0, metavar="N", help="Generated exchanges to judge among."
    )
    args = parser.parse_args()
    if args.background < 0:
        parser.error(f"--background takes a number of exchanges, 0 or more, not {args.background}.")
    verbose = args.verbose
    setup_test_environment()
    name = connection.creation.create_test_db(verbosity=0, autoclobber=True)
    try:
        if args.background:
            background(args.background)
        recall, false_rate, outcomes = score(load())
        hinted = sum(len(outcome.hinted) for outcome in outcomes)
        true = sum(outcome.expected in outcome.hinted for outcome in outcomes if outcome.expected)
        print(f"database: {connection.vendor}")
        print(f"labelled submissions: {len(outcomes)}")
        print(f"true duplicates hinted (recall): {recall:.3f}")
        print(f"hints that are true duplicates (precision): {true / hinted if hinted else 1:.3f}")
        print(f"false hints per submission: {false_rate:.3f}")
        print(f"hints per submission: {hinted / len(outcomes):.3f}")
        seconds = sorted(outcome.seconds * 1000 for outcome in outcomes)
        print(
            f"ms per submission: median {statistics.median(seconds):.0f}, "
            f"90th percentile {seconds[int(len(seconds) * 0.9)]:.0f}, slowest {seconds[-1]:.0f}"
        )
        for outcome in outcomes:
            if verbose or not outcome.found or outcome.false_hints:
                print(f"  [{outcome.kind}] {outcome.title!r}")
                print(f"      expected {outcome.expected}, hinted {outcome.hinted}")
                for why in outcome.reasons:
                    print(f"      {why}")
    finally:
        connection.creation.destroy_test_db(name, verbosity=0)


def background(rows):
    """`rows` generated exchanges, with people, organisations and places in the generator's
    proportions to a million, before the labelled catalogue is loaded beside them."""
    import generate

    def scaled(full):
        return max(100, full * rows // 1_000_000)

    generate.generate(
        rows,
        organisations=scaled(generate.ORGANISATIONS),
        people=scaled(generate.PEOPLE),
        places=scaled(generate.PLACES),
        report=lambda line: print(f"background: {line}"),
    )
    generate.finish(connection)
    for command in generate.REBUILD_COMMANDS:
        call_command(command)


if __name__ == "__main__":
    main()
