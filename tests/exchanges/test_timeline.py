"""exchanges.timeline and its template: exchanges per year, drawn on the server."""

import datetime
import re

from django.http import QueryDict
from django.template.loader import render_to_string
from django.test import SimpleTestCase, TestCase
from django.utils import translation

from exchanges.models import Exchange
from exchanges.timeline import (
    FEW_YEARS_SLOT,
    LABEL_WIDTH,
    NARROW_WIDTH,
    PLOT_HEIGHT,
    build_timeline,
    label_step,
)
from tests.factories import make_exchange


class BuildTimelineTests(SimpleTestCase):
    def test_bars_are_scaled_to_the_highest_year(self):
        timeline = build_timeline([(2010, 5), (2011, 10), (2012, 1)], QueryDict())
        heights = {bar.year: bar.height for bar in timeline.bars}
        self.assertEqual(heights[2011], PLOT_HEIGHT)
        self.assertEqual(heights[2010], PLOT_HEIGHT / 2)
        self.assertEqual(timeline.bars[1].y, 0)
        self.assertEqual((timeline.highest, timeline.total), (10, 16))

    def test_a_scale_of_round_counts_is_drawn_at_their_heights(self):
        # The bars had no scale: only the caption's "at most 16 in one year" said what a height meant.
        for highest, counts in [
            (16, [5, 10, 15]),
            (8, [2, 4, 6, 8]),
            (3, [1, 2, 3]),
            (1, [1]),
            (108, [50, 100]),
            (7, [2, 4, 6]),
        ]:
            with self.subTest(highest=highest):
                timeline = build_timeline([(2010, highest), (2011, 1)], QueryDict())
                self.assertEqual([tick.count for tick in timeline.ticks], counts)
                for tick in timeline.ticks:
                    self.assertEqual(tick.y, round(PLOT_HEIGHT - PLOT_HEIGHT * tick.count / highest, 2))
        ticks = build_timeline([(2010, 12_000)], QueryDict()).ticks
        self.assertEqual([tick.shown for tick in ticks], ["5,000", "10,000"])

    def test_a_small_year_keeps_a_visible_bar(self):
        timeline = build_timeline([(2000, 1), (2001, 1000)], QueryDict())
        self.assertGreaterEqual(timeline.bars[0].height, 2)

    def test_the_axis_has_every_year_from_first_to_last(self):
        timeline = build_timeline([(2014, 3), (1971, 1), (1990, 2)], QueryDict())
        self.assertEqual([bar.year for bar in timeline.bars], list(range(1971, 2015)))
        self.assertEqual(timeline.bars[1].count, 0)
        self.assertEqual(timeline.bars[1].height, 0)
        self.assertEqual([bar.year for bar in timeline.rows], [1971, 1990, 2014])

    def test_bars_share_the_width_without_overlapping(self):
        timeline = build_timeline([(2000 + year, 1) for year in range(20)], QueryDict())
        for left, right in zip(timeline.bars, timeline.bars[1:], strict=False):
            self.assertLess(left.x + left.width, right.x)
        last = timeline.bars[-1]
        self.assertLessEqual(last.x + last.width, 100)

    def test_each_bar_links_to_its_year_keeping_the_filters_and_dropping_the_page(self):
        query = QueryDict("q=students&type=education&type=cultural&page=3&year=2010-2014")
        timeline = build_timeline([(2011, 4), (2012, 2)], query)
        url = timeline.bars[0].url
        self.assertEqual(QueryDict(url[1:]).getlist("type"), ["education", "cultural"])
        self.assertEqual(QueryDict(url[1:])["q"], "students")
        self.assertEqual(QueryDict(url[1:])["year"], "2011")
        self.assertNotIn("page", QueryDict(url[1:]))
        self.assertEqual(query["page"], "3", "the page's own query is left alone")

    def test_the_year_being_shown_is_marked(self):
        timeline = build_timeline([(2011, 4), (2012, 2)], QueryDict("year=2012"))
        self.assertEqual([bar.current for bar in timeline.bars], [False, True])

    def test_every_year_of_a_range_being_shown_is_marked(self):
        # A range marked no bar, where a single year marked its own; the year is read as the filter reads it.
        rows = [(2009, 1), (2010, 4), (2012, 2), (2015, 3), (2016, 1)]
        for year in ["2010-2015", "2010–2015", "between 2010 and 2015"]:
            with self.subTest(year=year):
                timeline = build_timeline(rows, QueryDict(f"year={year}"))
                self.assertEqual([bar.year for bar in timeline.bars if bar.current], list(range(2010, 2016)))

    def test_a_year_the_filter_refuses_marks_no_bar(self):
        for year in ["2015-2010", "someday", "2010-05", ""]:
            with self.subTest(year=year):
                timeline = build_timeline([(2010, 4), (2015, 3)], QueryDict(f"year={year}"))
                self.assertFalse(any(bar.current for bar in timeline.bars))

    def test_rows_in_any_order_and_repeated_years_are_added_up(self):
        timeline = build_timeline([(2012, 2), (2011, 1), (2012, 3)], QueryDict())
        self.assertEqual([(bar.year, bar.count) for bar in timeline.bars], [(2011, 1), (2012, 5)])

    def test_no_rows_give_no_timeline(self):
        self.assertFalse(build_timeline([], QueryDict()))

    def test_one_year_gives_one_bar_and_its_label(self):
        timeline = build_timeline([(2023, 7)], QueryDict())
        self.assertEqual(len(timeline.bars), 1)
        self.assertEqual([label.year for label in timeline.labels], [2023])

    def test_labels_never_overlap_at_the_narrowest_width(self):
        for first, last in [
            (1971, 2024),
            (2000, 2009),
            (1949, 2025),
            (2019, 2024),
            (1900, 2025),
            (2010, 2011),
        ]:
            years = last - first + 1
            timeline = build_timeline([(first, 1), (last, 2)], QueryDict())
            narrow = [label for label in timeline.labels if not label.wide_only]
            self.assertTrue(narrow, (first, last))
            positions = [label.x / 100 * NARROW_WIDTH for label in narrow]
            for left, right in zip(positions, positions[1:], strict=False):
                self.assertGreaterEqual(right - left, LABEL_WIDTH - 0.01, (first, last))
            if years > 9:
                self.assertTrue(
                    any(label.wide_only for label in timeline.labels), "more labels on a wide page"
                )

    def test_labels_fall_on_round_years(self):
        timeline = build_timeline([(1971, 1), (2024, 1)], QueryDict())
        narrow = [label.year for label in timeline.labels if not label.wide_only]
        self.assertEqual(narrow, [1980, 1990, 2000, 2010, 2020])
        step = label_step(54, NARROW_WIDTH)
        self.assertTrue(all(year % step == 0 for year in narrow))

    def test_the_label_step_grows_with_the_span(self):
        self.assertEqual(label_step(5, NARROW_WIDTH), 1)
        self.assertEqual(label_step(54, NARROW_WIDTH), 10)
        self.assertEqual(label_step(2000, NARROW_WIDTH), 300)


