"""How to cite an exchange, and how it describes itself to search engines.

Every format is built from the record alone and its permanent address (under
SITE_URL, the site's public address), dated by the version cited: the
exchange's `updated` time. The open-data app serves these as downloads; the
exchange page shows them in its "Cite" box.
"""

import json

from django.conf import settings
from django.utils.html import format_html

DATABASE_NAME = "U.S.-China Exchange Database"


def permanent_url(exchange):
    return settings.SITE_URL.rstrip("/") + exchange.get_absolute_url()


def _month_day_year(moment):
    return f"{moment:%B} {moment.day}, {moment.year}"


def apa(exchange):
    """APA 7: a database entry without an author, dated by its version (HTML, database in italics)."""
    updated = exchange.updated
    return format_html(
        "{}. ({}, {} {}). In <i>{}</i>. {}",
        exchange.title.rstrip("."),
        updated.year,
        f"{updated:%B}",
        updated.day,
        DATABASE_NAME,
        permanent_url(exchange),
    )


def chicago(exchange):
    """Chicago (notes and bibliography), a web page: title, site, last modified, URL."""
    return format_html(
        "“{}.” {}. Last modified {}. {}.",
        exchange.title.rstrip("."),
        DATABASE_NAME,
        _month_day_year(exchange.updated),
        permanent_url(exchange),
    )


def bibtex_key(exchange):
    """A key BibTeX accepts: letters, digits and a few signs from the slug, never empty."""
    safe = "".join(
        char if char.isascii() and (char.isalnum() or char in "-_") else "-" for char in exchange.slug
    )
    return f"usce-{safe.strip('-')[:60] or exchange.pk}"


def _bibtex_text(text):
    """Braces balanced and TeX's special characters escaped, so any title parses."""
    escaped = []
    for char in text:
        if char in "\\":
            escaped.append("\\textbackslash{}")
        elif char in "{}":
            escaped.append("\\" + char)
        elif char in "&%$#_":
            escaped.append("\\" + char)
        elif char == "~":
            escaped.append("\\textasciitilde{}")
        elif char == "^":
            escaped.append("\\textasciicircum{}")
        else:
            escaped.append(char)
    return "".join(escaped)


def bibtex(exchange):
    updated = exchange.updated
    fields = [
        ("title", "{" + _bibtex_text(exchange.title) + "}"),
        ("author", "{{" + _bibtex_text(DATABASE_NAME) + "}}"),
        ("howpublished", "{" + _bibtex_text(DATABASE_NAME) + "}"),
        ("year", "{" + str(updated.year) + "}"),
        ("month", "{" + f"{updated:%b}".lower() + "}"),
        ("date", "{" + updated.date().isoformat() + "}"),
        ("url", "{" + permanent_url(exchange) + "}"),
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
        ("PY", str(updated.year)),
        ("DA", updated.strftime("%Y/%m/%d")),
        ("UR", permanent_url(exchange)),
        ("AB", _ris_text(exchange.summary)),
        ("N1", f"Version of {updated.date().isoformat()}"),
        ("ER", ""),
    ]
    return "".join(f"{tag}  - {value}\r\n" for tag, value in lines)


def csl(exchange):
    """CSL-JSON: one item, as Zotero and citeproc read it."""
    updated = exchange.updated
    return {
        "id": bibtex_key(exchange),
        "type": "dataset",
        "title": exchange.title,
        "author": [{"literal": DATABASE_NAME}],
        "container-title": DATABASE_NAME,
        "publisher": DATABASE_NAME,
        "issued": {"date-parts": [[updated.year, updated.month, updated.day]]},
        "URL": permanent_url(exchange),
        "abstract": exchange.summary,
        "version": updated.date().isoformat(),
    }


def event_json_ld(exchange):
    """schema.org Event for the exchange page, as JSON text safe inside a <script> element."""
    data = {
        "@context": "https://schema.org",
        "@type": "Event",
        "name": exchange.title,
        "description": exchange.summary,
        "startDate": exchange.date.isoformat(),
        "url": permanent_url(exchange),
    }
    if exchange.end_date:
        data["endDate"] = exchange.end_date.isoformat()
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
