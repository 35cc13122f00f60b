"""One permission check for services and views.

Services call it with the acting user before any write; views call it with
``request.user`` before rendering. A refusal is ``PermissionDenied``, which
Django answers with 403 and the services' callers show as a message.
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.translation import gettext_lazy as _

DENIED = _("Bạn không có quyền thực hiện việc này.")


def require_perm(user, *permissions: str, message: str | None = None) -> None:
    """Refuse unless ``user`` is active and holds every one of ``permissions``."""
    if not (
        user is not None
        and user.is_active
        and all(user.has_perm(permission) for permission in permissions)
    ):
        raise PermissionDenied(message or DENIED)


def refusal_messages(request, error: ValidationError | PermissionDenied) -> None:
    """Show why a service refused a change, one message per reason."""
    texts = error.messages if isinstance(error, ValidationError) else [str(error)]
    for text in texts or [DENIED]:
        messages.error(request, text)
