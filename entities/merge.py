"""Merging two entities of one kind into one: what a moderator does with a duplicate.

Every link to the merged entity is moved to the kept one, whatever model holds
it: the function walks the merged model's reverse relations in Django's model
metadata (every foreign key, one-to-one and many-to-many that points at it,
including the hidden foreign keys of many-to-many tables Django makes), so the
links the exchanges app and later apps add are moved without this app knowing
them. A link the kept entity already has (the same exchange, the same alias) is
a duplicate and is dropped rather than doubled.

Not covered: generic relations (content type + object id), which point at no
model in the metadata; none exists yet.
"""

from django.db import IntegrityError, transaction
from django.db.models import ForeignKey, OneToOneField
from django.dispatch import Signal
from django.utils import timezone
from django.utils.translation import gettext as _

from .names import normalise


class MergeError(ValueError):
    pass


# Sent (sender: the entity's model; kept: the entity kept) inside the merge's transaction once every
# link has moved, so that what the apps above keep about an entity's links (the exchanges app's
# count of its exchanges) follows without this app knowing them.
entities_merged = Signal()
# Sent (sender: the entity's model; kept, merged: the two, locked) inside the merge's transaction
# before any link moves, while the merged entity's links are still its own: the apps above can tell
# what named it (the exchanges app dates the records that will name the kept one instead).
entities_merging = Signal()


def merge(kept, merged):
    """Merge `merged` into `kept` in one transaction and delete `merged`; returns how many links moved.

    The merged entity's English and Chinese names become aliases of the kept
    one, its aliases move over, its Chinese name fills the kept one's if that is
    empty, its address becomes a former address of the kept one (its page leads
    there), and every link to it is re-pointed at the kept entity.
    """
    if type(kept) is not type(merged):
        raise MergeError(_("Only two entities of the same kind can be merged."))
    if kept.pk == merged.pk:
        raise MergeError(_("An entity cannot be merged into itself."))
    with transaction.atomic():
        # Locked, so that two moderators merging the same pair at once cannot both go ahead.
        model = type(kept)
        locked = {
            entity.pk: entity
            for entity in model.objects.select_for_update().filter(pk__in=[kept.pk, merged.pk])
        }
        if len(locked) != 2:
            raise MergeError(_("One of the two entities no longer exists."))
        kept, merged = locked[kept.pk], locked[merged.pk]
        entities_merging.send(sender=model, kept=kept, merged=merged)
        moved = sum(_move_links(relation, merged, kept) for relation in reverse_relations(model))
        _keep_names(kept, merged)
        _keep_address(kept, merged)
        merged.delete()
        entities_merged.send(sender=model, kept=kept)
    return moved


def reverse_relations(model):
    """Every foreign key and one-to-one field, in any installed model, that points at `model`.

    Many-to-many links are rows of their through table, which holds such a
    foreign key, so they are among these (hidden ones included).
    """
    return [
        field.remote_field
        for field in (
            relation.field
            for relation in model._meta.get_fields(include_hidden=True)
            if relation.auto_created
            and not relation.concrete
            and (relation.one_to_many or relation.one_to_one)
        )
        if isinstance(field, ForeignKey | OneToOneField)
    ]


def _move_links(relation, merged, kept):
    """Re-point one relation's rows at `kept`: all at once, or row by row when some would be duplicates."""
    holder, field = relation.related_model, relation.field
    rows = holder._base_manager.filter(**{field.name: merged})
    changes = {field.name: kept}
    if holder is type(kept):
        # A place inside the merged one that is the kept one itself stays where it is.
        rows = rows.exclude(pk=kept.pk)
        # The others lie in the kept one now, as their records say: dated, as a save would.
        changes["updated"] = timezone.now()
    try:
        with transaction.atomic():
            return rows.update(**changes)
    except IntegrityError:
        pass
    moved = 0
    for row in rows:
        try:
            with transaction.atomic():
                holder._base_manager.filter(pk=row.pk).update(**changes)
            moved += 1
        except IntegrityError:
            # The kept entity already has this link (a unique constraint says so): drop the copy.
            holder._base_manager.filter(pk=row.pk).delete()
    return moved


def _keep_address(kept, merged):
    """The merged entity's address leads to the kept one from now on. The addresses that led to the
    merged one have moved over with the links. An address given again to a new entity, and that one
    merged in turn, leads to the newest entity kept: the last one to live there."""
    former_slugs = type(kept).former_slugs.rel.related_model.objects
    former_slugs.update_or_create(slug=merged.slug, defaults={"entity": kept})


def _keep_names(kept, merged):
    if not kept.chinese_name and merged.chinese_name:
        kept.chinese_name = merged.chinese_name
        kept.chinese_key = normalise(kept.chinese_name)
    aliases = kept.aliases
    known = {alias.key for alias in aliases.all()} | {kept.key, kept.chinese_key}
    for name in (merged.name, merged.chinese_name):
        key = normalise(name)
        if key and key not in known:
            aliases.create(name=name)
            known.add(key)
    # Aliases that merely repeat the kept entity's own names say nothing.
    aliases.filter(key__in=[kept.key, kept.chinese_key]).delete()
    if getattr(kept, "parent_id", None) == merged.pk:
        # The kept place lay in the merged one: it now lies where the merged one lay.
        kept.parent_id = merged.parent_id
    kept.save()
