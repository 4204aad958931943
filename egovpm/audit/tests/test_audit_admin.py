"""The audit administrator's pages: search the chain, verify it, export a date range for off-site archiving
(and the export_audit / verify_audit --file commands). Only the audit administrator opens them, and each
search, verification and export is itself an event of the chain."""

from __future__ import annotations

import datetime as dt
import io
import json
from unittest import mock

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import DatabaseError, connection, transaction
from django.urls import reverse
from openpyxl import load_workbook

from egovpm.audit.domain import GENESIS, segment_first_broken
from egovpm.audit.exports import read_segment
from egovpm.audit.keys import keyring
from egovpm.audit.models import AuditEvent
from egovpm.audit.services import audit_record
from egovpm.audit.tests.test_audit import disable_append_only
from egovpm.core import clock

LIST = reverse("audit:event_list")
VERIFY = reverse("audit:verify")
EXPORT = reverse("audit:export")
NOT_AUDITADMIN = ["sysadmin", "secadmin", "clerk", "supervisor", "office_head", "finance", "audit", "expert"]
OWN_ACTIONS = ["audit.search", "audit.verify", "audit.export"]


@pytest.fixture(autouse=True)
def _clock_first(frozen_clock):
    """The city's events happen at the frozen clock too, so that the chain's times rise with its seq."""


def at(day: int, hour: int, minute: int = 0) -> dt.datetime:
    """An instant of October 2026, Beijing time."""
    return dt.datetime(2026, 10, day, hour, minute, tzinfo=clock.TZ)


def record(when: dt.datetime, *, actor=None, action="unit.update", **fields) -> AuditEvent:
    with clock.frozen(when), transaction.atomic():
        return audit_record(actor=actor, action=action, **fields)


@pytest.fixture
def chain(frozen_clock, city):
    """The city's events (2026-10-15 10:00) and a few later ones around midnight of 10-16/10-17."""
    u = city.users
    events = {
        "late": record(
            at(16, 23, 30),
            actor=u["clerk"],
            action="declaration.submit",
            obj=u["clerk"].unit,
            reason="提交。",
            ip="10.1.2.3",
        ),  # fmt: skip
        "after_midnight": record(
            at(17, 0, 30),
            actor=u["office_head"],
            action="declaration.approve",
            obj=u["office_head"].unit,
            outcome="success",
            ip="10.9.9.9",
        ),  # fmt: skip
        "denied": record(
            at(17, 9),
            actor=u["expert"],
            action="access.denied",
            object_type="page",
            object_id="/audit/",
            outcome="denied",
            ip="10.1.2.3",
        ),  # fmt: skip
    }
    frozen_clock(at(18, 10))
    return events


def search(client, **params):
    response = client.get(LIST, params)
    assert response.status_code == 200
    return [e.seq for e in response.context["page"].object_list]


# --- access -------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("who", NOT_AUDITADMIN)
def test_only_the_audit_admin_opens_the_audit_pages(client, city, who):
    client.force_login(city.users[who])
    for url in (LIST, VERIFY, EXPORT):
        assert client.get(url).status_code == 403, url
    assert client.post(VERIFY).status_code == 403
    assert client.post(EXPORT, {"date_from": "2026-01-01", "date_to": "2026-12-31", "fmt": "jsonl"}).status_code == 403
    assert not AuditEvent.objects.filter(action__in=OWN_ACTIONS).exists()
    assert AuditEvent.objects.filter(action="access.denied", actor=city.users[who]).count() == 5


def test_the_audit_admin_has_no_other_page(client, city):
    """三员分立: read, verify, export — nothing else: no business page, no security page, no admin."""
    client.force_login(city.users["auditadmin"])
    for name in ("intake:declaration_list", "filings:filing_list", "security:user_list", "security:policy"):
        assert client.get(reverse(name)).status_code == 403, name
    assert client.get("/admin/").status_code == 302


# --- search ---------------------------------------------------------------------------------------------------


