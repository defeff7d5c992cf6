"""Holdspace settings: one module, configured from environment variables.

Every variable is read through holdspace.env, which raises ImproperlyConfigured
on a value it cannot understand, so a typo stops the server instead of quietly
weakening it. With no variables set at all, development on SQLite works once
HOLDSPACE_DEBUG=1 is given (`make run` does that); Django's own DEBUG stays off unless
HOLDSPACE_DJANGO_DEBUG=1 is given too.
"""
import os
import sqlite3
from pathlib import Path

import dj_database_url
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

from holdspace.env import (
    env_bool, env_contacts, env_int, env_list, env_rate, env_secret, env_str, env_url, private_directory, private_files,
)

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(env_str("HOLDSPACE_VAR_DIR", default=str(BASE_DIR / "var")))
# Whatever the server creates from here on (the SQLite database with its write-ahead log and shared
# memory, which SQLite creates with the database's own mode, collected static files, anything written
# under var/) is readable by the server's own user only: files 0600, directories 0700.
private_files()

# HOLDSPACE_DEBUG gives the conveniences of a demo or development machine (`make run`): built-in secrets,
# mail written to a folder (with a page listing it), cookies over plain HTTP, no HTTPS redirect, static
# files served from the apps. It leaves Django's own DEBUG off, so people see Holdspace's own pages for
# "not found" and "something went wrong", never Django's technical pages that list every address and
# setting; HOLDSPACE_DJANGO_DEBUG=1 turns those on as well, for someone tracking down a fault.
HOLDSPACE_DEBUG = env_bool("HOLDSPACE_DEBUG", default=False)
DEBUG = env_bool("HOLDSPACE_DJANGO_DEBUG", default=False)
if DEBUG and not HOLDSPACE_DEBUG:
    raise ImproperlyConfigured("HOLDSPACE_DJANGO_DEBUG=1 is for development only: it needs HOLDSPACE_DEBUG=1.")
SECRET_KEY = env_secret(
    "HOLDSPACE_SECRET_KEY",
    debug_default="development-only-secret-never-use-this-in-production-0123456789",
    debug=HOLDSPACE_DEBUG,
)
# Keys for receipt look-ups and for wrapping people's keys are derived from
# this secret, kept apart from SECRET_KEY so that rotating sessions never
# strands a report. Losing it makes every receipt and handler key unopenable.
HOLDSPACE_KEY_SECRET = env_secret(
    "HOLDSPACE_KEY_SECRET",
    debug_default="development-only-key-secret-never-use-this-in-production-0123456789",
    debug=HOLDSPACE_DEBUG,
)
# Argon2id cost for receipt codes, handler passwords and recovery codes; see
# bench/README.md for how these were chosen on a two-core machine.
HOLDSPACE_ARGON2_TIME_COST = env_int("HOLDSPACE_ARGON2_TIME_COST", default=3, minimum=1)
HOLDSPACE_ARGON2_MEMORY_KIB = env_int("HOLDSPACE_ARGON2_MEMORY_KIB", default=64 * 1024, minimum=8)
HOLDSPACE_ARGON2_PARALLELISM = env_int("HOLDSPACE_ARGON2_PARALLELISM", default=1, minimum=1)
ALLOWED_HOSTS = env_list("HOLDSPACE_ALLOWED_HOSTS", default=["127.0.0.1", "localhost", "[::1]"])
# The address people use to reach this server; links in emails are built from it.
SITE_URL = env_str("HOLDSPACE_SITE_URL", default="http://127.0.0.1:8000" if HOLDSPACE_DEBUG else None).rstrip("/")

