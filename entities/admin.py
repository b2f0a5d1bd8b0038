"""The admin for people, organisations and places: search by any name, edit aliases, merge duplicates."""

from django import forms
from django.contrib import admin, messages
from django.db import transaction
from django.db.models import Exists, OuterRef, Q
from django.template.loader import render_to_string
from django.template.response import TemplateResponse
from django.urls import NoReverseMatch, reverse
from django.utils.html import format_html
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from .merge import MergeError, merge
from .models import Organisation, OrganisationAlias, Person, PersonAlias, Place, PlaceAlias
from .names import foreign_family_name, normalise
from .templatetags.languages import lang_marked

# The most entities one merge takes: more is most likely "select all" by mistake.
MERGE_AT_MOST = 20


class MergeForm(forms.Form):
    """Which of the selected entities to keep; the others are merged into it.

    Its choices are the entities the page lists, read once: a ModelChoiceField reads its queryset
    again, to draw the choices and to check the one chosen."""

    keep = forms.TypedChoiceField(
        coerce=int,
        widget=forms.RadioSelect,
        label=_("Keep"),
        help_text=_("The others become aliases of this one, and their links move to it."),
        error_messages={"required": _("Choose the one to keep.")},
    )

    def __init__(self, *args, entities, **kwargs):
        super().__init__(*args, **kwargs)
        self.entities = {entity.pk: entity for entity in entities}
        # "PRC Ministry of Education (教育部)": its Chinese marked as such, as on the rest of the page.
        self.fields["keep"].choices = [(entity.pk, lang_marked(entity.label)) for entity in entities]

    def clean_keep(self):
        return self.entities[self.cleaned_data["keep"]]