def test_the_chain_is_listed_newest_first_with_labels_and_details(client, city, chain):
    client.force_login(city.users["auditadmin"])
    response = client.get(LIST)
    seqs = [e.seq for e in response.context["page"].object_list]
    assert seqs == sorted(seqs, reverse=True) and seqs[0] == chain["denied"].seq
    body = response.content.decode()
    row = body.split(f'data-seq="{chain["late"].seq}"')[1].split("</tr>")[0]
    assert "提交" in row and "declaration.submit" in row  # the Chinese label and the code
    assert "提交。" in row and chain["late"].hash in row and chain["late"].prev_hash in row
    assert "10.1.2.3" in row and "2026-10-16 23:30" in row
    assert "越权访问被拒绝" in body


def test_search_by_beijing_dates(client, city, chain):
    client.force_login(city.users["auditadmin"])
    assert search(client, date_from="2026-10-16", date_to="2026-10-16") == [chain["late"].seq]
    assert search(client, date_from="2026-10-17", date_to="2026-10-17") == [chain["denied"].seq,
                                                                             chain["after_midnight"].seq]  # fmt: skip
    assert search(client, date_to="2026-10-14") == []


def test_search_by_each_filter(client, city, chain):
    client.force_login(city.users["auditadmin"])
    late, approve, denied = chain["late"].seq, chain["after_midnight"].seq, chain["denied"].seq
    assert search(client, actor="张明", date_from="2026-10-16") == [late]
    assert search(client, actor="expert", date_from="2026-10-16") == [denied]  # the username too
    assert search(client, unit="领导小组办公室", date_from="2026-10-16", date_to="2026-10-17") == [approve]
    assert search(client, action="declaration.approve") == [approve]
    assert search(client, outcome="denied") == [denied]
    assert search(client, ip="10.1.2.3") == [denied, late]
    assert search(client, object_type="page", object_id="/audit/") == [denied]
    unit_events = search(client, object_type="orgs.unit", object_id=str(city.users["clerk"].unit_id))
    assert late in unit_events and approve not in unit_events


def test_a_bad_filter_is_shown_at_its_field(client, city, chain):
    client.force_login(city.users["auditadmin"])
    response = client.get(LIST, {"ip": "not-an-ip", "action": "declaration.approve"})
    assert response.context["form"].errors["ip"]
    assert [e.seq for e in response.context["page"].object_list] == [chain["after_midnight"].seq]


def test_each_search_is_recorded_with_its_filters(client, city, chain):
    auditadmin = city.users["auditadmin"]
    client.force_login(auditadmin)
    search(client, actor="张明", date_from="2026-10-16", outcome="success")
    event = AuditEvent.objects.get(action="audit.search")
    assert event.actor == auditadmin and event.outcome == "success"
    assert event.after == {
        "filters": {"actor": "张明", "date_from": "2026-10-16", "outcome": "success"},
        "page": 1,
        "matches": 1,
    }
    assert event.ip == "127.0.0.1"


def test_a_search_that_cannot_be_recorded_fails(client, city, chain):
    client.force_login(city.users["auditadmin"])
    before = AuditEvent.objects.count()
    failing = mock.patch("egovpm.audit.services_admin.audit_record", side_effect=DatabaseError("disk full"))
    with failing, pytest.raises(DatabaseError):
        client.get(LIST)
    assert AuditEvent.objects.count() == before


def test_the_list_is_paginated_with_a_constant_number_of_queries(client, city, chain, django_assert_max_num_queries):
    client.force_login(city.users["auditadmin"])
    counts = []
    for n in (0, 120):
        for i in range(n):
            record(at(18, 9), actor=city.users["clerk"], action="declaration.update", obj=city.users["clerk"],
                   before={"name": str(i)}, after={"name": str(i + 1)})  # fmt: skip
        # session, user, roles, savepoint, count, page, (PostgreSQL: advisory lock), chain head, insert, release
        with django_assert_max_num_queries(11) as captured:
            response = client.get(LIST, {"page": 2})
        counts.append(len(captured.captured_queries))
    assert counts[0] == counts[1]
    page = response.context["page"]
    assert page.number == 2 and len(page.object_list) == 50
    assert page.paginator.count == AuditEvent.objects.count() - 1  # all but the search just recorded


