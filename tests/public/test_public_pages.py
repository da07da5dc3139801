"""The public site for campaigners: the list, the appeal page, taking action, the embassy
lookup, languages, caching, constant query counts, and no confidential field anywhere."""

import datetime as dt
import re
from urllib.parse import quote

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from cases.dates import local_today
from cases.models import Appeal, Case, Issuer
from cases.references import case_public_path
from cases.services import appeal_issue, case_touch
from letters.models import Letter
from tests.factories import (
    AppealAuthorityFactory,
    AuthorityContactFactory,
    AuthorityFactory,
    CaseFactory,
    DefenderFactory,
    DetentionPeriodFactory,
    EmbassyFactory,
    EventFactory,
    HearingFactory,
    ViolationLabelFactory,
    issuable_appeal,
)
from tests.new_facts import NOW, SECRET, new_facts_case

pytestmark = pytest.mark.django_db

CANARY = "CANARY-7f3a"


def published_case(
    *, status=Case.Status.PUBLISHED, authorities=1, defenders=1, events=1, **case_fields
):
    """Return a public case with an issued appeal, defenders in detention, a hearing ahead, and
    a canary in every confidential field."""
    case = CaseFactory(internal_notes=f"{CANARY} case notes", **case_fields)
    appeal = issuable_appeal(case=case)
    for position in range(authorities):
        authority = AuthorityFactory(person_name=f"Aibek Authority{position}")
        AuthorityContactFactory(authority=authority, kind="fax", value=f"+99631266{position:04d}")
        AuthorityContactFactory(
            authority=authority, kind="email", value=f"office{position}@prosecutor.example.kg"
        )
        AppealAuthorityFactory(appeal=appeal, authority=authority, position=position)
    today = local_today(case.time_zone)
    for number in range(defenders):
        defender = DefenderFactory(
            full_name=f"Defender Number{number}",
            situation="pre_trial_detention",
            health_notes=f"{CANARY} health",
            family_notes=f"{CANARY} family",
            home_address=f"{CANARY} home",
            phone="+996700999111",
            internal_notes=f"{CANARY} defender notes",
        )
        case.defenders.add(defender)
        DetentionPeriodFactory(
            case=case, defender=defender, start_date=today - dt.timedelta(days=9)
        )
    for number in range(events):
        EventFactory(
            case=case,
            kind="arrest",
            description=f"Arrest number {number} at the office.",
            source_identity=f"{CANARY} source",
        )
    HearingFactory(
        case=case,
        local_date=today + dt.timedelta(days=30),
        local_time=dt.time(14, 30),
        time_zone="Asia/Bishkek",
    )
    appeal_issue(appeal=appeal, acting_user=None, issue_date=today)
    published_at = timezone.now() if status != Case.Status.DRAFT else None
    if status == Case.Status.IN_REVIEW:
        published_at = None
    Case.objects.filter(pk=case.pk).update(status=status, published_at=published_at)
    case.refresh_from_db()
    return case


def page(client, case, **params):
    return client.get(case_public_path(reference=case.reference), params)


def text_of(response) -> str:
    return response.content.decode()


# --- The list -------------------------------------------------------------------------------


def test_list_shows_public_cases_only(client):
    shown = published_case(title="Kyrgyzstan: shown")
    closed = published_case(title="Kyrgyzstan: closed one", status=Case.Status.CLOSED)
    Case.objects.filter(pk=closed.pk).update(published_at=timezone.now())
    published_case(title="Kyrgyzstan: draft", status=Case.Status.DRAFT)
    published_case(title="Kyrgyzstan: in review", status=Case.Status.IN_REVIEW)
    body = text_of(client.get("/"))
    assert "Kyrgyzstan: shown" in body
    assert "Kyrgyzstan: closed one" in body
    assert "Kyrgyzstan: draft" not in body
    assert "Kyrgyzstan: in review" not in body
    assert case_public_path(reference=shown.reference) in body


