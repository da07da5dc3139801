"""The staff admin of cases: the case in one screen, appeals and issuing, detention periods
and hearings on their own pages, the controlled lists, and the staff roles.

Every form post is built from the page's own context (tests.admin_forms), so the tests send
what a browser would.
"""

import datetime as dt
import re

import pytest
from django.contrib import admin
from django.contrib.messages import get_messages
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from appeals_site.admin import HistoryAdmin
from cases.admin.case import CaseAdmin
from cases.models import (
    ActionClause,
    Appeal,
    Case,
    CaseAuthority,
    CaseTombstone,
    Charge,
    DetentionExtension,
    DetentionPeriod,
    Event,
    Hearing,
    HearingMove,
    ReferenceCounter,
    ViolationLabel,
)
from cases.services import appeal_issue
from defenders.models import Defender
from tests.admin_forms import AdminPost, assert_saved, page_errors
from tests.factories import (
    ActionClauseFactory,
    ActionFactory,
    AppealAuthorityFactory,
    AppealFactory,
    AppealTextFactory,
    AuthorityFactory,
    CaseAuthorityFactory,
    CaseFactory,
    ChargeFactory,
    DefenderFactory,
    DetentionExtensionFactory,
    DetentionPeriodFactory,
    EventFactory,
    HearingFactory,
    ViolationLabelFactory,
    issuable_appeal,
)

pytestmark = pytest.mark.django_db


def changelist(model) -> str:
    return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist")


def add_url(model) -> str:
    return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_add")


def change_url(obj) -> str:
    opts = obj._meta
    return reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[obj.pk])


def messages_of(response) -> list[str]:
    return [str(m) for m in get_messages(response.wsgi_request)]


def edit(client, obj) -> AdminPost:
    """Return the payload of the object's change page, as displayed."""
    return AdminPost.from_page(client.get(change_url(obj)))


def a_case_with_records(**kwargs) -> Case:
    """Return a case with a defender, a charge, a detention period and its extension, a
    hearing, an event and a target authority."""
    case = CaseFactory(**kwargs)
    defender = DefenderFactory(full_name="Aigerim Dzhaksybekova", local_name="Айгерим")
    case.defenders.add(defender)
    ChargeFactory(case=case, defender=defender)
    period = DetentionPeriodFactory(case=case, defender=defender)
    DetentionExtensionFactory(period=period)
    HearingFactory(case=case)
    EventFactory(case=case)
    CaseAuthorityFactory(case=case, position=0)
    return case


# --- Every model ----------------------------------------------------------------------------

DOMAIN_APPS = {"cases", "defenders", "authorities", "letters"}


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
        "letters.Letter",
        "cases.ReferenceCounter",
        "cases.ViolationLabel",
        "cases.ReminderRule",
        "cases.Reminder",
        "cases.Digest",
        "cases.NotificationSettings",
        "cases.Subscription",
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


# --- Case: list -----------------------------------------------------------------------------


def test_case_list_shows_reference_defenders_next_hearing_and_days_detained(
    admin_client_, time_machine
):
    time_machine.move_to(dt.datetime(2025, 4, 20, 9, 0, tzinfo=dt.UTC), tick=False)
    case = a_case_with_records()
    Case.objects.filter(pk=case.pk).update(reference="KGZ 001 / 0425 / OBS 001")

    response = admin_client_.get(changelist(Case))

    assert response.status_code == 200
    row = response.context["cl"].result_list[0]
    assert row.pk == case.pk
    content = response.content.decode()
    assert "KGZ 001 / 0425 / OBS 001" in content
    assert "Aigerim Dzhaksybekova" in content
    assert "April 22, 2025, 2 p.m. (Asia/Bishkek)" in content
    assert "since March 28, 2025 (23 days)" in content


def test_case_list_shows_the_next_hearing_in_the_court_time_zone(admin_client_, time_machine):
    time_machine.move_to(dt.datetime(2025, 4, 20, 9, 0, tzinfo=dt.UTC), tick=False)
    case = CaseFactory(time_zone="Europe/Moscow")
    HearingFactory(case=case, local_date=dt.date(2025, 4, 22), local_time=dt.time(14, 0))

    content = admin_client_.get(changelist(Case)).content.decode()

    assert "April 22, 2025, 2 p.m. (Asia/Bishkek)" in content


def _cases_with_defenders_in_detention(count: int) -> None:
    for _ in range(count):
        case = CaseFactory()
        for _ in range(2):
            defender = DefenderFactory()
            case.defenders.add(defender)
            DetentionPeriodFactory(case=case, defender=defender)
        HearingFactory(case=case, local_date=dt.date(2099, 1, 1))


def _queries_to_list_all_cases(client) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(changelist(Case) + "?all=")
    assert response.status_code == 200
    assert len(response.context["cl"].result_list) == Case.objects.count()
    return len(queries)


@pytest.mark.slow
def test_case_list_takes_the_same_number_of_queries_for_10_and_200_cases(admin_client_):
    _cases_with_defenders_in_detention(10)
    with_10 = _queries_to_list_all_cases(admin_client_)
    _cases_with_defenders_in_detention(190)
    with_200 = _queries_to_list_all_cases(admin_client_)

    assert with_10 == with_200


