"""The chain hash as SM3 (GB/T 32905-2016) for deployments that must use national algorithms
(setting EGOVPM_AUDIT_HASH); each event names its algorithm, so a chain may switch from SHA-256."""

from __future__ import annotations

import hashlib
import hmac
import io

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection, transaction

from egovpm.audit.domain import WHY_KEYED, canonical, event_hash, first_broken, segment_first_broken
from egovpm.audit.exports import read_segment
from egovpm.audit.keys import keyring
from egovpm.audit.models import AuditEvent
from egovpm.audit.selectors import audit_chain_verify
from egovpm.audit.services import audit_record
from egovpm.audit.tests.test_audit import disable_append_only
from egovpm.lifecycle.roles import Role
from egovpm.security.services_accounts import unit_create, user_roles_set

# GB/T 32905-2016 Appendix A, example 1: SM3("abc").
SM3_ABC = "66c7f0f462eeedd9d1f2d46bdc10e4e24167c4875cf2f7a2297da02b8f4ba8e0"


def test_sm3_gives_the_standards_test_vector():
    assert hashlib.new("sm3", b"abc").hexdigest() == SM3_ABC


def test_event_hash_follows_the_algorithm_the_event_names():
    payload = {"seq": 1, "action": "unit.create", "prev_hash": "0" * 64, "algorithm": "sm3"}
    sm3 = event_hash(payload)
    sha = event_hash({**payload, "algorithm": "sha256"})
    assert len(sm3) == len(sha) == 64 and sm3 != sha
    assert sm3 == hashlib.new("sm3", canonical(payload)).hexdigest()
    legacy = {**payload, "algorithm": None}  # events from before the field: SHA-256
    assert event_hash(legacy) == hashlib.sha256(canonical(legacy)).hexdigest()
    with pytest.raises(ValueError):
        event_hash({**payload, "algorithm": "md5"})


def some_events(city, n: int = 3) -> None:
    for i in range(n):
        unit_create(actor=city.users["sysadmin"], name=f"测试单位{i}", code=f"09{i:02d}")
    user_roles_set(actor=city.users["secadmin"], user=city.users["expert2"], roles=[Role.EXPERT, Role.AUDIT_REVIEWER])


def test_a_chain_written_with_sm3_verifies(city, settings):
    settings.EGOVPM_AUDIT_HASH = "sm3"
    some_events(city)
    sm3_events = AuditEvent.objects.filter(algorithm="sm3")
    assert sm3_events.count() == 4
    key = keyring()[0]["dev"]
    for event in sm3_events:  # HMAC-SM3 with the audit key
        assert event.key_id == "dev"
        assert event.hash == hmac.new(key, canonical(event.payload()), "sm3").hexdigest()
    count, broken = audit_chain_verify()
    assert broken is None and count == AuditEvent.objects.count()
    call_command("verify_audit", stdout=io.StringIO())


def test_a_tampered_sm3_event_is_found(city, settings):
    settings.EGOVPM_AUDIT_HASH = "sm3"
    some_events(city)
    target = AuditEvent.objects.filter(algorithm="sm3").order_by("seq")[1]
    with connection.cursor() as cur:
        disable_append_only(cur)
        cur.execute("UPDATE audit_auditevent SET object_repr = %s WHERE seq = %s", ["伪造", target.seq])
    count, broken = audit_chain_verify()
    assert broken == (target.seq, WHY_KEYED)
    with pytest.raises(CommandError, match=f"第 {target.seq} 号事件"):
        call_command("verify_audit")


def test_relabelling_an_sm3_event_as_sha256_is_found(city, settings):
    """The algorithm is hashed too: nobody can re-hash an event with a weaker function unseen."""
    settings.EGOVPM_AUDIT_HASH = "sm3"
    some_events(city, n=1)
    target = AuditEvent.objects.filter(algorithm="sm3").first()
    payload = {**target.payload(), "algorithm": "sha256"}
    with connection.cursor() as cur:
        disable_append_only(cur)
        cur.execute(
            "UPDATE audit_auditevent SET algorithm = %s, hash = %s WHERE seq = %s",
            ["sha256", event_hash(payload, keyring()[0]), target.seq],
        )
    _, broken = audit_chain_verify()
    assert broken is not None and broken[0] == target.seq + 1


def test_a_chain_that_switches_from_sha256_to_sm3_verifies(city, settings, tmp_path):
    some_events(city, n=2)
    switch = AuditEvent.objects.order_by("-seq").values_list("seq", flat=True).first()
    settings.EGOVPM_AUDIT_HASH = "sm3"
    with transaction.atomic():
        audit_record(actor=city.users["sysadmin"], action="unit.update", obj=city.units["culture"])
    after_switch = AuditEvent.objects.filter(seq__gt=switch)
    assert set(AuditEvent.objects.filter(seq__lte=switch).values_list("algorithm", flat=True)) == {"sha256"}
    assert set(after_switch.values_list("algorithm", flat=True)) == {"sm3"}
    first_sm3 = after_switch.order_by("seq").first()
    assert first_sm3.prev_hash == AuditEvent.objects.get(seq=switch).hash
    assert first_broken((e.payload() for e in AuditEvent.objects.order_by("seq")), keys=keyring()[0]) is None
    call_command("verify_audit", stdout=io.StringIO())

    # an exported segment spanning the switch verifies on its own, and names the algorithm in force
    path = tmp_path / "segment.jsonl"
    call_command("export_audit", "--from", "2000-01-01", "--to", "2100-12-31", "--output", str(path),
                 stdout=io.StringIO())  # fmt: skip
    header, events = read_segment(path.read_text(encoding="utf-8").splitlines())
    events = list(events)
    assert header["algorithm"] == "sm3"
    assert {e["algorithm"] for e in events} == {"sha256", "sm3"}
    assert segment_first_broken(header, events, keyring()[0]) is None
