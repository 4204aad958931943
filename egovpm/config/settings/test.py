import tempfile
from pathlib import Path

from .base import *  # noqa: F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
STORAGES = {
    **STORAGES,  # noqa: F405
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

# Tests serve static files through django.contrib.staticfiles; WhiteNoise needs collectstatic.
MIDDLEWARE = [m for m in MIDDLEWARE if not m.startswith("whitenoise")]  # noqa: F405

# Uploaded files of a test run go to a throwaway folder, never to var/files.
PRIVATE_STORAGE_ROOT = Path(tempfile.mkdtemp(prefix="egovpm-test-files-"))
STORAGES["default"] = {  # noqa: F405
    "BACKEND": "egovpm.documents.storage.EncryptedFileSystemStorage",
    "OPTIONS": {"location": str(PRIVATE_STORAGE_ROOT), "base_url": None},
}

# Anchors of the audit chain go to a throwaway folder (egovpm/conftest.py gives each test its own file).
EGOVPM_AUDIT_ANCHOR_DIR = Path(tempfile.mkdtemp(prefix="egovpm-test-anchors-"))
EGOVPM_AUDIT_ANCHOR_FILE = EGOVPM_AUDIT_ANCHOR_DIR / "anchors.jsonl"

# Identity rules that would get in the way of tests logging in with force_login and moving the clock;
# the tests of egovpm/security switch them on (override_settings / the settings fixture).
EGOVPM_ENFORCE_PASSWORD_CHANGE = False
EGOVPM_ENFORCE_TWO_FACTOR = False
EGOVPM_ENFORCE_SESSION_IDLE = False
RATELIMIT_ENABLE = False

# A test database is thrown away: on PostgreSQL its commits (the migrations that build it, the
# transactional tests) need not wait for the disk. Durability stays on for every other settings module.
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":  # noqa: F405
    _options = DATABASES["default"].setdefault("OPTIONS", {})  # noqa: F405
    _options["options"] = f"{_options.get('options', '')} -c synchronous_commit=off".strip()

# SMS of the reminders and 催办 are kept in memory (egovpm.notifications.sms.MemoryBackend.outbox).
EGOVPM_SMS_BACKEND = "egovpm.notifications.sms.MemoryBackend"
