"""Requesting and rendering appeal letters.

A request is cheap: it builds the letter's HTML (a template render), hashes it into the
`render_key`, and returns the letter already made for that key, or records a pending one and
enqueues its render after commit. A request made before is cheaper still: its request key
(letter_request_key, from the versions of what the letter shows) names its letter in the
cache, found before any HTML is built (letter_request_repeat). The render (WeasyPrint,
slow) runs in a worker, outside any transaction, on a row claimed by a conditional UPDATE so
that two workers never render one letter.
"""

import datetime as dt
import hashlib
import logging
import time

from celery import current_app
from celery.exceptions import Retry
from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django_countries import countries

from appeals_site.beat import periodic_task_install
from appeals_site.broker import task_send
from cases.dates import local_today
from cases.models import Appeal, AppealAuthority, AppealText, case_is_public
from letters.budget import LetterOverBudget, render_budget_take
from letters.context import Campaigner
from letters.models import Letter, letter_pdf_path
from letters.pool import render_slots
from letters.selectors import (
    LETTER_LANGUAGES,
    appeal_letter_languages,
    letter_request_stamps,
    letter_state,
)
from letters.text import letter_text

logger = logging.getLogger(__name__)

RENDER_TASK = "letters.tasks.letter_render"
SWEEP_TASK = "letters.tasks.letters_unsent_enqueue"
SWEEP_TASK_NAME = "Send renders the broker missed"
# A pending letter never sent to the workers for this long was not sent by its request (the
# broker was down): long enough for a request to commit and publish.
UNSENT_GRACE = dt.timedelta(seconds=5)
DEFAULT_SWEEP_INTERVAL_SECONDS = 60

ALL_AUTHORITIES = "all"
# A render claimed longer ago than this was lost (its worker was killed past the hard time
# limit, or died): it may be claimed again. Longer than the task's time_limit.
STALE_CLAIM = dt.timedelta(minutes=3)
# What a campaigner sees of a failed render; the real error is for staff, in the admin.
PUBLIC_ERROR = "The letter could not be made. Please try again later."
# Bound on the error text kept on the row.
ERROR_MAX_CHARS = 2000


class LetterRenderError(Exception):
    """The render failed; the letter is marked failed with the error, and may be retried."""


def _rendering():
    # Imported when used: the rendering core (WeasyPrint) is heavy, and the web process only
    # needs it to build HTML.
    from letters import rendering

    return rendering


def letter_render_key(*, html: str, template_version: str) -> str:
    """Return the key of a letter: the SHA-256 of the template version and the HTML, which
    holds everything that shapes the letter (appeal, authority, language, campaigner, date)."""
    digest = hashlib.sha256()
    digest.update(template_version.encode())
    digest.update(b"\0")
    digest.update(html.encode())
    return digest.hexdigest()


def _campaigner_clean(campaigner: Campaigner | None) -> Campaigner:
    if campaigner is None:
        return Campaigner()
    cleaned = Campaigner(
        name=(campaigner.name or "").strip(),
        organisation=(campaigner.organisation or "").strip(),
        city=(campaigner.city or "").strip(),
        country=(campaigner.country or "").strip().upper(),
    )
    errors = {}
    for field in ("name", "organisation", "city"):
        if len(getattr(cleaned, field)) > 200:
            errors[field] = _("At most 200 characters.")
    if cleaned.country and cleaned.country not in countries:
        errors["country"] = _("%(code)s is not an ISO 3166-1 country code such as BE.") % {
            "code": cleaned.country
        }
    if errors:
        raise ValidationError(errors)
    return cleaned


def letter_appeal_check(*, appeal: Appeal) -> None:
    """Raise ValidationError unless campaigners may have letters of the appeal: it is issued,
    and its case is public."""

    case = appeal.case
    if not appeal.is_issued or not case_is_public(
        status=case.status, published_at=case.published_at
    ):
        raise ValidationError(
            {"appeal": _("Letters are made for issued appeals of published cases only.")}
        )


