"""Provenance: each fact records the appeal that first stated it (`stated_in`) and the one
that last changed it (`changed_in`), from the one `source_appeal` a write names; the case as
a given appeal described it is built from the records' history."""

import datetime as dt
import uuid

import pytest
from django.db.models import RestrictedError
from django.urls import reverse
from django.utils import timezone
from rest_framework.test import APIClient

from cases.models import Appeal, Case, Charge, Event, Hearing, Proceeding, UnnamedGroup
from cases.selectors import case_as_described_in
from cases.services import case_delete
from defenders.models import OtherName
from tests.admin_forms import page_errors
from tests.api_clients import partner_api_client
from tests.cases.admin_support import change_url, edit
from tests.factories import AppealFactory, CaseFactory, DefenderFactory

pytestmark = pytest.mark.django_db


def an_appeal(case: Case, reference: str | None, issue_date: dt.date, sequence: int) -> Appeal:
    """Return an issued appeal of the case."""
    return AppealFactory(
        case=case,
        reference=reference,
        sequence=sequence,
        issue_date=issue_date,
        issued_at=timezone.now(),
    )


@pytest.fixture(autouse=True)
def _no_settle(settings):
    # The sync endpoints leave out what changed in the last seconds; these tests read at once.
    settings.API_SYNC_SETTLE_SECONDS = 0


@pytest.fixture
def case():
    case = CaseFactory()
    case.defenders.add(DefenderFactory(full_name="Aigerim Dzhaksybekova"))
    return case


@pytest.fixture
def first(case):
    return an_appeal(case, "KGZ 003 / 0425 / OBS 041", dt.date(2025, 4, 14), 0)


@pytest.fixture
def second(case):
    return an_appeal(case, "KGZ 003 / 0425 / OBS 041.1", dt.date(2025, 5, 20), 1)


def published(case: Case) -> None:
    Case.objects.filter(pk=case.pk).update(
        status=Case.Status.PUBLISHED, published_at=timezone.now()
    )


def api(user) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


def patch(user, case: Case, body: dict):
    return api(user).patch(f"/api/v1/cases/{case.pk}/", body, format="json")


def source(appeal: Appeal) -> dict:
    return {"id": str(appeal.pk), "reference": appeal.reference}


def records_stated_in(user, case: Case, appeal: Appeal) -> None:
    """Enter a proceeding with a charge, a measure with an extension, a hearing, an event and
    unnamed people, as `appeal` states them."""
    defender = str(case.defenders.get().pk)
    response = patch(
        user,
        case,
        {
            "source_appeal": str(appeal.pk),
            "proceedings": [
                {
                    "name": "criminal case No. 12345",
                    "charges": [{"offence": "mass riots", "defenders": [defender]}],
                }
            ],
            "detention_periods": [
                {
                    "defender": defender,
                    "kind": "pre_trial_detention",
                    "start_date": "2025-03-28",
                    "term_months": 2,
                    "extensions": [{"ordered_on": "2025-05-20", "term_months": 2}],
                }
            ],
            "hearings": [
                {"local_date": "2025-06-02", "time_zone": "Asia/Bishkek", "defenders": [defender]}
            ],
            "events": [{"date": "2025-03", "kind": "arrest", "description": "She was arrested."}],
            "unnamed_groups": [{"description": "a dozen other lawyers", "count": 12}],
        },
    )
    assert response.status_code == 200, response.json()


def all_sourced_records(case: Case) -> list:
    period = case.detention_periods.get()
    return [
        *case.proceedings.all(),
        *case.charges.all(),
        period,
        *period.extensions.all(),
        *case.hearings.all(),
        *case.events.all(),
        *case.unnamed_groups.all(),
    ]


# --- Writes name their source once ------------------------------------------------------------


def test_records_created_from_an_appeal_are_stated_and_changed_in_it(editor, case, first):
    records_stated_in(editor, case, first)

    records = all_sourced_records(case)
    assert len(records) == 7
    assert {(r.stated_in_id, r.changed_in_id) for r in records} == {(first.pk, first.pk)}


