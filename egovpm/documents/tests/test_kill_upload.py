"""A submission cut short leaves no half-written project: the rows of a failed or killed transaction
roll back, the file it wrote goes with them (or, for a killed process, is found and swept as an
orphan), and the audit chain stays intact."""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import time
from decimal import Decimal
from pathlib import Path

import pytest
from django.urls import reverse

from egovpm.audit.models import AuditEvent
from egovpm.audit.selectors import audit_chain_verify
from egovpm.conftest import application_data
from egovpm.core.errors import Refused
from egovpm.documents.models import DocumentKind
from egovpm.documents.orphans import orphan_files, orphan_files_sweep, storage_root, stored_files
from egovpm.filings.models import Filing
from egovpm.filings.services import filing_create, filing_request_info, filing_supply_info
from egovpm.intake import services
from egovpm.projects import engine
from egovpm.testing import scenario

ROOT = Path(__file__).resolve().parents[3]
MB = 1024 * 1024


def fail(*args, **kwargs):
    raise RuntimeError("the audit store is unavailable")


# In process: a service that fails after writing its file


@pytest.fixture
def draft(city, plan_year):
    return services.declaration_create(
        actor=city.users["clerk"], plan_year=plan_year, name="互联网医院", data=application_data()
    )


def test_an_upload_whose_transaction_fails_leaves_no_file(city, draft, monkeypatch):
    before = set(stored_files())
    monkeypatch.setattr("egovpm.documents.services.audit_record", fail)

    with pytest.raises(RuntimeError):
        services.declaration_document_upload(
            actor=city.users["clerk"], declaration=draft, kind=DocumentKind.PROPOSAL, upload=scenario.pdf_file()
        )

    assert not draft.documents.exists()
    assert set(stored_files()) == before


def test_a_file_stored_inside_a_transition_goes_when_the_transition_fails(city, frozen_clock, monkeypatch):
    """filing_supply_info stores the document, then takes the transition: if the transition's audit
    event cannot be written, the document's row and its file both go."""
    clerk = city.users["clerk"]
    filing = filing_create(
        actor=clerk,
        kind=Filing.Kind.HIGHER_AUTHORITY,
        name="省级平台对接",
        higher_authority="省卫生健康委员会",
        approval_reference="苏卫规划〔2026〕12号",
        total_investment=Decimal("80.00"),
        description="按省里统一部署建设。",
        approval_document=scenario.pdf_file("批准文件.pdf"),
    )
    filing = filing_request_info(actor=city.users["office_reviewer"], filing=filing, question="请补充资金来源说明。")
    before = set(stored_files())
    monkeypatch.setattr(engine, "audit_record", fail)

    with pytest.raises(RuntimeError):
        filing_supply_info(actor=clerk, filing=filing, answer="见附件。", document=scenario.pdf_file("说明.pdf"))

    filing.refresh_from_db()
    assert filing.stage == "info_requested"
    assert filing.documents.count() == 1  # the approval filed at the start
    assert set(stored_files()) == before


def test_a_refused_upload_stores_nothing(city, draft):
    before = set(stored_files())
    with pytest.raises(Refused):
        services.declaration_document_upload(
            actor=city.users["clerk"],
            declaration=draft,
            kind=DocumentKind.FEASIBILITY_REPORT,
            upload=scenario.pdf_file(),
        )
    assert set(stored_files()) == before


def test_the_sweep_removes_files_without_a_row_and_keeps_the_others(city, draft):
    doc = services.declaration_document_upload(
        actor=city.users["clerk"], declaration=draft, kind=DocumentKind.PROPOSAL, upload=scenario.pdf_file()
    )
    stray = storage_root() / "projects" / "stray" / "killed-upload.pdf"
    stray.parent.mkdir(parents=True, exist_ok=True)
    stray.write_bytes(b"%PDF-1.4 half")
    seq = AuditEvent.objects.order_by("-seq").first().seq

    assert "projects/stray/killed-upload.pdf" not in orphan_files()  # too young: may still be committing
    assert "projects/stray/killed-upload.pdf" in orphan_files(min_age_seconds=0)
    assert doc.file.name not in orphan_files(min_age_seconds=0)

    removed = orphan_files_sweep(min_age_seconds=0)

    assert "projects/stray/killed-upload.pdf" in removed
    assert not stray.exists()
    assert (storage_root() / doc.file.name).exists()
    event = AuditEvent.objects.get(seq=seq + 1)
    assert event.action == "documents.sweep_orphans"
    assert "projects/stray/killed-upload.pdf" in event.after["deleted_files"]
    assert audit_chain_verify()[1] is None


# Out of process: a worker killed with SIGKILL during a large upload


