"""The staff admin of defenders and areas of work."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from defenders.models import AreaOfWork, Defender
from tests.admin_forms import AdminPost, assert_saved
from tests.factories import (
    AreaOfWorkFactory,
    CaseFactory,
    DefenderFactory,
    DetentionPeriodFactory,
)

pytestmark = pytest.mark.django_db

DEFENDERS = reverse("admin:defenders_defender_changelist")
ADD_DEFENDER = reverse("admin:defenders_defender_add")


def change_url(obj) -> str:
    opts = obj._meta
    return reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[obj.pk])


def field_name(admin_field) -> str:
    # A read-only field is described by a dict, an editable one by its bound field.
    if isinstance(admin_field.field, dict):
        return admin_field.field["name"]
    return admin_field.field.name


def listed(response) -> list:
    assert response.status_code == 200
    return list(response.context["cl"].result_list)


# --- The list -------------------------------------------------------------------------------


def test_defender_list_shows_since_when_and_how_long_a_defender_is_held(
    editor_client, time_machine
):
    time_machine.move_to(dt.datetime(2025, 4, 20, 9, 0, tzinfo=dt.UTC), tick=False)
    defender = DefenderFactory(
        full_name="Aigerim Dzhaksybekova",
        local_name="Айгерим Джаксыбекова",
        situation=Defender.Situation.PRE_TRIAL_DETENTION,
    )
    # Administrative detention, then pre-trial detention the next day: one detention.
    DetentionPeriodFactory(
        defender=defender,
        kind="administrative_detention",
        start_date=dt.date(2025, 3, 18),
        actual_end=dt.date(2025, 3, 27),
        term_months=None,
        term_days=10,
    )
    DetentionPeriodFactory(defender=defender, start_date=dt.date(2025, 3, 28))

    response = editor_client.get(DEFENDERS)

    assert listed(response) == [defender]
    content = response.content.decode()
    assert "Айгерим Джаксыбекова" in content
    assert "In pre-trial detention" in content
    assert "since March 18, 2025 (33 days)" in content


def _defenders_in_detention(count: int) -> None:
    area = AreaOfWorkFactory()
    for _ in range(count):
        defender = DefenderFactory()
        defender.areas_of_work.add(area)
        DetentionPeriodFactory(defender=defender)
        DetentionPeriodFactory(
            defender=defender,
            case=CaseFactory(),
            start_date=dt.date(2024, 1, 1),
            actual_end=dt.date(2024, 2, 1),
        )


def _queries_to_list_all_defenders(client) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(DEFENDERS + "?all=")
    assert len(listed(response)) == Defender.objects.count()
    return len(queries)


@pytest.mark.slow
def test_defender_list_takes_the_same_number_of_queries_for_10_and_40_defenders(
    editor_client,
):
    _defenders_in_detention(10)
    with_10 = _queries_to_list_all_defenders(editor_client)
    # 30 more: a query per row would show as 30 more queries (all on one page, ?all=).
    _defenders_in_detention(30)
    with_40 = _queries_to_list_all_defenders(editor_client)

    assert with_10 == with_40


def test_defender_search_finds_the_full_name(editor_client):
    defender = DefenderFactory(full_name="Aigerim Dzhaksybekova")
    DefenderFactory(full_name="Someone Else")

    assert listed(editor_client.get(DEFENDERS, {"q": "Dzhaksy"})) == [defender]


def test_defender_search_finds_the_name_in_local_script(editor_client):
    defender = DefenderFactory(local_name="Айгерим Джаксыбекова")
    DefenderFactory(local_name="Другое имя")

    assert listed(editor_client.get(DEFENDERS, {"q": "Джаксыбекова"})) == [defender]


def test_defender_filter_on_situation(editor_client):
    held = DefenderFactory(situation=Defender.Situation.IMPRISONED)
    DefenderFactory(situation=Defender.Situation.AT_LIBERTY)

    assert listed(editor_client.get(DEFENDERS, {"situation__exact": "imprisoned"})) == [held]


def test_defender_filter_on_country_offers_the_countries_in_use(editor_client):
    colombian = DefenderFactory(country="CO")
    DefenderFactory(country="KG")

    response = editor_client.get(DEFENDERS, {"country": "CO"})

    assert listed(response) == [colombian]
    assert "Colombia" in response.content.decode()
    assert "Zimbabwe" not in response.content.decode()


def test_defender_filter_on_gender(editor_client):
    man = DefenderFactory(gender=Defender.Gender.MALE)
    DefenderFactory(gender=Defender.Gender.FEMALE)

    assert listed(editor_client.get(DEFENDERS, {"gender__exact": "male"})) == [man]


def test_defender_filter_on_area_of_work(editor_client):
    land = AreaOfWork.objects.get(name="Land rights")
    defender = DefenderFactory()
    defender.areas_of_work.add(land)
    DefenderFactory()

    assert listed(editor_client.get(DEFENDERS, {"areas_of_work__id__exact": land.pk})) == [defender]


# --- Add and change -------------------------------------------------------------------------


def test_defender_add_page_loads(editor_client):
    assert editor_client.get(ADD_DEFENDER).status_code == 200


def test_a_new_defender_is_recorded_with_confidential_facts(editor_client, editor):
    post = AdminPost.from_page(editor_client.get(ADD_DEFENDER))
    post.set(
        full_name="Aigerim Dzhaksybekova",
        local_name="Айгерим Джаксыбекова",
        gender="female",
        country="KG",
        situation="pre_trial_detention",
        areas_of_work=[AreaOfWork.objects.get(name="Environment")],
        health_notes="Has a chronic illness and needs constant medical care.",
        phone_as_printed="+996 555 12 34 56",
        disclosed_fields=["health_notes"],
    )
    post.add_row("affiliations", role="head of the NGO", organisation="Fictional Rights Centre")
    post.add_row("other_names", name="Aigerim Jaksybekova")

    assert_saved(editor_client.post(ADD_DEFENDER, post.data))

    defender = Defender.objects.get()
    assert (defender.local_name, defender.phone, defender.disclosed_fields) == (
        "Айгерим Джаксыбекова",
        "+996555123456",
        ["health_notes"],
    )
    assert (defender.role, defender.organisation) == ("head of the NGO", "Fictional Rights Centre")
    assert [o.name for o in defender.other_names.all()] == ["Aigerim Jaksybekova"]
    assert [a.name for a in defender.areas_of_work.all()] == ["Environment"]
    assert defender.history.earliest().history_user == editor


def test_changing_a_defender_situation_is_saved_and_in_the_history(editor_client, editor):
    defender = DefenderFactory(situation=Defender.Situation.PRE_TRIAL_DETENTION)
    post = AdminPost.from_page(editor_client.get(change_url(defender)))
    post.set(situation="released")

    assert_saved(editor_client.post(change_url(defender), post.data))

    defender.refresh_from_db()
    assert defender.situation == "released"
    latest = defender.history.latest()
    assert (latest.history_user, latest.situation) == (editor, "released")


def test_defender_page_links_to_the_cases(editor_client):
    defender = DefenderFactory()
    case = CaseFactory(title="Kyrgyzstan: Arbitrary detention")
    case.defenders.add(defender)

    content = editor_client.get(change_url(defender)).content.decode()

    assert f"<a href='{change_url(case)}'>—</a> Kyrgyzstan: Arbitrary detention" in content


def test_a_phone_number_that_cannot_be_read_is_kept_as_printed_with_a_warning(editor_client):
    defender = DefenderFactory()
    post = AdminPost.from_page(editor_client.get(change_url(defender)))
    post.set(phone_as_printed="12")

    response = editor_client.post(change_url(defender), post.data, follow=True)

    defender.refresh_from_db()
    assert (defender.phone_as_printed, defender.phone) == ("12", "")
    assert "12 cannot be read as an international number" in str(
        list(response.context["messages"])[0]
    )


# --- Confidential facts ---------------------------------------------------------------------


def test_defender_confidential_facts_are_all_in_their_own_fieldset(editor_client):
    response = editor_client.get(change_url(DefenderFactory()))

    fieldsets = {
        fieldset.name: [field_name(f) for line in fieldset for f in line]
        for fieldset in response.context["adminform"]
    }
    assert fieldsets.pop("Confidential — staff only") == [
        "health_notes",
        "family_notes",
        "home_address",
        "phone_as_printed",
        "phone",
        "internal_notes",
        "disclosed_fields",
    ]
    others = {name for names in fieldsets.values() for name in names}
    assert not others & {"health_notes", "family_notes", "home_address", "phone"}


def test_defender_disclosure_offers_only_confidential_fields(editor_client):
    response = editor_client.get(change_url(DefenderFactory()))

    choices = response.context["adminform"].form.fields["disclosed_fields"].choices
    assert [name for name, _label in choices] == [
        "health_notes",
        "family_notes",
        "home_address",
        "phone_as_printed",
        "phone",
        "internal_notes",
    ]


def test_defender_list_never_shows_confidential_facts(editor_client):
    DefenderFactory(health_notes="Needs constant medical care.", home_address="12 Lenin St.")

    content = editor_client.get(DEFENDERS).content.decode()

    assert "Needs constant medical care." not in content
    assert "12 Lenin St." not in content


# --- Roles ----------------------------------------------------------------------------------


def test_viewer_opens_the_defender_list_and_a_defender_read_only(viewer_client):
    defender = DefenderFactory()

    assert viewer_client.get(DEFENDERS).status_code == 200
    response = viewer_client.get(change_url(defender))
    assert response.status_code == 200
    assert response.context["adminform"].form.fields == {}


def test_viewer_cannot_post_a_defender_change(viewer_client):
    defender = DefenderFactory(full_name="Unchanged")

    response = viewer_client.post(change_url(defender), {"full_name": "Changed"})

    assert response.status_code == 403


def test_editor_cannot_delete_a_defender(editor_client):
    defender = DefenderFactory()

    response = editor_client.post(
        reverse("admin:defenders_defender_delete", args=[defender.pk]), {"post": "yes"}
    )

    assert response.status_code == 403
    assert Defender.objects.filter(pk=defender.pk).exists()


# --- Areas of work --------------------------------------------------------------------------


def test_area_of_work_list_loads(editor_client):
    response = editor_client.get(reverse("admin:defenders_areaofwork_changelist"), {"q": "land"})

    assert [a.name for a in listed(response)] == ["Land rights"]


def test_area_of_work_add_page_creates_an_area(editor_client):
    url = reverse("admin:defenders_areaofwork_add")
    post = AdminPost.from_page(editor_client.get(url))
    post.set(name="Digital rights", slug="digital-rights")

    assert_saved(editor_client.post(url, post.data))

    assert AreaOfWork.objects.filter(slug="digital-rights").exists()


def test_area_of_work_change_is_saved(editor_client):
    area = AreaOfWorkFactory(name="Housing")
    post = AdminPost.from_page(editor_client.get(change_url(area)))
    post.set(name="Housing rights")

    assert_saved(editor_client.post(change_url(area), post.data))

    area.refresh_from_db()
    assert area.name == "Housing rights"


def test_changing_a_defender_marks_their_cases_changed_for_partners(editor_client):
    from tests.factories import CaseFactory

    defender = DefenderFactory()
    case = CaseFactory()
    case.defenders.add(defender)
    before = case.updated_at
    post = AdminPost.from_page(editor_client.get(change_url(defender)))
    post.set(situation="released")

    assert_saved(editor_client.post(change_url(defender), post.data))

    case.refresh_from_db()
    assert case.updated_at > before
