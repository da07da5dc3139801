"""Retention: personalised letters are deleted with their PDFs after LETTER_RETENTION_DAYS,
standard ones only once a newer one replaces them; beat runs it hourly; the storage command
prints what is kept."""

import datetime as dt
import os

import pytest
from django.core.files.base import ContentFile
from django.core.management import call_command
from django.utils import timezone
from django_celery_beat.models import PeriodicTask

from appeals_site.celery import app
from letters import receivers
from letters.context import Campaigner
from letters.models import Letter, letter_pdf_path
from letters.retention import letters_expired_delete
from letters.services import letter_render_now, letter_request
from letters.tasks import letters_expire
from tests.letters.test_letters import TODAY, _appeal, _first_authority


@pytest.fixture(autouse=True)
def _tasks_in_process():
    previous = app.conf.task_always_eager
    app.conf.task_always_eager = True
    yield
    app.conf.task_always_eager = previous


@pytest.fixture
def appeal(db):
    return _appeal(authorities=1)


def _made(appeal, *, name="", today=TODAY, days_old=0):
    letter = letter_request(
        appeal=appeal,
        authority_id_or_all=_first_authority(appeal).pk,
        language="en",
        campaigner=Campaigner(name=name),
        today=today,
        enqueue=False,
    )
    letter = letter_render_now(letter_id=letter.pk)
    Letter.objects.filter(pk=letter.pk).update(
        created_at=timezone.now() - dt.timedelta(days=days_old)
    )
    return letter


def test_expired_personalised_letters_are_deleted_with_their_files(appeal, settings):
    settings.LETTER_RETENTION_DAYS = 7
    old = _made(appeal, name="Old Campaigner", days_old=8)
    recent = _made(appeal, name="Recent Campaigner", days_old=6)
    standard = _made(appeal, days_old=30)  # the only standard letter: its version still holds
    old_file = old.pdf.path
    assert os.path.exists(old_file)

    assert letters_expired_delete() == {"personalised": 1, "standard": 0, "files": 1}

    assert not os.path.exists(old_file)
    assert not Letter.objects.filter(pk=old.pk).exists()
    assert set(Letter.objects.values_list("pk", flat=True)) == {recent.pk, standard.pk}
    assert os.path.exists(recent.pdf.path) and os.path.exists(standard.pdf.path)
    assert letters_expired_delete() == {"personalised": 0, "standard": 0, "files": 0}


def test_a_standard_letter_goes_only_once_a_newer_one_replaces_it(appeal, settings):
    settings.LETTER_RETENTION_DAYS = 7
    replaced = _made(appeal, today=TODAY, days_old=9)
    newer = _made(appeal, today=TODAY + dt.timedelta(days=1), days_old=8)
    latest = _made(appeal, today=TODAY + dt.timedelta(days=2), days_old=2)
    files = {letter.pk: letter.pdf.path for letter in (replaced, newer, latest)}

    assert letters_expired_delete() == {"personalised": 0, "standard": 2, "files": 2}

    assert list(Letter.objects.values_list("pk", flat=True)) == [latest.pk]
    assert [os.path.exists(files[pk]) for pk in (replaced.pk, newer.pk, latest.pk)] == [
        False,
        False,
        True,
    ]


def test_the_hourly_task_deletes_expired_letters(appeal):
    old = _made(appeal, name="Old Campaigner", days_old=8)
    assert letters_expire.delay().get() == {"personalised": 1, "standard": 0, "files": 1}
    assert not Letter.objects.filter(pk=old.pk).exists()


def test_beat_starting_installs_the_hourly_deletion(db):
    receivers.beat_starting()
    receivers.beat_starting()
    task = PeriodicTask.objects.get(name="Delete expired letters")
    assert task.task == "letters.tasks.letters_expire"
    assert (task.interval.every, task.interval.period) == (3600, "seconds")
    assert task.enabled


def test_letters_storage_prints_count_and_bytes_by_kind_and_status(appeal, capsys):
    def letter(name, status, pdf: bytes | None):
        made = letter_request(
            appeal=appeal, authority_id_or_all="all", language="en",
            campaigner=Campaigner(name=name), enqueue=False,
        )  # fmt: skip
        stored = ""
        if pdf is not None:
            stored = made.pdf.storage.save(letter_pdf_path(made, ""), ContentFile(pdf))
        Letter.objects.filter(pk=made.pk).update(status=status, pdf=stored)
        return len(made.html.encode())

    html = {
        "s1": letter("", Letter.Status.READY, b"x" * 1000),
        "p1": letter("Ann", Letter.Status.READY, b"y" * 300),
        "p2": letter("Bob", Letter.Status.READY, b"z" * 200),
        "p3": letter("Cem", Letter.Status.PENDING, None),
    }
    call_command("letters_storage")
    out = capsys.readouterr().out.splitlines()

    rows = [line.split() for line in out]
    assert rows[0] == ["kind", "status", "letters", "pdf_bytes", "html_bytes", "total_bytes"]
    ready = html["p1"] + html["p2"]
    total_html = sum(html.values())
    assert rows[1:] == [
        ["standard", "ready", "1", "1000", str(html["s1"]), str(1000 + html["s1"])],
        ["personalised", "pending", "1", "0", str(html["p3"]), str(html["p3"])],
        ["personalised", "ready", "2", "500", str(ready), str(500 + ready)],
        ["all", "4", "1500", str(total_html), str(1500 + total_html)],
    ]


def test_a_file_another_letter_still_names_is_kept(appeal, settings):
    # A letter asked for again after its row expired has the same key, so the same file name.
    settings.LETTER_RETENTION_DAYS = 7
    old = _made(appeal, name="Old Campaigner", days_old=8)
    again = _made(appeal, name="Another Campaigner", days_old=1)
    Letter.objects.filter(pk=again.pk).update(pdf=old.pdf.name)

    assert letters_expired_delete() == {"personalised": 1, "standard": 0, "files": 0}

    assert not Letter.objects.filter(pk=old.pk).exists()
    assert os.path.exists(old.pdf.path)  # the kept letter's file
