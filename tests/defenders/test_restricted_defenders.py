"""Restricted means restricted for defenders too: a defender who appears only on restricted cases
a member of staff may not see does not exist for them (the API, the admin and the services
answer as for a missing defender), and a defender who appears on both kinds of case shows
them only what the visible cases hold. Assigned staff and administrators see everything."""

import datetime as dt
import json
import urllib.error
import urllib.request

import pytest
from django.contrib.auth.models import Group, Permission
from django.core.exceptions import ValidationError
from django.http import Http404
from django.test import Client
from django.urls import reverse

from appeals_site.audit.models import AuditEntry
from cases.models import Case
from cases.services import case_save
from defenders.models import Defender
from defenders.services import defender_update
from partners.services import api_key_create
from tests.admin_forms import page_errors
from tests.api_clients import staff_api_client
from tests.appeals_site.test_http_security import gunicorn_url, start_gunicorn  # noqa: F401 (fixtures)
from tests.cases.admin_support import edit
from tests.conftest import staff_login
from tests.factories import CaseFactory, DefenderFactory, DetentionPeriodFactory, UserFactory

pytestmark = pytest.mark.django_db

SECRET_NAME = "Nurlan Secretov"
SECRET_HEALTH = "CANARY-restricted-health-5e1f"
OPEN_TITLE = "Kyrgyzstan: the open case"
SECRET_TITLE = "Kyrgyzstan: the restricted case"
URL = "/api/v1/defenders/"
NOBODY = "7c1d8d1e-0b5e-4c1a-9b1e-3f0c1b2a9d4e"


@pytest.fixture(autouse=True)
def _no_settle(settings):
    settings.API_SYNC_SETTLE_SECONDS = 0


@pytest.fixture
def restricted_case(editor):
    """A restricted case, `editor` assigned to it."""
    case = CaseFactory(title=SECRET_TITLE, is_restricted=True)
    case.assigned_staff.add(editor)
    return case


@pytest.fixture
def secret(restricted_case):
    """A defender who appears only on the restricted case, with a confidential fact and a
    detention recorded on it."""
    defender = DefenderFactory(full_name=SECRET_NAME, health_notes=SECRET_HEALTH)
    restricted_case.defenders.add(defender)
    DetentionPeriodFactory(case=restricted_case, defender=defender, start_date=dt.date(2025, 3, 28))
    return defender


@pytest.fixture
def colleague(db):
    """An editor not assigned to the restricted case."""
    user = UserFactory(username="cleo-colleague", is_staff=True)
    user.groups.add(Group.objects.get(name="editor"))
    return user


@pytest.fixture(params=["viewer", "colleague"])
def unassigned(request):
    """Each unassigned persona in turn: a viewer, an editor."""
    return request.getfixturevalue(request.param)


@pytest.fixture
def unassigned_client(unassigned):
    return staff_login(Client(), unassigned)


def grant(user, *codenames: str) -> None:
    user.user_permissions.add(*Permission.objects.filter(codename__in=codenames))


def defender_url(view: str, defender, *args) -> str:
    return reverse(f"admin:defenders_defender_{view}", args=[defender.pk, *args])


# --- The API --------------------------------------------------------------------------------


def test_the_api_list_leaves_out_a_restricted_only_defender(secret, unassigned):
    on_open_case = DefenderFactory()
    CaseFactory().defenders.add(on_open_case)
    on_no_case = DefenderFactory()  # just recorded, not yet linked: seen by all staff

    response = staff_api_client(unassigned).get(URL)

    ids = {d["id"] for d in response.json()["results"]}
    assert ids == {str(on_open_case.pk), str(on_no_case.pk)}
    assert SECRET_HEALTH not in response.content.decode()


def test_the_api_detail_is_404_as_for_a_defender_who_does_not_exist(secret, unassigned):
    client = staff_api_client(unassigned)

    response = client.get(f"{URL}{secret.pk}/")

    assert response.status_code == 404
    assert response.json() == client.get(f"{URL}{NOBODY}/").json()
    assert SECRET_NAME not in response.content.decode()


