"""Exchanges whose participants line gives a person's role in brackets after the name are linked
again.

Linking read "Zhou Enlai (Premier)" as Zhou Enlai with the role "(Premier)", a note to no role, and
"Wang Yi (Foreign Minister) and Antony Blinken (Secretary of State)" as text: names joined by "and"
with a bracket after the last were not taken for people, the bracket perhaps being of them all
("Lun Lun and Yang Yang (pandas)"). A bracket holding a role alone after a name with no other role
is now that role ("Premier"), and names joined by "and", each with such a bracket of its own, are
people (entities.names._with_note, _each_with_a_role). As exchanges 0046 does, with 0038's
function: of the lines holding a bracket, those naming other people than they link to, or giving
them other roles, are linked again as publishing links them and dated if their links changed; the
entities touched are counted again. Other brackets ("Jane Doe (Harvard)", "Governor Terry Branstad
(Iowa)") read as before.

Safe to run again: a second run finds nothing to link. Nothing to undo: the old code reads the new
links as any other.
"""

import importlib

from django.db import migrations

# Round, full-width and square brackets: linking reads square ones as round.
WORDS = ("(", "（", "[")


def link_people_as_read_now(apps, schema_editor):
    relinking = importlib.import_module("exchanges.migrations.0038_people_read_as_linking_does_now")
    relinking.relink_people_holding(apps, WORDS, roles=True)


class Migration(migrations.Migration):
    dependencies = [("exchanges", "0048_organisations_of_units_named_with_and")]

    operations = [migrations.RunPython(link_people_as_read_now, migrations.RunPython.noop)]
