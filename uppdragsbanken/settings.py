"""Settings for Uppdragsbanken, read from environment variables.

With nothing set, the site runs on an SQLite file, Celery runs tasks eagerly
in-process and e-mail is printed to the console. See the table in README.md.
"""

from datetime import timedelta
from pathlib import Path

from celery.schedules import crontab
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

from uppdragsbanken.env import (
    database_from_url,
    env_bool,
    env_int,
    env_list,
    env_str,
    env_url,
)

BASE_DIR = Path(__file__).resolve().parent.parent

DEBUG = env_bool("DEBUG", True)

SECRET_KEY = env_str("SECRET_KEY")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured("SECRET_KEY must be set when DEBUG is off.")
    SECRET_KEY = "dev-only-key-not-for-production-3f9c1e7a2b8d4c6e0a5f1b7d9e2c4a6b8d0f"

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["localhost", "127.0.0.1", "[::1]"] if DEBUG else [])
if not DEBUG and not ALLOWED_HOSTS:
    raise ImproperlyConfigured("ALLOWED_HOSTS must list the site's host names when DEBUG is off.")

SITE_URL = env_url("SITE_URL", "http://127.0.0.1:8000", schemes=("http", "https")).rstrip("/")
CSRF_TRUSTED_ORIGINS = [SITE_URL]
# The site's name in e-mail ("Hej från Uppdragsbanken!"); its domain follows SITE_URL
# (uppdragsbanken/apps.py writes both to the Site row after every migrate).
SITE_ID = 1
SITE_NAME = "Uppdragsbanken"
# True when a reverse proxy in front of the app (as in docker-compose.yml) sets
# X-Forwarded-For; then the client address for login lockouts is read from it.
BEHIND_PROXY = env_bool("BEHIND_PROXY", False)

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.sites",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.contrib.postgres",
    "django.forms",
    "allauth",
    "allauth.account",
    "django_filters",
    "django_htmx",
    "axes",
    "csp",
    "uppdragsbanken",
    "members",
    "municipalities",
    "associations",
    "assignments",
    "notifications",
    "pathways",
    "certificates",
    "calendars",
    "offline",
    "conversations",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "uppdragsbanken.csp.CSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "uppdragsbanken.input_guard.UnreadableCharactersMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    # Last, as django-axes asks: it turns a refused login into the lockout page.
    "axes.middleware.AxesMiddleware",
]

FORM_RENDERER = "uppdragsbanken.forms.FormRenderer"

ROOT_URLCONF = "uppdragsbanken.urls"
WSGI_APPLICATION = "uppdragsbanken.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
                "uppdragsbanken.context_processors.site",
                "notifications.context_processors.unread",
                "municipalities.context_processors.staff_menu",
                "pathways.context_processors.supporter_menu",
            ],
        },
    },
]

# Database: SQLite file unless DATABASE_URL points at PostgreSQL.
DATABASES = {"default": database_from_url("DATABASE_URL", env_str("DATABASE_URL"), base_dir=BASE_DIR)}
if DATABASES["default"]["ENGINE"].endswith("postgresql"):
    # Connections stay open between requests, for CONN_MAX_AGE seconds: PostgreSQL loads the Swedish
    # search dictionary once per connection, which takes about 0.2 s (assignments.search_pg). A
    # connection that broke meanwhile is noticed and replaced before a request uses it.
    DATABASES["default"]["CONN_MAX_AGE"] = env_int("CONN_MAX_AGE", 600)
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Redis: Celery broker and result backend, and the cache. Without it, tasks run eagerly.
REDIS_URL = env_url("REDIS_URL", "", schemes=("redis", "rediss", "unix"))
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "uppdragsbanken.cache.TolerantRedisCache",
            "LOCATION": REDIS_URL,
            "OPTIONS": {"socket_connect_timeout": 2, "socket_timeout": 2},
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

