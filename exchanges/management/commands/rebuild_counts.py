from django.core.management.base import BaseCommand

from exchanges.counts import catalogue_total, rebuild
from exchanges.models import CatalogueCount


class Command(BaseCommand):
    help = (
        "Recount the catalogue's counts from scratch: the summary table behind the totals, the facet "
        "counts and the timeline, and every organisation's, person's and place's number of published "
        "exchanges. The site keeps them exact as it writes; run this after writing to the database "
        "outside Django (a COPY or a restore, SQL by hand)."
    )

    def handle(self, *args, **options):
        rebuild()
        rows = CatalogueCount.objects.count()
        self.stdout.write(f"Counted {catalogue_total():,} published exchanges in {rows:,} summary rows.")