def _authority_resolve(*, appeal: Appeal, authority_id_or_all) -> AppealAuthority | None:
    links = list(appeal.appeal_authorities.select_related("authority"))
    if not links:
        raise ValidationError({"authority": _("This appeal is addressed to no authority.")})
    if str(authority_id_or_all).strip().lower() == ALL_AUTHORITIES:
        return None
    for link in links:
        if str(link.authority_id) == str(authority_id_or_all).strip().lower():
            return link
    raise ValidationError(
        {"authority": _('Give the id of one of the appeal\'s authorities, or "all".')}
    )


def _publish(letter_id) -> bool:
    """Send the letter's render to the workers and note when; return False, leaving the letter
    as it is, when the broker does not take it (it is down: the sweep sends it again)."""
    if not task_send(
        RENDER_TASK,
        letter_id=str(letter_id),
        then="the letter stays pending and is sent again when the broker is back.",
    ):
        return False
    Letter.objects.filter(pk=letter_id).update(enqueued_at=timezone.now())
    return True


def letter_waits_for_workers(letter: Letter) -> bool:
    """Return whether the letter's render has not reached the workers: the broker did not
    take it (it was down), and the sweep will send it again."""
    return not current_app.conf.task_always_eager and letter.enqueued_at is None


def _enqueue(letter_id) -> None:
    task = current_app.tasks[RENDER_TASK]
    try:
        if not current_app.conf.task_always_eager:
            _publish(letter_id)
            return
        # In-process: within this process's bounded pool (letters.pool), never on every
        # request thread at once.
        with render_slots().hold() as had:
            if not had:
                logger.warning("Letter %s: no render slot came free; left pending.", letter_id)
                return
            task.delay(letter_id=str(letter_id))
    except Retry:
        # Only in the embedded default (tasks run in-process): a retry is not scheduled
        # there. The letter stays failed, with its error; asking for it again renders it again.
        logger.info("Letter %s: render failed in-process; not retried.", letter_id)


def _enqueue_after_commit(letter_id) -> None:
    # After commit: a worker must find the row. Robust: a broker that is down, or a render
    # that fails in the embedded default, must not undo or break the request; the letter
    # stays pending or failed, and asking again enqueues it again.
    transaction.on_commit(lambda: _enqueue(letter_id), robust=True)


def _needs_enqueue(letter: Letter, now: dt.datetime) -> bool:
    """Return whether an existing letter should be enqueued again: it failed, or its render
    was lost (pending or claimed for longer than a render can take)."""
    if letter.status == Letter.Status.FAILED:
        return True
    since = letter.claimed_at or letter.created_at
    return letter.status in {Letter.Status.PENDING, Letter.Status.RENDERING} and (
        since < now - STALE_CLAIM
    )


# How long a request key names its letter (the date is part of the key: a day at most serves).
REQUEST_KEY_SECONDS = 24 * 3600


def letter_request_key(
    *,
    stamps: str,
    authority_id_or_all,
    language: str,
    campaigner: Campaigner,
    today: dt.date,
) -> str:
    """Return the cache key of a letter request: the versions of what the letter shows
    (letters.selectors.letter_request_stamps), the addressee, the language, the campaigner's
    fields, the letter's date and the template version. Two requests with one key build the
    same HTML, so the second needs no HTML to find its letter."""
    digest = hashlib.sha256()
    for part in (
        stamps,
        str(authority_id_or_all).strip().lower(),
        language,
        campaigner.name,
        campaigner.organisation,
        campaigner.city,
        campaigner.country,
        today.isoformat(),
        _rendering_version(),
    ):
        digest.update(part.encode())
        digest.update(b"\0")
    return f"letters:request:{digest.hexdigest()}"


