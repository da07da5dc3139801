"""An appeal's footnotes as records (number, text, date, the reference cited and the appeal on
record it names), the appeal's action deadline and closing as printed, a hearing's court, time
and purpose as printed and whether the defenders were summoned, and an addressee's office:
written through the staff API, read back by staff, partners, the public page, the calendar
and letters."""

import datetime as dt

import pytest

from cases.models import Appeal, Case, Footnote, Hearing, Issuer
from cases.services import appeal_compose, hearing_save
from letters.rendering import letter_html
from tests.admin_forms import assert_saved
from tests.api_clients import partner_api_client
from tests.cases.admin_support import change_url, edit
from tests.cases.test_api_exports import ICS, NOW, events_of, published_case
from tests.cases.test_api_writes import an_appeal, api_client_for
from tests.factories import (
    AppealAuthorityFactory,
    AppealFactory,
    AuthorityFactory,
    CaseFactory,
    HearingFactory,
    IssuerFactory,
    issuable_appeal,
)
from tests.public.test_public_pages import page, text_of
from tests.public.test_public_pages import published_case as public_case

pytestmark = pytest.mark.django_db

NOTE_TEXT = "See the Observatory's Urgent Appeal KGZ 001 / 0317 / OBS 012.01, issued on May 20."


@pytest.fixture(autouse=True)
def _no_settle(settings):
    settings.API_SYNC_SETTLE_SECONDS = 0


def _issue(api, case, **body):
    return api.post(f"/api/v1/cases/{case.pk}/appeals/", an_appeal(**body), format="json")


def _appeal_of(api, case, appeal_id) -> dict:
    document = api.get(f"/api/v1/cases/{case.pk}/").json()
    return next(a for a in document["appeals"] if a["id"] == appeal_id)


# --- Footnotes -------------------------------------------------------------------------------


def test_footnotes_come_back_as_printed_with_the_appeal_their_reference_names(editor):
    api = api_client_for(editor)
    case = CaseFactory(country="KG", status=Case.Status.PUBLISHED)
    cited = _issue(api, case, reference="KGZ 001 / 0317 / OBS 012.1", issue_date="2017-05-20")
    assert cited.status_code == 201, cited.json()

    response = _issue(
        api,
        case,
        reference="KGZ 001 / 0317 / OBS 012.2",
        issue_date="2017-06-02",
        footnotes=[
            {
                "number": 1,
                "text": NOTE_TEXT,
                "date": "2017-05-20",
                "date_as_printed": "May 20",
                # An archival spelling of the appeal above.
                "reference": "KGZ 001/0317/OBS 012.01",
            },
            {"number": 2, "text": "Ibid.", "date": "2017-05~"},
        ],
    )

    assert response.status_code == 201, response.json()
    appeal_id = response.json()["id"]
    for reader in (api, partner_api_client()):
        footnotes = _appeal_of(reader, case, appeal_id)["footnotes"]
        assert [
            (f["number"], f["text"], f["date"], f["date_as_printed"], f["reference"])
            for f in footnotes
        ] == [
            (1, NOTE_TEXT, "2017-05-20", "May 20", "KGZ 001/0317/OBS 012.01"),
            (2, "Ibid.", "2017-05~", "", ""),
        ]
        assert [f["cited_appeal"] for f in footnotes] == [cited.json()["id"], None]
    alone = api.get(f"/api/v1/appeals/{appeal_id}/").json()["footnotes"]
    assert [(f["number"], f["date"], f["cited_appeal"]) for f in alone] == [
        (1, "2017-05-20", cited.json()["id"]),
        (2, "2017-05~", None),
    ]


