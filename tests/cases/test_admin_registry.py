"""The admin registers every domain model with a page, its controlled lists and counters, and
the staff roles on every page.

Every form post is built from the page's own context (tests.admin_forms), so the tests send
what a browser would.
"""

import datetime as dt

import pytest
from django.contrib import admin
from django.urls import reverse

from appeals_site.admin import HistoryAdmin
from cases.models import (
    ActionClause,
    Appeal,
    Case,
    CaseTombstone,
    DetentionPeriod,
    Hearing,
    ReferenceCounter,
    ViolationLabel,
)
from cases.services import appeal_issue
from tests.admin_forms import AdminPost, assert_saved
from tests.cases.admin_support import (
    a_case_with_records,
    add_url,
    change_url,
    changelist,
    edit,
)
from tests.factories import (
    ActionClauseFactory,
    ActionFactory,
    AppealAuthorityFactory,
    AuthorityFactory,
    CaseFactory,
    DefenderFactory,
    DetentionExtensionFactory,
    HearingFactory,
    ViolationLabelFactory,
    issuable_appeal,
)

pytestmark = pytest.mark.django_db


# --- Every model ----------------------------------------------------------------------------

DOMAIN_APPS = {"cases", "defenders", "authorities", "letters", "reminders"}


def test_every_domain_model_with_a_page_is_registered():
    registered = {
        model._meta.label for model in admin.site._registry if model._meta.app_label in DOMAIN_APPS
    }
    assert registered == {
        "authorities.Authority",
        "authorities.Embassy",
        "defenders.AreaOfWork",
        "defenders.Defender",
        "cases.ActionClause",
        "cases.Appeal",
        "cases.Case",
        "cases.DetentionPeriod",
        "cases.Hearing",
        "cases.Issuer",
        "letters.Letter",
        "cases.ReferenceCounter",
        "cases.ViolationLabel",
        "reminders.ReminderRule",
        "reminders.Reminder",
        "reminders.Digest",
        "reminders.NotificationSettings",
        "reminders.Subscription",
    }


def test_every_model_with_a_history_shows_it_in_the_admin():
    for model, model_admin in admin.site._registry.items():
        if hasattr(model, "history"):
            assert isinstance(model_admin, HistoryAdmin), model


def test_a_past_version_cannot_be_posted_back(editor_client):
    case = CaseFactory(title="Old title")
    Case.objects.filter(pk=case.pk).update(title="New title")
    version = case.history.get()
    past = reverse("admin:cases_case_simple_history", args=[case.pk, version.history_id])
    assert editor_client.get(past).status_code == 200

    response = editor_client.post(past, {"title": "Old title", "country": "KG", "status": "draft"})

    assert response.status_code == 403
    case.refresh_from_db()
    assert case.title == "New title"


# --- The controlled lists and the counters --------------------------------------------------


def test_violation_label_list_loads(editor_client):
    response = editor_client.get(changelist(ViolationLabel), {"q": "detention"})

    assert response.status_code == 200
    assert [label.name for label in response.context["cl"].result_list] == ["Arbitrary detention"]


def test_violation_label_add_page_creates_a_label(editor_client):
    post = AdminPost.from_page(editor_client.get(add_url(ViolationLabel)))
    post.set(name="Internet shutdown", slug="internet-shutdown")

    assert_saved(editor_client.post(add_url(ViolationLabel), post.data))

    assert ViolationLabel.objects.filter(slug="internet-shutdown").exists()


def test_violation_label_change_is_saved(editor_client):
    label = ViolationLabelFactory(name="Smear")
    post = edit(editor_client, label)
    post.set(name="Smear campaigns")

    assert_saved(editor_client.post(change_url(label), post.data))

    label.refresh_from_db()
    assert label.name == "Smear campaigns"


def test_standard_action_list_loads(editor_client):
    response = editor_client.get(changelist(ActionClause))

    assert response.status_code == 200
    assert len(response.context["cl"].result_list) == ActionClause.objects.count()


def test_standard_action_add_page_creates_a_clause(editor_client):
    post = AdminPost.from_page(editor_client.get(add_url(ActionClause)))
    post.set(name="Lift travel ban", text_en="Lift the travel ban imposed on {defenders};")

    assert_saved(editor_client.post(add_url(ActionClause), post.data))

    assert ActionClause.objects.get(name="Lift travel ban").text_fr == ""


def test_standard_action_change_is_saved(editor_client):
    clause = ActionClauseFactory()
    post = edit(editor_client, clause)
    post.set(text_es="Liberar inmediatamente a {defenders};")

    assert_saved(editor_client.post(change_url(clause), post.data))

    clause.refresh_from_db()
    assert clause.text_es == "Liberar inmediatamente a {defenders};"


