"""The case in one screen: its records inline (detention periods, charges, target authorities,
hearings, appeals), its status and the roles, and its confidential facts.

Every form post is built from the page's own context (tests.admin_forms), so the tests send
what a browser would.
"""

import datetime as dt
import re

import pytest
from django.urls import reverse

from cases.models import (
    Appeal,
    Case,
    CaseAuthority,
    Charge,
    DetentionExtension,
    DetentionPeriod,
    Event,
    Hearing,
    HearingMove,
    ViolationLabel,
)
from cases.services import appeal_issue
from tests.admin_forms import AdminPost, assert_saved, page_errors
from tests.cases.admin_support import (
    a_case_in_court,
    a_case_with_records,
    add_url,
    change_url,
    edit,
    messages_of,
)
from tests.factories import (
    AppealFactory,
    AuthorityFactory,
    CaseFactory,
    ChargeFactory,
    DefenderFactory,
    DetentionPeriodFactory,
    HearingFactory,
    issuable_appeal,
)

pytestmark = pytest.mark.django_db


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


def folded_sections(content: str) -> list[str]:
    """Return the headings of the page's folded sections, as read (their count with them)."""
    headings = re.findall(r"<details>\s*<summary>\s*<h2[^>]*>(.*?)</h2>", content, re.S)
    return [" ".join(re.sub(r"<[^>]+>", " ", h).split()) for h in headings]


def test_case_page_folds_its_sections_and_says_the_case_at_a_glance(editor_client):
    """The page was 18,700 px tall: each kind of record is a folded section (a <details>,
    which needs no script), under the case's facts at a glance."""
    case = a_case_with_records()
    HearingFactory(case=case, local_date=dt.date.today() + dt.timedelta(days=9))

    content = editor_client.get(change_url(case)).content.decode()

    # Each section of records counts them: the case's hearing and the one in 9 days.
    assert folded_sections(content) == [
        "Violations and people",
        "Narrative",
        "Proceedings (1)",
        "Measures (1)",
        "Hearings (2)",
        "Unnamed people (0)",
        "Events (1)",
        "Target authorities (1)",
        "External references (0)",
    ], folded_sections(content)
    facts = re.search(r'<dl class="case-facts">(.*?)</dl>', content, re.S).group(1)
    text = " ".join(re.sub(r"<[^>]+>", " ", facts).split())
    assert text.startswith("status Draft defenders 1 next hearing ")
    assert "days detained" in text


def _new_case_with_records(client, defender, authority):
    post = AdminPost.from_page(client.get(add_url(Case)))
    post.set(
        title="Kyrgyzstan: Arbitrary detention of Aigerim Dzhaksybekova",
        country="KG",
        time_zone="Asia/Bishkek",
        defenders=[defender],
        violations=[ViolationLabel.objects.get(name="Arbitrary detention")],
    )
    post.add_row("proceedings", kind="criminal", name="criminal case No. 12345")
    post.add_row(
        post.nested("proceedings", 0, "charges"),
        defenders=[defender],
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
    post.set("proceedings-0-charges-0", article="212.2")
    editor_client.post(change_url(case), post.data)

    response = editor_client.get(reverse("admin:cases_case_history", args=[case.pk]))

    entries = response.context["record_history"]
    assert (entries[0].kind, entries[0].action, entries[0].user.username) == (
        "Charge",
        "Changed",
        "ed-editor",
    )
    assert entries[0].changes == [{"field": "Article", "old": "341", "new": "212.2"}]


def test_case_history_page_shows_the_old_and_new_replaced_by(editor_client):
    """A change to "replaced by" (a many-to-many) showed the field's name only."""
    case = a_case_with_records()
    first = case.charges.get()
    defender = case.defenders.get()
    later = ChargeFactory(
        case=case, proceeding=first.proceeding, defender=defender, article="212.2",
        offence="mass riots", date_brought=dt.date(2025, 5, 1),
    )  # fmt: skip
    post = edit(editor_client, case)
    post.set("proceedings-0-charges-0", status=Charge.Status.REPLACED, replaced_by=[later])
    assert_saved(editor_client.post(change_url(case), post.data))

    response = editor_client.get(reverse("admin:cases_case_history", args=[case.pk]))

    changes = [c for e in response.context["record_history"] for c in e.changes]
    assert {
        "field": "Replaced by",
        "old": "\u2014",
        "new": "Aigerim Dzhaksybekova: Criminal Code, art. 212.2 (mass riots)",
    } in changes
    assert "Aigerim Dzhaksybekova: Criminal Code, art. 212.2 (mass riots)" in (
        response.content.decode()
    )


def test_replaced_by_choices_name_each_charges_defenders(editor_client):
    """Two defenders charged under one article: the choices read alike without their names."""
    case = a_case_with_records()
    first = case.charges.get()
    other = DefenderFactory(full_name="Nurlan Abdykadyrov")
    case.defenders.add(other)
    ChargeFactory(case=case, proceeding=first.proceeding, defender=other)

    content = editor_client.get(change_url(case)).content.decode()

    choices = re.findall(
        r'<option value="[^"]+">([^<]+)</option>',
        content.split('name="proceedings-0-charges-0-replaced_by"')[1].split("</select>")[0],
    )
    assert sorted(choices) == [
        "Aigerim Dzhaksybekova: Criminal Code, art. 341 (dissemination of false information)",
        "Nurlan Abdykadyrov: Criminal Code, art. 341 (dissemination of false information)",
    ]


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
        "detention_periods-0": {"actual_end": ["A measure cannot end before it starts."]}
    }


