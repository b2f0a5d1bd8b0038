"""The forms offer known entities while typing: the inputs are marked for the autocomplete."""

from django.test import TestCase

from tests.factories import make_exchange


class EntityInputTests(TestCase):
    def assert_marked(self, response):
        self.assertContains(response, 'data-entity-kind="organisation"', count=2)
        self.assertContains(response, 'data-entity-kind="person"', count=1)
        self.assertContains(response, 'data-entity-kind="place"', count=1)
        self.assertContains(response, "js/entity-autocomplete.js")

    def test_the_contribution_form_marks_partners_sponsors_participants_and_location(self):
        response = self.client.get("/contribute/")
        self.assert_marked(response)
        # Plain fields without JavaScript: a textarea for the lines, a text input for the place.
        self.assertContains(response, '<textarea name="participants"', count=1)
        self.assertContains(response, '<input type="text" name="location"', count=1)

    def test_the_suggestion_form_does_too(self):
        exchange = make_exchange(participants="Wang Yi")
        self.assert_marked(self.client.get(f"/exchanges/{exchange.slug}/suggest/"))
