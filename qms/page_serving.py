"""Serving Wagtail pages without re-reading what only a publish can change.

Before its template runs, Wagtail answers a page request with about nine
queries: the Site for the host, two per level of the tree (each page, then its
specific row), the ancestors' alias ids and their view restrictions, and the
site settings. None of that changes between publishes, and every publish,
unpublish, move or delete, and every Site, settings or view-restriction save,
already moves the page cache's generation (``qms/signals.py``). So each
process remembers, for the current generation of public pages:

- the Site Wagtail finds for a host and port;
- where Wagtail's own routing led for a path: the page, and the routable
  page's view and arguments;
- the view restrictions that apply to a page;
- the site settings of a Site (``DeploymentSettings.for_site``).

Another process's change shows here within a second (the generation is read
once a second, as for the page cache); a change made in this process, even
before it commits, at once (``page_cache.local_epoch``: any page saved or
deleted here, or content the pages show). Each request gets its own copy of
what is remembered, so a view that sets an attribute sets it on its own.
Remembering Wagtail's answer, rather than routing another way, keeps its rules
(routable parents first, aliases, localisation). Who relies on this: the
uncached public pages of issue 11 (``benchmarks/serving.py``).
"""

from __future__ import annotations

import copy
from collections import OrderedDict
from collections.abc import Callable
from contextlib import suppress
from typing import Any

from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse
from django.http.request import split_domain_port
from django.utils import translation
from wagtail import views as wagtail_views
from wagtail.models import Page, Site
from wagtail.url_routing import RouteResult

from qms import page_cache

#: A process keeps at most this many entries per memo, the least recently
#: used going first (paths that 404 are never kept). A procedure page with its
#: content is some tens of kB: the routes memo stays within a few tens of MB.
MAX_ENTRIES = 1024


def enabled() -> bool:
    """``QMS_PAGE_MEMO`` (on unless set to False)."""
    return bool(getattr(settings, "QMS_PAGE_MEMO", True))


class GenerationMemo:
    """A dict that starts empty again whenever public content may have changed."""

    def __init__(self) -> None:
        self._stamp: tuple[int, int] | None = None
        self._data: OrderedDict[Any, Any] = OrderedDict()

    def _current(self) -> OrderedDict[Any, Any]:
        stamp = (page_cache.generation(page_cache.PAGES), page_cache.local_epoch())
        if stamp != self._stamp:
            # a new dict: a thread still reading the old one keeps its own
            self._data = OrderedDict()
            self._stamp = stamp
        return self._data

    def get(self, key: Any) -> Any:
        """What is remembered under ``key`` (shared: copy before changing it)."""
        data = self._current()
        known = data.get(key)
        if known is not None:
            with suppress(KeyError):  # another thread dropped it meanwhile
                data.move_to_end(key)
        return known

    def set(self, key: Any, value: Any) -> None:
        data = self._current()
        data[key] = value
        while len(data) > MAX_ENTRIES:
            with suppress(KeyError):
                data.popitem(last=False)

    def clear(self) -> None:
        self._stamp = None
        self._data = OrderedDict()


sites = GenerationMemo()
routes = GenerationMemo()
restrictions = GenerationMemo()
site_settings = GenerationMemo()


def forget() -> None:
    """Drop what this process remembers (tests start each test afresh)."""
    for memo in (sites, routes, restrictions, site_settings):
        memo.clear()


def site_for_request(request: HttpRequest) -> Site | None:
    """``Site.find_for_request``, remembered per host and port."""
    if hasattr(request, "_wagtail_site"):
        return request._wagtail_site
    # the key Wagtail matches Sites on
    key = (split_domain_port(request._get_raw_host())[0], request.get_port())
    known = sites.get(key)
    if known is None:
        site = Site.find_for_request(request)
        if site is not None:
            site.root_page  # noqa: B018 - every slow route starts from it
            sites.set(key, copy.copy(site))
    else:
        site = copy.copy(known)
    request._wagtail_site = site
    return site


def _remember_restrictions(page: Page) -> None:
    """Answer Wagtail's restriction check for this request's page from the memo.

    Wagtail's ``check_view_restrictions`` hook asks ``get_view_restrictions()``
    on every request (two queries: the ancestors' alias ids, then the
    restrictions). Only this request's own copy of the page answers from the
    memo: the admin's privacy views call the method on their own objects.
    """
    key = (page.pk, page.url_path)
    known = restrictions.get(key)
    if known is None:
        known = list(page.get_view_restrictions())
        restrictions.set(key, known)
    page.get_view_restrictions = known.copy


def _route_for_request(
    request: HttpRequest, site: Site, path: str
) -> RouteResult | None:
    """``Page.route_for_request``, the site's root page read lazily when passed.

    Below the root page, the root only routes on: its own fields are deferred
    (``specific_deferred``, no query for its specific row). The result is
    kept on the request, where Wagtail's ``serve`` looks for it.
    """
    components = [component for component in path.split("/") if component]
    root = site.root_page.localized
    root = root.specific_deferred if components else root.specific
    try:
        route = root.route(request, components)
    except Http404:
        route = None
    request._wagtail_route_for_request = route
    return route


def serve(request: HttpRequest, path: str) -> HttpResponse:
    """Wagtail's ``serve`` view, with the Site and the route remembered."""
    if enabled() and not hasattr(request, "_wagtail_route_for_request"):
        site = site_for_request(request)
        if site is not None:
            key = (site.pk, translation.get_language(), path)
            known = routes.get(key)
            if known is None:
                route = _route_for_request(request, site, path)
                if route is not None:
                    page, args, kwargs = route
                    routes.set(key, (copy.copy(page), args, kwargs))
            else:
                page, args, kwargs = known
                route = RouteResult(copy.copy(page), args=args, kwargs=kwargs)
                request._wagtail_route_for_request = route
            if route is not None:
                _remember_restrictions(route[0])
    return wagtail_views.serve(request, path)


def settings_for_site(model, site: Site, load: Callable[[], Any]) -> Any:
    """``BaseSiteSetting.for_site`` remembered: ``load()`` reads it when needed.

    Each caller gets its own copy (the admin's settings form edits its copy).
    """
    if not enabled() or site is None:
        return load()
    key = (model._meta.label_lower, site.pk)
    known = site_settings.get(key)
    if known is None:
        instance = load()
        site_settings.set(key, copy.copy(instance))
        return instance
    return copy.copy(known)
