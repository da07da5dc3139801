"""The budget for renders: a letter already made is served to anyone; a new one is rendered
only within the per-client limit, the appeal's hourly limit and the queue's bound (the
embedded default's pool), else nothing is rendered or enqueued and the campaigner is offered
the standard letter and the text. Retention: expired letters go with their files; the
storage command counts what is kept."""

import threading

import pytest
from django.db import connection
from django.test import Client
from django.utils import timezone

from appeals_site.celery import app
from cases.references import case_public_path
from letters import budget, rendering
from letters.context import Campaigner
from letters.models import Letter
from letters.pool import RenderSlots
from letters.services import letter_render_now, letter_request
from tests.appeals_site.test_http_security import settings_error
from tests.factories import AppealTextFactory
from tests.letters.test_letters import TITLES, _appeal, _first_authority, _letters_url
from tests.public.test_public_pages import published_case


@pytest.fixture(autouse=True)
def _tasks_in_process():
    previous = app.conf.task_always_eager
    app.conf.task_always_eager = True
    yield
    app.conf.task_always_eager = previous


@pytest.fixture
def appeal(db):
    return _appeal(authorities=1)


def _ask(client, appeal, *, name="", address="192.0.2.1", language="en"):
    payload = {"authority": str(_first_authority(appeal).pk), "language": language}
    if name:
        payload["name"] = name
    return client.post(
        _letters_url(appeal), payload, content_type="application/json", REMOTE_ADDR=address
    )


def _standard_letter(appeal):
    """Return the appeal's standard letter to its first authority in English, made (as render
    ahead would), with its request's date: today."""
    letter = letter_request(
        appeal=appeal, authority_id_or_all=_first_authority(appeal).pk, language="en",
        enqueue=False,
    )  # fmt: skip
    return letter_render_now(letter_id=letter.pk)


# --- Over budget: no render, a clear 429 ----------------------------------------------------


def test_over_the_client_limit_nothing_is_rendered_and_the_429_offers_the_standard_letter(
    appeal, client, settings, django_capture_on_commit_callbacks
):
    settings.LETTER_THROTTLE = "1/minute"
    standard = _standard_letter(appeal)
    assert _ask(client, appeal, name="First Campaigner").status_code == 202
    before = set(Letter.objects.values_list("pk", flat=True))

    with django_capture_on_commit_callbacks() as callbacks:
        response = _ask(client, appeal, name="Second Campaigner")

    assert response.status_code == 429
    assert callbacks == []  # nothing enqueued
    assert set(Letter.objects.values_list("pk", flat=True)) == before  # nothing recorded
    assert 1 <= int(response["Retry-After"]) <= 61
    body = response.json()
    assert body["code"] == "over_budget"
    assert body["reason"] == "client"
    assert body["retry_after"] == int(response["Retry-After"])
    assert body["detail"].startswith(
        "You have asked for many new letters in a short time. No new letter can be made now: "
        "use the standard letter (lines to sign by hand) or copy the text, or try again in "
    )
    assert body["standard_letter"] == {
        "id": str(standard.pk),
        "status": "ready",
        "status_url": f"http://testserver/api/v1/letters/{standard.pk}/",
        "pdf_url": f"http://testserver/api/v1/letters/{standard.pk}/pdf",
        "html_url": f"http://testserver/api/v1/letters/{standard.pk}/html",
    }
    assert "Second Campaigner" in body["text"]
    assert _first_authority(appeal).person_name in body["text"]
    assert "<" not in body["text"]


def test_an_existing_standard_letter_is_served_to_a_client_over_its_limit(appeal, client, settings):
    settings.LETTER_THROTTLE = "1/minute"
    standard = _standard_letter(appeal)
    assert _ask(client, appeal, name="First Campaigner").status_code == 202
    assert _ask(client, appeal, name="Second Campaigner").status_code == 429

    for _ in range(3):
        response = _ask(client, appeal)
        assert response.status_code == 200
        assert response.json()["id"] == str(standard.pk)
    # And the personalised letter it asked for first, already made, is served again too.
    assert _ask(client, appeal, name="First Campaigner").status_code == 202
    assert Letter.objects.get(pk=standard.pk).attempts == 1


def test_personalised_letters_of_an_appeal_are_limited_per_hour_whoever_asks(
    appeal, client, settings
):
    settings.LETTER_THROTTLE = "off"
    settings.LETTER_APPEAL_HOURLY_LIMIT = 2
    codes = [
        _ask(client, appeal, name=f"Campaigner {n}", address=f"198.51.100.{n}").status_code
        for n in range(3)
    ]
    assert codes == [202, 202, 429]
    over = _ask(client, appeal, name="Campaigner 9", address="198.51.100.9")
    assert over.json()["reason"] == "appeal"
    assert 1 <= int(over["Retry-After"]) <= 3601
    assert Letter.objects.count() == 2
    # Standard letters are not personalised: the appeal's hourly limit leaves them alone.
    assert _ask(client, appeal, address="198.51.100.10").status_code == 202


