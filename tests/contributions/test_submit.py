"""/contribute/: the public form for a new exchange, and the thank-you page."""

import datetime
import re
from unittest import mock

from django.db import OperationalError
from django.test import TestCase, override_settings
from django.utils import timezone

from contributions.models import EmailDelivery, Submission
from exchanges.models import Exchange
from tests.factories import form_data, make_exchange

LABELS = [
    "Title",
    "Summary",
    "Outcomes",
    "Government?",
    "Type of exchange",
    "Type, in your source’s words",
    "Level of government",
    "Partners",
    "Sponsors",
    "Participants (types)",
    "Number of participants",
    "Exchange date",
    "Continuing",
    "Location",
    "Sources",
    "Notes on the record",
    "Your name",
    "Your email",
    "Note to the moderators",
]


class FormPageTests(TestCase):
    def test_it_shows_every_field_under_its_label(self):
        response = self.client.get("/contribute/")
        self.assertEqual(response.status_code, 200)
        page = re.sub(r">\s+", ">", response.content.decode())
        labels = {field.label for field in response.context["form"].visible_fields()}
        self.assertEqual(labels - {"Leave this field empty"}, set(LABELS))
        positions = [page.find(f">{label}") for label in LABELS]
        self.assertNotIn(-1, positions)
        self.assertEqual(positions, sorted(positions), "labels appear in the order the issue lists them")

    def test_a_required_field_is_marked_for_screen_readers_and_its_asterisk_is_only_seen(self):
        # The asterisk was read aloud with the label ("Title star"); "required" says it instead.
        for address in ["/contribute/", f"/exchanges/{make_exchange().slug}/suggest/"]:
            response = self.client.get(address)
            page = re.sub(r"\s+", " ", response.content.decode())
            self.assertIn("Fields marked with * are required.", page)
            required = [field for field in response.context["form"].visible_fields() if field.field.required]
            self.assertEqual(len(required), 5)
            for field in required:
                with self.subTest(address=address, field=field.name):
                    self.assertRegex(
                        page,
                        rf'<label for="{field.id_for_label}" [^>]*> {re.escape(str(field.label))}'
                        r'<span class="asteriskField" aria-hidden="true">\*</span> </label>',
                    )
                    self.assertRegex(page, rf'<(input|textarea) [^>]*required[^>]* id="{field.id_for_label}"')
            self.assertNotIn('<span class="asteriskField">', page)

    def test_help_texts_give_examples(self):
        form = self.client.get("/contribute/").context["form"]
        for name in ["title", "summary", "partners", "date", "sources", "participant_number"]:
            self.assertIn("e.g.", form.fields[name].help_text, name)

    def test_it_says_the_email_is_never_shown_publicly(self):
        self.assertContains(self.client.get("/contribute/"), "Never shown publicly")

    def test_it_is_linked_from_every_page(self):
        self.assertContains(self.client.get("/"), 'href="/contribute/"')

    def test_the_empty_form_needs_no_query(self):
        with self.assertNumQueries(0):
            self.client.get("/contribute/")

    def test_a_form_sent_back_with_errors_says_so_in_its_title(self):
        self.assertContains(self.client.get("/contribute/"), "<title>Contribute an exchange · ")
        sent_back = self.client.post("/contribute/", form_data(title=""))
        self.assertIn("<title>Error: Contribute an exchange · ", sent_back.content.decode())


