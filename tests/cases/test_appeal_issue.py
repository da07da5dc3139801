import datetime as dt
import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import connection

from cases.models import Appeal, AppealViolation, Case
from cases.services import appeal_compose, appeal_create, appeal_issue
from tests.factories import (
    AppealFactory,
    AppealTextFactory,
    AuthorityFactory,
    CaseAuthorityFactory,
    CaseFactory,
    ViolationLabelFactory,
    issuable_appeal,
)

pytestmark = pytest.mark.django_db


def test_first_appeal_gets_the_case_reference(editor):
    appeal = issuable_appeal(CaseFactory(country="KG"))

    appeal_issue(appeal=appeal, acting_user=editor, issue_date=dt.date(2025, 4, 14))

    appeal.refresh_from_db()
    assert appeal.reference == "KGZ 001 / 0425 / OBS 001"
    assert appeal.sequence == 0
    assert appeal.issued_by == editor
    assert appeal.case.reference == "KGZ 001 / 0425 / OBS 001"
    assert appeal.case.case_number == 1


def test_followups_keep_the_code_and_add_their_number(editor):
    case = CaseFactory(country="KG")
    first = appeal_issue(
        appeal=issuable_appeal(case), acting_user=editor, issue_date=dt.date(2025, 4, 14)
    )
    second = appeal_issue(
        appeal=issuable_appeal(case), acting_user=editor, issue_date=dt.date(2025, 5, 30)
    )
    third = appeal_issue(
        appeal=issuable_appeal(case), acting_user=editor, issue_date=dt.date(2026, 1, 5)
    )

    assert second.reference == first.reference + ".1"
    assert third.reference == first.reference + ".2"
    # A follow-up in another year still keeps the month and year of the first appeal.
    assert "/ 0425 /" in third.reference


def test_cases_are_numbered_per_country_and_interventions_per_year(editor):
    kgz_1 = appeal_issue(
        appeal=issuable_appeal(CaseFactory(country="KG")),
        acting_user=editor,
        issue_date=dt.date(2025, 4, 1),
    )
    col_1 = appeal_issue(
        appeal=issuable_appeal(CaseFactory(country="CO")),
        acting_user=editor,
        issue_date=dt.date(2025, 9, 9),
    )
    kgz_2 = appeal_issue(
        appeal=issuable_appeal(CaseFactory(country="KG")),
        acting_user=editor,
        issue_date=dt.date(2025, 10, 2),
    )
    kgz_3 = appeal_issue(
        appeal=issuable_appeal(CaseFactory(country="KG")),
        acting_user=editor,
        issue_date=dt.date(2026, 1, 3),
    )

    assert kgz_1.reference == "KGZ 001 / 0425 / OBS 001"
    assert col_1.reference == "COL 001 / 0925 / OBS 002"
    assert kgz_2.reference == "KGZ 002 / 1025 / OBS 003"
    assert kgz_3.reference == "KGZ 003 / 0126 / OBS 001"


def test_organisation_code_is_a_setting(settings, editor):
    settings.ORGANISATION_CODE = "FIDH"
    appeal = appeal_issue(
        appeal=issuable_appeal(CaseFactory(country="CO")),
        acting_user=editor,
        issue_date=dt.date(2025, 9, 9),
    )
    assert appeal.reference == "COL 001 / 0925 / FIDH 001"


def test_an_appeal_is_issued_once(editor):
    appeal = appeal_issue(appeal=issuable_appeal(), acting_user=editor)

    with pytest.raises(ValidationError) as excinfo:
        appeal_issue(appeal=appeal, acting_user=editor)

    assert excinfo.value.message_dict == {
        "reference": [f"This appeal was already issued as {appeal.reference}."]
    }


def test_an_appeal_without_text_cannot_be_issued(editor):
    appeal = AppealFactory()

    with pytest.raises(ValidationError) as excinfo:
        appeal_issue(appeal=appeal, acting_user=editor)

    assert excinfo.value.message_dict == {
        "texts": ["Give the appeal's text in its original language."]
    }
    appeal.refresh_from_db()
    assert appeal.reference is None


def test_an_appeal_without_actions_cannot_be_issued(editor):
    appeal = AppealFactory()
    AppealTextFactory(appeal=appeal)

    with pytest.raises(ValidationError) as excinfo:
        appeal_issue(appeal=appeal, acting_user=editor)

    assert excinfo.value.message_dict == {
        "actions": ["Give at least one action in the original language."]
    }
    assert Case.objects.get(pk=appeal.case_id).reference is None