def test_a_refused_appeal_limit_gives_the_client_its_count_back(appeal, client, settings):
    settings.LETTER_THROTTLE = "1/minute"
    settings.LETTER_APPEAL_HOURLY_LIMIT = 1
    assert _ask(client, appeal, name="A", address="192.0.2.1").status_code == 202
    refused = _ask(client, appeal, name="B", address="192.0.2.2")
    assert refused.json()["reason"] == "appeal"
    # 192.0.2.2 made nothing: its one letter a minute is still there (a standard letter).
    assert _ask(client, appeal, address="192.0.2.2").status_code == 202


def test_with_workers_a_full_queue_enqueues_nothing(
    appeal, client, settings, django_capture_on_commit_callbacks
):
    app.conf.task_always_eager = False
    settings.LETTER_QUEUE_MAX = 2
    for name in ("Waiting One", "Waiting Two"):
        letter_request(
            appeal=appeal, authority_id_or_all="all", language="en",
            campaigner=Campaigner(name=name), enqueue=False,
        )  # fmt: skip

    with django_capture_on_commit_callbacks() as callbacks:
        response = _ask(client, appeal, name="Third Campaigner")

    assert response.status_code == 429
    assert callbacks == []
    assert response.json()["reason"] == "queue"
    assert response["Retry-After"] == "30"
    assert response.json()["standard_letter"] is None  # none made yet: none started
    assert "Third Campaigner" in response.json()["text"]
    assert Letter.objects.count() == 2


# --- The embedded default's bounded pool ----------------------------------------------------


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_the_embedded_pool_renders_one_at_a_time_and_refuses_beyond(settings, monkeypatch):
    settings.LETTER_RENDER_CONCURRENCY = 1
    settings.LETTER_THROTTLE = "off"
    appeal = _appeal(authorities=1)
    real_pdf = rendering.letter_pdf
    started, release = threading.Event(), threading.Event()
    running, most = [0], [0]
    lock = threading.Lock()

    def letter_pdf(*, html):
        with lock:
            running[0] += 1
            most[0] = max(most[0], running[0])
        started.set()
        try:
            assert release.wait(timeout=30)
            return real_pdf(html=html)
        finally:
            with lock:
                running[0] -= 1

    monkeypatch.setattr(rendering, "letter_pdf", letter_pdf)
    answers = {}

    def campaigner(name):
        try:
            answers[name] = _ask(Client(), appeal, name=name)
        finally:
            connection.close()

    first = threading.Thread(target=campaigner, args=("First Campaigner",))
    first.start()
    assert started.wait(timeout=30)  # the first render holds the pool's only slot
    campaigner("Second Campaigner")  # while it renders
    release.set()
    first.join(timeout=60)

    assert answers["First Campaigner"].status_code == 200
    assert answers["Second Campaigner"].status_code == 429
    assert answers["Second Campaigner"].json()["reason"] == "queue"
    assert most[0] == 1
    assert list(Letter.objects.values_list("campaigner_name", "status")) == [
        ("First Campaigner", "ready")
    ]
    # Free again: the next campaigner gets a letter.
    assert _ask(Client(), appeal, name="Third Campaigner").status_code == 200


def test_render_slots_never_let_more_than_their_size_run_at_once():
    slots = RenderSlots(2)
    running, most, lock = [0], [0], threading.Lock()
    all_in = threading.Barrier(5, timeout=10)

    def render():
        all_in.wait()
        with slots.hold(timeout=10) as had:
            assert had
            with lock:
                running[0] += 1
                most[0] = max(most[0], running[0])
            threading.Event().wait(0.05)
            with lock:
                running[0] -= 1

    threads = [threading.Thread(target=render) for _ in range(5)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=20)
    assert most[0] == 2
    assert slots.free() == 2


# --- The public site --------------------------------------------------------------------------


