"""Exchanges whose location line holds a note in a bracket, a district or vague words are linked again.

Linking read "Beijing (APEC)", "Beijing (Haidian)" or "Shenzhen (Special Economic Zone)" as one
unknown place of that whole name, in no country, and so linked the exchange to no place at all
(nor to Beijing or Shenzhen); "Tianjin (Binhai New Area)" likewise; and "Beijing, Haidian District",
written from the largest place down as Chinese addresses are, as Beijing and a district in no
country, linked to Beijing only. It now reads a bracket naming no known place after a known one as
a note on it (the place is linked, the bracket kept in the text shown), and a district of a city in
China, in a bracket after it or after it with a comma, as lying in that city (entities.names:
_note_in_brackets_aside, _site_in_brackets_as_a_part, _largest_first_as_a_part). Vague words naming
no place ("Various U.S. cities", linked to no place; "Various cities, United States", linked to a
place "Various cities" made in the United States; "Beijing and other Chinese cities", to Beijing
only) now leave the country or the known place among them (entities.names._vaguely_in): the United
States, China, Beijing and China; and of two countries one after the other ("United States, China")
neither is dropped. A place made of vague words, left linked by nothing, without an alias or a place
within it, is deleted as 0035 deletes one ("Various cities" is no place of that name now).

As exchanges 0035 did for the readings before it, and with its function: every exchange's location
line is read as linking reads it now, one naming other places than it links to is linked again as
publishing links it and dated if its links changed, and the entities touched are counted again.
Safe to run again: a second run finds nothing to link. Nothing to undo: the old code reads the new
links as any other.
"""

import importlib

from django.db import migrations


def link_places_as_read_now(apps, schema_editor):
    relinking = importlib.import_module("exchanges.migrations.0035_places_read_as_linking_does_now")
    relinking.link_places_as_read_now(apps, schema_editor)


class Migration(migrations.Migration):
    dependencies = [("exchanges", "0036_organisations_in_brackets_read_as_linking_does_now")]

    operations = [migrations.RunPython(link_places_as_read_now, migrations.RunPython.noop)]