def test_case_list_sorts_by_next_hearing(admin_client_):
    later, sooner, none = CaseFactory(), CaseFactory(), CaseFactory()
    HearingFactory(case=later, local_date=dt.date(2099, 6, 1))
    HearingFactory(case=sooner, local_date=dt.date(2099, 1, 1))
    column = CaseAdmin.list_display.index("next_hearing") + 1

    ascending = admin_client_.get(changelist(Case), {"o": str(column)})
    descending = admin_client_.get(changelist(Case), {"o": f"-{column}"})

    assert list(ascending.context["cl"].result_list) == [sooner, later, none]
    assert list(descending.context["cl"].result_list) == [none, later, sooner]


def test_case_search_finds_a_defender_by_name_in_local_script(admin_client_):
    case = a_case_with_records()
    CaseFactory(title="Another case")

    response = admin_client_.get(changelist(Case), {"q": "Айгерим"})

    assert list(response.context["cl"].result_list) == [case]


def test_case_search_finds_the_title(admin_client_):
    case = CaseFactory(title="Colombia: Threats and raid against a land rights defender")
    CaseFactory()

    response = admin_client_.get(changelist(Case), {"q": "land rights"})

    assert list(response.context["cl"].result_list) == [case]


def test_case_search_accepts_an_archived_spelling_of_a_followup_reference(admin_client_, editor):
    case = CaseFactory(country="RU", time_zone="Europe/Moscow")
    for _ in range(4):
        appeal_issue(
            appeal=issuable_appeal(case=case), acting_user=editor, issue_date=dt.date(2018, 1, 9)
        )
    CaseFactory()
    assert case.appeals.get(sequence=3).reference == "RUS 001 / 0118 / OBS 001.3"

    response = admin_client_.get(changelist(Case), {"q": "RUS 001 /0118 / OBS 001.03"})

    assert list(response.context["cl"].result_list) == [case]


def test_case_filter_on_defender_situation_lists_a_case_once(admin_client_):
    case = CaseFactory()
    case.defenders.add(
        DefenderFactory(situation=Defender.Situation.PRE_TRIAL_DETENTION),
        DefenderFactory(situation=Defender.Situation.PRE_TRIAL_DETENTION),
    )
    CaseFactory().defenders.add(DefenderFactory())

    response = admin_client_.get(changelist(Case), {"situation": "pre_trial_detention"})

    assert list(response.context["cl"].result_list) == [case]


def test_case_filter_on_violation_label(admin_client_):
    label = ViolationLabel.objects.get(name="Arbitrary detention")
    case = CaseFactory()
    case.violations.add(label)
    CaseFactory()

    response = admin_client_.get(changelist(Case), {"violations__id__exact": label.pk})

    assert list(response.context["cl"].result_list) == [case]


def test_case_country_filter_offers_only_the_countries_of_cases(admin_client_):
    CaseFactory(country="KG")
    CaseFactory(country="CO", time_zone="America/Bogota")

    response = admin_client_.get(changelist(Case), {"country": "CO"})

    country_filter = response.context["cl"].filter_specs[0]
    assert [choice["display"] for choice in country_filter.choices(response.context["cl"])] == [
        "All",
        "Colombia",
        "Kyrgyzstan",
    ]
    assert [c.country.code for c in response.context["cl"].result_list] == ["CO"]


# --- Case: one screen -----------------------------------------------------------------------


def test_case_add_page_loads(editor_client):
    assert editor_client.get(add_url(Case)).status_code == 200


def test_case_change_page_nests_extensions_inside_their_period(editor_client):
    case = a_case_with_records()
    extension = DetentionExtension.objects.get()

    response = editor_client.get(change_url(case))

    assert response.status_code == 200
    content = response.content.decode()
    assert f'name="detention_periods-0-extensions-0-id" value="{extension.pk}"' in content
    assert "djn-level-2" in content


def _new_case_with_records(client, defender, authority):
    post = AdminPost.from_page(client.get(add_url(Case)))
    post.set(
        title="Kyrgyzstan: Arbitrary detention of Aigerim Dzhaksybekova",
        country="KG",
        time_zone="Asia/Bishkek",
        defenders=[defender],
        violations=[ViolationLabel.objects.get(name="Arbitrary detention")],
    )
    post.add_row(
        "charges",
        defender=defender,
        instrument="Criminal Code",
        article="341",
        offence="dissemination of false information",
        date_brought="2025-03-27",
    )
    post.add_row(
        "detention_periods",
        defender=defender,
        kind="pre_trial_detention",
        start_date="2025-03-28",
        term_months=2,
    )
    post.add_row(
        post.nested("detention_periods", 0, "extensions"), ordered_on="2025-04-22", term_months=2
    )
    post.add_row(
        "hearings",
        court="Leninsky District Court of Osh",
        local_date="2025-04-22",
        local_time="14:00",
        time_zone="Asia/Bishkek",
        purpose="detention_extension",
    )
    post.add_row("events", date="2025-03-18", kind="arrest", description="Arrested in Osh.")
    post.add_row("case_authorities", authority=authority, position=0)
    return client.post(add_url(Case), post.data)


