"""entities.merge, called directly: the generic mover of links and its refusals."""

from django.db.models import ForeignKey
from django.test import TestCase

from entities.merge import MergeError, entities_merging, merge, reverse_relations
from entities.models import (
    Organisation,
    OrganisationAlias,
    OrganisationFormerSlug,
    Person,
    Place,
    PlaceAlias,
    PlaceFormerSlug,
)

from .factories import make_organisation, make_person, make_place


class ReverseRelationTests(TestCase):
    def test_it_finds_every_foreign_key_pointing_at_a_model(self):
        place_relations = {
            (relation.related_model, relation.field.name) for relation in reverse_relations(Place)
        }
        # The exchanges' links to entities are found as any other app's would be.
        from exchanges.models import ExchangeOrganisation, ExchangePlace

        self.assertEqual(
            place_relations,
            {
                (PlaceAlias, "entity"),
                (PlaceFormerSlug, "entity"),
                (Place, "parent"),
                (ExchangePlace, "place"),
            },
        )
        self.assertEqual(
            {(relation.related_model, relation.field.name) for relation in reverse_relations(Organisation)},
            {
                (OrganisationAlias, "entity"),
                (OrganisationFormerSlug, "entity"),
                (ExchangeOrganisation, "organisation"),
            },
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


class FormerAddressTests(TestCase):
    """A merged entity's slug is kept as a former address of the entity kept (its page leads there)."""

    def test_the_merged_slug_becomes_a_former_address_of_the_one_kept(self):
        kept, merged = make_person("Zhou Enlai"), make_person("Chou En-lai")
        merge(kept, merged)
        self.assertEqual(list(kept.former_slugs.values_list("slug", flat=True)), ["chou-en-lai"])
        self.assertEqual(Person.objects.kept_for("chou-en-lai"), kept)
        self.assertIsNone(Person.objects.kept_for("zhou-enlai"), "a live address is no former one")
        self.assertIsNone(Organisation.objects.kept_for("chou-en-lai"), "nor one of another kind")

    def test_former_addresses_move_on_with_a_later_merge(self):
        first, second, last = make_place("Canton"), make_place("Guangzhou City"), make_place("Guangzhou")
        merge(second, first)
        merge(last, second)
        self.assertEqual(Place.objects.kept_for("canton"), last)
        self.assertEqual(Place.objects.kept_for("guangzhou-city"), last)

    def test_an_address_taken_again_and_merged_again_leads_to_the_newest_entity_kept(self):
        zhou = make_person("Zhou Enlai")
        merge(zhou, make_person("Premier"))
        namesake = make_person("Premier")
        self.assertEqual(namesake.slug, "premier")
        li = make_person("Li Peng")
        merge(li, namesake)
        self.assertEqual(Person.objects.kept_for("premier"), li)
        self.assertFalse(zhou.former_slugs.exists())


class MergingSignalTests(TestCase):
    def test_the_apps_above_are_told_before_any_link_moves(self):
        """They read what linked to the merged one (the exchanges app dates the records naming it)."""
        kept = make_organisation("Peking University")
        merged = make_organisation("Beida", aliases=["PKU"])
        seen = []

        def receiver(sender, kept, merged, **kwargs):
            seen.append((sender, kept.pk, merged.pk, list(merged.aliases.values_list("name", flat=True))))

        entities_merging.connect(receiver)
        self.addCleanup(entities_merging.disconnect, receiver)
        merge(kept, merged)
        self.assertEqual(seen, [(Organisation, kept.pk, merged.pk, ["PKU"])])