# --- verification ---------------------------------------------------------------------------------------------


def test_verification_of_an_intact_chain(client, city, chain):
    client.force_login(city.users["auditadmin"])
    assert client.get(VERIFY).context["result"] is None
    count = AuditEvent.objects.count()
    response = client.post(VERIFY)
    result = response.context["result"]
    assert (result.count, result.broken, result.keyed_from) == (count, None, 1)
    assert "审计链完整" in response.content.decode()
    assert "全部事件为带密钥的 HMAC 链" in response.content.decode()
    event = AuditEvent.objects.get(action="audit.verify")
    assert event.outcome == "success"
    assert event.after == {"count": count, "broken_seq": None, "keyed_from": 1, "anchors": 0, "last_anchor_seq": None}


def test_verification_names_the_first_broken_link(client, city, chain):
    with connection.cursor() as cur:
        disable_append_only(cur)
        cur.execute("UPDATE audit_auditevent SET reason = %s WHERE seq = %s", ["同意。", chain["late"].seq])
    client.force_login(city.users["auditadmin"])
    response = client.post(VERIFY)
    broken = response.context["result"].broken
    assert broken[0] == chain["late"].seq and "哈希不符" in broken[1]
    assert f"第 {chain['late'].seq} 号事件" in response.content.decode()
    event = AuditEvent.objects.get(action="audit.verify")
    assert event.outcome == "failure" and event.after["broken_seq"] == chain["late"].seq and event.reason


# --- export ---------------------------------------------------------------------------------------------------


def export(client, fmt="jsonl", date_from="2026-10-16", date_to="2026-10-17"):
    response = client.post(EXPORT, {"date_from": date_from, "date_to": date_to, "fmt": fmt})
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment;")
    return response


def test_a_jsonl_export_verifies_on_its_own(client, city, chain, tmp_path):
    client.force_login(city.users["auditadmin"])
    response = export(client)
    assert response["Content-Type"].startswith("application/x-ndjson")
    assert "audit-20261016-20261017.jsonl" in response["Content-Disposition"]
    lines = response.content.decode().splitlines()
    header, events = read_segment(lines)
    events = list(events)
    expected = [chain["late"], chain["after_midnight"], chain["denied"]]
    assert [e["seq"] for e in events] == [e.seq for e in expected]
    assert events == [e.payload() for e in expected]
    assert header["from"] == "2026-10-16" and header["to"] == "2026-10-17"
    assert header["first_seq"] == chain["late"].seq and header["count"] == 3
    assert header["prev_hash"] == AuditEvent.objects.get(seq=chain["late"].seq - 1).hash
    assert header["last_hash"] == chain["denied"].hash and header["algorithm"] == "sha256"
    assert segment_first_broken(header, events, keyring()[0]) is None

    path = tmp_path / "segment.jsonl"
    path.write_bytes(response.content)
    out = io.StringIO()
    call_command("verify_audit", file=path, stdout=out)
    assert "导出段完整" in out.getvalue() and "共 3 个事件" in out.getvalue()

    event = AuditEvent.objects.get(action="audit.export")
    assert event.actor == city.users["auditadmin"]
    assert event.after == {"from": "2026-10-16", "to": "2026-10-17", "format": "jsonl",
                           "first_seq": chain["late"].seq, "last_seq": chain["denied"].seq}  # fmt: skip


def test_a_changed_or_truncated_export_does_not_verify(client, city, chain, tmp_path):
    client.force_login(city.users["auditadmin"])
    lines = export(client).content.decode().splitlines(keepends=True)
    changed = json.loads(lines[2])
    changed["reason"] = "改过的意见"
    tampered = tmp_path / "tampered.jsonl"
    tampered.write_text(lines[0] + lines[1] + json.dumps(changed, ensure_ascii=False) + "\n" + lines[3])
    with pytest.raises(CommandError, match=f"第 {changed['seq']} 号事件.*哈希不符"):
        call_command("verify_audit", file=tampered)

    truncated = tmp_path / "truncated.jsonl"
    truncated.write_text("".join(lines[:-1]))
    with pytest.raises(CommandError, match="事件个数不符"):
        call_command("verify_audit", file=truncated)

    not_a_segment = tmp_path / "other.jsonl"
    not_a_segment.write_text('{"hello": 1}\n')
    with pytest.raises(CommandError, match="不是审计链导出段"):
        call_command("verify_audit", file=not_a_segment)


