import datetime
from urllib.parse import urlsplit

import jsonschema
from django.db import connection
from django.test import Client, TestCase, override_settings
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from exchanges.models import Exchange
from tests.factories import make_exchange

D = datetime.date


def follow_cursor(client, url):
    """Every result of a list, page after page, as a client following `next` does."""
    results = []
    while url:
        response = client.get(url)
        assert response.status_code == 200, response.content
        results += response.json()["results"]
        url = response.json()["next"]
        if url:
            parts = urlsplit(url)
            url = f"{parts.path}?{parts.query}"
    return results


class ExchangeListTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        make_exchange(
            title="California Jiangsu education pact", type="education", levels=["state"], date=D(2014, 4, 1)
        )
        make_exchange(
            title="University exchange programme", type="education", government=False, date=D(2014, 9, 1)
        )
        make_exchange(title="Obama Xi call", date=D(2014, 7, 14))
        make_exchange(title="Education summit", type="education", date=D(2016, 5, 2))
        for number in range(5):
            make_exchange(title=f"Education week {number}", type="education", date=D(2014, 10, 1))
        make_exchange(title="Draft education visit", type="education", status=Exchange.Status.DRAFT)

    def test_it_lists_what_the_catalogue_shows(self):
        query = "type=education&date_after=2014&date_before=2014"
        page = self.client.get(f"/exchanges/?{query}")
        on_screen = [exchange.title for exchange in page.context["page"].object_list]
        api = follow_cursor(self.client, f"/api/v1/exchanges/?{query}&page_size=2")
        self.assertEqual([record["title"] for record in api], on_screen)
        self.assertEqual(len(api), 7)
        # A cursor sent along is not carried into the numbered links.
        following = self.client.get("/api/v1/exchanges/?q=education&sort=relevance&page_size=2&cursor=abc")
        self.assertNotIn("cursor", following.json()["next"])

    def test_cursor_follows_each_sort_without_repeats_or_gaps(self):
        for sort in ["-date", "date", "title"]:
            api = follow_cursor(self.client, f"/api/v1/exchanges/?sort={sort}&page_size=3")
            page = self.client.get(f"/exchanges/?sort={sort}")
            self.assertEqual(
                [record["slug"] for record in api],
                [exchange.slug for exchange in page.context["page"].object_list],
            )

    def test_a_search_by_relevance_is_followed_page_after_page(self):
        api = follow_cursor(self.client, "/api/v1/exchanges/?q=education&sort=relevance&page_size=2")
        page = self.client.get("/exchanges/?q=education&sort=relevance")
        self.assertEqual(
            [record["slug"] for record in api],
            [exchange.slug for exchange in page.context["page"].object_list],
        )
        self.assertEqual(len(api), 7)

    def test_by_relevance_the_answer_says_how_many_are_ranked_and_that_none_are_left_out(self):
        first = self.client.get("/api/v1/exchanges/?q=education&sort=relevance&page_size=2").json()
        self.assertEqual((first["count"], first["count_is_capped"]), (7, False))

    @override_settings(COUNT_CAP=3)
    def test_by_relevance_the_answer_says_when_more_match_than_are_ranked(self):
        """Past COUNT_CAP matches only the newest are ranked, as the list says on the page: the API
        says so too, and its pages end where the ranking does."""
        url = "/api/v1/exchanges/?q=education&sort=relevance&page_size=2"
        first = self.client.get(url).json()
        self.assertEqual((first["count"], first["count_is_capped"]), (3, True))
        self.assertEqual(len(follow_cursor(self.client, url)), first["count"])
        last = self.client.get(f"{url}&page=2").json()
        self.assertEqual((last["count"], last["count_is_capped"], last["next"]), (3, True, None))
        page = self.client.get("/exchanges/?q=education&sort=relevance")
        self.assertTrue(page.context["total"].more)
        self.assertIn("the 3 newest are ranked", page.context["sampled_note"])
        # Every match, by date or downloaded, as the answer's documentation says.
        self.assertEqual(len(follow_cursor(self.client, "/api/v1/exchanges/?q=education&page_size=2")), 7)

    def test_the_schema_says_how_a_search_by_relevance_is_capped_and_how_to_read_every_match(self):
        schema = self.client.get("/api/v1/schema/?format=json").json()
        listing = schema["paths"]["/api/v1/exchanges/"]["get"]
        self.assertIn("count_is_capped", listing["description"])
        self.assertIn("sort=date", listing["description"])
        self.assertIn("/exchanges.json", listing["description"])
        page = listing["responses"]["200"]["content"]["application/json"]["schema"]["$ref"].rsplit("/", 1)[1]
        properties = schema["components"]["schemas"][page]["properties"]
        self.assertEqual(properties["count_is_capped"]["type"], "boolean")
        self.assertEqual(properties["count"]["type"], "integer")

    def test_a_cursor_that_cannot_be_read_is_400_naming_it(self):
        import base64

        def cursor(text):
            return base64.b64encode(text.encode()).decode()

        for address in [
            f"/api/v1/exchanges/?cursor={cursor('p=notadate')}",
            f"/api/v1/exchanges/?sort=date&cursor={cursor('p=2019-13-45')}",
            f"/api/v1/exchanges/?cursor={cursor('p=')}",
            f"/api/v1/exchanges/?cursor={cursor('o=abc')}",
            "/api/v1/exchanges/?cursor=garbage",
            f"/api/v1/withdrawn/?cursor={cursor('p=yesterday')}",
            "/api/v1/exchanges/?q=education&sort=relevance&page=99",
            "/api/v1/exchanges/?page=2",
        ]:
            with self.subTest(address=address):
                response = self.client.get(address)
                self.assertEqual(response.status_code, 400)
                self.assertIn("first page", " ".join(next(iter(response.json().values()))))

    def test_an_empty_page_is_as_if_absent_under_every_sort(self):
        # `?page=` is what a form or a script leaves when it has no number: the first page, as any
        # parameter left empty, where the lists sorted by date or title answered 400 naming it.
        for address in [
            "/api/v1/exchanges/?page=&page_size=2",
            "/api/v1/exchanges/?sort=title&page=&page_size=2",
            "/api/v1/exchanges/?q=education&sort=relevance&page=&page_size=2",
        ]:
            with self.subTest(address=address):
                response = self.client.get(address)
                self.assertEqual(response.status_code, 200, response.content)
                self.assertEqual(len(response.json()["results"]), 2)
                self.assertIsNone(response.json()["previous"])

    def test_a_cursor_sent_with_another_sort_than_its_own_is_400_naming_both(self):
        # Its position is a value of its own sort's column: sent with another, it gave a page of
        # other rows (a date compared as a title) without a word.
        for taken, sent in [("", "title"), ("title", "date"), ("date", "-date"), ("-date", "title")]:
            with self.subTest(taken=taken, sent=sent):
                first = self.client.get(f"/api/v1/exchanges/?sort={taken}&page_size=2").json()
                cursor = first["next"].split("cursor=")[1].split("&")[0]
                response = self.client.get(f"/api/v1/exchanges/?sort={sent}&page_size=2&cursor={cursor}")
                self.assertEqual(response.status_code, 400)
                [message] = response.json()["cursor"]
                self.assertIn(f"sort={taken or '-date'}, not sort={sent}", message)
                # With its own sort it is the page after the first, where the other sort started again.
                own = self.client.get(f"/api/v1/exchanges/?sort={taken}&page_size=2&cursor={cursor}")
                self.assertEqual(own.status_code, 200)
                self.assertEqual(own.json()["previous"] is None, False)

    def test_page_1_under_a_cursors_sort_is_the_first_page(self):
        # Page 1 is the first page, which a cursor's list starts with: it got 400 as page 2 does.
        for address in ["/api/v1/exchanges/?page=1&page_size=2", "/api/v1/organisations/?page=1"]:
            with self.subTest(address=address):
                response = self.client.get(address)
                self.assertEqual(response.status_code, 200, response.content)
                self.assertEqual(
                    response.json(),
                    self.client.get(address.replace("page=1&", "").replace("?page=1", "")).json(),
                )
        # `next` does not carry it along, and beside a cursor it would be ignored: 400.
        following = self.client.get("/api/v1/exchanges/?page=1&page_size=2").json()["next"]
        self.assertNotIn("page=1", following)
        response = self.client.get(f"/api/v1/exchanges/?page=1&{urlsplit(following).query}")
        self.assertEqual(response.status_code, 400)
        self.assertEqual(list(response.json()), ["page"])

    def test_a_cursor_whose_text_position_holds_a_nul_is_400_naming_it(self):
        """A title or a name is a text column: a NUL in its position reached PostgreSQL, which holds no
        NUL in a text and raised, a 500 (SQLite only compared it)."""
        import base64

        def cursor(text):
            return base64.b64encode(text.encode()).decode()

        nul = "\x00"
        for address in [
            f"/api/v1/exchanges/?sort=title&cursor={cursor(f'p=sunnylands{nul}')}",
            f"/api/v1/organisations/?cursor={cursor(f'p=ford{nul}foundation')}",
            f"/api/v1/people/?cursor={cursor(f'r=1&p={nul}')}",
        ]:
            with self.subTest(address=address):
                response = self.client.get(address)
                self.assertEqual(response.status_code, 400)
                self.assertEqual(list(response.json()), ["cursor"])

    def test_records_carry_their_sources_and_address(self):
        record = self.client.get("/api/v1/exchanges/?q=Jiangsu").json()["results"][0]
        self.assertEqual(record["sources"], [{"citation": "Source 1", "url": "https://example.org/"}])
        self.assertEqual(record["url"], "http://127.0.0.1:8000/exchanges/california-jiangsu-education-pact/")
        self.assertEqual(record["levels"], ["state"])

    def test_what_the_record_does_not_say_is_null_or_empty_and_can_be_filtered(self):
        make_exchange(
            title="Unclassified visit",
            type="",
            type_as_recorded="Aviation",
            government=None,
            continuing=None,
            levels=[],
            date=D(1985, 1, 1),
            date_precision="year",
            circa=True,
        )
        for query in ["government=none", "continuing=none", "type=none", "level=none&government=none"]:
            results = self.client.get(f"/api/v1/exchanges/?{query}").json()["results"]
            self.assertEqual([record["title"] for record in results], ["Unclassified visit"], query)
        [record] = self.client.get("/api/v1/exchanges/?government=none").json()["results"]
        self.assertEqual((record["government"], record["continuing"]), (None, None))
        self.assertEqual((record["type"], record["type_as_recorded"], record["levels"]), ("", "Aviation", []))
        self.assertEqual(
            (record["circa"], record["display_date"], record["date"]), (True, "c. 1985", "1985-01-01")
        )
        self.assertEqual(record["date_precision"], "year")

    def test_the_schema_documents_the_filter_words(self):
        schema = self.client.get("/api/v1/schema/?format=json").json()
        parameters = {
            parameter["name"]: parameter["schema"]
            for parameter in schema["paths"]["/api/v1/exchanges/"]["get"]["parameters"]
        }
        self.assertEqual(parameters["government"]["type"], "string")
        self.assertEqual(set(parameters["government"]["enum"]), {"yes", "no", "none"})
        self.assertEqual(set(parameters["continuing"]["enum"]), {"yes", "no", "none"})
        self.assertEqual(set(parameters["level"]["items"]["enum"]), {"national", "state", "local", "none"})
        self.assertLessEqual(
            {"sports", "health", "civic", "other", "none"}, set(parameters["type"]["items"]["enum"])
        )

    def test_the_schema_takes_every_date_and_year_the_api_takes(self):
        # A pattern of digits only made the documentation page refuse "June 2023" or "1980s",
        # which the API, as the site, reads.
        schema = self.client.get("/api/v1/schema/?format=json").json()
        parameters = {
            parameter["name"]: parameter
            for parameter in schema["paths"]["/api/v1/exchanges/"]["get"]["parameters"]
        }
        written = {
            "date_after": ["2013", "June 2023", "2023-06", "June 7, 2013", "2013-06-07"],
            "date_before": ["2014", "June 2023", "2014-04-30"],
            "year": ["2014", "2010-2014", "2014–15", "1980s"],
        }
        for name, values in written.items():
            for value in values:
                with self.subTest(name=name, value=value):
                    self.assertEqual(self.client.get("/api/v1/exchanges/", {name: value}).status_code, 200)
                    jsonschema.validate(value, parameters[name]["schema"])
            self.assertIn(values[1], parameters[name]["description"])
        # Sorted by relevance, the pages are numbered: the schema names the number.
        self.assertEqual(parameters["page"]["schema"]["type"], "integer")
        self.assertIn("sort=relevance", parameters["page"]["description"])

    def test_list_query_count_is_pinned(self):
        # 1. the page of exchanges; 2. their sources; 3. their organisation links with the
        # organisations; 4. their people links with the people; 5. their direct place links with the places.
        with self.assertNumQueries(5):
            self.assertEqual(self.client.get("/api/v1/exchanges/?page_size=50").status_code, 200)

    def test_a_page_by_relevance_takes_a_pinned_number_of_queries(self):
        from exchanges.search import synonyms

        synonyms()  # read once a process, not by the page
        with CaptureQueriesContext(connection) as queries:
            self.assertEqual(
                self.client.get(
                    "/api/v1/exchanges/?q=education&sort=relevance&page=2&page_size=2"
                ).status_code,
                200,
            )
        # 1. whether the search finds anything (or is to be corrected); 2. the matches' ids, newest
        # first, up to COUNT_CAP (what relevance ranks, and whether more match: `count_is_capped`);
        # 3. their count (the answer's `count`); 4. the ranked page; then as the list above:
        # 5. sources, 6-8. the organisation, people and place links.
        self.assertEqual(len(queries), 8, [query["sql"] for query in queries])

    def test_list_under_two_structured_filters_asks_the_summary_first(self):
        # 0. the summary's total for the two filters together; then the five reads above.
        with self.assertNumQueries(6):
            response = self.client.get("/api/v1/exchanges/?government=yes&level=national")
        self.assertEqual(response.status_code, 200)
        self.assertTrue(response.json()["results"])
        # None of them at once: the summary alone, and nothing read of the exchanges.
        with self.assertNumQueries(1):
            response = self.client.get("/api/v1/exchanges/?government=no&level=national")
        self.assertEqual(response.json()["results"], [])

    def test_a_page_size_that_is_no_whole_number_from_1_is_400_naming_it(self):
        # It was the default page, silently: a client asking for 0 or "ten" never learnt why.
        for url in (
            "/api/v1/exchanges/?page_size=abc",
            "/api/v1/exchanges/?page_size=0",
            "/api/v1/exchanges/?page_size=-5",
            "/api/v1/exchanges/?q=education&sort=relevance&page_size=ten",
            "/api/v1/people/?page_size=0",
            "/api/v1/withdrawn/?page_size=x",
        ):
            with self.subTest(url):
                response = self.client.get(url)
                self.assertEqual(response.status_code, 400)
                self.assertEqual(list(response.json()), ["page_size"])
        self.assertEqual(len(self.client.get("/api/v1/exchanges/?page_size=").json()["results"]), 9)
        self.assertEqual(len(self.client.get("/api/v1/exchanges/?page_size=2").json()["results"]), 2)
        self.assertEqual(len(self.client.get("/api/v1/exchanges/?page_size=100000").json()["results"]), 9)

    def test_bad_parameters_are_400_with_json(self):
        response = self.client.get("/api/v1/exchanges/?date_after=June&type=nonsense&sort=relevance")
        self.assertEqual(response.status_code, 400)
        errors = response.json()
        self.assertIn("Enter a day", errors["date_after"][0])
        self.assertIn("type", errors)
        self.assertEqual(errors["sort"], ["Sorting by relevance needs search words."])

    def test_an_empty_choice_is_no_choice_and_a_wrong_one_still_400(self):
        response = self.client.get("/api/v1/exchanges/?type=&level=&country=&government=&page_size=500")
        self.assertEqual(response.status_code, 200, response.content)
        self.assertEqual(len(response.json()["results"]), 9)
        self.assertEqual(len(follow_cursor(self.client, "/api/v1/exchanges/?type=&type=education")), 8)
        response = self.client.get("/api/v1/exchanges/?type=bogus&level=")
        self.assertEqual(response.status_code, 400)
        self.assertEqual(list(response.json()), ["type"])

    def test_modified_after_returns_what_changed_since(self):
        changed = Exchange.objects.get(title="Obama Xi call")
        later = timezone.now() + datetime.timedelta(hours=1)
        Exchange.objects.filter(pk=changed.pk).update(updated=later + datetime.timedelta(minutes=1))
        stamp = later.strftime("%Y-%m-%dT%H:%M:%SZ")
        results = self.client.get(f"/api/v1/exchanges/?modified_after={stamp}").json()["results"]
        self.assertEqual([record["title"] for record in results], ["Obama Xi call"])

    def test_records_say_when_they_were_first_published(self):
        call = Exchange.objects.get(title="Obama Xi call")
        first = datetime.datetime(2026, 3, 4, 5, 6, 7, 890000, tzinfo=datetime.UTC)
        Exchange.objects.filter(pk=call.pk).update(published=first)
        [record] = self.client.get("/api/v1/exchanges/?q=Obama").json()["results"]
        self.assertEqual(record["first_published"], "2026-03-04T05:06:07.890000Z")
        self.assertEqual(list(record)[-3:], ["created", "updated", "first_published"])

    def test_published_after_returns_what_was_first_published_since(self):
        later = timezone.now() + datetime.timedelta(hours=1)
        for title, minutes in [("Obama Xi call", 1), ("Education summit", 0)]:
            Exchange.objects.filter(title=title).update(published=later + datetime.timedelta(minutes=minutes))
        # Changed since, but published before: not new.
        Exchange.objects.filter(title="Education week 0").update(updated=later + datetime.timedelta(days=1))
        stamp = later.strftime("%Y-%m-%dT%H:%M:%SZ")
        results = follow_cursor(self.client, f"/api/v1/exchanges/?published_after={stamp}&page_size=1")
        self.assertEqual([record["title"] for record in results], ["Education summit", "Obama Xi call"])

    def test_published_after_must_be_a_date_and_time_in_range(self):
        for stamp, message in [
            ("yesterday", "Enter a date (2026-12-01, midnight UTC) or a date and time"),
            ("0001-01-01T00:00:00%2B01:00", "years 1"),
        ]:
            response = self.client.get(f"/api/v1/exchanges/?published_after={stamp}")
            self.assertEqual(response.status_code, 400, stamp)
            self.assertIn(message, response.json()["published_after"][0])

    def test_the_schema_documents_first_published_and_its_filter(self):
        schema = self.client.get("/api/v1/schema/?format=json").json()
        parameters = [
            parameter["name"] for parameter in schema["paths"]["/api/v1/exchanges/"]["get"]["parameters"]
        ]
        self.assertIn("published_after", parameters)
        field = schema["components"]["schemas"]["Exchange"]["properties"]["first_published"]
        self.assertEqual(field["format"], "date-time")

    def test_any_valid_offset_or_year_is_answered_not_a_500(self):
        for stamp in ["0119-07-28T11:48:51+17:49", "0001-01-01T00:00:00+01:00", "9999-12-31T23:59:59-23:59"]:
            for url in [
                f"/api/v1/exchanges/?modified_after={stamp}",
                f"/api/v1/withdrawn/?withdrawn_after={stamp}",
            ]:
                response = self.client.get(url.replace("+", "%2B"))
                self.assertIn(response.status_code, (200, 400), url)
                self.assertEqual(response["Content-Type"], "application/json", url)
        response = self.client.get("/api/v1/exchanges/?modified_after=0119-07-28T11:48:51%2B17:49")
        self.assertEqual(len(response.json()["results"]), 9)
        response = self.client.get("/api/v1/exchanges/?modified_after=0001-01-01T00:00:00%2B01:00")
        self.assertEqual(response.status_code, 400)
        self.assertIn("between the years 1 and 9999", response.json()["modified_after"][0])

    def test_an_offset_whose_plus_was_not_escaped_is_read_as_plus(self):
        # In a query string an unescaped "+" is a space: `modified_after=…T11:00:00+08:00`, as a
        # script writes it from an ISO time, reached the API as "…T11:00:00 08:00" and got 400
        # "Enter a valid date/time.", though the time could only be read one way.
        changed = Exchange.objects.get(title="Obama Xi call")
        later = timezone.now() + datetime.timedelta(hours=1)
        Exchange.objects.filter(pk=changed.pk).update(updated=later + datetime.timedelta(minutes=1))
        in_beijing = later.astimezone(datetime.timezone(datetime.timedelta(hours=8)))
        for stamp in (
            in_beijing.strftime("%Y-%m-%dT%H:%M:%S+08:00"),
            in_beijing.strftime("%Y-%m-%d %H:%M+0800"),
        ):
            with self.subTest(stamp):
                response = self.client.get(f"/api/v1/exchanges/?modified_after={stamp}")
                self.assertEqual(response.status_code, 200, response.content)
                self.assertEqual(
                    [record["title"] for record in response.json()["results"]], ["Obama Xi call"]
                )
        response = self.client.get("/api/v1/withdrawn/?withdrawn_after=2026-12-06T11:00:00+08:00")
        self.assertEqual(response.status_code, 200, response.content)

    def test_modified_after_must_be_a_date_and_time(self):
        response = self.client.get("/api/v1/exchanges/?modified_after=yesterday")
        self.assertEqual(response.status_code, 400)
        self.assertIn("modified_after", response.json())

    def test_cors_is_open_for_get(self):
        response = self.client.get("/api/v1/exchanges/", HTTP_ORIGIN="https://elsewhere.example")
        self.assertEqual(response["Access-Control-Allow-Origin"], "*")
        self.assertNotIn(
            "Access-Control-Allow-Origin", self.client.get("/exchanges/", HTTP_ORIGIN="https://x.example")
        )

    def test_a_web_page_may_read_the_errors_answered_before_any_view(self):
        """A NUL, or more parameters than are read, is answered before any view, and was answered
        ahead of the CORS headers too: a web page calling the API saw a network error, not the JSON
        saying what was wrong."""
        client = Client(raise_request_exception=False)
        too_many = "&".join(["type=diplomatic"] * 1001)
        for url in ["/api/v1/exchanges/?q=%00", "/api/v1/people/?q=a%00", f"/api/v1/exchanges/?{too_many}"]:
            with self.subTest(url=url[:40]):
                response = client.get(url, HTTP_ORIGIN="https://elsewhere.example")
                self.assertEqual(response.status_code, 400)
                self.assertEqual(response["Access-Control-Allow-Origin"], "*")
                self.assertTrue(response.json())

    def test_a_web_page_may_revalidate_and_read_when_to_retry(self):
        # A script sending the ETag back is preflighted: the answer must allow the header, or the
        # browser never sends the request. Retry-After must be exposed for the script to read it.
        preflight = self.client.options(
            "/api/v1/exchanges/",
            HTTP_ORIGIN="https://elsewhere.example",
            HTTP_ACCESS_CONTROL_REQUEST_METHOD="GET",
            HTTP_ACCESS_CONTROL_REQUEST_HEADERS="if-none-match,if-modified-since",
        )
        allowed = {header.strip() for header in preflight["Access-Control-Allow-Headers"].split(",")}
        self.assertLessEqual({"if-none-match", "if-modified-since"}, allowed)
        response = self.client.get("/api/v1/exchanges/", HTTP_ORIGIN="https://elsewhere.example")
        exposed = {header.strip().lower() for header in response["Access-Control-Expose-Headers"].split(",")}
        self.assertLessEqual({"etag", "retry-after"}, exposed)

    def test_writes_are_refused(self):
        self.assertEqual(self.client.post("/api/v1/exchanges/", {}).status_code, 405)

    def test_list_answers_304_when_unchanged(self):
        first = self.client.get("/api/v1/exchanges/")
        self.assertTrue(first["ETag"])
        again = self.client.get("/api/v1/exchanges/", HTTP_IF_NONE_MATCH=first["ETag"])
        self.assertEqual(again.status_code, 304)
        make_exchange(title="Brand new", date=D(2030, 1, 1))
        self.assertEqual(
            self.client.get("/api/v1/exchanges/", HTTP_IF_NONE_MATCH=first["ETag"]).status_code, 200
        )

    @override_settings(API_ANON_RATE="3/min")
    def test_anonymous_clients_are_throttled(self):
        statuses = [self.client.get("/api/v1/exchanges/").status_code for _ in range(4)]
        self.assertEqual(statuses, [200, 200, 200, 429])
        self.assertIn("Retry-After", self.client.get("/api/v1/exchanges/"))


class ExchangeDetailTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.exchange = make_exchange(
            title="Sunnylands summit", partners="White House\nZhongnanhai", sources=2
        )
        cls.draft = make_exchange(title="Draft", status=Exchange.Status.DRAFT)

    def test_it_gives_one_exchange_by_slug(self):
        response = self.client.get("/api/v1/exchanges/sunnylands-summit/")
        self.assertEqual(response.status_code, 200)
        record = response.json()
        self.assertEqual(record["title"], "Sunnylands summit")
        self.assertEqual(record["partners"], ["White House", "Zhongnanhai"])
        self.assertEqual(len(record["sources"]), 2)

    def test_drafts_and_unknown_slugs_are_404_json(self):
        for slug in ["draft", "no-such-exchange"]:
            response = self.client.get(f"/api/v1/exchanges/{slug}/")
            self.assertEqual(response.status_code, 404)
            self.assertIn("detail", response.json())

    def test_detail_query_count_is_pinned(self):
        # 1. the exchange; 2. its sources; 3. its organisation links with the organisations;
        # 4. its people links with the people; 5. its direct place links with the places.
        with self.assertNumQueries(5):
            self.assertEqual(self.client.get("/api/v1/exchanges/sunnylands-summit/").status_code, 200)

    def test_etag_and_last_modified_revalidate(self):
        first = self.client.get("/api/v1/exchanges/sunnylands-summit/")
        self.assertTrue(first["ETag"])
        self.assertTrue(first["Last-Modified"])
        self.assertEqual(
            self.client.get(
                "/api/v1/exchanges/sunnylands-summit/", HTTP_IF_NONE_MATCH=first["ETag"]
            ).status_code,
            304,
        )
        self.assertEqual(
            self.client.get(
                "/api/v1/exchanges/sunnylands-summit/", HTTP_IF_MODIFIED_SINCE=first["Last-Modified"]
            ).status_code,
            304,
        )
        self.exchange.summary = "Changed"
        self.exchange.save()
        self.assertEqual(
            self.client.get(
                "/api/v1/exchanges/sunnylands-summit/", HTTP_IF_NONE_MATCH=first["ETag"]
            ).status_code,
            200,
        )