class SubmitTests(TestCase):
    def test_a_valid_submission_is_stored_as_pending_and_thanked(self):
        response = self.client.post("/contribute/", form_data(participant_number="1,200"))
        self.assertRedirects(response, "/contribute/thanks/")
        submission = Submission.objects.get()
        self.assertEqual(submission.status, Submission.Status.PENDING)
        self.assertEqual(submission.kind, Submission.Kind.NEW)
        self.assertEqual(submission.title, "Governors' forum in Houston")
        self.assertEqual(submission.participant_count, 1200)
        self.assertEqual(submission.submitter_ip, "127.0.0.1")
        self.assertRegex(submission.reference, r"^[2-9A-Z]{4}-[2-9A-Z]{4}$")
        thanks = self.client.get("/contribute/thanks/")
        self.assertContains(thanks, submission.reference)
        self.assertContains(thanks, "What happens next")

    def test_a_worded_number_of_participants_is_kept_as_worded(self):
        self.client.post("/contribute/", form_data(participant_number="About 40 mayors"))
        submission = Submission.objects.get()
        self.assertEqual(submission.participant_count, 40)
        self.assertEqual(submission.participant_count_note, "About 40 mayors")

    def test_a_number_of_participants_in_words_is_a_count_kept_as_worded(self):
        for text, count in [("twelve American students", 12), ("三十名学生", 30), ("dozens of mayors", None)]:
            with self.subTest(text=text):
                self.client.post("/contribute/", form_data(participant_number=text))
                submission = Submission.objects.get()
                submission.delete()
                self.assertEqual(
                    (submission.participant_count, submission.participant_count_note), (count, text)
                )

    def test_a_number_of_participants_grouped_by_spaces_or_dots_is_a_count(self):
        for text in ["1 200", "1\u202f200", "1\u00a0200", "1.200"]:
            with self.subTest(text=text):
                self.client.post("/contribute/", form_data(participant_number=text))
                submission = Submission.objects.get()
                self.assertEqual(
                    (submission.participant_count, submission.participant_count_note), (1200, "")
                )
                submission.delete()

    def test_a_description_with_several_numbers_gives_no_count(self):
        self.client.post("/contribute/", form_data(participant_number="200 Chinese, 200 US students"))
        submission = Submission.objects.get()
        self.assertIsNone(submission.participant_count)
        self.assertEqual(submission.participant_count_note, "200 Chinese, 200 US students")

    def test_a_record_that_says_nothing_of_government_type_or_level_is_taken(self):
        self.client.post(
            "/contribute/", form_data(government="", type="", levels=[], continuing="", date="April 2013")
        )
        submission = Submission.objects.get()
        self.assertEqual(
            (submission.government, submission.type, submission.levels, submission.continuing),
            (None, "", [], None),
        )
        self.assertEqual(submission.display_date, "April 2013")

    def test_line_breaks_are_stored_as_the_catalogue_stores_them(self):
        self.client.post(
            "/contribute/",
            form_data(
                summary="Governors met.\r\nThey discussed trade.",
                partners="First partner\r\nSecond partner",
                sources="Houston Chronicle https://example.org/a\r\nCity minutes",
                note="Line one\r\nLine two",
            ),
        )
        submission = Submission.objects.get()
        self.assertEqual(submission.summary, "Governors met.\nThey discussed trade.")
        self.assertEqual(submission.partners, "First partner\nSecond partner")
        self.assertEqual(submission.sources, "Houston Chronicle https://example.org/a\nCity minutes")
        self.assertEqual(submission.note, "Line one\nLine two")

    def test_nothing_submitted_is_public(self):
        self.client.post("/contribute/", form_data(title="Secret forum of governors"))
        self.assertEqual(Submission.objects.count(), 1)
        self.assertFalse(Exchange.objects.exists())
        self.assertNotContains(self.client.get("/exchanges/?q=secret"), "Secret forum")
        self.assertNotContains(self.client.get("/"), "Secret forum")

    def test_a_valid_submission_costs_a_bounded_number_of_queries(self):
        with self.assertNumQueries(5):
            # SELECT the same contribution sent before (the form shown again),
            # SAVEPOINT, INSERT the submission, INSERT its two emails (for the worker),
            # RELEASE SAVEPOINT. Its reference goes to the thank-you page in a signed cookie, no
            # longer in a new session (four queries: SELECT is the key free?, SAVEPOINT, INSERT,
            # RELEASE), which the database gone after the submission was stored turned into the
            # error page.
            self.client.post("/contribute/", form_data())

    def test_an_invalid_form_costs_no_query(self):
        with self.assertNumQueries(0):
            self.client.post("/contribute/", form_data(title=""))


