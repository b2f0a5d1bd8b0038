"""/entities/suggest/: what the autocomplete asks while a person types."""

from unittest import mock

from django.test import TestCase

from entities import views

from .factories import make_organisation, make_person, make_place


class SuggestTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.wang = make_person("Wang Yi", chinese_name="王毅", aliases=["Wang I"])
        make_person("Wang Qishan", chinese_name="王岐山")
        make_person("Antony Blinken", chinese_name="布林肯", aliases=["Tony Blinken"])
        make_organisation(
            "Ministry of Education", chinese_name="教育部", aliases=["MOE", "PRC Ministry of Education"]
        )
        make_organisation("U.S. Department of State", aliases=["State Department"])
        california = make_place("California", chinese_name="加利福尼亚州", kind="province", country="US")
        make_place("Rancho Mirage", country="US", parent=california)

    def suggest(self, query):
        return self.client.get(f"/entities/suggest/?{query}")

    def test_it_answers_names_beginning_with_the_text_as_json(self):
        response = self.suggest("kind=person&q=wang")
        self.assertEqual(response.status_code, 200)
        self.assertEqual(response["Content-Type"], "application/json")
        self.assertEqual(
            response.json(),
            [
                {
                    "name": "Wang Qishan",
                    "chinese_name": "王岐山",
                    "slug": "wang-qishan",
                    "kind": "person",
                    "label": "Wang Qishan (王岐山)",
                    "found_as": "",
                },
                {
                    "name": "Wang Yi",
                    "chinese_name": "王毅",
                    "slug": "wang-yi",
                    "kind": "person",
                    "label": "Wang Yi (王毅)",
                    "found_as": "",
                },
            ],
        )

    def test_characters_a_pasted_name_brings_that_show_nothing_are_left_out(self):
        # A soft hyphen from a PDF, a zero-width space or a byte-order mark from a web page: the name
        # looks as typed, and found no one.
        for typed in ("Blin%C2%ADken", "%E2%80%8BBlinken", "%EF%BB%BFblink", "Ant%E2%80%8Bony"):
            with self.subTest(typed=typed):
                names = [row["name"] for row in self.suggest(f"kind=person&q={typed}").json()]
                self.assertEqual(names, ["Antony Blinken"])

    def test_it_matches_any_alias_case_and_spelling(self):
        self.assertEqual(
            [row["name"] for row in self.suggest("kind=person&q=TONY").json()], ["Antony Blinken"]
        )
        self.assertEqual(
            [row["name"] for row in self.suggest("kind=organisation&q=m.o.").json()],
            ["Ministry of Education"],
        )
        self.assertEqual(
            [row["name"] for row in self.suggest("kind=organisation&q=US+Dep").json()],
            ["U.S. Department of State"],
        )
        self.assertEqual(
            [
                row["name"]
                for row in self.suggest("kind=organisation&q=People%27s+Republic+of+China+Min").json()
            ],
            ["Ministry of Education"],
        )

    def test_it_matches_chinese_names_and_a_word_of_the_name(self):
        self.assertEqual(
            [row["name"] for row in self.suggest("kind=person&q=王").json()], ["Wang Qishan", "Wang Yi"]
        )
        self.assertEqual(
            [row["name"] for row in self.suggest("kind=person&q=blink").json()], ["Antony Blinken"]
        )

    def test_it_keeps_to_the_kind_asked_for(self):
        make_organisation("Wang Foundation")
        self.assertEqual(
            [row["kind"] for row in self.suggest("kind=organisation&q=wang").json()], ["organisation"]
        )

    def test_a_place_is_labelled_with_where_it_lies(self):
        (row,) = self.suggest("kind=place&q=rancho").json()
        self.assertEqual(row["label"], "Rancho Mirage, California, United States")
        self.assertEqual(row["kind"], "place", "the kind of entity, not the kind of place")

    def test_it_answers_at_most_ten_in_one_query(self):
        for number in range(15):
            make_person(f"Wang Number {number:02d}")
        with self.assertNumQueries(1):  # the people, their aliases matched in a subquery
            rows = self.suggest("kind=person&q=wang").json()
        self.assertEqual(len(rows), 10)

    def test_a_place_needs_one_query_too(self):
        with self.assertNumQueries(1):  # the places with the places they lie in
            self.suggest("kind=place&q=r")

    def test_it_offers_the_names_another_spelling_finds_as_the_indexes_do(self):
        # The curated spellings of the search's synonyms file (exchanges/vocabularies/synonyms.txt),
        # which /people/?q=Chou reads too: older sources write Zhou Enlai "Chou En-lai".
        make_person("Zhou Enlai", chinese_name="周恩来")
        make_person("Chou Wen-chung")
        make_organisation("Peking University")
        self.assertEqual(
            [row["name"] for row in self.suggest("kind=person&q=Chou").json()],
            ["Chou Wen-chung", "Zhou Enlai"],
            "the names found as typed first",
        )
        self.assertEqual(
            [row["name"] for row in self.suggest("kind=organisation&q=Beida").json()], ["Peking University"]
        )
        self.assertEqual(
            [row["name"] for row in self.suggest("kind=organisation&q=北大").json()], ["Peking University"]
        )

    def test_other_spellings_take_no_query_more(self):
        make_person("Zhou Enlai")
        with self.assertNumQueries(1):  # the people, their aliases and other spellings in subqueries
            rows = self.suggest("kind=person&q=Chou").json()
        self.assertEqual([row["name"] for row in rows], ["Zhou Enlai"])

    def test_it_says_which_spelling_found_a_name_that_does_not_show_it(self):
        # As the indexes write "found as “Chou En-lai”": without it "Zhou Enlai (周恩来)" is offered
        # for "Chou" with no hint why.
        make_person("Zhou Enlai", chinese_name="周恩来")
        make_person("Chou Wen-chung")
        make_organisation("Peking University", aliases=["北大"])
        found = {row["name"]: row["found_as"] for row in self.suggest("kind=person&q=Chou").json()}
        self.assertEqual(found, {"Chou Wen-chung": "", "Zhou Enlai": "Chou En-lai"})
        found = {row["name"]: row["found_as"] for row in self.suggest("kind=person&q=tony").json()}
        self.assertEqual(found, {"Antony Blinken": "Tony Blinken"}, "an alias")
        found = {row["name"]: row["found_as"] for row in self.suggest("kind=person&q=blink").json()}
        self.assertEqual(found, {"Antony Blinken": ""}, "a word of the name shows itself")
        found = {row["name"]: row["found_as"] for row in self.suggest("kind=organisation&q=北").json()}
        self.assertEqual(found, {"Peking University": "北大"})

    def test_nothing_found_is_an_empty_list(self):
        self.assertEqual(self.suggest("kind=person&q=zzz").json(), [])

    def test_browsers_may_keep_an_answer_briefly(self):
        self.assertIn("max-age=300", self.suggest("kind=person&q=wang")["Cache-Control"])

    def test_bad_questions_get_a_400_with_a_reason(self):
        for query, field in [
            ("kind=country&q=wang", "kind"),
            ("q=wang", "kind"),
            ("kind=person", "q"),
            ("kind=person&q=", "q"),
            ("kind=person&q=%20%20", "q"),
            ("kind=person&q=...", "q"),
            (f"kind=person&q={'x' * 101}", "q"),
        ]:
            response = self.suggest(query)
            self.assertEqual(response.status_code, 400, query)
            self.assertIn(field, response.json()["errors"], query)

    def test_odd_characters_are_searched_for_not_obeyed(self):
        for text in ["%25", "_", "'; DROP TABLE entities_person; --", "\\", "Wang%"]:
            response = self.client.get("/entities/suggest/", {"kind": "person", "q": text})
            self.assertIn(response.status_code, (200, 400), text)
        # Punctuation is folded away like any other: "Wang%" is looked up as "wang".
        self.assertEqual(
            self.client.get("/entities/suggest/", {"kind": "person", "q": "Wang%"}).json(),
            self.suggest("kind=person&q=wang").json(),
        )
        self.assertEqual(
            self.client.get("/entities/suggest/", {"kind": "person", "q": "%_"}).status_code, 400
        )

    def test_too_many_requests_from_one_address_are_refused_politely(self):
        with mock.patch.object(views, "SUGGEST_RATE", "3/m"):
            responses = [self.suggest("kind=person&q=wang") for _ in range(4)]
        self.assertEqual([response.status_code for response in responses], [200, 200, 200, 429])
        self.assertIn("Too many requests", responses[-1].json()["error"])

    def test_a_refusal_says_how_many_seconds_until_the_window_ends(self):
        # Counts start afresh when the address's window ends, at most one period after the refusal.
        for rate, period in [("3/m", 60), ("3/h", 3600)]:
            with self.subTest(rate=rate), mock.patch.object(views, "SUGGEST_RATE", rate):
                refused = [self.suggest("kind=person&q=wang") for _ in range(4)][-1]
                self.assertEqual(refused.status_code, 429)
                self.assertIn(int(refused["Retry-After"]), range(1, period + 1))
