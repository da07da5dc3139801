"""Build the POST an admin add or change page would send, from that page's context.

    page = client.get(url)
    post = AdminPost.from_page(page)
    post.set(title="Kyrgyzstan: …")
    charge = post.add_row("charges", article="341", defender=defender.pk)
    post.add_row(post.nested("detention_periods", 0, "extensions"), ordered_on="2025-04-22")
    response = client.post(url, post.data)

Every field of the main form and of every inline form (nested inlines included) is posted
with its current value, as the browser would: dates and times in their input formats,
unticked checkboxes left out, multiple choices as lists, and each formset's management form.
`add_row` does what the admin's "Add another" link does: a new form from the formset's empty
form, its nested formsets' management forms, and TOTAL_FORMS raised by one.
"""

import datetime as dt
import uuid
from collections.abc import Iterable
from typing import Any

from django import forms
from django.contrib.admin.widgets import RelatedFieldWidgetWrapper
from django.forms.widgets import ChoiceWidget


def _widget(field: forms.Field) -> forms.Widget:
    widget = field.widget
    while isinstance(widget, RelatedFieldWidgetWrapper):
        widget = widget.widget
    return widget


def _encode_scalar(value: Any) -> str:
    if value is None:
        return ""
    if hasattr(value, "pk"):
        return str(value.pk)
    if isinstance(value, dt.datetime):
        return value.isoformat(sep=" ")
    if isinstance(value, (dt.date, dt.time, uuid.UUID)):
        return value.isoformat() if not isinstance(value, uuid.UUID) else str(value)
    return str(value)


def field_data(name: str, field: forms.Field, value: Any) -> dict[str, Any]:
    """Return the POST entries a browser sends for one field holding `value` (its prepared
    value, as BoundField.value() gives it)."""
    widget = _widget(field)
    if isinstance(widget, forms.CheckboxInput):
        return {name: "on"} if widget.check_test(value) else {}
    if getattr(widget, "allow_multiple_selected", False):
        values = value if isinstance(value, Iterable) and not isinstance(value, str) else []
        return {name: [_encode_scalar(v) for v in values]}
    if isinstance(widget, ChoiceWidget):
        # A single choice: ChoiceWidget.format_value() gives a list of one (a yes/no/unknown
        # choice, NullBooleanSelect, the string itself).
        formatted = widget.format_value(value)
        if isinstance(formatted, str):
            return {name: formatted}
        return {name: (formatted or [""])[0]}
    if isinstance(widget, forms.MultiWidget):
        parts = value if isinstance(value, list | tuple) else widget.decompress(value)
        return {
            name + suffix: _encode_scalar(sub.format_value(part))
            for suffix, sub, part in zip(widget.widgets_names, widget.widgets, parts, strict=True)
        }
    return {name: _encode_scalar(widget.format_value(value))}


def form_data(form: forms.BaseForm) -> dict[str, Any]:
    """Return what a browser posts for the form as displayed."""
    data: dict[str, Any] = {}
    for name, field in form.fields.items():
        data.update(field_data(form.add_prefix(name), field, form[name].value()))
    return data


class AdminPost:
    """The POST payload of one admin add or change page."""

    def __init__(self) -> None:
        self.data: dict[str, Any] = {}
        # Formsets by prefix, to add rows from their empty forms.
        self.formsets: dict[str, Any] = {}

    @classmethod
    def from_page(cls, response) -> "AdminPost":
        """Return the payload of the page `response` rendered (status 200)."""
        assert response.status_code == 200, response.status_code
        post = cls()
        post.data.update(form_data(response.context["adminform"].form))
        for inline_admin_formset in response.context["inline_admin_formsets"]:
            post._add_formset(inline_admin_formset.formset)
        return post

    def _add_formset(self, formset) -> None:
        self.formsets[formset.prefix] = formset
        self.data.update(form_data(formset.management_form))
        for form in formset.forms:
            self.data.update(form_data(form))
            for nested in getattr(form, "nested_formsets", []):
                self._add_formset(nested)

    @staticmethod
    def nested(prefix: str, index: int, child: str) -> str:
        """Return the prefix of the nested formset `child` of row `index` of `prefix`."""
        return f"{prefix}-{index}-{child}"

    def total(self, prefix: str) -> int:
        return int(self.data[prefix + "-TOTAL_FORMS"])

    def set(self, prefix: str | None = None, **values: Any) -> None:
        """Set fields (of the row `prefix`, e.g. "charges-0", or of the main form): a model
        instance posts its pk, a list its items, True/False ticks or unticks a checkbox."""
        for name, value in values.items():
            key = f"{prefix}-{name}" if prefix else name
            if value is True:
                self.data[key] = "on"
            elif value is False:
                self.data.pop(key, None)
            elif isinstance(value, list | tuple):
                self.data[key] = [_encode_scalar(v) for v in value]
            else:
                self.data[key] = _encode_scalar(value)

    def add_row(self, prefix: str, **values: Any) -> str:
        """Add a row to the formset `prefix` as "Add another" does; return the row's prefix."""
        formset = self.formsets[prefix]
        index = self.total(prefix)
        row = f"{prefix}-{index}"
        empty = formset.empty_form
        for key, value in form_data(empty).items():
            self.data[key.replace(empty.prefix, row, 1)] = value
        # nested_admin gives the empty form its own nested formsets ("<prefix>-empty-<child>");
        # the new row gets them under its own prefix, empty.
        for nested in getattr(formset, "nested_formsets", []):
            child = nested.prefix.replace(f"{prefix}-empty-", "", 1)
            nested_prefix = self.nested(prefix, index, child)
            self.data.update(
                {
                    f"{nested_prefix}-TOTAL_FORMS": "0",
                    f"{nested_prefix}-INITIAL_FORMS": "0",
                    f"{nested_prefix}-MIN_NUM_FORMS": str(nested.min_num),
                    f"{nested_prefix}-MAX_NUM_FORMS": str(nested.max_num),
                }
            )
            self.formsets[nested_prefix] = nested
        self.data[prefix + "-TOTAL_FORMS"] = str(index + 1)
        self.set(row, **values)
        return row

    def delete_row(self, row: str) -> None:
        """Tick the row's "Delete" box."""
        self.data[row + "-DELETE"] = "on"


def page_errors(response) -> dict[str, Any]:
    """Return the errors a re-displayed admin form shows: of the main form, and of each
    inline formset (non-form errors and each form's errors), by prefix."""
    context = response.context
    errors: dict[str, Any] = {}
    form = context["adminform"].form
    if form.errors:
        errors["form"] = {k: list(v) for k, v in form.errors.items()}

    def collect(formset):
        if formset.non_form_errors():
            errors[formset.prefix] = list(formset.non_form_errors())
        for inner in formset.forms:
            if inner.errors:
                errors[inner.prefix] = {k: list(v) for k, v in inner.errors.items()}
            for nested in getattr(inner, "nested_formsets", []):
                collect(nested)

    for inline_admin_formset in context["inline_admin_formsets"]:
        collect(inline_admin_formset.formset)
    return errors


def assert_saved(response) -> None:
    """Assert the admin accepted the post (it redirects), showing the form errors if not."""
    if response.status_code != 302:
        errors = page_errors(response) if response.context else response.status_code
        raise AssertionError(f"The admin did not save: {errors!r}")
