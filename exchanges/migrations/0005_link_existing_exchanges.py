"""Every exchange's partners, sponsors, participants and location lines become links to entities.

Lines that differ only in case, punctuation or the spelling of "U.S." are one
entity (entities.names.normalise). The texts themselves are not changed: they
stay the record as recorded, so what could not be read as an entity is kept.
Pending submissions keep their lines; their names become entities when a
moderator approves them.
"""

from django.db import migrations

from exchanges.links import Linker, read_names


def link_every_exchange(apps, schema_editor):
    linker = Linker(apps)
    Exchange = apps.get_model("exchanges", "Exchange")
    for exchange in Exchange.objects.order_by("pk").iterator(chunk_size=500):
        linker.link(
            exchange,
            read_names(exchange.partners, exchange.sponsors, exchange.participants, exchange.location),
        )


class Migration(migrations.Migration):
    dependencies = [
        ("exchanges", "0004_entity_links"),
        ("entities", "0001_initial"),
    ]

    # Going back drops the link tables (0004); the entities created stay, as an editor's would.
    operations = [migrations.RunPython(link_every_exchange, migrations.RunPython.noop)]
