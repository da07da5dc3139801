"""`manage.py demo_screenshots`: remake docs/images/workspace.png and letter.png from the demo.

Run after `make demo` (`make screenshots` does both). The workspace is shot in Debian's
Chromium (Playwright) at a 1366 x 768 window, logged in as the demo's superuser (a session that
passed the second factor, as the browser tests make theirs); the letter is the first page of the
KGZ 003 appeal's English letter to the Permanent Mission in Geneva, rendered by the letters app
and turned into PNG by pdftoppm (poppler-utils). Both are of the fictional demo data only.
"""

import os
import shutil
import subprocess
import tempfile
import threading
from pathlib import Path
from wsgiref.simple_server import WSGIRequestHandler, WSGIServer, make_server

from django.contrib.staticfiles.handlers import StaticFilesHandler
from django.core.handlers.wsgi import WSGIHandler
from django.core.management.base import BaseCommand, CommandError
from django.test import Client
from django_otp import DEVICE_ID_SESSION_KEY

from appeals_site.accounts.services import authenticator_confirmed, authenticator_create
from cases.models import Appeal
from demo.loader import demo_superuser_find
from letters.rendering import letter_html, letter_pdf

WINDOW = {"width": 1366, "height": 768}
# The demo's appeal whose letter goes to a body seated abroad ("Geneva", CH): the letter that
# shows the most of what issue 16 fixed (the seat's country, grouped faxes, dates).
LETTER_REFERENCE = "KGZ 003 / 0425 / OBS 041"
# The letter's first page 1366 px wide would be larger than the docs need: 100 dpi makes an
# A4 page 827 x 1169 px, legible in the README.
LETTER_DPI = 100
CHROMIUM = Path(os.environ.get("CHROMIUM", "/usr/bin/chromium"))
# As root Chromium needs --no-sandbox; the rest keep it from calling home.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


def _palette(path: Path) -> None:
    """Rewrite the PNG at `path` with a palette of 64 colours: a third of its size or less, and
    nothing visible lost for text on plain backgrounds."""
    from PIL import Image  # WeasyPrint's dependency

    with Image.open(path) as image:
        small = image.convert("RGB").quantize(colors=64)
    small.save(path, optimize=True)


class _QuietHandler(WSGIRequestHandler):
    def log_message(self, format, *args):  # noqa: A002 (the name wsgiref gives it)
        pass


class Command(BaseCommand):
    help = (
        "Remake the documentation's screenshots from the demo data (run load_demo first): the "
        "staff workspace at 1366 px (workspace.png) and the first page of the KGZ 003 letter "
        "to the mission in Geneva (letter.png)."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--out", default="docs/images", help="Where to write the PNG files (docs/images)."
        )

    def handle(self, *args, out: str, **options):
        out_dir = Path(out)
        out_dir.mkdir(parents=True, exist_ok=True)
        user = demo_superuser_find()
        if user is None:
            raise CommandError("No superuser: load the demo first (manage.py load_demo).")
        appeal = Appeal.objects.filter(reference=LETTER_REFERENCE).first()
        if appeal is None:
            raise CommandError(f"No appeal {LETTER_REFERENCE}: load the demo first.")
        self._workspace(user, out_dir / "workspace.png")
        self._letter(appeal, out_dir / "letter.png")

    def _workspace(self, user, path: Path) -> None:
        # A session as the two-step login leaves it (password, then the authenticator app).
        client = Client()
        client.force_login(user)
        device = authenticator_confirmed(user=user) or authenticator_create(user=user)
        session = client.session
        session[DEVICE_ID_SESSION_KEY] = device.persistent_id
        session.save()

        from playwright.sync_api import sync_playwright  # a development package

        # The site on a port the OS chooses, static files served as runserver serves them.
        server = make_server(
            "127.0.0.1", 0, StaticFilesHandler(WSGIHandler()), WSGIServer, _QuietHandler
        )
        url = f"http://127.0.0.1:{server.server_port}"
        thread = threading.Thread(target=server.serve_forever, daemon=True)
        thread.start()
        try:
            with sync_playwright() as playwright:
                browser = playwright.chromium.launch(
                    executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS
                )
                context = browser.new_context(viewport=WINDOW, locale="en-GB")
                context.add_cookies(
                    [
                        {"name": name, "value": morsel.value, "url": url}
                        for name, morsel in client.cookies.items()
                    ]
                )
                page = context.new_page()
                response = page.goto(f"{url}/admin/")
                if response is None or not response.ok or "/login" in page.url:
                    raise CommandError(f"The workspace did not open: {page.url}")
                page.wait_for_load_state("networkidle")
                page.screenshot(path=str(path))
                browser.close()
            _palette(path)
        finally:
            server.shutdown()
            server.server_close()
        self.stdout.write(f"{path}: the workspace at {WINDOW['width']} x {WINDOW['height']} px")

    def _letter(self, appeal: Appeal, path: Path) -> None:
        pdftoppm = shutil.which("pdftoppm")
        if pdftoppm is None:
            raise CommandError("pdftoppm is missing (apt-get install poppler-utils).")
        mission = appeal.authorities.filter(seat="Geneva").order_by("pk").first()
        pdf = letter_pdf(html=letter_html(appeal=appeal, authority=mission, language="en"))
        with tempfile.TemporaryDirectory() as tmp:
            source = Path(tmp) / "letter.pdf"
            source.write_bytes(pdf)
            subprocess.run(  # noqa: S603 - our own command line, no shell
                [
                    pdftoppm,
                    "-png",
                    "-r",
                    str(LETTER_DPI),
                    "-f",
                    "1",
                    "-l",
                    "1",
                    "-singlefile",
                    str(source),
                    str(path.with_suffix("")),
                ],
                check=True,
            )
        _palette(path)
        self.stdout.write(f"{path}: the first page of {appeal.reference}'s letter to {mission}")
