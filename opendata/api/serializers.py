from django.conf import settings
from django.urls import reverse
from django.utils.http import urlencode
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from entities.models import DeletedEntity, Organisation, Person, Place
from exchanges.citations import permanent_url
from exchanges.models import Exchange, ExchangeOrganisation, ExchangePerson, ExchangePlace, Source

from ..models import Withdrawal


class SourceSerializer(serializers.ModelSerializer):
    class Meta:
        model = Source
        fields = ["citation", "url"]


class LinkedOrganisationSerializer(serializers.ModelSerializer):
    slug = serializers.CharField(source="organisation.slug", read_only=True)
    name = serializers.CharField(source="organisation.name", read_only=True)

    class Meta:
        model = ExchangeOrganisation
        fields = ["slug", "name", "role"]
        read_only_fields = fields


class LinkedPersonSerializer(serializers.ModelSerializer):
    slug = serializers.CharField(source="person.slug", read_only=True)
    name = serializers.CharField(source="person.name", read_only=True)

    class Meta:
        model = ExchangePerson
        fields = ["slug", "name", "title"]
        read_only_fields = fields


class LinkedPlaceSerializer(serializers.ModelSerializer):
    slug = serializers.CharField(source="place.slug", read_only=True)
    name = serializers.CharField(source="place.name", read_only=True)

    class Meta:
        model = ExchangePlace
        fields = ["slug", "name"]
        read_only_fields = fields


class ExchangeSerializer(serializers.ModelSerializer):
    url = serializers.SerializerMethodField(
        help_text="The exchange's page at its permanent address, under the site's public address whatever "
        "host answered: the address to cite or link."
    )
    partners = serializers.ListField(child=serializers.CharField(), source="partner_list", read_only=True)
    sponsors = serializers.ListField(child=serializers.CharField(), source="sponsor_list", read_only=True)
    sources = SourceSerializer(many=True, read_only=True)
    # Empty when the exchange was not between governments or the record does not say.
    levels = serializers.ListField(
        child=serializers.ChoiceField(choices=Exchange.Level.choices),
        read_only=True,
        help_text="The levels of government, national, state and local; empty when none is recorded.",
    )
    # Empty when the record does not say.
    type = serializers.ChoiceField(
        choices=Exchange.Type.choices,
        allow_blank=True,
        read_only=True,
        help_text="The type of exchange; empty when the record does not say, “other” when no choice fits.",
    )
    end_precision = serializers.ChoiceField(
        source="end_date_precision",
        choices=Exchange.Precision.choices,
        allow_null=True,
        read_only=True,
        help_text="How exactly the end of a span is known: `month` for “1985 – March 1986”, which ends in "
        "March 1986 though it begins in a year; as `date_precision` when both ends are known alike; null "
        "without `end_date`.",
    )
    display_date = serializers.CharField(
        read_only=True, help_text="The date as the record knows it: “June 2013”, “c. 1985”, “2013–2016”."
    )
    # The links read from the record's texts (exchanges/links.py), as prefetched by with_entities().
    organisations = LinkedOrganisationSerializer(
        many=True,
        read_only=True,
        source="organisation_links",
        help_text="The organisations linked, each as partner or sponsor.",
    )
    people = LinkedPersonSerializer(
        many=True,
        read_only=True,
        source="person_links",
        help_text="The people linked, with the title each held at the time.",
    )
    places = LinkedPlaceSerializer(
        many=True,
        read_only=True,
        source="place_links",
        help_text="The places the record names (not the places those lie in).",
    )
    updated = serializers.DateTimeField(
        read_only=True,
        help_text="When its record last changed: the exchange edited, or an organisation, person or place "
        "it lists renamed, merged into another or deleted (modified_after reads it).",
    )
    first_published = serializers.DateTimeField(
        source="published",
        read_only=True,
        help_text="When it was first made public; kept if it is withdrawn and published again.",
    )

    class Meta:
        model = Exchange
        fields = [
            "slug",
            "url",
            "title",
            "title_zh",
            "summary",
            "summary_zh",
            "outcomes",
            "government",
            "type",
            "type_as_recorded",
            "levels",
            "partners",
            "sponsors",
            "participants",
            "participant_count",
            "participant_count_note",
            "date",
            "date_precision",
            "end_date",
            "end_precision",
            "circa",
            "display_date",
            "continuing",
            "location",
            "notes",
            "sources",
            "organisations",
            "people",
            "places",
            "created",
            "updated",
            "first_published",
        ]
        read_only_fields = fields

    @extend_schema_field(OpenApiTypes.URI)
    def get_url(self, exchange):
        return permanent_url(exchange)