class EntityForm(forms.ModelForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Typed in Chinese: a browser offers a Chinese font and spelling, a screen reader a Chinese voice.
        if "chinese_name" in self.fields:
            self.fields["chinese_name"].widget.attrs["lang"] = "zh"


class EntityAdmin(admin.ModelAdmin):
    form = EntityForm
    list_display = ["marked_name", "marked_chinese_name", "alias_list", "slug"]
    search_fields = ["name", "chinese_name", "aliases__name"]
    readonly_fields = ["slug", "former_addresses", "created", "updated"]
    actions = ["merge_selected"]

    class Media:
        css = {"all": ["css/admin-fields.css"]}

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("aliases")

    def get_search_results(self, request, queryset, search_term):
        """Also find entities by folded names: "US Department of State" finds "U.S. Department of State"."""
        results, may_have_duplicates = super().get_search_results(request, queryset, search_term)
        key = normalise(search_term)
        if key:
            aliases = self.model.aliases.rel.related_model.objects.filter(key__contains=key)
            results = results | queryset.filter(
                Q(key__contains=key) | Q(chinese_key__contains=key) | Q(pk__in=aliases.values("entity"))
            )
        return results, may_have_duplicates

    def save_related(self, request, form, formsets, change):
        """A name changed stays an alias: every time an exchange is published its links are made
        again from its text, and one that names the entity as it was called would otherwise make a
        new entity of the old name and leave this one."""
        super().save_related(request, form, formsets, change)
        self.warn_of_namesakes(request, form.instance)
        if not change:
            return
        for field in ("name", "chinese_name"):
            old = form.initial.get(field)
            if field in form.changed_data and old and form.instance.add_alias(old):
                self.message_user(
                    request,
                    gettext(
                        "“%(old)s” is kept as an alias, so that the exchanges naming it stay linked to "
                        "“%(name)s”; delete the alias if no record should name it so."
                    )
                    % {"old": old, "name": form.instance.name},
                )

    def warn_of_namesakes(self, request, entity):
        """Say so when another entity of its kind has its name or Chinese name: linking gives a
        name to the oldest entity called so, and the other is never linked by it."""
        keys = {entity.key, entity.chinese_key} - {""}
        namesakes = self.model.objects.exclude(pk=entity.pk).filter(Q(key__in=keys) | Q(chinese_key__in=keys))
        for namesake in namesakes[:3]:
            url = reverse(
                f"admin:{namesake._meta.app_label}_{namesake._meta.model_name}_change", args=[namesake.pk]
            )
            self.message_user(
                request,
                format_html(
                    gettext(
                        "“{name}” is called so too: the exchanges that name it link to the older of "
                        'the two (<a href="{url}">see it</a>). If they are one, merge them.'
                    ),
                    url=url,
                    name=namesake.name,
                ),
                messages.WARNING,
            )

    def view_on_site(self, entity):
        # The public pages of entities come with the catalogue; until then there is no link.
        try:
            return entity.get_absolute_url()
        except NoReverseMatch:
            return None

    @admin.display(description=_("former addresses"))
    def former_addresses(self, entity):
        """The addresses of the entities merged into it, which lead to its page: a moderator who
        followed one here sees why. Shown, never edited: researchers cite them."""
        former_slugs = entity.former_slugs.all() if entity.pk else []
        addresses = [
            (reverse(entity.url_name, kwargs={"slug": former.slug}), former.created)
            for former in former_slugs
        ]
        return render_to_string("admin/entities/_former_addresses.html", {"addresses": addresses})

    @admin.display(description=_("aliases"))
    def alias_list(self, entity):
        return lang_marked(", ".join(alias.name for alias in entity.aliases.all()))

    # The names in the lists, their Chinese marked as Chinese, as the public pages mark them.
    @admin.display(description=_("English name"), ordering="name")
    def marked_name(self, entity):
        return lang_marked(entity.name)

    @admin.display(description=_("Chinese name"), ordering="chinese_name")
    def marked_chinese_name(self, entity):
        return lang_marked(entity.chinese_name) or "-"

    def has_merge_permission(self, request):
        """Merging changes one entity and deletes the others: it takes both permissions."""
        return self.has_change_permission(request) and self.has_delete_permission(request)

    @admin.action(description=_("Merge into one…"), permissions=["merge"])
    def merge_selected(self, request, queryset):
        """Ask which selected entity to keep (a page of its own), then merge the others into it."""
        # Read once, with what their names show (aliases, where a place lies), for the count, the
        # choices and the list alike; one more than may be merged at once, to say there are too many.
        entities = list(self.entities_to_merge(queryset)[: MERGE_AT_MOST + 1])
        selected = len(entities)
        ticked = len(set(request.POST.getlist(admin.helpers.ACTION_CHECKBOX_NAME)))
        if selected > MERGE_AT_MOST:
            # Most likely "select all" by mistake: a merge cannot be undone.
            self.message_user(
                request,
                _("Select at most %(limit)d to merge at once.") % {"limit": MERGE_AT_MOST},
                messages.WARNING,
            )
            return None
        if request.POST.get("select_across") != "1" and selected < ticked:
            # Another moderator merged or deleted one since the list was shown: what is left may
            # not be what this one meant to merge.
            self.message_user(request, self.gone_message(ticked - selected, ticked), messages.WARNING)
            return None
        if selected < 2:
            self.message_user(request, _("Select two or more to merge into one."), messages.WARNING)
            return None
        form = MergeForm(request.POST if "confirm" in request.POST else None, entities=entities)
        if form.is_valid():
            kept = form.cleaned_data["keep"]
            others = [entity for entity in entities if entity.pk != kept.pk]
            try:
                # One transaction for them all, as a failure part way leaves none merged.
                with transaction.atomic():
                    moved = sum(merge(kept, other) for other in others)
            except MergeError as error:
                self.message_user(request, str(error), messages.ERROR)
                return None
            self.message_user(
                request,
                gettext("Merged %(count)d into “%(name)s”; %(links)d link(s) moved.")
                % {"count": len(others), "name": kept.name, "links": moved},
                messages.SUCCESS,
            )
            return None
        context = {
            **self.admin_site.each_context(request),
            "title": _("Merge into one"),
            "opts": self.model._meta,
            "form": form,
            "entities": entities,
            "action_name": "merge_selected",
            "action_checkbox_name": admin.helpers.ACTION_CHECKBOX_NAME,
        }
        return TemplateResponse(request, "admin/entities/merge.html", context)

    def entities_to_merge(self, queryset):
        return queryset.prefetch_related("aliases")

    def gone_message(self, gone, ticked):
        return ngettext(
            "%(gone)d of the %(ticked)d selected no longer exists: another moderator merged or "
            "deleted it meanwhile. Nothing was merged; select again those to merge.",
            "%(gone)d of the %(ticked)d selected no longer exist: another moderator merged or "
            "deleted them meanwhile. Nothing was merged; select again those to merge.",
            gone,
        ) % {"gone": gone, "ticked": ticked}


class SameAsAnotherFilter(admin.SimpleListFilter):
    """Organisations that may be another one: for a moderator to merge them (or not).

    Linking reads "Ministry of Commerce (MOFCOM)" as the Ministry of Commerce with the alias
    MOFCOM, and a line "MOFCOM" as it; an organisation made of "MOFCOM" before the alias existed
    is named as another's alias. One named with capitals in brackets ("Peking University (PKU)")
    is one whose bracket was not read as its abbreviation, or was made before they were read."""

    title = _("may be the same as another")
    parameter_name = "same"

    def lookups(self, request, model_admin):
        return [("alias", _("Named as another’s alias")), ("brackets", _("Named with capitals in brackets"))]

    def queryset(self, request, queryset):
        if self.value() == "alias":
            aliases = OrganisationAlias.objects.filter(key=OuterRef("key")).exclude(entity=OuterRef("pk"))
            return queryset.filter(Exists(aliases))
        if self.value() == "brackets":
            # Two capitals or more, as linking reads an abbreviation ("(PKU)", "(MoE)").
            return queryset.filter(name__regex=r"[(（][A-Z][A-Za-z]*[A-Z][A-Za-z]*[)）]\s*$")
        return queryset


class AliasFormSet(forms.BaseInlineFormSet):
    """Aliases as linking reads them, by their folded key: two spellings of one key are one alias
    (an entity holds each key once, and a second was a database error), and an alias that is the
    entity's own name says nothing."""

    def clean(self):
        super().clean()
        entity = self.instance
        own = {normalise(entity.name), normalise(entity.chinese_name)} - {""}
        seen = {}
        for form in self.forms:
            data = getattr(form, "cleaned_data", None) or {}
            name = data.get("name")
            if not name or data.get("DELETE"):
                continue
            key = normalise(name)
            if key in own:
                form.add_error(
                    "name",
                    gettext("“%(name)s” is the %(kind)s’s own name: it needs no alias.")
                    % {"name": name, "kind": entity._meta.verbose_name},
                )
            elif key in seen:
                form.add_error(
                    "name",
                    gettext(
                        "“%(name)s” is the same name as “%(other)s”: spellings that differ only in "
                        "case, punctuation or accents are one alias."
                    )
                    % {"name": name, "other": seen[key]},
                )
            else:
                seen[key] = name


class AliasInline(admin.TabularInline):
    formset = AliasFormSet
    extra = 1
    fields = ["name"]


class OrganisationAliasInline(AliasInline):
    model = OrganisationAlias


class PersonAliasInline(AliasInline):
    model = PersonAlias


class PlaceAliasInline(AliasInline):
    model = PlaceAlias


@admin.register(Organisation)
class OrganisationAdmin(EntityAdmin):
    inlines = [OrganisationAliasInline]
    list_filter = [SameAsAnotherFilter]
    fields = ["name", "chinese_name", "slug", "former_addresses", "created", "updated"]


@admin.register(Person)
class PersonAdmin(EntityAdmin):
    inlines = [PersonAliasInline]
    fields = ["name", "chinese_name", "slug", "former_addresses", "created", "updated"]

    def save_related(self, request, form, formsets, change):
        """A foreign name in Chinese given ("亨利·基辛格") makes the family name after its dot an
        alias, as publishing does, once the aliases typed in the form are saved: "基辛格" alone on a
        participants line is then this person."""
        super().save_related(request, form, formsets, change)
        family = foreign_family_name(form.instance.chinese_name)
        if "chinese_name" in form.changed_data and family and form.instance.add_alias(family):
            self.message_user(
                request,
                gettext(
                    "“%(alias)s”, the family name in “%(chinese_name)s”, is now an alias, so that "
                    "participants written so link here; delete it if it names someone else too."
                )
                % {"alias": family, "chinese_name": form.instance.chinese_name},
            )


@admin.register(Place)
class PlaceAdmin(EntityAdmin):
    inlines = [PlaceAliasInline]
    list_display = ["marked_name", "marked_chinese_name", "kind", "country", "parent", "alias_list", "slug"]
    list_filter = ["kind", "country"]
    list_select_related = ["parent"]
    autocomplete_fields = ["parent"]
    fields = [
        "name",
        "chinese_name",
        "kind",
        "country",
        "country_name",
        "parent",
        "slug",
        "former_addresses",
        "created",
        "updated",
    ]

    def entities_to_merge(self, queryset):
        # Each one's label says where it lies.
        return super().entities_to_merge(queryset).select_related("parent")

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        # Its exchanges are linked to the places it now lies in by the worker, once this saves
        # (exchanges/tasks.py): said, so that a list by place that still shows them at once is expected.
        if change and "parent" in form.changed_data and obj.exchange_count:
            self.message_user(
                request,
                _(
                    "The exchanges in “%(place)s” are being linked to the places it now lies in: lists "
                    "by place show them there in a few moments."
                )
                % {"place": obj.name},
            )