def test_a_new_case_is_recorded_with_all_its_records_in_one_post(editor_client):
    defender, authority = DefenderFactory(), AuthorityFactory()

    assert_saved(_new_case_with_records(editor_client, defender, authority))

    case = Case.objects.get()
    assert list(case.defenders.all()) == [defender]
    assert Charge.objects.get().case == case
    assert DetentionExtension.objects.get().period.case == case
    assert Hearing.objects.get().starts_at == dt.datetime(2025, 4, 22, 8, 0, tzinfo=dt.UTC)
    assert Event.objects.get().case == case
    assert CaseAuthority.objects.get().authority == authority


def test_a_new_case_gets_the_term_of_its_period_counted_with_the_extension(editor_client):
    assert_saved(_new_case_with_records(editor_client, DefenderFactory(), AuthorityFactory()))

    # Two months from 28 March, extended by two months.
    assert DetentionPeriod.objects.get().term_ends_on == dt.date(2025, 7, 28)


def test_a_new_case_and_its_records_are_in_the_history_with_the_acting_user(editor_client, editor):
    assert_saved(_new_case_with_records(editor_client, DefenderFactory(), AuthorityFactory()))

    for model in [Case, Charge, DetentionPeriod, DetentionExtension, Hearing, Event, CaseAuthority]:
        # Many-to-many changes (the case's defenders and violations) add rows of their own.
        records = model.history.order_by("history_date", "history_id")
        assert records[0].history_type == "+", model
        assert {record.history_user for record in records} == {editor}, model


def test_changing_a_case_title_is_saved_and_in_its_history(editor_client, editor):
    case = a_case_with_records(title="Kyrgyzstan: Arbitrary detention")
    post = edit(editor_client, case)
    post.set(title="Kyrgyzstan: Arbitrary detention and judicial harassment")

    assert_saved(editor_client.post(change_url(case), post.data))

    case.refresh_from_db()
    assert case.title == "Kyrgyzstan: Arbitrary detention and judicial harassment"
    latest = case.history.latest()
    assert (latest.history_type, latest.history_user) == ("~", editor)


def test_posting_an_unchanged_case_writes_no_history(editor_client):
    case = a_case_with_records()
    before = {model: model.history.count() for model in [Case, Charge, Hearing, Event]}

    assert_saved(editor_client.post(change_url(case), edit(editor_client, case).data))

    assert {model: model.history.count() for model in before} == before


def test_changing_a_record_inline_touches_the_case(editor_client):
    case = a_case_with_records()
    Case.objects.filter(pk=case.pk).update(updated_at=dt.datetime(2025, 1, 1, tzinfo=dt.UTC))
    post = edit(editor_client, case)
    post.set("events-0", description="Arrested at home in Osh.")

    assert_saved(editor_client.post(change_url(case), post.data))

    case.refresh_from_db()
    assert case.updated_at > dt.datetime(2025, 1, 2, tzinfo=dt.UTC)


def test_case_history_page_shows_what_changed_and_who_changed_it(editor_client):
    case = a_case_with_records(title="Old title")
    post = edit(editor_client, case)
    post.set(title="New title")
    editor_client.post(change_url(case), post.data)

    response = editor_client.get(reverse("admin:cases_case_history", args=[case.pk]))

    content = response.content.decode()
    assert response.status_code == 200
    assert re.search(
        r"<strong>Title:</strong>\s*Old title\s*&nbsp;&rarr;&nbsp;&nbsp;New title", content
    )
    assert "ed-editor" in content


def test_case_history_page_lists_the_changes_to_its_records(editor_client):
    case = a_case_with_records()
    post = edit(editor_client, case)
    post.set("charges-0", article="212.2")
    editor_client.post(change_url(case), post.data)

    response = editor_client.get(reverse("admin:cases_case_history", args=[case.pk]))

    entries = response.context["record_history"]
    assert (entries[0].kind, entries[0].action, entries[0].user.username) == (
        "Charge",
        "Changed",
        "ed-editor",
    )
    assert entries[0].changes == [{"field": "Article", "old": "341", "new": "212.2"}]


# --- Case: detention periods ----------------------------------------------------------------


def test_an_extension_added_to_a_period_moves_its_term(editor_client):
    case = CaseFactory()
    period = DetentionPeriodFactory(case=case, start_date=dt.date(2025, 3, 28), term_months=2)
    post = edit(editor_client, case)
    post.add_row(
        post.nested("detention_periods", 0, "extensions"), ordered_on="2025-05-20", term_days=30
    )

    assert_saved(editor_client.post(change_url(case), post.data))

    period.refresh_from_db()
    assert period.term_ends_on == dt.date(2025, 6, 27)


def test_deleting_a_period_takes_its_extensions_with_it(editor_client):
    case = a_case_with_records()
    post = edit(editor_client, case)
    post.delete_row("detention_periods-0")

    assert_saved(editor_client.post(change_url(case), post.data))

    assert not DetentionPeriod.objects.exists()
    assert not DetentionExtension.objects.exists()


