"""entities.merge, called directly: the generic mover of links and its refusals."""

from django.db.models import ForeignKey
from django.test import TestCase

from entities.merge import MergeError, merge, reverse_relations
from entities.models import Organisation, OrganisationAlias, Person, Place, PlaceAlias

from .factories import make_organisation, make_person, make_place


class ReverseRelationTests(TestCase):
    def test_it_finds_every_foreign_key_pointing_at_a_model(self):
        place_relations = {
            (relation.related_model, relation.field.name) for relation in reverse_relations(Place)
        }
        # The exchanges' links to entities are found as any other app's would be.
        from exchanges.models import ExchangeOrganisation, ExchangePlace

        self.assertEqual(
            place_relations, {(PlaceAlias, "entity"), (Place, "parent"), (ExchangePlace, "place")}
        )
        self.assertEqual(
            {(relation.related_model, relation.field.name) for relation in reverse_relations(Organisation)},
            {(OrganisationAlias, "entity"), (ExchangeOrganisation, "organisation")},
        )

    def test_the_foreign_keys_of_many_to_many_tables_are_found_too(self):
        # Django's own auth app links users to groups through a table it makes:
        # the mover finds that table's hidden foreign key to Group.
        from django.contrib.auth.models import Group

        tables = {relation.related_model._meta.db_table for relation in reverse_relations(Group)}
        self.assertIn("auth_user_groups", tables)
        self.assertTrue(all(isinstance(relation.field, ForeignKey) for relation in reverse_relations(Group)))


class MergeTests(TestCase):
    def test_links_that_would_be_duplicates_are_dropped_not_doubled(self):
        kept = make_organisation("Asia Society", aliases=["AS", "Asia Soc."])
        merged = make_organisation("The Asia Society", aliases=["A.S.", "ASNY"])
        moved = merge(kept, merged)
        self.assertEqual(moved, 1, "ASNY moved; A.S. was already there as AS")
        self.assertEqual(sorted(kept.aliases.values_list("name", flat=True)), ["AS", "ASNY", "Asia Soc."])

    def test_only_entities_of_one_kind_merge(self):
        with self.assertRaises(MergeError):
            merge(make_person("Beijing"), make_place("Beijing"))

    def test_an_entity_does_not_merge_into_itself(self):
        person = make_person()
        with self.assertRaises(MergeError):
            merge(person, person)
        self.assertTrue(Person.objects.filter(pk=person.pk).exists())

    def test_a_vanished_entity_stops_the_merge(self):
        kept, merged = make_person("Wang Yi"), make_person("Wang I")
        Person.objects.filter(pk=merged.pk).delete()
        with self.assertRaisesMessage(MergeError, "no longer exists"):
            merge(kept, merged)

    def test_a_failure_part_way_leaves_everything_as_it_was(self):
        kept = make_place("Seattle", country="US")
        merged = make_place("Seatle", country="US", aliases=["Emerald City"])
        make_place("Fremont", country="US", parent=merged)
        original_delete = Place.delete

        def failing_delete(self, *args, **kwargs):
            raise RuntimeError("the disk is full")

        Place.delete = failing_delete
        try:
            with self.assertRaises(RuntimeError):
                merge(kept, merged)
        finally:
            Place.delete = original_delete
        self.assertEqual(Place.objects.get(name="Fremont").parent, merged)
        self.assertEqual(list(merged.aliases.values_list("name", flat=True)), ["Emerald City"])
        self.assertFalse(kept.aliases.exists())
