"""One write path for appeals: an appeal created, written and issued through the admin (the
case's "New appeal" button, the appeal's change page, its "Issue" button) and the same
appeal through the API in one request (POST /api/v1/cases/<id>/appeals/) leave the same
history rows, update time, reminders and audit entries. The admin's page and the API both
save through cases.services.appeal_save; both create with appeal_create and issue with
appeal_issue."""

import pytest
from django.urls import reverse
from django.utils import timezone

from cases.models import Action, Appeal, AppealAuthority, AppealText, Case
from tests.api_clients import staff_api_client
from tests.factories import AuthorityFactory, CaseAuthorityFactory, CaseFactory
from tests.write_path_support import admin_save, audit_rows, history_rows

pytestmark = pytest.mark.django_db

TITLE = "Kyrgyzstan: Arbitrary detention of Ms. Aigerim Dzhaksybekova"
ACTION = "Release Ms. Dzhaksybekova immediately and unconditionally;"


def a_case(authority) -> Case:
    case = CaseFactory(title="Kyrgyzstan: Arbitrary detention of a lawyer")
    CaseAuthorityFactory(case=case, authority=authority, position=0)
    return case


def trace(case: Case, since, updated_at) -> dict:
    appeals = Appeal.history.filter(case_id=case.pk).values("id")
    case.refresh_from_db()
    return {
        "history": sorted(
            history_rows(Case, since, id=case.pk)
            + history_rows(Appeal, since, case_id=case.pk)
            + [
                row
                for model in (AppealText, Action, AppealAuthority)
                for row in history_rows(model, since, appeal_id__in=appeals)
            ]
        ),
        "updated_at moved": case.updated_at > updated_at,
        "reminders": sorted(case.reminders.values_list("kind", "note")),
        "audit": audit_rows(case.pk, since),
        "texts": list(
            AppealText.objects.filter(appeal__case=case).values_list("language", "title")
        ),
        "actions": list(Action.objects.filter(appeal__case=case).values_list("position", "text")),
    }


def test_an_appeal_written_and_issued_through_the_admin_or_the_api_leaves_the_same_trace(
    editor, editor_client
):
    authority = AuthorityFactory()
    by_admin, by_api = a_case(authority), a_case(authority)
    since = timezone.now()
    updated = {c.pk: Case.objects.get(pk=c.pk).updated_at for c in (by_admin, by_api)}

    editor_client.post(reverse("admin:cases_case_new_appeal", args=[by_admin.pk]))
    appeal = by_admin.appeals.get()

    def write(post):
        post.set("texts-0", title=TITLE)
        post.add_row("actions", language="en", position=0, text=ACTION)

    admin_save(editor_client, appeal, write)
    editor_client.post(reverse("admin:cases_appeal_issue", args=[appeal.pk]))
    response = staff_api_client(editor).post(
        f"/api/v1/cases/{by_api.pk}/appeals/",
        {
            "texts": [
                {
                    "language": "en",
                    "is_original": True,
                    "title": TITLE,
                    "description": by_api.summary,
                    "background": by_api.background,
                }
            ],
            "actions": [{"language": "en", "position": 0, "text": ACTION}],
        },
        format="json",
    )
    assert response.status_code == 201, response.json()

    admin_trace = trace(by_admin, since, updated[by_admin.pk])
    assert admin_trace == trace(by_api, since, updated[by_api.pk])
    assert Appeal.objects.get(case=by_admin).reference is not None
    assert {row[3] for row in admin_trace["history"]} == {editor.get_username()}
    assert admin_trace["updated_at moved"] is True
