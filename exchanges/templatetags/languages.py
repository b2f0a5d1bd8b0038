"""Text whose language the page cannot know in advance, marked for screen readers and fonts."""

import re

from django import template
from django.utils.html import conditional_escape, format_html

register = template.Library()

# The Chinese characters (CJK ideographs, their extensions and compatibility forms), as the
# search reads them (exchanges/search.py).
CHINESE_CHARACTERS = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0002fa1f]")


@register.filter
def lang_marked(text):
    """`text` escaped, in a <span lang="zh"> when it is written in Chinese characters: a spelling
    such as an alias, which may be in either language, shown inside a sentence of the page's own.
    Without it a screen reader reads 北大 in the page's voice and a browser may draw it in a
    Japanese font."""
    if CHINESE_CHARACTERS.search(text):
        return format_html('<span lang="zh">{}</span>', text)
    return conditional_escape(text)