# Background work (reminders, retention, email) runs on the database: no broker.
# A worker runs `manage.py db_worker`; `manage.py daily_upkeep --schedule`
# starts the daily job, which then schedules itself each day.
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "csp",
    "django_tasks",
    "django_tasks_db",
    "holdspace.web",
    "holdspace.audit",
    "holdspace.accounts",
    "holdspace.keys",
    "holdspace.organisations",
    "holdspace.reports",
    "holdspace.circles",
    "holdspace.inventory",
    "holdspace.stories",
    "holdspace.conduct",
    "holdspace.vetting",
    "holdspace.assessments",
    "holdspace.concerns",
    "holdspace.accountability",
    "holdspace.site",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    # Before CSRF checking reads a body: which views keep files, and throttles asked before any body is read.
    "holdspace.web.uploads.UploadGateMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "holdspace.accounts.middleware.TwoStepMiddleware",
    # Every view needs a login unless it is marked @login_not_required.
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "holdspace.accounts.middleware.SessionLifetimeMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "holdspace.web.middleware.PrivateByDefaultMiddleware",
]

ROOT_URLCONF = "holdspace.urls"
WSGI_APPLICATION = "holdspace.wsgi.application"

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
                # After Django's own form token: a page drawn to be kept in the public cache carries a placeholder.
                "holdspace.web.public_pages.form_token",
            ],
        },
    },
]


SQLITE_AT_LEAST = (3, 35)


def _database(url: str) -> dict:
    try:
        config = dj_database_url.parse(url, conn_max_age=env_int("HOLDSPACE_DB_CONN_MAX_AGE", default=60))
    except ValueError as error:
        raise ImproperlyConfigured(f"DATABASE_URL cannot be understood: {error}") from None
    if config["ENGINE"] == "django.db.backends.sqlite3":
        if sqlite3.sqlite_version_info < SQLITE_AT_LEAST:  # a throttle's count is added to and read in one statement
            raise ImproperlyConfigured(
                f"Holdspace needs SQLite {'.'.join(map(str, SQLITE_AT_LEAST))} or later (UPDATE ... RETURNING); "
                f"this Python has {sqlite3.sqlite_version}.")
        config["CONN_MAX_AGE"] = 0 if config["NAME"] == ":memory:" else config["CONN_MAX_AGE"]
        config["OPTIONS"] = {
            # WAL lets readers work while one writer writes; IMMEDIATE takes the
            # write lock at BEGIN so two writers never deadlock half-way.
            "init_command": (
                # secure_delete: what is deleted or rewritten (an entry deleted for good, a report purged) is
                # overwritten in the file, not left in its free pages.
                "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA secure_delete=ON; "
                "PRAGMA busy_timeout=5000; PRAGMA foreign_keys=ON;"
            ),
            "transaction_mode": "IMMEDIATE",
        }
    elif config["ENGINE"] == "django.db.backends.postgresql":
        config["CONN_HEALTH_CHECKS"] = True
    else:
        raise ImproperlyConfigured("DATABASE_URL must point at SQLite or PostgreSQL.")
    return config


if "DATABASE_URL" not in os.environ:
    private_directory(VAR_DIR)
DATABASES = {
    "default": _database(env_str("DATABASE_URL", default=f"sqlite:///{VAR_DIR / 'holdspace.sqlite3'}")),
}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Uploaded files stay in memory, never in a temporary file (holdspace.web.uploads): at most this many bytes
# each and this many per request; past either the file is read and dropped, and its form says why.
FILE_UPLOAD_HANDLERS = ["holdspace.web.uploads.MemoryUploadHandler"]
HOLDSPACE_UPLOAD_MAX_BYTES = 10 * 1024 * 1024
HOLDSPACE_UPLOAD_MAX_FILES = 5

# "public": pages every signed-out visitor sees alike (holdspace/web/public_pages.py), shared by every app
# server. With HOLDSPACE_CACHE_URL (redis://host:port/db) they are kept in Redis, which several machines can
# share; without it, in files under var/cache, which every worker of this one machine shares (README, Configuration).
HOLDSPACE_CACHE_URL = env_str("HOLDSPACE_CACHE_URL", default="")
if HOLDSPACE_CACHE_URL and not HOLDSPACE_CACHE_URL.startswith(("redis://", "rediss://", "unix://")):
    raise ImproperlyConfigured("HOLDSPACE_CACHE_URL must be a redis://, rediss:// or unix:// address.")