def test_list_filters_by_country_violation_and_state(client):
    labelled = published_case(title="Kyrgyzstan: labelled", country="KG")
    label = ViolationLabelFactory(name="Judicial harassment")
    labelled.violations.add(label)
    published_case(title="Kazakhstan: other", country="KZ", time_zone="Asia/Almaty")
    closed = published_case(title="Kyrgyzstan: finished")
    Case.objects.filter(pk=closed.pk).update(status=Case.Status.CLOSED)

    body = text_of(client.get("/", {"country": "KZ"}))
    assert "Kazakhstan: other" in body and "Kyrgyzstan: labelled" not in body
    body = text_of(client.get("/", {"violation": label.slug}))
    assert "Kyrgyzstan: labelled" in body and "Kazakhstan: other" not in body
    assert "Judicial harassment" in body
    body = text_of(client.get("/", {"state": "closed"}))
    assert "Kyrgyzstan: finished" in body and "Kyrgyzstan: labelled" not in body
    body = text_of(client.get("/", {"state": "open"}))
    assert "Kyrgyzstan: finished" not in body and "Kyrgyzstan: labelled" in body


def test_list_search_finds_a_defender_by_name(client):
    published_case(title="Kyrgyzstan: one")
    other = published_case(title="Kyrgyzstan: two")
    other.defenders.add(DefenderFactory(full_name="Aigerim Searchable"))
    body = text_of(client.get("/", {"q": "Searchable"}))
    assert "Kyrgyzstan: two" in body and "Kyrgyzstan: one" not in body


def test_list_paginates_with_plain_links(client):
    for number in range(22):
        published_case(title=f"Kyrgyzstan: case {number:02d}")
    first = text_of(client.get("/"))
    assert "22 appeals" in first
    assert 'href="?page=2" rel="next"' in first
    second = text_of(client.get("/", {"page": 2}))
    assert second.count('class="appeal-summary"') == 2


def test_list_shows_situation_and_days_detained(client):
    published_case(title="Kyrgyzstan: detained")
    body = text_of(client.get("/"))
    assert "Defender Number0" in body
    assert "(9 days)" in body


def test_a_situation_no_source_stated_is_not_shown(client):
    case = published_case(title="Kyrgyzstan: unknown")
    case.defenders.update(situation="")
    case.detention_periods.all().delete()
    listed, detail = text_of(client.get("/")), text_of(page(client, case))
    assert "Defender Number0" in listed
    assert "Defender Number0:" not in listed
    assert "Unknown" not in listed
    assert "Situation:" not in detail


# --- The appeal page ------------------------------------------------------------------------


def test_appeal_page_shows_the_latest_appeal(client):
    case = published_case(title="Kyrgyzstan: page")
    response = page(client, case)
    body = text_of(response)
    assert response.status_code == 200
    assert case.public_slug == case_public_path(reference=case.reference).split("/")[2]
    assert "Kyrgyzstan: Arbitrary detention" in body  # The appeal text's title.
    assert case.reference in body
    assert "The Observatory has been informed" in body
    assert "Defender Number0" in body
    assert "(9 days)" in body
    assert "14:30 (Bishkek time, UTC+6)" in body
    assert "Immediately and unconditionally release the defenders;" in body
    assert "+996312660000" in body
    assert 'id="take-action"' in body and 'id="embassy"' in body and 'id="history"' in body


def test_appeal_page_mailto_has_encoded_subject_and_letter_body(client):
    case = published_case()
    body = text_of(page(client, case))
    link = re.search(r'href="(mailto:office0@prosecutor\.example\.kg\?[^"]+)"', body).group(1)
    link = link.replace("&amp;", "&")
    subject = quote(f"Kyrgyzstan: Arbitrary detention ({case.reference})", safe="")
    assert f"?subject={subject}&body=" in link
    assert " " not in link and "\n" not in link
    assert quote("Dear Prosecutor General,", safe="") in link
    # Short: the letter's opening, then a link to the full text on the page.
    assert len(link) < 2000
    assert quote(f"http://testserver{case_public_path(reference=case.reference)}", safe="") in link


