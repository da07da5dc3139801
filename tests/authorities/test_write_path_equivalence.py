"""One write path for the directory: the same edit of an authority (its fields, its contacts)
or of an embassy through the admin's change page and through the API, on two identical
records, leaves the same history rows and marks the cases naming the authority changed alike
(both doors call authorities.services.authority_save and embassy_save)."""

import pytest
from django.utils import timezone

from authorities.models import Authority, AuthorityContact, Embassy
from cases.models import Case
from tests.factories import (
    AuthorityContactFactory,
    AuthorityFactory,
    CaseAuthorityFactory,
    CaseFactory,
    EmbassyFactory,
)
from tests.write_path_support import admin_save, api_save, history_rows

pytestmark = pytest.mark.django_db

FAX = "+996312001122"

AUTHORITY_EDITS = {
    "post": (
        lambda post: post.set(post="Prosecutor General of the Kyrgyz Republic"),
        {"post": "Prosecutor General of the Kyrgyz Republic"},
    ),
    "contact added": (
        lambda post: post.add_row("contacts", kind="email", as_printed="pg@example.kg", position=1),
        {
            "contacts": [
                {"kind": "fax", "value": FAX, "position": 0},
                {"kind": "email", "value": "pg@example.kg", "position": 1},
            ]
        },
    ),
    "contact removed": (
        lambda post: post.delete_row("contacts-0"),
        {"contacts": []},
    ),
    "contact changed": (
        lambda post: post.set("contacts-0", position=3),
        {"contacts": [{"kind": "fax", "value": FAX, "position": 3}]},
    ),
}


def a_targeted_authority() -> tuple[Authority, Case]:
    authority = AuthorityFactory(person_name="Kurmanbek Osmonov")
    AuthorityContactFactory(authority=authority, kind="fax", value=FAX, position=0)
    case = CaseFactory(title="Kyrgyzstan: Arbitrary detention of a lawyer")
    CaseAuthorityFactory(case=case, authority=authority, position=0)
    return authority, case


@pytest.mark.parametrize("name", AUTHORITY_EDITS)
def test_the_same_edit_of_an_authority_through_the_admin_and_the_api_leaves_the_same_trace(
    name, editor, editor_client
):
    admin_change, api_body = AUTHORITY_EDITS[name]
    (by_admin, admin_case), (by_api, api_case) = a_targeted_authority(), a_targeted_authority()
    since = timezone.now()
    updated = {c.pk: Case.objects.get(pk=c.pk).updated_at for c in (admin_case, api_case)}

    admin_save(editor_client, by_admin, admin_change)
    api_save(editor, f"/api/v1/authorities/{by_api.pk}/", api_body)

    def trace(authority, case):
        return {
            "history": sorted(
                history_rows(Authority, since, id=authority.pk)
                + history_rows(AuthorityContact, since, authority_id=authority.pk)
            ),
            "contacts": sorted(authority.contacts.values_list("kind", "value", "position")),
            "case updated_at moved": Case.objects.get(pk=case.pk).updated_at > updated[case.pk],
        }

    admin_trace = trace(by_admin, admin_case)
    assert admin_trace == trace(by_api, api_case)
    assert {row[3] for row in admin_trace["history"]} == {editor.get_username()}
    assert admin_trace["case updated_at moved"] is True


def test_the_same_edit_of_an_embassy_through_the_admin_and_the_api_leaves_the_same_history(
    editor, editor_client
):
    by_admin, by_api = EmbassyFactory(), EmbassyFactory(host_country="FR", city="Paris")
    since = timezone.now()

    admin_save(editor_client, by_admin, lambda post: post.set(city="Antwerp"))
    api_save(editor, f"/api/v1/embassies/{by_api.pk}/", {"city": "Antwerp"})

    admin_rows = history_rows(Embassy, since, id=by_admin.pk)
    assert admin_rows == history_rows(Embassy, since, id=by_api.pk)
    assert admin_rows == [("Embassy", "~", ("city",), editor.get_username())]