def test_an_extension_in_days_and_months_is_a_form_error(editor_client):
    case = a_case_with_records()
    post = edit(editor_client, case)
    post.set("detention_periods-0-extensions-0", term_days=10)

    response = editor_client.post(change_url(case), post.data)

    assert page_errors(response) == {
        "detention_periods-0-extensions-0": {
            "__all__": [
                "Give the extension in days, in months or by the date it runs to: one of them, or "
                "none when its length is not known."
            ]
        }
    }


# --- Case: charges --------------------------------------------------------------------------


def test_a_charge_replaced_by_itself_is_a_form_error(editor_client):
    case = a_case_with_records()
    charge = Charge.objects.get()
    post = edit(editor_client, case)
    post.set("proceedings-0-charges-0", status="replaced", replaced_by=[charge])

    response = editor_client.post(change_url(case), post.data)

    assert page_errors(response) == {
        "proceedings-0-charges-0": {"replaced_by": ["A charge cannot replace itself."]}
    }


def test_a_section_holding_an_error_is_open_to_show_it(editor_client):
    """A folded section would hide the error: one in a charge, nested in a proceeding, opens
    the Proceedings section; the others stay folded."""
    case = a_case_with_records()
    charge = Charge.objects.get()
    post = edit(editor_client, case)
    post.set("proceedings-0-charges-0", status="replaced", replaced_by=[charge])

    content = editor_client.post(change_url(case), post.data).content.decode()

    folded = folded_sections(content)
    assert "Proceedings (1)" not in folded
    assert "Hearings (1)" in folded


def test_a_charge_replaced_without_naming_the_replacement_is_a_form_error(editor_client):
    case = a_case_with_records()
    post = edit(editor_client, case)
    post.set("proceedings-0-charges-0", status="replaced")

    response = editor_client.post(change_url(case), post.data)

    assert page_errors(response) == {
        "proceedings-0-charges-0": {"replaced_by": ["Name the charges that replaced this one."]}
    }


def test_a_charge_can_be_replaced_by_another_charge_of_the_case(editor_client):
    case = a_case_with_records()
    old = Charge.objects.get()
    new = ChargeFactory(case=case, defender=old.defenders.get(), article="212.2")
    post = edit(editor_client, case)
    post.set("proceedings-0-charges-0", status="replaced", replaced_by=[new])

    assert_saved(editor_client.post(change_url(case), post.data))

    old.refresh_from_db()
    assert (old.status, list(old.replaced_by.all())) == ("replaced", [new])


