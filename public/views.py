"""The public pages: the list of published appeals, an appeal's page (with "Take action", the
embassy lookup and the history), and a requested letter's preview.

Views stay thin: the data comes from public.selectors as plain dicts (public fields
only), cached per case version and language; letters come from the letters service, the same
path as the API (letters.services.letter_request).
"""

from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.http import urlencode
from django.views.decorators.http import require_POST, require_safe
from django.views.i18n import set_language

from appeals_site.client_address import client_address
from letters.budget import LetterOverBudget
from letters.context import Campaigner
from letters.models import Letter
from letters.selectors import public_letter
from letters.services import letter_ask
from public import page_cache, selectors
from public.forms import AppealFilterForm, EmbassyForm, TakeActionForm
from public.same_origin import same_origin_post
from public.selectors import PUBLIC_CACHE_SECONDS, page_language
from public.throttling import EmbassyLookupThrottle

LIST_PARAMETERS = ("q", "country", "violation", "state")


def _list_parameters(request) -> dict[str, str]:
    """Return the list's parameters, normalised: only the allowed ones, whitespace collapsed,
    country codes upper case, slugs and states lower case (?country=kg is ?country=KG)."""
    params = {k: " ".join(request.GET.get(k, "").split()) for k in LIST_PARAMETERS}
    params["country"] = params["country"].upper()
    params["violation"] = params["violation"].lower()
    params["state"] = params["state"].lower()
    return params


def _page_number(value: str) -> int:
    return int(value) if value.isdecimal() and len(value) < 7 else 1


@require_safe
def appeal_list(request):
    """GET /: published appeals, newest first; filters, search, plain-link pagination.

    The page's data is cached by what it depends on, never by what a client typed: the
    filters once validated (a value not offered counts as none, so ?country=XX is the
    unfiltered list), in a fixed order, and the page actually shown. The key space is so
    bounded by the data (countries in use x violations x 3 states x pages x languages).
    Free-text search is not cached at all: every distinct ?q= would be a key of its own, so
    anyone could fill the cache (and evict the pages everyone reads) with random words,
    while a search is one indexed query that few repeat.
    """
    language = page_language()
    params = _list_parameters(request)
    version = page_cache.list_version()
    if params["q"]:
        return _appeal_list_page(request, language, params, version, cached=False)
    choices = _list_choices(version, language)
    used = {
        "country": params["country"] if params["country"] in dict(choices["countries"]) else "",
        "violation": params["violation"]
        if params["violation"] in dict(choices["violations"])
        else "",
        "state": params["state"] if params["state"] in ("open", "closed") else "",
    }
    if any(params[k] != used[k] for k in used):
        # A value not offered: shown as none, but the links keep it; not worth a key.
        return _appeal_list_page(request, language, params, version, cached=False)
    number = _page_number(request.GET.get("page", "1"))
    return page_cache.cached_response(
        request,
        language=language,
        page=f"list:{urlencode(sorted(used.items()))}:{number}",
        build=lambda: _appeal_list_page(request, language, params, version, cached=True),
    )


def _list_choices(version: str, language: str) -> dict:
    choices_key = f"public:list-choices:{version}:{language}"
    choices = cache.get(choices_key)
    if choices is None:
        choices = selectors.list_filter_choices()
        cache.set(choices_key, choices, PUBLIC_CACHE_SECONDS)
    return choices