def test_a_detention_period_ending_before_it_starts_is_a_form_error(editor_client):
    case = a_case_with_records()
    post = edit(editor_client, case)
    post.set("detention_periods-0", actual_end="2025-03-01")

    response = editor_client.post(change_url(case), post.data)

    assert page_errors(response) == {
        "detention_periods-0": {"actual_end": ["A detention period cannot end before it starts."]}
    }


def test_an_extension_in_days_and_months_is_a_form_error(editor_client):
    case = a_case_with_records()
    post = edit(editor_client, case)
    post.set("detention_periods-0-extensions-0", term_days=10)

    response = editor_client.post(change_url(case), post.data)

    assert page_errors(response) == {
        "detention_periods-0-extensions-0": {
            "__all__": ["Give the extension in days or in months, not both."]
        }
    }


# --- Case: charges --------------------------------------------------------------------------


def test_a_charge_replaced_by_itself_is_a_form_error(editor_client):
    case = a_case_with_records()
    charge = Charge.objects.get()
    post = edit(editor_client, case)
    post.set("charges-0", status="replaced", replaced_by=charge)

    response = editor_client.post(change_url(case), post.data)

    assert page_errors(response) == {
        "charges-0": {"replaced_by": ["A charge cannot replace itself."]}
    }


def test_a_charge_replaced_without_naming_the_replacement_is_a_form_error(editor_client):
    case = a_case_with_records()
    post = edit(editor_client, case)
    post.set("charges-0", status="replaced")

    response = editor_client.post(change_url(case), post.data)

    assert page_errors(response) == {
        "charges-0": {"replaced_by": ["Name the charge that replaced this one."]}
    }


def test_a_charge_can_be_replaced_by_another_charge_of_the_case(editor_client):
    case = a_case_with_records()
    old = Charge.objects.get()
    new = ChargeFactory(case=case, defender=old.defender, article="212.2")
    post = edit(editor_client, case)
    post.set("charges-0", status="replaced", replaced_by=new)

    assert_saved(editor_client.post(change_url(case), post.data))

    old.refresh_from_db()
    assert (old.status, old.replaced_by) == ("replaced", new)


def test_a_charge_of_another_case_is_no_choice_of_replacement(editor_client):
    case = a_case_with_records()
    elsewhere = ChargeFactory()
    post = edit(editor_client, case)
    post.set("charges-0", status="replaced", replaced_by=elsewhere)

    response = editor_client.post(change_url(case), post.data)

    assert page_errors(response) == {
        "charges-0": {
            "replaced_by": [
                "Select a valid choice. That choice is not one of the available choices.",
                "Name the charge that replaced this one.",
            ]
        }
    }


# --- Case: target authorities ---------------------------------------------------------------


def test_a_duplicate_target_authority_is_a_form_error(editor_client):
    case = a_case_with_records()
    post = edit(editor_client, case)
    post.add_row("case_authorities", authority=CaseAuthority.objects.get().authority, position=1)

    response = editor_client.post(change_url(case), post.data)

    assert page_errors(response) == {
        "case_authorities": ["Please correct the duplicate data for authority."],
        "case_authorities-1": {"__all__": ["Please correct the duplicate values below."]},
    }


def test_target_authorities_keep_the_order_given(editor_client):
    case = a_case_with_records()
    first = CaseAuthority.objects.get().authority
    second = AuthorityFactory(post="President of the Republic")
    post = edit(editor_client, case)
    post.set("case_authorities-0", position=1)
    post.add_row("case_authorities", authority=second, position=0)

    assert_saved(editor_client.post(change_url(case), post.data))

    assert [link.authority for link in case.case_authorities.order_by("position")] == [
        second,
        first,
    ]


# --- Case: hearings -------------------------------------------------------------------------


def test_case_page_shows_a_hearing_in_the_court_time_and_in_utc(editor_client):
    case = CaseFactory()
    HearingFactory(case=case, local_date=dt.date(2025, 4, 22), local_time=dt.time(14, 0))

    response = editor_client.get(change_url(case))

    content = response.content.decode()
    assert 'name="hearings-0-local_time" value="14:00:00"' in content
    assert 'name="hearings-0-time_zone" value="Asia/Bishkek"' in content
    assert "April 22, 2025, 8 a.m. UTC" in content


def test_moving_a_hearing_on_the_case_page_keeps_the_move_and_its_reason(editor_client, editor):
    case = CaseFactory()
    hearing = HearingFactory(case=case, local_date=dt.date(2025, 4, 22), local_time=dt.time(14, 0))
    post = edit(editor_client, case)
    post.set("hearings-0", local_date="2025-05-06", move_reason="The judge was on leave.")

    assert_saved(editor_client.post(change_url(case), post.data))

    move = HearingMove.objects.get(hearing=hearing)
    assert (move.from_date, move.to_date, move.reason, move.moved_by) == (
        dt.date(2025, 4, 22),
        dt.date(2025, 5, 6),
        "The judge was on leave.",
        editor,
    )


