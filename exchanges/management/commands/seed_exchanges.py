import datetime
import json
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from exchanges.models import Exchange, Source, unique_slug

SEED_FILE = Path(settings.BASE_DIR) / "fixtures" / "seed_exchanges.json"


class Command(BaseCommand):
    help = (
        "Add the seed exchanges from fixtures/seed_exchanges.json as published entries. "
        "An exchange whose title is already listed is left as it is, so running this "
        "twice adds nothing and never overwrites a moderator's edits."
    )

    def add_arguments(self, parser):
        parser.add_argument("--file", default=str(SEED_FILE), help="The seed file to read.")
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
            records = json.loads(Path(options["file"]).read_text(encoding="utf-8"))
        except (OSError, ValueError) as error:
            raise CommandError(f"Cannot read the seed file {options['file']}: {error}") from None
        added = 0
        with transaction.atomic():
            for record in records:
                added += self.add(dict(record))
        self.stdout.write(f"Seeded {added} new exchange(s); {len(records) - added} already listed.")

    def add(self, record):
        sources = record.pop("sources", [])
        if Exchange.objects.filter(title=record["title"]).exists():
            return 0
        exchange = Exchange(status=Exchange.Status.PUBLISHED, **record)
        exchange.date = _date(record["date"])
        exchange.end_date = _date(record.get("end_date"))
        try:
            exchange.full_clean(exclude=["slug", "date_last"])
        except ValidationError as error:
            raise CommandError(f"Seed exchange {record['title']!r} is invalid: {error.messages}") from None
        exchange.slug = unique_slug(exchange.title, Exchange.objects.all())
        exchange.save()
        Source.objects.bulk_create(
            Source(exchange=exchange, position=position, **source) for position, source in enumerate(sources)
        )
        return 1


def _date(text):
    return datetime.date.fromisoformat(text) if text else None
