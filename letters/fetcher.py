"""The only resources WeasyPrint may load while it renders a letter.

A letter is built from case text that staff type and partners may have supplied, so its HTML
is treated as hostile even though the template escapes everything: WeasyPrint must never make
a request (server-side request forgery against the internal network) or read a file outside
the project's own static files (say /etc/passwd or the settings), whatever the HTML, the CSS
(`@import`, `url()`), a redirect or an attachment asks for. WeasyPrint before 70 let
stylesheets, redirects and attachments bypass a custom fetcher (CVE-2025-68616,
CVE-2026-55073), hence `weasyprint>=70` in requirements.txt.

Fonts come from the system through fontconfig, not through this fetcher.
"""

import base64
import binascii
import mimetypes
import urllib.parse
import urllib.request
from collections.abc import Iterable
from pathlib import Path
from typing import NoReturn

from django.conf import settings
from weasyprint.urls import URLFetcher, URLFetcherResponse

# An inline image or font larger than this is refused: a letter has no use for one, and a
# huge data: URL is a way to make a render eat memory.
MAX_DATA_URL_BYTES = 64 * 1024
# A static file larger than this is refused (a font is ~1 MB; anything bigger is a mistake).
MAX_STATIC_FILE_BYTES = 4 * 1024 * 1024

LETTERS_STATIC_DIR = Path(__file__).resolve().parent.parent / "static" / "letters"


class FetchRefused(ValueError):
    """A resource the letter may not load. WeasyPrint catches it, logs it and skips the
    resource (an image is left out, a stylesheet ignored): the letter still renders."""


def static_roots() -> list[Path]:
    """Return the directories the fetcher may read from: the project's static folders."""
    roots: list[Path] = [LETTERS_STATIC_DIR]
    roots += [Path(d if isinstance(d, str | Path) else d[1]) for d in settings.STATICFILES_DIRS]
    if settings.STATIC_ROOT:
        roots.append(Path(settings.STATIC_ROOT))
    return [r.resolve() for r in roots]


class LetterURLFetcher(URLFetcher):
    """Serves `file:` URLs inside the static roots and small `data:` URLs; refuses the rest.

    `fetch` never calls the parent's, so none of urllib's handlers (HTTP, FTP, redirects,
    proxies) is ever reached. Every refusal is recorded in `refused` (for tests and logs).
    """

    def __init__(self, roots: Iterable[Path] | None = None, **kwargs) -> None:
        # The parent's options as a second line of defence, should a future WeasyPrint call
        # them directly: no redirects, and only the two schemes fetch() serves.
        super().__init__(
            allowed_protocols=("file", "data"),
            allow_redirects=False,
            fail_on_errors=False,
            timeout=1,
            **kwargs,
        )
        self.roots = [Path(r).resolve() for r in (roots if roots is not None else static_roots())]
        self.refused: list[str] = []
        self.served: list[str] = []

    def fetch(self, url: str, headers=None) -> URLFetcherResponse:
        scheme = url.split(":", 1)[0].lower() if ":" in url else ""
        if scheme == "data":
            response = self._data(url)
        elif scheme == "file":
            response = self._file(url)
        else:
            self._refuse(url, "only the project's static files may be loaded")
        self.served.append(url[:100])
        return response

    def _refuse(self, url: str, why: str) -> NoReturn:
        self.refused.append(url)
        raise FetchRefused(f"Refused to load {url[:100]!r}: {why}.")

    def _data(self, url: str) -> URLFetcherResponse:
        # data:[<mediatype>][;base64],<data>
        header, sep, payload = url[5:].partition(",")
        if not sep:
            self._refuse(url, "malformed data: URL")
        # Bound the encoded length before decoding anything.
        if len(payload) > MAX_DATA_URL_BYTES * 4 // 3 + 4:
            self._refuse(url, f"data: URL larger than {MAX_DATA_URL_BYTES} bytes")
        parts = header.split(";")
        media_type = parts[0] or "text/plain"
        try:
            if "base64" in parts[1:]:
                body = base64.b64decode(urllib.parse.unquote_to_bytes(payload), validate=False)
            else:
                body = urllib.parse.unquote_to_bytes(payload)
        except (binascii.Error, ValueError):
            self._refuse(url, "malformed data: URL")
        if len(body) > MAX_DATA_URL_BYTES:
            self._refuse(url, f"data: URL larger than {MAX_DATA_URL_BYTES} bytes")
        return URLFetcherResponse(url, body, {"Content-Type": media_type})

    def _file(self, url: str) -> URLFetcherResponse:
        parsed = urllib.parse.urlsplit(url)
        if parsed.netloc not in ("", "localhost"):
            self._refuse(url, "a file on another host")
        # resolve() follows symbolic links and "..", so a link out of static is caught too.
        path = Path(urllib.request.url2pathname(parsed.path)).resolve()
        if not any(path.is_relative_to(root) for root in self.roots):
            self._refuse(url, "a file outside the project's static files")
        if not path.is_file():
            self._refuse(url, "no such static file")
        if path.stat().st_size > MAX_STATIC_FILE_BYTES:
            self._refuse(url, "static file too large")
        media_type = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
        return URLFetcherResponse(path.as_uri(), path.read_bytes(), {"Content-Type": media_type})