def test_appeal_page_shows_the_text_in_the_page_language_when_there_is_one(client):
    case = published_case()
    appeal = case.appeals.get()
    appeal.texts.create(language="fr", title="Kirghizistan : détention", description="Texte FR")
    body = text_of(page(client, case, host_country=""))
    assert "Texte FR" not in body
    client.cookies["django_language"] = "fr"
    body = text_of(page(client, case))
    assert "Texte FR" in body and 'lang="fr"' in body


def test_history_lists_appeals_and_events_in_date_order(client):
    case = published_case()
    body = text_of(page(client, case))
    history = body.split('id="history"')[1]
    assert history.index("Arrest number 0") < history.index(case.reference)


@pytest.mark.parametrize("status", [Case.Status.DRAFT, Case.Status.IN_REVIEW])
def test_unpublished_case_is_404(client, status):
    case = published_case(status=status)
    assert page(client, case).status_code == 404


def test_unknown_slug_is_404(client):
    assert client.get("/appeals/kgz-999-0101-obs-999/").status_code == 404


@pytest.mark.usefixtures("_tasks_in_process")
def test_no_confidential_field_on_any_page(client, django_capture_on_commit_callbacks):
    case = published_case()
    EmbassyFactory()
    responses = [client.get("/"), page(client, case, host_country="BE")]
    with django_capture_on_commit_callbacks(execute=True):
        posted = client.post(
            f"{case_public_path(reference=case.reference)}letters/",
            {"language": "en", "authority": "all"},
        )
    responses.append(client.get(posted["Location"]))
    responses += [client.get("/feeds/appeals.rss"), client.get("/feeds/kg/appeals.atom")]
    for response in responses:
        assert response.status_code == 200
        content = text_of(response)
        assert CANARY not in content
        assert "700999111" not in content


# --- The embassy ----------------------------------------------------------------------------


def test_embassy_lookup_finds_the_embassy_in_the_campaigners_country(client):
    case = published_case()
    EmbassyFactory(address="Rue de l'Exemple 1", phone="+3225550101")
    body = text_of(page(client, case, host_country="BE"))
    embassy = body.split('id="embassy"')[1].split('id="history"')[0]
    assert "Embassy of the Kyrgyz Republic in Belgium" in embassy
    assert "embassy@kyrgyz-brussels.example.be" in embassy
    assert "+32 2 555 01 01" in embassy


def test_embassy_lookup_says_so_when_the_directory_has_none(client):
    case = published_case()
    body = text_of(page(client, case, host_country="NO"))
    assert "Our directory has no embassy of Kyrgyzstan in Norway." in body


# --- Take action ----------------------------------------------------------------------------


@pytest.fixture
def _tasks_in_process(settings):
    from appeals_site.celery import app

    previous = app.conf.task_always_eager
    app.conf.task_always_eager = True
    settings.CELERY_TASK_ALWAYS_EAGER = True
    yield
    app.conf.task_always_eager = previous


@pytest.mark.usefixtures("_tasks_in_process")
def test_take_action_makes_the_letter_and_shows_preview_pdf_and_text(
    client, django_capture_on_commit_callbacks
):
    case = published_case()
    authority = case.appeals.get().appeal_authorities.get().authority
    path = case_public_path(reference=case.reference)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            f"{path}letters/",
            {
                "language": "en",
                "authority": str(authority.pk),
                "name": "Jane Campaigner",
                "city": "Ghent",
                "country": "BE",
            },
        )
    assert response.status_code == 303
    letter = Letter.objects.get()
    assert letter.status == Letter.Status.READY
    assert letter.campaigner_name == "Jane Campaigner"
    body = text_of(client.get(response["Location"]))
    assert f'src="/api/v1/letters/{letter.pk}/html"' in body
    assert 'sandbox=""' in body
    assert f'href="/api/v1/letters/{letter.pk}/pdf"' in body
    assert "Jane Campaigner" in body.split('id="letter-text"')[1]
    # The preview may be framed by our own pages, and only by them.
    assert client.get(f"/api/v1/letters/{letter.pk}/html")["X-Frame-Options"] == "SAMEORIGIN"