def test_issue_date_defaults_to_today_in_the_case_time_zone(editor, time_machine):
    # 20:30 UTC on 14 April is already 15 April in Bishkek (UTC+6).
    time_machine.move_to(dt.datetime(2025, 4, 14, 20, 30, tzinfo=dt.UTC))
    appeal = appeal_issue(
        appeal=issuable_appeal(CaseFactory(time_zone="Asia/Bishkek")), acting_user=editor
    )
    assert appeal.issue_date == dt.date(2025, 4, 15)


def test_new_appeal_is_prefilled_from_the_case(editor):
    case = CaseFactory(title="Kyrgyzstan: Arbitrary detention of X", summary="Summary.")
    second, first = AuthorityFactory(), AuthorityFactory()
    CaseAuthorityFactory(case=case, authority=first, position=1)
    CaseAuthorityFactory(case=case, authority=second, position=2)

    appeal = appeal_create(case=case, acting_user=editor)

    assert appeal.intervention_type == Appeal.InterventionType.URGENT_APPEAL
    assert [a.authority for a in appeal.appeal_authorities.order_by("position")] == [first, second]
    original = appeal.texts.get()
    assert (original.is_original, original.title, original.description) == (
        True,
        "Kyrgyzstan: Arbitrary detention of X",
        "Summary.",
    )


def test_new_appeal_after_an_issued_one_is_new_information(editor):
    case = CaseFactory()
    appeal_issue(appeal=issuable_appeal(case), acting_user=editor)

    followup = appeal_create(case=case, acting_user=editor)

    assert followup.intervention_type == Appeal.InterventionType.NEW_INFORMATION


def _issue_in_threads(appeals, user):
    """Issue each appeal in its own thread and transaction, all released at one moment."""
    barrier = threading.Barrier(len(appeals))
    results, errors = [], []

    def work(appeal):
        try:
            barrier.wait(timeout=10)
            results.append(appeal_issue(appeal=appeal, acting_user=user).reference)
        except Exception as exc:  # noqa: BLE001 - collected and asserted below
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=work, args=(a,)) for a in appeals]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    return results, errors


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_concurrent_first_appeals_in_one_country_never_share_a_code(editor):
    appeals = [issuable_appeal(CaseFactory(country="KG")) for _ in range(8)]

    references, errors = _issue_in_threads(appeals, editor)

    assert errors == []
    assert len(references) == 8
    assert len(set(references)) == 8
    numbers = sorted(Case.objects.values_list("case_number", flat=True))
    assert numbers == list(range(1, 9))


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_concurrent_followups_on_one_case_get_consecutive_numbers(editor):
    case = CaseFactory(country="KG")
    original = appeal_issue(appeal=issuable_appeal(case), acting_user=editor)
    drafts = [issuable_appeal(case) for _ in range(6)]

    references, errors = _issue_in_threads(drafts, editor)

    assert errors == []
    assert sorted(references) == sorted(f"{original.reference}.{n}" for n in range(1, 7))


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_one_draft_issued_twice_at_once_is_issued_once(editor):
    appeal = issuable_appeal(CaseFactory())

    references, errors = _issue_in_threads([appeal, Appeal.objects.get(pk=appeal.pk)], editor)

    assert len(references) == 1
    assert len(errors) == 1
    assert isinstance(errors[0], ValidationError)
    assert Appeal.objects.filter(reference__isnull=False).count() == 1


def test_an_appeals_violations_keep_the_order_given_and_each_change_is_in_the_history(editor):
    appeal = appeal_create(case=CaseFactory(), acting_user=editor)
    labels = [ViolationLabelFactory(name=name) for name in ("Travel ban", "Arbitrary detention")]
    slugs = [label.slug for label in labels]

    appeal_compose(appeal=appeal, acting_user=editor, violations=slugs)
    appeal_compose(appeal=appeal, acting_user=editor, violations=slugs[::-1])

    assert [link.violationlabel.slug for link in appeal.violation_links.all()] == slugs[::-1]
    changes = AppealViolation.history.filter(appeal=appeal).order_by("history_id")
    assert [(c.history_type, c.violationlabel_id, c.position) for c in changes] == [
        ("+", labels[0].pk, 0),
        ("+", labels[1].pk, 1),
        ("~", labels[1].pk, 0),
        ("~", labels[0].pk, 1),
    ]
    assert {c.history_user for c in changes} == {editor}
    with pytest.raises(ValidationError) as raised:
        appeal_compose(appeal=appeal, acting_user=editor, violations=[slugs[0], slugs[0]])
    assert raised.value.message_dict == {"violations": ["A violation is given twice."]}
