"""A place or an organisation written with its Chinese and its English name together, as bilingual
sources write it ("北京 Beijing, China", "Ministry of Education / 教育部"), links to the one entity
both name; two different entities, or one known and one not, stay as they were read before."""

from django.test import TestCase

from entities.models import Place
from tests.factories import make_exchange


def places(exchange):
    return list(exchange.place_links.filter(direct=True).values_list("place__name", flat=True))


class PlaceTests(TestCase):
    def test_a_place_side_by_side_in_both_scripts_is_the_known_place(self):
        make_exchange(location="Beijing")
        exchange = make_exchange(location="北京 Beijing, China")
        self.assertEqual(places(exchange), ["Beijing"])
        self.assertEqual(places(make_exchange(location="Beijing 北京")), ["Beijing"])
        self.assertEqual(Place.objects.filter(name__contains="北京").count(), 0, "no place named with both")

    def test_two_places_side_by_side_are_not_linked_on_the_chinese_one(self):
        exchange = make_exchange(location="上海 Beijing, China")
        self.assertEqual(places(exchange), ["上海 Beijing"])
