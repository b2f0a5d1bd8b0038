"""Text whose language the page cannot know in advance, marked for screen readers and fonts.

It lives with the entities, whose names it mostly marks, so that their admin pages use it without
reaching up to the catalogue; the catalogue's pages load it by its name, as any library."""

import re

from django import template
from django.utils.html import conditional_escape, escape
from django.utils.safestring import mark_safe

from entities.names import CHINESE_CHARACTERS as CHINESE

register = template.Library()

# What a Chinese text holds between its characters: spaces, its own punctuation (、。「」, the
# full-width forms （），) and the dot between a foreign name's parts (约翰·肯尼迪).
CHINESE_PUNCTUATION = r"\u3000-\u303f\uff00-\uffef\u00b7\u30fb"
# A stretch of Chinese: from a character to the last character or punctuation mark of its own.
# None of these is one of HTML's special characters, so it is found as well in escaped text.
CHINESE_TEXT = re.compile(
    rf"[{CHINESE}](?:[{CHINESE}{CHINESE_PUNCTUATION}\s]*[{CHINESE}{CHINESE_PUNCTUATION}])?"
)


@register.filter
def lang_marked(text):
    """`text` escaped, each stretch of it written in Chinese characters in a <span lang="zh">: a
    spelling such as an alias, which may be in either language, or a label that holds both
    ("PRC Ministry of Education (教育部)"), shown inside a sentence of the page's own. Without it a
    screen reader reads 北大 in the page's voice and a browser may draw it in a Japanese font."""
    return mark_safe(CHINESE_TEXT.sub(r'<span lang="zh">\g<0></span>', conditional_escape(text)))


# A stretch of English inside Chinese: words of Latin letters, with the digits, spaces and
# punctuation between them ("NBA", "New York Philharmonic", "G20", "U.S.-China").
LATIN_TEXT = re.compile(r"[A-Za-z][A-Za-z0-9]*(?:[ .'&-]+[A-Za-z0-9]+)*\.?")


@register.filter
def en_marked(text):
    """`text`, a block the page marks as Chinese, escaped, each stretch of English in it in a
    <span lang="en">: a Chinese voice spells "Philharmonic" out letter by letter or reads it with
    Chinese sounds. Only words with a letter are marked; a year or a number reads the same in both."""
    text = str(text)
    marked, start = [], 0
    for found in LATIN_TEXT.finditer(text):
        marked.append(escape(text[start : found.start()]))
        marked.append(f'<span lang="en">{escape(found.group())}</span>')
        start = found.end()
    marked.append(escape(text[start:]))
    return mark_safe("".join(marked))