def test_a_moved_hearing_shows_its_moves_read_only(editor_client):
    case = CaseFactory()
    hearing = HearingFactory(case=case)
    HearingMove.objects.create(
        hearing=hearing,
        from_date=dt.date(2025, 4, 8),
        from_time=dt.time(10, 0),
        from_time_zone="Asia/Bishkek",
        to_date=dt.date(2025, 4, 22),
        to_time=dt.time(14, 0),
        to_time_zone="Asia/Bishkek",
        reason="The defence asked for time.",
    )

    content = editor_client.get(change_url(case)).content.decode()

    assert (
        "April 8, 2025 10 a.m. (Asia/Bishkek) → April 22, 2025 2 p.m. (Asia/Bishkek): "
        "The defence asked for time." in content
    )


def test_deleting_a_hearing_on_the_case_page(editor_client, editor):
    case = a_case_with_records()
    post = edit(editor_client, case)
    post.delete_row("hearings-0")

    assert_saved(editor_client.post(change_url(case), post.data))

    assert not Hearing.objects.exists()
    assert Hearing.history.latest().history_type == "-"


def test_a_new_hearing_defaults_to_the_time_zone_of_the_case(editor_client):
    case = CaseFactory(time_zone="Asia/Bishkek")
    post = edit(editor_client, case)

    row = post.add_row("hearings")

    assert post.data[row + "-time_zone"] == "Asia/Bishkek"


def test_a_hearing_at_a_local_time_that_does_not_exist_is_a_form_error(editor_client):
    case = CaseFactory(country="FR", time_zone="Europe/Paris")
    post = edit(editor_client, case)
    post.add_row(
        "hearings",
        court="Tribunal judiciaire de Paris",
        local_date="2025-03-30",
        local_time="02:30",
        time_zone="Europe/Paris",
        purpose="trial",
    )

    response = editor_client.post(change_url(case), post.data)

    assert page_errors(response) == {
        "hearings-0": {
            "local_time": [
                "02:30:00 does not exist on 2025-03-30 in Europe/Paris: the clocks move forward."
            ]
        }
    }


def test_an_unknown_time_zone_is_a_form_error(editor_client):
    case = CaseFactory()
    post = edit(editor_client, case)
    post.set(time_zone="Asia/Osh")

    response = editor_client.post(change_url(case), post.data)

    assert page_errors(response) == {
        "form": {"time_zone": ["Asia/Osh is not an IANA time zone name such as Asia/Bishkek."]}
    }


# --- Case: status and roles -----------------------------------------------------------------


def test_editor_cannot_publish_a_case(editor_client):
    case = CaseFactory(status=Case.Status.IN_REVIEW)
    post = edit(editor_client, case)
    post.set(status="published")

    response = editor_client.post(change_url(case), post.data)

    assert page_errors(response) == {
        "form": {"status": ["Only reviewers may publish a case or take it back."]}
    }
    case.refresh_from_db()
    assert case.status == Case.Status.IN_REVIEW


def test_editor_cannot_take_a_published_case_back(editor_client):
    case = CaseFactory(status=Case.Status.PUBLISHED)
    post = edit(editor_client, case)
    post.set(status="draft")

    response = editor_client.post(change_url(case), post.data)

    assert page_errors(response) == {
        "form": {"status": ["Only reviewers may publish a case or take it back."]}
    }


def test_editor_cannot_add_a_case_already_published(editor_client):
    post = AdminPost.from_page(editor_client.get(add_url(Case)))
    post.set(title="Kyrgyzstan: Raid", country="KG", time_zone="Asia/Bishkek", status="published")

    response = editor_client.post(add_url(Case), post.data)

    assert page_errors(response) == {
        "form": {"status": ["Only reviewers may publish a case or take it back."]}
    }


def test_editor_sends_a_case_to_review(editor_client):
    case = CaseFactory()
    post = edit(editor_client, case)
    post.set(status="in_review")

    assert_saved(editor_client.post(change_url(case), post.data))

    case.refresh_from_db()
    assert case.status == Case.Status.IN_REVIEW


def test_reviewer_publishes_a_case_and_its_publication_is_dated(
    reviewer_client, reviewer, time_machine
):
    time_machine.move_to(dt.datetime(2025, 4, 14, 9, 0, tzinfo=dt.UTC), tick=False)
    case = CaseFactory(status=Case.Status.IN_REVIEW)
    post = edit(reviewer_client, case)
    post.set(status="published")

    assert_saved(reviewer_client.post(change_url(case), post.data))

    case.refresh_from_db()
    assert (case.status, case.published_at) == (
        "published",
        dt.datetime(2025, 4, 14, 9, 0, tzinfo=dt.UTC),
    )
    assert case.history.latest().history_user == reviewer


def test_reviewer_takes_a_published_case_back(reviewer_client):
    case = CaseFactory(status=Case.Status.PUBLISHED)
    post = edit(reviewer_client, case)
    post.set(status="closed")

    assert_saved(reviewer_client.post(change_url(case), post.data))

    case.refresh_from_db()
    assert case.status == Case.Status.CLOSED


def test_viewer_sees_a_case_read_only(viewer_client):
    case = a_case_with_records()

    response = viewer_client.get(change_url(case))

    assert response.status_code == 200
    assert response.context["adminform"].form.fields == {}
    assert 'name="_save"' not in response.content.decode()


def test_viewer_cannot_post_a_case_change(viewer_client):
    case = CaseFactory(title="Unchanged")

    response = viewer_client.post(change_url(case), {"title": "Changed"})

    assert response.status_code == 403
    case.refresh_from_db()
    assert case.title == "Unchanged"


