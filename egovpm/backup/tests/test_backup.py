"""`manage.py backup` and `restore`: a restore into a fresh database (its own process, its own file
store) passes verify_audit, keeps the chain head, and yields the same exports and the same files."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from decimal import Decimal
from pathlib import Path

import pytest
from django.core.management import call_command

from egovpm.audit.models import AuditEvent
from egovpm.backup.services import BackupError, backup_restore
from egovpm.backup.tests.restored import annual_plan_cells
from egovpm.conftest import PROPOSAL, application_data
from egovpm.documents.models import Document, DocumentKind
from egovpm.intake import services
from egovpm.testing import scenario

ROOT = Path(__file__).resolve().parents[3]


@pytest.fixture
def plan(city, plan_year):
    """Three declarations at different stages, with online proposals and uploaded documents."""
    u = city.users

    def at(stage, name, clerk="clerk", **data):
        decl = scenario.declare(clerk=u[clerk], plan_year=plan_year, name=name, data=application_data(**data))
        return scenario.advance(
            decl,
            stage,
            clerk=u[clerk],
            supervisor=u["supervisor"],
            office_reviewer=u["office_reviewer"],
            office_head=u["office_head"],
            finance=u["finance"],
            reviewers=[u["expert"], u["finance"]],
        )

    funded = at("funded", "互联网医院")
    services.declaration_document_upload(
        actor=u["culture_clerk"],
        declaration=at("draft", "智慧文旅", clerk="culture_clerk"),
        kind=DocumentKind.OTHER,
        upload=scenario.pdf_file("附件.pdf", body="另一份材料"),
    )
    at("in_initial_review", "电子证照", clerk="culture_clerk", total_investment=Decimal("420.00"))
    d = scenario.declare(
        clerk=u["clerk"], plan_year=plan_year, name="健康档案", data=application_data(), proposal=PROPOSAL
    )
    scenario.submit(d, clerk=u["clerk"], supervisor=u["supervisor"])
    return funded


def run(env: dict, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=300)


def test_a_backup_restores_into_a_fresh_database_with_the_same_chain_exports_and_files(
    city, plan, plan_year, tmp_path, capsys
):
    head = AuditEvent.objects.order_by("-seq").first()
    documents = {d.file.name: d.sha256 for d in Document.objects.all()}
    assert len(documents) >= 3
    original = annual_plan_cells(2027)
    assert len(original) > 3

    call_command("backup", output=str(tmp_path / "backup"))
    assert "备份完成" in capsys.readouterr().out
    manifest = json.loads((tmp_path / "backup" / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["audit_head"] == {"seq": head.seq, "hash": head.hash}
    assert set(manifest["files"]) == set(documents)

    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "egovpm.testing.process_settings",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'fresh.sqlite3'}",
        "EGOVPM_FILES_ROOT": str(tmp_path / "fresh-files"),
    }
    assert run(env, "manage.py", "migrate", "-v0").returncode == 0
    restored = run(env, "manage.py", "restore", str(tmp_path / "backup"))
    assert restored.returncode == 0, restored.stderr
    assert f"链头第 {head.seq} 号" in restored.stdout and "与备份一致" in restored.stdout

    verified = run(env, "manage.py", "verify_audit")
    assert verified.returncode == 0, verified.stderr
    assert "审计链完整" in verified.stdout
    state = json.loads(run(env, "-m", "egovpm.backup.tests.restored", "2027").stdout)
    assert state["annual_plan"] == json.loads(json.dumps(original, default=str))
    assert state["audit_broken"] is None
    assert state["audit_events"] == head.seq + 1  # and the restore's own event
    assert state["files"] == documents  # every file back, byte for byte

    again = run(env, "manage.py", "restore", str(tmp_path / "backup"))
    assert again.returncode != 0
    assert "不是空库，拒绝恢复" in again.stderr


def test_a_restore_refuses_a_database_that_is_not_empty(city, plan_year, tmp_path):
    call_command("backup", output=str(tmp_path / "backup"))
    with pytest.raises(BackupError, match="不是空库"):
        backup_restore(source=tmp_path / "backup")


def test_a_restore_refuses_a_damaged_backup(city, plan, tmp_path):
    call_command("backup", output=str(tmp_path / "backup"))
    stored = next((tmp_path / "backup" / "files").rglob("*.pdf"))
    stored.write_bytes(stored.read_bytes() + b"tampered")
    with pytest.raises(BackupError, match="SHA-256 与清单不符"):
        backup_restore(source=tmp_path / "backup")

    database = tmp_path / "backup" / "database.json"
    database.write_text(database.read_text(encoding="utf-8").replace("互联网医院", "互联网医疗"), encoding="utf-8")
    with pytest.raises(BackupError, match="已损坏"):
        backup_restore(source=tmp_path / "backup")


def test_a_backup_goes_only_into_an_empty_directory(city, tmp_path):
    (tmp_path / "old.txt").write_text("x")
    with pytest.raises(Exception, match="不是空目录"):
        call_command("backup", output=str(tmp_path))
