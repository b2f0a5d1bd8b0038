"""Sources pasted as people keep them: a list from a word processor, a reference list with its
numbers, an address shortened as a page shows it."""

from django.test import SimpleTestCase, TestCase

from contributions.forms import ContributionForm
from contributions.models import Submission
from exchanges.models import parse_source_line, parse_sources
from exchanges.rows import read_row
from tests.factories import form_data

ADDRESS = "https://www.fmprc.gov.cn/mfa_eng/wjdt_665385/2649_665393/201509/t20150926_679.html"


class ListMarkerTests(SimpleTestCase):
    def test_the_bullet_or_number_a_list_gives_each_line_is_no_part_of_its_citation(self):
        # A word processor's list copies as "•<tab>…" or "1.<tab>…"; a reference list as "[1] …". The
        # exchange's page numbers its sources itself, and showed "1. 1. Xinhua…" or "• Xinhua…".
        for line in [
            f"•\tXinhua, September 26, 2015 {ADDRESS}",
            f"· Xinhua, September 26, 2015 {ADDRESS}",
            f"o\tXinhua, September 26, 2015 {ADDRESS}",
            f"1.\tXinhua, September 26, 2015 {ADDRESS}",
            f"12. Xinhua, September 26, 2015 {ADDRESS}",
            f"3) Xinhua, September 26, 2015 {ADDRESS}",
            f"(3) Xinhua, September 26, 2015 {ADDRESS}",
            f"[3] Xinhua, September 26, 2015 {ADDRESS}",
            f"* Xinhua, September 26, 2015 {ADDRESS}",
            f"- Xinhua, September 26, 2015 {ADDRESS}",
        ]:
            with self.subTest(line=line):
                self.assertEqual(
                    parse_source_line(line), {"citation": "Xinhua, September 26, 2015", "url": ADDRESS}
                )
        self.assertEqual(
            parse_source_line("[1] Interview with Li Hua, 2019")["citation"], "Interview with Li Hua, 2019"
        )
        self.assertEqual(parse_source_line(f"2.\t{ADDRESS}"), {"citation": "", "url": ADDRESS})

    def test_citations_that_begin_with_a_number_or_a_letter_keep_it(self):
        for line in [
            "1972 Shanghai Communiqué",
            "O Globo, March 2019",
            "10.5 million visitors, Xinhua",
            "1.200 students, Le Monde",
            "A. Smith, interview, 2019",
        ]:
            with self.subTest(line=line):
                self.assertEqual(parse_source_line(line), {"citation": line, "url": ""})

    def test_the_import_reads_a_numbered_line_as_the_form_does(self):
        self.assertEqual(parse_sources(f"1. Xinhua {ADDRESS}"), [{"citation": "Xinhua", "url": ADDRESS}])


class ShortenedAddressTests(TestCase):
    def test_an_address_shortened_with_an_ellipsis_is_refused_naming_its_line(self):
        # As a page shows a long address ("https://obamawhitehouse.archives.gov/…"), and as the
        # box's own example wrote it: kept, it was published as a link that leads nowhere.
        for sources in [
            "White House statement, September 25, 2015 https://obamawhitehouse.archives.gov/…",
            "Xinhua https://www.fmprc.gov.cn/mfa_eng/…/t20150926_679.html",
        ]:
            with self.subTest(sources=sources):
                response = self.client.post("/contribute/", form_data(sources=f"Interview, 2019\n{sources}"))
                self.assertEqual(
                    response.context["form"].errors["sources"],
                    [
                        "Source line 2: the web address is shortened (“…”), as a page shows a long one: "
                        "copy the whole address from your browser’s address bar."
                    ],
                )
        self.assertFalse(Submission.objects.exists())

    def test_the_import_refuses_a_shortened_address_too(self):
        row = read_row({"Title": "T", "Summary": "S", "Source URL": "https://obamawhitehouse.archives.gov/…"})
        self.assertEqual(
            row.errors,
            [
                "Source URL: Source line 1: the web address is shortened (“…”), as a page shows a long "
                "one: copy the whole address from your browser’s address bar."
            ],
        )

    def test_the_example_beside_the_sources_box_is_taken_as_written(self):
        # A contributor may copy its pattern, address and all: it showed a shortened address.
        help_text = str(ContributionForm().fields["sources"].help_text)
        example = help_text[help_text.index("“") + 1 : help_text.rindex("”")]
        self.assertRedirects(
            self.client.post("/contribute/", form_data(sources=example)), "/contribute/thanks/"
        )
        self.assertTrue(Submission.objects.get().parsed_sources()[0]["url"])