def test_take_action_needs_csrf(client):
    from django.test import Client

    case = published_case()
    strict = Client(enforce_csrf_checks=True)
    path = case_public_path(reference=case.reference)
    response = strict.post(f"{path}letters/", {"language": "en", "authority": "all"})
    assert response.status_code == 403


def test_take_action_rejects_an_unknown_authority(client):
    case = published_case()
    path = case_public_path(reference=case.reference)
    response = client.post(f"{path}letters/", {"language": "en", "authority": "nobody"})
    assert response.status_code == 400
    assert Letter.objects.count() == 0


# --- Languages ------------------------------------------------------------------------------


def test_language_switch_to_russian(client):
    case = published_case()
    response = client.post("/i18n/setlang/", {"language": "ru", "next": "/"})
    assert response.status_code == 302
    body = text_of(client.get("/"))
    assert '<html lang="ru">' in body
    assert "Опубликованные призывы" in body
    body = text_of(page(client, case))
    assert "Принять меры" in body


# --- Caching --------------------------------------------------------------------------------


def test_second_request_of_an_appeal_page_takes_fewer_queries(client):
    case = published_case()
    path = case_public_path(reference=case.reference)
    with CaptureQueriesContext(connection) as first:
        client.get(path)
    with CaptureQueriesContext(connection) as second:
        client.get(path)
    assert len(second) == 0  # The whole response, and its version, are cached.
    assert len(first) > len(second)


def test_a_change_to_the_case_shows_on_the_cached_page(client):
    case = published_case()
    assert "Defender Number0" in text_of(page(client, case))
    defender = case.defenders.get()
    defender.full_name = "Renamed Defender"
    defender.save()
    assert "Renamed Defender" in text_of(page(client, case))
    appeal = case.appeals.get()
    appeal.texts.update(description="A changed description.")
    case_touch(case_id=case.pk)  # What services do.
    assert "A changed description." in text_of(page(client, case))


def test_a_case_taken_back_leaves_the_cached_list_and_page(client):
    case = published_case(title="Kyrgyzstan: withdrawn")
    assert "Kyrgyzstan: withdrawn" in text_of(client.get("/"))
    assert page(client, case).status_code == 200
    case.status = Case.Status.DRAFT
    case.save()
    assert "Kyrgyzstan: withdrawn" not in text_of(client.get("/"))
    assert page(client, case).status_code == 404


# --- Constant query counts ------------------------------------------------------------------


def _queries(client, path) -> int:
    cache.clear()
    with CaptureQueriesContext(connection) as queries:
        assert client.get(path).status_code == 200
    return len(queries)


def test_list_takes_the_same_queries_for_5_and_25_cases(client):
    for _ in range(5):
        published_case(defenders=2)
    five = _queries(client, "/")
    for _ in range(20):
        published_case(defenders=2)
    assert _queries(client, "/") == five


def test_appeal_page_takes_the_same_queries_for_1_and_6_of_everything(client):
    one = published_case()
    six = published_case(authorities=6, defenders=6, events=6)
    count_one = _queries(client, case_public_path(reference=one.reference))
    count_six = _queries(client, case_public_path(reference=six.reference))
    assert count_one == count_six


def test_situations_and_kinds_are_in_the_page_language(client):
    case = published_case()
    client.cookies["django_language"] = "ru"

    body = text_of(page(client, case))

    assert "Срочный призыв" in body  # the intervention type
    assert "Под стражей до суда" in body  # the defender's situation
    assert "Арест" in body  # the event's kind
    assert "Urgent Appeal" not in body


