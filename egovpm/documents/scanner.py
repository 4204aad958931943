"""The malware scanner of uploads: ClamAV's daemon (Debian's `clamav-daemon`), spoken to over its socket
with the INSTREAM command. Off by default; `EGOVPM_CLAMD_SOCKET` turns it on: a Unix socket path
(/var/run/clamav/clamd.ctl) or tcp://host:port. When on, an upload is stored only after clamd answered OK:
a file it names is refused, and so is every upload while clamd cannot be reached (fail closed: a scanner
that is down must not let files through unscanned)."""

from __future__ import annotations

import socket
import struct

from django.conf import settings

CHUNK = 64 * 1024
TIMEOUT_SECONDS = 30


class ScannerUnavailable(Exception):
    """clamd could not be asked, or answered something other than OK / FOUND."""


def scanner_enabled() -> bool:
    return bool(getattr(settings, "EGOVPM_CLAMD_SOCKET", ""))


def _connect(address: str) -> socket.socket:
    if address.startswith("tcp://"):
        host, _, port = address.removeprefix("tcp://").rpartition(":")
        return socket.create_connection((host, int(port)), timeout=TIMEOUT_SECONDS)
    sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    sock.settimeout(TIMEOUT_SECONDS)
    sock.connect(address)
    return sock


def scan(data: bytes) -> str:
    """The name of the malware clamd finds in `data`, or "" when it finds none. Raises ScannerUnavailable."""
    try:
        with _connect(settings.EGOVPM_CLAMD_SOCKET) as sock:
            sock.sendall(b"zINSTREAM\0")
            for start in range(0, len(data), CHUNK):
                chunk = data[start : start + CHUNK]
                sock.sendall(struct.pack(">I", len(chunk)) + chunk)
            sock.sendall(struct.pack(">I", 0))
            reply = b""
            while not reply.endswith(b"\0") and len(reply) < 4096:
                part = sock.recv(4096)
                if not part:
                    break
                reply += part
    except (OSError, ValueError) as exc:
        raise ScannerUnavailable(str(exc)) from exc
    answer = reply.rstrip(b"\0").decode("utf-8", "replace").strip()
    # "stream: OK", "stream: Eicar-Test-Signature FOUND", "INSTREAM size limit exceeded. ERROR"
    if answer.endswith(" OK"):
        return ""
    if answer.endswith(" FOUND"):
        return answer.removeprefix("stream:").removesuffix("FOUND").strip()
    raise ScannerUnavailable(answer or "no answer")
