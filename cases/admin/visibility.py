"""Restricted cases in the admin: hidden from staff not assigned to them (administrators see
them). Each admin of cases or of a case's records filters its queryset with
cases.selectors.case_visibility_condition, so that the list, the pages, the actions, the
autocomplete of other forms and the history all agree; a hidden record answers 404, as a
record that does not exist does, so that its existence does not leak.

Defenders follow their cases (cases.selectors.defender_visibility_condition): every form that
names defenders offers only those the member of staff may see (DefenderChoicesMixin), and the
defenders' own admin (defenders/admin.py) hides the others as this module hides cases."""

from django.contrib.admin.utils import unquote
from django.core.exceptions import ValidationError
from django.http import Http404

from cases.models import Case
from cases.selectors import (
    case_visibility_condition,
    case_visible_to,
    cases_visible_to,
    defenders_visible_to,
)
from defenders.models import Defender


class DefenderChoicesMixin:
    """For an admin or inline whose form names defenders (a case's, a charge's, a hearing's):
    only the defenders the member of staff may see are choices. The autocomplete lists no
    other (it reads the defenders' admin), and a posted id of another is "not one of the
    available choices", as an id that names nobody."""

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.related_model is Defender:
            kwargs["queryset"] = defenders_visible_to(request.user)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)  # type: ignore[misc]

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        if db_field.related_model is Defender:
            kwargs["queryset"] = defenders_visible_to(request.user)
        return super().formfield_for_manytomany(db_field, request, **kwargs)  # type: ignore[misc]


class CaseVisibilityMixin(DefenderChoicesMixin):
    """For the admin of a model whose rows belong to a case. `case_path` is the lookup from
    the model to its case ("" for the case itself); `case_optional` keeps rows with no case
    (a country subscription)."""

    case_path = "case"
    case_optional = False

    def visible(self, request, queryset):
        """Return `queryset` without the rows of cases hidden from the request's user."""
        through = f"{self.case_path}__" if self.case_path else ""
        return queryset.filter(
            case_visibility_condition(request.user, through=through, optional=self.case_optional)
        )

    def get_queryset(self, request):
        return self.visible(request, super().get_queryset(request))  # type: ignore[misc]

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        # A record cannot be put on a case one may not see (the autocomplete lists it not,
        # and a posted id of it is "not one of the available choices").
        if db_field.related_model is Case:
            kwargs["queryset"] = cases_visible_to(request.user)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)  # type: ignore[misc]

    def _get_or_404(self, request, object_id):
        obj = self.get_object(request, unquote(object_id))  # type: ignore[attr-defined]
        if obj is None:
            raise Http404
        return obj

    def change_view(self, request, object_id, form_url="", extra_context=None):
        self._get_or_404(request, object_id)
        return super().change_view(request, object_id, form_url, extra_context)  # type: ignore[misc]

    def delete_view(self, request, object_id, extra_context=None):
        self._get_or_404(request, object_id)
        return super().delete_view(request, object_id, extra_context)  # type: ignore[misc]

    # History pages read the history tables, not get_queryset, and show a deleted record's
    # last version: check its case there too.

    def _history_visible(self, request, object_id) -> bool:
        object_id = unquote(object_id)
        model = self.model  # type: ignore[attr-defined]
        try:
            if self.get_queryset(request).filter(pk=object_id).exists():
                return True
            if model._default_manager.filter(pk=object_id).exists():
                return False  # it exists, on a case hidden from this user
        except (ValueError, ValidationError):
            return False  # not even an id
        if not hasattr(model, "history"):
            return False  # Django's own history page: nothing to show of a deleted row
        if not self.case_path:
            return case_visible_to(user=request.user, case_id=object_id)
        last = model.history.filter(id=object_id).order_by("-history_date", "-history_id").first()
        if last is None:
            return True  # nothing to show: simple-history answers 404
        case_id = getattr(last, f"{self.case_path}_id", None)
        return case_id is None or case_visible_to(user=request.user, case_id=case_id)

    def history_view(self, request, object_id, extra_context=None):
        if not self._history_visible(request, object_id):
            raise Http404
        return super().history_view(request, object_id, extra_context)  # type: ignore[misc]

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        if not self._history_visible(request, object_id):
            raise Http404
        return super().history_form_view(request, object_id, version_id, extra_context)  # type: ignore[misc]
