"""/api/v1/defenders/: partners read the defenders of public cases, without a confidential
field unless staff disclosed it for that defender; staff read and write, by role, the
defenders they may see (a defender only on restricted cases hidden from them is a 404)."""

import django_filters
from django.db.models import Prefetch
from django.utils.translation import gettext_lazy as _
from django_countries import countries
from drf_spectacular.utils import extend_schema_view
from rest_framework import serializers

from appeals_site.api.filters import UpdatedSinceFilter
from appeals_site.api.permissions import audience
from appeals_site.api.serializers import StrictModelSerializer
from appeals_site.api.viewsets import (
    ServiceWriteMixin,
    SyncReadViewSet,
    TombstonesMixin,
    tombstones_schema,
)
from appeals_site.audience import PARTNER
from appeals_site.audit.services import Action, audit_records_read
from appeals_site.confidential import confidential_fields, is_withheld
from cases.api.serializers import SourceAppealField, UncertainDateField
from cases.dates import UncertainDate, uncertain_date
from cases.models import Case, public_case_condition
from cases.selectors import defender_search, defender_tombstones_since, defenders_visible_to
from defenders.models import Affiliation, AreaOfWork, Defender, OtherName
from defenders.outward import AFFILIATION, DEFENDER, OTHER_NAME
from defenders.services import (
    defender_create,
    defender_has_confidential_facts,
    defender_update,
)


class OtherNameSerializer(StrictModelSerializer):
    # May name an appeal of another of the defender's cases.
    stated_in = SourceAppealField(same_case=False)
    changed_in = SourceAppealField(same_case=False)

    class Meta:
        model = OtherName
        fields = OTHER_NAME.names()
        # Uniqueness and order are the service's (defenders.services.other_names_edit).
        validators: list = []
        extra_kwargs = {"position": {"read_only": True}}


class StoredUncertainDateField(UncertainDateField):
    """An uncertain date stored as a record's columns (cases.dates): read from them, written
    as an UncertainDate (or null) that the service stores."""

    def __init__(self, **kwargs):
        kwargs.setdefault("required", False)
        kwargs.setdefault("allow_null", True)
        super().__init__(**kwargs)

    def get_attribute(self, instance) -> UncertainDate | None:
        return uncertain_date(instance, self.source)


def _uncertain_date_companions(name: str) -> dict:
    """Return the read-only fields beside the uncertain date `name` (defenders/outward.py)."""
    return {
        f"{name}_precision": {"read_only": True},
        f"{name}_latest": {"read_only": True},
    }


class AffiliationSerializer(StrictModelSerializer):
    stated_in = SourceAppealField(same_case=False)
    changed_in = SourceAppealField(same_case=False)
    since = StoredUncertainDateField(help_text="The start `period` states.")
    since_earliest = serializers.DateField(source="since", read_only=True, allow_null=True)

    class Meta:
        model = Affiliation
        fields = AFFILIATION.names()
        validators: list = []
        extra_kwargs = {"position": {"read_only": True}, **_uncertain_date_companions("since")}


