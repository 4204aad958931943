"""The penetration test's attacks on the audit chain (issue 11), by somebody who can write the database but
holds neither the audit key nor the anchor file: rewrite an event and recompute every later hash in plain
SHA-256; delete the last events; and the verification with a wrong key. Each is named by verify_audit."""

from __future__ import annotations

import hashlib
import io
import json
import subprocess
import sys

import pytest
from django.conf import settings as django_settings
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection, transaction

from egovpm.audit.anchors import anchor_head
from egovpm.audit.domain import GENESIS, WHY_KEYED, canonical, check_chain, event_hash
from egovpm.audit.keys import keyring
from egovpm.audit.management.commands.verify_audit import describe_keys
from egovpm.audit.models import AuditEvent
from egovpm.audit.selectors import audit_chain_report
from egovpm.audit.services import audit_record
from egovpm.audit.services_admin import audit_export
from egovpm.audit.tests.test_audit import disable_append_only
from egovpm.core import clock
from egovpm.security.tests.test_hardening import PROD_ENV


def a_few_events(city, n: int = 4) -> list[AuditEvent]:
    with transaction.atomic():
        return [
            audit_record(
                actor=city.users["clerk"], action="declaration.update", obj=city.units["hospital"], reason=f"第{i}次"
            )
            for i in range(n)
        ]


def rewrite_with_plain_hashes(from_seq: int, *, reason: str, drop_key: bool) -> None:
    """The forger's tool: change one event's reason, then recompute its hash and every later one (and their
    links) as plain SHA-256 over the public fields, the way the chain was hashed before it was keyed."""
    events = list(AuditEvent.objects.filter(seq__gte=from_seq).order_by("seq"))
    prev = AuditEvent.objects.filter(seq=from_seq - 1).values_list("hash", flat=True).first() or GENESIS
    with connection.cursor() as cur:
        disable_append_only(cur)
        for event in events:
            payload = event.payload()
            if event.seq == from_seq:
                payload["reason"] = reason
            if drop_key:
                payload["key_id"] = None
            payload["prev_hash"] = prev
            forged = hashlib.sha256(canonical(payload)).hexdigest()
            cur.execute(
                "UPDATE audit_auditevent SET reason = %s, key_id = %s, prev_hash = %s, hash = %s WHERE seq = %s",
                [payload["reason"], payload["key_id"], prev, forged, event.seq],
            )
            prev = forged


def verify_fails() -> str:
    with pytest.raises(CommandError) as exc:
        call_command("verify_audit", stdout=io.StringIO())
    return str(exc.value)


def test_new_events_are_chained_with_the_audit_key(city):
    events = a_few_events(city, n=2)
    keys, current = keyring()
    assert current == "dev"  # the test settings' documented development key
    for event in events:
        assert event.key_id == "dev"
        assert event.hash == event_hash(event.payload(), keys)
        assert event.hash != hashlib.sha256(canonical(event.payload())).hexdigest()
    out = io.StringIO()
    call_command("verify_audit", stdout=out)
    assert "全部事件为带密钥的 HMAC 链" in out.getvalue()


def test_an_event_rewritten_with_recomputed_plain_hashes_is_named(city):
    target = a_few_events(city)[1]
    rewrite_with_plain_hashes(target.seq, reason="同意。", drop_key=False)
    assert f"第 {target.seq} 号事件" in (message := verify_fails())
    assert "带密钥的哈希不符" in message


def test_a_rewrite_that_drops_the_key_ids_is_named(city):
    """Relabelling the forged events as unkeyed (plain hashes that do verify on their own) is refused: no
    unkeyed event may follow a keyed one."""
    target = a_few_events(city)[1]
    rewrite_with_plain_hashes(target.seq, reason="同意。", drop_key=True)
    message = verify_fails()
    assert f"第 {target.seq} 号事件" in message and "没有密钥" in message


def test_a_whole_chain_rewritten_unkeyed_is_named_by_the_anchor(city, settings):
    events = a_few_events(city)
    anchor_head(reason="cron")
    rewrite_with_plain_hashes(1, reason="", drop_key=True)  # every event, from the first, as plain hashes
    message = verify_fails()
    assert f"第 {events[-1].seq} 号事件" in message and "锚点" in message and "改写" in message
    # and a deployment that recorded where its keyed chain starts names it at the first event
    settings.EGOVPM_AUDIT_KEYED_FROM = 1
    assert audit_chain_report(with_anchors=False).broken[0] == 1


def test_deleting_the_last_events_is_named_against_the_anchor(city):
    events = a_few_events(city)
    anchor = anchor_head(reason="cron")
    assert anchor["seq"] == events[-1].seq
    with connection.cursor() as cur:
        disable_append_only(cur)
        cur.execute("DELETE FROM audit_auditevent WHERE seq > %s", [events[1].seq])
    remaining = AuditEvent.objects.count()
    assert audit_chain_report(with_anchors=False).broken is None  # the shorter chain is whole by itself
    message = verify_fails()
    assert f"最后一个锚点（{anchor['at']}）记录到第 {anchor['seq']} 条，数据库只有 {remaining} 条" in message


