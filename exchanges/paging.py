"""Pages of the catalogue that cost the same at any depth, with links that keep showing the same rows.

Where a reader is in a list is said by the one `page` parameter, so that every link that starts a
list again (a filter added or removed, another sort, a year of the timeline) drops it:

- `page=7`: the seventh page, counted from the first row. Deep numbers are read through a
  deferred join: the page's ids are picked from the index alone, then those rows are fetched.
  Numbers in the second half of an exactly counted list are counted from its end instead.
- `page=401~after~2019-04-01~81234`: the page that follows the exchange sorted at
  (2019-04-01, id 81234), numbered 401. Previous and Next carry such a cursor, the sort key of
  the row at the page's edge; the database starts reading at that key, so the link costs what the
  first page costs and keeps showing the same rows when exchanges are published before it.
  `before` reads backwards from the key. The number is only the page's label; the key decides
  the rows. A page counted from the end of a list whose total is capped has a negative number.
- `page=last`: the last page (the list read in reverse).

Cursors need an order on columns of the model that ends with the id (the date and title sorts);
any other order (relevance) is paged by number. A cursor that cannot be read, or that belongs to
another order, shows the first page with a message.
"""

import math
import re
from dataclasses import dataclass, field

from django.conf import settings
from django.core.exceptions import FieldDoesNotExist, ValidationError
from django.db.models import Q
from django.utils.translation import gettext as _

SEPARATOR = "~"
# No list has more pages than this; a larger number is past the end (and would overflow OFFSET).
MAX_PAGE = 10**9
AFTER, BEFORE, LAST = "after", "before", "last"


@dataclass
class Position:
    """Where a page starts: a number (from the end when negative), a cursor, or the last page."""

    number: int | None = 1
    direction: str | None = None
    key: tuple = ()


@dataclass
class ListPage:
    """One page of a list and the values of the `page` parameter of the links around it
    (None: the first page, without the parameter)."""

    object_list: list
    number: int | None
    count: int
    more: bool
    per_page: int
    has_next: bool
    has_previous: bool
    next_page: str | None = None
    previous_page: str | None = None
    last_page: str | None = None
    page_range: list = field(default_factory=list)
    # (number, `page` value) for each number of page_range; (None, None) for a gap.
    numbered_links: list = field(default_factory=list)

    @property
    def paginator(self):
        # Templates written for Django's Page read the total as page.paginator.count.
        return self

    @property
    def num_pages(self):
        """The number of pages, when the total is known."""
        return None if self.more else max(1, math.ceil(self.count / self.per_page))

    @property
    def has_other_pages(self):
        return self.has_next or self.has_previous

    @property
    def from_end(self):
        """The page's place counted from the end (1 for the last page), when it is numbered so."""
        return -self.number if self.number is not None and self.number < 0 else None

    @property
    def start_index(self):
        if not self.number or self.number < 0 or not self.object_list:
            return None
        return (self.number - 1) * self.per_page + 1

    @property
    def end_index(self):
        start = self.start_index
        return None if start is None else start + len(self.object_list) - 1


def sort_keys(queryset):
    """[(model field, descending)] for the queryset's order when a cursor can follow it: model
    columns that are never null, the last one the primary key (so that each row's key is unique).
    None for any other order."""
    meta = queryset.model._meta
    keys = []
    for name in queryset.query.order_by:
        if not isinstance(name, str):
            return None
        descending = name.startswith("-")
        name = name.lstrip("-")
        try:
            model_field = meta.pk if name == "pk" else meta.get_field(name)
        except FieldDoesNotExist:
            return None
        if not model_field.concrete or model_field.null or model_field.is_relation:
            return None
        keys.append((model_field, descending))
    if not keys or keys[-1][0] is not meta.pk:
        return None
    return keys


def read_position(value, keys):
    """The Position a `page` value asks for; raises ValueError when it cannot be read."""
    value = (value or "").strip()
    if not value:
        return Position()
    if value == LAST:
        return Position(None, LAST)
    if SEPARATOR not in value:
        number = int(value)
        if number < 1:
            raise ValueError(value)
        return Position(number)
    if keys is None:
        raise ValueError(value)
    number, direction, rest = (value.split(SEPARATOR, 2) + ["", ""])[:3]
    if direction not in (AFTER, BEFORE) or not rest or "\x00" in rest:
        raise ValueError(value)
    # Only the first key may hold the separator (a title): the others are split off from the right.
    parts = rest.rsplit(SEPARATOR, len(keys) - 1)
    if len(parts) != len(keys):
        raise ValueError(value)
    try:
        key = tuple(
            model_field.to_python(part) for (model_field, _descending), part in zip(keys, parts, strict=True)
        )
    except ValidationError:
        raise ValueError(value) from None
    if number and not re.fullmatch(r"-?[1-9][0-9]{0,8}", number):
        raise ValueError(value)
    return Position(int(number) if number else None, direction, key)