# How long a kept public page may be served; 0 keeps none. A change the page shows replaces it at once anyway:
# this bounds only what moves with the clock (a session that has begun, figures counted once a minute).
HOLDSPACE_PUBLIC_CACHE_SECONDS = env_int("HOLDSPACE_PUBLIC_CACHE_SECONDS", default=300, minimum=0)
CACHES = {
    "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
    "public": {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": HOLDSPACE_CACHE_URL,
        "KEY_PREFIX": "holdspace",
        "OPTIONS": {"socket_timeout": 1, "socket_connect_timeout": 1},
    } if HOLDSPACE_CACHE_URL else {
        "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
        "LOCATION": env_str("HOLDSPACE_PUBLIC_CACHE_DIR", default=str(VAR_DIR / "cache" / "public")),
        "OPTIONS": {"MAX_ENTRIES": 20_000},
    },
}

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = ["holdspace.accounts.backends.AccountBackend"]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "site:dashboard"
LOGOUT_REDIRECT_URL = "site:landing"
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "holdspace.accounts.passwords.UserAttributeSimilarityValidator"},
    {"NAME": "holdspace.accounts.passwords.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "holdspace.accounts.passwords.CommonPasswordValidator"},
    {"NAME": "holdspace.accounts.passwords.NumericPasswordValidator"},
]
PASSWORD_RESET_TIMEOUT = 60 * 60 * 2

