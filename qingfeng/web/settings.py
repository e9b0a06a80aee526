"""Django settings. Everything a deployment changes comes from the environment."""

from pathlib import Path
from urllib.parse import unquote, urlsplit

from django.core.exceptions import ImproperlyConfigured

from qingfeng import conf

try:
    HOME = conf.home()
    DEBUG = conf.env_bool("QINGFENG_DEBUG", False)
    REQUIRE_2FA = conf.env_bool("QINGFENG_REQUIRE_2FA", True)
    SECRET_KEY = conf.env_str("QINGFENG_SECRET_KEY")
    DATABASE_URL = conf.env_str("DATABASE_URL")
    LOGIN_FAILURE_LIMIT = conf.env_int("QINGFENG_LOGIN_FAILURE_LIMIT", 5)
    LOGIN_LOCK_SECONDS = conf.env_int("QINGFENG_LOGIN_LOCK_SECONDS", 300)
    # Password spraying: one address failing for this many usernames within the window is paused.
    LOGIN_ADDRESS_LIMIT = conf.env_int("QINGFENG_LOGIN_ADDRESS_LIMIT", 10)
    LOGIN_ADDRESS_WINDOW_SECONDS = conf.env_int("QINGFENG_LOGIN_ADDRESS_WINDOW_SECONDS", 3600)
    # Isolation (qingfeng.core.isolation): each job, and each uploaded file read while its
    # uploader waits, runs in a child process with these limits. A job's memory must
    # leave room above the DuckDB hub's QINGFENG_HUB_MEMORY (default 6GB).
    JOB_MEMORY_MB = conf.env_int("QINGFENG_JOB_MEMORY_MB", 10240)
    JOB_TIMEOUT_SECONDS = conf.env_int("QINGFENG_JOB_TIMEOUT_SECONDS", 3600)
    UPLOAD_MEMORY_MB = conf.env_int("QINGFENG_UPLOAD_MEMORY_MB", 2048)
    UPLOAD_TIMEOUT_SECONDS = conf.env_int("QINGFENG_UPLOAD_TIMEOUT_SECONDS", 120)
    # The largest request body `qingfeng serve` reads (a county's registry bundle is up to a few hundred MB; bigger ones go by server directory).
    MAX_REQUEST_MB = conf.env_int("QINGFENG_MAX_REQUEST_MB", 512)
    # The public portal (shared/spec/portal.md): limits per client address and per ID number,
    # the address its QR posters point to, and the county's report phone.
    LOOKUP_PER_MINUTE = conf.env_int("QINGFENG_LOOKUP_PER_MINUTE", 10)
    LOOKUP_FAILURES_PER_HOUR = conf.env_int("QINGFENG_LOOKUP_FAILURES_PER_HOUR", 5)
    REPORTS_PER_HOUR = conf.env_int("QINGFENG_REPORTS_PER_HOUR", 10)
    PUBLIC_URL = conf.env_str("QINGFENG_PUBLIC_URL", "http://127.0.0.1:8000").rstrip("/")
    REPORT_PHONE = conf.env_str("QINGFENG_REPORT_PHONE", "12388")
    # 举报箱: a box not opened for more than this many days is a reminder (docs/inspections.md).
    BOX_OPENING_DAYS = conf.env_int("QINGFENG_BOX_OPENING_DAYS", 30)
    # The monthly bulletin's 发文字号 prefix and issuing organs (";"-separated); empty:
    # derived from the county (慈利县 → 慈纪通, 中共慈利县纪律检查委员会;慈利县监察委员会).
    BULLETIN_PREFIX = conf.env_str("QINGFENG_BULLETIN_PREFIX", "")
    BULLETIN_ORGANS = conf.env_str("QINGFENG_BULLETIN_ORGANS", "")
    # Where `qingfeng inbox digest` hands each user's reminders (","-separated dotted paths of
    # channel classes, qingfeng/inbox/channels.py); the in-app channel alone by default.
    INBOX_CHANNELS = [path.strip() for path in conf.env_str(
        "QINGFENG_INBOX_CHANNELS", "qingfeng.inbox.channels.InAppChannel").split(",") if path.strip()]
except conf.ConfigError as exc:
    raise ImproperlyConfigured(str(exc)) from exc

BASE_DIR = Path(__file__).resolve().parent.parent

# --- audit chain keys (issue 13, docs/audit.md): HMAC keys outside the database.
# A directory, not one key, because rotation adds keys and old ones must stay.
AUDIT_KEY_DIR = Path(conf.env_str("QINGFENG_AUDIT_KEY_DIR") or HOME / "keys")


def _secret_key() -> str:
    """A per-installation key kept in the data directory when none is configured."""
    path = HOME / "secret_key"
    if not path.exists():
        from django.utils.crypto import get_random_string

        path.write_text(get_random_string(50))
        path.chmod(0o600)
    return path.read_text().strip()


