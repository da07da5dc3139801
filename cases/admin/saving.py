"""Saving inline forms through a service instead of form.save()."""

from collections.abc import Callable

from django.db.models import Model
from django.forms import BaseModelForm
from django.forms.models import BaseModelFormSet


def formset_save_through(
    formset: BaseModelFormSet, save: Callable[[BaseModelForm, Model], None]
) -> None:
    """Save the formset's changed and new forms with `save(form, unsaved_instance)` (which
    calls a service, then form.save_m2m()), delete the forms marked for deletion, and keep
    the lists the admin's change message reads, as BaseModelFormSet.save() would."""
    formset.new_objects, formset.changed_objects, formset.deleted_objects = [], [], []
    deleted = formset.deleted_forms
    for form in formset.initial_forms:
        instance = form.instance
        if form in deleted:
            if instance.pk is not None:
                formset.deleted_objects.append(instance)
                formset.delete_existing(instance)
            continue
        if form.has_changed():
            save(form, formset.save_existing(form, instance, commit=False))
            formset.changed_objects.append((instance, form.changed_data))
    for form in formset.extra_forms:
        if not form.has_changed() or form in deleted:
            continue
        instance = formset.save_new(form, commit=False)
        save(form, instance)
        formset.new_objects.append(instance)
