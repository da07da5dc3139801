"""Filters of the case list, its CSV export and the calendar (django-filter)."""

import django_filters
from django.utils.translation import gettext_lazy as _
from django_countries import countries

from appeals_site.api.filters import UpdatedSinceFilter
from appeals_site.api.permissions import audience
from cases.models import Case, Hearing, ViolationLabel
from cases.selectors import case_reference_condition, case_search
from defenders.models import Defender


class CaseFilter(django_filters.FilterSet):
    country = django_filters.ChoiceFilter(
        choices=list(countries), help_text=_("ISO 3166-1 alpha-2 code, e.g. KG.")
    )
    status = django_filters.ChoiceFilter(choices=Case.Status.choices)
    violation = django_filters.ModelMultipleChoiceFilter(
        field_name="violations",
        to_field_name="slug",
        queryset=ViolationLabel.objects.all(),
        method="filter_violation",
        help_text=_(
            "A violation label's slug, e.g. arbitrary-detention; repeat for any of several."
        ),
    )
    situation = django_filters.ChoiceFilter(
        choices=Defender.Situation.choices,
        method="filter_situation",
        help_text=_("Cases with a defender in this situation."),
    )
    hearing_from = django_filters.DateFilter(
        method="filter_hearing_from", help_text=_("Cases with a hearing on or after this date.")
    )
    hearing_to = django_filters.DateFilter(
        method="filter_hearing_to", help_text=_("Cases with a hearing on or before this date.")
    )
    updated_since = UpdatedSinceFilter(
        field_name="updated_at",
        lookup_expr="gt",
        help_text=_("ISO 8601 date and time with its offset: cases changed after it."),
    )
    reference = django_filters.CharFilter(
        method="filter_reference",
        help_text=_(
            "A reference in any archived spelling: the case's, one of its appeals' (another "
            "issuer's too, e.g. UA 182/14, or its index number), or an external reference's."
        ),
    )
    q = django_filters.CharFilter(
        method="filter_q", help_text=_("Full-text search over names, titles and text.")
    )

    class Meta:
        model = Case
        fields = ["country", "status"]

    def filter_violation(self, queryset, name, value):
        if not value:
            return queryset
        return queryset.filter(pk__in=Case.objects.filter(violations__in=value).values("pk"))

    def filter_situation(self, queryset, name, value):
        return queryset.filter(pk__in=Case.objects.filter(defenders__situation=value).values("pk"))

    def filter_hearing_from(self, queryset, name, value):
        return queryset.filter(
            pk__in=Hearing.objects.filter(local_date__gte=value).values("case_id")
        )

    def filter_hearing_to(self, queryset, name, value):
        return queryset.filter(
            pk__in=Hearing.objects.filter(local_date__lte=value).values("case_id")
        )

    def filter_reference(self, queryset, name, value):
        return queryset.filter(case_reference_condition(value, audience=audience(self.request)))

    def filter_q(self, queryset, name, value):
        return case_search(queryset, value, audience=audience(self.request))
