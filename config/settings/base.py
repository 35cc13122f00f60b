"""Settings shared by every environment.

Everything is here and read from the environment through ``config.env``;
``dev``, ``test`` and ``production`` only adjust. ``.env.example`` lists every
variable.
"""

from datetime import timedelta
from pathlib import Path

import dj_database_url
from csp.constants import NONCE, NONE, SELF, UNSAFE_INLINE

from config.env import env_bool, env_int, env_list, env_str

BASE_DIR = Path(__file__).resolve().parent.parent.parent
SITE_DIR = BASE_DIR / "site"

SECRET_KEY = env_str("SECRET_KEY", "dev-only-insecure-key-change-me")
DEBUG = env_bool("DEBUG", False)
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost"])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    "qms",
    "procedures",
    "audits",
    "wagtail.contrib.forms",
    "wagtail.contrib.redirects",
    "wagtail.contrib.settings",
    "wagtail.embeds",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail.api.v2",
    "wagtail",
    "modelcluster",
    "taggit",
    "django_filters",
    "rest_framework",
    "rest_framework.authtoken",
    "drf_spectacular",
    "simple_history",
    "django_tasks",
    "django_tasks_db",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "rest_framework_api_key",
    # login security (issue 11): lockout records, CSP
    "axes",
    "csp",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.contrib.postgres",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # outside everything that makes the page: a hit skips it all; production
    # puts WhiteNoise before it (qms/page_cache.py)
    "qms.page_cache.PublicPageCacheMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "config.middleware.VietnameseFirstLocaleMiddleware",
    "qms.ratelimit.RateLimitMiddleware",
    "django.middleware.common.CommonMiddleware",
    # login security (issue 11): CSP header on every response (config/middleware.py)
    "config.middleware.ContentSecurityPolicyMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # login security (issue 11): request.user.is_verified(), then the 2FA gate
    "django_otp.middleware.OTPMiddleware",
    "qms.organisation.two_factor.TwoFactorGateMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
    # login security (issue 11): axes turns a lockout into its page; keep it last
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        # Domain packages keep their templates beside their code (app template
        # directories are only looked up at an app's root).
        "DIRS": [
            SITE_DIR / "templates",
            BASE_DIR / "qms/organisation/templates",
            BASE_DIR / "qms/documents/templates",
            BASE_DIR / "qms/competence/templates",
            BASE_DIR / "qms/jobs/templates",
            BASE_DIR / "qms/notices/templates",
            BASE_DIR / "qms/imports/templates",
            BASE_DIR / "qms/signing/templates",
            BASE_DIR / "audits/dossiers/templates",
            BASE_DIR / "audits/inspections/templates",
            BASE_DIR / "audits/reviews/templates",
            BASE_DIR / "audits/feedback/templates",
            BASE_DIR / "audits/planning/templates",
        ],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "wagtail.contrib.settings.context_processors.settings",
            ],
        },
    },
]