def test_the_api_refuses_every_write_as_for_a_defender_who_does_not_exist(secret, unassigned):
    client = staff_api_client(unassigned)
    body = {"full_name": "Renamed", "situation": "released"}

    answers = [
        (
            client.patch(f"{URL}{pk}/", body, format="json").status_code,
            client.put(f"{URL}{pk}/", body, format="json").status_code,
        )
        for pk in (secret.pk, NOBODY)
    ]

    # Viewer or editor, they are told there is no such defender, as for an id naming nobody
    # (a viewer's 403, "you may not change it", would say that it is there).
    assert answers[0] == answers[1] == (404, 404)
    secret.refresh_from_db()
    assert (secret.full_name, secret.situation) == (SECRET_NAME, "")
    assert secret.history.count() == 1
    # And nothing of them was read: no audit entry names them.
    assert not AuditEntry.objects.filter(detail__records__has_key="defenders.defender").exists()
    assert client.get(f"{URL}{secret.pk}/").status_code == 404


def test_assigned_staff_read_and_change_what_the_unassigned_cannot(secret, editor, colleague):
    assigned, unassigned = staff_api_client(editor), staff_api_client(colleague)

    assert unassigned.get(f"{URL}{secret.pk}/").status_code == 404
    assert assigned.get(f"{URL}{secret.pk}/").json()["health_notes"] == SECRET_HEALTH
    response = assigned.patch(f"{URL}{secret.pk}/", {"situation": "released"}, format="json")

    assert response.status_code == 200
    secret.refresh_from_db()
    assert secret.situation == "released"
    # Their read of the confidential fact is audited, as before; only theirs.
    (entry,) = AuditEntry.objects.filter(action=AuditEntry.Action.READ_CONFIDENTIAL)
    assert (entry.actor, entry.object_id) == (editor, str(secret.pk))


def test_naming_a_restricted_only_defender_on_a_case_is_refused_as_unknown(secret, colleague):
    case = CaseFactory(title=OPEN_TITLE)
    client = staff_api_client(colleague)
    url = f"/api/v1/cases/{case.pk}/"

    linked = client.patch(url, {"defenders": [str(secret.pk)]}, format="json")
    nobody = client.patch(url, {"defenders": [NOBODY]}, format="json")

    assert linked.status_code == 400
    assert linked.json()["errors"] == {"defenders": [f"Unknown defender: {secret.pk}."]}
    assert nobody.json()["errors"] == {"defenders": [f"Unknown defender: {NOBODY}."]}
    assert not case.defenders.exists()


def test_naming_a_restricted_only_defender_in_a_charge_is_refused_as_unknown(secret, colleague):
    case = CaseFactory(title=OPEN_TITLE)
    charge = {"instrument": "Criminal Code", "article": "341", "defenders": [str(secret.pk)]}

    response = staff_api_client(colleague).patch(
        f"/api/v1/cases/{case.pk}/", {"proceedings": [{"charges": [charge]}]}, format="json"
    )

    assert response.status_code == 400
    assert response.json()["errors"] == {
        "proceedings[0].charges[0].defenders": [f"Unknown defender: {secret.pk}."]
    }
    assert not case.charges.exists()


# --- The services ---------------------------------------------------------------------------


def test_the_service_refuses_to_change_a_defender_the_acting_user_may_not_see(
    secret, colleague, editor
):
    with pytest.raises(Http404):
        defender_update(defender=secret, acting_user=colleague, full_name="Renamed")
    assert Defender.objects.get(pk=secret.pk).full_name == SECRET_NAME

    # Assigned staff, and the system itself (a command, a task), still may.
    secret.refresh_from_db()
    defender_update(defender=secret, acting_user=editor, city="Bishkek")
    defender_update(defender=secret, acting_user=None, region="Chuy")
    secret.refresh_from_db()
    assert (secret.full_name, secret.city, secret.region) == (SECRET_NAME, "Bishkek", "Chuy")


def test_case_save_refuses_to_link_a_defender_the_acting_user_may_not_see(secret, colleague):
    case = CaseFactory(title=OPEN_TITLE)

    with pytest.raises(ValidationError) as refused:
        case_save(case=case, acting_user=colleague, links={"defenders": [secret]})

    assert refused.value.message_dict == {"defenders": [f"Unknown defender: {secret.pk}."]}
    assert not case.defenders.exists()


# --- The admin ------------------------------------------------------------------------------


def test_the_admin_list_leaves_out_a_restricted_only_defender(secret, unassigned_client):
    on_open_case = DefenderFactory(full_name="Open Defender")
    CaseFactory().defenders.add(on_open_case)

    response = unassigned_client.get(reverse("admin:defenders_defender_changelist"))

    assert list(response.context["cl"].result_list) == [on_open_case]
    assert SECRET_NAME not in response.content.decode()
    searched = unassigned_client.get(
        reverse("admin:defenders_defender_changelist"), {"q": "Secretov"}
    )
    assert list(searched.context["cl"].result_list) == []


