"""python manage.py render_letters REFERENCE: render all the standard letters of an appeal."""

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from cases.models import Appeal
from cases.references import reference_key
from letters.models import Letter
from letters.services import (
    LetterRenderError,
    appeal_standard_letters_request,
    letter_appeal_check,
    letter_render_now,
)


class Command(BaseCommand):
    help = (
        "Render the standard letters (every addressed authority, every language) of the appeal "
        "with this reference, in any archived spelling, here and now."
    )

    def add_arguments(self, parser):
        parser.add_argument("reference", help='e.g. "KGZ 003 / 0425 / OBS 041.1"')

    def handle(self, *args, reference: str, **options):
        appeal = (
            Appeal.objects.select_related("case")
            .filter(reference_key=reference_key(reference))
            .first()
        )
        if appeal is None:
            raise CommandError(f"No appeal has the reference {reference!r}.")
        try:
            letter_appeal_check(appeal=appeal)
        except ValidationError as exc:
            raise CommandError(f"{appeal.reference}: {' '.join(exc.messages)}") from exc
        # Not enqueued: this command renders them itself, so the bar shows real progress.
        letters = appeal_standard_letters_request(appeal=appeal, enqueue=False)
        rendered = ready = failed = 0
        for letter in tqdm(letters, desc=appeal.reference, unit="letter", disable=None):
            if letter.status == Letter.Status.READY:
                ready += 1
                continue
            try:
                letter = letter_render_now(letter_id=letter.pk)
            except LetterRenderError:
                failed += 1
                continue
            if letter.status == Letter.Status.READY:
                rendered += 1
        self.stdout.write(
            f"{appeal.reference}: {len(letters)} standard letters, {rendered} rendered, "
            f"{ready} already ready, {failed} failed."
        )
        if failed:
            raise CommandError(f"{failed} letters failed: see the admin for their errors.")
