"""A record's participants and location as written, with the people and places they name linked in place.

An exchange's page showed the participants text and, apart, the people linked from it, so that a
reader met every person twice (and every place of the location twice). The text is the record as
recorded: shown once, whole, each name in it that an entity was linked from made the link to that
entity. The names are read again as publishing read them (exchanges/links.py: read_names), and the
n-th name read is the link at position n; a link whose name is not found in the text as written
(a gazetteer's name for "DC", a text edited since) is listed after it, so that nothing is lost.
"""

import re
from typing import NamedTuple

from entities.names import chinese_names_to_look_up

from .links import NAME_MAX_LENGTH, read_names

# Between two words of a name: spaces, or a nickname in brackets ("Edmund G. (Jerry) Brown Jr.").
BETWEEN_WORDS = r"(?:[^\S\n]+\([^()\n]*\))?[^\S\n]+"


class Piece(NamedTuple):
    """A stretch of the text, and the entity it names (None for the words around the names)."""

    text: str
    entity: object = None


class LinkedText(NamedTuple):
    pieces: list  # [Piece], the whole text in order
    apart: list  # the links whose name was not found in the text, in their order

    @property
    def lines(self):
        """The pieces line by line, as the text's own line breaks part them (a name holds none)."""
        lines = [[]]
        for piece in self.pieces:
            if piece.entity is not None:
                lines[-1].append(piece)
                continue
            first, *others = piece.text.split("\n")
            lines[-1].append(Piece(first))
            lines.extend([Piece(other)] for other in others)
        kept = [[piece for piece in line if piece.text] for line in lines]
        return [line for line in kept if any(piece.text.strip() for piece in line)]


def linked_participants(exchange):
    """The participants text with each person linked from it linked in place (person_links prefetched)."""
    links = list(exchange.person_links.all())
    text = exchange.participants or ""
    # Names in Chinese alone that are people only as a person is called so (links.people_known):
    # those a linked person is called by, without asking the database again.
    called = {key for link in links for key in (link.person.key, link.person.chinese_key) if key}
    known = frozenset(chinese_names_to_look_up(text) & called)
    names = read_names(participants=text, known=known).people
    return _linked(
        text,
        [participant.name for participant in names],
        {link.position: link for link in links if _held(link, names)},
        links,
        "person",
    )


def linked_location(exchange):
    """The location text with each place linked from it linked in place (direct place_links prefetched)."""
    links = list(exchange.place_links.all())
    text = exchange.location or ""
    names = read_names(location=text).places
    by_position = {link.position: link for link in links if link.position < len(names)}
    return _linked(text, [mention.name for mention in names], by_position, links, "place")


def _held(link, names):
    """Whether the person read at the link's position held the title the link holds: a text edited
    since the links were made reads other people there, which are not linked to this one."""
    return link.position < len(names) and names[link.position].role[:NAME_MAX_LENGTH] == link.title


def _written(name):
    """The name as a text may write it: its words, and between two of them perhaps a word in
    brackets that the reading left out ("Edmund G. (Jerry) Brown Jr." for Edmund G. Brown Jr.)."""
    return re.compile(BETWEEN_WORDS.join(re.escape(word) for word in name.split()))


def _linked(text, names, by_position, links, kind):
    """`text` cut at the first occurrence of each name (after the one before) whose link is known."""
    pieces, placed, start = [], set(), 0
    for position, name in enumerate(names):
        link = by_position.get(position)
        found = _written(name).search(text, start) if link is not None and name.strip() else None
        if found is None:
            continue
        if found.start() > start:
            pieces.append(Piece(text[start : found.start()]))
        pieces.append(Piece(found.group(), getattr(link, kind)))
        placed.add(link.pk)
        start = found.end()
    if start < len(text):
        pieces.append(Piece(text[start:]))
    return LinkedText(pieces, [link for link in links if link.pk not in placed])