def test_a_refused_take_action_form_points_each_field_at_its_error(client):
    case = published_case()

    response = client.post(
        f"{case_public_path(reference=case.reference)}letters/",
        {"language": "xx", "authority": "all"},
    )

    body = text_of(response)
    assert response.status_code == 400
    assert 'id="id_language-error"' in body
    assert 'aria-describedby="id_language-error"' in body
    assert 'aria-invalid="true"' in body


# --- The new facts, and letters only in the languages the appeal is written in ----------------


@pytest.fixture
def new_facts(editor, time_machine):
    time_machine.move_to(NOW, tick=False)
    return new_facts_case(editor)


def _take_action_form(body: str) -> str:
    return body.split('id="take-action"', 1)[1].split("</section>", 1)[0]


def test_appeal_page_shows_the_new_facts_and_no_secret(client, new_facts):
    body = text_of(page(client, new_facts.case))

    text = " ".join(re.sub(r"<[^>]+>", " ", body).split())
    issuer = Issuer.objects.own().name
    assert f"Reference KGZ 001 /0317 / OBS 012.1 Date March 20, 2017 Issued by {issuer}" in text
    assert "Aigerim Dzhaksybekova and Bolot Bekov: “membership of an illegal group”" in text
    assert "in place of the charge under Article 212.2 of the Criminal Code" in text
    assert (
        "Leninsky District Court of Osh (first instance): Aigerim Dzhaksybekova, convicted: "
        "Imprisonment, 5 years, suspended for 2 years; Fine, 50000 KGS; Ban on an activity "
        "(social activities), 3 years (the prosecution had requested Imprisonment, 7 years)"
    ) in text
    days = (dt.date(2025, 4, 15) - dt.date(2019, 3, 31)).days
    assert f"Detained since March 2019 (at least {days} days)" in text
    assert "Travel ban since July 2017" in text
    assert "a dozen other lawyers (about 12)" in text
    # The other issuer's Urgent Action is in the history under its own name and number.
    assert "Candle International" in text and "(UA 117/21)" in text
    assert SECRET not in body


def test_letters_are_offered_only_in_the_interface_languages_the_appeal_has_a_text_in(
    client, new_facts
):
    # The appeal is written in English and German: letters in English only, even for a
    # French reader.
    client.cookies["django_language"] = "fr"

    form = _take_action_form(text_of(page(client, new_facts.case)))

    offered = re.findall(r'<option value="(\w\w)"[^>]*>(?:English|Français|Español|Русский)', form)
    assert offered == ["en"]
    assert '<option value="en" selected>' in form


def test_a_letter_in_a_language_the_appeal_has_no_text_in_is_refused_by_name(client, new_facts):
    appeal = Appeal.objects.get(pk=new_facts.own_appeal)
    path = case_public_path(reference=new_facts.case.reference) + "letters/"

    posted = client.post(path, {"language": "fr", "authority": "all"})
    asked = client.post(
        reverse("appeal-letters", args=[appeal.pk]),
        {"authority": "all", "language": "fr"},
        content_type="application/json",
    )

    assert posted.status_code == 400
    assert 'id="id_language-error"' in text_of(posted)
    assert asked.status_code == 400
    assert asked.json()["errors"] == {
        "language": ["This appeal has no text in fr: its letters are in en."]
    }
    assert not Letter.objects.exists()


def test_an_appeal_with_no_text_in_an_interface_language_offers_no_letter(client):
    case = CaseFactory()
    case.defenders.add(DefenderFactory())
    appeal = appeal_issue(appeal=issuable_appeal(case=case, language="de"), acting_user=None)
    AppealAuthorityFactory(appeal=appeal)
    Case.objects.filter(pk=case.pk).update(
        status=Case.Status.PUBLISHED, published_at=timezone.now()
    )
    case.refresh_from_db()

    body = text_of(page(client, case))

    assert "This appeal has no text in the languages this site writes letters in" in body
    assert 'name="authority"' not in _take_action_form(body)
