from django.contrib import admin
from django.db import models
from django.utils.translation import gettext_lazy as _

from .admin_inputs import UntrustedInputAdminMixin
from .models import Exchange, Source


class SourceInline(admin.TabularInline):
    model = Source
    extra = 1
    fields = ["citation", "url", "position"]
    # A URL typed without a scheme is read as https://, as Django 6 will do.
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}


@admin.register(Exchange)
class ExchangeAdmin(UntrustedInputAdminMixin, admin.ModelAdmin):
    list_display = ["title", "display_date", "type", "government", "level", "status", "updated"]
    list_filter = ["status", "type", "government", "level", "continuing", "date_precision"]
    search_fields = ["title", "summary", "partners", "sponsors", "participants", "location"]
    date_hierarchy = "date"
    readonly_fields = ["slug", "created", "updated"]
    inlines = [SourceInline]

    class Media:
        css = {"all": ["css/admin-fields.css"]}

    fieldsets = [
        (None, {"fields": ["title", "slug", "status", "summary", "outcomes"]}),
        (_("Classification"), {"fields": ["government", "type", "level", "continuing"]}),
        (
            _("Who"),
            {
                "fields": [
                    "partners",
                    "sponsors",
                    "participants",
                    "participant_count",
                    "participant_count_note",
                ]
            },
        ),
        (_("When and where"), {"fields": ["date", "date_precision", "end_date", "location"]}),
        (_("Record"), {"fields": ["created", "updated"]}),
    ]

    @admin.display(description=_("exchange date"), ordering="date")
    def display_date(self, exchange):
        return exchange.display_date