def _rendering_version() -> str:
    # letters.rendering.TEMPLATE_VERSION without importing WeasyPrint into the request path.
    from letters.rendering import TEMPLATE_VERSION

    return TEMPLATE_VERSION


def letter_request_repeat(
    *,
    appeal_id,
    authority_id_or_all,
    language: str,
    campaigner: Campaigner | None = None,
    today: dt.date | None = None,
) -> Letter | None:
    """Return the letter of a request made before with the same key (letter_request_key),
    without building its HTML: two queries (the stamps, the letter). None when the request is
    new, the appeal or anything the letter shows changed since, the letter must be rendered
    again (failed, or its render lost), or the input is invalid: letter_request then does the
    whole work, and its checks, as for any request."""
    try:
        cleaned = _campaigner_clean(campaigner)
    except ValidationError:
        return None
    found = letter_request_stamps(appeal_id=appeal_id)
    if found is None:
        return None
    stamps, time_zone = found
    key = letter_request_key(
        stamps=stamps,
        authority_id_or_all=authority_id_or_all,
        language=language,
        campaigner=cleaned,
        today=today or local_today(time_zone),
    )
    letter_id = cache.get(key)
    if letter_id is None:
        return None
    letter = letter_state(letter_id)
    if (
        letter is None
        or str(letter.appeal_id) != str(appeal_id)
        or _needs_enqueue(letter, timezone.now())
    ):
        return None
    return letter


def _request_keys(
    *, appeal: Appeal, authority_id_or_all, language: str, campaigner: Campaigner, today
) -> tuple[str | None, str | None, dt.date | None]:
    """Return the request's key (letter_request_key), the key of its letter's context but for
    who signs (letters.rendering.letter_html's context_key: the same for every campaigner),
    and the letter's day; both keys None when there is no such appeal."""
    found = letter_request_stamps(appeal_id=appeal.pk)
    if found is None:
        return None, None, today
    stamps, time_zone = found
    today = today or local_today(time_zone)

    def key(signer: Campaigner) -> str:
        return letter_request_key(
            stamps=stamps,
            authority_id_or_all=authority_id_or_all,
            language=language,
            campaigner=signer,
            today=today,
        )

    return key(campaigner), "context:" + key(Campaigner()), today


def _request_key_remember(key: str | None, letter: Letter) -> Letter:
    if key is not None:
        # At once, not on commit: a key naming a letter that a rollback took back is harmless,
        # as letter_request_repeat reads the letter itself and finds none.
        cache.set(key, str(letter.pk), REQUEST_KEY_SECONDS)
    return letter


def letter_ask(
    *,
    appeal_id,
    authority_id_or_all,
    language: str,
    campaigner: Campaigner | None,
    client: str | None,
    appeal: Appeal | None = None,
) -> Letter:
    """Return the letter a campaigner asks for: a repeat of an earlier request found by its
    key without building any HTML (letter_request_repeat), else letter_request's answer, read
    back after its commit (in-process, the render ran then). The appeal is loaded only for a
    new request, unless given. Raise what letter_request raises (ValidationError,
    LetterOverBudget)."""
    letter = letter_request_repeat(
        appeal_id=appeal_id,
        authority_id_or_all=authority_id_or_all,
        language=language,
        campaigner=campaigner,
    )
    if letter is not None:
        return letter
    letter = letter_request(
        appeal=appeal or Appeal.objects.select_related("case").get(pk=appeal_id),
        authority_id_or_all=authority_id_or_all,
        language=language,
        campaigner=campaigner,
        client=client,
    )
    letter.refresh_from_db()
    return letter