CELERY_BROKER_URL = REDIS_URL or "memory://"
CELERY_RESULT_BACKEND = REDIS_URL or None
CELERY_TASK_ALWAYS_EAGER = not REDIS_URL
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_IGNORE_RESULT = True
CELERY_TIMEZONE = "Europe/Stockholm"
# A broker that is down must not make a web request hang: give up publishing
# quickly; the outbox (notification rows) is swept by a periodic task later.
CELERY_BROKER_CONNECTION_TIMEOUT = 2
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_BROKER_TRANSPORT_OPTIONS = {
    "max_retries": 1,
    "interval_start": 0,
    "interval_step": 0.5,
    "socket_connect_timeout": 2,
    "socket_timeout": 5,
}
CELERY_TASK_PUBLISH_RETRY_POLICY = {"max_retries": 1, "interval_start": 0, "interval_step": 0.5}
# Run by `celery beat`, in Swedish time (CELERY_TIMEZONE).
CELERY_BEAT_SCHEDULE = {
    "daily-digest": {
        "task": "notifications.tasks.send_digests",
        "schedule": crontab(hour=7, minute=0),
        "args": ("daily",),
    },
    "weekly-digest": {
        "task": "notifications.tasks.send_digests",
        "schedule": crontab(hour=7, minute=0, day_of_week=1),
        "args": ("weekly",),
    },
    "reminders": {"task": "notifications.tasks.send_reminders", "schedule": crontab(hour=9, minute=0)},
    "sweep": {"task": "notifications.tasks.sweep", "schedule": 300.0},
    "expire-assignments": {"task": "notifications.tasks.expire_assignments", "schedule": crontab(minute=5)},
    # An offer of a place from a waiting list that was not answered in time goes to the next in line.
    "waiting-list-offers": {"task": "notifications.tasks.waiting_list_offers", "schedule": 60.0},
    # Warns accounts unused for 23 months and deletes those unused for 24 (members.retention).
    "inactive-accounts": {"task": "members.tasks.inactive_accounts", "schedule": crontab(hour=3, minute=30)},
}

# Authentication: e-mail is the login name; e-mail must be verified before logging in.
AUTH_USER_MODEL = "members.User"
AUTHENTICATION_BACKENDS = [
    # First: refuses every authenticate() (allauth's login and reauthentication, the admin's
    # login) for a locked-out e-mail address and client address before a password is checked.
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "home"
ACCOUNT_LOGOUT_REDIRECT_URL = "home"
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_CONFIRM_EMAIL_ON_GET = False
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = True
ACCOUNT_LOGIN_ON_PASSWORD_RESET = False
ACCOUNT_EMAIL_SUBJECT_PREFIX = "Uppdragsbanken: "
ACCOUNT_DEFAULT_HTTP_PROTOCOL = SITE_URL.split("://", 1)[0]
ACCOUNT_PREVENT_ENUMERATION = True
ACCOUNT_ADAPTER = "members.adapter.AccountAdapter"
ACCOUNT_FORMS = {
    name: f"members.forms.{form}"
    for name, form in {
        "login": "LoginForm",
        "signup": "SignupForm",
        "add_email": "AddEmailForm",
        "change_password": "ChangePasswordForm",
        "set_password": "SetPasswordForm",
        "reset_password": "ResetPasswordForm",
        "reset_password_from_key": "ResetPasswordKeyForm",
    }.items()
}

# Login lockout (django-axes). Failures are counted in the database, not the cache, so
# the limit holds across every web process and also while Redis is down.
# Counted per e-mail address *and* client address together: someone guessing from one
# address cannot lock the resident out of their own computer or phone, and a password
# guesser gets AXES_FAILURE_LIMIT tries per address. (allauth's own per-address and
# per-e-mail limits in the cache come on top while Redis answers.)
AXES_HANDLER = "axes.handlers.database.AxesDatabaseHandler"
# allauth's own failed-login limit would answer the sixth try with a short form error and hide
# the lockout page (until when, and how to choose a new password): axes alone counts failures.
# allauth's other limits (logins per address a minute, sign-ups, resets) stay as they are.
ACCOUNT_RATE_LIMITS = {"login_failed": None}
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = timedelta(minutes=15)
AXES_RESET_ON_SUCCESS = True
# Successful logins are not logged: we keep no more personal data than we need.
AXES_DISABLE_ACCESS_LOG = True
# allauth sends `email`, the admin sends `username`: count both under the same address.
AXES_USERNAME_CALLABLE = "uppdragsbanken.lockout.username_from"
AXES_LOCKOUT_CALLABLE = "uppdragsbanken.lockout.lockout_response"
AXES_LOCKOUT_TEMPLATE = "lockout.html"
# Without a proxy, X-Forwarded-For is whatever the client typed: only REMOTE_ADDR counts.
# Behind one proxy, the right-most X-Forwarded-For entry is the one the proxy added.
AXES_IPWARE_META_PRECEDENCE_ORDER = ("HTTP_X_FORWARDED_FOR", "REMOTE_ADDR") if BEHIND_PROXY else ("REMOTE_ADDR",)
AXES_IPWARE_PROXY_ORDER = "right-most"

# Content-Security-Policy (django-csp): only the site's own files run, and no inline
# script or style, so injected markup cannot execute. htmx is told not to inject its
# indicator style (templates/base.html, <meta name="htmx-config">).
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "frame-ancestors": ["'none'"],
        "form-action": ["'self'"],
    }
}

