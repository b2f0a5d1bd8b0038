"""A source cited by its DOI, as journals print it ("doi:10.1017/S0305741019000390", "DOI:
10.1017/…", or the bare "10.1017/…"), is linked at https://doi.org/, in the contribution form and
the import, which read sources alike. It was kept as words, without a link."""

from django.test import SimpleTestCase, TestCase

from contributions.models import Submission
from exchanges.models import parse_source_line, parse_sources
from exchanges.rows import read_row
from tests.factories import form_data

DOI = "10.1017/S0305741019000390"
LINK = f"https://doi.org/{DOI}"
ARTICLE = "Li, “Sister cities and the state”, The China Quarterly 240 (2019)"


class DoiTests(SimpleTestCase):
    def test_a_doi_however_journals_print_it_is_linked_at_doi_org(self):
        for line, expected in [
            (DOI, ("", LINK)),
            (f"doi:{DOI}", ("", LINK)),
            (f"DOI: {DOI}", ("", LINK)),
            (f"doi {DOI}", ("", LINK)),
            (f"{ARTICLE}, doi:{DOI}.", (ARTICLE, LINK)),
            (f"{ARTICLE}. DOI: {DOI}", (f"{ARTICLE}.", LINK)),
            (f"{ARTICLE} ({DOI})", (ARTICLE, LINK)),
            (
                "doi:10.1002/(SICI)1097-4571(199806)49:8",
                ("", "https://doi.org/10.1002/(SICI)1097-4571(199806)49:8"),
            ),
        ]:
            with self.subTest(line=line):
                source = parse_source_line(line)
                self.assertEqual((source["citation"], source["url"]), expected)

    def test_a_doi_within_a_web_address_is_the_address_s_own(self):
        for line in [
            f"https://doi.org/{DOI}",
            "https://www.universitypressscholarship.com/view/10.5810/kentucky/9780813177700.001.0001",
            f"https://example.org/a?doi={DOI}",
        ]:
            with self.subTest(line=line):
                self.assertEqual(parse_source_line(line), {"citation": "", "url": line})

    def test_numbers_with_dots_and_slashes_that_are_no_doi_stay_text(self):
        for line in ["Vol. 10.2/3", "p. 10.12/13", "Report 10.1/2019", "x10.1017/S03", "doi:", "DOI pending"]:
            with self.subTest(line=line):
                self.assertEqual(parse_source_line(line), {"citation": line, "url": ""})

    def test_a_line_with_an_address_and_a_doi_is_a_source_for_each_in_an_import(self):
        self.assertEqual(
            parse_sources(f"https://example.org/a; {ARTICLE}, doi:{DOI}"),
            [{"citation": "", "url": "https://example.org/a"}, {"citation": ARTICLE, "url": LINK}],
        )


class DoiFormAndImportTests(TestCase):
    def test_a_contributor_s_doi_is_stored_as_its_link(self):
        response = self.client.post("/contribute/", form_data(sources=f"{ARTICLE}, doi:{DOI}"))
        self.assertRedirects(response, "/contribute/thanks/")
        self.assertEqual(Submission.objects.get().parsed_sources(), [{"citation": ARTICLE, "url": LINK}])

    def test_the_import_links_a_doi(self):
        row = read_row({"Title": "T", "Summary": "S", "Source URL": f"{ARTICLE}, doi:{DOI}"})
        self.assertEqual(row.errors, [])
        self.assertEqual(row.sources, [{"citation": ARTICLE, "url": LINK}])