def _database(url: str) -> dict:
    if not url:
        return {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": HOME / "qingfeng.sqlite3",
            # IMMEDIATE: writers take the lock at BEGIN, so read-modify-write
            # transactions serialise instead of failing with "database is locked".
            "OPTIONS": {
                "transaction_mode": "IMMEDIATE",
                "timeout": 20,
                "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
            },
        }
    parts = urlsplit(url)
    if parts.scheme not in ("postgres", "postgresql"):
        raise ImproperlyConfigured(f"DATABASE_URL: unsupported scheme {parts.scheme!r} (use postgresql://)")
    return {
        "ENGINE": "django.db.backends.postgresql",
        "NAME": unquote(parts.path.lstrip("/")),
        "USER": unquote(parts.username or ""),
        "PASSWORD": unquote(parts.password or ""),
        "HOST": parts.hostname or "",
        "PORT": str(parts.port or ""),
    }


SECRET_KEY = SECRET_KEY or _secret_key()
DATABASES = {"default": _database(DATABASE_URL)}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
ALLOWED_HOSTS = [h for h in conf.env_str("QINGFENG_ALLOWED_HOSTS", "127.0.0.1,localhost,testserver").split(",") if h]

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "ninja",  # Swagger UI's own copy of its assets for /api/docs (without it, ninja loads them from a CDN)
    "qingfeng.web",
    "qingfeng.core",
    "qingfeng.places",
    "qingfeng.accounts",
    "qingfeng.audit",
    "qingfeng.portal",
    "qingfeng.staff",
    "qingfeng.clues",
    "qingfeng.cases",
    "qingfeng.villages",
    "qingfeng.collaboration",
    "qingfeng.reports",
    "qingfeng.bulletins",
    "qingfeng.demo",
    "qingfeng.jobs",
    "qingfeng.crosscheck",
    "qingfeng.backup",
    "qingfeng.inspections",
    "qingfeng.boxes",
    "qingfeng.inbox",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "qingfeng.web.headers.SecurityHeadersMiddleware",
    "qingfeng.web.control_characters.RefuseControlCharactersMiddleware",
    "qingfeng.portal.middleware.PublicJSONOnlyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "qingfeng.accounts.middleware.RequireTwoFactorMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]

ROOT_URLCONF = "qingfeng.web.urls"
WSGI_APPLICATION = "qingfeng.web.wsgi.application"
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
                "qingfeng.staff.context_processors.staff_menu",
                "qingfeng.inbox.context_processors.inbox_counts",
            ]
        },
    }
]

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = ["django.contrib.auth.backends.ModelBackend"]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator",
     "OPTIONS": {"user_attributes": ("username", "full_name", "email")}},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "staff:home"
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_AGE = 8 * 3600
CSRF_COOKIE_HTTPONLY = True

# --- Deployment security: headers, HTTPS, running behind a proxy ---------------------
# CSP and Permissions-Policy: qingfeng.web.headers. SecurityMiddleware sends the rest.
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
try:
    HTTPS = conf.env_bool("QINGFENG_HTTPS", False)
    # Only behind a proxy that sets these headers itself (nginx: X-Forwarded-Proto $scheme,
    # X-Forwarded-For $proxy_add_x_forwarded_for); otherwise any client could forge them.
    BEHIND_PROXY = conf.env_bool("QINGFENG_BEHIND_PROXY", False)
    HSTS_SECONDS = conf.env_int("QINGFENG_HSTS_SECONDS", 365 * 24 * 3600)
except conf.ConfigError as exc:
    raise ImproperlyConfigured(str(exc)) from exc
if HTTPS:
    SECURE_SSL_REDIRECT = True
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = HSTS_SECONDS
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    # Allows listing in the browsers' preload list; nothing happens unless someone submits the domain.
    SECURE_HSTS_PRELOAD = True
if BEHIND_PROXY:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", "简体中文"), ("en", "English")]  # each in its own language
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Shanghai"
# One date display in every language: 2024-03-04 (qingfeng/web/formats/*/formats.py).
FORMAT_MODULE_PATH = ["qingfeng.web.formats"]
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = HOME / "static"
STATIC_ROOT.mkdir(exist_ok=True)  # whitenoise warns about a missing root
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage", "OPTIONS": {"location": HOME / "media"}},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
WHITENOISE_USE_FINDERS = True  # serve app static files without a collectstatic step
WHITENOISE_AUTOREFRESH = DEBUG

OTP_TOTP_ISSUER = "清风"
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": "WARNING"},
}

# Bounded reading of uploaded and imported tables (issue 13): rows, columns, cells, cell
# text, unpacked XLSX size, file size — from the environment, see qingfeng.engine.bounds.
try:
    from qingfeng.engine.bounds import Limits as _ImportLimits

    IMPORT_LIMITS = _ImportLimits.from_env()
except conf.ConfigError as exc:
    raise ImproperlyConfigured(str(exc)) from exc
