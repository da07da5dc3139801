"""The admin index puts the case work first and the administrators' sections last, and names
every app in words, in the staff's language."""

import pytest
from django.utils import translation

pytestmark = pytest.mark.django_db

WORK = ["cases", "defenders", "authorities", "letters", "reminders"]
ADMINISTRATION = ["partners", "audit", "auth", "otp_totp", "otp_static", "axes"]


def app_list(client, language="en"):
    response = client.get("/admin/", HTTP_ACCEPT_LANGUAGE=language)
    assert response.status_code == 200
    return response.context["app_list"]


def test_the_case_work_comes_first_and_the_administrators_sections_last(admin_client_):
    labels = [app["app_label"] for app in app_list(admin_client_)]

    assert labels[: len(WORK)] == WORK
    assert labels[-len(ADMINISTRATION) - 1 :] == [*ADMINISTRATION, "django_celery_beat"]


def test_every_app_has_a_human_name(admin_client_):
    names = {app["app_label"]: str(app["name"]) for app in app_list(admin_client_)}

    assert names["cases"] == "Cases and appeals"
    assert names["otp_static"] == "Backup codes"
    assert names["otp_totp"] == "Authenticator apps"
    assert names["axes"] == "Login lockout"
    assert not [name for name in names.values() if "_" in name or name.lower() == name]


@pytest.mark.parametrize("language", ["fr", "es", "ru"])
def test_every_app_name_is_translated(admin_client_, language):
    with translation.override("en"):
        english = {app["app_label"]: str(app["name"]) for app in app_list(admin_client_)}
    names = {app["app_label"]: str(app["name"]) for app in app_list(admin_client_, language)}

    untranslated = [label for label, name in names.items() if name == english[label]]
    assert untranslated == []