class ThanksPageTests(TestCase):
    def test_without_a_submission_it_leads_to_the_form(self):
        self.assertRedirects(self.client.get("/contribute/thanks/"), "/contribute/")

    def test_it_shows_only_this_browsers_reference(self):
        self.client.post("/contribute/", form_data())
        mine = Submission.objects.get().reference
        other = self.client_class()
        other.post("/contribute/", form_data(title="Another one"))
        theirs = Submission.objects.exclude(reference=mine).get().reference
        page = self.client.get("/contribute/thanks/")
        self.assertContains(page, mine)
        self.assertNotContains(page, theirs)
        self.assertNotContains(page, "Another one")


class ValidationTests(TestCase):
    """The model's rules hold on the form; errors sit beside their fields; what was typed is kept."""

    def post_invalid(self, **fields):
        response = self.client.post("/contribute/", form_data(**fields))
        self.assertEqual(response.status_code, 200)
        self.assertFalse(Submission.objects.exists())
        return response

    def assert_error_beside(self, response, field, message):
        form = response.context["form"]
        self.assertIn(message, " ".join(form.errors[field]))
        # crispy renders the message right under the field, tied to it by id.
        self.assertContains(response, f'id="error_1_id_{field}"')

    def test_the_beginning_of_a_web_address_alone_is_no_source(self):
        # It was kept as the citation "https://", which cites nothing.
        for line in ["https://", "http://", "HTTPS://", "www.", " https:// "]:
            with self.subTest(line=line):
                response = self.post_invalid(sources=f"Xinhua, May 3, 2019\r\n{line}")
                self.assert_error_beside(
                    response,
                    "sources",
                    f"Source line 2: “{line.strip()}” is only the beginning of a web address",
                )

    def test_an_address_no_reader_can_open_is_refused_saying_why(self):
        # The computer reading the page, or a private network: stored and shown as a link that
        # leads each reader to their own machine or router.
        for url in [
            "http://localhost/",
            "http://LocalHost:8000/a",
            "http://api.localhost/x",
            "http://[::1]/",
            "http://10.0.0.1/x",
            "https://192.168.1.1/admin",
            "http://127.0.0.1:8000/exchanges/",
            "http://169.254.169.254/latest/",
            "http://[::ffff:127.0.0.1]/",
        ]:
            with self.subTest(url=url):
                response = self.post_invalid(sources=f"Xinhua, May 3, 2019 {url}")
                self.assert_error_beside(
                    response,
                    "sources",
                    f"Source line 1: “{url}” is on the reader's own computer or a private network, "
                    "which no reader can open: give the address where the source is published.",
                )

    def test_a_malformed_address_is_named_as_not_valid(self):
        # "http://[::1" was told "“http://” is only the beginning of a web address"; a port past
        # 65535 was stored.
        for url in ["http://[::1", "http://[::1/x", "http://example.org:99999/"]:
            with self.subTest(url=url):
                response = self.post_invalid(sources=f"Xinhua, May 3, 2019\r\n{url}")
                self.assert_error_beside(response, "sources", "Source line 2: the web address is not valid.")
                self.assertNotContains(response, "only the beginning")

    def test_a_public_address_given_by_its_number_is_accepted(self):
        self.client.post(
            "/contribute/", form_data(sources="http://8.8.8.8/report\r\nhttp://[2001:4860::8888]/")
        )
        self.assertEqual(Submission.objects.get().sources, "http://8.8.8.8/report\nhttp://[2001:4860::8888]/")

    def test_a_level_without_government_is_accepted_for_the_moderator_to_check(self):
        self.client.post("/contribute/", form_data(government="False", levels=["national"]))
        submission = Submission.objects.get()
        self.assertEqual(submission.levels, ["national"])
        self.assertEqual(len(submission.record_warnings()), 1)

    def test_the_end_cannot_come_before_the_start(self):
        response = self.post_invalid(date="May 20–19, 2019")
        self.assert_error_beside(response, "date", "ends before it begins")

    def test_at_least_one_source_is_needed(self):
        response = self.post_invalid(sources="  \r\n ")
        self.assert_error_beside(response, "sources", "at least one source")
        self.assertEqual(len(response.context["form"].errors["sources"]), 1)

    def test_the_date_is_at_most_a_year_ahead(self):
        too_late = timezone.localdate() + datetime.timedelta(days=367)
        response = self.post_invalid(date=too_late.isoformat())
        self.assert_error_beside(response, "date", "later than a year from today")

    def test_a_date_within_the_year_ahead_is_accepted(self):
        soon = timezone.localdate() + datetime.timedelta(days=300)
        self.client.post("/contribute/", form_data(date=soon.isoformat()))
        self.assertEqual(Submission.objects.get().date, soon)

    def test_a_date_as_a_chinese_source_writes_it_is_stored_as_its_period(self):
        self.client.post("/contribute/", form_data(date="２０１９年３月５日至８日"))
        submission = Submission.objects.get()
        self.assertEqual(
            (submission.date, submission.date_precision, submission.end_date),
            (datetime.date(2019, 3, 5), "day", datetime.date(2019, 3, 8)),
        )
        self.assertEqual(submission.display_date, "March 5–8, 2019")

    def test_an_uncertain_academic_year_is_stored_as_an_approximate_span(self):
        self.client.post("/contribute/", form_data(date="2015–16?"))
        submission = Submission.objects.get()
        self.assertEqual(
            (submission.date, submission.date_precision, submission.end_date, submission.circa),
            (datetime.date(2015, 1, 1), "year", datetime.date(2016, 12, 31), True),
        )
        self.assertEqual(submission.display_date, "c. 2015–2016")

    def test_a_span_of_decades_is_stored_as_the_years_it_covers(self):
        self.client.post("/contribute/", form_data(date="1970s–80s"))
        submission = Submission.objects.get()
        self.assertEqual(
            (submission.date, submission.date_precision, submission.end_date),
            (datetime.date(1970, 1, 1), "year", datetime.date(1989, 12, 31)),
        )
        self.assertEqual(submission.display_date, "1970–1989")

    def test_a_span_of_decades_that_ends_before_it_begins_is_refused(self):
        response = self.post_invalid(date="1980s–70s")
        self.assert_error_beside(response, "date", "ends before it begins")

    def test_a_source_unsure_between_two_dates_is_stored_as_the_span_of_both_about(self):
        self.client.post("/contribute/", form_data(date="March or April 1972"))
        submission = Submission.objects.get()
        self.assertEqual(
            (submission.date, submission.date_precision, submission.end_date, submission.circa),
            (datetime.date(1972, 3, 1), "month", datetime.date(1972, 4, 30), True),
        )
        self.assertEqual(submission.display_date, "c. March–April 1972")

    def test_two_dates_that_cannot_be_read_as_either_say_what_to_write(self):
        for date in ["1985 or 1986 or 1987", "1985 or later"]:
            with self.subTest(date=date):
                response = self.post_invalid(date=date)
                self.assert_error_beside(response, "date", "“about 1985–")

    def test_the_dates_help_says_how_to_give_either_of_two(self):
        form = self.client.get("/contribute/").context["form"]
        self.assertIn("“1985 or 1986”", form.fields["date"].help_text)

    def test_a_date_with_no_end_yet_points_to_continuing(self):
        response = self.post_invalid(date="2010–present")
        self.assert_error_beside(response, "date", "is recorded under “Continuing”")

    def test_required_fields_are_named(self):
        response = self.post_invalid(title="", summary="", date="", contributor_email="")
        for field in ["title", "summary", "date", "contributor_email"]:
            self.assert_error_beside(response, field, "required")

    def test_the_summary_links_each_mistake_to_its_field(self):
        response = self.post_invalid(government="maybe", date="Spring 2019")
        # A group of radio buttons is reached through its first one.
        self.assertContains(response, '<a href="#id_government_0">Government?</a> — Select a valid choice.')
        self.assertContains(
            response, '<a href="#id_date">Exchange date</a> — “spring” does not say which days'
        )
        self.assertContains(response, 'id="id_government_0"')

    def test_malformed_values_are_errors_not_crashes(self):
        response = self.post_invalid(
            date="20th of May", government="maybe", type="bogus", contributor_email="not-an-address"
        )
        self.assertEqual(
            set(response.context["form"].errors), {"date", "government", "type", "contributor_email"}
        )

    def test_everything_typed_is_kept(self):
        response = self.post_invalid(
            title="Kept title", partners="First partner\r\nSecond partner", date="Spring 2019"
        )
        self.assertContains(response, 'value="Kept title"')
        # Its line breaks as the box shows them: one line feed each (see test_text_lengths.py).
        self.assertContains(response, "First partner\nSecond partner</textarea>")
        self.assertContains(response, 'value="Spring 2019"')
        self.assertContains(response, "Please correct the")