def letter_request(
    *,
    appeal: Appeal,
    authority_id_or_all,
    language: str,
    campaigner: Campaigner | None = None,
    today: dt.date | None = None,
    enqueue: bool = True,
    client: str | None = None,
) -> Letter:
    """Return the letter for this request: the one already made for the same key, or a new
    pending one whose render is enqueued after commit (unless `enqueue` is false: the caller
    renders it). Raise ValidationError naming the field at fault.

    A campaigner's request names its `client` (appeals_site.client_address): a letter to
    render (new, or failed) is then taken from the budget for renders, and LetterOverBudget
    is raised, with nothing recorded, when none is left. A letter already made is served
    whatever the budget."""
    letter_appeal_check(appeal=appeal)
    if language not in LETTER_LANGUAGES:
        raise ValidationError(
            {"language": _("Choose one of %(codes)s.") % {"codes": ", ".join(LETTER_LANGUAGES)}}
        )
    offered = appeal_letter_languages(appeal=appeal)
    if language not in offered:
        if AppealText.objects.filter(appeal=appeal, language=language).exists():
            # Written in that language, but some of the letter has no version in it, and
            # staff chose not to offer a letter partly in English.
            message = _(
                "This appeal's letter in %(language)s is not offered: parts of it are not "
                "translated. Its letters are in %(codes)s."
            )
        else:
            message = _("This appeal has no text in %(language)s: its letters are in %(codes)s.")
        raise ValidationError(
            {
                "language": message
                % {"language": language, "codes": ", ".join(offered) or _("no language")}
            }
        )
    link = _authority_resolve(appeal=appeal, authority_id_or_all=authority_id_or_all)
    campaigner = _campaigner_clean(campaigner)
    # Read before the HTML is built: a change committed meanwhile gives the next request
    # another key, never this key a letter built from newer data than it names.
    # The day too: the letter is dated on the day its keys name, even across midnight.
    request_key, context_key, today = _request_keys(
        appeal=appeal,
        authority_id_or_all=authority_id_or_all,
        language=language,
        campaigner=campaigner,
        today=today,
    )
    rendering = _rendering()
    html = rendering.letter_html(
        appeal=appeal,
        authority=link.authority if link else None,
        language=language,
        campaigner=campaigner or None,
        today=today,
        context_key=context_key,
    )
    key = letter_render_key(html=html, template_version=rendering.TEMPLATE_VERSION)

    if client is not None and enqueue:
        now = timezone.now()
        made = Letter.objects.filter(render_key=key).first()
        if made is None or _needs_enqueue(made, now):
            try:
                render_budget_take(
                    appeal_id=appeal.pk,
                    client=client,
                    personalised=bool(campaigner),
                    stale_before=now - STALE_CLAIM,
                )
            except LetterOverBudget as over:
                over.text = letter_text(html)
                if campaigner:
                    over.standard = _standard_letter_find(
                        appeal=appeal,
                        link=link,
                        language=language,
                        today=today,
                        context_key=context_key,
                    )
                raise

    with transaction.atomic():
        letter = Letter.objects.filter(render_key=key).first()
        if letter is None:
            letter = Letter(
                appeal=appeal,
                authority=link.authority if link else None,
                language=language,
                campaigner_name=campaigner.name,
                campaigner_organisation=campaigner.organisation,
                campaigner_city=campaigner.city,
                campaigner_country=campaigner.country,
                is_standard=not campaigner,
                render_key=key,
                template_version=rendering.TEMPLATE_VERSION,
                html=html,
            )
            letter.full_clean(exclude=["render_key"])
            try:
                # A savepoint: two identical requests at the same moment both miss the
                # lookup above; the unique key lets one insert, the other reads its row.
                with transaction.atomic():
                    letter.save(force_insert=True)
            except IntegrityError:
                letter = Letter.objects.get(render_key=key)
            else:
                if enqueue:
                    _enqueue_after_commit(letter.pk)
                return _request_key_remember(request_key, letter)
        if enqueue and _needs_enqueue(letter, timezone.now()):
            _enqueue_after_commit(letter.pk)
    return _request_key_remember(request_key, letter)


