from pathlib import Path

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from exchanges.importing import (
    ALREADY,
    PUBLISHED,
    Publisher,
    Records,
    UnreadableFile,
    import_records,
    imported_from,
    readable,
)
from exchanges.models import Exchange
from exchanges.publishing import publish
from exchanges.rows import read_row

# The starter catalogue: sourced exchanges from 1971 to today (fixtures/exchanges.README.md).
SEED_FILE = Path(settings.BASE_DIR) / "fixtures" / "exchanges.csv"


class SeedPublisher(Publisher):
    """The seed publishes each row once: an exchange whose title is listed is left as it is."""

    def is_known(self, row, key):
        return Exchange.objects.filter(title=row.values["title"]).exists()


class Command(BaseCommand):
    help = (
        "Add the starter catalogue, fixtures/exchanges.csv (the import format, read and published "
        "by the same code as import_exchanges --publish), as published entries. An exchange whose "
        "title is already listed is left as it is, so running this twice adds nothing and never "
        "overwrites a moderator's edits. "
        "A row that is wrong is reported with its line number, and then nothing is stored."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--file", default=str(SEED_FILE), help="The seed file to read (CSV or JSON Lines)."
        )
        parser.add_argument(
            "--if-empty",
            action="store_true",
            help="Only seed a database that holds no exchanges yet.",
        )
        parser.add_argument(
            "--fill-notes",
            action="store_true",
            help="Add no exchange: give the file's Notes to the exchanges it loaded (the same title "
            "citing the same first source) whose notes are empty, as they are in a database seeded "
            "before exchanges had notes. Notes an editor wrote are never replaced.",
        )

    def handle(self, *args, **options):
        if options["fill_notes"]:
            return self.fill_notes(options["file"])
        if options["if_empty"] and Exchange.objects.exists():
            self.stdout.write("The database already holds exchanges; nothing seeded.")
            return
        try:
            with transaction.atomic():
                reports = list(import_records(Records(options["file"]), SeedPublisher()))
                problems = [report for report in reports if report.outcome not in (PUBLISHED, ALREADY)]
                if problems:
                    transaction.set_rollback(True)
        except UnreadableFile as error:
            raise CommandError(f"Cannot read the seed file {options['file']}: {error}") from None
        if problems:
            lines = [
                f"line {report.line} ({report.title or 'no title'}): {' '.join(report.messages)}"
                for report in problems
            ]
            raise CommandError(
                f"The seed file {options['file']} has rows that cannot be published; nothing was seeded.\n"
                + "\n".join(lines)
            )
        added = sum(report.outcome == PUBLISHED for report in reports)
        self.stdout.write(f"Seeded {added} new exchange(s); {len(reports) - added} already listed.")

    def fill_notes(self, path):
        try:
            records = Records(path)
        except UnreadableFile as error:
            raise CommandError(f"Cannot read the seed file {path}: {error}") from None
        filled = kept = missing = 0
        for line, mapping in records:
            if isinstance(mapping, Exception):
                continue  # a row that cannot be read loaded nothing
            row = read_row(mapping, records.day_first)
            notes = row.values["notes"]
            if row.errors or not notes:
                continue
            # The exchange the file loaded from this row, as the import knows it on a second run.
            exchange = imported_from(row).first()
            if exchange is None:
                missing += 1
                self.stdout.write(
                    f"line {line} ({row.values['title']}): not in the catalogue as the file has it."
                )
            elif exchange.notes == notes:
                continue
            elif exchange.notes:
                kept += 1
                self.stdout.write(f"line {line} ({exchange.title}): kept the notes it has.")
            else:
                try:
                    publish({"notes": notes}, None, exchange)
                except ValidationError as error:
                    self.stdout.write(f"line {line} ({exchange.title}): {' '.join(readable(error))}")
                    continue
                filled += 1
        self.stdout.write(
            f"Filled the notes of {filled} exchange(s); {kept} kept notes of their own; "
            f"{missing} row(s) with notes are not in the catalogue."
        )