class WithdrawnListTests(TestCase):
    def test_it_lists_withdrawn_slugs_for_mirrors(self):
        make_exchange(title="Deleted one").delete()
        unpublished = make_exchange(title="Unpublished one")
        unpublished.status = Exchange.Status.DRAFT
        unpublished.save()
        make_exchange(title="Still public")
        with self.assertNumQueries(1):
            response = self.client.get("/api/v1/withdrawn/")
        slugs = [record["slug"] for record in response.json()["results"]]
        self.assertEqual(sorted(slugs), ["deleted-one", "unpublished-one"])

    def test_withdrawn_after_narrows_and_validates(self):
        make_exchange(title="Old withdrawal").delete()
        future = (timezone.now() + datetime.timedelta(days=1)).strftime("%Y-%m-%dT%H:%M:%SZ")
        self.assertEqual(
            self.client.get(f"/api/v1/withdrawn/?withdrawn_after={future}").json()["results"], []
        )
        self.assertEqual(self.client.get("/api/v1/withdrawn/?withdrawn_after=soon").status_code, 400)


class ApiRootTests(TestCase):
    def test_the_root_names_the_collections(self):
        links = self.client.get("/api/v1/").json()
        self.assertEqual(
            set(links),
            {
                "exchanges",
                "withdrawn",
                "organisations",
                "people",
                "places",
                "withdrawn/organisations",
                "withdrawn/people",
                "withdrawn/places",
            },
        )


