"""A person's name written as another spelling on its line of the search's synonyms (Wade-Giles
for pinyin, "Hillary Rodham Clinton" for "Hillary Clinton") links the one person another spelling
of the line names, who gains it as an alias; the moderator's review of a submission says so."""

from django.db import connection
from django.test import TestCase
from django.test.utils import CaptureQueriesContext

from entities.models import Organisation, Person
from exchanges.links import names_to_review, other_spellings_of
from tests.entities.factories import make_person
from tests.factories import make_exchange, make_submission


def people_of(exchange):
    return [(link.person.name, link.title) for link in exchange.person_links.order_by("position")]


class OtherSpellingTests(TestCase):
    def test_wade_giles_links_the_person_of_the_pinyin_name(self):
        zhou = make_exchange(participants="Premier Zhou Enlai").person_links.get().person
        exchange = make_exchange(participants="Premier Chou En-lai, Henry Kissinger")
        self.assertEqual(people_of(exchange), [("Zhou Enlai", "Premier"), ("Henry Kissinger", "")])
        self.assertEqual(Person.objects.filter(name__in=["Zhou Enlai", "Chou En-lai"]).count(), 1)
        self.assertIn("Chou En-lai", zhou.aliases.values_list("name", flat=True))
        # The alias finds him from then on, and search and the index read it as any alias.
        self.assertEqual(people_of(make_exchange(participants="Chou En-lai")), [("Zhou Enlai", "")])

    def test_the_pinyin_name_links_the_person_written_in_wade_giles(self):
        make_exchange(participants="Vice Premier Teng Hsiao-ping")
        exchange = make_exchange(participants="Deng Xiaoping; 邓小平")
        self.assertEqual(people_of(exchange), [("Teng Hsiao-ping", "")])
        self.assertEqual(Person.objects.filter(name__in=["Deng Xiaoping", "Teng Hsiao-ping"]).count(), 1)

    def test_one_person_written_two_ways_is_one(self):
        make_exchange(participants="Hillary Rodham Clinton")
        exchange = make_exchange(participants="Secretary of State Hillary Clinton")
        self.assertEqual(people_of(exchange), [("Hillary Rodham Clinton", "Secretary of State")])

    def test_a_spelling_of_two_people_or_of_none_is_a_new_person(self):
        # 柯林顿 (as Taiwan writes 克林顿) is either Clinton: neither is linked, as an alias of two
        # is neither's.
        bill = make_person("Bill Clinton", aliases=["克林顿"])
        make_person("Hillary Clinton", aliases=["克林顿"])
        exchange = make_exchange(participants="柯林顿")
        self.assertEqual(people_of(exchange), [("柯林顿", "")])
        self.assertNotIn("柯林顿", bill.aliases.values_list("name", flat=True))
        # A family name alone is either of two people as often as not: only full names are read so.
        nixon = make_person("Richard Nixon", aliases=["尼克松"])
        exchange = make_exchange(participants="President Nixon")
        self.assertEqual(people_of(exchange), [("Nixon", "President")])
        self.assertEqual(list(nixon.aliases.values_list("name", flat=True)), ["尼克松"])
        # A spelling whose line names no one yet: the person as written.
        self.assertEqual(people_of(make_exchange(participants="Hua Kuo-feng")), [("Hua Kuo-feng", "")])

    def test_only_full_names_are_looked_for(self):
        # A family name alone on the line ("Nixon", 尼克松 and 尼克森 as Chinese writes it) is either of
        # two people as often as not, and a name in Chinese may be one: only the full names are.
        self.assertEqual(other_spellings_of("person", "尼克松"), ())
        zhou = {"Chou En-lai", "Zhou Enlai", "Chou Enlai"}
        self.assertEqual(set(other_spellings_of("person", "周恩来")), zhou)
        self.assertEqual(set(other_spellings_of("person", "Chou En-lai")), {"Zhou Enlai", "Chou Enlai"})

    def test_only_people(self):
        # An organisation's or a place's other names are its aliases and the gazetteer's.
        self.assertEqual(other_spellings_of("organisation", "Chou En-lai"), ())
        make_exchange(partners="Peking University")
        make_exchange(partners="Beida")
        self.assertEqual(Organisation.objects.filter(name__in=["Peking University", "Beida"]).count(), 2)


class OtherSpellingReviewTests(TestCase):
    def test_the_review_links_the_person_of_another_spelling_in_the_same_queries(self):
        make_exchange(participants="Deng Xiaoping, Zhou Enlai")
        submission = make_submission(participants="Teng Hsiao-ping, Chou En-lai, Hua Kuo-feng")
        with CaptureQueriesContext(connection) as queries:
            review = names_to_review(submission)
        # The candidates and their aliases, as for any names: the other spellings are among the keys.
        self.assertEqual(len([query for query in queries if '"entities_person' in query["sql"]]), 2)
        review = [row for row in review if row.kind == "person"]
        self.assertEqual(
            [(row.name, row.known.name if row.known else None) for row in review],
            [("Teng Hsiao-ping", "Deng Xiaoping"), ("Chou En-lai", "Zhou Enlai"), ("Hua Kuo-feng", None)],
        )