def test_a_reference_naming_no_appeal_or_several_links_none():
    # Two issuers' documents under one code: which one a note cites is not guessed.
    for issuer in (Issuer.objects.own(), IssuerFactory()):
        AppealFactory(issuer=issuer, reference="UA 117/21", reference_key="UA117/21")
    AppealFactory(reference="KAZ 001 / 0213 / OBS 014", reference_key="KAZ001/0213/OBS014")
    appeal = issuable_appeal(case=CaseFactory(country="KZ"))

    appeal_compose(
        appeal=appeal,
        acting_user=None,
        footnotes=[
            {"number": 1, "text": "See UA 117/21.", "reference": "UA 117/21"},
            {"number": 2, "text": "See KAZ 009.", "reference": "KAZ 009 / 0101 / OBS 001"},
            {"number": 3, "text": "See KAZ 001.", "reference": "kaz 001/0213/obs 014"},
            {"number": 4, "text": "No reference."},
        ],
    )

    notes = Footnote.objects.filter(appeal=appeal).order_by("number")
    assert [n.cited_appeal for n in notes] == [
        None,
        None,
        Appeal.objects.get(reference_key="KAZ001/0213/OBS014"),
        None,
    ]


@pytest.mark.parametrize(
    ("footnotes", "field"),
    [
        ([{"number": 1, "text": "A"}, {"number": 1, "text": "B"}], "footnotes[1].number"),
        ([{"number": 1}], "footnotes[0].text"),
        ([{"number": -1, "text": "A"}], "footnotes[0].number"),
        ([{"number": 1, "text": "A", "date": "31 June"}], "footnotes[0].date"),
        ([{"number": 1, "text": "A", "cited_appeal": None}], "footnotes[0].cited_appeal"),
    ],
)
def test_a_bad_footnote_is_400_naming_it_and_nothing_is_issued(editor, footnotes, field):
    api = api_client_for(editor)
    case = CaseFactory(country="KG")

    response = _issue(api, case, issue_date="2025-04-14", footnotes=footnotes)

    assert response.status_code == 400, response.json()
    assert field in str(response.json()["errors"])
    assert not Appeal.objects.filter(case=case).exists()
    assert not Footnote.objects.exists()


def test_composing_again_keeps_a_note_by_its_number_and_drops_the_others():
    appeal = issuable_appeal(case=CaseFactory(country="KG"))
    appeal_compose(
        appeal=appeal,
        acting_user=None,
        footnotes=[{"number": 1, "text": "One."}, {"number": 2, "text": "Two."}],
    )
    first = Footnote.objects.get(appeal=appeal, number=1)

    appeal_compose(appeal=appeal, acting_user=None, footnotes=[{"number": 1, "text": "One!"}])

    assert list(Footnote.objects.filter(appeal=appeal).values_list("pk", "text")) == [
        (first.pk, "One!")
    ]


def test_the_public_page_shows_the_notes_and_the_action_deadline(client):
    case = public_case()
    appeal = Appeal.objects.get(case=case)
    Footnote.objects.create(appeal=appeal, number=1, text="See the Statement of January 15.")
    Appeal.objects.filter(pk=appeal.pk).update(action_deadline=dt.date(2099, 7, 14))

    body = text_of(page(client, case))

    assert "[1] See the Statement of January 15." in body
    assert "Act before" in body
    assert "July 14, 2099" in body


# --- The appeal's wording as printed, and an addressee's office ----------------------------


def test_the_action_deadline_and_closing_come_back_as_printed(editor):
    api = api_client_for(editor)
    case = CaseFactory(country="KG")

    response = _issue(
        api,
        case,
        issue_date="2021-06-02",
        action_deadline="2021-07-14",
        action_deadline_as_printed="14 July 2021",
        case_closed_as_printed="The Observatory considers this case closed.",
    )

    assert response.status_code == 201, response.json()
    appeal = _appeal_of(api, case, response.json()["id"])
    assert (
        appeal["action_deadline"],
        appeal["action_deadline_as_printed"],
        appeal["case_closed_as_printed"],
    ) == ("2021-07-14", "14 July 2021", "The Observatory considers this case closed.")


def test_an_addressees_office_reaches_the_api_and_the_letter(editor):
    api = api_client_for(editor)
    created = api.post(
        "/api/v1/authorities/",
        {
            "person_name": "Viktor Lazarevich",
            "post": "Prosecutor General",
            "office": "Prosecutor General's Office",
            "country": "BY",
        },
        format="json",
    )
    assert created.status_code == 201, created.json()
    assert created.json()["office"] == "Prosecutor General's Office"
    appeal = issuable_appeal(case=CaseFactory(country="BY"))
    authority = AuthorityFactory(post="Prosecutor General", office="Office of the Prosecutor")
    AppealAuthorityFactory(appeal=appeal, authority=authority)

    html = letter_html(appeal=appeal, language="en")

    assert '<span class="office">Office of the Prosecutor</span>' in html


