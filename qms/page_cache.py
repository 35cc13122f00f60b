"""The public site's page cache, shared by every process through the cache.

What a citizen sees (the catalogue, procedure pages, postings and their PDFs,
the quality-system page, the transparency page) is the same for every
anonymous visitor, so a whole response is kept in the default cache (Redis in
production, ``REDIS_URL``) for ``QMS_PAGE_CACHE_SECONDS`` and served from there
without touching the database. Only plain anonymous ``GET`` requests are served
and stored: a request with a session cookie or an ``Authorization`` header
(staff, previews) always goes through, and only a ``200`` without cookies and
without ``Cache-Control: private/no-store/no-cache`` is kept.

Purging is by generation: each cached key carries the number of its section,
and ``purge(section)`` increments it, so every page of that section is missed
at once on every process (the old entries expire by themselves). The ``pages``
section goes when a page is published, unpublished, moved or deleted and when a
site setting or snippet the pages show changes (``qms/signals.py``); the
``figures`` section (paths in ``FIGURE_PATHS``: the transparency page and its
exports) when dossier records, totals or surveys change
(``figures_changed()``, called by the services that write them).
"""

import hashlib
import time
from functools import partial

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.http import HttpRequest, HttpResponse

from qms.language import chosen_language

PAGES = "pages"
FIGURES = "figures"
#: Public paths whose content is the Form 06 figures.
FIGURE_PATHS = ("/cong-khai/",)
#: Never cached: staff, APIs (throttled on their own), private files, switches.
EXCLUDED_PATHS = (
    "/admin/",
    "/api/",
    "/documents/",
    "/i18n/",
    "/health/",
    "/static/",
    "/media/",
)
#: Larger responses (a province's posting board as PDF) are not kept.
MAX_BYTES = 8 * 1024 * 1024
#: Headers of a response that are stored and replayed with its body.
KEPT_HEADERS = (
    "Content-Type",
    "Content-Disposition",
    "Content-Language",
    "Content-Security-Policy",
    "Content-Security-Policy-Report-Only",
    "Last-Modified",
    "Referrer-Policy",
    "Vary",
    "X-Content-Type-Options",
    "X-Frame-Options",
)
_NOT_KEPT = ("private", "no-store", "no-cache")


def seconds() -> int:
    """How long a page is kept; 0 turns the cache off."""
    return int(getattr(settings, "QMS_PAGE_CACHE_SECONDS", 0))


def _generation_key(section: str) -> str:
    return f"page-cache:generation:{section}"


#: Each process reads a section's number from the cache at most once a
#: second (a hit is then one cache round trip, not two); another process's
#: purge shows here within that second, this process's own at once.
GENERATION_MEMO_SECONDS = 1.0
_memo: dict[str, tuple[int, float]] = {}


def generation(section: str) -> int:
    """The current number of ``section`` (kept for ever; only ever grows)."""
    known = _memo.get(section)
    now = time.monotonic()
    if known is not None and known[1] > now:
        return known[0]
    number = cache.get_or_set(_generation_key(section), _fresh_number, None)
    _memo[section] = (number, now + GENERATION_MEMO_SECONDS)
    return number


def _fresh_number() -> int:
    """A number no earlier generation used: the time in milliseconds.

    For a generation key the cache lost (evicted, flushed): starting again at
    1 could find pages stored under 1 long ago.
    """
    return int(time.time() * 1000)


def forget_generations() -> None:
    """Drop this process's remembered numbers (tests clear the cache)."""
    _memo.clear()


#: Moves at once, in this process only, whenever public content may have
#: changed (even before the change commits): what this process remembers of
#: pages (qms/page_serving.py) is dropped at once, not a second later.
_local_epoch = 0


def local_epoch() -> int:
    return _local_epoch


def changed_here(**_kwargs) -> None:
    """This process changed public content (maybe not yet committed)."""
    global _local_epoch
    _local_epoch += 1


def purge(section: str = PAGES) -> None:
    """Miss every cached page of ``section`` from now on, on every process."""
    _memo.pop(section, None)
    try:
        cache.incr(_generation_key(section))
    except ValueError:  # never read yet, or evicted
        cache.set(_generation_key(section), _fresh_number(), None)


def figures_changed() -> None:
    """Dossier figures changed: purge the transparency pages once committed."""
    transaction.on_commit(partial(purge, FIGURES))


def pages_changed(**_kwargs) -> None:
    """Signal receiver: published content changed, purge the pages once committed."""
    changed_here()
    transaction.on_commit(partial(purge, PAGES))


def section_of(path: str) -> str:
    return FIGURES if path.startswith(FIGURE_PATHS) else PAGES


def _cacheable_request(request: HttpRequest) -> bool:
    return (
        request.method == "GET"
        and not request.path.startswith(EXCLUDED_PATHS)
        and settings.SESSION_COOKIE_NAME not in request.COOKIES
        and "HTTP_AUTHORIZATION" not in request.META
    )


def _cacheable_response(response: HttpResponse) -> bool:
    control = response.get("Cache-Control", "").lower()
    return (
        response.status_code == 200
        and not response.streaming
        and not response.cookies
        and not any(word in control for word in _NOT_KEPT)
        and len(response.content) <= MAX_BYTES
    )


def cache_key(request: HttpRequest) -> str:
    """The key of ``request``'s page: section generation, language, full path."""
    path = request.get_full_path()
    digest = hashlib.sha256(
        f"{request.get_host()}|{path}".encode(errors="replace")
    ).hexdigest()
    section = section_of(request.path)
    language = chosen_language(request)
    return f"page-cache:{section}:{generation(section)}:{language}:{digest}"


class PublicPageCacheMiddleware:
    """Serve and keep anonymous public pages, right after the security ones.

    Outside the session, locale, CSP and everything that makes the page: a
    hit skips them all (the key holds the language the cookie chose), and a
    miss stores what they added (Content-Language, CSP, Vary) with the body.

    Answers carry ``X-Cache: HIT`` or ``MISS`` so an operator (and the tests)
    can see what happened.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        timeout = seconds()
        if timeout <= 0 or not _cacheable_request(request):
            return self.get_response(request)
        key = cache_key(request)
        stored = cache.get(key)
        if stored is not None:
            status, headers, body = stored
            response = HttpResponse(body, status=status)
            for name, value in headers:
                response[name] = value
            response["X-Cache"] = "HIT"
            return response
        response = self.get_response(request)
        if _cacheable_response(response):
            headers = [(h, response[h]) for h in KEPT_HEADERS if h in response]
            cache.set(key, (response.status_code, headers, response.content), timeout)
            response["X-Cache"] = "MISS"
        return response
