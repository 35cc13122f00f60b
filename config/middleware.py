"""Vietnamese first: the browser's Accept-Language does not switch the site."""

from csp.middleware import CSPMiddleware
from django.middleware.locale import LocaleMiddleware
from django.utils import translation

from qms.language import chosen_language


class VietnameseFirstLocaleMiddleware(LocaleMiddleware):
    """Use the language the visitor chose (cookie), otherwise LANGUAGE_CODE.

    Django's own middleware follows Accept-Language, so a civil servant's
    English-language browser would get an English interface. The Wagtail admin
    still honours each user's own language preference on top of this.
    """

    def process_request(self, request):
        translation.activate(chosen_language(request))
        request.LANGUAGE_CODE = translation.get_language()


class ContentSecurityPolicyMiddleware(CSPMiddleware):
    """django-csp's middleware, with the report-only policy for the admin only.

    The enforced policy (``CONTENT_SECURITY_POLICY``) skips ``/admin/`` through
    its ``EXCLUDE_URL_PREFIXES``; the report-only one is sent under ``/admin/``
    alone, so a public page does not carry the same policy twice.
    """

    def process_response(self, request, response):
        if not request.path_info.startswith("/admin/"):
            response._csp_exempt_ro = True
        return super().process_response(request, response)