# Sessions end after a fixed time and after a period without activity; both
# are checked on the server. Django's database sessions, read with one written-out query.
SESSION_ENGINE = "holdspace.web.sessions"
SESSION_COOKIE_AGE = env_int("HOLDSPACE_SESSION_SECONDS", default=60 * 60 * 12, minimum=60)
HOLDSPACE_IDLE_SECONDS = env_int("HOLDSPACE_IDLE_SECONDS", default=60 * 60 * 2, minimum=60)
# How long a re-confirmation of identity opens dangerous actions.
HOLDSPACE_SUDO_SECONDS = env_int("HOLDSPACE_SUDO_SECONDS", default=60 * 10, minimum=30)
# Sign-in attempts per account from one client (and per two-step code).
HOLDSPACE_LOGIN_RATE = env_rate("HOLDSPACE_LOGIN_RATE", default="5/m")
# Wrong passwords for one account from everywhere: past it, the password alone no longer signs in and
# the two-step code is asked on the same form (docs/security.md, "Limits on guessing").
HOLDSPACE_LOGIN_RATE_ACCOUNT = env_rate("HOLDSPACE_LOGIN_RATE_ACCOUNT", default="20/h")
# Receipt code tries per client (colleagues may share one office address, so
# this is configurable), and wrong tries across the whole platform past which
# every client's allowance shrinks (never to nothing).
HOLDSPACE_RECEIPT_RATE_CLIENT = env_rate("HOLDSPACE_RECEIPT_RATE_CLIENT", default="10/h")
HOLDSPACE_RECEIPT_RATE_GLOBAL = env_rate("HOLDSPACE_RECEIPT_RATE_GLOBAL", default="1000/h")
# Notice code tries per respondent's account (each runs the slow key stretching), and wrong tries across the
# platform past which each account's allowance shrinks (never below one).
HOLDSPACE_NOTICE_CODE_RATE_ACCOUNT = env_rate("HOLDSPACE_NOTICE_CODE_RATE_ACCOUNT", default="5/h")
HOLDSPACE_NOTICE_CODE_RATE_GLOBAL = env_rate("HOLDSPACE_NOTICE_CODE_RATE_GLOBAL", default="200/h")
# Where each throttle window's secret is kept, readable by the server's user only, deleted when the
# window is over; every worker of the server must see the same directory.
HOLDSPACE_THROTTLE_SECRET_DIR = Path(
    env_str("HOLDSPACE_THROTTLE_SECRET_DIR", default=str(VAR_DIR / "throttle-secrets"))
)
# Report submissions from one client address.
HOLDSPACE_REPORT_RATE_CLIENT = env_rate("HOLDSPACE_REPORT_RATE_CLIENT", default="20/h")
# Where the quick exit on reporting pages leads: a neutral page, only linked (nothing is loaded from it).
HOLDSPACE_QUICK_EXIT_URL = env_url("HOLDSPACE_QUICK_EXIT_URL", default="https://www.wikipedia.org/")
# Support and crisis contacts the operator shows before anyone writes a report, on every organisation's
# reporting page (a JSON file: see README); none when unset.
HOLDSPACE_SUPPORT_CONTACTS = env_contacts("HOLDSPACE_SUPPORT_CONTACTS_FILE")
# Stories: the organisation whose moderators read every story before it is
# published (its slug); with none, nobody can moderate and nothing is published.
HOLDSPACE_STORIES_MODERATED_BY = env_str("HOLDSPACE_STORIES_MODERATED_BY", default="")
# Stories created or sent to moderation from one client address (and one account).
HOLDSPACE_STORY_RATE_CLIENT = env_rate("HOLDSPACE_STORY_RATE_CLIENT", default="10/h")
# Take-down requests from one client address: generous, since a request never needs proof.
HOLDSPACE_TAKEDOWN_RATE_CLIENT = env_rate("HOLDSPACE_TAKEDOWN_RATE_CLIENT", default="30/d")
# "This helped me" from one address without an account, across all stories.
HOLDSPACE_HELPED_RATE_CLIENT = env_rate("HOLDSPACE_HELPED_RATE_CLIENT", default="100/d")
# Membership vetting: applications one person sends to networks, and requests for a reference mailed to
# one referee address (first asks and fresh links alike), so the form cannot be used to mail anyone at will.
HOLDSPACE_APPLICATION_RATE_APPLICANT = env_rate("HOLDSPACE_APPLICATION_RATE_APPLICANT", default="5/d")
HOLDSPACE_REFEREE_MAIL_RATE_ADDRESS = env_rate("HOLDSPACE_REFEREE_MAIL_RATE_ADDRESS", default="3/d")
# How many proxies in front of the server append to X-Forwarded-For; throttles
# then bucket by the address the nearest trusted proxy saw.
HOLDSPACE_TRUSTED_PROXIES = env_int("HOLDSPACE_TRUSTED_PROXIES", default=0)
HOLDSPACE_INVITATION_DAYS = env_int("HOLDSPACE_INVITATION_DAYS", default=14, minimum=1)

SECURE_COOKIES = env_bool("HOLDSPACE_SECURE_COOKIES", default=not HOLDSPACE_DEBUG)
SESSION_COOKIE_SECURE = SECURE_COOKIES
SESSION_COOKIE_HTTPONLY = True
# Lax, not Strict: links from webmail (password reset, invitations) must
# arrive with the session; every form is still protected by its CSRF token.
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SECURE = SECURE_COOKIES
CSRF_COOKIE_HTTPONLY = True
CSRF_COOKIE_SAMESITE = "Strict"
CSRF_FAILURE_VIEW = "holdspace.web.views.csrf_failure"
LANGUAGE_COOKIE_SECURE = SECURE_COOKIES
LANGUAGE_COOKIE_SAMESITE = "Lax"
LANGUAGE_COOKIE_HTTPONLY = True
LANGUAGE_COOKIE_AGE = 60 * 60 * 24 * 365

SECURE_SSL_REDIRECT = env_bool("HOLDSPACE_SSL_REDIRECT", default=not HOLDSPACE_DEBUG)
if SECURE_SSL_REDIRECT and not SITE_URL.startswith("https://"):
    raise ImproperlyConfigured("HOLDSPACE_SITE_URL must start with https:// when HTTPS is required.")
