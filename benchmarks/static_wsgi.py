"""``config.wsgi`` behind Django's staticfiles handler, for ``serving.py`` only.

The static-file reference of the serving benchmark when the stack does not
serve ``/static/`` itself (no WhiteNoise): ``/static/...`` is answered by
``django.contrib.staticfiles`` (what ``runserver`` does), everything else by
the production application unchanged. Never used in production.
"""

from django.contrib.staticfiles.handlers import StaticFilesHandler

from config.wsgi import application as django_application

application = StaticFilesHandler(django_application)