def test_viewer_cannot_add_a_case(viewer_client):
    assert viewer_client.get(add_url(Case)).status_code == 403


# --- Case: confidential facts ---------------------------------------------------------------


def test_case_confidential_facts_are_in_their_own_fieldset(editor_client):
    response = editor_client.get(change_url(CaseFactory()))

    fieldsets = {fs.name: fs for fs in response.context["adminform"]}
    confidential = fieldsets["Confidential — staff only"]
    assert [f.field.name for line in confidential for f in line] == [
        "internal_notes",
        "disclosed_fields",
    ]
    assert "confidential" in confidential.classes


def test_case_disclosure_is_a_checkbox_per_confidential_field(editor_client):
    response = editor_client.get(change_url(CaseFactory()))

    field = response.context["adminform"].form.fields["disclosed_fields"]
    assert list(field.choices) == [("internal_notes", "Internal notes")]


def test_disclosing_a_confidential_fact_of_a_case(editor_client):
    case = CaseFactory()
    post = edit(editor_client, case)
    post.set(disclosed_fields=["internal_notes"])

    assert_saved(editor_client.post(change_url(case), post.data))

    case.refresh_from_db()
    assert case.disclosed_fields == ["internal_notes"]


def test_a_field_that_is_not_confidential_cannot_be_disclosed(editor_client):
    case = CaseFactory()
    post = edit(editor_client, case)
    post.set(disclosed_fields=["title"])

    response = editor_client.post(change_url(case), post.data)

    assert page_errors(response) == {
        "form": {
            "disclosed_fields": [
                "Select a valid choice. title is not one of the available choices."
            ]
        }
    }


def test_event_source_is_confidential_on_the_case_page(editor_client):
    case = a_case_with_records()

    response = editor_client.get(change_url(case))

    events = next(f for f in response.context["inline_admin_formsets"] if f.formset.model is Event)
    names = {fieldset[0]: fieldset[1]["fields"] for fieldset in events.fieldsets}
    assert names["Confidential — staff only"] == ["source_identity", "disclosed_fields"]


# --- Case: appeals --------------------------------------------------------------------------


def test_case_page_lists_its_appeals_with_a_link_to_each(editor_client, editor):
    case = CaseFactory()
    issued = appeal_issue(appeal=issuable_appeal(case=case), acting_user=editor)
    draft = AppealFactory(case=case)

    content = editor_client.get(change_url(case)).content.decode()

    assert f"<a href='{change_url(issued)}'>{issued.reference}</a>" in content
    assert f"<a href='{change_url(draft)}'>Draft</a>" in content


def test_new_appeal_button_creates_a_draft_and_opens_it(editor_client, editor):
    case = a_case_with_records()
    new_appeal = reverse("admin:cases_case_new_appeal", args=[case.pk])
    assert new_appeal in editor_client.get(change_url(case)).content.decode()

    response = editor_client.post(new_appeal)

    appeal = Appeal.objects.get()
    assert response.status_code == 302
    assert response["Location"] == change_url(appeal)
    assert (appeal.case, appeal.reference, appeal.history.get().history_user) == (
        case,
        None,
        editor,
    )
    assert appeal.texts.get().title == case.title
    assert messages_of(response) == [
        "A draft Urgent Appeal was created from the case: complete it, then issue it."
    ]


def test_new_appeal_is_not_created_by_a_get(editor_client):
    case = CaseFactory()

    response = editor_client.get(reverse("admin:cases_case_new_appeal", args=[case.pk]))

    assert response.status_code == 405
    assert not Appeal.objects.exists()


def test_viewer_cannot_create_an_appeal(viewer_client):
    case = CaseFactory()
    assert "new-appeal" not in viewer_client.get(change_url(case)).content.decode()

    response = viewer_client.post(reverse("admin:cases_case_new_appeal", args=[case.pk]))

    assert response.status_code == 403
    assert not Appeal.objects.exists()


# --- Appeals --------------------------------------------------------------------------------


def test_appeal_list_loads(editor_client, editor):
    appeal_issue(appeal=issuable_appeal(), acting_user=editor)
    AppealFactory()

    response = editor_client.get(changelist(Appeal))

    assert response.status_code == 200
    assert len(response.context["cl"].result_list) == 2


def test_appeal_add_page_loads(editor_client):
    assert editor_client.get(add_url(Appeal)).status_code == 200


def test_a_new_appeal_is_recorded_with_its_text_actions_and_authorities(editor_client):
    case = CaseFactory()
    case.defenders.add(DefenderFactory(full_name="Aigerim Dzhaksybekova"))
    clause = ActionClauseFactory(text_en="Immediately release {defenders};")
    authority = AuthorityFactory()
    post = AdminPost.from_page(editor_client.get(add_url(Appeal)))
    post.set(case=case, intervention_type="urgent_appeal")
    post.add_row("texts", language="en", is_original=True, title="Kyrgyzstan: Arbitrary detention")
    post.add_row("actions", language="en", position=1, clause=clause)
    post.add_row("actions", language="en", position=2, text="Guarantee a fair trial;")
    post.add_row("appeal_authorities", authority=authority, position=0)

    assert_saved(editor_client.post(add_url(Appeal), post.data))

    appeal = Appeal.objects.get()
    assert appeal.texts.get().is_original
    assert [a.text for a in appeal.actions.order_by("position")] == [
        "Immediately release Aigerim Dzhaksybekova;",
        "Guarantee a fair trial;",
    ]
    assert list(appeal.authorities.all()) == [authority]


