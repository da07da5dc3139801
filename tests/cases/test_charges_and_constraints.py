"""Integrity rules hold in the database itself, not only in forms."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction

from cases.models import (
    AppealText,
    Case,
    CaseTombstone,
    Charge,
    Decision,
    DetentionPeriod,
    Ruling,
    SentencePart,
)
from cases.services import case_delete, case_set_status, charge_replace, charges_replace
from tests.factories import (
    AppealTextFactory,
    AuthorityFactory,
    CaseAuthorityFactory,
    CaseFactory,
    ChargeFactory,
    DefenderFactory,
    DetentionExtensionFactory,
    DetentionPeriodFactory,
    ProceedingFactory,
)

pytestmark = pytest.mark.django_db


def test_replacing_a_charge_links_old_and_new(editor):
    old = ChargeFactory(article="212.2", offence="calls for mass unrest")

    new = charge_replace(
        charge=old,
        acting_user=editor,
        instrument="Criminal Code",
        article="199",
        offence="organisation of an unlawful gathering",
        maximum_penalty="up to five years' imprisonment",
        date_brought=dt.date(2025, 5, 28),
    )

    old.refresh_from_db()
    assert (old.status, list(old.replaced_by.all())) == (Charge.Status.REPLACED, [new])
    assert (list(new.defenders.all()), new.proceeding, new.status) == (
        list(old.defenders.all()),
        old.proceeding,
        Charge.Status.PENDING,
    )
    assert old.history.latest().history_user == editor


def test_two_charges_replaced_by_three_against_the_defenders_of_both(editor):
    first = ChargeFactory(article="212.2")
    second = ChargeFactory(case=first.case, article="341")

    new = charges_replace(
        charges=[first, second],
        acting_user=editor,
        replacements=[{"offence": f"offence {n}"} for n in (1, 2, 3)],
    )

    assert [set(c.replaces.all()) for c in new] == [{first, second}] * 3
    assert set(new[0].defenders.all()) == set(first.defenders.all()) | set(second.defenders.all())


def test_a_replaced_charge_cannot_be_replaced_again(editor):
    old = ChargeFactory()
    charge_replace(charge=old, acting_user=editor, instrument="CC", article="1", offence="x")

    with pytest.raises(ValidationError) as excinfo:
        charge_replace(charge=old, acting_user=editor, instrument="CC", article="2", offence="y")

    assert excinfo.value.message_dict == {"status": ["This charge was already replaced."]}
    assert Charge.objects.count() == 2


def test_a_failed_replacement_changes_nothing(editor):
    old = ChargeFactory()

    with pytest.raises(ValidationError) as excinfo:
        charge_replace(charge=old, acting_user=editor, instrument="CC", article="", offence="")

    assert excinfo.value.messages == ["Give the article or the offence (or both)."]
    old.refresh_from_db()
    assert (old.status, Charge.objects.count()) == (Charge.Status.PENDING, 1)


def test_database_refuses_a_charge_with_neither_article_nor_offence():
    charge = ChargeFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        Charge.objects.filter(pk=charge.pk).update(article="", offence="")


def test_database_refuses_a_fine_without_its_amount():
    ruling = Ruling.objects.create(
        decision=Decision.objects.create(proceeding=ProceedingFactory()),
        defender=DefenderFactory(),
    )
    with pytest.raises(IntegrityError), transaction.atomic():
        SentencePart.objects.create(ruling=ruling, kind=SentencePart.Kind.FINE)


def test_database_refuses_a_detention_ending_before_it_starts():
    period = DetentionPeriodFactory(start_date=dt.date(2025, 3, 28))
    with pytest.raises(IntegrityError), transaction.atomic():
        DetentionPeriod.objects.filter(pk=period.pk).update(actual_end=dt.date(2025, 3, 1))


def test_clean_names_the_end_of_a_detention_ending_before_it_starts():
    period = DetentionPeriodFactory(start_date=dt.date(2025, 3, 28))
    period.actual_end = dt.date(2025, 3, 1)
    with pytest.raises(ValidationError) as excinfo:
        period.full_clean()
    assert excinfo.value.message_dict["actual_end"] == ["A measure cannot end before it starts."]


def test_clean_computes_when_the_term_runs_out():
    period = DetentionPeriodFactory.build(
        case=CaseFactory(), start_date=dt.date(2025, 3, 18), term_days=10, term_months=None
    )
    period.defender.save()
    period.full_clean()
    assert period.term_ends_on == dt.date(2025, 3, 28)


def test_an_extension_is_in_days_or_months():
    extension = DetentionExtensionFactory.build(
        period=DetentionPeriodFactory(), term_days=10, term_months=2
    )
    with pytest.raises(ValidationError) as excinfo:
        extension.full_clean()
    assert (
        "Give the extension in days, in months or by the date it runs to: one of them, or "
        "none when its length is not known." in excinfo.value.messages
    )


def test_an_authority_is_a_target_of_a_case_once():
    case, authority = CaseFactory(), AuthorityFactory()
    CaseAuthorityFactory(case=case, authority=authority)
    with pytest.raises(IntegrityError), transaction.atomic():
        CaseAuthorityFactory(case=case, authority=authority)


def test_one_original_text_per_appeal():
    text = AppealTextFactory(language="en", is_original=True)
    duplicate = AppealText(
        appeal=text.appeal, language="fr", is_original=True, title="Kirghizistan"
    )
    with pytest.raises(ValidationError) as excinfo:
        duplicate.full_clean()
    assert excinfo.value.messages == ["Only one language can be the original."]


def test_references_are_unique_in_the_database():
    CaseFactory(reference="KGZ 001 / 0425 / OBS 001")
    with pytest.raises(IntegrityError), transaction.atomic():
        CaseFactory(reference="KGZ 001 / 0425 / OBS 001")


def test_editor_cannot_publish(editor):
    case = CaseFactory()
    with pytest.raises(PermissionDenied):
        case_set_status(case=case, status=Case.Status.PUBLISHED, acting_user=editor)
    case.refresh_from_db()
    assert case.status == Case.Status.DRAFT


def test_editor_cannot_take_a_published_case_back(editor):
    case = CaseFactory(status=Case.Status.PUBLISHED)
    with pytest.raises(PermissionDenied):
        case_set_status(case=case, status=Case.Status.DRAFT, acting_user=editor)


def test_editor_can_send_a_case_to_review(editor):
    case = case_set_status(case=CaseFactory(), status=Case.Status.IN_REVIEW, acting_user=editor)
    assert case.status == Case.Status.IN_REVIEW


def test_reviewer_publishes_and_the_first_publication_is_dated(reviewer, time_machine):
    time_machine.move_to(dt.datetime(2025, 4, 14, 9, 0, tzinfo=dt.UTC), tick=False)
    case = case_set_status(case=CaseFactory(), status=Case.Status.PUBLISHED, acting_user=reviewer)
    assert case.published_at == dt.datetime(2025, 4, 14, 9, 0, tzinfo=dt.UTC)
    assert case.history.latest().history_user == reviewer


def test_taking_a_published_case_back_leaves_a_tombstone(reviewer):
    case = case_set_status(case=CaseFactory(), status=Case.Status.PUBLISHED, acting_user=reviewer)

    case_set_status(case=case, status=Case.Status.IN_REVIEW, acting_user=reviewer)

    assert list(CaseTombstone.objects.values_list("case_id", "reason")) == [
        (case.pk, CaseTombstone.Reason.UNPUBLISHED)
    ]


def test_closing_a_published_case_keeps_it_public(reviewer):
    case = case_set_status(case=CaseFactory(), status=Case.Status.PUBLISHED, acting_user=reviewer)

    case_set_status(case=case, status=Case.Status.CLOSED, acting_user=reviewer)

    assert not CaseTombstone.objects.exists()


def test_deleting_a_published_case_leaves_only_a_tombstone(reviewer):
    case = case_set_status(case=CaseFactory(), status=Case.Status.PUBLISHED, acting_user=reviewer)
    ChargeFactory(case=case)

    case_delete(case=case, acting_user=reviewer)

    assert not Case.objects.filter(pk=case.pk).exists()
    assert not Charge.objects.exists()
    assert CaseTombstone.objects.get().reason == CaseTombstone.Reason.DELETED


def test_deleting_a_draft_leaves_no_tombstone(reviewer):
    case_delete(case=CaseFactory(), acting_user=reviewer)
    assert not CaseTombstone.objects.exists()