@pytest.mark.parametrize("view", ["change", "history", "delete"])
def test_its_admin_pages_are_404_as_for_a_defender_who_does_not_exist(
    secret, unassigned_client, view
):
    response = unassigned_client.get(defender_url(view, secret))
    missing = unassigned_client.get(reverse(f"admin:defenders_defender_{view}", args=[NOBODY]))

    assert (response.status_code, missing.status_code) == (404, 404)
    assert SECRET_NAME not in response.content.decode()


def test_a_version_in_its_history_is_404(secret, unassigned_client):
    version = secret.history.first()
    url = reverse("admin:defenders_defender_simple_history", args=[secret.pk, version.history_id])

    assert unassigned_client.get(url).status_code == 404


def test_posting_a_change_of_it_is_404_and_changes_nothing(secret, colleague):
    client = staff_login(Client(), colleague)

    response = client.post(defender_url("change", secret), {"full_name": "Renamed"})

    assert response.status_code == 404
    assert Defender.objects.get(pk=secret.pk).full_name == SECRET_NAME


def test_deleting_it_is_404_even_with_the_permission_to_delete(secret, colleague):
    grant(colleague, "delete_defender")
    client = staff_login(Client(), colleague)

    page = client.post(defender_url("delete", secret), {"post": "yes"})
    action = client.post(
        reverse("admin:defenders_defender_changelist"),
        {"action": "delete_selected", "_selected_action": [str(secret.pk)], "post": "yes"},
    )

    assert (page.status_code, action.status_code) == (404, 404)
    assert Defender.objects.filter(pk=secret.pk).exists()


@pytest.mark.parametrize("action", ["export_defender", "erase_defenders"])
def test_an_action_posted_with_its_id_is_404(secret, unassigned_client, action):
    response = unassigned_client.post(
        reverse("admin:defenders_defender_changelist"),
        {"action": action, "_selected_action": [str(secret.pk)], "index": "0"},
    )

    assert response.status_code == 404
    assert Defender.objects.get(pk=secret.pk).full_name == SECRET_NAME


def test_the_case_screen_autocomplete_leaves_it_out(secret, unassigned_client, editor):
    query = {
        "app_label": "cases",
        "model_name": "case",
        "field_name": "defenders",
        "term": "Secretov",
    }
    url = reverse("admin:autocomplete")

    assert unassigned_client.get(url, query).json()["results"] == []
    offered = staff_login(Client(), editor).get(url, query).json()["results"]
    assert [r["id"] for r in offered] == [str(secret.pk)]


def test_the_case_screen_refuses_a_posted_id_of_it(secret, colleague):
    case = CaseFactory(title=OPEN_TITLE)
    client = staff_login(Client(), colleague)
    post = edit(client, case)
    post.set(defenders=[secret])

    response = client.post(reverse("admin:cases_case_change", args=[case.pk]), post.data)

    assert page_errors(response)["form"] == {
        "defenders": [f"Select a valid choice. {secret.pk} is not one of the available choices."]
    }
    assert not case.defenders.exists()


def test_assigned_staff_open_the_pages_the_unassigned_cannot(secret, editor, colleague):
    client = staff_login(Client(), editor)
    unassigned = staff_login(Client(), colleague)

    assert unassigned.get(defender_url("change", secret)).status_code == 404
    page = client.get(defender_url("change", secret))
    assert page.status_code == 200
    assert SECRET_TITLE in page.content.decode()
    assert client.get(defender_url("history", secret)).status_code == 200
    listed = client.get(reverse("admin:defenders_defender_changelist")).context["cl"].result_list
    assert list(listed) == [secret]


def test_the_history_of_a_deleted_restricted_only_defender_is_for_those_who_saw_it(
    secret, colleague, superuser
):
    pk = secret.pk
    secret.detention_periods.all().delete()
    Defender.objects.filter(pk=pk).delete()
    url = reverse("admin:defenders_defender_history", args=[pk])

    assert staff_login(Client(), colleague).get(url).status_code == 404
    assert staff_login(Client(), superuser).get(url).status_code == 200


# --- A defender on an open case and on a restricted one --------------------------------------