def test_changing_an_appeal_is_saved(editor_client):
    appeal = issuable_appeal()
    post = edit(editor_client, appeal)
    post.set(issuer="The Observatory and a partner")
    post.set("texts-0", description="The Observatory has been informed of the arrest …")

    assert_saved(editor_client.post(change_url(appeal), post.data))

    appeal.refresh_from_db()
    assert appeal.issuer == "The Observatory and a partner"
    assert appeal.texts.get().description == "The Observatory has been informed of the arrest …"


def test_editing_only_an_appeal_text_marks_its_case_changed_for_partners(editor_client):
    appeal = issuable_appeal()
    before = Case.objects.get(pk=appeal.case_id).updated_at
    post = edit(editor_client, appeal)
    post.set("texts-0", description="Corrected: the arrest took place on 18 March.")

    assert_saved(editor_client.post(change_url(appeal), post.data))

    assert Case.objects.get(pk=appeal.case_id).updated_at > before


def test_appeal_reference_and_issue_fields_are_read_only(editor_client):
    response = editor_client.get(change_url(AppealFactory()))

    form_fields = set(response.context["adminform"].form.fields)
    assert not form_fields & {"reference", "sequence", "issued_at", "issued_by", "case"}


def test_two_original_texts_are_a_form_error(editor_client):
    appeal = issuable_appeal()
    post = edit(editor_client, appeal)
    post.add_row("texts", language="fr", is_original=True, title="Kirghizistan : Détention")

    response = editor_client.post(change_url(appeal), post.data)

    assert page_errors(response) == {"texts": ["Only one language can be the original."]}


def test_switching_the_original_language_in_one_post(editor_client):
    appeal = issuable_appeal()
    AppealTextFactory(appeal=appeal, language="ru", is_original=False, title="Кыргызстан")
    post = edit(editor_client, appeal)
    post.set("texts-0", is_original=False)
    post.set("texts-1", is_original=True)

    assert_saved(editor_client.post(change_url(appeal), post.data))

    assert appeal.texts.get(is_original=True).language == "ru"


def test_an_action_with_neither_text_nor_standard_action_is_a_form_error(editor_client):
    appeal = issuable_appeal()
    post = edit(editor_client, appeal)
    post.add_row("actions", language="en", position=2)
    post.set("actions-1", text="")

    response = editor_client.post(change_url(appeal), post.data)

    assert page_errors(response) == {
        "actions-1": {"__all__": ["Write the action or pick a standard action."]}
    }


def test_issue_button_issues_the_appeal_with_its_reference(editor_client, editor, settings):
    appeal = issuable_appeal(case=CaseFactory(country="KG"))
    issue = reverse("admin:cases_appeal_issue", args=[appeal.pk])
    assert issue in editor_client.get(change_url(appeal)).content.decode()

    response = editor_client.post(issue)

    appeal.refresh_from_db()
    assert response.status_code == 302
    assert response["Location"] == change_url(appeal)
    assert re.fullmatch(r"KGZ 001 / \d{4} / OBS 001", appeal.reference)
    assert appeal.issued_by == editor
    assert messages_of(response) == [f"The appeal was issued as {appeal.reference}."]


def test_a_followup_issued_with_the_button_gets_dot_1(editor_client):
    case = CaseFactory()
    first = issuable_appeal(case=case)
    editor_client.post(reverse("admin:cases_appeal_issue", args=[first.pk]))
    followup = issuable_appeal(case=case)

    editor_client.post(reverse("admin:cases_appeal_issue", args=[followup.pk]))

    first.refresh_from_db()
    followup.refresh_from_db()
    assert followup.reference == first.reference + ".1"


def test_issuing_an_appeal_without_actions_says_why_it_was_not_issued(editor_client):
    appeal = AppealFactory()
    AppealTextFactory(appeal=appeal)

    response = editor_client.post(reverse("admin:cases_appeal_issue", args=[appeal.pk]))

    assert response.status_code == 302
    assert messages_of(response) == [
        f"{appeal} was not issued: Give at least one action in the original language."
    ]
    appeal.refresh_from_db()
    assert appeal.reference is None


def test_issuing_an_issued_appeal_again_says_it_was_issued(editor_client, editor):
    appeal = appeal_issue(appeal=issuable_appeal(), acting_user=editor)

    response = editor_client.post(reverse("admin:cases_appeal_issue", args=[appeal.pk]))

    assert messages_of(response) == [
        f"{appeal.reference} was not issued: This appeal was already issued as {appeal.reference}."
    ]


def test_issue_button_is_not_shown_on_an_issued_appeal(editor_client, editor):
    appeal = appeal_issue(appeal=issuable_appeal(), acting_user=editor)

    content = editor_client.get(change_url(appeal)).content.decode()

    assert reverse("admin:cases_appeal_issue", args=[appeal.pk]) not in content