def _appeal_list_page(
    request, language: str, params: dict[str, str], version: str, *, cached: bool
):
    choices = _list_choices(version, language)
    form = AppealFilterForm(
        params, countries_used=choices["countries"], violations=choices["violations"]
    )
    form.is_valid()
    filters = form.cleaned_data  # the fields that are valid; one not offered counts as none
    used = {k: filters.get(k, "") for k in ("country", "violation", "state")}
    q = filters.get("q", "")

    def key_of(number: int) -> str:
        return f"public:list:{version}:{language}:{urlencode(sorted(used.items()))}:{number}"

    page_number = _page_number(request.GET.get("page", "1"))
    data = None if q else cache.get(key_of(page_number))
    if data is None:
        paginator = Paginator(
            selectors.public_case_list(q=q, **used),
            selectors.LIST_PAGE_SIZE,
        )
        page = paginator.get_page(page_number)
        data = {
            "cases": [selectors.case_list_item(case) for case in page.object_list],
            "count": paginator.count,
            "number": page.number,
            "num_pages": paginator.num_pages,
        }
        if not q:
            # Under the page shown: ?page=999999 (the last page) adds no key.
            cache.set(key_of(page.number), data, PUBLIC_CACHE_SECONDS)
    query = {k: v for k, v in params.items() if v}

    def page_link(number):
        return "?" + urlencode({**query, "page": number})

    response = render(
        request,
        "public/appeal_list.html",
        {
            **data,
            "form": form,
            "filtered": bool(query),
            "previous_link": page_link(data["number"] - 1) if data["number"] > 1 else "",
            "next_link": page_link(data["number"] + 1)
            if data["number"] < data["num_pages"]
            else "",
            "next_path": page_cache.NEXT_PLACEHOLDER if cached else "",
        },
    )
    if data["number"] != page_number:
        # ?page=999999 shows the last page: not stored under every number anyone asks for.
        response.public_cache = False  # type: ignore[attr-defined]
    return response


def _case_or_404(slug: str):
    case = selectors.public_case_lookup(slug=slug)
    if case is None:
        raise Http404("No published appeal at this address.")
    return case


def _page_data(slug: str) -> dict:
    """Return the data of the case's page in the page's language: from the cache, under the
    page's version (public.page_cache.case_version), with no query when both are there."""
    language = page_language()
    version = page_cache.case_version(slug=slug)
    if version is None:
        raise Http404("No published appeal at this address.")
    key = f"{version}:data:{language}"
    data = cache.get(key)
    if data is None:
        data = selectors.case_page_data(case=_case_or_404(slug), language=language)
        cache.set(key, data, PUBLIC_CACHE_SECONDS)
    return data


def _take_action_form(data, *args, **kwargs) -> TakeActionForm:
    authorities = [
        {
            "id": a["id"],
            "label": ", ".join(x for x in (a["person_name"], a["post"]) if x),
        }
        for a in data["authorities"]
    ]
    return TakeActionForm(
        *args,
        authorities=authorities,
        languages=data["letter_languages"],
        partly_english=[each["language"] for each in data["letters_partly_english"]],
        **kwargs,
    )


def _appeal_page(request, data, *, form=None, status=200, over_budget=None, cached=False):
    embassy_form = EmbassyForm(request.GET or None)
    embassy = None
    embassy_searched = False
    embassy_throttled = False
    retry_after = None
    if embassy_form.is_bound and embassy_form.is_valid():
        throttle = EmbassyLookupThrottle()
        if throttle.allow_request(request, None):
            embassy_searched = True
            embassy = selectors.embassy_data(
                country=data["country_code"],
                host_country=embassy_form.cleaned_data["host_country"],
            )
        else:
            embassy_throttled = True
            wait = throttle.wait()
            retry_after = max(1, round(wait)) if wait is not None else None
            if status == 200:
                status = 429
    if form is None:
        # The reader's language when the appeal has a text in it, else the first offered.
        offered = data["letter_languages"]
        language = page_language() if page_language() in offered else next(iter(offered), "")
        form = _take_action_form(data, initial={"language": language, "authority": "all"})
    response = render(
        request,
        "public/appeal_detail.html",
        {
            "appeal": _with_mailto_links(request, data),
            "form": form,
            "embassy_form": embassy_form,
            "embassy": embassy,
            "embassy_searched": embassy_searched,
            "embassy_throttled": embassy_throttled,
            "over_budget": over_budget,
            "embassy_host": dict(embassy_form.fields["host_country"].choices).get(
                embassy_form.cleaned_data.get("host_country", "")
            )
            if embassy_searched
            else "",
            "next_path": page_cache.NEXT_PLACEHOLDER if cached else "",
        },
        status=status,
    )
    if retry_after is not None:
        response["Retry-After"] = str(retry_after)
    return response


def _with_mailto_links(request, data: dict) -> dict:
    """Return the page data with each e-mail address's mailto: link: the letter's opening and
    a link to this page's letter form, kept short (selectors.mailto_short)."""
    full_text_url = request.build_absolute_uri(data["path"]) + "#take-action"
    authorities = [
        {
            **authority,
            "emails": [
                {
                    **email,
                    "mailto": selectors.mailto_short(
                        address=email["address"],
                        subject=email["subject"],
                        paragraphs=authority["letter_opening"],
                        full_text_url=full_text_url,
                    ),
                }
                for email in authority["emails"]
            ],
        }
        for authority in data["authorities"]
    ]
    return {**data, "authorities": authorities}


