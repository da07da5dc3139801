"""One write path for defenders: the same edit through the admin's change page and through
PATCH /api/v1/defenders/<id>/, on two identical defenders each in a case, leaves the same
history rows, marks their cases changed alike, and plans the same reminders (both doors call
defenders.services.defender_save)."""

import pytest
from django.utils import timezone

from cases.models import Case
from defenders.models import Defender
from tests.factories import AreaOfWorkFactory, CaseFactory, DefenderFactory
from tests.write_path_support import admin_save, api_save, audit_rows, history_rows

pytestmark = pytest.mark.django_db

EDITS = {
    "situation": (
        lambda post, more: post.set(situation=Defender.Situation.PRE_TRIAL_DETENTION),
        lambda more: {"situation": Defender.Situation.PRE_TRIAL_DETENTION},
    ),
    "areas of work": (
        lambda post, more: post.set(areas_of_work=[more["area"]]),
        lambda more: {"areas_of_work": [more["area"].slug]},
    ),
    "a confidential fact": (
        lambda post, more: post.set(health_notes="Needs daily medication."),
        lambda more: {"health_notes": "Needs daily medication."},
    ),
}


def a_defender_in_a_case() -> tuple[Defender, Case]:
    defender = DefenderFactory(full_name="Aigerim Dzhaksybekova")
    case = CaseFactory(title="Kyrgyzstan: Arbitrary detention of a lawyer")
    case.defenders.add(defender)
    return defender, case


def trace(defender: Defender, case: Case, since, updated_at) -> dict:
    case.refresh_from_db()
    return {
        "history": history_rows(Defender, since, id=defender.pk),
        "case updated_at moved": case.updated_at > updated_at,
        "reminders": sorted(case.reminders.values_list("kind", "note")),
        "audit": audit_rows(defender.pk, since),
    }


@pytest.mark.parametrize("name", EDITS)
def test_the_same_edit_of_a_defender_through_the_admin_and_the_api_leaves_the_same_trace(
    name, editor, editor_client
):
    admin_change, api_body = EDITS[name]
    more = {"area": AreaOfWorkFactory()}
    (by_admin, admin_case), (by_api, api_case) = a_defender_in_a_case(), a_defender_in_a_case()
    since = timezone.now()
    updated = {c.pk: Case.objects.get(pk=c.pk).updated_at for c in (admin_case, api_case)}

    admin_save(editor_client, by_admin, lambda post: admin_change(post, more))
    api_save(editor, f"/api/v1/defenders/{by_api.pk}/", api_body(more))

    admin_trace = trace(by_admin, admin_case, since, updated[admin_case.pk])
    assert admin_trace == trace(by_api, api_case, since, updated[api_case.pk])
    assert admin_trace["history"]
    assert {row[3] for row in admin_trace["history"]} == {editor.get_username()}
    assert admin_trace["case updated_at moved"] is True