def _standard_letter_find(
    *,
    appeal: Appeal,
    link: AppealAuthority | None,
    language: str,
    today: dt.date | None,
    context_key: str | None,
) -> Letter | None:
    """Return the standard letter (no campaigner fields) of the same appeal, authority,
    language and day if it is made or being made; never start one."""
    rendering = _rendering()
    html = rendering.letter_html(
        appeal=appeal,
        authority=link.authority if link else None,
        language=language,
        campaigner=None,
        today=today,
        context_key=context_key,
    )
    key = letter_render_key(html=html, template_version=rendering.TEMPLATE_VERSION)
    return Letter.objects.filter(render_key=key).exclude(status=Letter.Status.FAILED).first()


def _claim(*, letter_id, now: dt.datetime) -> int | None:
    """Claim the letter for rendering; return the attempt number claimed, or None when it is
    not ours to render (ready, or being rendered elsewhere).

    One conditional UPDATE: of two workers given the same letter (a redelivered message, a
    second request, the admin's "Render again"), exactly one sees its row count be 1. A
    claim older than STALE_CLAIM belongs to a render that was lost and may be taken over.
    """
    claimable = Q(status__in=[Letter.Status.PENDING, Letter.Status.FAILED]) | Q(
        status=Letter.Status.RENDERING, claimed_at__lt=now - STALE_CLAIM
    )
    claimed = Letter.objects.filter(claimable, pk=letter_id).update(
        status=Letter.Status.RENDERING, attempts=F("attempts") + 1, claimed_at=now
    )
    if not claimed:
        return None
    return Letter.objects.values_list("attempts", flat=True).get(pk=letter_id)


def letter_render_now(*, letter_id) -> Letter:
    """Render the letter's PDF if it is not ready and nobody else is rendering it; return it.

    The render and the storage write happen outside any transaction. On failure the letter is
    marked failed with the error, and LetterRenderError is raised so the task can retry.
    """
    now = timezone.now()
    attempt = _claim(letter_id=letter_id, now=now)
    letter = Letter.objects.select_related("appeal").get(pk=letter_id)
    if attempt is None:
        return letter
    started = time.perf_counter()
    try:
        pdf = _rendering().letter_pdf(html=letter.html)
        name = letter_pdf_path(letter, "")
        storage = letter.pdf.storage
        # A render that was lost after storing its file left it behind: same key, same
        # content, so it is replaced rather than stored under a second name.
        if storage.exists(name):
            storage.delete(name)
        stored_name = storage.save(name, ContentFile(pdf))
    except Exception as exc:
        error = f"{type(exc).__name__}: {exc}"[:ERROR_MAX_CHARS]
        logger.warning("Letter %s: render attempt %s failed: %s", letter_id, attempt, error)
        Letter.objects.filter(
            pk=letter_id, status=Letter.Status.RENDERING, attempts=attempt
        ).update(status=Letter.Status.FAILED, error=error)
        raise LetterRenderError(error) from exc
    render_ms = round((time.perf_counter() - started) * 1000)
    # Only the claim we hold is closed: a render taken over as stale leaves the row to the
    # one that took it.
    Letter.objects.filter(pk=letter_id, status=Letter.Status.RENDERING, attempts=attempt).update(
        status=Letter.Status.READY,
        pdf=stored_name,
        error="",
        render_ms=render_ms,
        rendered_at=timezone.now(),
    )
    letter.refresh_from_db()
    return letter


@transaction.atomic
def letter_render_again(*, letter: Letter) -> Letter:
    """Put the letter back to pending and enqueue its render after commit (staff's "Render
    again"); return it."""
    Letter.objects.filter(pk=letter.pk).update(status=Letter.Status.PENDING, claimed_at=None)
    _enqueue_after_commit(letter.pk)
    letter.refresh_from_db()
    return letter


