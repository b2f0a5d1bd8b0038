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
        for label in [
            "Government?",
            "Type of Exchange",
            "Level of Government",
            "Partners",
            "Participants (Types)",
            "Number of Participants",
            "Exchange Date",
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
            "Number of Participants",
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
        aside = html.split('<aside class="col-lg-4" aria-labelledby="facts-heading">')[1]
        heading = '<h2 class="visually-hidden" id="facts-heading">Facts</h2>'
        self.assertTrue(aside.lstrip().startswith(heading))
        self.assertLess(aside.index(heading), aside.index('<dl class="facts">'))

    def test_the_linked_places_under_the_location_are_a_named_list(self):
        # After the location's text a screen reader heard an unnamed list of the same places.
        html = self.client.get(self.exchange.get_absolute_url()).content.decode()
        location = html.split("<dt>Location</dt>")[1].split("</dd>")[0]
        self.assertIn('<ul class="list-unstyled mb-0 small" aria-label="Places in the index">', location)
        self.assertIn('href="/places/beijing/"', location)

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
        # Government?, Type of Exchange, Level of Government and Continuing.
        self.assertEqual(facts.count("Not recorded"), 4)

    def test_a_type_that_fits_no_choice_is_shown_as_recorded(self):
        exchange = make_exchange(type="other", type_as_recorded="Aviation")
        response = self.client.get(exchange.get_absolute_url())
        self.assertContains(response, "Aviation")