class TimelineTemplateTests(SimpleTestCase):
    def render(self, rows, query=""):
        return render_to_string(
            "exchanges/_timeline.html", {"timeline": build_timeline(rows, QueryDict(query))}
        )

    def test_it_draws_one_linked_bar_per_year_with_exchanges(self):
        html = self.render([(2010, 3), (2012, 6)], "type=education&page=2")
        self.assertEqual(html.count('class="timeline-bar'), 2)
        self.assertIn('href="?type=education&amp;year=2010"', html)
        self.assertIn('aria-label="2012: 6 exchanges"', html)
        self.assertIn('aria-label="2010: 3 exchanges"', html)
        self.assertIn('height="120"', html)

    def test_its_scale_is_drawn_with_the_bars_and_hidden_from_screen_readers(self):
        # The table and the bars' names say the counts to a screen reader; the scale is for the eye.
        html = self.render([(2010, 16), (2012, 6)])
        lines = re.search(r'<g class="timeline-gridlines" aria-hidden="true">(.*?)</g>', html, re.S).group(1)
        self.assertEqual(
            re.findall(r'class="timeline-gridline"[^>]*y1="([\d.]+)"', lines), ["82.5", "45.0", "7.5"]
        )
        counts = re.search(r'<g class="timeline-counts" aria-hidden="true">(.*?)</g>', html, re.S).group(1)
        numbers = re.findall(
            r'<text class="timeline-count" x="-3" y="([\d.]+)" text-anchor="end">([\d,]+)</text>', counts
        )
        self.assertEqual(numbers, [("86.5", "5"), ("49.0", "10"), ("11.5", "15")])
        # The lines behind the bars; their numbers left of the chart, in the room timeline.css keeps.
        bar = html.index('class="timeline-bar')
        self.assertLess(html.index('class="timeline-gridlines"'), bar)
        self.assertGreater(html.index('class="timeline-counts"'), bar)

    def test_it_has_a_table_of_the_counts(self):
        html = self.render([(2010, 3), (2012, 1)])
        self.assertIn("<summary>Exchanges per year, as a table</summary>", html)
        rows = re.findall(
            r'<th scope="row"><a href="([^"]+)">(\d{4})</a></th><td class="text-end">(\d+)</td>', html
        )
        self.assertEqual(rows, [("?year=2010", "2010", "3"), ("?year=2012", "2012", "1")])
        self.assertIn("Exchanges per year, 2010–2012: 4 in all, at most 3 in one year.", html)

    def test_counts_are_grouped_as_the_list_counts_are_years_are_not(self):
        html = self.render([(2013, 999), (2014, 42677), (2015, 957324)])
        self.assertIn('aria-label="2014: 42,677 exchanges"', html)
        self.assertIn('<td class="text-end">957,324</td>', html)
        self.assertIn("Exchanges per year, 2013–2015: 1,001,000 in all, at most 957,324 in one year.", html)
        self.assertIn('aria-label="2013: 999 exchanges"', html)
        self.assertNotIn("2,01", html)

    def test_it_has_no_inline_style_or_script(self):
        html = self.render([(1971 + year, year % 7) for year in range(50)])
        self.assertNotIn("style=", html)
        self.assertNotIn("<script", html)
        self.assertNotIn("onclick", html)

    def test_numbers_are_not_localised_into_the_svg(self):
        html = self.render([(1999, 1234), (2000, 1)])
        self.assertNotIn("1,999", html)
        self.assertRegex(html, r'x="\d+(\.\d+)?%"')

    def test_coordinates_keep_their_decimal_point_in_a_language_with_a_decimal_comma(self):
        with translation.override("de"):
            html = self.render([(2001, 3), (2003, 1), (2008, 2)])
        self.assertRegex(html, r'x="\d+\.\d+%"')
        self.assertNotRegex(html, r'(x|y|width|height)="\d+,\d')

    def test_a_few_years_get_bars_of_a_bounded_width_and_a_chart_as_narrow(self):
        # A single year drew one block the width of the chart; a few years, blocks a sixth of it.
        for rows in ([(1972, 4)], [(1972, 4), (1973, 1)], [(1972, 4), (1974, 2)]):
            with self.subTest(years=len(rows)):
                html = self.render(rows)
                years = rows[-1][0] - rows[0][0] + 1
                width = int(re.search(r'<svg class="timeline-chart" width="(\d+)"', html).group(1))
                self.assertEqual(width, years * FEW_YEARS_SLOT)
                # Every year labelled under its bar.
                self.assertEqual(
                    re.findall(r'text-anchor="middle">(\d{4})</text>', html),
                    [str(year) for year in range(rows[0][0], rows[-1][0] + 1)],
                )
        self.assertIn('width="100%"', self.render([(1971 + year, 1) for year in range(20)]))

    def test_a_single_year_is_captioned_as_one_year(self):
        html = self.render([(1972, 4)])
        self.assertIn("Exchanges in 1972: 4 in all.", html)
        self.assertNotIn("1972–1972", html)

    def test_it_draws_nothing_without_exchanges(self):
        self.assertEqual(self.render([]).strip(), "")


