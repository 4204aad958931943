"""Settings shared by every environment. Environment-specific files import * from here."""

import os
from pathlib import Path

import dj_database_url

from egovpm.security.domain import BOUNDS as SECURITY_POLICY_BOUNDS

BASE_DIR = Path(__file__).resolve().parents[3]
PACKAGE_DIR = BASE_DIR / "egovpm"

# The development key is public (it is in this file): egovpm.config.wsgi refuses to serve with it when
# DEBUG is off, and the production settings never fall back to it.
DEV_SECRET_KEY = "dev-only-insecure-key-change-me"
SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", DEV_SECRET_KEY)
DEBUG = os.environ.get("DJANGO_DEBUG", "1") == "1"
# True only in settings/prod.py: development-only commands (load_demo) refuse to run there.
EGOVPM_PRODUCTION = False
ALLOWED_HOSTS = [h for h in os.environ.get("DJANGO_ALLOWED_HOSTS", "127.0.0.1,localhost").split(",") if h]

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django_htmx",
    "template_partials",
    "ninja",
    "csp",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "egovpm.core",
    "egovpm.policy",
    "egovpm.lifecycle",
    "egovpm.audit",
    "egovpm.security",
    "egovpm.orgs",
    "egovpm.documents",
    "egovpm.official",
    "egovpm.projects",
    "egovpm.experts",
    "egovpm.intake",
    "egovpm.filings",
    "egovpm.coordination",
    "egovpm.catalog",
    "egovpm.duplication",
    "egovpm.construction",
    "egovpm.procurement",
    "egovpm.supervision",
    "egovpm.acceptance",
    "egovpm.operations",
    "egovpm.accountability",
    "egovpm.evaluation",
    "egovpm.notifications",
    "egovpm.cockpit",
    "egovpm.api",
    "egovpm.backup",
    "egovpm.demo",
]

MIDDLEWARE = [
    # The security headers (HSTS, nosniff, referrer and opener policy, X-Frame-Options, CSP) come before
    # WhiteNoise, so that the static files it answers carry them too.
    "django.middleware.security.SecurityMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    # A database still locked after the wait answers 503 「系统繁忙」, not a 500 (views; urls.handler500 the rest).
    "egovpm.core.busy.DatabaseBusyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # After WhiteNoise: static files are cached normally, everything else is no-store.
    "egovpm.security.middleware.NoStoreMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "egovpm.audit.context.AuditContextMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "egovpm.security.middleware.SessionIdleMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "egovpm.orgs.middleware.LoginRequiredMiddleware",
    "egovpm.security.middleware.CredentialsMiddleware",
    # Lockout after repeated failed logins; last, as django-axes asks.
    "axes.middleware.AxesMiddleware",
]

# django-axes first: it refuses a locked-out username/IP before the password is checked.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]

ROOT_URLCONF = "egovpm.config.urls"
WSGI_APPLICATION = "egovpm.config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [PACKAGE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "egovpm.orgs.context_processors.navigation",
                "egovpm.notifications.context_processors.unread",
            ],
        },
    }
]

DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=int(os.environ.get("DB_CONN_MAX_AGE", "0")),
    )
}
# The embedded SQLite default queues concurrent writers instead of answering "database is locked": every
# transaction takes the write lock when it begins (IMMEDIATE, so two transactions that read and then write
# cannot deadlock), a writer waits up to `timeout` seconds for it, and the write-ahead log lets readers go
# on while one writes. A lock still not had after the wait is a 503 「系统繁忙」 (egovpm.core.busy), never a 500.
SQLITE_OPTIONS = {
    "timeout": 20,
    "transaction_mode": "IMMEDIATE",
    "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL",
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["OPTIONS"] = {**SQLITE_OPTIONS, **DATABASES["default"].get("OPTIONS", {})}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "orgs.User"
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "cockpit:todo"
LOGOUT_REDIRECT_URL = "accounts:login"

# --- Identity (身份鉴别, GB/T 22239-2019 8.1.4.1): every value comes from the security policy
# (egovpm.security.policy), read on each use. ---
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "egovpm.security.passwords.PolicyPasswordValidator"},
    # Django's list of common passwords, with their dressed-up variants, and the platform's own words
    {"NAME": "egovpm.security.passwords.GuessablePasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
# Forced password change (first login, maximum age), second factor for the roles of the policy, idle
# sessions ending. Tests that do not exercise them switch them off (settings/test.py).
EGOVPM_ENFORCE_PASSWORD_CHANGE = True
EGOVPM_ENFORCE_TWO_FACTOR = True
EGOVPM_ENFORCE_SESSION_IDLE = True
# Lockout by username after policy.lockout_failures failures (django-axes). An address is locked too, but
# after policy.lockout_address_failures failures of any usernames (egovpm.security.lockout.address_locked,
# checked by the login view): far more than one person's, so that a shared office address does not lock
# a whole bureau out when a few people mistype, while spraying one password over many accounts stops.
# Each address is also held to policy.login_rate_per_minute login attempts by the login rate limit.
AXES_LOCKOUT_PARAMETERS = ["username"]
# axes.W006 asks for the address among axes' lockout parameters, whose one limit would be the username's;
# the address has its own, higher limit instead (see above), so the warning is silenced on purpose.
SILENCED_SYSTEM_CHECKS = ["axes.W006"]
AXES_FAILURE_LIMIT = "egovpm.security.lockout.failure_limit"
AXES_COOLOFF_TIME = "egovpm.security.lockout.cool_off"
AXES_LOCKOUT_CALLABLE = "egovpm.security.lockout.lockout_response"
AXES_CLIENT_IP_CALLABLE = "egovpm.security.lockout.client_ip"
# A right password alone does not end the failures counted: wrong second-factor codes count too, and the
# count ends only when the login is complete (egovpm.security.views_accounts._login_complete).
AXES_RESET_ON_SUCCESS = False
# The lock lasts policy.lockout_minutes from the failure that set it; attempts during it are refused
# without extending it.
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False
AXES_COOLOFF_MESSAGE = "账户已锁定：连续登录失败次数过多，请稍后再试或联系系统管理员。"
OTP_TOTP_ISSUER = "启东市电子政务项目管理平台"
# The authenticator a new binding uses: "totp" (RFC 6238, any authenticator app) or "sm3" (the SM3 dynamic
# password of GM/T 0021-2012, for deployments that must use national algorithms; egovpm.security.models
# .SM3Device). A login accepts a device of either kind, so switching does not lock out earlier bindings.
EGOVPM_OTP_ALGORITHM = os.environ.get("EGOVPM_OTP_ALGORITHM", "totp")
# The session cookie dies with the browser; the policy's idle time is enforced by
# egovpm.security.middleware.SessionIdleMiddleware. The row itself expires after the longest idle time
# the policy may set, plus the minute between two activity marks.
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_AGE = (SECURITY_POLICY_BOUNDS["session_idle_minutes"][1] + 1) * 60
# The login rate limit (django-ratelimit) counts in the cache: Redis when REDIS_URL is set (required in
# production, settings/prod.py), else this process's memory.
if os.environ.get("REDIS_URL"):
    CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": os.environ["REDIS_URL"]}
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
# --- end of identity ---

# One language for every user (no Accept-Language negotiation): the platform speaks zh-Hans.
LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", "简体中文"), ("en", "English")]
LOCALE_PATHS = [PACKAGE_DIR / "locale"]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATICFILES_DIRS = [PACKAGE_DIR / "static"]
STATIC_ROOT = Path(os.environ.get("EGOVPM_STATIC_ROOT", BASE_DIR / "staticfiles"))

# Uploaded files live outside the static roots and are served only through
# permission-checked views (documents.views.download).
PRIVATE_STORAGE_ROOT = Path(os.environ.get("EGOVPM_FILES_ROOT", BASE_DIR / "var" / "files"))
STORAGES = {
    "default": {
        # sealed at rest with the data key (egovpm/core/crypto.py): see EGOVPM_DATA_KEY below
        "BACKEND": "egovpm.documents.storage.EncryptedFileSystemStorage",
        "OPTIONS": {"location": str(PRIVATE_STORAGE_ROOT), "base_url": None},
    },
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
}
# The malware scanner of uploads (egovpm/documents/scanner.py): off by default; ClamAV's daemon socket turns it
# on — a Unix socket path (Debian's clamav-daemon: /var/run/clamav/clamd.ctl) or tcp://host:port. When on,
# every upload waits for clamd's OK, and none is stored while clamd cannot be reached.
EGOVPM_CLAMD_SOCKET = os.environ.get("EGOVPM_CLAMD_SOCKET", "")
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 30 * 1024 * 1024

# Encryption at rest (GB/T 22239-2019 8.1.4.8; egovpm/core/crypto.py): uploaded files are sealed with the data
# key, never in the database: EGOVPM_DATA_KEY (its id EGOVPM_DATA_KEY_ID), or a key file EGOVPM_DATA_KEY_FILE
# with one "<id> <secret>" a line, the last current (rotation: add a line, run `manage.py rotate_data_key`).
# The cipher: "aes-256-gcm" (default) or "sm4-gcm". The development key is public; production refuses it.
DEV_DATA_KEY = "dev-only-data-key-not-secret"
EGOVPM_DATA_CIPHER = os.environ.get("EGOVPM_DATA_CIPHER", "aes-256-gcm")
EGOVPM_DATA_KEY_FILE = os.environ.get("EGOVPM_DATA_KEY_FILE", "")
EGOVPM_DATA_KEY = os.environ.get("EGOVPM_DATA_KEY", "" if EGOVPM_DATA_KEY_FILE else DEV_DATA_KEY)
EGOVPM_DATA_KEY_ID = os.environ.get("EGOVPM_DATA_KEY_ID", "dev" if EGOVPM_DATA_KEY == DEV_DATA_KEY else "k1")

# The audit chain's hash: "sha256" (default) or "sm3" for deployments that must use national algorithms.
EGOVPM_AUDIT_HASH = os.environ.get("EGOVPM_AUDIT_HASH", "sha256")
# The audit key: each event's hash is an HMAC (HMAC-SHA256, or HMAC-SM3 with EGOVPM_AUDIT_HASH=sm3) with a key
# that is never in the database (egovpm/audit/keys.py): EGOVPM_AUDIT_KEY (its id EGOVPM_AUDIT_KEY_ID), or
# a key file EGOVPM_AUDIT_KEY_FILE with one "<id> <secret>" a line, the last current. The development key
# is public (it is in this file), like DEV_SECRET_KEY: the production settings refuse it.
DEV_AUDIT_KEY = "dev-only-audit-key-not-secret"
EGOVPM_AUDIT_KEY_FILE = os.environ.get("EGOVPM_AUDIT_KEY_FILE", "")
EGOVPM_AUDIT_KEY = os.environ.get("EGOVPM_AUDIT_KEY", "" if EGOVPM_AUDIT_KEY_FILE else DEV_AUDIT_KEY)
EGOVPM_AUDIT_KEY_ID = os.environ.get("EGOVPM_AUDIT_KEY_ID", "dev" if EGOVPM_AUDIT_KEY == DEV_AUDIT_KEY else "k1")
# The seq from which every event is keyed, recorded outside the database when a deployment that has an
# unkeyed history switches the key on (verify_audit names it): an unkeyed event from there on is a rewrite.
# A new installation sets 1. Unset: the anchors alone guard against a chain rewritten without keys.
EGOVPM_AUDIT_KEYED_FROM = (
    int(os.environ["EGOVPM_AUDIT_KEYED_FROM"]) if os.environ.get("EGOVPM_AUDIT_KEYED_FROM") else None
)
# The append-only file of signed chain heads (egovpm/audit/anchors.py), kept by the audit administrator.
EGOVPM_AUDIT_ANCHOR_FILE = Path(os.environ.get("EGOVPM_AUDIT_ANCHOR_FILE", BASE_DIR / "var" / "audit-anchors.jsonl"))
# The number of reverse proxies in front of the platform that append to X-Forwarded-For (0: none, the header
# is ignored). The client's address is the one the outermost of them appended, the N-th from the right
# (egovpm.audit.context.ip_of: the audit chain, the lockout and the login rate limit). Addresses further
# left were written by the client. EGOVPM_TRUST_X_FORWARDED_FOR=1 is the older spelling of one proxy.
EGOVPM_TRUSTED_PROXIES = int(
    os.environ.get("EGOVPM_TRUSTED_PROXIES", "1" if os.environ.get("EGOVPM_TRUST_X_FORWARDED_FOR") == "1" else "0")
)

# The measure in force. A JSON file path overrides the built-in Qidong 2019 policy.
EGOVPM_POLICY = os.environ.get("EGOVPM_POLICY", "qidong-2019")

MESSAGE_STORAGE = "django.contrib.messages.storage.session.SessionStorage"
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
# Hardening (GB/T 22239-2019 8.1.4): pages read the CSRF token from the template, never from the cookie.
CSRF_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
# No inline script and no inline style anywhere: JS and CSS only as static files (layout utilities in
# app.css instead of style attributes; htmx's indicator style is there too, see the htmx-config meta tag).
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("DJANGO_LOG_LEVEL", "WARNING")},
}

# Notifications (egovpm.notifications): reminders and 催办 go by e-mail through Django's mail settings and by SMS
# through this gateway. Production: "egovpm.notifications.sms.AliyunBackend" with EGOVPM_SMS = {"access_key_id":
# …, "access_key_secret": …, "sign_name": …, "template_code": …} (from the environment, never in this file).
EGOVPM_SMS_BACKEND = "egovpm.notifications.sms.ConsoleBackend"
EGOVPM_SMS: dict = {}
DEFAULT_FROM_EMAIL = "egovpm <noreply@localhost>"
