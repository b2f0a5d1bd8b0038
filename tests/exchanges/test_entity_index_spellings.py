"""The indexes of organisations, people and places find a name typed as older sources write it:
the other spellings of the search's synonyms file (exchanges/vocabularies/synonyms.txt).

Literal URLs: the addresses are part of the product.
"""

from django.test import TestCase

from entities.names import normalise
from exchanges import search
from tests.entities.factories import make_organisation, make_person, make_place


def names(response):
    return [entity.name for entity in response.context["page"].object_list]


def found_as(response):
    return {entity.name: entity.found_as for entity in response.context["page"].object_list}


class IndexSpellingData:
    @classmethod
    def setUpTestData(cls):
        make_person("Zhou Enlai", exchange_count=12)
        # Beside Zhou Enlai in the index of names, beginning with none of his spellings.
        make_person("Zhou En")
        make_person("Zhou Enlaj")
        make_person("Deng Xiaoping", chinese_name="邓小平", exchange_count=7)
        # Named as the older sources write it: found by its own name first.
        make_person("Chou Wen-chung", exchange_count=1)
        make_person("Henry Kissinger", aliases=["Kissinger, Henry"], exchange_count=30)
        make_organisation("Peking University", aliases=["PKU"])
        make_organisation("Beijing Foreign Studies University")
        make_place("Beijing", chinese_name="北京", aliases=["Peking"])
        make_place("Hong Kong", chinese_name="香港")


class IndexSpellingTests(IndexSpellingData, TestCase):
    def test_a_wade_giles_name_finds_the_person_written_in_pinyin(self):
        for url, name in [
            ("/people/?q=Chou", "Zhou Enlai"),
            ("/people/?q=Chou En-lai", "Zhou Enlai"),
            ("/people/?q=chou+enlai", "Zhou Enlai"),
            ("/people/?q=Teng Hsiao-ping", "Deng Xiaoping"),
            ("/people/?q=Teng", "Deng Xiaoping"),
            ("/organisations/?q=Beijing University", "Peking University"),
            ("/organisations/?q=Beida", "Peking University"),
            ("/places/?q=Peking", "Beijing"),
            ("/places/?q=HK", "Hong Kong"),
        ]:
            with self.subTest(url=url):
                self.assertIn(name, names(self.client.get(url)))

    def test_names_found_as_typed_come_first_in_their_order_then_the_other_spellings(self):
        self.assertEqual(names(self.client.get("/people/?q=Chou")), ["Chou Wen-chung", "Zhou Enlai"])
        # Sorted by number, every match is in the one order.
        self.assertEqual(
            names(self.client.get("/people/?q=Chou&sort=count")), ["Zhou Enlai", "Chou Wen-chung"]
        )
        # The place whose alias is "Peking" keeps its place; "Beijing Foreign Studies University",
        # beginning with another spelling of Peking, follows Peking University, found by its name.
        self.assertEqual(
            names(self.client.get("/organisations/?q=Peking")),
            ["Peking University", "Beijing Foreign Studies University"],
        )

    def test_the_page_says_which_spelling_found_a_name(self):
        response = self.client.get("/people/?q=Chou")
        self.assertEqual(found_as(response), {"Chou Wen-chung": "", "Zhou Enlai": "Chou En-lai"})
        self.assertContains(response, "found as “Chou En-lai”", count=1)
        self.assertContains(response, "2 matches for “Chou”")
        # An alias is another spelling too.
        response = self.client.get("/places/?q=Pek")
        self.assertEqual(found_as(response), {"Beijing": "Peking"})
        self.assertContains(response, "found as “Peking”")
        # Found by a word of the name: nothing to say.
        self.assertEqual(found_as(self.client.get("/people/?q=Kiss")), {"Henry Kissinger": ""})

    def test_a_spelling_in_chinese_is_marked_as_chinese(self):
        # For screen readers to read it as Chinese, and browsers to draw it in a Chinese font.
        response = self.client.get("/organisations/?q=北大")
        self.assertEqual(found_as(response), {"Peking University": "北大"})
        self.assertContains(response, 'found as “<span lang="zh">北大</span>”', count=1)
        # One in Latin letters is in the page's language.
        response = self.client.get("/organisations/?q=Beida")
        self.assertContains(response, "found as “Beida”", count=1)
        self.assertNotContains(response, '<span lang="zh">Beida</span>')

    def test_a_letter_or_two_begins_no_other_spelling(self):
        # "Ch" begins a hundred spellings of the file (China, Chiang Kai-shek…): a name is typed further.
        self.assertEqual(names(self.client.get("/people/?q=Ch")), ["Chou Wen-chung"])
        # "Be" begins "Beida" and "Beijing University", spellings of Peking University.
        self.assertEqual(
            names(self.client.get("/organisations/?q=Be")), ["Beijing Foreign Studies University"]
        )

    def test_a_name_that_no_spelling_begins_is_found_as_before(self):
        response = self.client.get("/people/?q=Atlantis")
        self.assertEqual(names(response), [])
        self.assertContains(response, "No name begins with “Atlantis”.")

    def test_the_index_with_other_spellings_takes_two_queries(self):
        # 1: count; 2: the page of entities, each with the spelling that found it.
        with self.assertNumQueries(2):
            self.client.get("/people/?q=Chou")
        with self.assertNumQueries(2):
            self.client.get("/places/?q=Peking&sort=count")


class OtherSpellingsTests(TestCase):
    def test_each_spelling_of_a_line_the_text_begins_gives_the_others_with_the_spelling_begun(self):
        spellings = search.other_spellings("Chou")
        self.assertEqual(spellings["zhou enlai"], "Chou En-lai")
        self.assertEqual(spellings["周恩来"], "Chou En-lai")
        # Spellings the text begins already are not looked for again.
        self.assertNotIn("chou enlai", spellings)

    def test_the_spelling_begun_is_the_one_written_as_typed(self):
        self.assertEqual(search.other_spellings("chou enlai")["zhou enlai"], "Chou Enlai")
        # "PRC" and "China" share the key "china"; "chi" is typed as China is written.
        self.assertEqual(search.other_spellings("chi")["zhongguo"], "China")

    def test_a_spelling_typed_whole_counts_however_short(self):
        self.assertIn("香港", search.other_spellings("HK"))
        self.assertEqual(search.other_spellings("H"), {})
        self.assertEqual(search.other_spellings("--"), {})

    def test_every_spelling_of_the_file_finds_the_others_on_its_line(self):
        lines = [
            line.split(" / ")
            for line in search.SYNONYMS_FILE.read_text(encoding="utf-8").splitlines()
            if line.strip() and not line.startswith("#")
        ]
        for first, *others in lines:
            # Each other spelling is looked for, or one it begins with (the text itself included).
            looked_for = {normalise(first), *search.other_spellings(first)}
            for other in others:
                with self.subTest(typed=first, other=other):
                    self.assertTrue(any(normalise(other).startswith(key) for key in looked_for))