def test_a_later_appeal_changes_only_what_it_changed(editor, case, first, second):
    records_stated_in(editor, case, first)
    charge, hearing = case.charges.get(), case.hearings.get()

    response = patch(
        editor,
        case,
        {
            "source_appeal": str(second.pk),
            "proceedings": [
                {
                    "id": str(charge.proceeding_id),
                    "charges": [{"id": str(charge.pk), "article": "268"}],
                }
            ],
            # Sent as it is: unchanged.
            "hearings": [{"id": str(hearing.pk), "local_date": "2025-06-02"}],
        },
    )

    assert response.status_code == 200, response.json()
    [proceeding] = response.json()["proceedings"]
    [charge_document] = proceeding["charges"]
    assert charge_document["stated_in"] == source(first)
    assert charge_document["changed_in"] == source(second)
    assert proceeding["changed_in"] == source(first)
    [hearing_document] = response.json()["hearings"]
    assert (hearing_document["stated_in"], hearing_document["changed_in"]) == (
        source(first),
        source(first),
    )


def test_a_change_of_links_alone_is_a_change_from_its_source(editor, case, first, second):
    records_stated_in(editor, case, first)
    hearing = case.hearings.get()

    response = patch(
        editor,
        case,
        {"source_appeal": str(second.pk), "hearings": [{"id": str(hearing.pk), "defenders": []}]},
    )

    assert response.status_code == 200, response.json()
    hearing.refresh_from_db()
    assert (hearing.stated_in_id, hearing.changed_in_id) == (first.pk, second.pk)


def test_a_write_without_a_source_records_none_and_keeps_what_was_recorded(editor, case, first):
    records_stated_in(editor, case, first)
    event = case.events.get()

    response = patch(
        editor,
        case,
        {
            "events": [{"id": str(event.pk), "description": "She was arrested at home."}],
            "unnamed_groups": [
                *({"id": str(g.pk)} for g in case.unnamed_groups.all()),
                {"description": "three journalists", "count": 3},
            ],
        },
    )

    assert response.status_code == 200, response.json()
    event.refresh_from_db()
    assert (event.stated_in_id, event.changed_in_id) == (first.pk, first.pk)
    new = UnnamedGroup.objects.get(description="three journalists")
    assert (new.stated_in_id, new.changed_in_id) == (None, None)
    assert response.json()["unnamed_groups"][1]["stated_in"] is None


@pytest.mark.parametrize("which", ["another case's appeal", "unknown", "not an id"])
def test_a_source_that_is_not_an_appeal_of_the_case_is_refused_and_nothing_changes(
    editor, case, first, which
):
    other = an_appeal(CaseFactory(), "KGZ 004 / 0425 / OBS 042", dt.date(2025, 4, 15), 0)
    given = {
        "another case's appeal": str(other.pk),
        "unknown": str(uuid.uuid4()),
        "not an id": "KGZ 004",
    }[which]

    response = patch(
        editor,
        case,
        {
            "source_appeal": given,
            "title": "Changed",
            "unnamed_groups": [{"description": "a dozen other lawyers"}],
        },
    )

    assert response.status_code == 400
    assert list(response.json()["errors"]) == ["source_appeal"]
    case.refresh_from_db()
    assert case.title != "Changed"
    assert not case.unnamed_groups.exists()


def test_a_new_case_has_no_appeal_to_name(editor, first):
    response = api(editor).post(
        "/api/v1/cases/",
        {"country": "KG", "title": "New", "source_appeal": str(first.pk)},
        format="json",
    )

    assert response.status_code == 400
    assert response.json()["errors"] == {
        "source_appeal": [f"Not an appeal of this case: {first.pk}."]
    }
    assert not Case.objects.filter(title="New").exists()


def test_the_sources_are_read_only(editor, case, first):
    response = patch(editor, case, {"unnamed_groups": [{"description": "x", "stated_in": None}]})

    assert response.status_code == 400
    assert "unnamed_groups[0].stated_in" in response.json()["errors"]


# --- The admin names the source on the case screen, saved through the same service -----------


