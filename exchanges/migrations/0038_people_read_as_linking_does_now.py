"""Exchanges whose participants line gives a form of address or the family name King are linked again.

Linking read "The Honorable Gina Raimondo, Secretary of Commerce" as no one, "Honorable Gina
Raimondo" as a person of that name, and "His Excellency President Xi Jinping" as a person called
"President Xi Jinping" ("his" ended a title's qualifier, as in "his wife Peng Liyuan"); and "Larry
King" or "Thomas P. King" as a title ("King") after its qualifier, no one, and "Kevin King, Gary
Locke" as a line of no one at all. It now reads "Honorable" and "Honourable" as titles, a form of
address before another title as part of the role (entities.names._HONORIFICS), and "King" after
given names as a family name (_family_name_after_given_names): Gina Raimondo, the Honorable; Xi
Jinping, His Excellency President; Larry King; Kevin King and Gary Locke. Here:

- of the exchanges whose participants line holds "Honorable", "Honourable", "Excellenc" or "King"
  (in any case), those whose line, read now, names other people than they link to are linked again
  from their texts as publishing links them, and dated if their links changed (exchanges 0035's
  `link_again`);
- a person one of them linked to before, that nothing links to any more, that has no alias, and
  whose name is no longer read as a person of that name ("President Xi Jinping"), is deleted and its
  address listed among the deleted, as 0035 deletes a place;
- the entities those exchanges linked to before or link to now are counted again.

Safe to run again: a second run finds nothing to link. Nothing to undo: the old code reads the new
links as any other.
"""

import importlib

from django.db import migrations
from django.db.models import Exists, OuterRef, Q

WORDS = ("honorable", "honourable", "excellenc", "king")
BATCH = 2000


def _reads_as_itself(name, key):
    """Whether a person's name, read as a participants line, names a person of that name."""
    from entities.names import Participant, normalise, split_participants

    people = [item for item in split_participants(name) if isinstance(item, Participant)]
    return len(people) == 1 and normalise(people[0].name) == key


def _read_otherwise(apps, ids, roles=False):
    """Of the exchanges `ids`, those whose participants line, read now, names other people than they
    link to (by the people's names, Chinese names and aliases, as linking finds them): of the
    generated million's 5,165 lines with "His Excellency", none, where linking them all again took
    minutes. With `roles`, also those giving the people other roles than their links' titles
    (exchanges 0046: "Jane Doe, Historian" named Jane Doe before, and now her role too)."""
    from entities.names import normalise
    from exchanges.links import read_names

    Exchange = apps.get_model("exchanges", "Exchange")
    Person, Alias = apps.get_model("entities", "Person"), apps.get_model("entities", "PersonAlias")
    Link = apps.get_model("exchanges", "ExchangePerson")
    found = []
    for start in range(0, len(ids), BATCH):
        batch = ids[start : start + BATCH]
        lines = dict(Exchange._base_manager.filter(pk__in=batch).values_list("pk", "participants"))
        linked, titles = {}, {}
        for exchange, person, title in Link._base_manager.filter(exchange_id__in=batch).values_list(
            "exchange_id", "person_id", "title"
        ):
            linked.setdefault(exchange, set()).add(person)
            titles.setdefault(exchange, set()).add(title)
        people = set().union(*linked.values())
        keys = {
            pk: {key, chinese} - {""}
            for pk, key, chinese in Person._base_manager.filter(pk__in=people).values_list(
                "pk", "key", "chinese_key"
            )
        }
        for pk, key in Alias._base_manager.filter(entity_id__in=people).values_list("entity_id", "key"):
            keys[pk].add(key)
        for pk in batch:
            read = read_names(participants=lines[pk]).people
            named = [{normalise(person.name), normalise(person.chinese_name)} - {""} for person in read]
            held = [keys[person] for person in linked.get(pk, ())]
            named_keys, held_keys = set().union(*named), set().union(*held)
            if any(not each & held_keys for each in named) or any(not each & named_keys for each in held):
                found.append(pk)
            elif roles and {person.role for person in read} - {""} != titles.get(pk, set()) - {""}:
                found.append(pk)
    return found


def link_people_as_read_now(apps, schema_editor):
    relink_people_holding(apps, WORDS)


def relink_people_holding(apps, words, roles=False):
    """All of the above for the exchanges whose participants line holds one of `words` (exchanges
    0042 reuses it); `roles`: those giving other roles too (_read_otherwise)."""
    from django.utils import timezone

    relinking = importlib.import_module("exchanges.migrations.0035_places_read_as_linking_does_now")
    Exchange = apps.get_model("exchanges", "Exchange")
    Person = apps.get_model("entities", "Person")
    Link = apps.get_model("exchanges", "ExchangePerson")
    addressed = Q(*[Q(participants__icontains=word) for word in words], _connector=Q.OR)
    ids = _read_otherwise(
        apps, sorted(Exchange._base_manager.filter(addressed).values_list("pk", flat=True)), roles
    )
    if not ids:
        return
    now = timezone.now()
    touched = relinking.link_again(apps, ids, now)
    unlinked = (
        Person._base_manager.filter(pk__in=touched["person"], aliases__isnull=True)
        # Exists, not NOT IN: over millions of links, PostgreSQL's NOT IN ran for minutes.
        .exclude(Exists(Link._base_manager.filter(person_id=OuterRef("pk"))))
        .values_list("pk", "slug", "name", "key")
    )
    gone = {pk: (slug, name) for pk, slug, name, key in unlinked if not _reads_as_itself(name, key)}
    relinking.delete(apps, "person", gone)
    touched["person"] -= gone.keys()
    relinking.count_again(apps, touched, now)


class Migration(migrations.Migration):
    dependencies = [("exchanges", "0037_places_after_a_known_place_read_as_linking_does_now")]

    operations = [migrations.RunPython(link_people_as_read_now, migrations.RunPython.noop)]