# E-mail: printed to the console unless EMAIL_HOST is set.
EMAIL_HOST = env_str("EMAIL_HOST")
EMAIL_PORT = env_int("EMAIL_PORT", 587, minimum=1, maximum=65535)
EMAIL_HOST_USER = env_str("EMAIL_HOST_USER")
EMAIL_HOST_PASSWORD = env_str("EMAIL_HOST_PASSWORD")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
EMAIL_USE_SSL = env_bool("EMAIL_USE_SSL", False)
if EMAIL_USE_TLS and EMAIL_USE_SSL:
    raise ImproperlyConfigured("EMAIL_USE_TLS and EMAIL_USE_SSL cannot both be on; choose one.")
EMAIL_TIMEOUT = 10
EMAIL_BACKEND = (
    "django.core.mail.backends.smtp.EmailBackend" if EMAIL_HOST else "django.core.mail.backends.console.EmailBackend"
)
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "Uppdragsbanken <noreply@uppdragsbanken.example>")
# Where residents report problems (shown on the accessibility and privacy pages).
SUPPORT_EMAIL = env_str("SUPPORT_EMAIL", "kontakt@uppdragsbanken.example" if DEBUG else "")
if not SUPPORT_EMAIL:
    raise ImproperlyConfigured(
        "SUPPORT_EMAIL must be set when DEBUG is off: residents need a real address to write to."
    )
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# Language and time: Swedish first, English complete.
LANGUAGE_CODE = "sv"
LANGUAGES = [("sv", _("Svenska")), ("en", _("Engelska"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Europe/Stockholm"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG
        else "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}
WHITENOISE_USE_FINDERS = DEBUG

# Security. Behind a TLS-terminating proxy that sets X-Forwarded-Proto.
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", not DEBUG)
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 0 if DEBUG else 31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = not DEBUG
SECURE_HSTS_PRELOAD = not DEBUG
SESSION_COOKIE_SECURE = not DEBUG
CSRF_COOKIE_SECURE = not DEBUG
LANGUAGE_COOKIE_SECURE = not DEBUG
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

MESSAGE_TAGS = {}

# One console handler for everything. Django's own "django" logger gets it too (instead of
# its default console handler, which printed every refused request a second time), and a
# refused request (4xx: 403, 404, 405, bad CSRF, DisallowedHost) is one line, no traceback.
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"client_errors_one_line": {"()": "uppdragsbanken.log_filters.ClientErrorsOnOneLine"}},
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "formatter": "plain",
            "filters": ["client_errors_one_line"],
        }
    },
    "root": {"handlers": ["console"], "level": "WARNING"},
    "loggers": {
        "django": {"handlers": ["console"], "level": "INFO", "propagate": False},
        "uppdragsbanken": {"level": "INFO"},
        "assignments": {"level": "INFO"},
        "members": {"level": "INFO"},
        "celery": {"level": "INFO"},
    },
}
