"""Uploads judged by their structure, not by their first bytes (penetration test, issue 11): a PDF must have
a PDF's frame, an OOXML package the content types and parts of its kind and no macros, a Compound File a
valid header; a zip bomb or an archive of too many entries is refused from its directory, unexpanded; and a
malware scanner (clamd) sees every upload when one is configured — tested against a stand-in daemon speaking
clamd's INSTREAM protocol on a Unix socket, and against the real one with the EICAR string when it runs."""

from __future__ import annotations

import io
import os
import socket
import struct
import tempfile
import threading
import zipfile
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from egovpm.core.errors import Refused
from egovpm.documents.domain import ZIP_MAX_ENTRIES, ZipEntry, ole_problem, pdf_problem, zip_problem
from egovpm.documents.services import inspect_upload
from egovpm.testing import scenario

DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"
EICAR = rb"X5O!P%@AP[4\PZX54(P^)7CC)7}$EICAR-STANDARD-ANTIVIRUS-TEST-FILE!$H+H*"


def package(parts: dict[str, bytes], *, compression=zipfile.ZIP_DEFLATED) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression) as zf:
        for name, data in parts.items():
            zf.writestr(name, data)
    return buffer.getvalue()


def content_types(*types: str) -> bytes:
    overrides = "".join(f'<Override PartName="/x{i}" ContentType="{t}"/>' for i, t in enumerate(types))
    return f'<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">{overrides}</Types>'.encode()


def docx(**extra: bytes) -> bytes:
    return package(
        {
            "[Content_Types].xml": content_types(DOCX_TYPE),
            "_rels/.rels": b"<Relationships/>",
            "word/document.xml": b"<w:document/>",
            "docProps/core.xml": b"<cp:coreProperties/>",
            **extra,
        }
    )


def upload(name: str, data: bytes) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data)


def refusal(name: str, data: bytes) -> str:
    with pytest.raises(Refused) as refused:
        inspect_upload(upload(name, data))
    assert refused.value.code == "bad_file"
    return refused.value.message


def test_a_real_docx_a_real_pdf_and_a_real_word_97_file_pass(db):
    from docx import Document as WordDocument

    buffer = io.BytesIO()
    WordDocument().save(buffer)
    assert inspect_upload(upload("建议书.docx", buffer.getvalue()))[2].endswith("wordprocessingml.document")
    assert inspect_upload(upload("说明.docx", docx()))[1] == "说明.docx"
    assert inspect_upload(scenario.pdf_file("材料.pdf"))[2] == "application/pdf"
    ole = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(20) + b"\xfe\xff\x09\x00" + bytes(480)
    assert inspect_upload(upload("旧文档.doc", ole))[2] == "application/msword"


def test_a_file_that_only_starts_like_a_pdf_is_refused(db):
    assert "不是完整的 PDF" in refusal("a.pdf", b"%PDF-1.4 then an executable MZ\x90\x00" + bytes(200))
    assert "不是完整的 PDF" in refusal("a.pdf", b"%PDF-1.7\n%%EOF\n")  # no catalog
    assert pdf_problem(b"%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF") == ""
    assert pdf_problem(b"%PDF-1.4\ntrailer<</Root 1 0 R>>\n%%EOF" + b"\0" * 2048)  # the marker is not at the end


def test_a_zip_named_docx_without_the_package_parts_is_refused(db):
    assert "不是完整的Word 文档" in refusal("a.docx", package({"word/evil.exe": b"MZ"}))
    no_main_type = package({"[Content_Types].xml": content_types("text/plain"), "word/document.xml": b""})
    assert "不是完整的Word 文档" in refusal("a.docx", no_main_type)
    entity = docx(**{"[Content_Types].xml": b'<!DOCTYPE x [<!ENTITY a "aaaa">]>' + content_types(DOCX_TYPE)})
    assert "不是完整的Word 文档" in refusal("a.docx", entity)


def test_a_stray_part_or_a_macro_project_is_refused(db):
    assert "不应有的内容（payload/run.exe）" in refusal("a.docx", docx(**{"payload/run.exe": b"MZ"}))
    assert "含有宏" in refusal("a.docx", docx(**{"word/vbaProject.bin": b"\xd0\xcf"}))
    macro_type = package(
        {
            "[Content_Types].xml": content_types(DOCX_TYPE, "application/vnd.ms-word.document.macroEnabled.main+xml"),
            "word/document.xml": b"",
        }
    )
    assert "含有宏" in refusal("a.docx", macro_type)