class Platform:
    """A temporary database and file store, and the platform served from them by a killable process."""

    def __init__(self, tmp: Path):
        self.files = tmp / "files"
        self.env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "egovpm.testing.process_settings",
            "DATABASE_URL": f"sqlite:///{tmp / 'db.sqlite3'}",
            "EGOVPM_FILES_ROOT": str(self.files),
            "EGOVPM_UPLOAD_TEMP": str(tmp / "incoming"),
        }
        (tmp / "incoming").mkdir()
        self.process: subprocess.Popen | None = None
        self.port = 0

    def run(self, *args: str) -> str:
        done = subprocess.run(
            [sys.executable, *args], cwd=ROOT, env=self.env, capture_output=True, text=True, timeout=300
        )
        assert done.returncode == 0, done.stderr[-3000:]
        return done.stdout

    def helper(self, *args: str) -> dict:
        return json.loads(self.run("-m", "egovpm.documents.tests.killable", *args).strip().splitlines()[-1])

    def start(self, *, hold: float = 0) -> None:
        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            self.port = s.getsockname()[1]
        self.process = subprocess.Popen(
            [sys.executable, "-m", "egovpm.documents.tests.killable", "serve", str(self.port), str(hold)],
            cwd=ROOT,
            env=self.env,
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
            text=True,
        )
        assert self.process.stdout.readline().strip() == "ready"

    def kill(self) -> None:
        self.process.send_signal(signal.SIGKILL)
        self.process.wait(timeout=10)
        self.process.stdout.close()

    def stored(self) -> list[str]:
        return stored_files(self.files)


def multipart(seed: dict, size: int) -> tuple[bytes, str]:
    boundary = "----egovpmkilltest"
    head = b"%PDF-1.4\n% a large scanned material\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
    tail = b"\ntrailer<</Root 1 0 R>>\n%%EOF\n"
    pdf = head + b"0" * (size - len(head) - len(tail)) + tail
    parts = [
        f'--{boundary}\r\nContent-Disposition: form-data; name="csrfmiddlewaretoken"\r\n\r\n{seed["csrf"]}\r\n'.encode(),
        f'--{boundary}\r\nContent-Disposition: form-data; name="kind"\r\n\r\nother\r\n'.encode(),
        f'--{boundary}\r\nContent-Disposition: form-data; name="file"; filename="scan.pdf"\r\n'
        "Content-Type: application/pdf\r\n\r\n".encode(),
        pdf,
        f"\r\n--{boundary}--\r\n".encode(),
    ]
    return b"".join(parts), boundary


def open_upload(platform: Platform, seed: dict, body: bytes, boundary: str) -> socket.socket:
    """Send the request line and headers of the upload; the body follows from the caller."""
    path = reverse("intake:document_upload", args=[seed["declaration"]])
    cookie = "; ".join(f"{k}={v}" for k, v in seed["cookies"].items())
    head = (
        f"POST {path} HTTP/1.1\r\nHost: 127.0.0.1:{platform.port}\r\nCookie: {cookie}\r\n"
        f"Content-Type: multipart/form-data; boundary={boundary}\r\nContent-Length: {len(body)}\r\n"
        "Connection: close\r\n\r\n"
    )
    sock = socket.create_connection(("127.0.0.1", platform.port), timeout=30)
    sock.sendall(head.encode())
    return sock


def wait_for(predicate, timeout: float = 60) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.05)
    return False


# The killable platform has a SQLite file of its own (Platform above), whatever the test database is.
@pytest.mark.any_database
def test_a_worker_killed_during_a_large_upload_leaves_no_half_written_project(tmp_path):
    platform = Platform(tmp_path)
    seed = platform.helper("seed")
    start = platform.helper("state", str(seed["declaration"]))
    assert start["stage"] == "draft" and start["documents"] == [] and start["audit_broken"] is None
    body, boundary = multipart(seed, 20 * MB)

    # 1. Killed while the 20 MB body is still arriving slowly.
    platform.start()
    sock = open_upload(platform, seed, body, boundary)
    for offset in range(0, 4 * MB, 256 * 1024):
        sock.sendall(body[offset : offset + 256 * 1024])
        time.sleep(0.02)
    platform.kill()
    sock.close()
    assert platform.helper("state", str(seed["declaration"])) == start
    assert platform.stored() == []

    # 2. Killed inside the submission's transaction: the file is written, the row not yet committed.
    platform.start(hold=60)
    sock = open_upload(platform, seed, body, boundary)
    sock.sendall(body)
    assert wait_for(lambda: platform.stored() != []), "the upload never reached the storage"
    platform.kill()
    sock.close()
    assert platform.helper("state", str(seed["declaration"])) == start  # no row, same stage, chain intact
    (orphan,) = platform.stored()
    listed = platform.run("manage.py", "sweep_orphan_files", "--min-age", "0")
    assert orphan in listed
    assert "发现 1 个无记录的孤立文件" in listed
    platform.run("manage.py", "sweep_orphan_files", "--min-age", "0", "--delete")
    assert platform.stored() == []
    after_sweep = platform.helper("state", str(seed["declaration"]))
    assert after_sweep["audit_broken"] is None
    assert after_sweep["audit_events"] == start["audit_events"] + 1  # the sweep's own event

    # 3. Control: the same upload, not interrupted, is stored (so 1 and 2 did reach the view).
    platform.start()
    sock = open_upload(platform, seed, body, boundary)
    sock.sendall(body)
    response = sock.recv(4096).decode("latin-1")
    sock.close()
    platform.kill()
    assert response.startswith("HTTP/1.0 302") or response.startswith("HTTP/1.1 302"), response[:500]
    final = platform.helper("state", str(seed["declaration"]))
    assert len(final["documents"]) == 1
    assert platform.stored() == final["documents"]
    assert final["audit_broken"] is None
