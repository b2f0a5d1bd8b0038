from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from exchanges.importing import ALREADY, PUBLISHED, Publisher, Records, UnreadableFile, import_records
from exchanges.models import Exchange

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

    def handle(self, *args, **options):
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
