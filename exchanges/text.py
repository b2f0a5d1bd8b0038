"""Text as people paste it, made plain before a record keeps it: nothing in it that nobody sees.

Text copied from a PDF, a word processor or a web page brings characters that
show nothing: form feeds and other control characters (which XML, and so the
Atom feed, cannot carry at all), zero-width spaces, byte-order marks and
direction marks. A title of zero-width spaces looks empty yet passes as given;
one inside a word hides the word from search; one after an email address sends
the email nowhere. So every text of a record is made plain as it is validated,
whichever way it comes: the contribution form, the admin, an approval, an import.
"""

import re

# Breaks of lines or pages other than "\n" (str.splitlines() reads each as a line's end): "\n".
LINE_BREAKS = re.compile("\r\n|[\r\x0b\x0c\x1c-\x1e\x85\u2028\u2029]")
# Nothing to show: control characters but tab and line feed; the soft hyphen; the zero-width
# space; direction marks, embeddings and isolates; the word joiner and invisible operators; the
# byte-order mark. Not the zero-width joiner and non-joiner, which some scripts and emoji need.
INVISIBLE = re.compile(
    "[\x00-\x08\x0e-\x1f\x7f-\x84\x86-\x9f\u00ad\u200b\u200e\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff]"
)


def plain_text(text, *, lines):
    """`text` without invisible characters. With `lines` its line breaks are "\n"; without, every
    run of spaces, tabs and line breaks is one space, and none is left at either end."""
    text = INVISIBLE.sub("", LINE_BREAKS.sub("\n", text))
    return text if lines else " ".join(text.split())
