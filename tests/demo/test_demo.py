"""load_demo: the sample appeals as structured records, the invented cases around them, the
demo superuser, and idempotence.

The demo is loaded once for the class TestLoadedDemo (about two seconds) inside a transaction
that is rolled back after the class; each test runs in a savepoint inside it, as pytest-django's
`db` does. The tests after the class start from an empty database.
"""

import datetime as dt
import io
import re

import pytest
from django.apps import apps
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command
from django.db import transaction

from authorities.models import Authority, AuthorityContact, Embassy
from cases.models import (
    Action,
    Appeal,
    AppealText,
    Case,
    Charge,
    DetentionPeriod,
    Event,
    Hearing,
    HearingMove,
    ReferenceCounter,
)
from cases.selectors import defender_detention
from defenders.models import Defender
from demo.dataset import CASES
from demo.loader import demo_superuser_ensure
from demo.records import demo_id
from letters.rendering import letter_html
from letters.selectors import appeal_letter_gaps
from letters.text import letter_plain_texts
from tests.factories import UserFactory

SUMMARY = "Demo data: 15 cases, 20 defenders, 51 authorities, 98 embassies, 16 appeals ({new} new)."
KGZ = demo_id("case", "kgz-osh-kara-darya")
COL = demo_id("case", "col-tierra-viva")
DZHAKSYBEKOVA = demo_id("defender", "kgz-dzhaksybekova")
OMURZAKOV = demo_id("defender", "kgz-omurzakov")


@pytest.fixture(scope="class")
def demo_output(django_db_setup, django_db_blocker):
    """Load the demo once, as the existing superuser `rita`; return the command's output."""
    with django_db_blocker.unblock(), transaction.atomic():
        UserFactory(username="rita", is_staff=True, is_superuser=True)
        out = io.StringIO()
        call_command("load_demo", stdout=out)
        yield out.getvalue()
        transaction.set_rollback(True)


@pytest.fixture
def demo(demo_output, db):
    return demo_output


def _all_row_counts() -> dict[str, int]:
    """Return the row count of every table the demo could touch, history tables included."""
    labels = ("cases", "defenders", "authorities", "letters", "reminders", "auth")
    return {
        model._meta.label: model._default_manager.count()
        for label in labels
        for model in apps.get_app_config(label).get_models(include_auto_created=True)
    }


def _case_ids():
    return [demo_id("case", case.key) for case in CASES]