def test_the_admin_and_the_api_record_the_same_sources(editor, editor_client, first):
    by_admin, by_api = first.case, CaseFactory()
    for case in (by_admin, by_api):
        case.defenders.add(DefenderFactory())
        Proceeding.objects.create(case=case)
    api_first = an_appeal(by_api, "KGZ 009 / 0425 / OBS 050", dt.date(2025, 4, 14), 0)

    post = edit(editor_client, by_admin)
    post.set(source_appeal=first)
    post.add_row("unnamed_groups", description="a dozen other lawyers", count=12)
    post.set("proceedings-0", name="criminal case No. 12345")
    response = editor_client.post(change_url(by_admin), post.data)
    assert response.status_code == 302, page_errors(response)
    response = patch(
        editor,
        by_api,
        {
            "source_appeal": str(api_first.pk),
            "unnamed_groups": [{"description": "a dozen other lawyers", "count": 12}],
            "proceedings": [
                {"id": str(by_api.proceedings.get().pk), "name": "criminal case No. 12345"}
            ],
        },
    )
    assert response.status_code == 200, response.json()

    def sources(case: Case, appeal: Appeal) -> list:
        def named(appeal_id):
            return None if appeal_id is None else appeal_id == appeal.pk

        return [
            (type(r).__name__, named(r.stated_in_id), named(r.changed_in_id))
            for r in (*case.proceedings.all(), *case.unnamed_groups.all())
        ]

    assert sources(by_admin, first) == sources(by_api, api_first)
    assert sources(by_admin, first) == [("Proceeding", None, True), ("UnnamedGroup", True, True)]


def test_the_admin_offers_only_the_case_s_appeals_and_refuses_another(editor_client, case, first):
    other = an_appeal(CaseFactory(), "KGZ 004 / 0425 / OBS 042", dt.date(2025, 4, 15), 0)
    post = edit(editor_client, case)
    page = editor_client.get(change_url(case))
    choices = page.context["adminform"].form.fields["source_appeal"].queryset
    assert list(choices) == [first]

    post.set(source_appeal=other)
    post.add_row("unnamed_groups", description="a dozen other lawyers")
    response = editor_client.post(change_url(case), post.data)

    assert response.status_code == 200
    assert "source_appeal" in page_errors(response)["form"]
    assert not case.unnamed_groups.exists()


# --- Reads: partners see only the appeals they may see ---------------------------------------


def test_a_partner_never_learns_the_reference_of_an_appeal_not_issued(editor, case, first):
    draft = AppealFactory(case=case, reference="KGZ 003 / 0425 / OBS 041.2", sequence=2)
    records_stated_in(editor, case, draft)
    event = case.events.get()
    Event.objects.filter(pk=event.pk).update(changed_in=first)
    published(case)
    partner = partner_api_client()

    document = partner.get(f"/api/v1/cases/{case.pk}/").json()
    hearings = partner.get("/api/v1/hearings/").json()["results"]

    [event_document] = document["events"]
    assert (event_document["stated_in"], event_document["changed_in"]) == (None, source(first))
    assert document["proceedings"][0]["charges"][0]["stated_in"] is None
    assert [(h["stated_in"], h["changed_in"]) for h in hearings] == [(None, None)]
    assert "KGZ 003 / 0425 / OBS 041.2" not in str(document) + str(hearings)
    staff = api(editor).get(f"/api/v1/cases/{case.pk}/").json()
    assert staff["events"][0]["stated_in"] == source(draft)


def test_staff_read_the_sources_on_the_hearings_endpoint(editor, case, first):
    records_stated_in(editor, case, first)

    [hearing] = api(editor).get("/api/v1/hearings/").json()["results"]

    assert (hearing["stated_in"], hearing["changed_in"]) == (source(first), source(first))


# --- A defender's other names and affiliations -----------------------------------------------


def test_a_defender_s_other_names_name_an_appeal_of_their_cases(editor, case, first):
    defender = case.defenders.get()
    other = an_appeal(CaseFactory(), "KGZ 004 / 0425 / OBS 042", dt.date(2025, 4, 15), 0)
    url = f"/api/v1/defenders/{defender.pk}/"

    refused = api(editor).patch(
        url, {"source_appeal": str(other.pk), "other_names": [{"name": "Jaksybekova"}]}
    )
    saved = api(editor).patch(
        url,
        {"source_appeal": str(first.pk), "other_names": [{"name": "Jaksybekova"}]},
        format="json",
    )

    assert refused.status_code == 400
    assert list(refused.json()["errors"]) == ["source_appeal"]
    assert saved.status_code == 200, saved.json()
    assert saved.json()["other_names"][0]["stated_in"] == source(first)
    name = OtherName.objects.get(defender=defender)
    assert (name.stated_in_id, name.changed_in_id) == (first.pk, first.pk)


