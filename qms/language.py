"""The public site's language switch as plain links, so pages stay cacheable.

Django's ``set_language`` takes a POST with a CSRF token, and a token in every
public page sets a cookie on every visitor, which keeps pages out of the page
cache (``qms/page_cache.py``). Choosing a language is no secret and no harm if
forged, so a link does it: ``/i18n/chon/en/?next=/thu-tuc/`` sets the language
cookie and goes back to ``next`` (only a path of this site).
"""

from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponseRedirect
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_GET


def chosen_language(request: HttpRequest) -> str:
    """The language the visitor chose (the cookie), else ``LANGUAGE_CODE``.

    Vietnamese first: the browser's Accept-Language never switches the site.
    """
    chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
    supported = {code for code, _name in settings.LANGUAGES}
    return chosen if chosen in supported else settings.LANGUAGE_CODE


@require_GET
def choose_language(request: HttpRequest, code: str) -> HttpResponseRedirect:
    """Remember ``code`` in the language cookie and return to ``?next=``."""
    if code not in {language for language, _name in settings.LANGUAGES}:
        raise Http404
    target = request.GET.get("next", "/")
    if not target.startswith("/") or not url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        target = "/"
    response = HttpResponseRedirect(target)
    response.set_cookie(
        settings.LANGUAGE_COOKIE_NAME,
        code,
        max_age=settings.LANGUAGE_COOKIE_AGE,
        path=settings.LANGUAGE_COOKIE_PATH,
        domain=settings.LANGUAGE_COOKIE_DOMAIN,
        secure=settings.LANGUAGE_COOKIE_SECURE or request.is_secure(),
        httponly=settings.LANGUAGE_COOKIE_HTTPONLY,
        samesite=settings.LANGUAGE_COOKIE_SAMESITE,
    )
    return response
