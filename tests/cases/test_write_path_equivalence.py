"""One write path: the same edit of a case, made once through the admin's change page (the
real form, management forms included) and once through the API, on two identical cases,
leaves the same history rows (type, fields changed, who), the same update time moved, the
same reminders planned, the same notices to followers, the same detention terms, hearing
moves and audit entries. Both doors call cases.services.case_save, which does the follow-up
work once; a door that did some of it itself, or skipped some, fails here."""

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

import pytest
from django.utils import timezone
from rest_framework.test import APIClient

from cases.models import (
    Case,
    CaseAuthority,
    Charge,
    DetentionExtension,
    DetentionPeriod,
    Event,
    ExternalReference,
    Hearing,
    HearingMove,
)
from cases.services import detention_period_refresh_term
from tests.admin_forms import AdminPost, page_errors
from tests.cases.admin_support import change_url, edit
from tests.factories import (
    AuthorityFactory,
    CaseAuthorityFactory,
    CaseFactory,
    ChargeFactory,
    DefenderFactory,
    DetentionExtensionFactory,
    DetentionPeriodFactory,
    EventFactory,
    ExternalReferenceFactory,
    HearingFactory,
    UserFactory,
    ViolationLabelFactory,
)
from tests.write_path_support import audit_rows, history_rows

pytestmark = pytest.mark.django_db

TODAY = dt.date.today()
HEARING_DAY = TODAY + dt.timedelta(days=20)


def a_followed_case(*, follower, authority) -> Case:
    """Return a case with one record of each kind, dated so that reminders are due ahead (a
    hearing in 20 days, a detention term running), followed by `follower`, its reminders
    planned."""
    case = CaseFactory(title="Kyrgyzstan: Arbitrary detention of a lawyer")
    defender = DefenderFactory(full_name="Aigerim Dzhaksybekova")
    case.defenders.add(defender)
    ChargeFactory(case=case, defender=defender)
    period = DetentionPeriodFactory(
        case=case, defender=defender, start_date=TODAY - dt.timedelta(days=40), term_months=2
    )
    DetentionExtensionFactory(period=period, ordered_on=TODAY - dt.timedelta(days=5))
    HearingFactory(case=case, local_date=HEARING_DAY)
    EventFactory(case=case)
    ExternalReferenceFactory(case=case, reference="UA 182/14")
    CaseAuthorityFactory(case=case, authority=authority, position=0)
    case.subscriptions.create(user=follower)
    # The term worked out, and the case's reminders planned (reminders are reached through
    # the case's relations only: the reminders app may live elsewhere).
    detention_period_refresh_term(period=period)
    return case


CASE_CHANGED = "case_changed"


def _occurs_at(reminder) -> dt.datetime | None:
    # A notice of a change occurs when the change was saved: a moment apart for two saves.
    return None if reminder.kind == CASE_CHANGED else reminder.occurs_at


def trace(case: Case, since: dt.datetime, updated_at: dt.datetime) -> dict:
    """Return what a save of `case` left behind after `since`, without ids or instants that
    differ between two identical cases."""
    periods = DetentionPeriod.history.filter(case_id=case.pk).values("id")
    records = [Charge, DetentionPeriod, Hearing, Event, ExternalReference, CaseAuthority]
    case.refresh_from_db()
    return {
        "history": sorted(
            history_rows(Case, since, id=case.pk)
            + [row for model in records for row in history_rows(model, since, case_id=case.pk)]
            + history_rows(DetentionExtension, since, period_id__in=periods)
        ),
        "updated_at moved": case.updated_at > updated_at,
        "reminders": sorted(
            (r.kind, r.channel, r.state, r.user.get_username(), _occurs_at(r), r.note)
            for r in case.reminders.select_related("user")
        ),
        "terms": sorted(
            DetentionPeriod.objects.filter(case=case).values_list("start_date", "term_ends_on")
        ),
        "moves": sorted(
            HearingMove.objects.filter(hearing__case=case).values_list(
                "from_date", "to_date", "reason", "moved_by__username"
            )
        ),
        "audit": audit_rows(case.pk, since),
        "status": case.status,
    }


# --- The edits, each as the admin's page and as the API's request ---------------------------


def _ids(records) -> list[dict]:
    return [{"id": str(r.pk)} for r in records]


@dataclass
class Edit:
    name: str
    # Changes the POST of the case's change page.
    admin: Callable[[AdminPost, Case, dict], None]
    # Returns the body of PATCH /api/v1/cases/<id>/.
    api: Callable[[Case, dict], dict]
    persona: str = "editor"


