"""Production: every secret and host comes from the environment."""

import os
from pathlib import Path

from django.core.exceptions import ImproperlyConfigured

from egovpm.audit.domain import parse_key_file

from .base import *  # noqa: F403

DEBUG = False
EGOVPM_PRODUCTION = True
SECRET_KEY = os.environ["DJANGO_SECRET_KEY"]
ALLOWED_HOSTS = os.environ["DJANGO_ALLOWED_HOSTS"].split(",")
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
SECURE_SSL_REDIRECT = os.environ.get("DJANGO_SECURE_SSL_REDIRECT", "1") == "1"
SECURE_HSTS_SECONDS = 31536000
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
# One cache for every worker: the API and login rate limits count across processes.
CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": os.environ.get("REDIS_URL", "redis://127.0.0.1:6379/0"),
    }
}


def _own_secrets(name: str, file_var: str, key_var: str, dev_key: str) -> list[bytes]:
    """The secrets of a key ring from the environment (a key file, else one key), refusing to start without
    one, with the public development key, or with one shorter than 32 characters."""
    path, secret = os.environ.get(file_var, ""), os.environ.get(key_var, "")
    if path:
        try:
            keys, _ = parse_key_file(Path(path).read_text(encoding="utf-8"))
        except (OSError, ValueError) as exc:
            raise ImproperlyConfigured(f"{file_var} {path}: {exc}") from exc
        secrets = list(keys.values())
    else:
        secrets = [secret.encode()] if secret else []
    if not secrets:
        raise ImproperlyConfigured(f"the production settings need the {name}: set {key_var} or {file_var}")
    if any(s == dev_key.encode() or len(s) < 32 for s in secrets):
        raise ImproperlyConfigured(f"the {name} must be the deployment's own, at least 32 characters")
    return secrets


# The audit key (egovpm/audit/keys.py) and the data key (egovpm/core/crypto.py: uploaded files sealed at rest)
# must be the deployment's own, outside the database, and not one another.
EGOVPM_AUDIT_KEY_FILE = os.environ.get("EGOVPM_AUDIT_KEY_FILE", "")
EGOVPM_AUDIT_KEY = os.environ.get("EGOVPM_AUDIT_KEY", "")
EGOVPM_AUDIT_KEY_ID = os.environ.get("EGOVPM_AUDIT_KEY_ID", "k1")
EGOVPM_DATA_KEY_FILE = os.environ.get("EGOVPM_DATA_KEY_FILE", "")
EGOVPM_DATA_KEY = os.environ.get("EGOVPM_DATA_KEY", "")
EGOVPM_DATA_KEY_ID = os.environ.get("EGOVPM_DATA_KEY_ID", "k1")
_audit_secrets = _own_secrets("audit key", "EGOVPM_AUDIT_KEY_FILE", "EGOVPM_AUDIT_KEY", DEV_AUDIT_KEY)  # noqa: F405
_data_secrets = _own_secrets("data key", "EGOVPM_DATA_KEY_FILE", "EGOVPM_DATA_KEY", DEV_DATA_KEY)  # noqa: F405
if set(_data_secrets) & set(_audit_secrets):
    raise ImproperlyConfigured("the data key and the audit key must differ")

# Mail of the reminders and 催办 (Django's SMTP backend); SMS through the gateway named (egovpm.notifications.sms).
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = os.environ.get("EMAIL_USE_TLS", "0") == "1"
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", DEFAULT_FROM_EMAIL)  # noqa: F405
EGOVPM_SMS_BACKEND = os.environ.get("EGOVPM_SMS_BACKEND", "egovpm.notifications.sms.ConsoleBackend")
EGOVPM_SMS = {
    key: os.environ[f"EGOVPM_SMS_{key.upper()}"]
    for key in ("access_key_id", "access_key_secret", "sign_name", "template_code", "template_param", "endpoint")
    if f"EGOVPM_SMS_{key.upper()}" in os.environ
}
