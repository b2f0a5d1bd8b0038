"""Linking organisations written with their abbreviation in brackets, and by the abbreviation alone.

"Ministry of Commerce (MOFCOM)" is the Ministry of Commerce, which gains the alias "MOFCOM";
a line "MOFCOM" then links to it, and the entity's page lists both exchanges. An abbreviation
that is an alias of two organisations links to neither.
"""

from django.test import TestCase

from entities.models import Organisation, OrganisationAlias
from tests.entities.factories import make_organisation, make_person
from tests.factories import make_exchange


def organisations(exchange):
    return list(exchange.organisation_links.order_by("position").values_list("organisation__name", flat=True))


class AbbreviationTests(TestCase):
    def test_a_bracketed_abbreviation_links_the_name_and_becomes_its_alias(self):
        for line, name, abbreviation in [
            (
                "Chinese People's Association for Friendship with Foreign Countries (CPAFFC)",
                "Chinese People's Association for Friendship with Foreign Countries",
                "CPAFFC",
            ),
            ("U.S. Department of State (DOS)", "U.S. Department of State", "DOS"),
            (
                "National Committee on U.S.-China Relations (NCUSCR)",
                "National Committee on U.S.-China Relations",
                "NCUSCR",
            ),
            ("Ministry of Commerce (MOFCOM)", "Ministry of Commerce", "MOFCOM"),
            ("China Scholarship Council (CSC)", "China Scholarship Council", "CSC"),
        ]:
            with self.subTest(line):
                exchange = make_exchange(partners=line)
                self.assertEqual(organisations(exchange), [name])
                organisation = Organisation.objects.get(name=name)
                # Besides the other names chinese_names.csv gives it ("State Department").
                self.assertIn(abbreviation, organisation.aliases.values_list("name", flat=True))

    def test_the_abbreviation_alone_links_to_the_same_organisation(self):
        full = make_exchange(partners="Ministry of Commerce (MOFCOM)")
        short = make_exchange(sponsors="MOFCOM")
        again = make_exchange(partners="Ministry of Commerce\nMinistry of Commerce (MOFCOM)")
        self.assertEqual(organisations(short), ["Ministry of Commerce"])
        self.assertEqual(organisations(again), ["Ministry of Commerce"])
        mofcom = Organisation.objects.get()
        self.assertEqual(mofcom.exchange_count, 3)
        self.assertEqual(OrganisationAlias.objects.filter(entity=mofcom).count(), 1)
        response = self.client.get(mofcom.get_absolute_url())
        self.assertEqual({e.pk for e in response.context["page"].object_list}, {full.pk, short.pk, again.pk})

    def test_a_known_organisation_with_a_chinese_name_and_an_abbreviation_gains_both(self):
        make_organisation("Ministry of Commerce")
        exchange = make_exchange(partners="Ministry of Commerce (商务部) (MOFCOM)")
        self.assertEqual(organisations(exchange), ["Ministry of Commerce"])
        mofcom = Organisation.objects.get()
        self.assertEqual(mofcom.chinese_name, "商务部")
        self.assertEqual(list(mofcom.aliases.values_list("name", flat=True)), ["MOFCOM"])

    def test_a_bracket_that_is_not_an_abbreviation_stays_in_the_name(self):
        exchange = make_exchange(partners="Asia Society (NYC)\nNankai University (1979)")
        self.assertEqual(organisations(exchange), ["Asia Society (NYC)", "Nankai University (1979)"])
        self.assertFalse(OrganisationAlias.objects.exists())

    def test_an_abbreviation_two_organisations_have_links_to_neither(self):
        make_exchange(partners="China Scholarship Council (CSC)")
        make_organisation("Computer Sciences Corporation", aliases=["CSC"])
        exchange = make_exchange(partners="CSC\nAsia Society", participants="", location="")
        self.assertEqual(organisations(exchange), ["Asia Society"])
        self.assertEqual(exchange.partners, "CSC\nAsia Society")
        self.assertEqual(Organisation.objects.filter(name="CSC").count(), 0)

    def test_an_organisation_named_so_wins_over_others_aliases(self):
        make_organisation("China Scholarship Council", aliases=["CSC"])
        make_organisation("Computer Sciences Corporation", aliases=["CSC"])
        named = make_organisation("CSC")
        exchange = make_exchange(partners="CSC")
        self.assertEqual(list(exchange.organisation_links.values_list("organisation", flat=True)), [named.pk])

    def test_a_person_s_alias_two_people_have_links_to_neither(self):
        make_person("Zhang Weiguo", aliases=["Chang Wei"])
        make_person("Zhang Weimin", aliases=["Chang Wei"])
        exchange = make_exchange(participants="Vice Minister Chang Wei, Foreign Minister Wang Yi")
        self.assertEqual(list(exchange.person_links.values_list("person__name", flat=True)), ["Wang Yi"])