NEW_CHARGE = {"instrument": "Criminal Code", "article": "330", "offence": "Arbitrariness"}
NEW_HEARING = {
    "court": "Osh City Court",
    "city": "Osh",
    "local_date": HEARING_DAY + dt.timedelta(days=7),
    "local_time": dt.time(10, 0),
    "time_zone": "Asia/Bishkek",
    "purpose": Hearing.Purpose.TRIAL,
}
NEW_EVENT = {"date": TODAY, "kind": Event.Kind.SEARCH, "description": "Her office was searched."}


def _proceeding_with(case: Case, charges: list) -> dict:
    return {"proceedings": [{"id": str(case.proceedings.get().pk), "charges": charges}]}


def _charges_with_new(case: Case, more: dict) -> dict:
    defender = case.defenders.get()
    new = {**NEW_CHARGE, "defenders": [str(defender.pk)]}
    return _proceeding_with(case, [*_ids(case.charges.all()), new])


def _extensions_of(period: DetentionPeriod) -> list[dict]:
    return [
        {"ordered_on": e.ordered_on, "term_days": e.term_days, "term_months": e.term_months}
        for e in period.extensions.all()
    ]


def _hearings_with_new(case: Case, more: dict) -> dict:
    new = {**NEW_HEARING, "defenders": [str(case.defenders.get().pk)]}
    return {"hearings": [*_ids(case.hearings.all()), new]}


def _events_with_new(case: Case, more: dict) -> dict:
    new = {**NEW_EVENT, "defenders": [str(case.defenders.get().pk)]}
    return {"events": [*_ids(case.events.all()), new]}


EDITS = [
    Edit(
        "case title",
        admin=lambda post, case, more: post.set(title="Kyrgyzstan: Judicial harassment"),
        api=lambda case, more: {"title": "Kyrgyzstan: Judicial harassment"},
    ),
    Edit(
        "case violations",
        admin=lambda post, case, more: post.set(violations=[more["label"]]),
        api=lambda case, more: {"violations": [more["label"].slug]},
    ),
    Edit(
        "case status published",
        admin=lambda post, case, more: post.set(status=Case.Status.PUBLISHED),
        api=lambda case, more: {"status": Case.Status.PUBLISHED},
        persona="reviewer",
    ),
    Edit(
        "charge added",
        admin=lambda post, case, more: post.add_row(
            post.nested("proceedings", 0, "charges"), defenders=[case.defenders.get()], **NEW_CHARGE
        ),
        api=_charges_with_new,
    ),
    Edit(
        "charge changed",
        admin=lambda post, case, more: post.set("proceedings-0-charges-0", article="330"),
        api=lambda case, more: _proceeding_with(
            case, [{"id": str(case.charges.get().pk), "article": "330"}]
        ),
    ),
    Edit(
        "charge deleted",
        admin=lambda post, case, more: post.delete_row("proceedings-0-charges-0"),
        api=lambda case, more: _proceeding_with(case, []),
    ),
    Edit(
        "detention extension added",
        admin=lambda post, case, more: post.add_row(
            post.nested("detention_periods", 0, "extensions"), ordered_on=TODAY, term_months=1
        ),
        api=lambda case, more: {
            "detention_periods": [
                {
                    "id": str(case.detention_periods.get().pk),
                    "extensions": [
                        *_extensions_of(case.detention_periods.get()),
                        {"ordered_on": TODAY, "term_months": 1},
                    ],
                }
            ]
        },
    ),
    Edit(
        "detention period ended (a release)",
        admin=lambda post, case, more: post.set("detention_periods-0", actual_end=TODAY),
        api=lambda case, more: {
            "detention_periods": [{"id": str(case.detention_periods.get().pk), "actual_end": TODAY}]
        },
    ),
    Edit(
        "detention period term changed",
        admin=lambda post, case, more: post.set("detention_periods-0", term_months=3),
        api=lambda case, more: {
            "detention_periods": [{"id": str(case.detention_periods.get().pk), "term_months": 3}]
        },
    ),
    Edit(
        "hearing moved",
        admin=lambda post, case, more: post.set(
            "hearings-0", local_date=HEARING_DAY + dt.timedelta(days=2), move_reason="Judge ill"
        ),
        api=lambda case, more: {
            "hearings": [
                {
                    "id": str(case.hearings.get().pk),
                    "local_date": HEARING_DAY + dt.timedelta(days=2),
                    "move_reason": "Judge ill",
                }
            ]
        },
    ),
    Edit(
        "hearing cancelled",
        admin=lambda post, case, more: post.set("hearings-0", status=Hearing.Status.CANCELLED),
        api=lambda case, more: {
            "hearings": [{"id": str(case.hearings.get().pk), "status": Hearing.Status.CANCELLED}]
        },
    ),
    Edit(
        "hearing outcome recorded",
        admin=lambda post, case, more: post.set("hearings-0", outcome="Detention extended."),
        api=lambda case, more: {
            "hearings": [{"id": str(case.hearings.get().pk), "outcome": "Detention extended."}]
        },
    ),
    Edit(
        "hearing added",
        admin=lambda post, case, more: post.add_row(
            "hearings", defenders=[case.defenders.get()], **NEW_HEARING
        ),
        api=_hearings_with_new,
    ),
    Edit(
        "event added",
        admin=lambda post, case, more: post.add_row(
            "events", defenders=[case.defenders.get()], **NEW_EVENT
        ),
        api=_events_with_new,
    ),
    Edit(
        "event deleted",
        admin=lambda post, case, more: post.delete_row("events-0"),
        api=lambda case, more: {"events": []},
    ),
    Edit(
        "external reference added",
        admin=lambda post, case, more: post.add_row(
            "external_references", issuer="UN Special Rapporteur", reference="KGZ 1/2025"
        ),
        api=lambda case, more: {
            "external_references": [
                {"issuer": "Amnesty International", "reference": "UA 182/14", "date": None},
                {"issuer": "UN Special Rapporteur", "reference": "KGZ 1/2025"},
            ]
        },
    ),
    Edit(
        "target authority added",
        admin=lambda post, case, more: post.add_row(
            "case_authorities", authority=more["authority"], position=1
        ),
        api=lambda case, more: {
            "target_authorities": [
                str(case.case_authorities.get().authority_id),
                str(more["authority"].pk),
            ]
        },
    ),
    Edit(
        "target authority removed",
        admin=lambda post, case, more: post.delete_row("case_authorities-0"),
        api=lambda case, more: {"target_authorities": []},
    ),
]


