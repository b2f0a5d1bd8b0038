"""How fast the import reads and stores a large file, and whether its memory stays flat.

    .venv/bin/python bench/import.py --rows 10000
    .venv/bin/python bench/import.py --rows 10000 --publish

Writes a CSV of generated records in the import format (a few rows in a
hundred with a mistake, a few without a date), imports it into a scratch
SQLite database (a temporary file) the way `manage.py import_exchanges` does,
and prints rows per second and the process's peak memory (resident set),
taken after the first thousand rows and at the end: an import that streams
holds them level.
"""

import argparse
import csv
import random
import resource
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from in_process import start_django  # noqa: E402

WORDS = (
    "trade education climate security students governors university delegation panda orchestra "
    "summit minister dialogue agriculture health technology visit sister city Beijing Shanghai "
    "California Texas Guangdong Jiangsu exchange cooperation energy culture journalists"
).split()
TYPES = ["Government", "education/science", "Business/Trade", "Sports", "Cultural", "Boeing Co.", ""]
DATES = ["July 14, 2014", "April 2013", "1979", "July 9-10, 2014", "2013–2016", "c. 1985", ""]


def write_file(path, rows, randomiser):
    from exchanges.rows import COLUMNS

    with open(path, "w", newline="", encoding="utf-8") as file:
        writer = csv.DictWriter(file, COLUMNS)
        writer.writeheader()
        for number in range(rows):
            words = " ".join(randomiser.choices(WORDS, k=40))
            writer.writerow(
                {
                    "Title": f"{' '.join(randomiser.choices(WORDS, k=5)).capitalize()} {number}",
                    "Summary": words,
                    "Outcomes": words[:100],
                    "Government?": randomiser.choice(
                        ["Yes", "No", "", "Perhaps" if number % 97 == 0 else ""]
                    ),
                    "Type of Exchange": randomiser.choice(TYPES),
                    "Partners": "U.S. Government; Government of the People's Republic of China",
                    "Participants (Types)": "Officials",
                    "Number of Participants": randomiser.choice(["", "40", "200 Chinese students"]),
                    "Exchange Date": randomiser.choice(DATES),
                    "Continuing": randomiser.choice(["Yes", "No", ""]),
                    "Level of Government": randomiser.choice(["national", "national, state", "local", ""]),
                    "Location": "Beijing",
                    "Source URL": f"Report https://example.org/records/{number}",
                }
            )


def main():
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--rows", type=int, default=10_000)
    parser.add_argument("--publish", action="store_true", help="Publish the rows instead of queueing them.")
    args = parser.parse_args()

    scratch = tempfile.mkdtemp()
    start_django(f"sqlite:///{scratch}/bench.sqlite3")
    from django.core.management import call_command

    from contributions.importing import PublishTrusted, QueueForModerators
    from exchanges.importing import Records, import_records

    call_command("migrate", verbosity=0)
    path = Path(scratch) / "records.csv"
    write_file(path, args.rows, random.Random(10))
    print(f"{args.rows:,} generated rows, {path.stat().st_size / 1e6:.1f} MB; SQLite in {scratch}")

    store = PublishTrusted("records.csv") if args.publish else QueueForModerators("records.csv")
    started = time.perf_counter()
    counts, peaks = {}, {}
    for number, report in enumerate(import_records(Records(path), store), 1):
        counts[report.outcome] = counts.get(report.outcome, 0) + 1
        if number in (1_000, args.rows):
            peaks[number] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    elapsed = time.perf_counter() - started
    print(f"imported in {elapsed:.1f} s: {args.rows / elapsed:,.0f} rows/s; outcomes {counts}")
    for number, peak in peaks.items():
        print(f"peak memory (resident) after {number:,} rows: {peak:.0f} MB")


if __name__ == "__main__":
    main()
