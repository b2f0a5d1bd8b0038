from django.conf import settings
from django.core.management.base import BaseCommand

from exchanges.counts import catalogue_total, rebuild
from exchanges.links import relink_places_lain_in
from exchanges.models import CatalogueCount, EntityCount, Exchange


class Command(BaseCommand):
    help = (
        "Recount the catalogue's counts from scratch: the summary table behind the totals, the facet "
        "counts and the timeline, every organisation's, person's and place's number of published "
        "exchanges, and the summaries of those with ENTITY_SUMMARY_MIN of them or more; first, link "
        "each exchange again to the places its named places lie in. The site keeps them exact as it "
        "writes; run this after writing to the database outside Django (a COPY or a restore, SQL by "
        "hand) or changing ENTITY_SUMMARY_MIN."
    )

    def handle(self, *args, **options):
        # First, as the counts of places are read from the links to them: not recounted there, as
        # everything is recounted next.
        relinked = relink_places_lain_in(Exchange._base_manager.values_list("pk", flat=True), recount=False)
        rebuild()
        if relinked:
            self.stdout.write(f"Linked {relinked:,} exchanges again to the places they lie in.")
        rows = CatalogueCount.objects.count()
        self.stdout.write(f"Counted {catalogue_total():,} published exchanges in {rows:,} summary rows.")
        entities = EntityCount.objects.values("kind", "entity_id").distinct().count()
        rows = EntityCount.objects.count()
        self.stdout.write(
            f"Summarised {entities:,} organisations, people and places with "
            f"{settings.ENTITY_SUMMARY_MIN:,} published exchanges or more in {rows:,} rows."
        )
