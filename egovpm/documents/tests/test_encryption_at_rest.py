"""Uploaded files encrypted at rest (penetration test, issue 11; GB/T 22239-2019 8.1.4.8): on the disk — and so
in backups — a stored file is ciphertext sealed with the data key, which is not in the database; the platform
opens it; a file stored before encryption opens as it is until the rotation seals it; a key rotation re-seals
every file while the old key stays in the ring; AES-256-GCM or SM4-GCM; tampering is detected."""

from __future__ import annotations

import io

import pytest
from django.core.files.storage import default_storage
from django.core.management import call_command

from egovpm.conftest import application_data
from egovpm.core.crypto import SealError, is_sealed, seal, sealed_key_id, unseal
from egovpm.documents.models import DocumentKind
from egovpm.documents.storage import EncryptedFileSystemStorage
from egovpm.intake import services
from egovpm.testing import scenario


@pytest.fixture
def stored(city, plan_year):
    draft = services.declaration_create(
        actor=city.users["clerk"], plan_year=plan_year, name="互联网医院", data=application_data()
    )
    upload = scenario.pdf_file("项目建议书.pdf", body="联系人 张明 13812345678")
    doc = services.declaration_document_upload(
        actor=city.users["clerk"], declaration=draft, kind=DocumentKind.PROPOSAL, upload=upload
    )
    upload.seek(0)
    return doc, upload.read()


def test_a_stored_file_is_ciphertext_on_the_disk_and_opens_through_the_platform(stored):
    doc, plain = stored
    assert isinstance(default_storage, EncryptedFileSystemStorage)
    with open(doc.file.path, "rb") as raw:
        on_disk = raw.read()
    assert is_sealed(on_disk) and b"13812345678" not in on_disk and b"%PDF" not in on_disk
    assert sealed_key_id(on_disk) == "dev"
    with doc.file.open("rb") as opened:
        assert opened.read() == plain


def test_tampering_with_a_stored_file_is_detected(stored):
    doc, _ = stored
    with open(doc.file.path, "r+b") as raw:
        raw.seek(-3, 2)
        last = raw.read(1)
        raw.seek(-3, 2)
        raw.write(bytes([last[0] ^ 1]))
    with pytest.raises(SealError, match="篡改"):
        doc.file.open("rb").read()


def test_a_key_rotation_reseals_every_file_and_the_old_key_may_then_go(stored, settings, tmp_path):
    doc, plain = stored
    ring = tmp_path / "data.keys"
    ring.write_text(f"dev {settings.EGOVPM_DATA_KEY}\nk2 {'n' * 40}\n", encoding="utf-8")
    settings.EGOVPM_DATA_KEY, settings.EGOVPM_DATA_KEY_FILE = "", str(ring)
    assert doc.file.open("rb").read() == plain  # the retired key still opens it
    call_command("rotate_data_key", stdout=io.StringIO())
    assert default_storage.sealed_with(doc.file.name) == "k2"
    ring.write_text(f"k2 {'n' * 40}\n", encoding="utf-8")
    assert doc.file.open("rb").read() == plain
    from egovpm.audit.models import AuditEvent

    event = AuditEvent.objects.filter(action="data_key.rotate").latest("seq")
    assert event.after["key_id"] == "k2" and event.after["resealed"] == 1


def test_a_file_stored_in_the_clear_opens_and_the_rotation_seals_it(stored):
    doc, plain = stored
    with open(doc.file.path, "wb") as raw:
        raw.write(plain)  # as stored before encryption was switched on
    assert doc.file.open("rb").read() == plain
    call_command("rotate_data_key", stdout=io.StringIO())
    assert default_storage.sealed_with(doc.file.name) == "dev"
    assert doc.file.open("rb").read() == plain


def test_sm4_gcm_seals_and_names_its_cipher(settings):
    settings.EGOVPM_DATA_CIPHER = "sm4-gcm"
    blob = seal("联系电话 0513-83312345".encode())
    assert blob[7] == 2 and unseal(blob).decode() == "联系电话 0513-83312345"
    settings.EGOVPM_DATA_CIPHER = "aes-256-gcm"
    assert unseal(blob).decode() == "联系电话 0513-83312345"  # each value names its own cipher
    forged = blob[:7] + bytes([1]) + blob[8:]  # the header is authenticated: no cipher swap
    with pytest.raises(SealError):
        unseal(forged)


def test_a_missing_key_is_named(settings):
    blob = seal(b"x")
    settings.EGOVPM_DATA_KEY, settings.EGOVPM_DATA_KEY_ID = "another-key-entirely-" * 2, "k9"
    with pytest.raises(SealError, match="缺少数据密钥「dev」"):
        unseal(blob)


def test_the_production_settings_refuse_to_start_without_a_data_key_of_their_own():
    from django.conf import settings as django_settings

    from egovpm.audit.tests.test_keyed_chain import _start_production
    from egovpm.security.tests.test_hardening import PROD_ENV

    without = {k: v for k, v in PROD_ENV.items() if k != "EGOVPM_DATA_KEY"}
    assert "EGOVPM_DATA_KEY" in _start_production(without).stderr
    assert "at least 32" in _start_production(without | {"EGOVPM_DATA_KEY": django_settings.DEV_DATA_KEY}).stderr
    same = without | {"EGOVPM_DATA_KEY": PROD_ENV["EGOVPM_AUDIT_KEY"]}
    assert "must differ" in _start_production(same).stderr
    assert _start_production(PROD_ENV).returncode == 0
