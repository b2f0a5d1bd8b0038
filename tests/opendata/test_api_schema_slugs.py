"""A slug's letters may be any script's (`peña-visit`, `北京大学`): the schema described it with the
pattern `^[-\\w]+$`, which JSON Schema reads as ECMAScript does, `\\w` ASCII only, so a client that
validates answers against the schema (a generated client, Schemathesis) refused every record,
exchange or entity, whose slug has such a letter."""

import jsonschema_rs
from django.test import TestCase

from tests.factories import make_exchange


class SlugPatternTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        make_exchange(title="Peña visit", partners="北京大学")
        make_exchange(title="Ping-pong visit", partners="Peking University")

    def slug_patterns(self):
        """The slug of each record that declares a pattern for it (a link's slug declares none)."""
        components = self.client.get("/api/v1/schema/?format=json").json()["components"]["schemas"]
        return {
            name: component["properties"]["slug"]
            for name, component in components.items()
            if "pattern" in component.get("properties", {}).get("slug", {})
        }

    def test_every_slug_answered_matches_its_schema_as_ecmascript_reads_it(self):
        patterns = self.slug_patterns()
        answered = {"Exchange": "/api/v1/exchanges/", "Organisation": "/api/v1/organisations/"}
        for component, url in answered.items():
            slugs = [record["slug"] for record in self.client.get(url).json()["results"]]
            self.assertTrue(any(not slug.isascii() for slug in slugs), slugs)
            for slug in slugs:
                with self.subTest(component=component, slug=slug):
                    self.assertTrue(jsonschema_rs.validator_for(patterns[component]).is_valid(slug))

    def test_the_pattern_still_refuses_what_no_slug_holds(self):
        patterns = self.slug_patterns()
        self.assertLessEqual(
            {"Exchange", "Organisation", "Person", "Place", "EntityWithdrawal"}, set(patterns)
        )
        for component, declared in patterns.items():
            validator = jsonschema_rs.validator_for(declared)
            for wrong in ["a b", "a/b", "a?b", "a.b", ""]:
                with self.subTest(component=component, wrong=wrong):
                    self.assertFalse(validator.is_valid(wrong))