class WithdrawalSerializer(serializers.ModelSerializer):
    # Annotated by WithdrawalViewSet, from the exchange withdrawn.
    reason = serializers.CharField(
        read_only=True,
        help_text="Why it was withdrawn, as a moderator wrote it and the page left at its address shows it "
        '(“A duplicate of …”; it may hold line breaks); "" when none was given, or when the exchange '
        "was deleted.",
    )

    class Meta:
        model = Withdrawal
        fields = ["slug", "withdrawn_at", "reason"]
        read_only_fields = fields


class EntityWithdrawalSerializer(serializers.ModelSerializer):
    """An address withdrawn as an exchange's is (WithdrawalSerializer), and where it leads now."""

    withdrawn_at = serializers.DateTimeField(
        source="deleted_at",
        read_only=True,
        help_text="When it was deleted or merged into another (withdrawn_after reads it).",
    )
    # Annotated by DeletedEntity.objects.gone().
    merged_into = serializers.CharField(
        read_only=True,
        allow_null=True,
        help_text="The slug of the entity it was merged into, the newest kept after later merges "
        "(its address leads there); null when it was deleted.",
    )

    class Meta:
        model = DeletedEntity
        fields = ["slug", "withdrawn_at", "merged_into"]
        read_only_fields = fields


class EntitySerializer(serializers.ModelSerializer):
    """What every kind of entity has; `exchange_count` is kept on the entity (exchanges/counts.py)."""

    aliases = serializers.SlugRelatedField(
        many=True,
        read_only=True,
        slug_field="name",
        help_text="Other spellings, romanisations, abbreviations.",
    )
    url = serializers.SerializerMethodField(
        help_text="The entity's page at its permanent address, under the site's public address whatever "
        "host answered: the address to cite or link."
    )
    exchange_count = serializers.IntegerField(
        read_only=True, help_text="How many published exchanges are linked to it (the count of `exchanges`)."
    )
    exchanges = serializers.SerializerMethodField(
        help_text="The API's list of the published exchanges filtered by this entity, on the host the "
        "request was sent to (as `next` is), to follow."
    )

    class Meta:
        fields = [
            "slug",
            "url",
            "name",
            "chinese_name",
            "aliases",
            "exchange_count",
            "exchanges",
            "created",
            "updated",
        ]
        read_only_fields = fields

    @extend_schema_field(OpenApiTypes.URI)
    def get_url(self, entity):
        return settings.SITE_URL.rstrip("/") + entity.get_absolute_url()

    @extend_schema_field(OpenApiTypes.URI)
    def get_exchanges(self, entity):
        path = reverse("api:exchange-list") + "?" + urlencode({entity.entity_kind: entity.slug})
        request = self.context.get("request")
        return request.build_absolute_uri(path) if request else settings.SITE_URL.rstrip("/") + path


class OrganisationSerializer(EntitySerializer):
    class Meta(EntitySerializer.Meta):
        model = Organisation


class PersonSerializer(EntitySerializer):
    class Meta(EntitySerializer.Meta):
        model = Person


class PlaceSerializer(EntitySerializer):
    parent = serializers.SlugRelatedField(
        slug_field="slug",
        read_only=True,
        allow_null=True,
        help_text="The slug of the place this one lies in, e.g. california for Los Angeles; null when none.",
    )
    # Empty when not known.
    country = serializers.ChoiceField(
        choices=Place.Country.choices,
        allow_blank=True,
        read_only=True,
        help_text="US, CN, other (see country_name), or empty when not known.",
    )

    class Meta(EntitySerializer.Meta):
        model = Place
        fields = [
            *EntitySerializer.Meta.fields[:5],
            "kind",
            "country",
            "country_name",
            "parent",
            *EntitySerializer.Meta.fields[5:],
        ]
        read_only_fields = fields