@pytest.fixture
def on_both(restricted_case):
    """A defender on an open case (no detention recorded there) and on the restricted case
    (held since 28 March 2025, recorded there only)."""
    defender = DefenderFactory(full_name="Both Cases", health_notes=SECRET_HEALTH)
    open_case = CaseFactory(title=OPEN_TITLE)
    open_case.defenders.add(defender)
    restricted_case.defenders.add(defender)
    DetentionPeriodFactory(case=restricted_case, defender=defender, start_date=dt.date(2025, 3, 28))
    return defender


def test_their_page_names_and_counts_only_the_visible_cases(on_both, unassigned_client, editor):
    page = unassigned_client.get(defender_url("change", on_both)).content.decode()
    listed = unassigned_client.get(reverse("admin:defenders_defender_changelist"))

    assert OPEN_TITLE in page and SECRET_TITLE not in page
    # Held only on the restricted case: to those who may not see it, held nowhere.
    assert "since March 28, 2025" not in page
    assert "since March 28, 2025" not in listed.content.decode()
    assert list(listed.context["cl"].result_list) == [on_both]
    # Assigned staff see both cases and the detention.
    page = staff_login(Client(), editor).get(defender_url("change", on_both)).content.decode()
    assert SECRET_TITLE in page and "since March 28, 2025" in page


def test_the_case_documents_count_only_visible_cases(on_both, colleague, editor):
    open_case = Case.objects.get(title=OPEN_TITLE)

    def days_detained(user):
        document = staff_api_client(user).get(f"/api/v1/cases/{open_case.pk}/").json()
        (defender,) = document["defenders"]
        return defender["detained_since"]

    assert days_detained(colleague) is None
    assert days_detained(editor) == "2025-03-28"


def test_the_case_list_and_csv_count_only_visible_cases(on_both, colleague, editor):
    def csv_days(user):
        body = b"".join(staff_api_client(user).get("/api/v1/cases.csv").streaming_content)
        lines = body.decode("utf-8-sig").splitlines()
        header = lines[0].split(",")
        row = next(line for line in lines if OPEN_TITLE in line).split(",")
        return row[header.index("days_detained")]

    def admin_list(user):
        client = staff_login(Client(), user)
        return client.get(reverse("admin:cases_case_changelist")).content.decode()

    assert csv_days(colleague) == ""
    assert csv_days(editor) != ""
    assert "since March 28, 2025" not in admin_list(colleague)
    assert "since March 28, 2025" in admin_list(editor)


def test_a_restricted_only_defender_is_never_read_by_the_unassigned_so_never_audited(
    secret, colleague
):
    staff_api_client(colleague).get(f"{URL}{secret.pk}/")
    staff_login(Client(), colleague).get(defender_url("change", secret))

    assert not AuditEntry.objects.filter(action=AuditEntry.Action.READ_CONFIDENTIAL).exists()


# --- Through the real server stack ----------------------------------------------------------


def _call(url: str, key: str, method: str = "GET", body: dict | None = None) -> tuple[int, dict]:
    """Return the status and JSON body of an API request through the proxy's HTTPS."""
    request = urllib.request.Request(
        url,
        data=json.dumps(body).encode() if body is not None else None,
        method=method,
        headers={
            "Authorization": f"Bearer {key}",
            "X-Forwarded-Proto": "https",
            "Content-Type": "application/json",
        },
    )
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status, json.loads(response.read())
    except urllib.error.HTTPError as error:
        return error.code, json.loads(error.read() or b"{}")


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_through_gunicorn_the_unassigned_get_404_for_a_restricted_only_defender(
    secret, viewer, colleague, request
):
    # gunicorn runs with production settings and an encryption key of its own: it can read
    # no confidential field of the test's rows, and here must read none.
    url = request.getfixturevalue("gunicorn_url") + "/api/v1/defenders/"
    for user in (viewer, colleague):
        _key, raw = api_key_create(user=user, name="tests")

        status, body = _call(url, raw)
        assert (status, body["results"]) == (200, []), user
        assert _call(f"{url}{secret.pk}/", raw)[0] == 404, user
        assert _call(f"{url}{NOBODY}/", raw)[0] == 404, user
        status, _body = _call(f"{url}{secret.pk}/", raw, "PATCH", {"full_name": "Renamed"})
        assert status == 404, user

    assert Defender.objects.get(pk=secret.pk).full_name == SECRET_NAME
