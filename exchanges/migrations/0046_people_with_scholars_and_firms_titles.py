"""Exchanges whose participants line gives a scholar's, a writer's or a firm's title after a name, a
title with "of the" and where its holder works, or a Chinese name in pinyin with where its holder is
from, are linked again.

Linking read "Zhou Enlai, Senior Fellow", "Zhou Enlai, Visiting Scholar", "Zhou Enlai, Managing
Partner" as two people, the second called by the title, "Zhou Enlai, Chief Economist" and
"Zhou Enlai, Professor Emeritus" as a second person "Economist" or "Emeritus" with the title
"Chief" or "Professor", and "Zhou Enlai, Director of the Brookings Institution" as a second person
"Brookings Institution" with the title "Director of the"; and "Wang Yi of China" as text. It now
reads those as Zhou Enlai with the role, and Wang Yi "of China": entities/vocabularies/roles.txt
gained Fellow, Scholar, Student, Associate, Partner, Lecturer, Instructor, Consultant, Analyst,
Economist, Historian and Professor Emeritus, entities/vocabularies/not_person_words.txt gained
institution, conservatory, consulate and emeritus, a title's "of the" followed by two or three
words is where the holder works, no one being "the John Smith" ("of Boeing John Smith" still names
John Smith), and a name of a family name of entities/vocabularies/romanised_family_names.txt and a
given name in pinyin standing alone before "of" is a person's, as one beginning with a given name
of given_names.txt was. As exchanges 0038
does for its words, and with its function, for the lines holding one of those words or " of ": those
naming other people than they link to, or giving them other roles ("Jane Doe, Historian" was Jane
Doe with no role), are linked again as publishing links them and dated if their links changed; a
person left linked by nothing, without an alias, whose name no longer reads as a person of that
name ("Senior Fellow"), is deleted and its address listed among the deleted; the entities touched
are counted again.

Safe to run again: a second run finds nothing to link. Nothing to undo: the old code reads the new
links as any other.
"""

import importlib

from django.db import migrations

# The words as entities/vocabularies/roles.txt and not_person_words.txt gained them when this
# migration was written, and " of " for a title's complement ending in two or three words ("of the
# Brookings Institution") and the names in pinyin before it ("Wang Yi of China").
WORDS = (
    " of ",
    "fellow",
    "scholar",
    "student",
    "associate",
    "partner",
    "lecturer",
    "instructor",
    "consultant",
    "analyst",
    "economist",
    "historian",
    "emeritus",
    "institution",
    "conservatory",
    "consulate",
)


def link_people_as_read_now(apps, schema_editor):
    relinking = importlib.import_module("exchanges.migrations.0038_people_read_as_linking_does_now")
    relinking.relink_people_holding(apps, WORDS, roles=True)


class Migration(migrations.Migration):
    dependencies = [("exchanges", "0045_organisations_of_departments_and_offices")]

    operations = [migrations.RunPython(link_people_as_read_now, migrations.RunPython.noop)]