def test_over_budget_the_take_action_page_offers_the_standard_letter_and_the_text(
    db, client, settings, django_capture_on_commit_callbacks
):
    settings.LETTER_THROTTLE = "1/minute"
    case = published_case()
    appeal = case.appeals.get()
    standard = _standard_letter(appeal)
    path = case_public_path(reference=case.reference) + "letters/"
    form = {"language": "en", "authority": str(_first_authority(appeal).pk), "city": "Ghent"}
    assert client.post(path, {**form, "name": "Jane Campaigner"}).status_code == 303
    count = Letter.objects.count()

    with django_capture_on_commit_callbacks() as callbacks:
        response = client.post(path, {**form, "name": "Joan Campaigner"})

    assert response.status_code == 429
    assert callbacks == []
    assert Letter.objects.count() == count
    assert 1 <= int(response["Retry-After"]) <= 61
    body = response.content.decode()
    offer = body.split('id="over-budget"')[1].split("</div>")[0]
    assert "You have asked for many new letters in a short time." in offer
    assert "Your own letter cannot be prepared right now: try again in a minute" in offer
    letter_page = case_public_path(reference=case.reference) + f"letters/{standard.pk}/"
    assert f'href="{letter_page}"' in offer
    assert "Get the standard letter (lines to sign by hand)" in offer
    assert "Joan Campaigner" in offer.split('id="over-budget-text"')[1]
    # The form keeps what the campaigner typed.
    assert 'value="Joan Campaigner"' in body


def test_over_budget_the_campaigner_is_told_in_their_language(
    db, client, settings, django_capture_on_commit_callbacks
):
    settings.LETTER_THROTTLE = "1/minute"
    case = published_case()
    appeal = case.appeals.get()
    AppealTextFactory(appeal=appeal, language="fr", is_original=False, title=TITLES["fr"])
    standard = letter_request(
        appeal=appeal, authority_id_or_all=_first_authority(appeal).pk, language="fr",
        enqueue=False,
    )  # fmt: skip
    letter_render_now(letter_id=standard.pk)
    path = case_public_path(reference=case.reference) + "letters/"
    form = {"language": "fr", "authority": str(_first_authority(appeal).pk), "city": "Gand"}
    french = {"HTTP_ACCEPT_LANGUAGE": "fr"}
    assert client.post(path, {**form, "name": "Jeanne Militante"}, **french).status_code == 303

    page = client.post(path, {**form, "name": "Juliette Militante"}, **french)
    api = client.post(
        _letters_url(appeal),
        {"authority": str(_first_authority(appeal).pk), "language": "fr", "name": "Jeanne"},
        content_type="application/json",
        **french,
    )

    assert page.status_code == 429
    offer = page.content.decode().split('id="over-budget"')[1].split("</div>")[0]
    assert "Vous avez demandé beaucoup de nouvelles lettres en peu de temps." in offer
    assert "Votre propre lettre ne peut pas être préparée pour l'instant" in offer.replace(
        "&#x27;", "'"
    )
    assert "Obtenir la lettre type (lignes à signer à la main)" in offer
    assert api.status_code == 429
    assert api.json()["detail"].startswith(
        "Vous avez demandé beaucoup de nouvelles lettres en peu de temps. Aucune nouvelle "
        "lettre ne peut être préparée pour l'instant"
    )


# --- Settings -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("variables", "error"),
    [
        ({"LETTER_RETENTION_DAYS": "0"}, "LETTER_RETENTION_DAYS must be a whole number of at "),
        ({"LETTER_RENDER_CONCURRENCY": "0"}, "LETTER_RENDER_CONCURRENCY must be a whole number"),
        ({"LETTER_QUEUE_MAX": "many"}, "LETTER_QUEUE_MAX='many' is not a whole number."),
        ({"LETTER_THROTTLE": "30 a minute"}, "LETTER_THROTTLE='30 a minute': write a rate such"),
    ],
)
def test_a_bad_letter_budget_variable_stops_the_start_naming_it(tmp_path, variables, error):
    assert settings_error(tmp_path, **variables).startswith(
        "django.core.exceptions.ImproperlyConfigured: " + error
    )


def test_letter_renders_go_to_the_letters_queue(settings):
    assert settings.CELERY_TASK_ROUTES == {"letters.tasks.letter_render": {"queue": "letters"}}
    # A router made now (the app's own is cached once made, whatever routes tests set since).
    route = app.amqp.Router().route({}, "letters.tasks.letter_render")
    assert route["queue"].name == "letters"


def test_the_per_client_limit_holds_across_a_windows_boundary(db, settings, monkeypatch):
    """Fixed windows alone would allow twice the limit around a boundary."""
    settings.LETTER_THROTTLE = "1/minute"
    clock = [6000.0 * 60 - 0.1]  # a tenth of a second before a minute's boundary
    monkeypatch.setattr(budget.time, "time", lambda: clock[0])
    stale = timezone.now()

    def take():
        try:
            budget.render_budget_take(
                appeal_id="a", client="192.0.2.1", personalised=False, stale_before=stale
            )
        except budget.LetterOverBudget as over:
            return over.retry_after
        return "taken"

    assert take() == "taken"
    clock[0] += 0.2  # the next window: the last one still counts almost whole
    assert take() == 60
    clock[0] += 59  # still within a minute of the first
    assert take() == 1
    clock[0] += 1  # a minute after the first
    assert take() == "taken"