def test_a_wrong_key_fails_the_chain_and_the_anchors(city, settings):
    a_few_events(city, n=2)
    anchor_head(reason="cron")
    settings.EGOVPM_AUDIT_KEY = "another-key-of-somebody-who-guessed-wrong"
    message = verify_fails()
    assert "锚点文件第 1 行的签名不符" in message
    settings.EGOVPM_AUDIT_ANCHOR_FILE = settings.EGOVPM_AUDIT_ANCHOR_DIR / "none.jsonl"
    report = audit_chain_report()
    assert report.broken == (1, WHY_KEYED)


def test_an_edited_anchor_file_fails(city, settings):
    a_few_events(city, n=2)
    anchor_head(reason="cron")
    path = settings.EGOVPM_AUDIT_ANCHOR_FILE
    record = json.loads(path.read_text(encoding="utf-8"))
    record["seq"] = 1  # the forger would like the anchor to ask for less
    path.write_text(json.dumps(record) + "\n", encoding="utf-8")
    assert "签名不符" in verify_fails()
    path.write_text("not json\n", encoding="utf-8")
    assert "无法解析" in verify_fails()


def test_anchor_audit_appends_a_signed_head_and_verify_counts_it(city, settings):
    a_few_events(city, n=1)
    out = io.StringIO()
    call_command("anchor_audit", stdout=out)
    call_command("anchor_audit", stdout=out)
    lines = settings.EGOVPM_AUDIT_ANCHOR_FILE.read_text(encoding="utf-8").splitlines()
    head = AuditEvent.objects.order_by("-seq").first()
    assert [json.loads(line)["seq"] for line in lines] == [head.seq, head.seq]
    assert json.loads(lines[0])["hash"] == head.hash and json.loads(lines[0])["reason"] == "cron"
    out = io.StringIO()
    call_command("verify_audit", stdout=out)
    assert "已核对 2 个锚点，最后一个锚点" in out.getvalue() and f"记录到第 {head.seq} 条" in out.getvalue()


def test_every_export_anchors_the_head_after_it_commits(city, settings, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        audit_export(actor=None, date_from=clock.today(), date_to=clock.today(), fmt="jsonl")
    head = AuditEvent.objects.order_by("-seq").first()
    assert head.action == "audit.export"
    record = json.loads(settings.EGOVPM_AUDIT_ANCHOR_FILE.read_text(encoding="utf-8"))
    assert (record["seq"], record["hash"], record["reason"]) == (head.seq, head.hash, "export")


def test_every_backup_anchors_the_head_it_holds(city, settings, tmp_path):
    from egovpm.backup.services import backup_create

    summary = backup_create(output=tmp_path / "backup")
    record = json.loads(settings.EGOVPM_AUDIT_ANCHOR_FILE.read_text(encoding="utf-8"))
    assert (record["seq"], record["hash"], record["reason"]) == (summary.head_seq, summary.head_hash, "backup")
    manifest = json.loads((tmp_path / "backup" / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["audit_anchor"] == record


def test_an_unkeyed_history_still_verifies_and_verify_names_where_the_keyed_chain_starts():
    """A deployed instance's events from before the key keep their plain hash; the keyed chain follows."""
    keys = {"k1": b"k" * 32}

    def link(seq, prev, key_id=None):
        payload = {"seq": seq, "action": "unit.update", "algorithm": "sha256", "key_id": key_id, "prev_hash": prev}
        return {**payload, "hash": event_hash(payload, keys)}

    chain = [link(1, GENESIS), link(2, None)]
    chain[1] = link(2, chain[0]["hash"])
    chain.append(link(3, chain[1]["hash"], "k1"))
    chain.append(link(4, chain[2]["hash"], "k1"))
    report = check_chain(chain, keys=keys)
    assert report.broken is None and report.keyed_from == 3
    assert describe_keys(report) == "第 1–2 号为未加密钥的旧事件（普通哈希），自第 3 号起为带密钥的 HMAC 链"
    assert check_chain(chain, keys=keys, keyed_from_required=3).broken is None
    assert check_chain(chain, keys=keys, keyed_from_required=2).broken[0] == 2
    assert check_chain(chain, keys={}).broken[0] == 3  # the key is needed from there on


def test_a_key_file_holds_the_current_and_the_retired_keys(city, settings, tmp_path):
    old = a_few_events(city, n=1)[0]
    path = tmp_path / "audit.keys"
    path.write_text(f"# rotated\ndev {django_settings.DEV_AUDIT_KEY}\nk2 {'n' * 40}\n", encoding="utf-8")
    settings.EGOVPM_AUDIT_KEY = ""
    settings.EGOVPM_AUDIT_KEY_FILE = str(path)
    new = a_few_events(city, n=1)[0]
    assert (old.key_id, new.key_id) == ("dev", "k2")
    call_command("verify_audit", stdout=io.StringIO())


def _start_production(env: dict[str, str]) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-c", "import django; django.setup()"],
        cwd=django_settings.BASE_DIR,
        env={"PATH": "/usr/bin:/bin", **env},
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_the_production_settings_refuse_to_start_without_an_audit_key_of_their_own():
    without = {k: v for k, v in PROD_ENV.items() if k != "EGOVPM_AUDIT_KEY"}
    assert "EGOVPM_AUDIT_KEY" in _start_production(without).stderr
    assert "at least 32" in _start_production(without | {"EGOVPM_AUDIT_KEY": django_settings.DEV_AUDIT_KEY}).stderr
    assert _start_production(PROD_ENV).returncode == 0