class YearCountsTests(TestCase):
    """The years the list's timeline draws: from the summary under structured filters, from the
    first results under a search."""

    def years(self, **query):
        return self.client.get("/exchanges/", query).context["year_counts"]

    def test_it_counts_exchanges_per_year(self):
        for year, month in [(2010, 1), (2010, 12), (2012, 6), (1971, 4)]:
            make_exchange(title="Panda loan", date=datetime.date(year, month, 1), sources=0)
        for query in ({}, {"q": "panda"}):
            with self.subTest(**query):
                self.assertEqual(self.years(**query), [(1971, 1), (2010, 2), (2012, 1)])

    def test_it_counts_what_the_list_holds(self):
        make_exchange(title="Panda loan", date=datetime.date(2010, 1, 1), sources=0)
        make_exchange(
            title="Panda loan", date=datetime.date(2011, 1, 1), status=Exchange.Status.DRAFT, sources=0
        )
        make_exchange(
            title="Panda loan", date=datetime.date(2011, 1, 1), type=Exchange.Type.CULTURAL, sources=0
        )
        for query in ({}, {"q": "panda"}):
            with self.subTest(**query):
                self.assertEqual(self.years(type="diplomatic", **query), [(2010, 1)])
                self.assertEqual(self.years(type="sports", **query), [])


class TimelinePageTests(TestCase):
    def test_a_list_of_one_year_draws_a_narrow_chart_of_that_year(self):
        for day in (datetime.date(1972, 2, 21), datetime.date(1972, 4, 12)):
            make_exchange(title="Table tennis", date=day, sources=0)
        make_exchange(title="Table tennis", date=datetime.date(1979, 1, 1), sources=0)
        response = self.client.get("/exchanges/?date_after=1972&date_before=1972")
        self.assertContains(response, "Exchanges in 1972: 2 in all.")
        self.assertContains(response, f'<svg class="timeline-chart" width="{FEW_YEARS_SLOT}"')
