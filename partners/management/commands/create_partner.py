"""`manage.py create_partner NAME [--email E]`: a partner and its first API key.

Only the key goes to stdout (so that `KEY=$(manage.py create_partner …)` works); the note
goes to stderr. The key is never stored or logged: only its hash is kept.
"""

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from partners.services import partner_create


class Command(BaseCommand):
    help = "Create a partner with an API key, and print the key (shown this once)."

    def add_arguments(self, parser):
        parser.add_argument("name")
        parser.add_argument("--email", default="", help="The partner's contact e-mail.")

    def handle(self, *args, name, email, **options):
        try:
            partner, raw = partner_create(name=name, contact_email=email)
        except ValidationError as exc:
            raise CommandError(_message(exc)) from exc
        self.stderr.write(f"Partner {partner.name} created. Its API key, shown this once:")
        self.stdout.write(raw)


def _message(exc: ValidationError) -> str:
    if hasattr(exc, "message_dict"):
        return " ".join(f"{field}: {' '.join(msgs)}" for field, msgs in exc.message_dict.items())
    return " ".join(exc.messages)