class DefenderSerializer(StrictModelSerializer):
    """A defender. Confidential fields (marked x-confidential in the schema) reach partners
    only where disclosed; `disclosed_fields` itself is for staff."""

    areas_of_work = serializers.SlugRelatedField(
        many=True, slug_field="slug", queryset=AreaOfWork.objects.all(), required=False
    )
    other_names = OtherNameSerializer(
        many=True, required=False, help_text="Given: replaces the other names, in this order."
    )
    affiliations = AffiliationSerializer(
        many=True,
        required=False,
        help_text="Given: replaces the affiliations, in this order; the first is the primary.",
    )
    source_appeal = serializers.UUIDField(
        required=False,
        allow_null=True,
        write_only=True,
        help_text="The id of an appeal of one of the defender's cases that states the other "
        "names and affiliations written: those created get it as `stated_in` and "
        "`changed_in`, those changed as `changed_in`. Left out: no source is recorded.",
    )
    # As printed, or E.164; answered in E.164 (blank when it cannot be read so, with a
    # warning) beside `phone_as_printed`.
    phone = serializers.CharField(required=False, allow_blank=True, max_length=100)
    held_since = StoredUncertainDateField(help_text='As an appeal states it: "in custody since".')
    held_since_earliest = serializers.DateField(
        source="held_since", read_only=True, allow_null=True
    )
    work_since = StoredUncertainDateField(help_text="Doing this work since.")
    work_since_earliest = serializers.DateField(
        source="work_since", read_only=True, allow_null=True
    )

    class Meta:
        model = Defender
        # The declaration's fields (defenders/outward.py) but those counted for the case
        # documents, with the staff's `disclosed_fields` before the times.
        fields = [
            *(out.name for out in DEFENDER.outward if not out.computed and out.document),
            "disclosed_fields",
            *(out.name for out in DEFENDER.outward if not out.document),
            "source_appeal",
        ]
        read_only_fields = ["id", "created_at", "updated_at"]
        extra_kwargs = {
            **_uncertain_date_companions("held_since"),
            **_uncertain_date_companions("work_since"),
        }

    def to_representation(self, instance):
        data = super().to_representation(instance)
        if self.context.get("audience") == PARTNER:
            # When what partners read of the defender last changed (Defender.shared_at): a
            # confidential change alone leaves their document, and so its ETag, as it was.
            data["updated_at"] = serializers.DateTimeField().to_representation(instance.shared_at)
            data.pop("disclosed_fields", None)
            for name in confidential_fields(Defender):
                if is_withheld(instance, name):
                    data.pop(name, None)
        return data


class DefenderFilter(django_filters.FilterSet):
    country = django_filters.ChoiceFilter(
        choices=list(countries), help_text=_("ISO 3166-1 alpha-2 code, e.g. KG.")
    )
    situation = django_filters.ChoiceFilter(choices=Defender.Situation.choices)
    q = django_filters.CharFilter(
        method="filter_q",
        help_text=_("Part of a name: the full name, the name in local script or another name."),
    )
    updated_since = UpdatedSinceFilter(
        field_name="updated_at",
        lookup_expr="gt",
        help_text=_("ISO 8601 date and time with its offset: defenders changed after it."),
    )

    class Meta:
        model = Defender
        fields = ["country", "situation"]

    def filter_q(self, queryset, name, value):
        return defender_search(queryset, value)


@extend_schema_view(tombstones=tombstones_schema("defender"))
class DefenderViewSet(TombstonesMixin, ServiceWriteMixin, SyncReadViewSet):
    """Defenders: partners read those of public cases, confidential facts withheld unless
    disclosed; staff read those they may see (cases.selectors.defenders_visible_to) and write
    as their role allows."""

    queryset = Defender.objects.all()
    serializer_class = DefenderSerializer
    filterset_class = DefenderFilter
    http_method_names = ["get", "post", "put", "patch", "head", "options"]

    def get_queryset(self):
        if audience(self.request) == PARTNER:
            public = Case.defenders.through.objects.filter(
                case__in=Case.objects.filter(public_case_condition())
            )
            return Defender.objects.filter(pk__in=public.values("defender_id"))
        # A defender who appears only on restricted cases hidden from this member of staff
        # does not exist for them: left out of the list, 404 to read or write.
        return defenders_visible_to(self.request.user)

    def tombstones_since(self, *, since, audience):
        return defender_tombstones_since(
            visible=self.get_queryset(), since=since, audience=audience
        )

    def shape(self, queryset):
        sourced = ("stated_in__case", "changed_in__case")
        return queryset.prefetch_related(
            "areas_of_work",
            Prefetch("other_names", OtherName.objects.select_related(*sourced)),
            Prefetch("affiliations", Affiliation.objects.select_related(*sourced)),
        )

    def audit_read(self, rows, *, via):
        # Staff get every confidential fact: one audit entry per request names the defenders
        # whose facts were served.
        audit_records_read(
            action=Action.READ_CONFIDENTIAL,
            request=self.request,
            records={Defender: [d.pk for d in rows if defender_has_confidential_facts(d)]},
            via=via,
        )

    def write_warnings(self, instance):
        return {name: [warning] for name, warning in instance.warnings.items()}

    def perform_create(self, serializer):
        serializer.instance = defender_create(
            acting_user=self.request.user, **serializer.validated_data
        )

    def perform_update(self, serializer):
        serializer.instance = defender_update(
            defender=serializer.instance,
            acting_user=self.request.user,
            **serializer.validated_data,
        )
