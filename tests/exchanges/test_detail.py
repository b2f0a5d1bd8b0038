import datetime

from django.test import TestCase

from exchanges.models import Exchange, Source
from tests.factories import make_exchange


class DetailPageTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.exchange = make_exchange(
            title="Obama and Xi discuss cooperation in a phone call",
            summary="The presidents talked about North Korea and Iran.",
            outcomes="They agreed to keep talking.",
            partners="U.S. Government\nGovernment of the People's Republic of China",
            participants="U.S. President Barack Obama, Chinese President Xi Jinping",
            participant_count=2,
            date=datetime.date(2014, 7, 14),
            location="Beijing and Washington, DC",
            sources=0,
        )
        Source.objects.create(
            exchange=cls.exchange, citation="White House statement", url="https://example.org/wh"
        )
        Source.objects.create(exchange=cls.exchange, citation="A printed report")

    def test_it_shows_every_filled_field_under_the_original_labels(self):
        response = self.client.get("/exchanges/obama-and-xi-discuss-cooperation-in-a-phone-call/")
        # In the site's sentence case: the page said "Type of Exchange" beside a catalogue whose
        # filter says "Type of exchange". The downloads' columns keep the import format's words.
        for label in [
            "Government?",
            "Type of exchange",
            "Level of government",
            "Partners",
            "Participants (types)",
            "Number of participants",
            "Exchange date",
            "Continuing",
            "Location",
            "Outcomes",
            "Sources",
        ]:
            self.assertContains(response, label)
        self.assertContains(response, "July 14, 2014")
        self.assertContains(response, "Government of the People&#x27;s Republic of China")
        self.assertContains(response, "Beijing and Washington, DC")

    def test_empty_fields_are_hidden(self):
        response = self.client.get(self.exchange.get_absolute_url())
        self.assertNotContains(response, "Sponsor(s)")
        bare = make_exchange(government=False, outcomes="", location="", sources=0)
        response = self.client.get(bare.get_absolute_url())
        self.assertContains(response, "None (not a government exchange)")
        for label in [
            "Outcomes",
            "Location",
            "Partners",
            "Number of participants",
        ]:
            self.assertNotContains(response, label)

    def test_sources_are_links_when_they_have_a_url(self):
        response = self.client.get(self.exchange.get_absolute_url())
        self.assertContains(
            response, '<a href="https://example.org/wh" rel="nofollow noopener">White House statement</a>'
        )
        self.assertContains(response, "A printed report")

    def test_an_exchange_without_sources_says_none_is_recorded(self):
        # The import can publish a row that names no source: its page says so rather than
        # leaving the reader to wonder where it came from.
        bare = make_exchange(sources=0)
        # 1: the exchange; 2: its (empty) sources; 3, 4, 5: its organisations, people and places
        # (none, so no nearest exchanges are asked for): saying so costs no query.
        with self.assertNumQueries(5):
            response = self.client.get(bare.get_absolute_url())
        sources = response.content.decode().split('<h2 class="h5">Sources</h2>')[1].split("</section>")[0]
        self.assertIn("No source recorded", sources)
        self.assertNotContains(self.client.get(self.exchange.get_absolute_url()), "No source recorded")

    def test_the_facts_have_a_heading_and_a_named_region(self):
        # Read by headings, the page went from "Related exchanges" to "Know more about this
        # exchange?" past every fact of the record.
        html = self.client.get(self.exchange.get_absolute_url()).content.decode()
        aside = html.split('<aside class="exchange-facts" aria-labelledby="facts-heading">')[1]
        heading = '<h2 class="visually-hidden" id="facts-heading">Facts</h2>'
        self.assertTrue(aside.lstrip().startswith(heading))
        self.assertLess(aside.index(heading), aside.index('<dl class="facts">'))

    def fact(self, exchange, label):
        html = self.client.get(exchange.get_absolute_url()).content.decode()
        return html.split(f"<dt>{label}</dt>")[1].split("</dd>")[0]

    def test_the_places_are_linked_where_the_location_names_them(self):
        # The location's text was followed by a list of the same places: each was read twice.
        location = self.fact(self.exchange, "Location")
        self.assertEqual(
            location,
            '<dd><a href="/places/beijing/">Beijing</a> and <a href="/places/washington/">Washington</a>, DC',
        )

    def test_each_person_is_named_once_linked_in_the_participants_as_recorded(self):
        # A "People" list of the links came before the participants text, which named them again.
        html = self.client.get(self.exchange.get_absolute_url()).content.decode()
        facts = html.split('<dl class="facts">')[1].split("</dl>")[0]
        self.assertNotIn("<dt>People</dt>", facts)
        self.assertEqual(facts.count("Barack Obama"), 1)
        self.assertIn(
            'U.S. President <a href="/people/barack-obama/">Barack Obama</a>, '
            'Chinese President <a href="/people/xi-jinping/">Xi Jinping</a>',
            self.fact(self.exchange, "Participants (types)"),
        )

    def test_what_is_no_person_stays_as_written_between_the_links(self):
        exchange = make_exchange(
            participants="Zhuang Zedong (庄则栋), table tennis world champion\n13 Chinese players",
            location="By telephone",
        )
        self.assertEqual(
            self.fact(exchange, "Participants (types)"),
            '<dd><ul class="list-unstyled mb-0 recorded-lines">'
            '<li><a href="/people/zhuang-zedong/">Zhuang Zedong</a> (<span lang="zh">庄则栋</span>), '
            "table tennis world champion</li><li>13 Chinese players</li></ul>",
        )
        self.assertEqual(self.fact(exchange, "Location"), "<dd>By telephone")

    def test_a_person_whose_name_the_text_does_not_write_whole_is_listed_after_it(self):
        # "Jay and Linda Mathews" is read as Jay Mathews, whom no stretch of the text names as such.
        exchange = make_exchange(participants="Jay and Linda Mathews, Melinda Liu and other correspondents")
        participants = self.fact(exchange, "Participants (types)")
        text, apart = participants.split('aria-label="People in the index">')
        self.assertIn(
            'Jay and <a href="/people/linda-mathews/">Linda Mathews</a>, '
            "Melinda Liu and other correspondents",
            text,
        )
        self.assertIn('<a href="/people/jay-mathews/">Jay Mathews</a>', apart)
        self.assertNotIn("Linda", apart)

    def test_a_name_written_with_a_nickname_in_brackets_is_linked_whole(self):
        exchange = make_exchange(participants="Governor Edmund G. (Jerry) Brown Jr.\nAnne Gust Brown")
        self.assertEqual(
            self.fact(exchange, "Participants (types)"),
            '<dd><ul class="list-unstyled mb-0 recorded-lines"><li>Governor '
            '<a href="/people/edmund-g-brown-jr/">Edmund G. (Jerry) Brown Jr.</a></li>'
            '<li><a href="/people/anne-gust-brown/">Anne Gust Brown</a></li></ul>',
        )

    def test_a_text_edited_since_its_links_were_made_links_no_one_else(self):
        exchange = make_exchange(participants="Secretary of State John Kerry")
        Exchange.objects.filter(pk=exchange.pk).update(participants="Ambassador Max Baucus")
        participants = self.fact(exchange, "Participants (types)")
        self.assertIn(
            '<ul class="list-unstyled mb-0 recorded-lines"><li>Ambassador Max Baucus</li></ul>', participants
        )
        apart = participants.split("People in the index")[1]
        self.assertIn('<a href="/people/john-kerry/">John Kerry</a>', apart)

    def test_an_approximate_date_explains_its_c(self):
        exchange = make_exchange(date=datetime.date(1985, 1, 1), date_precision="year", circa=True)
        self.assertEqual(exchange.display_date, "c. 1985")
        circa = '<abbr title="circa (approximately)">c.</abbr> 1985'
        with self.assertNumQueries(5):
            response = self.client.get(exchange.get_absolute_url())
        html = response.content.decode()
        # In the lead and among the facts.
        self.assertEqual(html.count(circa), 2)
        self.assertNotContains(self.client.get(self.exchange.get_absolute_url()), "<abbr")

    def test_it_offers_to_tell_us_more(self):
        response = self.client.get(self.exchange.get_absolute_url())
        self.assertContains(response, "Know more about this exchange?")
        self.assertContains(response, f'href="{self.exchange.get_absolute_url()}suggest/"')

    def test_the_participant_count_as_described_wins_over_the_bare_number(self):
        exchange = make_exchange(
            participant_count=400,
            participant_count_note="200 Chinese students, 200 students from 50 US colleges",
        )
        response = self.client.get(exchange.get_absolute_url())
        self.assertContains(response, "200 Chinese students, 200 students from 50 US colleges")

    def test_a_bare_number_of_participants_is_grouped_as_the_catalogues_counts_are(self):
        exchange = make_exchange(participant_count=12500, participant_count_note="")
        self.assertContains(self.client.get(exchange.get_absolute_url()), "<dd>12,500</dd>", html=True)

    def test_a_draft_is_not_found(self):
        draft = make_exchange(status=Exchange.Status.DRAFT)
        self.assertEqual(self.client.get(draft.get_absolute_url()).status_code, 404)

    def test_an_unknown_slug_is_not_found(self):
        self.assertEqual(self.client.get("/exchanges/no-such-exchange/").status_code, 404)

    def test_it_takes_six_queries_whatever_the_number_of_sources(self):
        for position in range(10):
            Source.objects.create(exchange=self.exchange, citation=f"Extra {position}", position=position + 5)
        # 1: the exchange; 2: its sources; 3, 4, 5: its organisations, people and places;
        # 6: the nearest exchanges naming each of them, before and after its date (none found
        # here, so none is read and what they share is not looked up).
        with self.assertNumQueries(6):
            response = self.client.get(self.exchange.get_absolute_url())
        self.assertContains(response, "Extra 9")


