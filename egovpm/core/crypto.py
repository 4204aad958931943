"""Encryption at rest (GB/T 22239-2019 8.1.4.8 数据保密性): uploaded files, and personal data where a model
asks for it, are sealed with a data key that is never in the database, with an authenticated cipher:
AES-256-GCM (default) or SM4-GCM (`EGOVPM_DATA_CIPHER = "sm4-gcm"`, the national algorithm; through the
`cryptography` package and its OpenSSL).

The data key ring (like the audit key ring, egovpm/audit/keys.py): `EGOVPM_DATA_KEY` with its id
`EGOVPM_DATA_KEY_ID`, or a key file `EGOVPM_DATA_KEY_FILE`, one `<id> <secret>` a line, the last one current,
the retired ones kept so that what they sealed still opens. Each sealed value names its key and cipher, so a
rotation (`manage.py rotate_data_key`) re-seals with the new key while the old one is still in the ring.
The development and test settings carry a public development key; the production settings refuse it.

A sealed value: MAGIC ‖ cipher id (1 byte) ‖ key id length (1 byte) ‖ key id ‖ 12-byte nonce ‖ ciphertext
and tag; the header is the AEAD's associated data, so neither the key id nor the cipher can be swapped."""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

from .keyfile import parse_key_file

MAGIC = b"EGVENC1"
CIPHERS = {"aes-256-gcm": 1, "sm4-gcm": 2}
NONCE_BYTES = 12


class SealError(ValueError):
    """A sealed value that does not open: damaged, or sealed with a key the ring does not hold."""


def data_keyring() -> tuple[dict[str, bytes], str]:
    """(secrets by id, the current id) of the data key ring."""
    keys: dict[str, bytes] = {}
    current = ""
    path = getattr(settings, "EGOVPM_DATA_KEY_FILE", "") or ""
    if path:
        try:
            keys, current = parse_key_file(Path(path).read_text(encoding="utf-8"), "数据密钥文件")
        except (OSError, ValueError) as exc:
            raise ImproperlyConfigured(f"EGOVPM_DATA_KEY_FILE {path}: {exc}") from exc
    secret = getattr(settings, "EGOVPM_DATA_KEY", "") or ""
    if secret:
        current = getattr(settings, "EGOVPM_DATA_KEY_ID", "") or "k1"
        keys[current] = secret.encode("utf-8")
    if not current:
        raise ImproperlyConfigured("no data key: set EGOVPM_DATA_KEY or EGOVPM_DATA_KEY_FILE")
    return keys, current


def _derive(secret: bytes, cipher: str) -> bytes:
    """The cipher's key from a secret of any length: SHA-256 of a label and the secret (SM4 takes 16 bytes)."""
    key = hashlib.sha256(b"egovpm data key\0" + secret).digest()
    return key if cipher == "aes-256-gcm" else key[:16]


def _aead(cipher: str, key: bytes):
    from cryptography.hazmat.primitives.ciphers import algorithms
    from cryptography.hazmat.primitives.ciphers.aead import AESGCM

    if cipher == "aes-256-gcm":
        return AESGCM(key)
    return _SM4GCM(key, algorithms.SM4)


class _SM4GCM:
    """SM4 in GCM mode with the AESGCM interface (cryptography offers SM4-GCM through its Cipher API)."""

    def __init__(self, key: bytes, algorithm):
        self.key, self.algorithm = key, algorithm

    def encrypt(self, nonce: bytes, data: bytes, aad: bytes) -> bytes:
        from cryptography.hazmat.primitives.ciphers import Cipher, modes

        enc = Cipher(self.algorithm(self.key), modes.GCM(nonce)).encryptor()
        enc.authenticate_additional_data(aad)
        return enc.update(data) + enc.finalize() + enc.tag

    def decrypt(self, nonce: bytes, data: bytes, aad: bytes) -> bytes:
        from cryptography.hazmat.primitives.ciphers import Cipher, modes

        body, tag = data[:-16], data[-16:]
        dec = Cipher(self.algorithm(self.key), modes.GCM(nonce, tag)).decryptor()
        dec.authenticate_additional_data(aad)
        return dec.update(body) + dec.finalize()


def is_sealed(blob: bytes) -> bool:
    return blob.startswith(MAGIC)


def seal(plain: bytes) -> bytes:
    """`plain` sealed with the current data key and the configured cipher."""
    keys, current = data_keyring()
    cipher = settings.EGOVPM_DATA_CIPHER
    key_id = current.encode("utf-8")
    header = MAGIC + bytes([CIPHERS[cipher], len(key_id)]) + key_id
    nonce = os.urandom(NONCE_BYTES)
    return header + nonce + _aead(cipher, _derive(keys[current], cipher)).encrypt(nonce, plain, header)


def sealed_key_id(blob: bytes) -> str:
    if not is_sealed(blob) or len(blob) < len(MAGIC) + 2:
        return ""
    length = blob[len(MAGIC) + 1]
    return blob[len(MAGIC) + 2 : len(MAGIC) + 2 + length].decode("utf-8", "replace")


def unseal(blob: bytes) -> bytes:
    """The plain bytes of a sealed value (a value that is not sealed — stored before encryption was on — is
    returned as it is). Raises SealError when it does not open."""
    if not is_sealed(blob):
        return blob
    try:
        cipher_id, length = blob[len(MAGIC)], blob[len(MAGIC) + 1]
        cipher = next(name for name, number in CIPHERS.items() if number == cipher_id)
        start = len(MAGIC) + 2 + length
        header, key_id = blob[:start], blob[len(MAGIC) + 2 : start].decode("utf-8")
        nonce, body = blob[start : start + NONCE_BYTES], blob[start + NONCE_BYTES :]
    except (IndexError, StopIteration, UnicodeDecodeError) as exc:
        raise SealError("加密数据已损坏") from exc
    keys, _ = data_keyring()
    if key_id not in keys:
        raise SealError(f"缺少数据密钥「{key_id}」（设置 EGOVPM_DATA_KEY 或 EGOVPM_DATA_KEY_FILE）")
    from cryptography.exceptions import InvalidTag

    try:
        return _aead(cipher, _derive(keys[key_id], cipher)).decrypt(nonce, body, header)
    except InvalidTag as exc:
        raise SealError("加密数据已损坏或被篡改，或所用数据密钥不对") from exc
