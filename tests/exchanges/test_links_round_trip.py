"""The import format's Partners, Sponsors, Participants (Types) and Location columns keep working:
a row is published with its links, exported as the same cells, and imports back to the same links."""

from django.test import TestCase

from exchanges.models import Exchange
from exchanges.publishing import publish
from exchanges.rows import exchange_row, read_row

ROW = {
    "Title": "Governors' forum",
    "Summary": "Governors met.",
    "Partners": "National Governors Association; Chinese People's Association for Friendship",
    "Sponsors": "U.S. Department of State",
    "Participants (Types)": "Governor Terry Branstad, 30 governors",
    "Location": "Des Moines, Iowa",
    "Exchange Date": "2011-07-16",
    "Source URL": "https://example.org/forum",
}


def links(exchange):
    return (
        sorted(exchange.organisation_links.values_list("organisation__slug", "role")),
        sorted(exchange.person_links.values_list("person__slug", "title")),
        sorted(exchange.place_links.values_list("place__slug", "direct")),
    )


class RoundTripTests(TestCase):
    def test_a_row_exported_and_imported_again_gives_the_same_cells_and_links(self):
        row = read_row(ROW)
        first = publish(row.values, row.sources)
        cells = exchange_row(first)
        for column in ["Sponsors", "Participants (Types)", "Location"]:
            self.assertEqual(cells[column], ROW[column])
        self.assertEqual(
            cells["Partners"].splitlines(),
            ["National Governors Association", "Chinese People's Association for Friendship"],
        )
        again = read_row(cells)
        second = publish(again.values, again.sources)
        self.assertEqual(links(second), links(first))
        organisations, people, places = links(first)
        self.assertIn(("us-department-of-state", "sponsor"), organisations)
        self.assertEqual(people, [("terry-branstad", "Governor")])
        self.assertEqual(Exchange.objects.count(), 2)
        self.assertIn("30 governors", second.participants)
