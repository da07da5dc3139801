"""The admin saves through the same services as the API.

A change page's main form and inline formsets are made into one edit (appeals_site.edits:
the root's fields as the form set them, and the records added, changed and deleted), and
`save_related` hands it to one service call (`case_save`, `appeal_save`, `defender_save` …),
which validates, saves and does all the follow-up work. No admin hook does any of it itself.

A ValidationError from the service is shown where it belongs: the page is shown again from
the same POST, with each error on the field or inline form it names (errors are named by the
form's prefix: "title", "charges-1.article", "detention_periods-0-extensions-2"). Everything
the refused attempt wrote is rolled back with the transaction changeform_view runs in.

A service that refuses a record the acting user may not see (a defender only on restricted
cases hidden from them: defenders.services.defender_visible_check) raises Http404 instead: it
passes through here untouched, the page answers 404, as for a record that does not exist, and
the transaction is rolled back. The change page answers 404 before that already; the service's
refusal is what holds for every other caller.
"""

from collections.abc import Callable

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import transaction
from django.forms import BaseForm
from django.forms.models import BaseModelFormSet

from appeals_site.edits import RecordEdit, RecordEdits


class _ServiceRefused(Exception):
    def __init__(self, error: ValidationError):
        super().__init__(error)
        self.error = error


def _error_dict(error: ValidationError) -> dict[str, list[str]]:
    if hasattr(error, "error_dict"):
        return {name: ValidationError(errors).messages for name, errors in error.error_dict.items()}
    return {NON_FIELD_ERRORS: error.messages}


def _place(form: BaseForm, errors: dict[str, list[str]], *, prefix: str) -> None:
    """Add to `form` the errors named under `prefix` ("" for the main form), and take them
    out of `errors`."""
    for key in list(errors):
        path, _dot, name = key.rpartition(".")
        if key == prefix and prefix:
            form.add_error(None, errors.pop(key))
        elif path == prefix and name in form.fields:
            form.add_error(name, errors.pop(key))


class _ServiceErrorsForm:
    """The main form of a page shown again after the service refused the save: it carries the
    errors not placed on an inline form (set on the class made for the request)."""

    service_errors: dict[str, list[str]] = {}

    def _post_clean(self):
        super()._post_clean()  # type: ignore[misc]
        errors = self.service_errors
        _place(self, errors, prefix="")  # type: ignore[arg-type]
        for key in list(errors):
            # Named nowhere on this page: said at the top of the form, with its name.
            messages = errors.pop(key)
            self.add_error(  # type: ignore[attr-defined]
                None, messages if key == NON_FIELD_ERRORS else [f"{key}: {m}" for m in messages]
            )


class ServiceSaveAdminMixin:
    """Save the change page through one service call: subclasses define
    `save_through_service(request, form, formsets, change)`."""

    def save_through_service(self, request, form, formsets, change) -> None:
        raise NotImplementedError

    def save_model(self, request, obj, form, change):
        # Saved with its inline records, in one service call: see save_related.
        pass

    def save_related(self, request, form, formsets, change):
        try:
            with transaction.atomic():
                self.save_through_service(request, form, formsets, change)
        except ValidationError as exc:
            raise _ServiceRefused(exc) from exc

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        try:
            return super().changeform_view(  # type: ignore[misc]
                request, object_id, form_url, extra_context
            )
        except _ServiceRefused as refused:
            if getattr(request, "_service_errors", None) is not None:
                raise refused.error from refused  # shown already, refused again
            request._service_errors = _error_dict(refused.error)
            return super().changeform_view(  # type: ignore[misc]
                request, object_id, form_url, extra_context
            )

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change=change, **kwargs)  # type: ignore[misc]
        errors = getattr(request, "_service_errors", None)
        if errors is None:
            return form
        return type(form.__name__, (_ServiceErrorsForm, form), {"service_errors": errors})

    def _create_formsets(self, request, obj, change):
        formsets, inline_instances = super()._create_formsets(  # type: ignore[misc]
            request, obj, change
        )
        errors = getattr(request, "_service_errors", None)
        if errors:
            for formset in formsets:
                for inline_form in formset.forms:
                    _place(inline_form, errors, prefix=inline_form.prefix)
        return formsets, inline_instances


def formset_edits(
    formset: BaseModelFormSet,
    *,
    extra: Callable[[BaseForm], dict] | None = None,
) -> RecordEdits:
    """Return the formset as an edit: changed and new forms as records holding their new
    values (not saved), forms marked for deletion as records to delete, each named by its
    form's prefix. `extra(form)` gives what else the record's save needs (its defenders, a
    hearing's move reason, a period's extensions); a form whose own fields did not change is
    still part of the edit when `extra` gives an edit of its children. Keep the lists the
    admin's change message reads, as BaseModelFormSet.save() would."""
    if getattr(formset, "sortable_field_name", None) and hasattr(formset, "process_forms_pre_save"):
        # nested_admin numbers sortable rows 0, 1, 2 … again (gaps left by deleted rows).
        formset.process_forms_pre_save(list(formset.forms))
    formset.new_objects, formset.changed_objects, formset.deleted_objects = [], [], []
    edits = RecordEdits()
    deleted = formset.deleted_forms
    for form in formset.initial_forms:
        if form in deleted:
            if form.instance.pk is not None:
                edits.deleted.append(form.instance)
                formset.deleted_objects.append(form.instance)
            continue
        more = extra(form) if extra else {}
        children_changed = any(isinstance(v, RecordEdits) and v for v in more.values()) or any(
            more.get("children", {}).values()
        )
        if form.has_changed() or children_changed:
            instance = formset.save_existing(form, form.instance, commit=False)
            edits.saved.append(RecordEdit(record=instance, path=form.prefix, **more))
            if form.has_changed():
                formset.changed_objects.append((instance, form.changed_data))
    for form in formset.extra_forms:
        if not form.has_changed() or form in deleted:
            continue
        instance = formset.save_new(form, commit=False)
        edits.saved.append(
            RecordEdit(record=instance, path=form.prefix, **(extra(form) if extra else {}))
        )
        formset.new_objects.append(instance)
    return edits


def defenders_of(form: BaseForm) -> dict:
    """Return the defenders a hearing's or an event's form names, for its RecordEdit."""
    if "defenders" not in form.fields:
        return {}
    return {"defenders": list(form.cleaned_data.get("defenders") or [])}