def test_consecutive_exports_link_up(client, city, chain):
    client.force_login(city.users["auditadmin"])
    first, _ = read_segment(export(client, date_from="2026-10-01", date_to="2026-10-16").content.decode().splitlines())
    second, _ = read_segment(export(client, date_from="2026-10-17", date_to="2026-10-17").content.decode().splitlines())
    assert first["prev_hash"] == GENESIS and first["first_seq"] == 1
    assert second["prev_hash"] == first["last_hash"] and second["first_seq"] == first["first_seq"] + first["count"]
    empty, events = read_segment(
        export(client, date_from="2026-09-01", date_to="2026-09-30").content.decode().splitlines()
    )
    assert list(events) == [] and empty["count"] == 0 and segment_first_broken(empty, []) is None


def test_an_xlsx_export_for_reading(client, city, chain):
    client.force_login(city.users["auditadmin"])
    response = export(client, fmt="xlsx")
    assert "audit-20261016-20261017.xlsx" in response["Content-Disposition"]
    ws = load_workbook(io.BytesIO(response.content)).active
    rows = list(ws.iter_rows(values_only=True))
    header = rows[2]
    assert header[0] == "序号" and "哈希" in header and "变更前" in header
    data = rows[3:]
    assert [r[0] for r in data] == [chain["late"].seq, chain["after_midnight"].seq, chain["denied"].seq]
    assert data[0][1] == "2026-10-16 23:30:00"
    assert data[2][header.index("动作")] == "越权访问被拒绝"
    assert data[2][header.index("结果")] == "拒绝"
    assert data[0][header.index("哈希")] == chain["late"].hash
    assert AuditEvent.objects.get(action="audit.export").after["format"] == "xlsx"


def test_an_export_with_the_range_reversed_is_refused_at_the_field(client, city, chain):
    client.force_login(city.users["auditadmin"])
    response = client.post(EXPORT, {"date_from": "2026-10-17", "date_to": "2026-10-16", "fmt": "jsonl"})
    assert response.status_code == 200 and "Content-Disposition" not in response
    assert response.context["form"].errors["date_to"]
    assert not AuditEvent.objects.filter(action="audit.export").exists()


def test_export_audit_command_shares_the_exporter(city, chain, tmp_path):
    path = tmp_path / "archive.jsonl"
    out = io.StringIO()
    call_command("export_audit", "--from", "2026-10-15", "--to", "2026-10-17", "--output", str(path), stdout=out)
    assert "已导出" in out.getvalue()
    header, events = read_segment(path.read_text(encoding="utf-8").splitlines())
    events = list(events)
    assert header["first_seq"] == 1 and events[-1]["seq"] == chain["denied"].seq
    assert segment_first_broken(header, events, keyring()[0]) is None
    call_command("verify_audit", file=path, stdout=io.StringIO())
    event = AuditEvent.objects.get(action="audit.export")
    assert event.actor is None and event.after["format"] == "jsonl"
    with pytest.raises(CommandError, match="YYYY-MM-DD"):
        call_command("export_audit", "--from", "15.10.2026", "--to", "2026-10-17", "--output", str(path))


def test_the_chain_still_verifies_after_the_admins_own_events(client, city, chain):
    client.force_login(city.users["auditadmin"])
    search(client, outcome="denied")
    export(client)
    client.post(VERIFY)
    assert set(AuditEvent.objects.filter(action__in=OWN_ACTIONS).values_list("action", flat=True)) == set(OWN_ACTIONS)
    call_command("verify_audit", stdout=io.StringIO())
