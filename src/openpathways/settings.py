"""Settings for OpenPathways: one module; production differs only through environment variables.

DATABASE_URL          database (default: SQLite file var/openpathways.sqlite3 in the project folder)
OPENPATHWAYS_HOME     data folder (default: <project>/var)
SECRET_KEY            required when DEBUG is off
DEBUG                 "1" for development (default on for the local demo, off otherwise)
ALLOWED_HOSTS         comma-separated
OPENPATHWAYS_DEMO_LOGIN  "1" enables the one-click sign-in links printed by `openpathways demo`
EMAIL_BACKEND         Django email backend (default: console)
OPENPATHWAYS_SITE_URL  the site's public address, for links in emails and reminders
                      (default: http://127.0.0.1:8000)
"""

from __future__ import annotations

import os
from pathlib import Path

import dj_database_url
from django.utils.translation import gettext_lazy as _

PACKAGE_DIR = Path(__file__).resolve().parent
PROJECT_DIR = PACKAGE_DIR.parent.parent
HOME = Path(os.environ.get("OPENPATHWAYS_HOME", PROJECT_DIR / "var")).resolve()


def _flag(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


DEBUG = _flag("DEBUG", default=False)
_DEV_KEY = "openpathways-insecure-development-key-do-not-use-in-production"
SECRET_KEY = os.environ.get("SECRET_KEY", _DEV_KEY)
if SECRET_KEY == _DEV_KEY and not DEBUG and _flag("OPENPATHWAYS_PRODUCTION"):
    raise RuntimeError("Set SECRET_KEY in the environment for production.")
ALLOWED_HOSTS = [
    h.strip() for h in os.environ.get("ALLOWED_HOSTS", "127.0.0.1,localhost,testserver").split(",")
]
DEMO_LOGIN = _flag("OPENPATHWAYS_DEMO_LOGIN")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "ninja",
    "openpathways.core",
    "openpathways.accounts",
    "openpathways.organizations",
    "openpathways.terms",
    "openpathways.agreements",
    "openpathways.catalog",
    "openpathways.students",
    "openpathways.enrollments",
    "openpathways.applications",
    "openpathways.consents",
    "openpathways.notifications",
    "openpathways.wbl",
    "openpathways.audit",
    "openpathways.interop",
    "openpathways.seats",
    "openpathways.rosters",
    "openpathways.outcomes",
    "openpathways.dashboards",
    "openpathways.web",
    "openpathways.api",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "openpathways.accounts.middleware.PreferredLanguageMiddleware",
]

ROOT_URLCONF = "openpathways.urls"
WSGI_APPLICATION = "openpathways.wsgi.application"
AUTH_USER_MODEL = "accounts.User"
LOGIN_URL = "web:login"
LOGIN_REDIRECT_URL = "web:home"
LOGOUT_REDIRECT_URL = "web:login"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "openpathways.web.context.navigation",
            ],
        },
    },
]

_default_db = f"sqlite:///{HOME / 'openpathways.sqlite3'}"
DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL", _default_db), conn_max_age=0, conn_health_checks=False
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"].setdefault("OPTIONS", {})
    DATABASES["default"]["OPTIONS"].update(
        {"timeout": 30, "transaction_mode": "IMMEDIATE", "init_command": "PRAGMA journal_mode=WAL;"}
    )
    DATABASES["default"]["TEST"] = {"NAME": os.environ.get("OPENPATHWAYS_TEST_SQLITE") or None}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
]
PASSWORD_HASHERS = (
    ["django.contrib.auth.hashers.MD5PasswordHasher"]
    if _flag("OPENPATHWAYS_FAST_HASHER")
    else [
        "django.contrib.auth.hashers.PBKDF2PasswordHasher",
        "django.contrib.auth.hashers.MD5PasswordHasher",
    ]
)

LANGUAGE_CODE = "en"
LANGUAGES = [("en", _("English")), ("es", _("Spanish"))]
LOCALE_PATHS = [PACKAGE_DIR / "locale"]
TIME_ZONE = "America/Los_Angeles"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = HOME / "static"
MEDIA_ROOT = HOME / "media"

SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = False
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"

EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
DEFAULT_FROM_EMAIL = os.environ.get(
    "DEFAULT_FROM_EMAIL", "OpenPathways <no-reply@openpathways.invalid>"
)
# The public address that links in emails (consent links, reminders, employer links) start with.
OPENPATHWAYS_SITE_URL = os.environ.get("OPENPATHWAYS_SITE_URL", "http://127.0.0.1:8000").rstrip("/")

# Small-cell suppression threshold for every table shown outside staff views (CDE: 1-10 as "*").
SUPPRESSION_THRESHOLD = int(os.environ.get("OPENPATHWAYS_SUPPRESSION_THRESHOLD", "10"))

NINJA_PAGINATION_PER_PAGE = 50

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "WARNING")},
}