@require_safe
def appeal_detail(request, slug):
    """GET /appeals/<slug>/: the appeal page, from the page cache (public.page_cache);
    ?host_country=BE looks up the embassy, for this request only."""
    if "host_country" in request.GET:
        return _appeal_page(request, _page_data(slug))
    return page_cache.cached_response(
        request,
        slug=slug,
        language=page_language(),
        page="appeal",
        build=lambda: _appeal_page(request, _page_data(slug), cached=True),
    )


@same_origin_post
@require_POST
def language_set(request):
    """POST /i18n/setlang/: Django's set_language, with the public forms' protection
    (public.same_origin) instead of a CSRF token, which a cached page cannot carry."""
    return set_language(request)


def cached_feed(feed):
    """Return the view of `feed`, served from the page cache (public.page_cache)."""

    @require_safe
    def view(request, country=None):
        extra = {} if country is None else {"country": country}
        return page_cache.cached_response(
            request,
            language=page_language(),
            page=f"feed:{type(feed).__name__}:{country or ''}",
            build=lambda: feed(request, **extra),
        )

    return view


@same_origin_post
@require_POST
def take_action(request, slug):
    """POST /appeals/<slug>/letters/: ask the letters service for a letter of the case's
    latest appeal, then show it (POST, redirect, GET: reloading never asks twice)."""
    data = _page_data(slug)
    form = _take_action_form(data, request.POST)
    if not form.is_valid():
        return _appeal_page(request, data, form=form, status=400)
    cleaned = form.cleaned_data
    campaigner = Campaigner(
        name=cleaned["name"],
        organisation=cleaned["organisation"],
        city=cleaned["city"],
        country=cleaned["country"],
    )
    try:
        letter = letter_ask(
            appeal_id=data["appeal_id"],
            authority_id_or_all=cleaned["authority"],
            language=cleaned["language"],
            campaigner=campaigner,
            # The same budget for renders as the API's letter requests (letters.budget).
            client=client_address(request),
        )
    except ValidationError as exc:
        for field, errors in exc.message_dict.items():
            form.add_error(field if field in form.fields else None, errors)
        return _appeal_page(request, data, form=form, status=400)
    except LetterOverBudget as over:
        # No new letter now: offer what costs nothing, the standard letter and the text.
        standard = over.standard
        offer = {
            "message": over.message,
            "minutes": max(1, round(over.retry_after / 60)),
            "text": over.text,
            "standard_url": reverse(
                "public-letter", kwargs={"slug": slug, "letter_id": standard.pk}
            )
            if standard
            else "",
        }
        response = _appeal_page(
            request, data, form=form, status=over.status_code, over_budget=offer
        )
        response["Retry-After"] = str(over.retry_after)
        return response
    return _letter_redirect(slug, letter)


def _letter_redirect(slug: str, letter: Letter) -> HttpResponseRedirect:
    return HttpResponseRedirect(
        reverse("public-letter", kwargs={"slug": slug, "letter_id": letter.pk}), status=303
    )


@require_safe
def letter_detail(request, slug, letter_id):
    """GET /appeals/<slug>/letters/<id>/: the letter's preview, PDF link and text, or its
    progress while it renders."""
    case = _case_or_404(slug)
    letter = public_letter(letter_id)
    if letter.appeal.case_id != case.pk:
        raise Http404("No such letter on this appeal.")
    data = _page_data(slug)
    ready = letter.status == Letter.Status.READY
    return render(
        request,
        "public/letter.html",
        {
            "appeal": data,
            "letter_id": str(letter.pk),
            "status": letter.status,
            "ready": ready,
            "failed": letter.status == Letter.Status.FAILED,
            "language": letter.language,
            "text": "\n\n\n".join(selectors.letter_plain_texts(letter.html)),
            "html_url": reverse("letter-html", args=[letter.pk]),
            "pdf_url": reverse("letter-pdf", args=[letter.pk]),
            "status_url": reverse("letter-detail", args=[letter.pk]),
        },
    )
