"""WSGI entry point (gunicorn ``config.wsgi``): production settings by default.

A server started without DJANGO_SETTINGS_MODULE runs production settings,
which refuse to start half-configured; ``manage.py runserver`` sets the
developer's settings itself.
"""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.production")
application = get_wsgi_application()
