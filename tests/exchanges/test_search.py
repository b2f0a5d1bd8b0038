"""Full-text search: the same behaviour on SQLite (FTS5) and PostgreSQL (tsvector)."""

import datetime
import re

import pytest
from django.db import connection
from django.test import TestCase
from django.test.utils import CaptureQueriesContext

from exchanges.models import Exchange
from exchanges.search import parse
from tests.factories import make_exchange

SEARCH_INDEX = "exchange_search_type_level"
# How PostgreSQL writes the array of an exchange's levels, in the index and in a plan.
LEVELS_ARRAY = "string_to_array((levels)::text, ','::text)"


def snippets(html):
    return re.findall(r'<p class="exchange-snippet[^>]*>.*?</p>', html)


def titles(response):
    return [exchange.title for exchange in response.context["page"].object_list]


class SearchTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        make_exchange(title="Obama and Xi talk by phone", summary="The presidents discussed North Korea.")
        make_exchange(title="Trade mission", summary="Governors met exporters.", location="Guangzhou")
        make_exchange(
            title="Scholars meet", summary="A seminar.", partners="Fudan University\nYale University"
        )
        make_exchange(title="Concert tour", summary="An orchestra toured.", sponsors="Ford Foundation")
        make_exchange(
            title="Phone diplomacy", summary="Another call.", participants="Secretary Antony Blinken"
        )
        make_exchange(
            title="Outcome only", summary="Talks.", outcomes="A joint statement on climate cooperation."
        )
        make_exchange(title="Hidden draft about Blinken", status=Exchange.Status.DRAFT)

    def search(self, q, **params):
        return titles(self.client.get("/exchanges/", {"q": q, **params}))

    def test_it_searches_every_descriptive_field(self):
        self.assertEqual(self.search("Korea"), ["Obama and Xi talk by phone"])
        self.assertEqual(self.search("Guangzhou"), ["Trade mission"])
        self.assertEqual(self.search("Fudan"), ["Scholars meet"])
        self.assertEqual(self.search("Ford Foundation"), ["Concert tour"])
        self.assertEqual(self.search("Blinken"), ["Phone diplomacy"])
        self.assertEqual(self.search("climate"), ["Outcome only"])

    def test_all_words_must_match(self):
        self.assertEqual(self.search("phone Obama"), ["Obama and Xi talk by phone"])
        self.assertEqual(self.search("phone Guangzhou"), [])

    def test_it_matches_other_forms_of_a_word(self):
        self.assertEqual(sorted(self.search("phones")), ["Obama and Xi talk by phone", "Phone diplomacy"])
        self.assertEqual(self.search("touring"), ["Concert tour"])

    def test_quotes_or_and_minus(self):
        self.assertEqual(self.search('"Yale University"'), ["Scholars meet"])
        self.assertEqual(sorted(self.search("Fudan OR Guangzhou")), ["Scholars meet", "Trade mission"])
        self.assertEqual(self.search("phone -Obama"), ["Phone diplomacy"])

    def test_drafts_are_never_found(self):
        self.assertEqual(self.search("Hidden"), [])

    def test_a_title_match_ranks_above_a_match_elsewhere(self):
        make_exchange(title="Climate talks", summary="Envoys met.")
        self.assertEqual(self.search("climate", sort="relevance"), ["Climate talks", "Outcome only"])

    def test_the_index_follows_edits_and_deletions(self):
        exchange = make_exchange(title="Panda loan", summary="Zoo animals.")
        self.assertEqual(self.search("panda"), ["Panda loan"])
        exchange.title = "Giant animal loan"
        exchange.save()
        self.assertEqual(self.search("panda"), [])
        self.assertEqual(self.search("giant"), ["Giant animal loan"])
        exchange.delete()
        self.assertEqual(self.search("giant"), [])

    def test_chinese_words_are_found(self):
        make_exchange(title="习近平与拜登通电话", summary="两国元首通话。")
        self.assertEqual(self.search("习近平与拜登通电话"), ["习近平与拜登通电话"])

    def test_a_snippet_from_a_chinese_text_says_its_language(self):
        # Screen readers and fonts pick their Chinese voice and glyphs by the lang attribute.
        make_exchange(title="Kerry visits Beijing", title_zh="克里访问北京", summary="Talks on glaciers.")
        chinese = self.client.get("/exchanges/?q=克里").content.decode()
        self.assertEqual(
            snippets(chinese),
            ['<p class="exchange-snippet small mb-1" lang="zh"><mark>克里</mark>访问北京</p>'],
        )
        english = self.client.get("/exchanges/?q=glaciers").content.decode()
        self.assertEqual(
            snippets(english), ['<p class="exchange-snippet small mb-1">Talks on <mark>glaciers</mark>.</p>']
        )

    def test_the_search_box_keeps_what_was_typed(self):
        response = self.client.get("/exchanges/", {"q": "Obama phone"})
        self.assertContains(response, 'value="Obama phone"')
        self.assertContains(response, "matching “Obama phone”")


def fts5(text):
    found, excluded = parse(text).fts5()
    return found if not excluded else (found, excluded)


