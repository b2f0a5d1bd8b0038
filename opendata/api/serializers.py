from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from exchanges.citations import permanent_url
from exchanges.models import Exchange, Source

from ..models import Withdrawal


class SourceSerializer(serializers.ModelSerializer):
    class Meta:
        model = Source
        fields = ["citation", "url"]


class ExchangeSerializer(serializers.ModelSerializer):
    url = serializers.SerializerMethodField(help_text="The exchange's permanent page.")
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
    display_date = serializers.CharField(
        read_only=True, help_text="The date as the record knows it: “June 2013”, “c. 1985”, “2013–2016”."
    )

    class Meta:
        model = Exchange
        fields = [
            "slug",
            "url",
            "title",
            "summary",
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
            "circa",
            "display_date",
            "continuing",
            "location",
            "sources",
            "created",
            "updated",
        ]
        read_only_fields = fields

    @extend_schema_field(OpenApiTypes.URI)
    def get_url(self, exchange):
        return permanent_url(exchange)


class WithdrawalSerializer(serializers.ModelSerializer):
    class Meta:
        model = Withdrawal
        fields = ["slug", "withdrawn_at"]
        read_only_fields = fields
