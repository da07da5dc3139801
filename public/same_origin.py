"""The public forms' protection against cross-site requests, without a CSRF token.

The public pages are cached whole and are the same bytes for every reader
(public.page_cache), so they cannot carry Django's CSRF token: a token is tied to each
browser's cookie, and a page holding one reader's token would be refused to everyone else.
Their two forms (take action, the language switcher) act for nobody: no session, no login,
no account. What a cross-site request could still do is make many visitors' browsers ask for
letters (renders cost CPU) or switch a visitor's language. Browsers say where a request comes
from, and a page elsewhere cannot forge it:

- `Sec-Fetch-Site` (every current browser): "same-origin", or "none" (the user typed or
  bookmarked it), is ours; anything else ("cross-site", "same-site") is refused;
- else `Origin` (sent on every POST by browsers since 2020): it must be this site, as
  CsrfViewMiddleware checks it, or one of CSRF_TRUSTED_ORIGINS;
- else `Referer` (older browsers; SECURE_REFERRER_POLICY "same-origin" sends it to us): its
  origin must be this site's;
- with none of the three, the request is refused, as Django refuses a token-less POST.

This is the check Go 1.25's CrossOriginProtection and OWASP's Fetch Metadata advice describe.
Staff forms (the admin) keep Django's token: they act for a logged-in person.
"""

from collections.abc import Callable
from functools import wraps
from urllib.parse import urlsplit

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.views.csrf import csrf_failure
from django.views.decorators.csrf import csrf_exempt

SAME_ORIGIN_SITES = frozenset({"same-origin", "none"})


def same_origin_request(request: HttpRequest) -> bool:
    """Return whether the browser says the request comes from one of our own pages."""
    if getattr(request, "_dont_enforce_csrf_checks", False):
        # Django's test client, as CsrfViewMiddleware honours it (Client(enforce_csrf_checks=True)
        # tests the check).
        return True
    site = request.META.get("HTTP_SEC_FETCH_SITE")
    if site is not None:
        return site in SAME_ORIGIN_SITES
    origin = request.META.get("HTTP_ORIGIN")
    if origin is None:
        referer = urlsplit(request.META.get("HTTP_REFERER", ""))
        if not (referer.scheme and referer.netloc):
            return False
        origin = f"{referer.scheme}://{referer.netloc}"
    ours = f"{request.scheme}://{request.get_host()}"
    return origin == ours or origin in settings.CSRF_TRUSTED_ORIGINS


def same_origin_post(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Decorate a public form's view: no CSRF token, but a request from another site is
    refused with Django's CSRF failure page (403)."""

    @wraps(view)
    def checked(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        if not same_origin_request(request):
            return csrf_failure(request, reason="The request did not come from this site.")
        return view(request, *args, **kwargs)

    return csrf_exempt(checked)