@pytest.mark.sqlite
class Fts5QueryTests(TestCase):
    def test_every_term_is_quoted(self):
        self.assertEqual(fts5('Xi "working dinner" title:x'), '"xi" AND "working dinner" AND "title x"')

    def test_or_and_not(self):
        self.assertEqual(fts5("a1 OR b -c"), '(("a1" OR "b")) NOT ("c")')

    def test_operators_with_nothing_to_join_are_dropped(self):
        self.assertEqual(fts5("OR b OR"), '"b"')
        self.assertEqual(fts5('"'), "")

    def test_a_query_of_exclusions_only_is_kept_apart(self):
        # Leaving out a word leaves out its other spellings (synonyms.txt: "Kerry / 克里 / 凯瑞").
        self.assertEqual(fts5("-xi -kerry"), ("", '"xi" OR "kerry" OR "克里" OR "凯瑞"'))

    def test_the_index_is_an_fts5_table_with_triggers(self):
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT name FROM sqlite_master WHERE name LIKE 'exchanges_exchange_fts%' ORDER BY name"
            )
            names = [row[0] for row in cursor.fetchall()]
        for name in [
            "exchanges_exchange_fts",
            "exchanges_exchange_fts_insert",
            "exchanges_exchange_fts_update",
            "exchanges_exchange_fts_delete",
        ]:
            self.assertIn(name, names)


@pytest.mark.postgres
class PostgresIndexTests(TestCase):
    def test_search_uses_a_generated_tsvector_with_a_gin_index(self):
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT is_generated, data_type FROM information_schema.columns "
                "WHERE table_name = 'exchanges_exchange' AND column_name = 'search_vector'"
            )
            self.assertEqual(cursor.fetchone(), ("ALWAYS", "tsvector"))
            cursor.execute("SELECT indexdef FROM pg_indexes WHERE indexname = 'exchange_search_type_level'")
            self.assertIn(f"USING gin (search_vector, type, {LEVELS_ARRAY})", cursor.fetchone()[0])

    def test_the_planner_can_use_the_gin_index(self):
        make_exchange(title="Panda loan")
        with connection.cursor() as cursor:
            cursor.execute("SET LOCAL enable_seqscan = off")
            cursor.execute(
                "EXPLAIN SELECT id FROM exchanges_exchange "
                "WHERE search_vector @@ phraseto_tsquery('english'::regconfig, %s)",
                ["panda"],
            )
            plan = "\n".join(row[0] for row in cursor.fetchall())
        self.assertIn("exchange_search_type_level", plan)

    def test_a_type_filter_is_answered_in_the_search_index(self):
        # The type's entries beside the words (btree_gin): the index finds the rows matching
        # both, rather than AND-ing the search's matches with every exchange of the type. On a
        # table this small the planner would rather read the type's own B-tree index: without
        # it, the type must be an index condition of the search's, not a filter on the rows.
        make_exchange(title="Panda loan", type="cultural")
        with connection.cursor() as cursor:
            cursor.execute("DROP INDEX exchange_type_date")
        self.assert_answered_in_the_search_index(
            Exchange.objects.search("panda").filter(type__in=["cultural"]), "(type)::text = 'cultural'"
        )

    def test_a_level_filter_is_answered_in_the_search_index(self):
        # The array of the levels beside the words: the index finds the rows matching both, exactly,
        # rather than reading every exchange the word matches to test its levels. The level is an
        # index condition of the search's, not a filter on the rows. (Without the status, which a
        # table this small would rather read from a B-tree.)
        make_exchange(title="Panda loan", levels=["state"])
        self.assert_answered_in_the_search_index(
            Exchange.objects.search("panda").filter(levels__has="state"), f"{LEVELS_ARRAY} @> '{{state}}'"
        )

    def assert_answered_in_the_search_index(self, queryset, condition):
        """The search and `condition` are both conditions of one scan of the search's index, and no
        filter is left to test on the rows."""
        with connection.cursor() as cursor:
            cursor.execute("SET LOCAL enable_seqscan = off")
            sql, params = queryset.values("pk").query.sql_with_params()
            cursor.execute(f"EXPLAIN {sql}", params)
            plan = [row[0].strip() for row in cursor.fetchall()]
        scan = plan.index(next(line for line in plan if f"Bitmap Index Scan on {SEARCH_INDEX}" in line))
        self.assertIn("search_vector @@", plan[scan + 1])
        self.assertIn(condition, plan[scan + 1])
        self.assertFalse([line for line in plan if line.startswith("Filter:")], plan)

    def test_a_compiled_query_is_a_constant_the_gin_index_serves(self):
        # Every function the compiler uses is immutable, so the tsquery is built
        # once at planning time and the index answers @@.
        make_exchange(title="Panda loan")
        queryset = Exchange.objects.search('"Chou En-lai" OR Nixon U.S.-Chin* Kissinger\'s secr* -Xi')
        with connection.cursor() as cursor:
            cursor.execute("SET LOCAL enable_seqscan = off")
            sql, params = queryset.query.sql_with_params()
            cursor.execute(f"EXPLAIN {sql}", params)
            plan = "\n".join(row[0] for row in cursor.fetchall())
        self.assertIn("exchange_search_type_level", plan)

    def test_only_a_list_sorted_by_relevance_computes_the_rank(self):
        make_exchange(title="Panda loan", date=datetime.date(2020, 1, 1))
        make_exchange(title="Panda loan panda cam", date=datetime.date(2010, 1, 1))
        for sort, ranked, order in (("", False, ["Panda loan", "Panda loan panda cam"]),
                                    ("relevance", True, ["Panda loan panda cam", "Panda loan"])):  # fmt: skip
            with self.subTest(sort=sort), CaptureQueriesContext(connection) as queries:
                response = self.client.get("/exchanges/", {"q": "panda loan", "sort": sort})
            rows = [q["sql"] for q in queries if '"exchanges_exchange"."title"' in q["sql"]]
            self.assertEqual(titles(response), order)
            self.assertTrue(rows)
            self.assertEqual(any("ts_rank" in sql for sql in rows), ranked)

    def test_an_exclusion_leaves_out_what_it_names(self):
        make_exchange(title="Panda loan", summary="Zoo")
        make_exchange(title="Panda cam", summary="Video")
        response = self.client.get("/exchanges/", {"q": "panda -video"})
        self.assertEqual(titles(response), ["Panda loan"])