class SearchReadOtherwiseTests(TestCase):
    """The API answers the search the site's list shows, and says so when it is not `q` as sent."""

    @classmethod
    def setUpTestData(cls):
        make_exchange(
            title="Kissinger's secret trip", summary="Henry Kissinger flew to Peking.", slug="kissinger"
        )
        make_exchange(title="Xi and Biden meet", summary="The two leaders met in Woodside.", slug="woodside")

    def test_a_corrected_search_is_named_on_every_kind_of_page(self):
        for url in [
            "/api/v1/exchanges/?q=Henry Kisinger",
            "/api/v1/exchanges/?q=Henry Kisinger&sort=relevance",
        ]:
            with self.subTest(url):
                answer = self.client.get(url).json()
                self.assertEqual([record["slug"] for record in answer["results"]], ["kissinger"])
                self.assertEqual(answer["showing_results_for"], "Henry Kissinger")

    def test_names_joined_by_a_dash_and_searched_apart_are_named(self):
        answer = self.client.get("/api/v1/exchanges/?q=Xi-Biden").json()
        self.assertEqual([record["slug"] for record in answer["results"]], ["woodside"])
        self.assertEqual(answer["showing_results_for"], "Xi Biden")

    def test_a_search_read_as_sent_names_nothing(self):
        for url in [
            "/api/v1/exchanges/?q=Kissinger",
            "/api/v1/exchanges/?q=Kissinger&sort=relevance",
            '/api/v1/exchanges/?q="Kisinger"',
            "/api/v1/exchanges/",
        ]:
            with self.subTest(url):
                answer = self.client.get(url).json()
                self.assertIn("showing_results_for", answer)
                self.assertIsNone(answer["showing_results_for"])

    def test_search_words_of_only_spaces_or_invisible_characters_are_no_search(self):
        # A zero-width space searched for nothing and listed nothing; spaces already were none.
        unsearched = self.client.get("/api/v1/exchanges/?q=").json()
        for q in [" ", "\t\t", "\u200b", "\u200b \ufeff"]:
            with self.subTest(q=q):
                answer = self.client.get("/api/v1/exchanges/", {"q": q}).json()
                self.assertEqual(answer["results"], unsearched["results"])
                self.assertIsNone(answer["showing_results_for"])
                self.assertIsNone(answer["searched_as_date"])

    def test_the_schema_documents_it(self):
        schema = self.client.get("/api/v1/schema/?format=json").json()
        page = schema["components"]["schemas"]["PaginatedExchangeList"]["properties"]
        self.assertIn("Showing results for", page["showing_results_for"]["description"])
        described = schema["paths"]["/api/v1/exchanges/"]["get"]["description"]
        self.assertIn("showing_results_for", described)