class DatabaseAwayTests(TestCase):
    """The database goes away as the form is sent (a restart, a failover): nothing is stored, and
    the form comes back with what was typed, to send again, rather than the bare 503 page."""

    def post_while_the_database_is_away(self, **fields):
        refused = OperationalError("connection to server at 127.0.0.1, port 5432 failed: Connection refused")
        with mock.patch.object(Submission, "save", side_effect=refused), self.assertLogs("contributions"):
            return self.client.post("/contribute/", form_data(**fields))

    def test_the_form_comes_back_with_what_was_typed_and_says_to_send_it_again(self):
        response = self.post_while_the_database_is_away(
            title="Typed during the outage", partners="First partner\r\nSecond partner"
        )
        self.assertEqual(response.status_code, 503)
        self.assertEqual(response["Retry-After"], "30")
        self.assertContains(response, "could not be stored", status_code=503)
        self.assertContains(response, 'value="Typed during the outage"', status_code=503)
        self.assertContains(response, "First partner\nSecond partner</textarea>", status_code=503)
        self.assertFalse(Submission.objects.exists())
        self.assertFalse(EmailDelivery.objects.exists())


@override_settings(CONTRIBUTION_RATE="1000/h")
class LimitTests(TestCase):
    """Huge or odd values get a message beside their field, and nothing is stored."""

    def post_invalid(self, **fields):
        response = self.client.post("/contribute/", form_data(**fields))
        self.assertEqual(response.status_code, 200)
        self.assertFalse(Submission.objects.exists())
        return response.context["form"].errors

    def test_the_number_of_participants_must_be_a_whole_number_that_fits(self):
        for number in ["2147483648", "-1", "12.5", "12.50", "1.5", "1.200,50", "99999999999999999999999"]:
            with self.subTest(number=number):
                self.assertIn("participant_number", self.post_invalid(participant_number=number))
        self.assertIn("whole number", self.post_invalid(participant_number="12.50")["participant_number"][0])
        self.client.post("/contribute/", form_data(participant_number="2,147,483,647"))
        self.assertEqual(Submission.objects.get().participant_count, 2_147_483_647)

    def test_digits_grouped_wrongly_are_refused_saying_how_to_group_them(self):
        for number in ["2 10 students", "21 000 0"]:
            with self.subTest(number=number):
                message = self.post_invalid(participant_number=number)["participant_number"][0]
                self.assertIn("after the first group, each group of digits holds three", message)

    def test_every_text_has_a_limit(self):
        for name, limit in [
            ("title", 300),
            ("summary", 10_000),
            ("outcomes", 10_000),
            ("partners", 5_000),
            ("sponsors", 5_000),
            ("participants", 5_000),
            ("location", 300),
            ("type_as_recorded", 200),
            ("participant_number", 300),
            ("note", 5_000),
            ("contributor_name", 200),
            ("date", 100),
        ]:
            with self.subTest(name=name):
                self.assertIn(name, self.post_invalid(**{name: "x" * (limit + 1)}))

    def test_a_megabyte_summary_is_refused(self):
        self.assertIn("summary", self.post_invalid(summary="word " * 200_000))

    def test_each_source_line_has_limits_and_the_message_names_the_line(self):
        long_citation = "c" * 501
        errors = self.post_invalid(sources=f"Fine https://example.org/a\r\n{long_citation}")
        self.assertIn("Source line 2: the citation is longer than 500 characters.", errors["sources"])
        long_url = "https://example.org/" + "a" * 1000
        errors = self.post_invalid(sources=f"A report {long_url}")
        self.assertIn("Source line 1: the web address is longer than 1000 characters.", errors["sources"])