def test_a_zip_bomb_is_refused_from_its_directory_without_expanding_it(db, monkeypatch):
    bomb = package({"[Content_Types].xml": content_types(DOCX_TYPE), "word/document.xml": b"0" * (20 * 1024 * 1024)})
    assert len(bomb) < 100 * 1024  # 20 MB of zeros in some 20 KB
    opened = []
    monkeypatch.setattr(zipfile.ZipFile, "open", lambda *a, **k: opened.append(a) or pytest.fail("expanded"))
    assert "压缩炸弹" in refusal("a.docx", bomb)
    assert not opened
    many = [ZipEntry(f"word/media/{i}.png", 10, 10) for i in range(ZIP_MAX_ENTRIES + 1)]
    assert "文件过多" in zip_problem(many)
    assert "非法路径" in zip_problem([ZipEntry("../../etc/passwd", 1, 1)])
    assert zip_problem([ZipEntry("word/document.xml", 2000, 30000)]) == ""  # XML compresses well: allowed


def test_a_compound_file_needs_a_valid_header():
    assert ole_problem(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(24))  # no byte-order mark
    assert ole_problem(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(20) + b"\xfe\xff\x0c\x00") == ""


class FakeClamd:
    """A stand-in for clamd on a Unix socket: reads one INSTREAM, answers FOUND when EICAR is in it."""

    def __init__(self):
        self.dir = tempfile.mkdtemp()
        self.path = str(Path(self.dir) / "clamd.ctl")
        self.server = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        self.server.bind(self.path)
        self.server.listen(4)
        self.received: list[bytes] = []
        self.thread = threading.Thread(target=self.serve, daemon=True)
        self.thread.start()

    def serve(self):
        while True:
            try:
                conn, _ = self.server.accept()
            except OSError:
                return
            with conn:
                data = b""
                while not data.startswith(b"zINSTREAM\0"):
                    data += conn.recv(10)
                data, body = data[10:], b""
                while True:
                    while len(data) < 4:
                        data += conn.recv(65536)
                    (size,), data = struct.unpack(">I", data[:4]), data[4:]
                    if size == 0:
                        break
                    while len(data) < size:
                        data += conn.recv(65536)
                    body, data = body + data[:size], data[size:]
                self.received.append(body)
                conn.sendall(b"stream: Eicar-Test-Signature FOUND\0" if EICAR in body else b"stream: OK\0")

    def close(self):
        self.server.close()
        os.unlink(self.path)
        os.rmdir(self.dir)


@pytest.fixture
def clamd(settings):
    fake = FakeClamd()
    settings.EGOVPM_CLAMD_SOCKET = fake.path
    yield fake
    fake.close()


def test_with_a_scanner_configured_every_upload_is_scanned_and_malware_refused(db, clamd):
    clean = scenario.pdf_file("材料.pdf")
    assert inspect_upload(clean)[2] == "application/pdf"
    assert clamd.received[-1].startswith(b"%PDF-")  # the whole file went to the scanner
    infected = scenario.pdf_file("材料.pdf", body=EICAR.decode())
    assert refusal("材料.pdf", infected.read()) == "文件未通过病毒扫描（Eicar-Test-Signature），不予接收。"


def test_a_scanner_that_cannot_be_reached_lets_nothing_through(db, settings, tmp_path):
    settings.EGOVPM_CLAMD_SOCKET = str(tmp_path / "absent.ctl")
    with pytest.raises(Refused) as refused:
        inspect_upload(scenario.pdf_file("材料.pdf"))
    assert refused.value.code == "unavailable" and "病毒扫描服务暂不可用" in refused.value.message


REAL_CLAMD = "/var/run/clamav/clamd.ctl"


@pytest.mark.skipif(not Path(REAL_CLAMD).exists(), reason="clamav-daemon is not running on this machine")
def test_the_real_clamd_finds_the_eicar_string(db, settings):
    from egovpm.documents.scanner import scan

    settings.EGOVPM_CLAMD_SOCKET = REAL_CLAMD
    assert "Eicar" in scan(EICAR)  # the test file as the EICAR convention has it: the string alone
    assert inspect_upload(scenario.pdf_file("材料.pdf"))[2] == "application/pdf"
