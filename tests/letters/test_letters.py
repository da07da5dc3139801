"""Letters: one render per request, keys that follow what shapes a letter, standard letters
made ahead on publishing, the campaigners' API, failures visible and retried, and the claim
that keeps two workers from rendering one letter."""

import datetime as dt
import threading

import pytest
from celery.exceptions import Retry
from django.core.management import CommandError, call_command
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from cases.models import Action, Case
from cases.services import appeal_issue, case_set_status
from letters import rendering
from letters import services as letter_services
from letters.context import Campaigner
from letters.models import Letter
from letters.services import (
    LetterRenderError,
    appeal_standard_letters_request,
    letter_render_now,
    letter_request,
)
from letters.tasks import letter_render
from tests.factories import (
    AppealAuthorityFactory,
    AppealTextFactory,
    AuthorityFactory,
    CaseFactory,
    issuable_appeal,
)

TODAY = dt.date(2025, 4, 14)


# The appeal's title in each interface language: letters are made in those it has a text in.
TITLES = {
    "fr": "Kirghizistan : détention arbitraire",
    "es": "Kirguistán: detención arbitraria",
    "ru": "Кыргызстан: произвольное задержание",
}


def _appeal(*, status=Case.Status.PUBLISHED, issued=True, authorities=2):
    """Return an appeal on a case in `status`, with its texts in the four interface languages
    and no letter made yet (the case gets its status last, without the service, so that no
    standard letter is made ahead)."""
    case = CaseFactory()
    appeal = issuable_appeal(case=case)
    for language, title in TITLES.items():
        AppealTextFactory(appeal=appeal, language=language, is_original=False, title=title)
    for position in range(authorities):
        AppealAuthorityFactory(
            appeal=appeal,
            position=position,
            authority=AuthorityFactory(person_name=f"Aibek Authority{position}"),
        )
    if issued:
        appeal = appeal_issue(appeal=appeal, acting_user=None, issue_date=TODAY)
    published_at = timezone.now() if status == Case.Status.PUBLISHED else None
    Case.objects.filter(pk=case.pk).update(status=status, published_at=published_at)
    appeal.case.refresh_from_db()
    return appeal


@pytest.fixture(autouse=True)
def _tasks_in_process():
    """Run tasks in-process, as in the embedded default, even where a broker is configured:
    these tests are about what a render does (tests/letters/test_letters_worker.py sends one to a
    real worker)."""
    from appeals_site.celery import app

    previous = app.conf.task_always_eager
    app.conf.task_always_eager = True
    yield
    app.conf.task_always_eager = previous


@pytest.fixture
def appeal(db):
    return _appeal()


def _first_authority(appeal):
    return appeal.appeal_authorities.order_by("position").first().authority


# --- One render per request, and keys -------------------------------------------------------


def test_the_same_request_twice_is_one_letter_rendered_once(
    appeal, django_capture_on_commit_callbacks
):
    ask = {
        "appeal": appeal,
        "authority_id_or_all": _first_authority(appeal).pk,
        "language": "en",
        "campaigner": Campaigner(name="Jane Campaigner"),
        "today": TODAY,
    }
    with django_capture_on_commit_callbacks(execute=True):
        first = letter_request(**ask)
    first.refresh_from_db()
    assert first.status == Letter.Status.READY
    assert first.pdf.read().startswith(b"%PDF")

    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        second = letter_request(**ask)
    second.refresh_from_db()

    assert second.pk == first.pk
    assert callbacks == []  # nothing enqueued
    assert Letter.objects.count() == 1
    assert second.attempts == 1
    assert second.rendered_at == first.rendered_at