# SQLite is the embedded default; DATABASE_URL=postgres://... switches engines.
DATABASES = {
    "default": dj_database_url.parse(
        env_str("DATABASE_URL", f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
        conn_max_age=env_int("DATABASE_CONN_MAX_AGE", 0),
    )
}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# One cache shared by every process (page cache, fragments, throttles, login
# lockout) when REDIS_URL is set; a per-process memory cache otherwise, which
# is only right for one process on a developer's machine.
REDIS_URL = env_str("REDIS_URL", "")
CACHES = {
    "default": (
        {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": env_str("CACHE_KEY_PREFIX", "qms"),
        }
        if REDIS_URL
        else {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}
    )
}

# Anonymous public pages are kept this long in the cache above and purged when
# what they show changes (qms/page_cache.py); 0 turns the page cache off.
QMS_PAGE_CACHE_SECONDS = env_int("QMS_PAGE_CACHE_SECONDS", 300)
# PDFs not made yet that one visitor may ask for in a minute (qms/ratelimit.py),
# and how many proxies in front write X-Forwarded-For (nginx alone: 1).
QMS_PDF_RENDERS_PER_MINUTE = env_int("QMS_PDF_RENDERS_PER_MINUTE", 10)
QMS_PROXY_COUNT = env_int("QMS_PROXY_COUNT", 0)

# Citizens' loop (issue 13). Time limit to answer feedback, in working days
# (qms/calendar.py), and the legal text the public form and admin name for it:
# Decree 20/2008/NĐ-CP Art. 15 as amended by Decree 92/2017/NĐ-CP. Feedback a
# visitor may send per minute, dossier/feedback code lookups per minute.
QMS_FEEDBACK_WORKING_DAYS = env_int("QMS_FEEDBACK_WORKING_DAYS", 10)
QMS_FEEDBACK_LEGAL_BASIS = env_str(
    "QMS_FEEDBACK_LEGAL_BASIS",
    "Điều 15 Nghị định số 20/2008/NĐ-CP, được sửa đổi bởi Nghị định số 92/2017/NĐ-CP",
)
QMS_FEEDBACK_PER_MINUTE = env_int("QMS_FEEDBACK_PER_MINUTE", 3)
QMS_LOOKUPS_PER_MINUTE = env_int("QMS_LOOKUPS_PER_MINUTE", 10)

# Kinds of background job (qms/jobs) and the function that does each.
QMS_JOB_BUILDERS = {
    "review_pack_pdf": "audits.reviews.jobs.review_pack_pdf",
    "import": "qms.imports.services.import_job",
}
# Imports from the browser (qms/imports), in the order of the admin menu.
QMS_IMPORTERS = [
    "audits.dossiers.importers.DOSSIERS",
    "audits.dossiers.importers.TOTALS",
    "audits.dossiers.importers.SATISFACTION",
    "procedures.importers.PROCEDURES",
    "qms.documents.importers.DOCUMENTS",
    "qms.organisation.importers.UNITS",
]

# Long work (mail, PDF packs, imports from the web) is a django-tasks task. The
# demo runs it at once, in the request; production queues it in the database
# for ``manage.py db_worker`` (deploy/systemd/qms-worker.service).
TASKS = {
    "default": {
        "BACKEND": env_str(
            "TASKS_BACKEND", "django_tasks.backends.immediate.ImmediateBackend"
        )
    }
}

AUTH_PASSWORD_VALIDATORS = [
    {
        "NAME": "django.contrib.auth.password_validation."
        "UserAttributeSimilarityValidator"
    },
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Vietnamese first, English available.
LANGUAGE_CODE = "vi"
# Each language names itself in the switcher.
LANGUAGES = [("vi", "Tiếng Việt"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "locale", BASE_DIR / "locale_wagtail"]
TIME_ZONE = "Asia/Ho_Chi_Minh"
FORMAT_MODULE_PATH = ["config.formats"]
USE_I18N = True
USE_TZ = True
WAGTAIL_I18N_ENABLED = False
WAGTAILADMIN_PERMITTED_LANGUAGES = LANGUAGES

STATIC_URL = "/static/"
# An empty variable (as .env.example leaves them) means the default folder.
STATIC_ROOT = Path(env_str("STATIC_ROOT", "") or BASE_DIR / "static_collected")
STATICFILES_DIRS = [SITE_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(env_str("MEDIA_ROOT", "") or BASE_DIR / "media")
# Attachments and evidence: no URL, served only through views that check scope.
PRIVATE_MEDIA_ROOT = Path(
    env_str("PRIVATE_MEDIA_ROOT", "") or BASE_DIR / "private_media"
)
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "private": {
        "BACKEND": "qms.storage.PrivateFileSystemStorage",
        "OPTIONS": {"location": PRIVATE_MEDIA_ROOT},
    },
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
DATA_UPLOAD_MAX_NUMBER_FIELDS = 10_000

# Digitally signed records (qms/signing): an RFC 3161 timestamp authority's URL
# turns PAdES B-B signatures into B-T. Empty (the default): no TSA is reachable
# from the commune's network, signatures carry the signer's clock only.
SIGNING_TSA_URL = env_str("SIGNING_TSA_URL", "")

EMAIL_BACKEND = env_str("EMAIL_BACKEND", "django.core.mail.backends.smtp.EmailBackend")
EMAIL_HOST = env_str("EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("EMAIL_PORT", 25)
EMAIL_HOST_USER = env_str("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = env_str("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "qms@localhost")

LOGIN_URL = "wagtailadmin_login"
# Login security (issue 11) --------------------------------------------------
# axes first: it refuses a locked-out client before any password is checked.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
# Lockout per username + client address: 5 failures (wrong passwords and wrong
# two-factor codes alike) lock that pair for 15 minutes. Not per address alone:
# a commune's whole office often shares one public address. Not per username
# alone: anyone could then lock an approver out from anywhere.
AXES_FAILURE_LIMIT = env_int("AXES_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = timedelta(minutes=env_int("AXES_COOLOFF_MINUTES", 15))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_ENABLE_ACCESS_FAILURE_LOG = True
AXES_LOCKOUT_CALLABLE = "qms.organisation.lockout.lockout_response"
# The client address: X-Forwarded-For is read only behind QMS_PROXY_COUNT
# reverse proxies (above; nginx alone: 1), and, if listed, only from these
# proxy addresses; a value that is not an address is never stored
# (qms/organisation/client_ip.py).
AXES_CLIENT_IP_CALLABLE = "qms.organisation.client_ip.client_ip"
QMS_PROXY_TRUSTED_IPS = env_list("QMS_PROXY_TRUSTED_IPS", [])
# Two-factor (TOTP, backup codes) is required of superusers, approvers and
# document controllers when this is on; optional for everyone else.
QMS_REQUIRE_2FA = env_bool("QMS_REQUIRE_2FA", True)
OTP_TOTP_ISSUER = env_str("WAGTAIL_SITE_NAME", "Một Cửa QMS")
# Content-Security-Policy: enforced on the public site; report-only in the
# Wagtail admin (its own pages run inline scripts). Inline <style> blocks of
# our templates carry the request's nonce; style *attributes* stay allowed
# (chart sizes in the SVG): they cannot run script.
_CSP_DIRECTIVES = {
    "default-src": [SELF],
    "script-src": [SELF, NONCE],
    "style-src": [SELF, NONCE],
    "style-src-attr": [UNSAFE_INLINE],
    "img-src": [SELF, "data:"],
    "font-src": [SELF],
    "object-src": [NONE],
    "base-uri": [SELF],
    "form-action": [SELF],
    "frame-ancestors": [SELF],
}
CONTENT_SECURITY_POLICY = {
    "EXCLUDE_URL_PREFIXES": ["/admin/"],
    "DIRECTIVES": _CSP_DIRECTIVES,
}
# The admin's reports go to qms/csp_report.py (logger "qms.csp").
CONTENT_SECURITY_POLICY_REPORT_ONLY = {
    "DIRECTIVES": {**_CSP_DIRECTIVES, "report-uri": ["/csp-report/"]}
}
# ---------------------------------------------------------------------------
WAGTAILADMIN_USER_LOGIN_FORM = "qms.organisation.forms.AdminLoginForm"
LOGIN_REDIRECT_URL = "wagtailadmin_home"

# Wagtail
WAGTAIL_SITE_NAME = env_str("WAGTAIL_SITE_NAME", "Một Cửa QMS")
WAGTAILADMIN_BASE_URL = env_str("WAGTAILADMIN_BASE_URL", "http://127.0.0.1:8000")
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "qms.search_backend"}}
WAGTAILDOCS_EXTENSIONS = ["csv", "docx", "odt", "pdf", "rtf", "txt", "xlsx", "zip"]
WAGTAILDOCS_MAX_UPLOAD_SIZE = 20 * 1024 * 1024
# Upload checks (issue 11): content must match the extension (qms.uploads).
WAGTAILDOCS_DOCUMENT_FORM_BASE = "qms.upload_forms.CheckedDocumentForm"
WAGTAILIMAGES_IMAGE_FORM_BASE = "qms.upload_forms.CheckedImageForm"
WAGTAILIMAGES_MAX_UPLOAD_SIZE = 10 * 1024 * 1024
# Government networks are often offline: no update pings, no gravatar.
WAGTAIL_ENABLE_UPDATE_CHECK = False
WAGTAIL_GRAVATAR_PROVIDER_URL = None
# ISO 9001: an approved page edited again must be approved again.
WAGTAIL_WORKFLOW_REQUIRE_REAPPROVAL_ON_EDIT = True
WAGTAIL_DATE_FORMAT = "%d/%m/%Y"
WAGTAIL_DATETIME_FORMAT = "%d/%m/%Y %H:%M"
WAGTAIL_TIME_FORMAT = "%H:%M"

REST_FRAMEWORK = {
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    # --- API hardening (issue 11) ---
    # Session and token only: HTTP Basic would let anyone try passwords against
    # /api/ with no lockout. Integrations push with an API key (audits.dossiers).
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "rest_framework.authentication.SessionAuthentication",
        "rest_framework.authentication.TokenAuthentication",
    ],
    # Counted in the shared cache (CACHES, Redis in production); qms.throttling.
    "DEFAULT_THROTTLE_RATES": {
        "push": env_str("API_THROTTLE_PUSH", "60/min"),
        "push_address": env_str("API_THROTTLE_PUSH_ADDRESS", "120/min"),
        "open_data": env_str("API_THROTTLE_OPEN_DATA", "120/min"),
    },
    # The client behind QMS_PROXY_COUNT proxies (the same count as the PDF
    # limit and the page cache; 0: REMOTE_ADDR, the header is never trusted).
    "NUM_PROXIES": QMS_PROXY_COUNT,
    # --- end API hardening ---
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Một Cửa QMS API",
    "DESCRIPTION": (
        "Đẩy hồ sơ từ phần mềm một cửa / push dossiers from one-stop software"
    ),
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "PREPROCESSING_HOOKS": ["audits.dossiers.api.only_push_api"],
}

# Demo loaders run in this order by ``manage.py load_demo``. config is the only
# place that knows every app, so qms never imports procedures or audits.
DEMO_LOADERS = [
    "qms.organisation.demo.load",
    "qms.documents.demo.load",
    "qms.competence.demo.load",
    "procedures.demo.load",
    "audits.demo.load",
    "audits.inspections.demo.load",
    "audits.planning.demo.load",
    "audits.reviews.demo.load",
    "qms.signing.demo.load",
    "audits.feedback.demo.load",
]

# ``manage.py send_reminders`` gathers reminders from each of these functions
# ``source(*, today) -> list[qms.reminders.Reminder]``; apps append their own.
REMINDER_SOURCES = [
    "qms.documents.reminders.document_reminders",
    "audits.inspections.reminders.corrective_action_reminders",
    "audits.reviews.reminders.review_action_reminders",
]
# ``send_reminders`` then runs these ``notices(*, today) -> {email: count}``:
# reminders that are one mail per event, not a line of the daily digest.
REMINDER_NOTICES = ["qms.competence.reminders.certificate_expiry_notices"]
# Days before a training certificate expires that its holder is reminded.
COMPETENCE_REMINDER_DAYS = [
    int(day) for day in env_list("COMPETENCE_REMINDER_DAYS", ["60", "30"])
]

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "WARNING")},
}
