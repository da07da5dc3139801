"""/api/v1/authorities/ and /api/v1/embassies/: the shared directory. Partners and staff read
all of it (nothing in it is confidential); staff write by role."""

import django_filters
from django.utils.translation import gettext_lazy as _
from django_countries import countries
from rest_framework import serializers

from appeals_site.api.filters import UpdatedSinceFilter
from appeals_site.api.serializers import StrictModelSerializer
from appeals_site.api.viewsets import ServiceWriteMixin, SyncReadViewSet
from authorities.models import Authority, AuthorityContact, Embassy
from authorities.outward import AUTHORITY, AUTHORITY_CONTACT, EMBASSY
from authorities.services import (
    authority_create,
    authority_update,
    embassy_create,
    embassy_update,
)


class AuthorityContactSerializer(StrictModelSerializer):
    class Meta:
        model = AuthorityContact
        fields = AUTHORITY_CONTACT.names()
        # Uniqueness is the service's to check, across the list given.
        validators: list = []
        extra_kwargs = {"position": {"required": False}}


class AuthoritySerializer(StrictModelSerializer):
    """An authority in its period of office, with its faxes, phones and e-mails (E.164)."""

    contacts = AuthorityContactSerializer(many=True, required=False)

    class Meta:
        model = Authority
        fields = AUTHORITY.names()
        read_only_fields = ["id", "created_at", "updated_at"]


class EmbassySerializer(StrictModelSerializer):
    """The embassy of `country` in `host_country` (a campaigner's country)."""

    phone = serializers.CharField(
        required=False, allow_blank=True, max_length=100, help_text="As printed, or E.164."
    )
    fax = serializers.CharField(
        required=False, allow_blank=True, max_length=100, help_text="As printed, or E.164."
    )

    class Meta:
        model = Embassy
        fields = EMBASSY.names()
        read_only_fields = ["id", "created_at", "updated_at"]
        # The model's constraints say it, through the service's full_clean.
        validators: list = []


_COUNTRY_HELP = _("ISO 3166-1 alpha-2 code, e.g. KG.")


class AuthorityFilter(django_filters.FilterSet):
    country = django_filters.ChoiceFilter(choices=list(countries), help_text=_COUNTRY_HELP)
    updated_since = UpdatedSinceFilter(field_name="updated_at", lookup_expr="gt")

    class Meta:
        model = Authority
        fields = ["country"]


class EmbassyFilter(django_filters.FilterSet):
    country = django_filters.ChoiceFilter(
        choices=list(countries), help_text=_("The country the embassy represents, e.g. KG.")
    )
    host_country = django_filters.ChoiceFilter(
        choices=list(countries),
        help_text=_("The country the embassy is in: a campaigner's own country, e.g. BE."),
    )
    updated_since = UpdatedSinceFilter(field_name="updated_at", lookup_expr="gt")

    class Meta:
        model = Embassy
        fields = ["country", "host_country"]


class AuthorityViewSet(ServiceWriteMixin, SyncReadViewSet):
    """The directory of authorities with their contacts: everyone reads, staff write as their
    role allows (contacts given replace the authority's contacts)."""

    queryset = Authority.objects.all()
    serializer_class = AuthoritySerializer
    filterset_class = AuthorityFilter
    http_method_names = ["get", "post", "put", "patch", "head", "options"]

    def shape(self, queryset):
        return queryset.prefetch_related("contacts")

    def write_warnings(self, instance):
        return {
            f"contacts[{index}].value": [contact.warning]
            for index, contact in enumerate(instance.contacts.all())
            if contact.warning
        }

    def perform_create(self, serializer):
        serializer.instance = authority_create(
            acting_user=self.request.user, **serializer.validated_data
        )

    def perform_update(self, serializer):
        serializer.instance = authority_update(
            authority=serializer.instance,
            acting_user=self.request.user,
            **serializer.validated_data,
        )


class EmbassyViewSet(ServiceWriteMixin, SyncReadViewSet):
    """Embassies of target countries in campaigners' countries: filter by `country` (the
    target) and `host_country` (the campaigner's own). Everyone reads; staff write."""

    queryset = Embassy.objects.all()
    serializer_class = EmbassySerializer
    filterset_class = EmbassyFilter
    http_method_names = ["get", "post", "put", "patch", "head", "options"]

    def write_warnings(self, instance):
        return {name: [warning] for name, warning in instance.warnings.items()}

    def perform_create(self, serializer):
        serializer.instance = embassy_create(
            acting_user=self.request.user, **serializer.validated_data
        )

    def perform_update(self, serializer):
        serializer.instance = embassy_update(
            embassy=serializer.instance,
            acting_user=self.request.user,
            **serializer.validated_data,
        )
