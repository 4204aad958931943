"""The append-only, hash-chained audit log: every decision is recorded, nothing can be changed unseen."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import DatabaseError, connection, transaction

from egovpm.audit.domain import GENESIS, event_hash, first_broken
from egovpm.audit.models import AuditEvent
from egovpm.audit.services import audit_record
from egovpm.conftest import PROPOSAL, application_data
from egovpm.coordination import services as coordination
from egovpm.core import clock
from egovpm.core.errors import Refused
from egovpm.intake import services
from egovpm.intake.models import Declaration
from egovpm.lifecycle.workflows import DECLARATION
from egovpm.projects import engine
from egovpm.testing import scenario

TRANSITION_ACTIONS = {f"declaration.{t.action}": t for t in DECLARATION.transitions}


def declare(city, plan_year, clerk="clerk", name="互联网医院"):
    return scenario.declare(
        clerk=city.users[clerk], plan_year=plan_year, name=name, data=application_data(), proposal=PROPOSAL
    )


def advance(city, decl, to):
    u = city.users
    clerk = u["clerk"] if decl.unit_id == city.units["hospital"].pk else u["culture_clerk"]
    return scenario.advance(
        decl,
        to,
        clerk=clerk,
        supervisor=u["supervisor"],
        office_reviewer=u["office_reviewer"],
        office_head=u["office_head"],
        finance=u["finance"],
        reviewers=[u["finance"], u["audit"], u["expert"]],
    )


def transition_events(decl=None, since: int = 0) -> list[AuditEvent]:
    qs = AuditEvent.objects.filter(seq__gt=since, action__in=TRANSITION_ACTIONS)
    if decl is not None:
        qs = qs.filter(object_type="intake.declaration", object_id=str(decl.pk))
    return list(qs.order_by("seq"))


def head() -> int:
    return AuditEvent.objects.order_by("-seq").values_list("seq", flat=True).first() or 0


def assert_recorded(event: AuditEvent, *, action: str, actor, before: str, after: str, reason: str = ""):
    t = TRANSITION_ACTIONS[event.action]
    assert event.action == f"declaration.{action}"
    assert event.actor_id == actor.pk
    assert event.actor_name == actor.get_full_name()
    assert event.actor_unit == actor.unit.name
    assert event.before["stage"] == before and before in t.sources
    assert event.after["stage"] == after == t.target
    assert event.reason == reason
    assert actor.roles & t.roles
    assert event.created_at == clock.now().replace(microsecond=0)


@pytest.mark.supports("第七条")
def test_every_step_of_the_general_procedure_writes_one_event(city, plan_year):
    u = city.users
    decl = declare(city, plan_year)
    # (next stage on the path, the transitions it takes: action, actor, before, after, reason)
    steps = [
        (
            "submitted",
            [
                ("submit_to_supervisor", u["clerk"], "draft", "awaiting_consent", ""),
                ("consent", u["supervisor"], "awaiting_consent", "submitted", "同意上报。"),
            ],
        ),
        ("in_initial_review", [("start_initial_review", u["office_reviewer"], "submitted", "in_initial_review", "")]),
        (
            "initially_passed",
            [
                (
                    "pass_initial_review",
                    u["office_reviewer"],
                    "in_initial_review",
                    "initially_passed",
                    "原则同意，建议压缩硬件投资，优先利用政务云资源。",
                )
            ],
        ),
        (
            "feasibility_submitted",
            [("submit_feasibility", u["clerk"], "initially_passed", "feasibility_submitted", "")],
        ),
        ("in_re_review", [("start_re_review", u["office_reviewer"], "feasibility_submitted", "in_re_review", "")]),
        ("approved", [("approve", u["office_head"], "in_re_review", "approved", "经复核，同意该项目纳入年度计划。")]),
        ("in_budget_library", [("place_in_budget_library", u["finance"], "approved", "in_budget_library", "")]),
        ("funded", [("arrange_funds", u["finance"], "in_budget_library", "funded", "")]),
    ]
    for to, expected in steps:
        since = head()
        decl = advance(city, decl, to)
        events = transition_events(decl, since)
        assert len(events) == len(expected), (to, [e.action for e in events])
        for event, (action, actor, before, after, reason) in zip(events, expected, strict=True):
            assert_recorded(event, action=action, actor=actor, before=before, after=after, reason=reason)
    assert decl.stage == "funded"
    # the whole history of the declaration is one unbroken chain of stages
    chain = transition_events(decl)
    assert chain[0].before["stage"] == DECLARATION.initial
    assert all(a.after["stage"] == b.before["stage"] for a, b in zip(chain, chain[1:], strict=False))
    assert chain[-1].after == {"stage": "funded", "arranged_amount": str(decl.current_fiscal)}
    approve = next(e for e in chain if e.action == "declaration.approve")
    assert approve.after["approval_opinion"] == decl.approval_opinion.number


@pytest.mark.supports("第七条")
def test_every_transition_of_the_table_is_recorded_with_its_reason(city, plan_year):
    u = city.users
    walked = advance(city, declare(city, plan_year, name="远程会诊"), "funded")

    refused = declare(city, plan_year, name="电子病历")
    refused = services.declaration_submit(actor=u["clerk"], declaration=refused)
    services.declaration_refuse_consent(actor=u["supervisor"], declaration=refused, reason="请补充对接方案。")

    not_arranged = advance(city, declare(city, plan_year, clerk="culture_clerk", name="智慧文旅"), "in_initial_review")
    for inv in not_arranged.invitations.select_related("reviewer"):
        services.review_opinion_submit(
            actor=inv.reviewer, invitation=inv, recommendation="not_arrange", opinion="重复。"
        )
    services.initial_review_not_arrange(actor=u["office_reviewer"], declaration=not_arranged, reason="功能重复。")

    returned = advance(city, declare(city, plan_year, clerk="culture_clerk", name="文化云"), "in_re_review")
    services.re_review_return(actor=u["office_head"], declaration=returned, reason="可研深度不足。")

    # 第六条: a project touching 云存储 folded into the Office's coordinated plan
    folded = scenario.declare(
        clerk=u["culture_clerk"],
        plan_year=plan_year,
        name="文旅云存储扩容",
        data=application_data(infrastructure_areas=["云存储"]),
        proposal=PROPOSAL,
    )
    folded = advance(city, folded, "in_initial_review")
    storage = coordination.coordinated_item_create(
        actor=u["office_reviewer"], plan_year=plan_year, name="全市政务云存储扩容", area="云存储"
    )
    coordination.coordination_fold(
        actor=u["office_reviewer"], declaration=folded, coordinated_item=storage, reason="纳入全市政务云统一扩容。"
    )

    events = transition_events()
    assert {e.action for e in events} == set(TRANSITION_ACTIONS)  # every row of the table was exercised
    for e in events:
        t = TRANSITION_ACTIONS[e.action]
        assert e.before["stage"] in t.sources and e.after["stage"] == t.target
        assert e.actor_id and e.actor_name and e.actor_unit
        if t.requires_reason:
            assert e.reason, e.action
    reasons = {e.action: e.reason for e in events}
    assert reasons["declaration.refuse_consent"] == "请补充对接方案。"
    assert reasons["declaration.not_arrange"] == "功能重复。"
    assert reasons["declaration.return_re_review"] == "可研深度不足。"
    assert reasons["declaration.fold_into_coordination"] == "纳入全市政务云统一扩容。"
    # one event per transition: the stage changes of each declaration match its events one to one
    for decl, count in ((walked, 9), (refused, 2), (not_arranged, 3), (returned, 6), (folded, 3)):
        assert len(transition_events(decl)) == count, decl


def test_verify_audit_passes_on_an_intact_chain(city, plan_year, capsys):
    advance(city, declare(city, plan_year), "initially_passed")
    call_command("verify_audit")
    assert f"审计链完整：共 {AuditEvent.objects.count()} 个事件" in capsys.readouterr().out


def disable_append_only(cursor) -> None:
    """Only a database owner can do this; the test plays the tamperer. Rolled back after the test."""
    if connection.vendor == "sqlite":
        cursor.execute("DROP TRIGGER auditevent_no_update")
        cursor.execute("DROP TRIGGER auditevent_no_delete")
    elif connection.vendor == "postgresql":
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")  # ALTER TABLE refuses while FK checks are pending
        cursor.execute("ALTER TABLE audit_auditevent DISABLE TRIGGER USER")
        cursor.execute("SET CONSTRAINTS ALL DEFERRED")
    else:
        pytest.skip(f"no append-only triggers on {connection.vendor}")


@pytest.fixture
def history(city, plan_year):
    """A short real history: a declaration sent through the supervising department into initial review."""
    decl = advance(city, declare(city, plan_year), "in_initial_review")
    consent = transition_events(decl)[-2]
    assert consent.action == "declaration.consent" and consent.seq < head()
    call_command("verify_audit")
    return consent


@pytest.mark.supports("第七条")
def test_a_changed_reason_is_detected_at_its_event(history):
    with connection.cursor() as cur:
        disable_append_only(cur)
        cur.execute("UPDATE audit_auditevent SET reason = %s WHERE seq = %s", ["不同意。", history.seq])
    with pytest.raises(CommandError) as exc:
        call_command("verify_audit")
    assert f"第 {history.seq} 号事件" in str(exc.value)
    assert "哈希不符" in str(exc.value)


@pytest.mark.supports("第七条")
def test_a_rehashed_forgery_is_found_at_its_event(history):
    """Without the audit key the forger can only compute a plain hash: the keyed chain refuses it at the
    forged event itself (egovpm/audit/tests/test_keyed_chain.py has the whole attack)."""
    payload = history.payload()
    payload["reason"] = "不同意。"
    forged = event_hash({**payload, "key_id": None})
    with connection.cursor() as cur:
        disable_append_only(cur)
        cur.execute(
            "UPDATE audit_auditevent SET reason = %s, hash = %s WHERE seq = %s", ["不同意。", forged, history.seq]
        )
    with pytest.raises(CommandError, match=f"第 {history.seq} 号事件.*带密钥的哈希不符"):
        call_command("verify_audit")


@pytest.mark.supports("第七条")
def test_a_deleted_event_is_detected(history):
    with connection.cursor() as cur:
        disable_append_only(cur)
        cur.execute("DELETE FROM audit_auditevent WHERE seq = %s", [history.seq])
    with pytest.raises(CommandError, match=f"第 {history.seq + 1} 号事件.*序号不连续"):
        call_command("verify_audit")


def test_first_broken_names_the_first_bad_link():
    def link(seq, prev, reason=""):
        payload = {
            "seq": seq,
            "created_at": "2026-10-15T02:00:00+00:00",
            "actor_id": 1,
            "actor_name": "张明",
            "actor_unit": "市人民医院",
            "action": "declaration.submit",
            "object_type": "intake.declaration",
            "object_id": "1",
            "object_repr": "",
            "before": {"stage": "draft"},
            "after": {"stage": "submitted"},
            "reason": reason,
            "prev_hash": prev,
        }
        return {**payload, "hash": event_hash(payload)}  # unkeyed: a deployment's older history

    a = link(1, GENESIS)
    b = link(2, a["hash"])
    c = link(3, b["hash"])
    assert first_broken([a, b, c]) is None
    assert first_broken([a, {**b, "reason": "x"}, c])[0] == 2
    assert first_broken([a, c])[0] == 3
    assert first_broken([b, c])[0] == 2  # the first event itself is gone


@pytest.mark.supports("第七条")
def test_the_database_refuses_to_change_or_delete_an_event(history):
    count, seq = AuditEvent.objects.count(), history.seq
    attempts = {
        "orm update": lambda: AuditEvent.objects.filter(seq=seq).update(reason="改"),
        "model save": lambda: _save_changed(seq),
        "model delete": lambda: AuditEvent.objects.get(seq=seq).delete(),
        "queryset delete": lambda: AuditEvent.objects.all().delete(),
        "raw update": lambda: _raw("UPDATE audit_auditevent SET reason = %s WHERE seq = %s", ["改", seq]),
        "raw delete": lambda: _raw("DELETE FROM audit_auditevent WHERE seq = %s", [seq]),
    }
    if connection.vendor == "postgresql":
        attempts["truncate"] = lambda: _raw("TRUNCATE audit_auditevent", [])
    for name, attempt in attempts.items():
        with pytest.raises(DatabaseError), transaction.atomic():
            attempt()
        assert AuditEvent.objects.count() == count, name
        assert AuditEvent.objects.get(seq=seq).reason == history.reason, name
    call_command("verify_audit")


def _save_changed(seq):
    event = AuditEvent.objects.get(seq=seq)
    event.reason = "改"
    event.save()


def _raw(sql, params):
    with connection.cursor() as cur:
        cur.execute(sql, params)


def test_audit_record_refuses_to_run_outside_a_transaction(city, monkeypatch):
    """Tests run inside a transaction; the connection is made to report none (as in autocommit)."""
    count = AuditEvent.objects.count()
    monkeypatch.setattr(transaction.get_connection(), "in_atomic_block", False)
    with pytest.raises(RuntimeError, match="transaction"):
        audit_record(actor=city.users["clerk"], action="declaration.update", object_type="x", object_id="1")
    monkeypatch.undo()
    assert AuditEvent.objects.count() == count


def test_audit_record_appends_to_the_chain(city):
    with transaction.atomic():
        first = audit_record(actor=city.users["office_reviewer"], action="plan_year.open", obj=city.units["office"])
        second = audit_record(actor=None, action="unit.create", obj=city.units["culture"], after={"n": 1})
    assert second.seq == first.seq + 1
    assert second.prev_hash == first.hash
    assert first.actor_unit == city.units["office"].name
    assert second.actor_name == "系统"
    assert first.object_type == "orgs.unit" and first.object_id == str(city.units["office"].pk)
    call_command("verify_audit")


@pytest.mark.supports("第七条(一)")
def test_a_refused_transition_leaves_no_event(city, plan_year, frozen_clock):
    decl = declare(city, plan_year)
    before = head()
    with pytest.raises(Refused, match="只有申报单位本身"):
        services.declaration_submit(actor=city.users["culture_clerk"], declaration=decl)
    frozen_clock(dt.date(2026, 11, 1))
    with pytest.raises(Refused, match="已于 2026年10月31日 截止"):
        services.declaration_submit(actor=city.users["clerk"], declaration=decl)
    assert head() == before
    assert Declaration.objects.get(pk=decl.pk).stage == "draft"


@pytest.mark.supports("第七条")
def test_a_failure_after_the_event_rolls_back_the_event_and_the_change(city, plan_year, monkeypatch):
    decl = declare(city, plan_year, clerk="culture_clerk")
    before = head()
    real = engine.audit_record

    def record_then_fail(**kwargs):
        real(**kwargs)
        assert AuditEvent.objects.filter(seq=before + 1).exists()  # the event was written…
        raise DatabaseError("磁盘已满")

    monkeypatch.setattr(engine, "audit_record", record_then_fail)
    with pytest.raises(DatabaseError):
        services.declaration_submit(actor=city.users["culture_clerk"], declaration=decl)
    monkeypatch.undo()
    assert head() == before  # …and rolled back with the stage change
    fresh = Declaration.objects.get(pk=decl.pk)
    assert fresh.stage == "draft" and fresh.submitted_at is None

    services.declaration_submit(actor=city.users["culture_clerk"], declaration=fresh)
    assert head() == before + 1
    call_command("verify_audit")