# One xdist worker runs the whole class: each worker that ran some of it would load the demo.
@pytest.mark.xdist_group("load_demo")
@pytest.mark.slow  # loading the demo takes seconds, once for the class
class TestLoadedDemo:
    # --- The Kyrgyz sample case -------------------------------------------------------------

    def test_kyrgyz_case_has_its_defenders_with_names_in_cyrillic(self, demo):
        case = Case.objects.get(pk=KGZ)

        assert case.country == "KG"
        assert case.time_zone == "Asia/Bishkek"
        assert case.status == Case.Status.PUBLISHED
        assert sorted(case.defenders.values_list("full_name", "local_name")) == [
            ("Aigerim Dzhaksybekova", "Айгерим Джаксыбекова"),
            ("Tilek Omurzakov", "Тилек Омурзаков"),
        ]
        assert sorted(case.violations.values_list("name", flat=True)) == [
            "Arbitrary detention",
            "Judicial harassment",
        ]

    def test_every_letter_of_the_demo_in_french_spanish_or_russian_is_whole(self, demo):
        """Each demo appeal written in French, Spanish or Russian has every text its letter
        shows in that language: no letter of the demo is partly English."""
        checked = {}
        for appeal in Appeal.objects.filter(case_id__in=_case_ids()):
            gaps = appeal_letter_gaps(appeal=appeal)
            for language in appeal.texts.filter(language__in=["fr", "es", "ru"]).values_list(
                "language", flat=True
            ):
                checked[(appeal.reference, language)] = gaps[language]
        assert {language for _, language in checked} == {"fr", "es", "ru"}
        assert {key: gaps for key, gaps in checked.items() if gaps} == {}

    def test_dzhaksybekova_charge_under_212_2_was_replaced_by_199(self, demo):
        charges = {
            c.article: c for c in Charge.objects.filter(case_id=KGZ, defenders=DZHAKSYBEKOVA)
        }

        assert set(charges) == {"65", "341", "212.2", "199"}
        assert charges["341"].status == Charge.Status.PENDING
        assert charges["212.2"].status == Charge.Status.REPLACED
        assert list(charges["212.2"].replaced_by.all()) == [charges["199"]]
        assert charges["212.2"].proceeding == charges["199"].proceeding
        assert charges["199"].status == Charge.Status.PENDING
        assert charges["199"].offence == "organisation of an unlawful gathering"
        assert charges["199"].date_brought == dt.date(2025, 5, 28)
        assert charges["65"].instrument_kind == Charge.InstrumentKind.ADMINISTRATIVE
        assert charges["65"].status == Charge.Status.DECIDED
        (ruling,) = charges["65"].decisions.get().rulings.all()
        assert (ruling.defender_id, ruling.outcome, ruling.as_printed) == (
            DZHAKSYBEKOVA,
            "convicted",
            "10 days' administrative detention",
        )

    def test_omurzakov_charge_under_212_2_was_dropped_on_his_release(self, demo):
        charges = {c.article: c for c in Charge.objects.filter(case_id=KGZ, defenders=OMURZAKOV)}

        assert set(charges) == {"65", "341", "212.2"}
        assert charges["212.2"].status == Charge.Status.DROPPED
        assert charges["212.2"].ended_on == dt.date(2025, 5, 26)
        assert charges["341"].status == Charge.Status.PENDING

    def test_administrative_then_pre_trial_detention_extended_by_two_months(self, demo):
        periods = list(
            DetentionPeriod.objects.filter(case_id=KGZ, defender_id=DZHAKSYBEKOVA).order_by(
                "start_date"
            )
        )

        d = dt.date
        assert [(p.kind, p.start_date, p.term_ends_on, p.actual_end) for p in periods] == [
            ("administrative_detention", d(2025, 3, 18), d(2025, 3, 28), d(2025, 3, 28)),
            ("pre_trial_detention", d(2025, 3, 28), d(2025, 7, 28), None),
        ]
        assert [(e.ordered_on, e.term_months) for e in periods[1].extensions.all()] == [
            (dt.date(2025, 4, 22), 2)
        ]

    def test_omurzakov_detention_ended_on_2025_05_26(self, demo):
        pre_trial = DetentionPeriod.objects.get(
            case_id=KGZ, defender_id=OMURZAKOV, kind=DetentionPeriod.Kind.PRE_TRIAL
        )
        omurzakov = Defender.objects.get(pk=OMURZAKOV)

        assert pre_trial.actual_end == dt.date(2025, 5, 26)
        assert omurzakov.situation == Defender.Situation.RELEASED
        assert defender_detention(defender=omurzakov, today=dt.date(2025, 5, 27)) is None

    def test_consecutive_periods_count_as_one_detention_since_the_arrest(self, demo):
        dzhaksybekova = Defender.objects.get(pk=DZHAKSYBEKOVA)

        detention = defender_detention(defender=dzhaksybekova, today=dt.date(2025, 5, 30))

        assert detention.since == dt.date(2025, 3, 18)
        assert detention.days == 73

    def test_hearings_are_stored_in_utc_from_bishkek_local_time(self, demo):
        extension = Hearing.objects.get(case_id=KGZ, local_date=dt.date(2025, 4, 22))
        trial = Hearing.objects.get(case_id=KGZ, local_date=dt.date(2025, 6, 16))

        assert extension.local_time == dt.time(14, 0)
        assert extension.time_zone == "Asia/Bishkek"
        assert extension.starts_at == dt.datetime(2025, 4, 22, 8, 0, tzinfo=dt.UTC)
        assert extension.purpose == Hearing.Purpose.DETENTION_EXTENSION
        assert extension.court == "Leninsky District Court of Osh"
        assert trial.starts_at == dt.datetime(2025, 6, 16, 4, 0, tzinfo=dt.UTC)
        assert trial.purpose == Hearing.Purpose.TRIAL_OPENING
        assert list(trial.defenders.values_list("pk", flat=True)) == [DZHAKSYBEKOVA]

    def test_search_event_lists_the_seized_items(self, demo):
        search = Event.objects.get(case_id=KGZ, kind=Event.Kind.SEARCH)

        assert search.date == dt.date(2025, 3, 21)
        assert search.seized_items == "Two laptops, four telephones and the foundation's archive."
        assert search.defenders.count() == 2

    def test_kyrgyz_case_has_the_original_appeal_and_its_follow_up(self, demo):
        original, followup = Appeal.objects.filter(case_id=KGZ).order_by("sequence")

        assert original.reference == "KGZ 003 / 0425 / OBS 041"
        assert original.intervention_type == Appeal.InterventionType.URGENT_APPEAL
        assert original.issue_date == dt.date(2025, 4, 14)
        assert followup.reference == original.reference + ".1"
        assert followup.intervention_type == Appeal.InterventionType.NEW_INFORMATION
        assert followup.issue_date == dt.date(2025, 5, 30)
        assert sorted(followup.violations.values_list("name", flat=True)) == [
            "Arbitrary detention",
            "Judicial harassment",
            "Release",
        ]

    def test_original_appeal_has_its_five_actions_in_english_and_russian(self, demo):
        original = Appeal.objects.get(case_id=KGZ, sequence=0)
        english = list(original.actions.filter(language="en").order_by("position"))
        russian = list(original.actions.filter(language="ru").order_by("position"))

        assert [a.position for a in english] == [1, 2, 3, 4, 5]
        assert english[0].text == (
            "Immediately and unconditionally release Ms. Aigerim Dzhaksybekova and Mr. Tilek "
            "Omurzakov and drop all charges against them;"
        )
        assert english[-1].clause.name == "UN Declaration"
        assert len(russian) == 5
        assert russian[-1].text == "Соблюдать все положения Декларации ООН о правозащитниках."
        texts = {t.language: t for t in original.texts.all()}
        assert set(texts) == {"en", "ru"}
        assert texts["en"].is_original and not texts["ru"].is_original
        assert texts["en"].description.startswith("The Observatory has been informed")
        assert texts["en"].notes.startswith(
            "[1] See the Observatory's Statement of November 2, 2024."
        )
        assert texts["ru"].title.startswith("Кыргызстан: ")

    def test_appeals_are_addressed_to_the_authorities_of_the_samples(self, demo):
        original, followup = Appeal.objects.filter(case_id=KGZ).order_by("sequence")

        def addressed(appeal):
            return [str(link.authority) for link in appeal.appeal_authorities.order_by("position")]

        assert addressed(original) == [
            "Mr. Bolot Esenaliev, President of the Kyrgyz Republic",
            "Ms. Nurgul Asanova, Prosecutor General",
            "Mr. Azamat Beishenov, Ombudsperson (Akyikatchy)",
            "Permanent Mission of the Kyrgyz Republic to the United Nations Office in Geneva",
            "Embassy of the Kyrgyz Republic in Brussels",
        ]
        assert addressed(followup) == [
            addressed(original)[0],
            addressed(original)[1],
            addressed(original)[3],
        ]

    def test_the_kgz_003_letter_to_the_mission_in_geneva_is_posted_to_switzerland(self, demo):
        """It printed "Geneva / Kyrgyzstan": the country the mission acts for after its seat."""
        original = Appeal.objects.filter(case_id=KGZ).order_by("sequence").first()
        mission = Authority.objects.get(pk=demo_id("authority", "kgz-mission-geneva"))
        html = letter_html(appeal=original, authority=mission, language="en")
        text = letter_plain_texts(html)[0]

        assert "Geneva\nSwitzerland\n" in text
        assert "Geneva\nKyrgyzstan" not in text

    @pytest.mark.parametrize(
        ("key", "contacts"),
        [
            ("kgz-president", [("fax", "+996312001122"), ("email", "office@president.example.kg")]),
            ("kgz-prosecutor", [("fax", "+996312003344")]),
            ("kgz-ombudsperson", [("email", "ombudsman@akyikatchy.example.kg")]),
            (
                "kgz-mission-geneva",
                [("fax", "+41220001122"), ("email", "mission@kyrgyz-geneva.example.ch")],
            ),
            ("kgz-embassy-brussels", [("email", "embassy@kyrgyz-brussels.example.be")]),
            ("col-president", [("email", "contacto@presidencia.example.co")]),
            ("col-attorney-general", [("email", "atencion@fiscalia.example.co")]),
            ("col-protection-unit", [("email", "correspondencia@unp.example.co")]),
            (
                "col-mission-geneva",
                [("fax", "+41220007788"), ("email", "mission@colombia-geneva.example.ch")],
            ),
        ],
    )
    def test_authority_contacts_are_those_of_the_samples(self, demo, key, contacts):
        authority = Authority.objects.get(pk=demo_id("authority", key))

        assert list(authority.contacts.values_list("kind", "value")) == contacts

    # --- The Colombian sample and the invented cases ----------------------------------------

    def test_colombian_case_has_its_appeal_with_the_printed_reference(self, demo):
        appeal = Appeal.objects.get(case_id=COL)

        assert appeal.reference == "COL 007 / 0925 / OBS 112"
        assert appeal.issue_date == dt.date(2025, 9, 9)
        assert sorted(appeal.violations.values_list("name", flat=True)) == [
            "Death threats",
            "Harassment",
            "Raid",
        ]
        assert appeal.actions.count() == 3
        raid = Event.objects.get(case_id=COL, kind=Event.Kind.SEARCH)
        assert raid.seized_items == "A computer containing testimonies of displaced families."

    def test_demo_covers_every_status_and_many_situations(self, demo):
        statuses = set(Case.objects.filter(pk__in=_case_ids()).values_list("status", flat=True))
        situations = set(Defender.objects.values_list("situation", flat=True))

        assert statuses == set(Case.Status.values)
        assert {"in_exile", "disappeared", "imprisoned", "killed", "released"} <= situations

    def test_demo_has_originals_in_french_and_spanish(self, demo):
        originals = set(
            AppealText.objects.filter(is_original=True).values_list("language", flat=True)
        )

        assert {"en", "fr", "es"} <= originals
        assert Action.objects.filter(language="ru").exists()

    def test_demo_records_confidential_facts_withheld_unless_disclosed(self, demo):
        dzhaksybekova = Defender.objects.get(pk=DZHAKSYBEKOVA)
        lebedeva = Defender.objects.get(pk=demo_id("defender", "rus-lebedeva"))

        assert dzhaksybekova.health_notes and dzhaksybekova.disclosed_fields == []
        assert dzhaksybekova.phone == "+996555012345"
        assert lebedeva.health_notes and lebedeva.disclosed_fields == ["health_notes"]
        # Encrypted: no lookup on the field, so counted in Python.
        assert sum(1 for event in Event.objects.all() if event.source_identity) >= 5

    def test_a_postponed_hearing_keeps_its_move(self, demo):
        move = HearingMove.objects.get(hearing__case_id=demo_id("case", "tur-ozgur-hukuk"))

        assert (move.from_date, move.to_date) == (dt.date(2026, 12, 8), dt.date(2027, 2, 10))
        assert move.reason.startswith("The court is waiting")

    def test_every_demo_e_mail_and_website_is_on_an_example_domain(self, demo):
        example = re.compile(r"(@|//|\.)example\.[a-z]+(/|$)")
        addresses = [
            *AuthorityContact.objects.filter(kind="email").values_list("value", flat=True),
            *Embassy.objects.values_list("email", flat=True),
            *Embassy.objects.values_list("website", flat=True),
        ]

        assert addresses
        assert [a for a in addresses if not example.search(a)] == []

    def test_every_target_country_has_embassies_in_the_host_countries(self, demo):
        hosts = {"BE", "FR", "DE", "GB", "US", "ES", "CH"}
        countries = set(Case.objects.filter(pk__in=_case_ids()).values_list("country", flat=True))

        for country in countries:
            assert (
                set(Embassy.objects.filter(country=country).values_list("host_country", flat=True))
                == hosts
            )

    # --- Idempotence and the superuser ------------------------------------------------------

    def test_first_load_reports_what_it_added_and_the_existing_superuser(self, demo):
        assert demo == SUMMARY.format(new=200) + " Superuser rita already exists.\n"
        assert list(get_user_model().objects.values_list("username", flat=True)) == ["rita"]

    def test_running_it_again_changes_nothing(self, demo):
        counts = _all_row_counts()
        counters = list(ReferenceCounter.objects.order_by("scope").values_list("scope", "value"))
        out = io.StringIO()

        call_command("load_demo", stdout=out)

        assert out.getvalue() == SUMMARY.format(new=0) + " Superuser rita already exists.\n"
        assert _all_row_counts() == counts
        assert list(ReferenceCounter.objects.order_by("scope").values_list("scope", "value")) == (
            counters
        )

    def test_no_user_creates_no_user(self, demo):
        get_user_model().objects.all().delete()
        out = io.StringIO()

        call_command("load_demo", "--no-user", stdout=out)

        assert out.getvalue() == SUMMARY.format(new=0) + " No superuser created (--no-user).\n"
        assert not get_user_model().objects.exists()

    def test_creates_admin_with_a_random_password_shown_once(self, demo):
        get_user_model().objects.all().delete()
        first, second = io.StringIO(), io.StringIO()

        call_command("load_demo", stdout=first)
        call_command("load_demo", stdout=second)

        password = re.search(r"created with password (\S+) \(shown once", first.getvalue()).group(1)
        admin = get_user_model().objects.get()
        assert admin.username == "admin" and admin.is_superuser and admin.is_staff
        assert admin.check_password(password)
        assert second.getvalue() == SUMMARY.format(new=0) + " Superuser admin already exists.\n"

    def test_creates_admin_with_the_password_from_the_environment(self, demo, monkeypatch):
        get_user_model().objects.all().delete()
        monkeypatch.setenv("DEMO_ADMIN_PASSWORD", "a demo password only")
        out = io.StringIO()

        call_command("load_demo", stdout=out)

        assert out.getvalue().endswith(
            " Superuser admin created with the password from DEMO_ADMIN_PASSWORD.\n"
        )
        assert get_user_model().objects.get(username="admin").check_password("a demo password only")


# Without the demo loaded: these stop before loading anything.


def test_loading_into_an_empty_database_with_no_user_needs_a_superuser(db):
    with pytest.raises(CommandError) as error:
        call_command("load_demo", "--no-user", stdout=io.StringIO())

    assert str(error.value) == (
        "Loading the demo publishes cases: act as a user who may publish (a superuser)."
    )
    assert not Case.objects.exists()


def test_superuser_is_not_created_when_one_exists(superuser):
    result = demo_superuser_ensure(password="")

    assert result.user == superuser
    assert not result.created
    assert get_user_model().objects.filter(is_superuser=True).count() == 1


def test_a_user_named_admin_who_is_no_superuser_is_not_taken_over(db):
    UserFactory(username="admin", is_superuser=False)

    with pytest.raises(ValidationError) as error:
        demo_superuser_ensure(password="")

    assert error.value.messages == [
        "A user named admin exists but is not an active superuser; make it one, or load the "
        "demo with --no-user."
    ]