def test_a_charge_of_another_case_is_no_choice_of_replacement(editor_client):
    case = a_case_with_records()
    elsewhere = ChargeFactory()
    post = edit(editor_client, case)
    post.set("proceedings-0-charges-0", status="replaced", replaced_by=[elsewhere])

    response = editor_client.post(change_url(case), post.data)

    assert page_errors(response) == {
        "proceedings-0-charges-0": {
            "replaced_by": [
                f"Select a valid choice. {elsewhere.pk} is not one of the available choices."
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
    assert names["Confidential — staff only"] == [
        "source_identity",
        "quotation",
        "quoted_by",
        "disclosed_fields",
    ]


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


def _section(content: str, prefix: str) -> str:
    """Return the markup of the inline group whose formset prefix is `prefix`, up to the next
    group at any depth (a proceeding's charges, without its decisions; a decision's rulings up
    to the first ruling's sentence parts)."""
    start = content.index(f'id="{prefix}-group"')
    end = content.find('class="inline-group group djn-group', start + 1)
    return content[start : end if end != -1 else None]


def test_per_defender_records_come_under_a_heading_per_defender_and_sections_count_them(
    editor_client,
):
    """Charges, detention periods and rulings are listed defender by defender, a heading
    above each defender's first record (joint charges under both names); each section's
    heading says how many records it holds."""
    court = a_case_in_court()

    content = editor_client.get(change_url(court.case)).content.decode()

    def groups(prefix: str) -> list[str]:
        # The defender's heading opens the first record of each group.
        return re.findall(rf'id="{prefix}-\d+">\s*<h3 class="defender-group">([^<]+)</h3>', content)

    def heading(section: str) -> str:
        h2 = re.search(r"<h2[^>]*>(.*?)</h2>", section, re.S).group(1)
        return " ".join(re.sub(r"<[^>]+>", " ", h2).split())

    # The criminal case: two joint charges, then Nurlan's own, whatever the dates brought
    # (his own was brought between the joint ones).
    charges = _section(content, "proceedings-0-charges")
    assert heading(charges) == "Charges (3)"
    assert groups("proceedings-0-charges") == [
        "Aida Sultanbekova and Nurlan Abdykadyrov",
        "Nurlan Abdykadyrov",
    ]
    assert charges.index("mass riots") < charges.index("incitement to social discord")
    assert charges.index("incitement to social discord") < charges.index("membership of")
    rulings = _section(content, "proceedings-0-decisions-0-rulings")
    assert heading(rulings) == "Rulings (2)"
    assert groups("proceedings-0-decisions-0-rulings") == [
        "Aida Sultanbekova",
        "Nurlan Abdykadyrov",
    ]
    assert heading(_section(content, "proceedings-1-charges")) == "Charges (1)"
    # Seven measures: each defender named once, above their first.
    measures = _section(content, "detention_periods")
    assert heading(measures) == "Measures (7)"
    assert groups("detention_periods") == [
        "Aida Sultanbekova",
        "Nurlan Abdykadyrov",
        "Temir Osmonov",
    ]
    # The forms in that order (an autocomplete select holds only the chosen defender).
    defenders = re.findall(
        r'name="detention_periods-\d+-defender".*?<option value="([0-9a-f-]+)" selected',
        content,
        re.S,
    )
    assert defenders == [
        str(d.pk) for d in (court.aida,) * 2 + (court.nurlan,) * 3 + (court.temir,) * 2
    ]


def _labels(content: str) -> dict[str, list[str]]:
    """Return what the case screen names: its sections' headings (folded or nested, counts
    apart), the case-at-a-glance labels and the per-defender summary's headings."""

    def words(markup: str) -> str:
        return " ".join(re.sub(r"\(\d+\)|<[^>]+>", " ", markup).split())

    facts = re.search(r'<dl class="case-facts">(.*?)</dl>', content, re.S).group(1)
    return {
        "sections": [words(h) for h in re.findall(r"<h2[^>]*>(.*?)</h2>", content, re.S)],
        "facts": [words(dt) for dt in re.findall(r"<dt>(.*?)</dt>", facts, re.S)],
        "summary": [words(h) for h in re.findall(r"<h4>(.*?)</h4>", content, re.S)],
    }


def test_the_case_screen_s_headings_and_labels_are_in_the_staff_s_language(editor_client):
    """Each heading and label the screen gives (not the case's own words) differs from the
    English one in French. The page is slow, so French only: tests/test_translations.py
    checks that Spanish and Russian translate the same messages as French."""
    case = a_case_with_records()
    english = _labels(
        editor_client.get(change_url(case), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    )
    assert "Proceedings" in english["sections"] and "Charges" in english["sections"]
    assert "days detained" in english["facts"] and "Measures" in english["summary"]
    english["sections"].remove(case.title)  # the case's own title: not ours to translate

    page = editor_client.get(change_url(case), HTTP_ACCEPT_LANGUAGE="fr")
    french = _labels(page.content.decode())
    french["sections"].remove(case.title)
    for part, names in english.items():
        assert len(french[part]) == len(names), part
        same = [n for n, t in zip(names, french[part], strict=True) if n == t]
        assert same == [], (part, same)
