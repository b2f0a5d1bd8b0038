"""Paging through the catalogue (exchanges/paging.py): cursor links, numbered pages, the last page."""

import datetime
import re
from html import unescape

import pytest
from django.test import RequestFactory
from django.urls import reverse

from exchanges.filters import ExchangeFilter
from exchanges.models import Exchange
from exchanges.paging import paginate
from exchanges.templatetags.listing import list_rows
from tests.factories import make_exchange

D = datetime.date
PER_PAGE = 3
# Eleven exchanges: three full pages and a last page of two. Dates repeat, so that the id breaks ties.
DATES = [D(2020, 1, 1 + day // 2) for day in range(11)]


@pytest.fixture(autouse=True)
def _small_pages(settings):
    settings.EXCHANGES_PER_PAGE = PER_PAGE


@pytest.fixture
def catalogue(db):
    return [
        make_exchange(title=f"Exchange {letter}", date=date, sources=0, type="education" if n % 2 else "")
        for n, (letter, date) in enumerate(zip("KJIHGFEDCBA", DATES, strict=True))
    ]


def titles(response):
    return [exchange.title for exchange in response.context["page"].object_list]


def link(response, rel):
    """The href of the page bar's link with rel="next" or "prev", or None."""
    match = re.search(rf'href="([^"]*)" rel="{rel}"', response.content.decode())
    return unescape(match.group(1)) if match else None


def labelled(response, label):
    match = re.search(rf'class="page-link" href="([^"]*)" aria-label="{label}"', response.content.decode())
    return unescape(match.group(1)) if match else None


def in_order(query=""):
    """The titles in the order the list sorts them, read without paging."""
    filterset = ExchangeFilter(
        RequestFactory().get("/exchanges/" + query).GET, queryset=Exchange.objects.published()
    )
    return [exchange.title for exchange in filterset.qs]


def walk(client, url, rel):
    """Every page's titles, following the page bar's `rel` links from `url`."""
    pages = []
    while url is not None:
        response = client.get("/exchanges/" + url)
        assert response.status_code == 200
        assert response.context["page_error"] is None
        pages.append(titles(response))
        url = link(response, rel)
    return pages


@pytest.mark.parametrize(
    "sort", ["", "?sort=-date", "?sort=date", "?sort=title", "?q=exchange", "?q=exchange&sort=title"]
)
def test_next_links_walk_the_whole_list_once_in_order(client, catalogue, sort):
    pages = walk(client, sort, "next")
    assert [len(page) for page in pages] == [3, 3, 3, 2]
    assert [title for page in pages for title in page] == in_order(sort)


@pytest.mark.parametrize("sort", ["", "?sort=date", "?sort=title", "?q=exchange&sort=date"])
def test_previous_links_walk_back_from_the_last_page(client, catalogue, sort):
    last = client.get("/exchanges/" + sort)
    pages = walk(client, labelled(last, "(Oldest|Newest|Last)"), "prev")
    assert [len(page) for page in pages] == [2, 3, 3, 3]
    assert [title for page in reversed(pages) for title in page] == in_order(sort)


def test_next_and_previous_carry_the_sort_key_of_the_rows_at_the_edges(client, catalogue):
    second = client.get("/exchanges/?page=2")
    rows = second.context["page"].object_list
    assert link(second, "next") == f"?page=3~after~{rows[-1].date.isoformat()}~{rows[-1].pk}"
    third = client.get("/exchanges/" + link(second, "next"))
    assert link(
        third, "prev"
    ) == f"?page=2~before~{third.context['page'].object_list[0].date.isoformat()}~" + str(
        third.context["page"].object_list[0].pk
    )
    assert third.context["page"].number == 3
    # The neighbours' numbers link where Previous and Next do: as cheap at any depth.
    numbered = dict(third.context["page"].numbered_links)
    assert numbered == {
        1: None,
        2: third.context["page"].previous_page,
        3: "3",
        4: third.context["page"].next_page,
    }
    assert "Page 3 of 4 · exchanges 7–9" in third.content.decode()


def test_a_cursor_link_keeps_its_rows_when_exchanges_are_published(client, catalogue):
    first = client.get("/exchanges/")
    following = link(first, "next")
    before = titles(client.get("/exchanges/" + following))
    numbered_before = titles(client.get("/exchanges/?page=2"))
    make_exchange(title="Newer still", date=D(2024, 1, 1), sources=0)
    make_exchange(title="Newer again", date=D(2024, 2, 1), sources=0)
    assert titles(client.get("/exchanges/" + following)) == before
    # A numbered page is counted from the first row: it moves.
    assert titles(client.get("/exchanges/?page=2")) != numbered_before


def test_a_title_with_the_separator_in_it_makes_a_working_cursor(client, catalogue):
    make_exchange(title="Exchange C~2", date=D(2021, 1, 1), sources=0)
    pages = walk(client, "?sort=title", "next")
    assert [title for page in pages for title in page] == in_order("?sort=title")
    assert "Exchange C~2" in in_order("?sort=title")


@pytest.mark.parametrize("sort", ["", "&sort=date", "&sort=title"])
def test_every_numbered_page_shows_the_rows_offset_paging_would(client, catalogue, sort):
    expected = in_order("?" + sort.lstrip("&"))
    for number in range(1, 5):
        response = client.get(f"/exchanges/?page={number}{sort}")
        assert titles(response) == expected[(number - 1) * PER_PAGE : number * PER_PAGE]
        assert response.context["page"].number == number


def test_the_last_page_holds_what_is_left_after_the_full_pages(client, catalogue):
    response = client.get("/exchanges/?page=last")
    assert titles(response) == in_order()[-2:]
    assert response.context["page"].number == 4
    assert response.context["page"].has_next is False
    assert "Page 4 of 4 · exchanges 10–11" in response.content.decode()
    first = client.get("/exchanges/")
    assert labelled(first, "Oldest") == "?page=last"
    numbered = dict(first.context["page"].numbered_links)
    assert numbered == {1: None, 2: first.context["page"].next_page, 3: "3", 4: "last"}
    assert 'href="?page=3">3</a>' in first.content.decode()


def test_links_keep_the_filters_and_the_sort(client, catalogue):
    response = client.get("/exchanges/?type=education&sort=title")
    assert titles(response) == in_order("?type=education&sort=title")[:3]
    following = link(response, "next")
    assert following.startswith("?type=education&sort=title&page=2~after~exchange+")
    assert labelled(response, "Last") == "?type=education&sort=title&page=last"
    pages = walk(client, "?type=education&sort=title", "next")
    assert [title for page in pages for title in page] == in_order("?type=education&sort=title")


def test_changing_the_sort_or_a_filter_starts_again_at_the_first_page(client, catalogue):
    response = client.get("/exchanges/" + link(client.get("/exchanges/?type=education"), "next"))
    content = response.content.decode()
    # The cursor lives in the page parameter, which every link that changes the list drops.
    assert 'href="?type=education&amp;sort=title"' in content
    changing = [
        href for href in re.findall(r'href="(\?[^"]*)"', content) if "sort=" in href or "year=" in href
    ]
    assert changing
    assert not [href for href in changing if "page=" in href]


def test_relevance_is_paged_by_number(client, db):
    for number in range(7):
        make_exchange(title=f"Panda exchange {number}", summary="Pandas " * (number + 1), sources=0)
    response = client.get("/exchanges/?q=panda&sort=relevance")
    assert link(response, "next") == "?q=panda&sort=relevance&page=2"
    assert (
        titles(client.get("/exchanges/?q=panda&sort=relevance&page=3"))
        == in_order("?q=panda&sort=relevance")[6:]
    )
    # A cursor means nothing in an order by rank.
    bad = client.get("/exchanges/?q=panda&sort=relevance&page=2~after~2020-01-01~1")
    assert bad.context["page_error"] is not None
    assert bad.context["page"].number == 1


@pytest.mark.parametrize(
    "value",
    [
        "2~after~not-a-date~5",
        "2~after~2020-01-01~five",
        "2~after~2020-13-45~5",
        "2~sideways~2020-01-01~5",
        "2~after~",
        "2~after~2020-01-01",
        "~~~",
        "x~before~2020-01-01~1~2",
        "-1",
        "0",
        "3.5",
        "last~after~2020-01-01~1",
    ],
)
def test_a_cursor_that_cannot_be_read_shows_the_first_page_with_a_message(client, catalogue, value):
    response = client.get("/exchanges/", {"page": value})
    assert response.status_code == 200
    assert response.context["page"].number == 1
    assert titles(response) == in_order()[:3]
    assert response.context["page_error"]
    assert "could not be used and was ignored" in response.content.decode()


def test_a_page_past_the_end_shows_the_last_page(client, catalogue):
    response = client.get("/exchanges/?page=99")
    assert response.context["page"].number == 4
    assert "There is no page 99; showing the last page, 4." in response.content.decode()


def test_a_page_number_too_large_for_the_database_is_past_the_end(catalogue):
    page, error = page_for("/exchanges/?page=" + "9" * 30, count=6, more=True)
    assert page.from_end == 1
    assert "There is no page" in error
    page, error = page_for("/exchanges/?page=2~after~2020-01-01~" + "9" * 30)
    assert error is None
    assert [each.title for each in page.object_list] == in_order()[-2:][:PER_PAGE]


def test_a_cursor_past_the_end_shows_the_last_page(client, catalogue):
    response = client.get("/exchanges/?page=9~after~1900-01-01~1")
    assert titles(response) == in_order()[-2:]
    assert "Nothing follows that page any more" in response.content.decode()
    response = client.get("/exchanges/?page=2~before~2999-01-01~1")
    assert titles(response) == in_order()[:3]
    assert "Nothing comes before that page any more" in response.content.decode()


def page_for(url, **kwargs):
    request = RequestFactory().get(url)
    filterset = ExchangeFilter(request.GET, queryset=Exchange.objects.published().for_list())
    return paginate(request, filterset.qs, **kwargs)


def test_a_capped_total_draws_no_last_number_but_next_and_last_work(client, catalogue):
    page, error = page_for("/exchanges/?page=2", count=6, more=True)
    assert error is None
    assert page.num_pages is None
    assert page.page_range == [1, 2, 3]
    assert [number for number, _value in page.numbered_links] == [1, 2, 3]
    assert dict(page.numbered_links)[3] == page.next_page
    assert page.next_page.startswith("3~after~")
    assert page.last_page == "last"
    last, _error = page_for("/exchanges/?page=last", count=6, more=True)
    # Counted from the end: the last PER_PAGE rows, and cursors numbered from the end.
    assert [each.title for each in last.object_list] == in_order()[-3:]
    assert last.number == -1
    assert last.from_end == 1
    assert last.previous_page.startswith("-2~before~")
    before_last, _error = page_for("/exchanges/?page=" + last.previous_page, count=6, more=True)
    assert [each.title for each in before_last.object_list] == in_order()[-6:-3]
    assert before_last.from_end == 2


def test_the_page_bar_of_a_capped_total(client, catalogue, monkeypatch):
    from exchanges import views

    monkeypatch.setattr(
        views, "paginate", lambda request, queryset, **_given: paginate(request, queryset, count=9, more=True)
    )
    content = client.get("/exchanges/?page=2").content.decode()
    assert "Page 2 · exchanges 4–6" in content
    assert "of 3" not in content
    assert re.search(r'href="\?page=last" aria-label="Oldest"', content)
    assert re.search(r'rel="next"', content)


def test_the_page_of_rows_keeps_only_the_list_columns(catalogue):
    page, _error = page_for("/exchanges/?page=3")
    assert "summary" in page.object_list[0].get_deferred_fields()
    page, _error = page_for("/exchanges/?page=2~after~2020-01-02~1")
    assert "summary" in page.object_list[0].get_deferred_fields()


class TestQueries:
    """The rows of a page, whatever its depth, in one query; two for a numbered page past the first
    (the ids from the index, then those rows). The total is given, as the list gives it."""

    @pytest.mark.parametrize(
        ("url", "queries"),
        [
            ("/exchanges/", 1),
            ("/exchanges/?page=2", 2),
            ("/exchanges/?page=4", 1),
            ("/exchanges/?page=last", 1),
            ("/exchanges/?page=3~after~2020-01-02~1", 1),
            ("/exchanges/?page=3~before~2020-01-04~1", 1),
            ("/exchanges/?sort=title&page=2", 2),
        ],
    )
    def test_rows_of_a_page(self, catalogue, django_assert_num_queries, url, queries):
        with django_assert_num_queries(queries):
            page, _error = page_for(url, count=len(catalogue))
            assert page.object_list

    def test_the_whole_list_page_takes_as_many_queries_deep_as_on_the_first_page(
        self, client, catalogue, django_assert_num_queries
    ):
        from exchanges.search import synonyms

        synonyms()
        with django_assert_num_queries(7):
            first = client.get("/exchanges/")
        with django_assert_num_queries(7):
            client.get("/exchanges/" + link(first, "next"))
        with django_assert_num_queries(7):
            client.get("/exchanges/?page=last")
        # A numbered page past the first reads its ids, then its rows.
        with django_assert_num_queries(8):
            client.get("/exchanges/?page=2")


def test_rows_are_prepared_as_the_model_describes_them(db):
    exchange = make_exchange(
        title="Pact",
        type="",
        type_as_recorded="Aviation",
        levels=["national", "state"],
        location="Beijing",
        continuing=True,
        date=D(2013, 6, 1),
        date_precision="month",
    )
    exchange.slug = "北京-pact"
    exchange.save()
    [row] = list_rows([exchange])
    assert row["url"] == exchange.get_absolute_url() == reverse("exchanges:detail", args=["北京-pact"])
    assert row["type_label"] == exchange.type_display == "Aviation"
    assert row["government"] == f"Government: {exchange.get_levels_display()}"
    assert row["date"] == exchange.display_date == "June 2013"
    # The month the record knows, not the first day that stands for it in the database.
    assert row["date_iso"] == "2013-06"
    assert row["continuing"] is True
    [row] = list_rows([make_exchange(government=False, type="education")])
    assert (row["government"], row["type_label"], row["type"]) == ("Non-government", "Education", "education")
    [row] = list_rows([make_exchange(government=None, type="", levels=[])])
    assert (row["government"], row["type_label"]) == ("", "")