class NotRecordedDetailTests(TestCase):
    def test_what_the_record_does_not_say_is_shown_as_not_recorded(self):
        exchange = make_exchange(
            government=None,
            type="",
            levels=[],
            continuing=None,
            date=datetime.date(2013, 4, 1),
            date_precision="month",
        )
        response = self.client.get(exchange.get_absolute_url())
        self.assertContains(response, "April 2013")
        facts = response.content.decode().split('<dl class="facts">')[1].split("</dl>")[0]
        # Government?, Type of exchange, Level of government and Continuing.
        self.assertEqual(facts.count("Not recorded"), 4)

    def test_a_type_that_fits_no_choice_is_shown_as_recorded(self):
        exchange = make_exchange(type="other", type_as_recorded="Aviation")
        response = self.client.get(exchange.get_absolute_url())
        self.assertContains(response, "Aviation")


class WithdrawnExchangePageTests(TestCase):
    """The page of an exchange published once and taken down since: a reader following a citation or
    an old link got the 404 page asking whether the link had a typo, and a search engine or a mirror
    no sign that the record had gone for good."""

    def test_it_answers_gone_and_says_the_exchange_was_withdrawn(self):
        exchange = make_exchange(title="Governors meet in Des Moines")
        exchange.status = Exchange.Status.DRAFT
        exchange.save()
        # Two queries: the published exchange not found, then whether it ever was published.
        with self.assertNumQueries(2):
            response = self.client.get(f"/exchanges/{exchange.slug}/")
        self.assertContains(response, "This exchange was withdrawn", status_code=410)
        self.assertContains(response, 'href="/contribute/"', status_code=410)
        self.assertNotContains(response, "may have a typo", status_code=410)
        # Nothing of the record taken down is shown.
        self.assertNotContains(response, "Governors meet in Des Moines", status_code=410)

    def test_the_reason_a_moderator_gave_is_shown(self):
        # The page said only that it was taken down: a reader following a citation could not tell a
        # duplicate from a retraction, nor where to look instead.
        exchange = make_exchange(title="Governors meet in Des Moines")
        exchange.status = Exchange.Status.DRAFT
        exchange.withdrawal_reason = "A duplicate of “Governors meet in Iowa”.\nSee that record."
        exchange.save()
        with self.assertNumQueries(2):
            response = self.client.get(f"/exchanges/{exchange.slug}/")
        self.assertContains(response, "The moderator’s reason:", status_code=410)
        self.assertContains(
            response, "A duplicate of “Governors meet in Iowa”.<br>See that record.", status_code=410
        )
        # Not on the page of one withdrawn without a reason, nor while it is published.
        exchange.status = Exchange.Status.PUBLISHED
        exchange.save()
        self.assertNotContains(self.client.get(f"/exchanges/{exchange.slug}/"), "A duplicate of")

    def test_a_published_exchange_deleted_since_is_gone_as_a_withdrawn_one(self):
        # Its address is remembered with the time of its deletion (opendata.Withdrawal), for mirrors:
        # it answered 404 asking whether the link had a typo, where a withdrawn one answered 410.
        published, withdrawn = make_exchange(title="Governors meet in Des Moines"), make_exchange()
        withdrawn.status = Exchange.Status.DRAFT
        withdrawn.save()
        for exchange in (published, withdrawn):
            exchange.delete()
            with self.subTest(exchange=exchange.slug):
                response = self.client.get(f"/exchanges/{exchange.slug}/")
                self.assertContains(response, "This exchange was withdrawn", status_code=410)
                self.assertNotContains(response, "may have a typo", status_code=410)
        # A draft never published, deleted, leaves nothing behind: not found, as before.
        draft = make_exchange(status=Exchange.Status.DRAFT)
        draft.delete()
        self.assertContains(self.client.get(f"/exchanges/{draft.slug}/"), "may have a typo", status_code=404)

    def test_a_draft_never_published_and_an_unknown_address_are_still_not_found(self):
        draft = make_exchange(status=Exchange.Status.DRAFT)
        for path in [f"/exchanges/{draft.slug}/", "/exchanges/no-such-exchange/"]:
            with self.subTest(path=path):
                response = self.client.get(path)
                self.assertContains(response, "may have a typo", status_code=404)
                self.assertNotContains(response, "withdrawn", status_code=404)


