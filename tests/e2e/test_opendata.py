"""Open data in the browser: the download and follow links, the Cite box, /data/ and the API docs.

The page fixture fails a test on any console error, so these also prove that the
Content-Security-Policy lets the JSON-LD and the offline API docs through.
"""

import pytest
from playwright.sync_api import expect

from opendata.releases import make_release

from .conftest import PRESIDENTS_CALL_URL
from .helpers import WIDTHS, axe_violations, set_width, sideways_overflow

PAGES = {
    "opendata-results": "/exchanges/?type=education&date_after=2014",
    "opendata-detail-cite": PRESIDENTS_CALL_URL,
    "opendata-data": "/data/",
}


@pytest.fixture
def releases(settings, tmp_path, catalogue):
    settings.RELEASES_DIR = tmp_path
    make_release(tmp_path)
    make_release(tmp_path)


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("name", PAGES)
def test_open_data_pages_pass_axe_and_fit_the_screen(page, releases, screenshot, name, width):
    set_width(page, width)
    assert page.goto(PAGES[name]).ok
    screenshot(page, name)
    assert axe_violations(page) == []
    assert sideways_overflow(page) == 0


@pytest.mark.parametrize("width", WIDTHS)
def test_the_api_docs_work_offline_under_the_sites_policy(page, catalogue, screenshot, width):
    set_width(page, width)
    requested = []
    page.on("request", lambda request: requested.append(request.url))
    assert page.goto("/api/v1/docs/").ok
    expect(page.get_by_text("U.S.-China Exchange Database API").first).to_be_visible()
    expect(page.get_by_text("/api/v1/exchanges/{slug}/").first).to_be_visible()
    screenshot(page, "opendata-api-docs")
    origin = page.url.split("/api/")[0]
    assert [url for url in requested if not url.startswith(origin)] == []


def test_a_reader_downloads_and_follows_the_search_on_screen(page, catalogue):
    page.goto("/exchanges/?q=students&type=education&date_after=2010")
    with page.expect_download() as download:
        page.get_by_role("link", name="CSV").click()
    assert download.value.suggested_filename == "exchanges.csv"
    expect(page.get_by_role("link", name="JSON")).to_have_attribute(
        "href", "/exchanges.json?q=students&type=education&date_after=2010"
    )
    expect(page.get_by_role("link", name="Follow this search")).to_have_attribute(
        "href", "/exchanges/feed/?q=students&type=education&date_after=2010"
    )


def test_the_cite_box_offers_ready_citations_and_files(page, catalogue):
    page.goto(PRESIDENTS_CALL_URL)
    box = page.get_by_role("region", name="Cite this exchange")
    expect(box).to_contain_text("Presidents Xi and Biden talk by phone. (")
    expect(box).to_contain_text("In U.S.-China Exchange Database.")
    for name in ["BibTeX", "RIS", "CSL-JSON"]:
        expect(box.get_by_role("link", name=name)).to_be_visible()