class SearchedAsDateTests(TestCase):
    """A date in `q` narrows the API's results as it does the site's list, and every page says so."""

    @classmethod
    def setUpTestData(cls):
        make_exchange(
            title="Nixon visits China", title_zh="尼克松访华", date=D(1972, 2, 21), slug="nixon-1972"
        )
        make_exchange(title="Nixon library opens", date=D(1990, 7, 19), slug="nixon-1990")
        make_exchange(title="Obama meets Hu Jintao", date=D(2009, 11, 17), slug="obama-2009")
        make_exchange(title="Obama meets Xi Jinping", date=D(2016, 9, 3), slug="obama-2016")
        make_exchange(title="Apollo 11 astronauts visit", date=D(1969, 7, 20), slug="apollo")

    def test_a_year_in_q_is_named_on_every_kind_of_page(self):
        for url in [
            "/api/v1/exchanges/?q=Nixon 1972",
            "/api/v1/exchanges/?q=Nixon 1972&sort=relevance",
            "/api/v1/exchanges/?q=Nixon 1972&sort=title",
        ]:
            with self.subTest(url):
                answer = self.client.get(url).json()
                self.assertEqual([record["slug"] for record in answer["results"]], ["nixon-1972"])
                self.assertEqual(answer["searched_as_date"], "1972")

    def test_a_range_a_decade_and_a_chinese_date_are_named_as_sent(self):
        for q, date, expected in [
            ("Obama 2009-2016", "2009-2016", ["obama-2016", "obama-2009"]),
            ("Nixon 1970s", "1970s", ["nixon-1972"]),
            ("尼克松 1972年", "1972年", ["nixon-1972"]),
            ("Nixon 1972-02-21", "1972-02-21", ["nixon-1972"]),
            ("Nixon 1972 and 1973", "1972 and 1973", ["nixon-1972"]),
            ("Nixon 2/21/1972-2/28/1972", "2/21/1972-2/28/1972", ["nixon-1972"]),
            ("Nixon 1972. 2. 21", "1972. 2. 21", ["nixon-1972"]),
            ("尼克松 民國61年", "民國61年", ["nixon-1972"]),
            ("Nixon 1971, 1972 and 1973", "1971, 1972 and 1973", ["nixon-1972"]),
            # Of two readings, the one searched: nothing of "Nixon 21" in February 1972, so the day.
            ("Nixon 21 February 1972", "21 February 1972", ["nixon-1972"]),
            ("Apollo 11 July 1969", "July 1969", ["apollo"]),
        ]:
            for sort in ["-date", "relevance"]:
                with self.subTest(q=q, sort=sort):
                    answer = self.client.get("/api/v1/exchanges/", {"q": q, "sort": sort}).json()
                    self.assertEqual(sorted(record["slug"] for record in answer["results"]), sorted(expected))
                    self.assertEqual(answer["searched_as_date"], date)

    def test_a_date_that_finds_nothing_is_searched_as_a_word_and_named_as_no_date(self):
        # Nothing of Nixon in 1980: the site says "“1980” is searched as a word".
        site = self.client.get("/exchanges/", {"q": "Nixon 1980"})
        self.assertContains(site, "searched as a word")
        for sort in ["-date", "relevance"]:
            with self.subTest(sort=sort):
                answer = self.client.get("/api/v1/exchanges/", {"q": "Nixon 1980", "sort": sort}).json()
                self.assertIn("searched_as_date", answer)
                self.assertIsNone(answer["searched_as_date"])

    def test_a_search_without_a_date_names_none(self):
        for url in [
            "/api/v1/exchanges/?q=Nixon",
            "/api/v1/exchanges/?q=Nixon&sort=relevance",
            '/api/v1/exchanges/?q=Nixon "1972"',
            "/api/v1/exchanges/",
        ]:
            with self.subTest(url):
                answer = self.client.get(url).json()
                self.assertIn("searched_as_date", answer)
                self.assertIsNone(answer["searched_as_date"])

    def test_naming_the_date_takes_no_query_of_its_own(self):
        from exchanges.search import synonyms

        synonyms()  # read once a process, not by the page
        # 1. whether anything matches in 1972 (the date is read); 2. whether the search finds
        # anything (or is to be corrected); 3. its words among the catalogue's (it found few);
        # 4. the page of exchanges; then as the list above: 5. sources, 6-8. the organisation,
        # people and place links. The same as before the page named its date.
        with CaptureQueriesContext(connection) as queries:
            answer = self.client.get("/api/v1/exchanges/?q=Nixon 1972").json()
        self.assertEqual(len(queries), 8, [query["sql"] for query in queries])
        self.assertEqual(answer["searched_as_date"], "1972")

    def test_the_schema_documents_it(self):
        schema = self.client.get("/api/v1/schema/?format=json").json()
        page = schema["components"]["schemas"]["PaginatedExchangeList"]["properties"]
        self.assertIn("as a date", page["searched_as_date"]["description"])
        described = schema["paths"]["/api/v1/exchanges/"]["get"]["description"]
        self.assertIn("searched_as_date", described)