def _admin_save(client, case: Case, change: Callable, more: dict) -> None:
    post = edit(client, case)
    change(post, case, more)
    response = client.post(change_url(case), post.data)
    assert response.status_code == 302, page_errors(response)


def _api_save(user, case: Case, body: dict) -> None:
    client = APIClient()
    client.force_authenticate(user)
    response = client.patch(f"/api/v1/cases/{case.pk}/", body, format="json")
    assert response.status_code == 200, response.json()


@pytest.mark.parametrize("change", EDITS, ids=[e.name for e in EDITS])
def test_the_same_edit_through_the_admin_and_the_api_leaves_the_same_trace(change, request):
    user = request.getfixturevalue(change.persona)
    client = request.getfixturevalue(f"{change.persona}_client")
    follower = UserFactory(username="farid", is_staff=True)
    authority = AuthorityFactory()
    more = {"authority": AuthorityFactory(), "label": ViolationLabelFactory()}
    by_admin = a_followed_case(follower=follower, authority=authority)
    by_api = a_followed_case(follower=follower, authority=authority)
    since = timezone.now()
    updated = {case.pk: Case.objects.get(pk=case.pk).updated_at for case in (by_admin, by_api)}

    _admin_save(client, by_admin, change.admin, more)
    _api_save(user, by_api, change.api(by_api, more))

    admin_trace = trace(by_admin, since, updated[by_admin.pk])
    api_trace = trace(by_api, since, updated[by_api.pk])
    assert admin_trace == api_trace
    # Each edit did something, and said who did it; the case has reminders to compare.
    assert admin_trace["history"]
    assert {r[0] for r in admin_trace["reminders"]} >= {"hearing_upcoming"}
    assert {row[3] for row in admin_trace["history"]} == {user.get_username()}
    assert admin_trace["updated_at moved"] is True


def test_a_followed_change_tells_the_follower_through_either_door(editor, editor_client):
    """The notices compared above exist: a release tells the follower, by either door."""
    follower = UserFactory(username="farid", is_staff=True)
    authority = AuthorityFactory()
    by_admin = a_followed_case(follower=follower, authority=authority)
    by_api = a_followed_case(follower=follower, authority=authority)
    release = next(e for e in EDITS if e.name == "detention period ended (a release)")

    _admin_save(editor_client, by_admin, release.admin, {})
    _api_save(editor, by_api, release.api(by_api, {}))

    for case in (by_admin, by_api):
        [notice] = case.reminders.filter(kind=CASE_CHANGED)
        assert notice.user == follower
        assert notice.note.startswith("Released: Aigerim Dzhaksybekova, pre-trial detention")


def test_an_unchanged_admin_page_saved_again_leaves_no_trace(editor_client):
    follower = UserFactory(username="farid", is_staff=True)
    case = a_followed_case(follower=follower, authority=AuthorityFactory())
    since = timezone.now()
    updated_at = Case.objects.get(pk=case.pk).updated_at

    _admin_save(editor_client, case, lambda post, case, more: None, {})

    assert trace(case, since, updated_at)["history"] == []
    assert trace(case, since, updated_at)["updated_at moved"] is False
