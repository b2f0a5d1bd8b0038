from django.core.management.base import BaseCommand

from entities.places import load_known_places


class Command(BaseCommand):
    help = (
        "Add the known places of entities/vocabularies/places.csv (U.S. states, Chinese provinces, "
        "frequent cities) as Place entities, with their aliases. Safe to run again."
    )

    def handle(self, *args, **options):
        created, added = load_known_places()
        self.stdout.write(f"{created} place(s) created, {added} alias(es) added.")
