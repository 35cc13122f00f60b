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
from django.core.cache import cache
from django.http import Http404, HttpRequest, HttpResponse
from django.http.request import split_domain_port
from django.utils import translation
from wagtail import views as wagtail_views
from wagtail.contrib.settings.models import BaseSiteSetting
from wagtail.contrib.settings.registry import registry as settings_registry
from wagtail.models import Page, PageViewRestriction, Site
from wagtail.models.sites import (
    MATCH_DEFAULT,
    MATCH_HOSTNAME,
    MATCH_HOSTNAME_DEFAULT,
    MATCH_HOSTNAME_PORT,
    SITE_ROOT_PATHS_CACHE_KEY,
    SITE_ROOT_PATHS_CACHE_VERSION,
    SiteRootPath,
)
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
    """``Site.find_for_request``, remembered per host and port.

    Read cold in one query with what every public page asks next: the site
    root paths that page URLs need (kept on the request, where Wagtail looks
    for them) and the site's settings (``settings_for_site``).
    """
    if hasattr(request, "_wagtail_site"):
        return request._wagtail_site
    # the key Wagtail matches Sites on
    key = (split_domain_port(request._get_raw_host())[0], request.get_port())
    known = sites.get(key)
    if known is None:
        site, root_paths = _read_site(*key)
        if site is not None:
            sites.set(key, (copy.copy(site), root_paths))
    else:
        site, root_paths = copy.copy(known[0]), known[1]
    if root_paths is not None:
        request._wagtail_cached_site_root_paths = root_paths
    request._wagtail_site = site
    return site


def _site_settings_models() -> list[type]:
    return [model for model in settings_registry if issubclass(model, BaseSiteSetting)]


def _read_site(hostname: str, port: str) -> tuple[Site | None, list | None]:
    """The Site for a host and port and the site root paths, in one query.

    Picks the Site as ``wagtail.models.sites.get_site_for_hostname`` does and
    builds the root paths as ``Site.get_site_root_paths`` does, from every
    Site with its root page, locale and settings. With Wagtail's localisation
    on, root paths need each root page's translations: Wagtail reads them.
    """
    related = [
        model._meta.get_field("site").remote_field.get_accessor_name()
        for model in _site_settings_models()
    ]
    every_site = list(
        Site.objects.select_related(
            "root_page", "root_page__locale", *related
        ).order_by("-root_page__url_path", "-is_default_site", "hostname")
    )
    root_paths = None
    if not getattr(settings, "WAGTAIL_I18N_ENABLED", False):
        root_paths = [
            SiteRootPath(
                site.id,
                site.root_page.url_path,
                site.root_url,
                site.root_page.locale.language_code,
            )
            for site in every_site
        ]
        # kept where Site.get_site_root_paths keeps them, as it does: page
        # URLs asked without a request (``page.url``) read them there
        cache.set(
            SITE_ROOT_PATHS_CACHE_KEY,
            root_paths,
            3600,
            version=SITE_ROOT_PATHS_CACHE_VERSION,
        )

    def match(site: Site) -> int:
        if site.hostname == hostname:
            if str(site.port) == str(port):  # the request's port is a string
                return MATCH_HOSTNAME_PORT
            return MATCH_HOSTNAME_DEFAULT if site.is_default_site else MATCH_HOSTNAME
        return MATCH_DEFAULT

    candidates = sorted(
        (
            site
            for site in every_site
            if site.hostname == hostname or site.is_default_site
        ),
        key=match,
    )
    site = None
    if candidates:
        first = match(candidates[0])
        if len(candidates) == 1 or first in (
            MATCH_HOSTNAME_PORT,
            MATCH_HOSTNAME_DEFAULT,
        ):
            site = candidates[0]
        elif first == MATCH_DEFAULT:
            site = candidates[len(candidates) == 2]
    return site, root_paths


def _read_view_restrictions(page: Page) -> list[PageViewRestriction]:
    """``page.get_view_restrictions()`` in one query when no alias is involved.

    Wagtail reads the alias ids of the page's ancestors, then the restrictions
    of the pages (or of their originals, for aliases). Here the page, its
    ancestors and their own restrictions come in one query (a LEFT JOIN);
    when one of them is an alias, Wagtail's own method answers.
    """
    fields = [field.attname for field in PageViewRestriction._meta.concrete_fields]
    paths = [
        page.path[:end] for end in range(page.steplen, len(page.path) + 1, page.steplen)
    ]
    rows = Page.objects.filter(path__in=paths).values_list(
        "alias_of_id", *(f"view_restrictions__{name}" for name in fields)
    )
    found = []
    for alias_of_id, *values in rows:
        if alias_of_id is not None:
            return list(page.get_view_restrictions())
        if values[0] is not None:
            found.append(PageViewRestriction.from_db(Page.objects.db, fields, values))
    return sorted(found, key=lambda restriction: restriction.pk)


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
        known = _read_view_restrictions(page)
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
        # read with the Site when site_for_request found it (None: no row yet)
        accessor = model._meta.get_field("site").remote_field.get_accessor_name()
        instance = site._state.fields_cache.get(accessor) or load()
        site_settings.set(key, copy.copy(instance))
        return instance
    return copy.copy(known)
