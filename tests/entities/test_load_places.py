"""manage.py load_places: the gazetteer as Place entities."""

from io import StringIO

from django.core.management import call_command
from django.test import TestCase

from entities.models import Place
from entities.names import known_places

from .factories import make_place


def load():
    out = StringIO()
    call_command("load_places", stdout=out)
    return out.getvalue()


class LoadPlacesTests(TestCase):
    def test_it_creates_every_known_place_with_aliases_and_parents(self):
        self.assertIn(f"{len(known_places())} place(s) created", load())
        sunnylands = Place.objects.get(name="Sunnylands")
        self.assertEqual(sunnylands.kind, Place.Kind.SITE)
        self.assertEqual(sunnylands.parent.name, "Rancho Mirage")
        self.assertEqual(sunnylands.parent.parent.name, "California")
        self.assertEqual(list(Place.objects.matching("Calif.")), [Place.objects.get(name="California")])
        self.assertEqual(list(Place.objects.matching("广州")), [Place.objects.get(name="Guangzhou")])
        self.assertEqual(Place.objects.get(name="Taipei").country_name, "Taiwan")

    def test_running_it_again_changes_nothing(self):
        load()
        places, aliases = Place.objects.count(), Place.aliases.rel.related_model.objects.count()
        self.assertIn("0 place(s) created, 0 alias(es) added.", load())
        self.assertEqual(Place.objects.count(), places)
        self.assertEqual(Place.aliases.rel.related_model.objects.count(), aliases)

    def test_an_existing_place_is_completed_not_doubled(self):
        beijing = make_place("Peking", chinese_name="", aliases=["Pei-ching"])
        load()
        beijing.refresh_from_db()
        self.assertEqual(Place.objects.filter(country="CN").filter(key="beijing").count(), 0)
        self.assertEqual(beijing.name, "Peking", "an editor's choice of name stays")
        self.assertEqual(beijing.chinese_name, "北京市")
        self.assertIn("Beijing", beijing.aliases.values_list("name", flat=True))
        self.assertIn("Pei-ching", beijing.aliases.values_list("name", flat=True))

    def test_a_place_of_a_known_name_elsewhere_is_not_the_known_one(self):
        # Linking made a Portland in Maine before the gazetteer was loaded: Oregon's is another.
        from tests.factories import make_exchange

        make_exchange(location="Portland, Maine")
        maine = Place.objects.get(name="Portland")
        load()
        maine.refresh_from_db()
        self.assertEqual((maine.parent.name, maine.chinese_name), ("Maine", ""))
        self.assertFalse(maine.aliases.exists())
        oregon = Place.objects.get(name="Portland", parent__name="Oregon")
        self.assertEqual(oregon.chinese_name, "波特兰")
        self.assertIn("0 place(s) created", load())
