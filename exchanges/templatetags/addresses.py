"""Web addresses as a reader reads them.

A source's address in another script is stored as the browser sent it, percent-encoded: a page of
a Chinese encyclopedia is "https://jendow.com.tw/wiki/%E4%B8%AD%E8%8F%AF…", thirteen lines of
%E4… on a phone. Shown, it is decoded as a browser's address bar decodes it; the link keeps the
address as stored."""

import re
import unicodedata
from urllib.parse import quote

from django import template

register = template.Library()

ENCODED_RUN = re.compile(r"(?:%[0-9A-Fa-f]{2})+")


@register.filter
def readable_url(url):
    """`url` with its percent-encoded letters of other scripts decoded. What would read
    differently decoded stays encoded: an ASCII character (%2F is not a "/" of the path, %20
    not a visible space), a space or an invisible or control character of any script (a
    right-to-left mark could make the address read as another), bytes that are not UTF-8."""
    return ENCODED_RUN.sub(_decoded, str(url))


def _decoded(found):
    try:
        text = bytes.fromhex(found.group().replace("%", "")).decode("utf-8")
    except UnicodeDecodeError:
        return found.group()
    return "".join(quote(char, safe="") if _reads_otherwise(char) else char for char in text)


def _reads_otherwise(char):
    return ord(char) < 128 or unicodedata.category(char)[0] in "CZ"
