"""Appeals in the admin: texts, actions and addressees, and issuing.

Every form post is built from the page's own context (tests.admin_forms), so the tests send
what a browser would.
"""

import re

import pytest
from django.urls import reverse

from cases.models import (
    Appeal,
    Case,
)
from cases.services import appeal_issue
from tests.admin_forms import AdminPost, assert_saved, page_errors
from tests.cases.admin_support import (
    add_url,
    change_url,
    changelist,
    edit,
    messages_of,
)
from tests.factories import (
    ActionClauseFactory,
    ActionFactory,
    AppealFactory,
    AppealTextFactory,
    AuthorityFactory,
    CaseFactory,
    DefenderFactory,
    issuable_appeal,
)

pytestmark = pytest.mark.django_db


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
    post.set(issuer_as_printed="The Observatory and a partner")
    post.set("texts-0", description="The Observatory has been informed of the arrest …")

    assert_saved(editor_client.post(change_url(appeal), post.data))

    appeal.refresh_from_db()
    assert appeal.issuer_as_printed == "The Observatory and a partner"
    assert appeal.issuer_name == "The Observatory and a partner"
    assert appeal.texts.get().description == "The Observatory has been informed of the arrest …"


def test_editing_only_an_appeal_text_marks_its_case_changed_for_partners(editor_client):
    appeal = issuable_appeal()
    before = Case.objects.get(pk=appeal.case_id).updated_at
    post = edit(editor_client, appeal)
    post.set("texts-0", description="Corrected: the arrest took place on 18 March.")

    assert_saved(editor_client.post(change_url(appeal), post.data))

    assert Case.objects.get(pk=appeal.case_id).updated_at > before


def test_appeal_reference_and_issue_fields_are_read_only_once_issued(editor_client, editor):
    draft = AppealFactory()
    issued = appeal_issue(appeal=issuable_appeal(), acting_user=editor)

    draft_fields = set(editor_client.get(change_url(draft)).context["adminform"].form.fields)
    issued_fields = set(editor_client.get(change_url(issued)).context["adminform"].form.fields)

    # A draft may be given an archival reference as printed; an issued appeal keeps its own.
    assert {"reference", "sequence", "issuer"} <= draft_fields
    assert not draft_fields & {"issued_at", "issued_by", "case"}
    assert not issued_fields & {"reference", "sequence", "issuer", "issued_at", "issued_by"}


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


def test_an_archival_appeal_is_recorded_in_the_admin_with_its_printed_reference(editor_client):
    case = CaseFactory(country="KG")
    appeal = issuable_appeal(case=case)
    post = edit(editor_client, appeal)
    post.set(reference="KGZ 001 /0317 / OBS 012.03", issue_date="2017-06-02")
    assert_saved(editor_client.post(change_url(appeal), post.data))

    editor_client.post(reverse("admin:cases_appeal_issue", args=[appeal.pk]))

    appeal.refresh_from_db()
    case.refresh_from_db()
    assert (appeal.reference, appeal.sequence, appeal.issuer.is_own) == (
        "KGZ 001 /0317 / OBS 012.03",
        3,
        True,
    )
    assert case.reference == "KGZ 001 /0317 / OBS 012"
    # Found by the admin's search in another spelling.
    found = editor_client.get(changelist(Appeal), {"q": "kgz 001/0317/obs 012.3"})
    assert list(found.context["cl"].result_list) == [appeal]


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


# --- Letters in each language ---------------------------------------------------------------


def test_the_appeal_page_lists_what_each_letter_language_lacks(editor_client):
    appeal = issuable_appeal()  # English, its action picked from a standard action.
    AppealTextFactory(appeal=appeal, language="ru", is_original=False, title="Кыргызстан")
    ActionFactory(appeal=appeal, language="en", position=2, text="Guarantee a fair trial;")

    page = editor_client.get(change_url(appeal)).content.decode()

    assert "<li>English: nothing missing</li>" in page
    assert "<li>Russian: Action 2 has no Russian version.</li>" in page


def test_staff_choose_to_offer_letters_with_parts_in_english(editor_client):
    appeal = issuable_appeal()
    assert appeal.incomplete_letters_offered is False
    post = edit(editor_client, appeal)
    post.set(incomplete_letters_offered=True)

    assert_saved(editor_client.post(change_url(appeal), post.data))

    appeal.refresh_from_db()
    assert appeal.incomplete_letters_offered is True