SECURE_HSTS_SECONDS = env_int("HOLDSPACE_HSTS_SECONDS", default=0 if HOLDSPACE_DEBUG else 60 * 60 * 24 * 365)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("HOLDSPACE_HSTS_INCLUDE_SUBDOMAINS", default=True)
SECURE_HSTS_PRELOAD = env_bool("HOLDSPACE_HSTS_PRELOAD", default=True)
if env_bool("HOLDSPACE_BEHIND_PROXY", default=False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_CONTENT_TYPE_NOSNIFF = True
# No referrer ever leaves for another site. "same-origin" rather than
# "no-referrer": under the latter Chromium sends `Origin: null` with form
# posts, which CSRF protection must then refuse.
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

# No inline script or style anywhere; nothing from another host.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [NONE],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
        "base-uri": [NONE],
    },
}

LANGUAGE_CODE = "en"
LANGUAGES = [("en", _("English")), ("es", _("Spanish")), ("fr", _("French")), ("pt", _("Portuguese"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
USE_I18N = True
# One date and one time format per language (holdspace/formats/<lang>/formats.py), shown through
# holdspace/web/dates.py.
FORMAT_MODULE_PATH = "holdspace.formats"
TIME_ZONE = env_str("HOLDSPACE_TIME_ZONE", default="UTC")
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "static"
_manifest = env_bool("HOLDSPACE_STATIC_MANIFEST", default=not HOLDSPACE_DEBUG)
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if _manifest
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}
WHITENOISE_USE_FINDERS = not _manifest
# Without Django's DEBUG, WhiteNoise still serves the apps' static files, and in development sees them change.
WHITENOISE_AUTOREFRESH = HOLDSPACE_DEBUG and not _manifest

DEFAULT_FROM_EMAIL = env_str("HOLDSPACE_FROM_EMAIL", default="Holdspace <no-reply@holdspace.invalid>")
# In development mails are written to a folder, one file each, instead of filling the terminal; the page
# /dev/mail/ lists them (sign-up, verification and password reset mails among them).
EMAIL_BACKEND = env_str(
    "HOLDSPACE_EMAIL_BACKEND",
    default="django.core.mail.backends.filebased.EmailBackend" if HOLDSPACE_DEBUG
    else "django.core.mail.backends.smtp.EmailBackend",
)
EMAIL_FILE_PATH = Path(env_str("HOLDSPACE_MAIL_DIR", default=str(VAR_DIR / "mail")))
EMAIL_HOST = env_str("HOLDSPACE_EMAIL_HOST", default="127.0.0.1")
EMAIL_PORT = env_int("HOLDSPACE_EMAIL_PORT", default=25)
EMAIL_HOST_USER = env_str("HOLDSPACE_EMAIL_USER", default="")
EMAIL_HOST_PASSWORD = env_str("HOLDSPACE_EMAIL_PASSWORD", default="")
EMAIL_USE_TLS = env_bool("HOLDSPACE_EMAIL_TLS", default=False)

OTP_TOTP_ISSUER = "Holdspace"

# Request logging carries no client address: Django's own loggers do not add
# one, and the production server is started with its access log off.
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "{levelname} {name} {message}", "style": "{"}},
    "filters": {
        "secret_paths": {"()": "holdspace.web.logs.SecretPathFilter"},
        "no_addresses": {"()": "holdspace.web.logs.AddressFilter"},
    },
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain",
                             "filters": ["secret_paths", "no_addresses"]}},
    "root": {"handlers": ["console"], "level": env_str("HOLDSPACE_LOG_LEVEL", default="INFO")},
    # Request errors and the development server's request lines name paths: both pass the filters.
    # Django's own handlers go: its error mails would carry the request's headers and the client's address.
    "loggers": {
        "django": {"handlers": [], "propagate": True},
        "django.request": {"filters": ["secret_paths"]},
        "django.server": {"filters": ["secret_paths"]},
    },
}
