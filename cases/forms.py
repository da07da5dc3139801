"""Admin forms for cases: they validate input and ask the services what is allowed; they
decide nothing themselves."""

import zoneinfo
from functools import cache

from django import forms
from django.core.exceptions import PermissionDenied, ValidationError
from django.forms.models import BaseInlineFormSet
from django.utils.translation import gettext_lazy as _

from cases.models import Appeal, Case, Hearing
from cases.services import case_status_change_check

TIME_ZONE_DATALIST_ID = "iana-time-zones"


@cache
def time_zone_names() -> list[str]:
    """Return the IANA time zone names, for the list the time zone inputs suggest from."""
    return sorted(zoneinfo.available_timezones())


class TimeZoneInput(forms.TextInput):
    """A text input that suggests IANA names (Asia/Bishkek) from one <datalist> on the page,
    rather than a 600-option <select> repeated in every hearing form."""

    def __init__(self, attrs=None):
        super().__init__({"list": TIME_ZONE_DATALIST_ID, "autocomplete": "off", **(attrs or {})})


class CaseAdminForm(forms.ModelForm):
    """The case's own fields. Publishing, and taking a published case back, is for reviewers:
    the rule is cases.services.case_status_change_check, shown here as a form error."""

    # Set by CaseAdmin.get_form on a subclass made for the request.
    acting_user = None

    # Not a field of the case: the appeal the facts saved come from, named once for the whole
    # save (cases.services.case_save records it on the records written).
    source_appeal = forms.ModelChoiceField(
        queryset=Appeal.objects.none(),
        required=False,
        label=_("Source appeal"),
        help_text=_(
            "The appeal of this case that states what you enter or change on this page. "
            "Leave blank when no appeal does: no source is recorded."
        ),
    )

    class Meta:
        model = Case
        fields = [
            "title",
            "country",
            "time_zone",
            "status",
            "violations",
            "defenders",
            "assigned_staff",
            "summary",
            "background",
            "internal_notes",
            "disclosed_fields",
        ]
        widgets = {"time_zone": TimeZoneInput}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "source_appeal" in self.fields and self.instance.pk is not None:
            self.fields["source_appeal"].queryset = Appeal.objects.filter(
                case=self.instance
            ).select_related("issuer")

    def clean_status(self):
        status = self.cleaned_data["status"]
        try:
            case_status_change_check(user=self.acting_user, case=self.instance, status=status)
        except PermissionDenied as exc:
            raise ValidationError(str(exc), code="publish_permission") from exc
        return status


class HearingForm(forms.ModelForm):
    """A hearing in its court's own time zone, with why it moved when its date or time
    changes (kept by cases.services.hearing_save as a HearingMove)."""

    move_reason = forms.CharField(
        label=_("reason for the move"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Kept in the hearing's moves when you change its date, time or time zone."),
    )

    class Meta:
        model = Hearing
        fields = [
            "case",
            "court",
            "court_as_printed",
            "city",
            "local_date",
            "local_date_as_printed",
            "local_time",
            "time_as_printed",
            "time_zone",
            "purpose",
            "purpose_as_printed",
            "status",
            "defenders",
            "outcome",
            "observers_attending",
            "summoned",
        ]
        widgets = {"time_zone": TimeZoneInput}


class AppealTextFormSet(BaseInlineFormSet):
    """An appeal's texts: at most one language is the original.

    The database's partial unique constraint is the last guard, but Django validates neither
    it across the forms of one request nor against rows of a parent not yet saved.
    """

    def clean(self):
        super().clean()
        originals = [
            form
            for form in self.forms
            if form.cleaned_data.get("is_original") and form not in self.deleted_forms
        ]
        if len(originals) > 1:
            raise ValidationError(_("Only one language can be the original."), code="one_original")
