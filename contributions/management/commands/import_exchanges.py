import collections
import sys
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from contributions.importing import PublishTrusted, QueueForModerators
from exchanges.importing import (
    ALREADY,
    CREATED,
    FORMATS,
    KEPT,
    PUBLISHED,
    REJECTED,
    Records,
    UnreadableFile,
    import_records,
    summary,
)
from exchanges.rows import COLUMNS

WHAT_BECAME = {
    CREATED: "created, waiting for a moderator as {reference}",
    KEPT: "kept for a moderator to complete as {reference}",
    PUBLISHED: "published at {reference}",
    ALREADY: "already imported",
    REJECTED: "rejected",
}
# A dry run stores nothing, so it names no reference: one printed would lead nowhere, and a
# person may write it down.
WHAT_WOULD_BECOME = {
    CREATED: "would wait for a moderator",
    KEPT: "would be kept for a moderator to complete",
    PUBLISHED: "would be published",
    ALREADY: "already imported",
    REJECTED: "rejected",
}


class Command(BaseCommand):
    help = (
        "Import exchange records from an Excel workbook (.xlsx), a CSV or a JSON Lines file whose "
        "columns are the labels of the USC U.S.-China Institute's Exchange Database: "
        + ", ".join(COLUMNS)
        + ". "
        "Each row becomes a pending submission in the moderation queue, unless --publish. "
        "Exit code 0 when every row was imported or already there, 1 when some rows were rejected, "
        "2 when the file cannot be read."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "file", help="The file to import: .xlsx, .csv, or .jsonl (one JSON object per line)."
        )
        parser.add_argument("--format", choices=FORMATS, help="csv or jsonl; by default, from the extension.")
        parser.add_argument(
            "--publish",
            action="store_true",
            help="Publish each good row at once (data you trust); a row without a date still waits "
            "for a moderator.",
        )
        parser.add_argument("--dry-run", action="store_true", help="Read, check and report; write nothing.")

    def handle(self, *args, **options):
        path = options["file"]
        try:
            records = Records(path, options["format"])
        except UnreadableFile as error:
            raise CommandError(f"Cannot read {path}: {error}", returncode=2) from None
        if options["dry_run"]:
            self.stdout.write("Dry run: every row is read and checked; nothing is written.")
        if records.sheet is not None:
            self.stdout.write(f"Sheet read: “{records.sheet}”.")
        self.report_unknown(records)
        name = Path(path).name
        in_rows = records.format == "xlsx"
        store = (PublishTrusted if options["publish"] else QueueForModerators)(name, in_rows)
        counts = collections.Counter()
        # A progress bar for a person at a terminal; none in logs and pipes.
        progress = tqdm(unit=" rows", file=sys.stderr, disable=not sys.stderr.isatty(), leave=False)
        try:
            for report in import_records(records, store, dry_run=options["dry_run"], progress=progress):
                counts[report.outcome] += 1
                self.stdout.write(self.describe(report, options["dry_run"], in_rows))
        except UnreadableFile as error:
            raise CommandError(f"Cannot read {path}: {error}", returncode=2) from None
        finally:
            progress.close()
        self.report_unknown(records, once_known=True)
        self.stdout.write(summary(counts, dry_run=options["dry_run"]))
        if counts[REJECTED]:
            raise CommandError(f"{counts[REJECTED]} row(s) rejected; see the report above.", returncode=1)

    def describe(self, report, dry_run=False, in_rows=False):
        """A row's line in the report; a workbook's rows are named "row", numbered as Excel does."""
        title = f"“{report.title}”" if report.title else "(no title)"
        outcomes = WHAT_WOULD_BECOME if dry_run else WHAT_BECAME
        what = outcomes[report.outcome].format(reference=report.reference)
        text = f"{'row' if in_rows else 'line'} {report.line}: {title}: {what}"
        if report.messages:
            text += ": " + " ".join(report.messages)
        return text

    def report_unknown(self, records, once_known=False):
        # A CSV's or a workbook's headings are known before the rows; a JSON Lines file's as they come.
        if (records.format != "jsonl") == once_known or not records.unknown_columns:
            return
        self.stdout.write("Unknown columns, ignored: " + records.unknown_columns_text())
