"""Exchanges stored with characters that show nothing are made plain, as validation now makes them.

A record's texts lose control and invisible characters as they are validated (exchanges/text.py,
plain_text, through ExchangeRecord.clean_fields), but rows stored before kept them until their next
edit: a form feed pasted from a PDF into a summary (which the Atom feed's XML cannot carry), a zero-
width space hiding a word from search, a title of nothing but invisible characters. Here every text
a person typed is made plain the same way: a one-line field's spaces, tabs and line breaks become
single spaces, a box's page breaks become line breaks.

Only the rows holding such a character, or for a one-line field a doubled or an outer space, are
read, found in SQL by a regular expression made from plain_text itself (`changing`); of those, only
the rows whose texts change are written, with their search columns and sort title as saving makes
them, 1,000 at a time. The slug, the links and the times stay as they were: the exchange keeps its
address. Contributions 0012 does the same for submissions with `make_plain`.

A required text that would be left empty (a title of zero-width spaces) is given a placeholder
(PLACEHOLDERS) rather than kept as it was: the original shows nothing, on the list as on the page,
and a control character in it still breaks any XML it is written to; the placeholder is visible,
found by a search, and says to a moderator that the title is to be written, while the record, its
address and every other field are kept. A source's citation is made plain too (SOURCE_PLACEHOLDER
where it held nothing else and the source has no address).

Nothing to undo: the old code reads plain text as any other.
"""

import functools

from django.db import migrations
from django.db.models import Q, TextField

# What a person types into an exchange, as ExchangeRecord holds it: not the choices (type, date
# precision, levels), which hold the vocabulary's words, nor what saving derives from these.
TEXTS = [
    "title",
    "title_zh",
    "summary",
    "summary_zh",
    "outcomes",
    "type_as_recorded",
    "partners",
    "sponsors",
    "participants",
    "participant_count_note",
    "location",
]
# What a required text left empty is given instead (see above).
PLACEHOLDERS = {"title": "Untitled", "summary": "No summary given."}
SOURCE_PLACEHOLDER = "Source not named"
DERIVED = ["search_title", "search_names", "search_body", "title_sort"]
BATCH = 1000


@functools.cache
def changing(lines, vendor):
    """A regular expression, read alike by Python (SQLite's REGEXP) and PostgreSQL, that finds every
    text plain_text would change: one holding a character it removes or rewrites, and for a one-line
    field (not `lines`) a doubled space or one at either end. The characters are found by asking
    plain_text itself, so that the two can never disagree; all it names are in Unicode's first
    plane. PostgreSQL's text cannot hold NUL, nor a pattern written with it."""
    from exchanges.text import plain_text

    def changed(char):
        return (
            plain_text(char, lines=True) != char
            if lines
            else plain_text(f"a{char}a", lines=False) != f"a{char}a"
        )

    codes = [code for code in range(0 if vendor == "sqlite" else 1, 0x10000) if changed(chr(code))]
    ranges, start = [], None
    for number, code in enumerate(codes):
        start = code if start is None else start
        if number + 1 == len(codes) or codes[number + 1] != code + 1:
            ranges.append(chr(start) if start == code else f"{chr(start)}-{chr(code)}")
            start = None
    # None of them is "]", "\\", "^" or "-", which a bracket would read otherwise.
    assert not {"]", "\\", "^", "-"} & {chr(code) for code in codes}
    pattern = "[" + "".join(ranges) + "]"
    return pattern if lines else pattern + "|  |^ | $"


def make_plain(Model, fields, connection, more=lambda records: []):
    """Make the texts `fields` of `Model`'s rows plain, reading only the rows `changing` finds and
    writing only those that change, BATCH at a time, in the order of their ids. `more(records)`, given
    a batch's records whose texts were made plain: the names of the other columns it set on them to
    go with them. Returns how many rows were written."""
    lines = {name: isinstance(Model._meta.get_field(name), TextField) for name in fields}
    patterns = {kind: changing(kind, connection.vendor) for kind in (True, False)}
    candidates = Q()
    for name in fields:
        candidates |= Q(**{f"{name}__regex": patterns[lines[name]]})
    written, last = 0, 0
    while batch := list(Model._base_manager.filter(candidates, pk__gt=last).order_by("pk")[:BATCH]):
        last = batch[-1].pk
        changed, columns = [], set()
        for record in batch:
            names = []
            for name in fields:
                value = getattr(record, name)
                plain = plain_value(name, value, lines[name])
                if plain != value:
                    setattr(record, name, plain)
                    names.append(name)
            if names:
                changed.append(record)
                columns.update(names)
        if changed:
            columns.update(more(changed))
            write(Model, changed, sorted(columns), connection)
            written += len(changed)
    return written


def write(Model, records, names, connection):
    """One UPDATE a record, sent together (as 0024 writes): bulk_update's CASE of a thousand rows
    took 12 of the 18 seconds 200,000 generated exchanges needed, building it in Python."""
    fields = [Model._meta.get_field(name) for name in names]
    table, quote = Model._meta.db_table, connection.ops.quote_name
    columns = ", ".join(f"{quote(field.column)} = %s" for field in fields)
    with connection.cursor() as cursor:
        cursor.executemany(
            f"UPDATE {quote(table)} SET {columns} WHERE {quote(Model._meta.pk.column)} = %s",
            [
                [field.get_db_prep_save(getattr(record, field.attname), connection) for field in fields]
                + [record.pk]
                for record in records
            ],
        )


def plain_value(name, value, lines):
    """The field `name`'s `value` made plain, or its placeholder if that leaves a required one empty."""
    from exchanges.text import plain_text

    if not isinstance(value, str):
        return value
    plain = plain_text(value, lines=lines)
    return PLACEHOLDERS[name] if name in PLACEHOLDERS and value and not plain.strip() else plain


def make_exchanges_plain(apps, schema_editor):
    from exchanges.models import sort_title
    from exchanges.search import remember_words, search_columns

    Exchange = apps.get_model("exchanges", "Exchange")
    SearchWord = apps.get_model("exchanges", "SearchWord")

    def derived(exchanges):
        # As Exchange.save() makes them: the texts searched and the title sorted, which may have
        # held the characters too, or a word they split ("diplo\u00admacy"); the new words join the
        # vocabulary that "Did you mean" reads, in one INSERT a batch.
        for exchange in exchanges:
            exchange.search_title, exchange.search_names, exchange.search_body = search_columns(exchange)
            exchange.title_sort = sort_title(exchange.title)
        remember_words(
            SearchWord, [getattr(exchange, column) for exchange in exchanges for column in DERIVED[:3]]
        )
        return DERIVED

    make_plain(Exchange, TEXTS, schema_editor.connection, derived)

    # A source's citation, typed in the admin's sources or read from a record's sources box. One of
    # invisible characters alone beside an address is left empty (the address names the source); one
    # without an address is given a placeholder, since a source needs a citation or an address.
    def named(sources):
        for source in sources:
            if not source.citation and not source.url:
                source.citation = SOURCE_PLACEHOLDER
        return []

    make_plain(apps.get_model("exchanges", "Source"), ["citation"], schema_editor.connection, named)


class Migration(migrations.Migration):
    dependencies = [
        ("exchanges", "0029_bare_web_addresses_no_organisations"),
    ]

    operations = [migrations.RunPython(make_exchanges_plain, migrations.RunPython.noop, elidable=True)]