def test_viewer_cannot_issue_an_appeal(viewer_client):
    appeal = issuable_appeal()
    issue = reverse("admin:cases_appeal_issue", args=[appeal.pk])
    assert issue not in viewer_client.get(change_url(appeal)).content.decode()

    response = viewer_client.post(issue)

    assert response.status_code == 403
    appeal.refresh_from_db()
    assert appeal.reference is None


def test_issue_action_issues_the_selected_drafts(editor_client):
    drafts = [issuable_appeal(), issuable_appeal()]

    response = editor_client.post(
        changelist(Appeal),
        {"action": "issue_selected", "_selected_action": [a.pk for a in drafts]},
    )

    assert response.status_code == 302
    assert Appeal.objects.filter(reference__isnull=False).count() == 2
    assert len(messages_of(response)) == 2


def test_issue_action_is_not_offered_to_a_viewer(viewer_client):
    response = viewer_client.get(changelist(Appeal))

    assert response.status_code == 200
    assert "issue_selected" not in response.content.decode()


def test_appeal_search_accepts_an_archived_spelling_of_the_reference(editor_client, editor):
    case = CaseFactory()
    appeal_issue(appeal=issuable_appeal(case=case), acting_user=editor)
    followup = appeal_issue(appeal=issuable_appeal(case=case), acting_user=editor)

    archived = followup.reference.replace(" / ", "/").replace(".1", ".01")

    response = editor_client.get(changelist(Appeal), {"q": archived})

    assert list(response.context["cl"].result_list) == [followup]


# --- Detention periods on their own ---------------------------------------------------------


def test_detention_period_list_loads(editor_client):
    DetentionPeriodFactory()

    response = editor_client.get(changelist(DetentionPeriod), {"ongoing": "yes"})

    assert response.status_code == 200
    assert len(response.context["cl"].result_list) == 1


def test_detention_period_add_page_creates_a_period_with_its_term(editor_client):
    case = CaseFactory()
    defender = DefenderFactory()
    post = AdminPost.from_page(editor_client.get(add_url(DetentionPeriod)))
    post.set(case=case, defender=defender, kind="administrative_detention", start_date="2025-03-18")
    post.set(term_days=15)

    assert_saved(editor_client.post(add_url(DetentionPeriod), post.data))

    period = DetentionPeriod.objects.get()
    assert (period.case, period.term_ends_on) == (case, dt.date(2025, 4, 2))


def test_detention_period_change_with_an_extension_moves_its_term(editor_client):
    period = DetentionPeriodFactory(start_date=dt.date(2025, 3, 28), term_months=2)
    post = edit(editor_client, period)
    post.set(place="Pre-trial detention centre No. 1, Bishkek")
    post.add_row("extensions", ordered_on="2025-05-20", term_months=1)

    assert_saved(editor_client.post(change_url(period), post.data))

    period.refresh_from_db()
    assert (period.place, period.term_ends_on) == (
        "Pre-trial detention centre No. 1, Bishkek",
        dt.date(2025, 6, 28),
    )


# --- Hearings on their own ------------------------------------------------------------------


def test_hearing_list_loads(editor_client):
    HearingFactory()

    response = editor_client.get(changelist(Hearing), {"when": "past"})

    assert response.status_code == 200
    assert "April 22, 2025 2 p.m. (Asia/Bishkek)" in response.content.decode()


def test_hearing_add_page_creates_a_hearing(editor_client):
    case = CaseFactory()
    post = AdminPost.from_page(editor_client.get(add_url(Hearing)))
    post.set(
        case=case,
        court="City Court No. 2 of Osh",
        local_date="2025-06-16",
        local_time="10:00",
        time_zone="Asia/Bishkek",
        purpose="trial_opening",
    )

    assert_saved(editor_client.post(add_url(Hearing), post.data))

    assert Hearing.objects.get().starts_at == dt.datetime(2025, 6, 16, 4, 0, tzinfo=dt.UTC)


def test_moving_a_hearing_on_its_page_keeps_the_move_and_its_reason(editor_client, editor):
    hearing = HearingFactory(local_date=dt.date(2025, 6, 16), local_time=dt.time(10, 0))
    post = edit(editor_client, hearing)
    post.set(local_time="11:30", move_reason="Moved to the afternoon session.")

    assert_saved(editor_client.post(change_url(hearing), post.data))

    move = HearingMove.objects.get()
    assert (move.from_time, move.to_time, move.reason, move.moved_by) == (
        dt.time(10, 0),
        dt.time(11, 30),
        "Moved to the afternoon session.",
        editor,
    )


def test_changing_a_hearing_outcome_is_no_move(editor_client):
    hearing = HearingFactory()
    post = edit(editor_client, hearing)
    post.set(status="held", outcome="Detention extended by two months.")

    assert_saved(editor_client.post(change_url(hearing), post.data))

    hearing.refresh_from_db()
    assert (hearing.status, HearingMove.objects.count()) == ("held", 0)


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
    assert [r["text"] for r in authorities.json()["results"]] == [
        "Kurmanbek Sadyrov, Prosecutor General"
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