def test_a_ready_letter_is_not_rendered_again_by_a_second_task(
    appeal, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        letter = letter_request(
            appeal=appeal, authority_id_or_all="all", language="fr", today=TODAY
        )
    letter.refresh_from_db()
    rendered_at = letter.rendered_at

    assert letter_render.delay(letter_id=str(letter.pk)).get() == "ready"
    letter.refresh_from_db()
    assert (letter.attempts, letter.rendered_at) == (1, rendered_at)


def _key(appeal, **changes):
    ask = {
        "appeal": appeal,
        "authority_id_or_all": "all",
        "language": "en",
        "campaigner": None,
        "today": TODAY,
        "enqueue": False,
    }
    return letter_request(**{**ask, **changes}).render_key


def test_a_change_to_the_appeals_text_gives_a_new_key(appeal):
    before = _key(appeal)
    Action.objects.filter(appeal=appeal).update(
        text="Release the defenders before the hearing on 22 April;"
    )
    assert _key(appeal) != before
    assert Letter.objects.count() == 2


def test_the_key_differs_per_language_authority_campaigner_and_date(appeal):
    first, second = [link.authority_id for link in appeal.appeal_authorities.order_by("position")]
    keys = {
        _key(appeal),
        _key(appeal, language="ru"),
        _key(appeal, authority_id_or_all=first),
        _key(appeal, authority_id_or_all=second),
        _key(appeal, campaigner=Campaigner(name="Jane Campaigner")),
        _key(appeal, campaigner=Campaigner(city="Lyon")),
        _key(appeal, campaigner=Campaigner(country="BE")),
        _key(appeal, today=TODAY + dt.timedelta(days=1)),
    }
    assert len(keys) == 8
    assert _key(appeal) == _key(appeal)


def test_the_key_includes_the_template_version(appeal, monkeypatch):
    before = _key(appeal)
    monkeypatch.setattr(rendering, "TEMPLATE_VERSION", rendering.TEMPLATE_VERSION + "-next")
    assert _key(appeal) != before


def test_a_letter_without_campaigner_fields_is_standard(appeal):
    standard = letter_request(appeal=appeal, authority_id_or_all="all", language="en")
    signed = letter_request(
        appeal=appeal,
        authority_id_or_all="all",
        language="en",
        campaigner=Campaigner(organisation="Lawyers for Lawyers"),
    )
    assert (standard.is_standard, signed.is_standard) == (True, False)


# --- Standard letters made ahead ------------------------------------------------------------


def test_publishing_a_case_makes_its_standard_letters_for_each_authority_and_language(
    db, reviewer, django_capture_on_commit_callbacks, settings
):
    settings.LETTERS_RENDER_AHEAD = True
    appeal = _appeal(status=Case.Status.IN_REVIEW)
    assert Letter.objects.count() == 0

    with django_capture_on_commit_callbacks(execute=True):
        case_set_status(case=appeal.case, status=Case.Status.PUBLISHED, acting_user=reviewer)

    letters = Letter.objects.all()
    pairs = {(letter.authority_id, letter.language) for letter in letters}
    authorities = {link.authority_id for link in appeal.appeal_authorities.all()}
    assert pairs == {(a, lang) for a in authorities for lang in ("en", "fr", "es", "ru")}
    assert len(letters) == 8
    assert {(letter.status, letter.is_standard) for letter in letters} == {
        (Letter.Status.READY, True)
    }


def test_issuing_an_appeal_on_a_published_case_makes_its_standard_letters(
    db, django_capture_on_commit_callbacks, settings
):
    settings.LETTERS_RENDER_AHEAD = True
    appeal = _appeal(issued=False, authorities=1)
    with django_capture_on_commit_callbacks(execute=True):
        appeal_issue(appeal=appeal, acting_user=None)
    assert sorted(Letter.objects.values_list("language", flat=True)) == ["en", "es", "fr", "ru"]
    assert set(Letter.objects.values_list("status", flat=True)) == {Letter.Status.READY}


def test_issuing_an_appeal_on_a_draft_case_makes_no_letter(db, django_capture_on_commit_callbacks):
    appeal = _appeal(status=Case.Status.DRAFT, issued=False)
    with django_capture_on_commit_callbacks(execute=True):
        appeal_issue(appeal=appeal, acting_user=None)
    assert Letter.objects.count() == 0


def test_without_workers_publishing_renders_nothing_ahead(
    db, reviewer, django_capture_on_commit_callbacks, settings
):
    settings.LETTERS_RENDER_AHEAD = False
    appeal = _appeal(status=Case.Status.IN_REVIEW)

    with django_capture_on_commit_callbacks(execute=True):
        case_set_status(case=appeal.case, status=Case.Status.PUBLISHED, acting_user=reviewer)

    assert not Letter.objects.exists()


def test_render_letters_renders_the_standard_letters_of_an_archived_spelling(appeal, capsys):
    spelling = appeal.reference.replace(" / ", "/").lower()
    call_command("render_letters", spelling)
    assert Letter.objects.filter(status=Letter.Status.READY, is_standard=True).count() == 8
    out = capsys.readouterr().out
    assert out.strip() == (
        f"{appeal.reference}: 8 standard letters, 8 rendered, 0 already ready, 0 failed."
    )

    call_command("render_letters", appeal.reference)
    assert "0 rendered, 8 already ready" in capsys.readouterr().out


def test_render_letters_refuses_an_unknown_reference(db):
    with pytest.raises(CommandError, match="No appeal has the reference 'XYZ 001 / 0125'"):
        call_command("render_letters", "XYZ 001 / 0125")


# --- The API --------------------------------------------------------------------------------


def _letters_url(appeal):
    return reverse("appeal-letters", args=[appeal.pk])


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_campaigner_gets_a_ready_letter_in_the_embedded_default(client):
    appeal = _appeal()
    authority = _first_authority(appeal)
    response = client.post(
        _letters_url(appeal),
        {
            "authority": str(authority.pk),
            "language": "ru",
            "name": "Jane Campaigner",
            "organisation": "Lawyers for Lawyers",
            "city": "Lyon",
            "country": "FR",
        },
        content_type="application/json",
    )

    assert response.status_code == 200, response.content
    body = response.json()
    letter = Letter.objects.get()
    assert body == {
        "id": str(letter.pk),
        "status": "ready",
        "status_url": f"http://testserver/api/v1/letters/{letter.pk}/",
        "pdf_url": f"http://testserver/api/v1/letters/{letter.pk}/pdf",
        "html_url": f"http://testserver/api/v1/letters/{letter.pk}/html",
    }
    assert (letter.campaigner_name, letter.campaigner_country, letter.is_standard) == (
        "Jane Campaigner",
        "FR",
        False,
    )
    assert client.get(body["status_url"]).json() == body

    pdf = client.get(body["pdf_url"])
    assert pdf.status_code == 200
    assert pdf["Content-Type"] == "application/pdf"
    slug = appeal.reference.lower().replace(" / ", "-").replace(" ", "-").replace(".", "")
    assert pdf["Content-Disposition"] == f'attachment; filename="letter-{slug}-ru.pdf"'
    assert b"".join(pdf.streaming_content).startswith(b"%PDF")

    html = client.get(body["html_url"])
    assert html.status_code == 200
    assert html["Content-Type"] == "text/html; charset=utf-8"
    assert html["Content-Security-Policy"] == (
        "default-src 'none'; style-src 'self' 'unsafe-inline'; img-src 'self'"
    )
    assert html["X-Content-Type-Options"] == "nosniff"
    assert html.content.decode() == letter.html
    assert "Jane Campaigner" in letter.html


def test_a_letter_request_answers_202_while_the_letter_is_pending(appeal, client):
    # Within the test's transaction nothing commits, so the render has not run yet.
    response = client.post(
        _letters_url(appeal),
        {"authority": "all", "language": "en"},
        content_type="application/json",
    )
    assert response.status_code == 202
    letter = Letter.objects.get()
    assert response.json() == {
        "id": str(letter.pk),
        "status": "pending",
        "status_url": f"http://testserver/api/v1/letters/{letter.pk}/",
    }
    assert response["Location"] == response.json()["status_url"]
    assert client.get(f"/api/v1/letters/{letter.pk}/pdf").status_code == 404


def test_the_letter_api_needs_no_csrf_token(appeal):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    response = client.post(
        _letters_url(appeal),
        {"authority": "all", "language": "en"},
        content_type="application/json",
    )
    assert response.status_code == 202


@pytest.mark.parametrize(
    ("status", "issued"),
    [
        (Case.Status.PUBLISHED, False),
        (Case.Status.DRAFT, True),
        (Case.Status.IN_REVIEW, True),
    ],
    ids=["draft-appeal", "draft-case", "case-in-review"],
)
def test_no_letter_of_an_appeal_campaigners_cannot_see(db, client, status, issued):
    appeal = _appeal(status=status, issued=issued)
    response = client.post(
        _letters_url(appeal),
        {"authority": "all", "language": "en"},
        content_type="application/json",
    )
    assert response.status_code == 404
    assert Letter.objects.count() == 0


def test_a_letter_of_a_case_taken_back_from_publication_is_gone(appeal, client, reviewer):
    letter = letter_request(appeal=appeal, authority_id_or_all="all", language="en")
    case_set_status(case=appeal.case, status=Case.Status.IN_REVIEW, acting_user=reviewer)
    assert client.get(f"/api/v1/letters/{letter.pk}/").status_code == 404


@pytest.mark.parametrize(
    ("payload", "field"),
    [
        ({"authority": "all", "language": "de"}, "language"),
        ({"authority": "all"}, "language"),
        ({"authority": "d3b07384-d9a0-4c9b-8f1e-3e5f5c1b2a11", "language": "en"}, "authority"),
        ({"authority": "the president", "language": "en"}, "authority"),
        ({"language": "en"}, "authority"),
        ({"authority": "all", "language": "en", "country": "XX"}, "country"),
        ({"authority": "all", "language": "en", "name": "x" * 201}, "name"),
    ],
)
def test_a_bad_letter_request_is_400_naming_the_field(appeal, client, payload, field):
    response = client.post(_letters_url(appeal), payload, content_type="application/json")
    assert response.status_code == 400, response.content
    assert list(response.json()["errors"]) == [field]
    assert Letter.objects.count() == 0


def test_letter_requests_are_throttled_per_client_address(appeal, client, settings):
    # New letters each time: a letter already made is served whatever the limit (below).
    settings.LETTER_THROTTLE = "2/minute"
    names = iter(f"Campaigner {n}" for n in range(10))

    def post(address):
        payload = {"authority": "all", "language": "en", "name": next(names)}
        return client.post(
            _letters_url(appeal), payload, content_type="application/json", REMOTE_ADDR=address
        ).status_code

    assert [post("192.0.2.1"), post("192.0.2.1"), post("192.0.2.1")] == [202, 202, 429]
    assert post("192.0.2.2") == 202


def test_letter_throttling_can_be_turned_off(appeal, client, settings):
    settings.LETTER_THROTTLE = "off"
    payload = {"authority": "all", "language": "en"}
    codes = {
        client.post(_letters_url(appeal), payload, content_type="application/json").status_code
        for _ in range(5)
    }
    assert codes == {202}


def test_an_unknown_letter_is_404(db, client):
    assert client.get("/api/v1/letters/d3b07384-d9a0-4c9b-8f1e-3e5f5c1b2a11/").status_code == 404


# --- Failures -------------------------------------------------------------------------------


def _failing_render(monkeypatch):
    calls = []

    def letter_pdf(*, html):
        calls.append(html)
        raise RuntimeError("WeasyPrint fell over")

    monkeypatch.setattr(rendering, "letter_pdf", letter_pdf)
    return calls


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_failed_render_is_stored_retried_and_shown_without_its_error(client, monkeypatch, caplog):
    appeal = _appeal()
    calls = _failing_render(monkeypatch)

    response = client.post(
        _letters_url(appeal),
        {"authority": "all", "language": "en"},
        content_type="application/json",
    )

    assert response.status_code == 202
    letter = Letter.objects.get()
    # In the embedded default a retry is not scheduled: asking again is the retry.
    assert len(calls) == letter.attempts == 1
    assert letter.status == Letter.Status.FAILED
    assert letter.error == "RuntimeError: WeasyPrint fell over"
    assert client.get(response.json()["status_url"]).json() == {
        "id": str(letter.pk),
        "status": "failed",
        "status_url": response.json()["status_url"],
        "error": "The letter could not be made. Please try again later.",
    }

    # Asking again once rendering works enqueues the failed letter again.
    monkeypatch.undo()
    again = client.post(
        _letters_url(appeal),
        {"authority": "all", "language": "en"},
        content_type="application/json",
    )
    assert again.status_code == 200
    assert again.json()["status"] == "ready"
    letter.refresh_from_db()
    assert (letter.attempts, letter.error) == (2, "")


def test_a_failed_render_task_asks_for_a_retry(appeal, monkeypatch):
    calls = _failing_render(monkeypatch)
    letter = letter_request(appeal=appeal, authority_id_or_all="all", language="es", enqueue=False)

    with pytest.raises(Retry) as retry:
        letter_render.apply(kwargs={"letter_id": str(letter.pk)}, throw=True)

    assert isinstance(retry.value.exc, LetterRenderError)
    assert calls
    letter.refresh_from_db()
    assert (letter.status, letter.error) == (
        Letter.Status.FAILED,
        "RuntimeError: WeasyPrint fell over",
    )


def test_the_render_task_retries_with_backoff_and_time_limits():
    assert letter_render.autoretry_for == (LetterRenderError,)
    assert letter_render.max_retries == 5
    assert (letter_render.retry_backoff, letter_render.retry_jitter) == (5, True)
    assert (letter_render.soft_time_limit, letter_render.time_limit) == (60, 90)
    assert letter_render.acks_late is True


def test_a_failed_render_raises_for_the_task_to_retry(appeal, monkeypatch):
    _failing_render(monkeypatch)
    letter = letter_request(appeal=appeal, authority_id_or_all="all", language="es", enqueue=False)
    with pytest.raises(LetterRenderError, match="RuntimeError: WeasyPrint fell over"):
        letter_render_now(letter_id=letter.pk)
    letter.refresh_from_db()
    assert (letter.status, letter.attempts) == (Letter.Status.FAILED, 1)


def test_staff_see_a_failed_render_with_its_error_and_render_it_again(
    appeal, admin_client_, monkeypatch, django_capture_on_commit_callbacks
):
    _failing_render(monkeypatch)
    letter = letter_request(appeal=appeal, authority_id_or_all="all", language="es", enqueue=False)
    with pytest.raises(LetterRenderError):
        letter_render_now(letter_id=letter.pk)

    page = admin_client_.get(reverse("admin:letters_letter_changelist") + "?status__exact=failed")
    assert page.status_code == 200
    assert "RuntimeError: WeasyPrint fell over" in page.content.decode()
    appeal_page = admin_client_.get(reverse("admin:cases_appeal_change", args=[appeal.pk]))
    assert "(1 failed)" in appeal_page.content.decode()

    monkeypatch.undo()
    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client_.post(
            reverse("admin:letters_letter_changelist"),
            {"action": "render_again", "_selected_action": [str(letter.pk)]},
        )
    assert response.status_code == 302
    letter.refresh_from_db()
    assert (letter.status, letter.attempts, letter.error) == (Letter.Status.READY, 2, "")


def test_the_letter_admin_lists_letters_of_an_appeal(appeal, admin_client_):
    appeal_standard_letters_request(appeal=appeal, enqueue=False)
    page = admin_client_.get(
        reverse("admin:letters_letter_changelist") + f"?appeal__id__exact={appeal.pk}"
    )
    assert page.status_code == 200
    assert page.context["cl"].result_count == 8


# --- The claim ------------------------------------------------------------------------------


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_two_concurrent_renders_of_one_letter_render_it_once(monkeypatch):
    appeal = _appeal(authorities=1)
    letter = letter_request(appeal=appeal, authority_id_or_all="all", language="en", enqueue=False)
    real_pdf = rendering.letter_pdf
    renders = []
    both_started = threading.Barrier(2, timeout=30)

    def letter_pdf(*, html):
        renders.append(threading.get_ident())
        return real_pdf(html=html)

    monkeypatch.setattr(rendering, "letter_pdf", letter_pdf)
    results, errors = [], []

    def worker():
        try:
            both_started.wait()
            results.append(letter_render_now(letter_id=letter.pk).status)
        except Exception as exc:  # noqa: BLE001
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=worker) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)

    assert errors == []
    assert len(renders) == 1
    letter.refresh_from_db()
    assert (letter.status, letter.attempts) == (Letter.Status.READY, 1)
    assert sorted(results) in (["ready", "rendering"], ["ready", "ready"])


def test_a_lost_render_can_be_claimed_again(appeal):
    letter = letter_request(appeal=appeal, authority_id_or_all="all", language="en", enqueue=False)
    long_ago = timezone.now() - letter_services.STALE_CLAIM - dt.timedelta(seconds=1)
    Letter.objects.filter(pk=letter.pk).update(
        status=Letter.Status.RENDERING, attempts=1, claimed_at=long_ago
    )
    assert letter_render_now(letter_id=letter.pk).status == Letter.Status.READY
    fresh = Letter.objects.get(pk=letter.pk)
    assert fresh.attempts == 2

    Letter.objects.filter(pk=letter.pk).update(
        status=Letter.Status.RENDERING, claimed_at=timezone.now()
    )
    assert letter_render_now(letter_id=letter.pk).status == Letter.Status.RENDERING