def test_reference_counters_are_listed_for_superusers(admin_client_, editor):
    appeal_issue(appeal=issuable_appeal(), acting_user=editor)

    response = admin_client_.get(changelist(ReferenceCounter))

    assert response.status_code == 200
    assert {c.scope for c in response.context["cl"].result_list} == {
        "case:KGZ",
        f"intervention:OBS:{Appeal.objects.get().issue_date.year}",
    }


def test_reference_counters_are_read_only_even_for_superusers(admin_client_, editor):
    appeal_issue(appeal=issuable_appeal(), acting_user=editor)
    counter = ReferenceCounter.objects.get(scope="case:KGZ")

    assert admin_client_.get(add_url(ReferenceCounter)).status_code == 403
    response = admin_client_.get(change_url(counter))
    assert response.status_code == 200
    assert response.context["adminform"].form.fields == {}
    assert admin_client_.post(change_url(counter), {"value": "0"}).status_code == 403


def test_reference_counters_are_hidden_from_staff(editor_client):
    assert editor_client.get(changelist(ReferenceCounter)).status_code == 403


# --- Roles on every page --------------------------------------------------------------------

PAGES = {
    "case": (Case, a_case_with_records),
    "appeal": (
        Appeal,
        lambda: ActionFactory(appeal=AppealAuthorityFactory().appeal, position=1).appeal,
    ),
    "detention period": (DetentionPeriod, lambda: DetentionExtensionFactory().period),
    "hearing": (Hearing, HearingFactory),
    "violation label": (ViolationLabel, ViolationLabelFactory),
    "standard action": (ActionClause, ActionClauseFactory),
}


@pytest.mark.parametrize("name", PAGES)
def test_viewer_opens_the_list_and_a_page_read_only(viewer_client, name):
    model, factory = PAGES[name]
    obj = factory()

    assert viewer_client.get(changelist(model)).status_code == 200
    response = viewer_client.get(change_url(obj))
    assert response.status_code == 200
    assert 'name="_save"' not in response.content.decode()
    assert viewer_client.post(change_url(obj), {}).status_code == 403


@pytest.mark.parametrize("name", PAGES)
def test_editor_reposts_a_page_as_displayed(editor_client, name):
    model, factory = PAGES[name]
    obj = factory()

    assert_saved(editor_client.post(change_url(obj), edit(editor_client, obj).data))


def test_defender_and_authority_autocomplete_serve_the_case_page(editor_client):
    DefenderFactory(full_name="Aigerim Dzhaksybekova")
    AuthorityFactory(post="Prosecutor General", person_name="Kurmanbek Sadyrov")
    autocomplete = reverse("admin:autocomplete")

    defenders = editor_client.get(
        autocomplete,
        {"app_label": "cases", "model_name": "case", "field_name": "defenders", "term": "Aige"},
    )
    authorities = editor_client.get(
        autocomplete,
        {
            "app_label": "cases",
            "model_name": "caseauthority",
            "field_name": "authority",
            "term": "Sadyr",
        },
    )

    assert [r["text"] for r in defenders.json()["results"]] == ["Aigerim Dzhaksybekova"]
    # Each authority with the country it acts for (tests/authorities/test_authority_search.py).
    assert [r["text"] for r in authorities.json()["results"]] == [
        "Kurmanbek Sadyrov, Prosecutor General (Kyrgyzstan)"
    ]


def test_case_autocomplete_of_the_appeal_page_finds_an_archived_reference(editor_client, editor):
    case = CaseFactory(country="RU", time_zone="Europe/Moscow")
    appeal_issue(
        appeal=issuable_appeal(case=case), acting_user=editor, issue_date=dt.date(2018, 1, 9)
    )
    CaseFactory()

    response = editor_client.get(
        reverse("admin:autocomplete"),
        {
            "app_label": "cases",
            "model_name": "appeal",
            "field_name": "case",
            "term": "rus 001/0118",
        },
    )

    assert [r["id"] for r in response.json()["results"]] == [str(case.pk)]


def test_deleting_a_published_case_in_the_admin_leaves_a_tombstone(admin_client_):
    case = CaseFactory(
        status=Case.Status.PUBLISHED, published_at=dt.datetime(2025, 4, 14, tzinfo=dt.UTC)
    )

    response = admin_client_.post(
        reverse("admin:cases_case_delete", args=[case.pk]), {"post": "yes"}
    )

    assert response.status_code == 302
    assert not Case.objects.filter(pk=case.pk).exists()
    assert CaseTombstone.objects.get().case_id == case.pk