# --- Hearings --------------------------------------------------------------------------------


def test_a_hearings_wording_and_summons_come_back_and_not_stated_is_null(editor):
    api = api_client_for(editor)
    case = CaseFactory(country="BY", time_zone="Europe/Minsk")
    item = {
        "court": "",
        "court_as_printed": "a court in the capital",
        "local_date": "2021-06-15",
        "local_time": "10:00",
        "time_as_printed": "10:00 local time",
        "time_zone": "Europe/Minsk",
        "purpose": "preliminary",
        "purpose_as_printed": "The initial hearing",
        "summoned": True,
    }
    response = api.patch(
        f"/api/v1/cases/{case.pk}/",
        {"hearings": [item, {"local_date": "2021-07-01", "time_zone": "Europe/Minsk"}]},
        format="json",
    )

    assert response.status_code == 200, response.json()
    hearings = sorted(response.json()["hearings"], key=lambda h: h["local_date"])
    assert [
        (
            h["court_as_printed"],
            h["time_as_printed"],
            h["purpose_as_printed"],
            h["summoned"],
        )
        for h in hearings
    ] == [
        ("a court in the capital", "10:00 local time", "The initial hearing", True),
        ("", "", "", None),
    ]


@pytest.mark.parametrize(
    ("item", "field"),
    [
        ({"summoned": "perhaps"}, "hearings[0].summoned"),
        ({"court_as_printed": "x" * 301}, "hearings[0].court_as_printed"),
    ],
)
def test_a_bad_hearing_wording_is_400_naming_it(editor, item, field):
    api = api_client_for(editor)
    case = CaseFactory(country="BY", time_zone="Europe/Minsk")
    body = {"local_date": "2021-06-15", "time_zone": "Europe/Minsk", **item}

    response = api.patch(f"/api/v1/cases/{case.pk}/", {"hearings": [body]}, format="json")

    assert response.status_code == 400, response.json()
    assert field in str(response.json()["errors"])
    assert not Hearing.objects.filter(case=case).exists()


def test_the_calendar_carries_the_wording_and_the_summons(time_machine):
    time_machine.move_to(NOW, tick=False)
    case = published_case()
    hearing = HearingFactory(case=case, local_date=dt.date(2025, 4, 22), court="")
    hearing.court_as_printed = "a court in the capital"
    hearing.purpose_as_printed = "the initial hearing"
    hearing.summoned = False
    hearing_save(hearing=hearing, acting_user=None)

    [event] = events_of(partner_api_client().get(ICS))

    description = str(event["DESCRIPTION"])
    assert "Court: court not named\nCourt as printed: a court in the capital" in description
    assert "Purpose as printed: the initial hearing" in description
    assert "The defenders were not summoned to it." in description
    assert "Time as printed" not in description


def test_a_note_added_in_the_admin_is_linked_to_the_appeal_it_cites(editor_client):
    cited = AppealFactory(reference="KAZ 001 / 0213 / OBS 014", reference_key="KAZ001/0213/OBS014")
    appeal = issuable_appeal(case=CaseFactory(country="KZ"))
    post = edit(editor_client, appeal)
    post.add_row(
        "footnotes",
        number=1,
        text="See the Urgent Appeal KAZ 001 / 0213 / OBS 014.",
        reference="KAZ 001/0213/OBS 014",
        date="2013-02-11",
        date_as_printed="February 11, 2013",
    )

    assert_saved(editor_client.post(change_url(appeal), post.data))

    note = Footnote.objects.get(appeal=appeal)
    assert (note.number, note.date, note.date_as_printed, note.cited_appeal) == (
        1,
        dt.date(2013, 2, 11),
        "February 11, 2013",
        cited,
    )
