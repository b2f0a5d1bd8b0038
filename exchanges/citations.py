"""How to cite an exchange, and how it describes itself to search engines.

Every format is built from the record alone and its permanent address (under
SITE_URL, the site's public address), dated by the version cited: the
exchange's `updated` time. The open-data app serves these as downloads; the
exchange page shows them in its "Cite" box.
"""

import itertools
import json
import re

from django.conf import settings
from django.utils.encoding import uri_to_iri
from django.utils.html import format_html

DATABASE_NAME = "U.S.-China Exchange Database"


def permanent_url(exchange):
    return settings.SITE_URL.rstrip("/") + exchange.get_absolute_url()


def bibtex_url(exchange):
    """The permanent address as BibTeX's `url` field takes it: an IRI, its letters as written
    (`…/exchanges/peña-nieto-visit/`), not percent-escaped (`pe%C3%B1a`). TeX reads a `%` as the start
    of a comment, and classic BibTeX styles that pass the url in another command's argument (as url.sty
    warns) lost the rest of the entry. biblatex reads `url` verbatim: one without `%` it escapes itself
    (RFC 3987, "even Unicode chars", its manual's §2.2.2), where `\\%` would put a backslash in the
    link. A slug holds letters, digits, `_` and `-` only, so nothing in it is escaped once its letters
    are written as themselves."""
    return uri_to_iri(permanent_url(exchange))


def _month_day_year(moment):
    return f"{moment:%B} {moment.day}, {moment.year}"


def apa(exchange):
    """APA 7: a database entry without an author, dated by its version (HTML, database in italics)."""
    updated = exchange.updated
    return format_html(
        "{} ({}, {} {}). In <i>{}</i>. {}",
        _closed(exchange.title),
        updated.year,
        f"{updated:%B}",
        updated.day,
        DATABASE_NAME,
        permanent_url(exchange),
    )


def chicago(exchange):
    """Chicago (notes and bibliography), a web page: title, site, last modified, URL."""
    # Quotation marks inside the quoted title become single ones, as the style asks.
    title = _single_quotes(_closed(exchange.title))
    return format_html(
        "“{}” {}. Last modified {}. {}.",
        title,
        DATABASE_NAME,
        _month_day_year(exchange.updated),
        permanent_url(exchange),
    )


# Without pairs to go by, a straight double quote opens a quotation at the start or after a space or
# an opening bracket; anywhere else it closes one.
OPENING_STRAIGHT_QUOTE = re.compile(r'(^|[\s(\[{])"')
SINGLE_QUOTES = str.maketrans({"“": "‘", "”": "’", '"': "’"})


def _single_quotes(title):
    """The title's double quotation marks as curly single ones, straight or curly alike:
    'the "panda" loans' and 'the “panda” loans' both become 'the ‘panda’ loans'. Straight ones
    in pairs open and close in turn, whatever stands before them (a dash, a comma, 中美"乒乓外交")."""
    if title.count('"') % 2 == 0:
        marks = itertools.cycle("‘’")
        title = re.sub('"', lambda _quote: next(marks), title)
    return OPENING_STRAIGHT_QUOTE.sub(r"\1‘", title).translate(SINGLE_QUOTES)


def _closed(title):
    """The title ending a part of a citation: with a period, unless it ends with a question or an
    exclamation mark, which takes the period's place ("Who owns the pandas?", not "pandas?.")."""
    title = title.strip().rstrip(".")
    return title if title.endswith(("?", "!", "？", "！")) else title + "."


def bibtex_key(exchange):
    """A key BibTeX accepts: letters, digits and a few signs from the slug, never empty.

    The whole slug, however long: slugs are unique, and those of one title differ only at their end
    ("-2"), so a key cut short named two exchanges, of which BibTeX keeps one. A slug with letters a
    key cannot hold (中美乒乓外交-1971) is no longer unique without them ("1971" is another's slug),
    so its key begins with the record's number instead of a hyphen: "usce42-1971", never the
    "usce-…" of a slug kept whole."""
    safe = "".join(
        char if char.isascii() and (char.isalnum() or char in "-_") else "-" for char in exchange.slug
    )
    # Characters left out leave one hyphen, not a run: "quoted-中美-tilde" is "quoted-tilde".
    safe = re.sub("-{2,}", "-", safe).strip("-")
    if safe == exchange.slug:
        return f"usce-{safe}"
    return f"usce{exchange.pk}" + (f"-{safe}" if safe else "")


TEXT_SIGNS = {"<": "\\textless{}", ">": "\\textgreater{}", "|": "\\textbar{}"}


def _bibtex_text(text):
    """TeX's special characters escaped and the braces balanced as BibTeX counts them, so any title parses."""
    escaped = []
    for char in text:
        if char in "\\":
            escaped.append("\\textbackslash{}")
        elif char in "{}":
            # Not "\\{": BibTeX counts every brace of a field, escaped or not, and a lone one left
            # the field open. These commands hold only balanced pairs.
            escaped.append("\\textbraceleft{}" if char == "{" else "\\textbraceright{}")
        elif char in "&%$#_":
            escaped.append("\\" + char)
        elif char == "~":
            escaped.append("\\textasciitilde{}")
        elif char == "^":
            escaped.append("\\textasciicircum{}")
        elif char in TEXT_SIGNS:
            # LaTeX's default font encoding (OT1) draws these as "¡", "¿" and "—".
            escaped.append(TEXT_SIGNS[char])
        else:
            escaped.append(char)
    return "".join(escaped)


def date_parts(day, precision):
    """[year], [year, month] or [year, month, day]: a day at the precision the record knows it."""
    parts = [day.year, day.month, day.day]
    return parts[: {"year": 1, "month": 2}.get(precision, 3)]