# --- The case as a given appeal described it -----------------------------------------------


def test_the_case_as_the_first_appeal_described_it_is_not_the_second_s(editor, case, first, second):
    records_stated_in(editor, case, first)
    charge, event = case.charges.get(), case.events.get()
    response = patch(
        editor,
        case,
        {
            "source_appeal": str(second.pk),
            "proceedings": [
                {
                    "id": str(charge.proceeding_id),
                    "charges": [{"id": str(charge.pk), "article": "268"}],
                }
            ],
            # The event is left out: deleted, as the second appeal has it.
            "events": [],
        },
    )
    assert response.status_code == 200, response.json()

    as_first = case_as_described_in(first)
    as_second = case_as_described_in(second)

    [first_charge] = as_first["proceedings"][0]["charges"]
    [second_charge] = as_second["proceedings"][0]["charges"]
    assert (first_charge["article"], first_charge["changed_in"]) == ("", named(first))
    assert (second_charge["article"], second_charge["changed_in"]) == ("268", named(second))
    assert [e["id"] for e in as_first["events"]] == [event.pk]
    assert as_first["events"][0]["date"] == "2025-03"
    assert as_second["events"] == []
    assert [a["id"] for a in as_second["appeals"]] == [first.pk, second.pk]
    assert as_first["hearings"][0]["defenders"] == [case.defenders.get().pk]
    assert as_first["detention_periods"][0]["extensions"][0]["term_months"] == 2


def named(appeal: Appeal) -> dict:
    """Return the appeal as the selector names a source."""
    return {"id": appeal.pk, "reference": appeal.reference}


def test_appeals_count_in_the_order_of_their_issue_dates(editor, case, first, second):
    """An appeal entered first but issued later describes the case after the earlier one."""
    records_stated_in(editor, case, second)

    assert case_as_described_in(first)["proceedings"] == []
    assert len(case_as_described_in(second)["proceedings"]) == 1


def test_staff_read_the_case_as_described_over_the_api_and_partners_do_not(editor, case, first):
    records_stated_in(editor, case, first)
    published(case)
    url = f"/api/v1/cases/{case.pk}/as-described-in/{first.pk}/"

    staff = api(editor).get(url)
    partner = partner_api_client().get(url)
    elsewhere = api(editor).get(f"/api/v1/cases/{CaseFactory().pk}/as-described-in/{first.pk}/")

    assert staff.status_code == 200
    assert staff.json()["appeal"] == source(first)
    assert staff.json()["unnamed_groups"][0]["description"] == "a dozen other lawyers"
    assert partner.status_code == 404
    assert elsewhere.status_code == 404


def test_the_appeal_in_the_admin_links_to_the_case_as_it_described_it(
    editor, editor_client, case, first
):
    records_stated_in(editor, case, first)
    page = reverse("admin:cases_appeal_as_described", args=[first.pk])

    appeal_page = editor_client.get(change_url(first))
    response = editor_client.get(page)

    assert page in appeal_page.content.decode()
    assert response.status_code == 200
    assert "a dozen other lawyers" in response.content.decode()


# --- Deleting: an appeal facts come from stays --------------------------------------------------


def test_an_appeal_facts_come_from_cannot_be_deleted_but_its_case_can(editor, case, first):
    records_stated_in(editor, case, first)

    with pytest.raises(RestrictedError):
        first.delete()

    case_delete(case=case, acting_user=editor)
    assert not Case.objects.filter(pk=case.pk).exists()
    assert not Charge.objects.exists() and not Hearing.objects.exists()


def test_the_admin_refuses_to_delete_an_appeal_facts_come_from_and_names_them(
    editor, case, first, admin_client_
):
    records_stated_in(editor, case, first)
    url = reverse("admin:cases_appeal_delete", args=[first.pk])

    page = admin_client_.get(url).content.decode()
    refused = admin_client_.post(url, {"post": "yes"})

    # Django's own refusal, listing what would lose its source; nothing is deleted.
    assert "would require deleting the following protected related objects" in page
    assert refused.status_code == 200
    assert Appeal.objects.filter(pk=first.pk).exists()