def write_cursor(number, direction, row, keys):
    """The `page` value of the page before or after `row`."""
    values = []
    for model_field, _descending in keys:
        value = getattr(row, model_field.attname)
        values.append(value.isoformat() if hasattr(value, "isoformat") else str(value))
    label = "" if number is None else str(number)
    return SEPARATOR.join([label, direction, *values])


def beyond(keys, key, reverse=False):
    """The rows that come after `key` in the order of `keys` (before it, `reverse`).

    Written as `first >= k1 AND (first > k1 OR (first = k1 AND ...))` so that the database starts
    an index scan at the key rather than filtering from the start."""
    names = [model_field.attname for model_field, _descending in keys]
    later = Q()
    for index in reversed(range(len(keys))):
        name, descending = names[index], keys[index][1]
        lookup = "lt" if descending != reverse else "gt"
        step = Q(**{f"{name}__{lookup}": key[index]})
        later = step if index == len(keys) - 1 else step | (Q(**{name: key[index]}) & later)
    first, descending = names[0], keys[0][1]
    return Q(**{f"{first}__{'lte' if descending != reverse else 'gte'}": key[0]}) & later


def reversed_order(keys):
    return [("" if descending else "-") + model_field.attname for model_field, descending in keys]


def page_numbers(number, last, known=None, on_each_side=2, on_ends=1):
    """The numbers to link around `number` (None for a gap). Without `last` (the total is not known)
    the list stops at the last page `known` to exist, and has no last number."""
    if last is None:
        last_shown = max(number, min(number + on_each_side, known or number))
        wanted = set(range(1, on_ends + 1)) | set(range(number - on_each_side, last_shown + 1))
    else:
        wanted = (
            set(range(1, on_ends + 1))
            | set(range(number - on_each_side, number + on_each_side + 1))
            | set(range(last - on_ends + 1, last + 1))
        )
        last_shown = last
    numbers, previous = [], 0
    for each in sorted(n for n in wanted if 1 <= n <= last_shown):
        if each > previous + 1:
            # A gap of one page is shown as its number rather than an ellipsis.
            numbers.extend([previous + 1] if each == previous + 2 else [None])
        numbers.append(each)
        previous = each
    return numbers


def paginate(request, queryset, count=None, more=False, per_page=None):
    """The page the request asks for, as (ListPage, message or None).

    `count` is the list's total when the caller knows it (None: it is counted here); `more` says the
    real total is larger than `count` (counting stopped at a cap), so the last page has no number."""
    per_page = per_page or settings.EXCHANGES_PER_PAGE
    if count is None:
        count, more = queryset.count(), False
    elif not count and not more:
        # A list the caller counted empty is not read: an empty set's ordered read walks an index
        # to its end (1.2 s among a million exchanges for filters that nothing matches).
        queryset = queryset.none()
    keys = sort_keys(queryset)
    pager = Pager(queryset, keys, count, more, per_page)
    asked = request.GET.get("page", "")
    try:
        position = read_position(asked, keys)
    except ValueError:
        message = _("“%(page)s” is not a page number; showing the first page.")
        if SEPARATOR in asked:
            message = _("“%(page)s” is not a page of this list; showing the first page.")
        return pager.numbered(1), message % {"page": asked}
    if position.direction in (AFTER, BEFORE):
        page = pager.cursor(position)
        if page is not None:
            return page, None
        if position.direction == AFTER:
            return pager.last(), _("Nothing follows that page any more; showing the last page.")
        return pager.numbered(1), _("Nothing comes before that page any more; showing the first page.")
    if position.direction == LAST:
        return pager.last(), None
    page = pager.numbered(position.number)
    if page is not None:
        return page, None
    page = pager.last()
    if page.number and page.number > 0:
        message = _("There is no page %(page)s; showing the last page, %(last)s.")
    else:
        message = _("There is no page %(page)s; showing the last page.")
    return page, message % {"page": asked, "last": page.number}