def iso_date(day, precision):
    """ISO 8601 at the precision known: "1985", "2014-04" or "2014-04-01"."""
    return "-".join(
        f"{part:0{4 if index == 0 else 2}d}" for index, part in enumerate(date_parts(day, precision))
    )


def event_dates(exchange):
    """(first, last or None) in ISO 8601 at the record's precision; the last only for a span."""
    first = iso_date(exchange.date, exchange.date_precision)
    last = iso_date(exchange.end_date, exchange.end_date_precision) if exchange.end_date else None
    return first, (last if last != first else None)


def edtf_date(exchange):
    """The exchange's date as biblatex reads it (EDTF): "2014-04", "1985~" when approximate, "2013/2016"."""
    first, last = event_dates(exchange)
    mark = "~" if exchange.circa else ""
    return first + mark + (f"/{last}{mark}" if last else "")


def bibtex(exchange):
    updated = exchange.updated
    fields = [
        # Braced twice: styles that lower-case titles leave a braced group as written ("Obama").
        ("title", "{{" + _bibtex_text(exchange.title) + "}}"),
        ("author", "{{" + _bibtex_text(DATABASE_NAME) + "}}"),
        ("howpublished", "{" + _bibtex_text(DATABASE_NAME) + "}"),
        ("year", "{" + str(updated.year) + "}"),
        # Unbraced: the styles' own macro for the month ("March"); braced, the text "mar" as written.
        ("month", f"{updated:%b}".lower()),
        ("date", "{" + updated.date().isoformat() + "}"),
        ("eventdate", "{" + edtf_date(exchange) + "}"),
        ("url", "{" + bibtex_url(exchange) + "}"),
        ("note", "{" + _bibtex_text(f"Version of {updated.date().isoformat()}") + "}"),
    ]
    body = ",\n".join(f"  {name} = {value}" for name, value in fields)
    return f"@misc{{{bibtex_key(exchange)},\n{body}\n}}\n"


def _ris_text(text):
    return " ".join(str(text).split())


def ris(exchange):
    """RIS: TY first and ER last, one tag per line, CRLF line ends as the format asks."""
    updated = exchange.updated
    lines = [
        ("TY", "DBASE"),
        ("TI", _ris_text(exchange.title)),
        ("AU", DATABASE_NAME),
        ("T2", DATABASE_NAME),
        # The specification's forms: PY a year of four digits, DA `YYYY/MM/DD/other info`, whose
        # slashes stay when a part is empty (`1972///`), the last one too.
        ("PY", f"{updated.year:04d}"),
        ("DA", f"{updated.year:04d}/{updated.month:02d}/{updated.day:02d}/"),
        ("UR", permanent_url(exchange)),
        ("AB", _ris_text(exchange.summary)),
        ("N1", f"Version of {updated.date().isoformat()}"),
        ("N1", f"Exchange date: {exchange.display_date}"),
    ]
    # A tag with nothing after it is left out, as Zotero writes RIS: "AB  - " imported an empty abstract.
    lines = [(tag, value) for tag, value in lines if value] + [("ER", "")]
    return "".join(f"{tag}  - {value}\r\n" for tag, value in lines)


def csl(exchange):
    """CSL-JSON: one item, as Zotero and citeproc read it."""
    updated = exchange.updated
    item = {
        "id": bibtex_key(exchange),
        "type": "dataset",
        "title": exchange.title,
        "author": [{"literal": DATABASE_NAME}],
        "container-title": DATABASE_NAME,
        "publisher": DATABASE_NAME,
        "issued": {"date-parts": [[updated.year, updated.month, updated.day]]},
        "URL": permanent_url(exchange),
        "abstract": exchange.summary.strip(),
        "version": updated.date().isoformat(),
        "event-date": csl_event_date(exchange),
    }
    # CSL-JSON leaves out what is unknown; "abstract": "" gave reference managers an empty abstract.
    return {name: value for name, value in item.items() if value}


def csl_event_date(exchange):
    """The exchange's own date, at its precision, a range for a span, `circa` when approximate."""
    parts = [date_parts(exchange.date, exchange.date_precision)]
    if exchange.end_date:
        end = date_parts(exchange.end_date, exchange.end_date_precision)
        if end != parts[0]:
            parts.append(end)
    return {"date-parts": parts, **({"circa": True} if exchange.circa else {})}


def event_json_ld(exchange):
    """schema.org Event for the exchange page, as JSON text safe inside a <script> element.

    Its dates are ISO 8601 at the precision the record knows ("2014-04"), never a made-up day.
    """
    start, end = event_dates(exchange)
    data = {
        "@context": "https://schema.org",
        "@type": "Event",
        "name": exchange.title,
        "startDate": start,
        "url": permanent_url(exchange),
    }
    if exchange.summary.strip():
        data["description"] = exchange.summary
    if end:
        data["endDate"] = end
    if exchange.circa:
        # schema.org has no word for an approximate date: the page's own wording says it.
        data["disambiguatingDescription"] = f"Date: {exchange.display_date}"
    if exchange.location:
        data["location"] = {"@type": "Place", "name": exchange.location}
    if exchange.partner_list:
        data["attendee"] = [{"@type": "Organization", "name": name} for name in exchange.partner_list]
    if exchange.sponsor_list:
        data["sponsor"] = [{"@type": "Organization", "name": name} for name in exchange.sponsor_list]
    return json_for_script(data)


def json_for_script(data):
    """JSON that cannot close or confuse the <script> element it sits in."""
    text = json.dumps(data, ensure_ascii=False, indent=1)
    return text.replace("<", "\\u003C").replace(">", "\\u003E").replace("&", "\\u0026")
