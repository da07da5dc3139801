"""`manage.py create_api_key USERNAME [--name N]`: an API key for an active member of staff.

Only the key goes to stdout; the note goes to stderr. Only the key's hash is kept.
"""

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from partners.services import api_key_create


class Command(BaseCommand):
    help = "Create an API key for an active member of staff, and print it (shown this once)."

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument("--name", default="", help="What the key is for, e.g. a script.")

    def handle(self, *args, username, name, **options):
        user = get_user_model().objects.filter(username=username).first()
        if user is None:
            raise CommandError(f"No user is called {username}.")
        if not (user.is_active and user.is_staff):
            raise CommandError(f"{username} is not active staff: only active staff have API keys.")
        key, raw = api_key_create(user=user, name=name)
        self.stderr.write(f"API key {key.prefix}… created for {username}, shown this once:")
        self.stdout.write(raw)
