from django.template.loader import render_to_string
from django.test import SimpleTestCase


def facets(kind, count):
    return [(f"{kind}-{number}", f"Name {number}", 1, False) for number in range(count)]


class FacetMoreTests(SimpleTestCase):
    def test_each_more_toggle_says_what_it_opens(self):
        # Three toggles each read "20 more": a screen reader listing the page's controls, or a
        # reader zoomed in past the heading, could not tell organisations from people and places.
        html = render_to_string(
            "exchanges/_entity_facet_groups.html",
            {
                "entity_facets": [
                    ("organisation", "Organisation", facets("o", 10), facets("p", 20)),
                    ("person", "Person", facets("q", 10), facets("r", 1)),
                    ("place", "Place", facets("s", 10), facets("t", 5)),
                ]
            },
        )
        self.assertInHTML('<summary class="small">20 more organisations</summary>', html)
        self.assertInHTML('<summary class="small">1 more person</summary>', html)
        self.assertInHTML('<summary class="small">5 more places</summary>', html)
