"""`manage.py load_demo`: load the fictional demo set, once (make run calls it on every start)."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management.base import BaseCommand, CommandError

from appeals_site.env import env_str
from demo.loader import demo_load, demo_superuser_ensure, demo_superuser_find


class Command(BaseCommand):
    help = (
        "Load the fictional demo data set: the cases of the sample appeals and a dozen invented "
        "ones, with their defenders, authorities, embassies and issued appeals. Idempotent: "
        "what is already there is skipped, never changed. Unless --no-user is given, also "
        "creates the superuser 'admin' when there is no superuser yet, with the password in "
        "DEMO_ADMIN_PASSWORD (or DEMO_ADMIN_PASSWORD_FILE), or else a random one printed once, "
        "and an authenticator app keyed with DEMO_ADMIN_TOTP_KEY (base32), or else a random key "
        "printed once."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--no-user",
            action="store_true",
            help="Create no superuser; the demo is loaded as an existing superuser.",
        )

    def handle(self, *args, no_user: bool, **options):
        superuser = None
        try:
            if no_user:
                acting_user = demo_superuser_find()
            else:
                superuser = demo_superuser_ensure(
                    password=env_str("DEMO_ADMIN_PASSWORD"),
                    totp_key=env_str("DEMO_ADMIN_TOTP_KEY"),
                )
                acting_user = superuser.user
            result = demo_load(acting_user=acting_user)
        except (ValidationError, PermissionDenied) as exc:
            raise CommandError(" ".join(getattr(exc, "messages", [str(exc)]))) from exc

        if superuser is not None and superuser.generated_totp_key:
            # Before the summary, whose last line the password stays on.
            self.stdout.write(
                f"Second factor of {superuser.user.get_username()} (shown once): add the key "
                f"{superuser.generated_totp_key} to an authenticator app (time-based), or "
                f"scan or open {superuser.totp_uri}; or read codes with `oathtool --totp -b "
                f"{superuser.generated_totp_key}`. Set DEMO_ADMIN_TOTP_KEY to choose the key."
            )
        summary = (
            f"Demo data: {result.cases} cases, {result.defenders} defenders, "
            f"{result.authorities} authorities, {result.embassies} embassies, "
            f"{result.appeals} appeals ({result.new} new)."
        )
        if superuser is None:
            summary += " No superuser created (--no-user)."
        elif not superuser.created:
            summary += f" Superuser {superuser.user.get_username()} already exists."
        elif superuser.generated_password:
            summary += (
                f" Superuser {superuser.user.get_username()} created with password "
                f"{superuser.generated_password} (shown once; set DEMO_ADMIN_PASSWORD to "
                "choose it)."
            )
        else:
            summary += (
                f" Superuser {superuser.user.get_username()} created with the password "
                "from DEMO_ADMIN_PASSWORD."
            )
        self.stdout.write(summary)