class Pager:
    def __init__(self, queryset, keys, count, more, per_page):
        self.queryset, self.keys, self.count, self.more, self.per_page = queryset, keys, count, more, per_page

    @property
    def num_pages(self):
        return None if self.more else max(1, math.ceil(self.count / self.per_page))

    def numbered(self, number):
        """Page `number` counted from the first row, or None when there is no such page."""
        last = self.num_pages
        if number > MAX_PAGE or (last is not None and number > last):
            return None
        offset = (number - 1) * self.per_page
        if last is not None and number > 1 and self.keys is not None and number > (last + 1) // 2:
            # In the second half of the list: counted from its end, in reverse order.
            rows_after = self.count - min(offset + self.per_page, self.count)
            size = min(self.per_page, self.count - offset)
            rows = self.rows_from(self.queryset.order_by(*reversed_order(self.keys)), rows_after, size)
            rows.reverse()
            has_next = number < last
        else:
            rows = self.rows_from(self.queryset, offset, self.per_page + 1)
            has_next = len(rows) > self.per_page
            rows = rows[: self.per_page]
        if not rows and number > 1:
            return None
        return self.page(rows, number, has_previous=number > 1, has_next=has_next)

    def rows_from(self, queryset, offset, limit):
        """`limit` rows from `offset` on; past the first rows, a deferred join: the ids are read from
        the index (no table row is visited for the rows skipped), then only those rows are read."""
        if not offset or self.keys is None:
            return list(queryset[offset : offset + limit])
        # Two queries rather than a subquery: the search's raw SQL names the table, which a
        # subquery would alias.
        ids = list(queryset.values_list("pk", flat=True)[offset : offset + limit])
        if not ids:
            return []
        fetch = queryset.model._default_manager.filter(pk__in=ids)
        fetch.query.deferred_loading = queryset.query.deferred_loading
        fetch.query.select_related = queryset.query.select_related
        return list(fetch.order_by(*queryset.query.order_by))

    def cursor(self, position):
        reverse = position.direction == BEFORE
        queryset = self.queryset.filter(beyond(self.keys, position.key, reverse=reverse))
        if reverse:
            queryset = queryset.order_by(*reversed_order(self.keys))
        rows = list(queryset[: self.per_page + 1])
        if not rows:
            return None
        further = len(rows) > self.per_page
        rows = rows[: self.per_page]
        if reverse:
            rows.reverse()
        number = position.number
        if number is not None and number > 0 and self.num_pages is not None:
            number = min(number, self.num_pages)
        if reverse:
            return self.page(rows, number, has_previous=further, has_next=True)
        return self.page(rows, number, has_previous=True, has_next=further)

    def last(self):
        """The last page: when the total is known, the page numbered last (the rows left over after
        the full pages); otherwise the last `per_page` rows, numbered -1 (first from the end)."""
        last = self.num_pages
        if self.keys is None:
            if last is None:
                return self.numbered(1)
            return self.numbered(last)
        size = self.per_page if last is None else self.count - (last - 1) * self.per_page
        rows = list(self.queryset.order_by(*reversed_order(self.keys))[: max(size, 1)])
        rows.reverse()
        number = -1 if last is None else last
        has_previous = len(rows) >= size and (last is None or last > 1)
        return self.page(rows, number, has_previous=has_previous, has_next=False)

    def page(self, rows, number, has_previous, has_next):
        page = ListPage(
            object_list=rows,
            number=number,
            count=self.count,
            more=self.more,
            per_page=self.per_page,
            has_next=has_next,
            has_previous=has_previous,
        )
        cursors = self.keys is not None and rows
        if has_previous:
            before = None if number is None else number - 1
            if before == 1 or (before is not None and before <= 0 and not cursors):
                page.previous_page = None
            elif cursors:
                page.previous_page = write_cursor(before if before != 0 else None, BEFORE, rows[0], self.keys)
            else:
                page.previous_page = str(before)
        if has_next:
            after = None if number is None else number + 1
            if cursors:
                page.next_page = write_cursor(after if after != 0 else None, AFTER, rows[-1], self.keys)
            else:
                page.next_page = str(after)
        last = self.num_pages
        if self.keys is not None:
            page.last_page = LAST
        elif last is not None:
            page.last_page = str(last)
        if number is not None and number > 0:
            known = max(self.count // self.per_page, number + 1 if has_next else number)
            page.page_range = page_numbers(number, last, known)
            page.numbered_links = [(each, self.link_to(page, each)) for each in page.page_range]
        return page

    def link_to(self, page, number):
        """The `page` value of a link to page `number` from `page`: the neighbours are reached by
        the cursors of Previous and Next (as cheap at any depth), the last page as `last`."""
        if number is None or number == 1:
            return None
        if number == page.number - 1 and page.has_previous:
            return page.previous_page
        if number == page.number + 1 and page.has_next:
            return page.next_page
        if number == page.num_pages and page.last_page:
            return page.last_page
        return str(number)