def appeal_standard_letters_request(
    *, appeal: Appeal, enqueue: bool = True, today: dt.date | None = None
) -> list[Letter]:
    """Request the appeal's standard letters (no campaigner fields): one per addressed
    authority and language it is offered in (appeal_letter_languages); return them. An
    appeal campaigners cannot see yet (a draft, or a case not published) has none: return
    an empty list."""
    try:
        letter_appeal_check(appeal=appeal)
    except ValidationError:
        return []
    letters = []
    authority_ids = list(appeal.appeal_authorities.values_list("authority_id", flat=True))
    languages = appeal_letter_languages(appeal=appeal)
    for authority_id in authority_ids:
        for language in languages:
            letters.append(
                letter_request(
                    appeal=appeal,
                    authority_id_or_all=authority_id,
                    language=language,
                    enqueue=enqueue,
                    today=today,
                )
            )
    return letters


def _standard_letters_for(*, appeal_ids: list) -> None:
    for appeal in Appeal.objects.filter(pk__in=appeal_ids).select_related("case"):
        appeal_standard_letters_request(appeal=appeal)


def standard_letters_request_after_commit(*, case_id=None, appeal_id=None) -> None:
    """After commit, request the standard letters of the appeal, or of the case's latest issued
    appeal (the one campaigners act on; earlier ones are made when asked for). Called by
    cases.services when a case is published and when an appeal is issued.

    Only with workers (settings.LETTERS_RENDER_AHEAD): where tasks run in-process, rendering
    every authority × language ahead would hold up the staff member's request for a minute,
    and a campaigner's first request renders the letter anyway."""
    if not settings.LETTERS_RENDER_AHEAD:
        return

    def request() -> None:
        if appeal_id is not None:
            ids = [appeal_id]
        else:
            latest = (
                Appeal.objects.issued()
                .by_organisation()
                .filter(case_id=case_id)
                .order_by("-sequence")
                .values_list("pk", flat=True)
                .first()
            )
            ids = [latest] if latest else []
        _standard_letters_for(appeal_ids=ids)

    # Robust: making letters must never undo or break publishing or issuing.
    transaction.on_commit(request, robust=True)


def letters_unsent_enqueue(*, now: dt.datetime | None = None, limit: int = 500) -> int:
    """Send again the renders whose message never reached the workers or was lost; return how
    many were sent (beat, every LETTER_SWEEP_INTERVAL_SECONDS).

    A letter is a row before it is a message: a request (or publishing, issuing) records it
    pending and then publishes its render. A broker that was down leaves it pending and never
    sent; one that restarted empty, or a worker killed past its time limit, leaves it sent or
    claimed long ago. Sending one twice is harmless (the render is claimed by a conditional
    UPDATE), so the sweep errs on sending. It stops at the first send the broker refuses.
    """
    if current_app.conf.task_always_eager:
        return 0  # without a broker, renders run in the requests that ask for them
    now = now or timezone.now()
    lost = (
        Letter.objects.filter(
            Q(
                status=Letter.Status.PENDING,
                enqueued_at__isnull=True,
                created_at__lt=now - UNSENT_GRACE,
            )
            | Q(status=Letter.Status.PENDING, enqueued_at__lt=now - STALE_CLAIM)
            | Q(status=Letter.Status.RENDERING, claimed_at__lt=now - STALE_CLAIM)
        )
        .order_by("created_at")
        .values_list("pk", flat=True)[:limit]
    )
    sent = 0
    for letter_id in lost:
        if not _publish(letter_id):
            break
        sent += 1
    return sent


def letter_sweep_schedule_install(*, interval_seconds: int | None = None) -> None:
    """Make sure beat runs the sweep (letters_unsent_enqueue): every 60 seconds unless the
    environment's LETTER_SWEEP_INTERVAL_SECONDS sets it at each start of beat; otherwise the
    interval edited in the admin stays."""
    periodic_task_install(
        name=SWEEP_TASK_NAME,
        task=SWEEP_TASK,
        default_seconds=DEFAULT_SWEEP_INTERVAL_SECONDS,
        interval_seconds=interval_seconds,
    )