class SourceAddressTests(TestCase):
    """A source's address in another script was shown as stored, percent-encoded: a Chinese
    encyclopedia's page took thirteen lines of %E4… on a phone. It is shown decoded; the link
    goes to the address as stored."""

    ENCODED = "https://jendow.com.tw/wiki/%E4%B8%AD%E8%8F%AF%E4%BA%BA%E6%B0%91?q=a%20b%2Fc"

    @classmethod
    def setUpTestData(cls):
        cls.exchange = make_exchange(title="Environment protocol", sources=0)

    def page(self):
        return self.client.get(self.exchange.get_absolute_url())

    def test_an_address_beside_a_citation_is_shown_decoded_and_linked_as_stored(self):
        Source.objects.create(exchange=self.exchange, citation="Jendow encyclopedia, n.d.", url=self.ENCODED)
        response = self.page()
        self.assertContains(
            response, f'<a href="{self.ENCODED}" rel="nofollow noopener">Jendow encyclopedia, n.d.</a>'
        )
        # Escapes of ASCII characters stay: %2F is not a "/" of the path.
        shown = 'https://jendow.com.tw/wiki/<span lang="zh">中華人民</span>?q=a%20b%2Fc</span>'
        self.assertContains(response, shown)
        self.assertNotContains(response, "%E4%B8%AD</span>")

    def test_an_address_alone_is_its_links_text_decoded(self):
        Source.objects.create(exchange=self.exchange, url=self.ENCODED)
        self.assertContains(
            self.page(),
            f'<a href="{self.ENCODED}" rel="nofollow noopener" class="text-break">'
            'https://jendow.com.tw/wiki/<span lang="zh">中華人民</span>?q=a%20b%2Fc</a>',
        )

    def test_what_would_read_as_something_else_stays_encoded(self):
        # A right-to-left mark (%E2%80%8F), a no-break space (%C2%A0) and bytes that are not UTF-8
        # (%E4%B8) would make the address read as another, or cannot be read.
        url = "https://example.org/a%E2%80%8Fb%C2%A0c%E4%B8d%C3%A9"
        Source.objects.create(exchange=self.exchange, url=url)
        self.assertContains(self.page(), ">https://example.org/a%E2%80%8Fb%C2%A0c%E4%B8dé</a>")