class DateLeftOutTests(TestCase):
    """A date in `q` with a mistake is left out of the search, as the site's list says it is, and
    every page of the API says so too: a client could not tell why its date did not narrow it."""

    @classmethod
    def setUpTestData(cls):
        make_exchange(title="Nixon visits China", date=D(1972, 2, 21), slug="nixon-1972")
        make_exchange(title="Nixon library opens", date=D(1990, 7, 19), slug="nixon-1990")

    def test_the_date_and_its_mistake_are_named_on_every_kind_of_page(self):
        for q, date, mistake in [
            ("Nixon Q5 1972", "Q5 1972", "“Q5” is not a quarter: a year has four, Q1 to Q4."),
            ("Nixon 1980s-70s", "1980s-70s", "The span ends before it begins."),
            ("Nixon 2016 to 2009", "2016 to 2009", "The span ends before it begins."),
        ]:
            site = self.client.get("/exchanges/", {"q": q})
            self.assertContains(site, f"“{date}” could not be searched as a date and was left out. {mistake}")
            for sort in ["-date", "relevance", "title"]:
                with self.subTest(q=q, sort=sort):
                    answer = self.client.get("/api/v1/exchanges/", {"q": q, "sort": sort}).json()
                    self.assertEqual(
                        sorted(record["slug"] for record in answer["results"]), ["nixon-1972", "nixon-1990"]
                    )
                    self.assertEqual(answer["date_left_out"], {"date": date, "mistake": mistake})
                    self.assertIsNone(answer["searched_as_date"])

    def test_a_search_of_nothing_but_such_a_date_names_it_too(self):
        answer = self.client.get("/api/v1/exchanges/", {"q": "80年代至70年代"}).json()
        self.assertEqual(len(answer["results"]), 2)
        self.assertEqual(
            answer["date_left_out"], {"date": "80年代至70年代", "mistake": "The span ends before it begins."}
        )

    def test_a_search_with_a_date_it_could_use_or_none_names_none(self):
        for url in [
            "/api/v1/exchanges/?q=Nixon 1972",
            "/api/v1/exchanges/?q=Nixon",
            '/api/v1/exchanges/?q=Nixon "Q5 1972"',
            "/api/v1/exchanges/?q=Nixon&sort=relevance",
            "/api/v1/exchanges/",
        ]:
            with self.subTest(url):
                answer = self.client.get(url).json()
                self.assertIn("date_left_out", answer)
                self.assertIsNone(answer["date_left_out"])

    def test_naming_it_takes_no_query_of_its_own(self):
        from exchanges.search import synonyms

        synonyms()  # read once a process, not by the page
        # 1. whether the search finds anything (or is to be corrected); 2. its words among the
        # catalogue's (it found few); 3. the page of exchanges; then 4. sources, 5-7. the
        # organisation, people and place links: as many as for "Nixon".
        for q in ["Nixon", "Nixon Q5 1972"]:
            with self.subTest(q=q), self.assertNumQueries(7):
                answer = self.client.get("/api/v1/exchanges/", {"q": q}).json()
        self.assertEqual(answer["date_left_out"]["date"], "Q5 1972")

    def test_the_schema_documents_it(self):
        schema = self.client.get("/api/v1/schema/?format=json").json()
        page = schema["components"]["schemas"]["PaginatedExchangeList"]["properties"]
        self.assertIn("left out", page["date_left_out"]["description"])
        described = schema["paths"]["/api/v1/exchanges/"]["get"]["description"]
        self.assertIn("date_left_out", described)
