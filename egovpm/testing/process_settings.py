"""Settings for the separate processes that tests start (a killable server, a restore into a fresh
database): the test settings, with the database from DATABASE_URL and the uploaded files in
EGOVPM_FILES_ROOT, so that several processes share them."""

import os
from pathlib import Path

from egovpm.config.settings.test import *  # noqa: F403

PRIVATE_STORAGE_ROOT = Path(os.environ["EGOVPM_FILES_ROOT"])
STORAGES["default"] = {  # noqa: F405
    "BACKEND": "egovpm.documents.storage.EncryptedFileSystemStorage",
    "OPTIONS": {"location": str(PRIVATE_STORAGE_ROOT), "base_url": None},
}
# A request's body being received is spooled here (not in the storage), so the test can tell them apart.
FILE_UPLOAD_TEMP_DIR = os.environ.get("EGOVPM_UPLOAD_TEMP")
