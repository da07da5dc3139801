"""A ValidationError from the service the admin saves through is shown where it belongs: on
the field of the main form or of the inline form it names (by the form's prefix), as a page
shown again (never a 500), with everything the refused save wrote rolled back."""

import pytest
from django.core.exceptions import ValidationError

from cases.admin import case as case_admin
from cases.models import Case, Charge
from cases.services import case_save
from tests.admin_forms import page_errors
from tests.cases.admin_support import a_case_with_records, change_url, edit

pytestmark = pytest.mark.django_db


def refusing(errors: dict):
    """Return a case_save that saves, then refuses with `errors`, as a rule checked late
    would."""

    def save(**kwargs):
        case_save(**kwargs)
        raise ValidationError(errors)

    return save


def test_a_service_error_shows_on_the_field_and_the_inline_form_it_names(
    editor_client, monkeypatch
):
    case = a_case_with_records(title="Kyrgyzstan: Arbitrary detention")
    monkeypatch.setattr(
        case_admin,
        "case_save",
        refusing(
            {
                "title": ["Say the country first."],
                "proceedings-0-charges-0.article": ["No such article in this code."],
                "detention_periods-0-extensions-0": ["Ordered before the period began."],
                "__all__": ["Something about the whole case."],
            }
        ),
    )
    post = edit(editor_client, case)
    post.set(title="Arbitrary detention in Kyrgyzstan")
    post.set("proceedings-0-charges-0", article="999")

    response = editor_client.post(change_url(case), post.data)

    assert response.status_code == 200
    errors = page_errors(response)
    assert errors["form"] == {
        "title": ["Say the country first."],
        "__all__": ["Something about the whole case."],
    }
    assert errors["proceedings-0-charges-0"] == {"article": ["No such article in this code."]}
    assert errors["detention_periods-0-extensions-0"] == {
        "__all__": ["Ordered before the period began."]
    }
    # What the refused save wrote is gone, and the page still holds what was typed.
    case.refresh_from_db()
    assert case.title == "Kyrgyzstan: Arbitrary detention"
    assert Charge.objects.get(case=case).article == "341"
    assert response.context["adminform"].form["title"].value() == (
        "Arbitrary detention in Kyrgyzstan"
    )


def test_a_service_error_naming_no_form_on_the_page_is_shown_at_the_top(editor_client, monkeypatch):
    case = a_case_with_records()
    monkeypatch.setattr(
        case_admin, "case_save", refusing({"charges-7.article": ["No such article."]})
    )
    post = edit(editor_client, case)
    post.set(title="Changed")

    response = editor_client.post(change_url(case), post.data)

    assert response.status_code == 200
    assert page_errors(response)["form"] == {"__all__": ["charges-7.article: No such article."]}
    assert Case.objects.get(pk=case.pk).title != "Changed"
