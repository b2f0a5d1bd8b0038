"""A source written as a bare web address, a host and a path without www. or a scheme
("history.state.gov/milestones/…"), is linked with https, as one written from www. is: in the
contribution form and the import, which read sources alike. Citation text with dots and slashes
("U.S. Dept. of State, 1972", "Vol. 2/3") stays text."""

from django.test import SimpleTestCase, TestCase

from contributions.models import Submission
from exchanges.models import parse_source_line, parse_sources
from exchanges.rows import read_row
from tests.factories import form_data

HISTORIAN = "history.state.gov/milestones/1969-1976/rapprochement-china"


class BareAddressTests(SimpleTestCase):
    def test_a_bare_host_and_path_is_linked_with_https(self):
        for line, expected in [
            (HISTORIAN, ("", f"https://{HISTORIAN}")),
            ("state.gov/r/pa/ei/bgn/18902.htm", ("", "https://state.gov/r/pa/ei/bgn/18902.htm")),
            (
                f"Office of the Historian, {HISTORIAN}.",
                ("Office of the Historian", f"https://{HISTORIAN}"),
            ),
            (f"Office of the Historian ({HISTORIAN})", ("Office of the Historian", f"https://{HISTORIAN}")),
            ("fmprc.gov.cn/mfa_eng/ziliao_665539/", ("", "https://fmprc.gov.cn/mfa_eng/ziliao_665539/")),
            ("News.CN/world/2019-03/05/c_1.htm", ("", "https://News.CN/world/2019-03/05/c_1.htm")),
        ]:
            with self.subTest(line=line):
                source = parse_source_line(line)
                self.assertEqual((source["citation"], source["url"]), expected)

    def test_citation_text_with_dots_and_slashes_stays_text(self):
        for line in [
            "U.S. Dept. of State, 1972",
            "Vol. 2/3",
            "p. 4/5",
            "FRUS 1969-1976, Vol. XVII, Doc. 203/204",
            "U.S./China relations, 1972",
            "state.gov",  # a host alone: no path says it is an address rather than a name
            "someone@state.gov/x",
            "report.pdf/2",
            "Nixon.Mao/1972",
        ]:
            with self.subTest(line=line):
                self.assertEqual(parse_source_line(line), {"citation": line, "url": ""})

    def test_a_line_with_a_bare_address_after_another_is_a_source_for_each(self):
        self.assertEqual(
            parse_sources(f"https://example.org/a; Office of the Historian {HISTORIAN}"),
            [
                {"citation": "", "url": "https://example.org/a"},
                {"citation": "Office of the Historian", "url": f"https://{HISTORIAN}"},
            ],
        )

    def test_the_import_links_a_bare_address(self):
        row = read_row({"Title": "T", "Summary": "S", "Source URL": f"Office of the Historian, {HISTORIAN}"})
        self.assertEqual(row.errors, [])
        self.assertEqual(
            row.sources, [{"citation": "Office of the Historian", "url": f"https://{HISTORIAN}"}]
        )

    def test_a_spreadsheets_apostrophe_before_a_bare_address_is_no_part_of_the_source(self):
        row = read_row({"Title": "T", "Summary": "S", "Source URL": f"'{HISTORIAN}"})
        self.assertEqual(row.sources, [{"citation": "", "url": f"https://{HISTORIAN}"}])


class BareAddressFormTests(TestCase):
    def test_the_contribution_form_links_a_bare_address(self):
        response = self.client.post("/contribute/", form_data(sources=f"Office of the Historian {HISTORIAN}"))
        self.assertEqual(response.status_code, 302)
        self.assertEqual(
            Submission.objects.get().parsed_sources(),
            [{"citation": "Office of the Historian", "url": f"https://{HISTORIAN}"}],
        )
