"""The timeline above a list of exchanges: how many there are per year, drawn as SVG on the server.

`build_timeline(rows, query)` turns a list's counts per year (ExchangeFilter.year_counts:
from the summary of counts, or from its first results) and the page's query
into what templates/exchanges/_timeline.html draws: one bar per year on an
axis without gaps, each bar a link that narrows the list to its year, labels
spaced so they never overlap on a phone, and a table of the same counts for
those who cannot see the chart.

The chart is as wide as the page: bars are placed in percentages of the width
and the text keeps its size, so a label's width in pixels is known and the
spacing of labels is chosen for the narrowest page (a 390 px phone), with
more labels shown on wider pages by a class the stylesheet reveals.
"""

import itertools
import math
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.utils.formats import number_format
from django.utils.translation import ngettext

from .filters import YearField

# Heights in pixels: the bars, and the band below them for the year labels.
PLOT_HEIGHT = 120
LABEL_BAND = 22
# The narrowest the chart is drawn (a 390 px phone less the page's and the figure's margins),
# and a width from which the stylesheet shows the extra labels.
NARROW_WIDTH = 320
WIDE_WIDTH = 680
# A four-digit year in the 12 px label font, with room on either side.
LABEL_WIDTH = 40
NICE_STEPS = (1, 2, 5, 10, 20, 25, 50, 100)
# Space on either side of a bar, as a share of its year's slot.
BAR_GAP = 0.15
# A year with exchanges keeps a visible bar, however small beside the largest.
MIN_BAR_HEIGHT = 2
# Up to this many years the chart is drawn this many pixels a year rather than across the page:
# one year drew a block the page's width, and three years blocks a third of it, read as blocks
# rather than a chart. Six years at 52 px fit the narrowest chart (NARROW_WIDTH); each slot has
# room for its year's label.
# The scale: at most this many round counts, each a line across the chart with its number.
MOST_TICKS = 4
# A count's baseline below its line, so that the 11 px number is centred on it; and its right end, left
# of the chart, in the room timeline.css keeps there.
TICK_LABEL_DROP = 4
TICK_LABEL_X = -3
FEW_YEARS = 6
FEW_YEARS_SLOT = 52


@dataclass
class Bar:
    year: int
    count: int
    x: float  # percent of the chart's width
    width: float  # percent
    y: float  # pixels from the top
    height: float  # pixels
    url: str
    current: bool
    # The count grouped as the list's counts are ("1,234"), formatted once for the label and the table.
    shown: str = ""
    # "2014: 1,234 exchanges", for the bar's tooltip and screen readers; written here, once a bar,
    # rather than by two {% blocktranslate %} a bar in the template (a third of a list's rendering).
    label: str = ""


@dataclass
class AxisLabel:
    year: int
    x: float  # percent of the chart's width, the label's centre
    wide_only: bool  # shown only on wide pages, where there is room


@dataclass
class Tick:
    """A round count on the chart's scale: a line across the bars at its height, and its number."""

    count: int
    y: float  # pixels from the top
    shown: str  # grouped as the list's counts are ("5,000")
    label_y: float = 0  # the number's baseline, beside its line


@dataclass
class Timeline:
    bars: list = field(default_factory=list)
    labels: list = field(default_factory=list)
    ticks: list = field(default_factory=list)
    first_year: int | None = None
    last_year: int | None = None
    highest: int = 0
    total: int = 0
    # The SVG's width: the page's, or for a few years (FEW_YEARS) their slots' in pixels.
    width: str = "100%"
    plot_height: int = PLOT_HEIGHT
    height: int = PLOT_HEIGHT + LABEL_BAND
    label_y: int = PLOT_HEIGHT + 16
    tick_label_x: int = TICK_LABEL_X

    @property
    def rows(self):
        """The years with exchanges, for the table: (year, count, url)."""
        return [bar for bar in self.bars if bar.count]

    @property
    def single_year(self):
        return self.first_year == self.last_year

    def __bool__(self):
        return bool(self.bars)


def label_step(years, width):
    """The smallest round number of years between labels that keeps labels apart at `width` pixels."""
    needed = years * LABEL_WIDTH / width
    return next((step for step in NICE_STEPS if step >= needed), math.ceil(needed / 100) * 100)


def count_ticks(highest):
    """At most MOST_TICKS round counts (1, 2 or 5 times a power of ten apart) up to `highest`, placed
    at the heights of bars of that many exchanges: the scale that says what a bar's height means."""
    step = next(
        each * 10**power
        for power in itertools.count()
        for each in (1, 2, 5)
        if highest // (each * 10**power) <= MOST_TICKS
    )
    return [
        Tick(
            count=count,
            y=round(PLOT_HEIGHT - PLOT_HEIGHT * count / highest, 2),
            shown=number_format(count, force_grouping=True),
            label_y=round(PLOT_HEIGHT - PLOT_HEIGHT * count / highest + TICK_LABEL_DROP, 2),
        )
        for count in range(step, highest + 1, step)
    ]


def build_timeline(rows, query):
    """What _timeline.html needs to draw `rows` ((year, count) pairs, in any order) for the page's `query`.

    Years between the first and the last with no exchange keep their place on
    the axis with no bar. Each bar's link is the current query with `year` set
    to its year and `page` dropped (the narrower list starts on its first page).
    """
    counts = {}
    for year, count in rows:
        counts[int(year)] = counts.get(int(year), 0) + int(count)
    if not counts:
        return Timeline()
    first, last = min(counts), max(counts)
    years = list(range(first, last + 1))
    highest = max(counts.values())
    slot = 100 / len(years)
    current = _years_shown(query.get("year", ""))
    bars = []
    for position, year in enumerate(years):
        count = counts.get(year, 0)
        shown = number_format(count, force_grouping=True)
        height = max(PLOT_HEIGHT * count / highest, MIN_BAR_HEIGHT) if count else 0
        bars.append(
            Bar(
                year=year,
                count=count,
                x=round((position + BAR_GAP) * slot, 4),
                width=round(slot * (1 - 2 * BAR_GAP), 4),
                y=round(PLOT_HEIGHT - height, 2),
                height=round(height, 2),
                url=_year_url(query, year),
                current=current[0] <= year <= current[1],
                shown=shown,
                label=ngettext("%(year)s: %(count)s exchange", "%(year)s: %(count)s exchanges", count)
                % {"year": year, "count": shown},
            )
        )
    narrow_step = label_step(len(years), NARROW_WIDTH)
    wide_step = label_step(len(years), WIDE_WIDTH)
    labels = [
        AxisLabel(year=year, x=round((position + 0.5) * slot, 4), wide_only=year % narrow_step != 0)
        for position, year in enumerate(years)
        if year % wide_step == 0 or (len(years) == 1)
    ]
    return Timeline(
        bars=bars,
        labels=labels,
        ticks=count_ticks(highest),
        first_year=first,
        last_year=last,
        highest=highest,
        total=sum(counts.values()),
        width=str(len(years) * FEW_YEARS_SLOT) if len(years) <= FEW_YEARS else "100%",
    )


def _years_shown(value):
    """The first and last year the list is narrowed to, read as the filter reads `year` (a year, a
    range, "1990s"), so that every bar of a range is marked and not only a single year's; (0, -1),
    marking none, for no year or one the filter refuses."""
    try:
        return YearField(required=False).clean(value) or (0, -1)
    except ValidationError:
        return (0, -1)


def _year_url(query, year):
    query = query.copy()
    query["year"] = str(year)
    query.pop("page", None)
    return f"?{query.urlencode()}"
