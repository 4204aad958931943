"""Two people deciding on one project at the same instant: exactly one decision applies, the other is
refused with a clear message, nothing is half written and the audit chain holds one event for it.

Real threads, each with its own database connection, on PostgreSQL (SQLite serialises whole
transactions and has no row locks, so it cannot show the race). A pause inside the audit append
(after the decision's checks and writes, before commit) holds the first transaction open long enough
for the second to reach the same row: without the row lock both would read the old state and apply."""

from __future__ import annotations

import threading
import time
from decimal import Decimal

import pytest
from django.db import connection, connections

from egovpm.audit import services as audit_services
from egovpm.audit.models import AuditEvent
from egovpm.audit.selectors import audit_chain_verify
from egovpm.conftest import declaration_at
from egovpm.core.errors import Refused
from egovpm.intake import services
from egovpm.intake.models import BudgetLibraryEntry, PlanTransmission, ProcurementItem
from egovpm.lifecycle.roles import Role
from egovpm.security.services_accounts import user_create

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="row locks and truly concurrent transactions need PostgreSQL (CI: DATABASE_URL=postgres://…)",
    ),
]

PAUSE = 0.3


@pytest.fixture
def slow_audit(monkeypatch):
    """Hold each deciding transaction open a moment before it appends its audit event."""
    original = audit_services._lock_head

    def slow():
        time.sleep(PAUSE)
        original()

    monkeypatch.setattr(audit_services, "_lock_head", slow)


def race(*calls):
    """Run each call in its own thread (own connection), released together by a barrier.
    Returns one ("ok", result) / ("refused", Refused) / ("error", exception) per call, in order."""
    barrier = threading.Barrier(len(calls))
    outcomes: list = [None] * len(calls)

    def run(i, call):
        try:
            barrier.wait(timeout=10)
            outcomes[i] = ("ok", call())
        except Refused as exc:
            outcomes[i] = ("refused", exc)
        except Exception as exc:  # reported by the assertions below
            outcomes[i] = ("error", exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(i, call)) for i, call in enumerate(calls)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    assert all(not t.is_alive() for t in threads), "a thread hung (deadlock?)"
    assert not [o for o in outcomes if o[0] == "error"], outcomes
    return outcomes


def one_applied(outcomes) -> tuple[int, Refused]:
    """Exactly one call applied, the other was refused; (index of the winner, the refusal)."""
    kinds = sorted(kind for kind, _ in outcomes)
    assert kinds == ["ok", "refused"], outcomes
    winner = next(i for i, (kind, _) in enumerate(outcomes) if kind == "ok")
    refusal = outcomes[1 - winner][1]
    assert refusal.message and any("\u4e00" <= ch <= "\u9fff" for ch in refusal.message)  # Chinese
    return winner, refusal


def last_seq() -> int:
    return AuditEvent.objects.order_by("-seq").values_list("seq", flat=True).first() or 0


def events_since(seq: int) -> list[AuditEvent]:
    """The decisions' events since `seq`; the official documents a decision issues (egovpm.official) are
    counted apart (issued_since)."""
    return list(AuditEvent.objects.filter(seq__gt=seq).exclude(action__startswith="official.").order_by("seq"))


def issued_since(seq: int) -> int:
    return AuditEvent.objects.filter(seq__gt=seq, action="official.issue").count()


def assert_chain_intact() -> None:
    count, broken = audit_chain_verify()
    assert broken is None, broken
    assert list(AuditEvent.objects.order_by("seq").values_list("seq", flat=True)) == list(range(1, count + 1))


def test_two_office_reviewers_conclude_one_initial_review(transactional_db, city, plan_year, slow_audit):
    u = city.users
    decl = declaration_at(city, "in_initial_review", plan_year=plan_year, reviewers=("expert", "expert2"))
    for inv in decl.invitations.select_related("reviewer"):
        services.review_opinion_submit(actor=inv.reviewer, invitation=inv, recommendation="pass", opinion="同意。")
    decl.refresh_from_db()
    seq = last_seq()

    outcomes = race(
        lambda: services.initial_review_pass(actor=u["office_reviewer"], declaration=decl, opinion="同意通过。"),
        lambda: services.initial_review_not_arrange(actor=u["office_head"], declaration=decl, reason="重复建设。"),
    )

    winner, refusal = one_applied(outcomes)
    assert refusal.code == "stale"
    assert "已被他人更新" in refusal.message
    decl.refresh_from_db()
    expected = [("initially_passed", "同意通过。"), ("not_arranged", "重复建设。")][winner]
    assert (decl.stage, decl.initial_opinion) == expected
    events = events_since(seq)
    assert [e.action for e in events] == [["declaration.pass_initial_review", "declaration.not_arrange"][winner]]
    assert issued_since(seq) == 1  # the winner's feedback letter (第七条(二)), once
    assert_chain_intact()


def test_two_finance_clerks_arrange_funds_on_one_declaration(transactional_db, city, plan_year, slow_audit):
    finance2 = user_create(
        username="finance2",
        password="Egovpm#2026",
        full_name="钱多",
        unit=city.units["finance"],
        roles=[Role.FINANCE_REVIEWER],
    )
    decl = declaration_at(city, "in_budget_library", plan_year=plan_year, reviewers=("expert", "expert2"))
    seq = last_seq()

    outcomes = race(
        lambda: services.budget_funds_arrange(actor=city.users["finance"], declaration=decl, amount=Decimal("150.00")),
        lambda: services.budget_funds_arrange(actor=finance2, declaration=decl, amount=Decimal("120.00")),
    )

    winner, _ = one_applied(outcomes)
    decl.refresh_from_db()
    entry = BudgetLibraryEntry.objects.get(declaration=decl)
    assert decl.stage == "funded"
    assert entry.arranged_amount == [Decimal("150.00"), Decimal("120.00")][winner]
    events = events_since(seq)
    assert [e.action for e in events] == ["declaration.arrange_funds"]
    assert Decimal(events[0].after["arranged_amount"]) == entry.arranged_amount
    assert_chain_intact()


def test_one_invitee_submits_the_same_opinion_twice_at_once(transactional_db, city, plan_year, slow_audit):
    decl = declaration_at(city, "in_initial_review", plan_year=plan_year, reviewers=("expert", "expert2"))
    inv = decl.invitations.get(reviewer=city.users["expert"])
    seq = last_seq()

    def submit(text):
        return lambda: services.review_opinion_submit(
            actor=city.users["expert"], invitation=inv, recommendation="adjust", opinion=text
        )

    outcomes = race(submit("第一次提交。"), submit("第二次提交。"))

    winner, refusal = one_applied(outcomes)
    assert "已提交过意见" in refusal.message
    inv.refresh_from_db()
    assert inv.opinion == ["第一次提交。", "第二次提交。"][winner]
    assert [e.action for e in events_since(seq)] == ["review_opinion.submit"]
    assert_chain_intact()


def test_two_invitees_submit_their_opinions_at_once(transactional_db, city, plan_year, slow_audit):
    decl = declaration_at(city, "in_initial_review", plan_year=plan_year, reviewers=("expert", "expert2"))
    invitations = list(decl.invitations.select_related("reviewer"))
    seq = last_seq()

    outcomes = race(
        *[
            (
                lambda inv=inv: services.review_opinion_submit(
                    actor=inv.reviewer, invitation=inv, recommendation="pass", opinion=f"{inv.reviewer}：同意。"
                )
            )
            for inv in invitations
        ]
    )

    assert [kind for kind, _ in outcomes] == ["ok", "ok"]
    assert decl.invitations.filter(submitted_at__isnull=True).count() == 0
    assert [e.action for e in events_since(seq)] == ["review_opinion.submit"] * 2
    assert_chain_intact()


def test_an_opinion_racing_the_office_closing_the_review(transactional_db, city, plan_year, slow_audit):
    """The Office cannot pass the review while the last opinion is being written: either the opinion
    lands first and the pass follows, or the pass is refused (an opinion still pending)."""
    decl = declaration_at(city, "in_initial_review", plan_year=plan_year, reviewers=("expert", "expert2"))
    first, last = list(decl.invitations.select_related("reviewer").order_by("pk"))
    services.review_opinion_submit(actor=first.reviewer, invitation=first, recommendation="pass", opinion="同意。")
    decl.refresh_from_db()
    seq = last_seq()

    outcomes = race(
        lambda: services.review_opinion_submit(
            actor=last.reviewer, invitation=last, recommendation="adjust", opinion="建议调整。"
        ),
        lambda: services.initial_review_pass(actor=city.users["office_reviewer"], declaration=decl, opinion="通过。"),
    )

    assert outcomes[0][0] == "ok"
    decl.refresh_from_db()
    last.refresh_from_db()
    assert last.submitted_at is not None
    actions = [e.action for e in events_since(seq)]
    if outcomes[1][0] == "ok":
        assert actions == ["review_opinion.submit", "declaration.pass_initial_review"]
        assert decl.stage == "initially_passed"
    else:
        assert actions == ["review_opinion.submit"]
        assert decl.stage == "in_initial_review"
    assert_chain_intact()


def test_two_office_clerks_remove_one_procurement_item(transactional_db, city, plan_year, slow_audit):
    decl = declaration_at(city, "in_initial_review", plan_year=plan_year, reviewers=("expert", "expert2"))
    item = services.procurement_item_add(
        actor=city.users["office_reviewer"],
        declaration=decl,
        data={"category": "equipment", "name": "服务器", "quantity": 2, "estimated_amount": Decimal("30.00")},
    )
    seq = last_seq()

    outcomes = race(
        lambda: services.procurement_item_remove(actor=city.users["office_reviewer"], item=item),
        lambda: services.procurement_item_remove(actor=city.users["office_head"], item=item),
    )

    one_applied(outcomes)
    assert not ProcurementItem.objects.filter(pk=item.pk).exists()
    assert [e.action for e in events_since(seq)] == ["procurement_item.remove"]
    assert_chain_intact()


def test_the_plan_is_sent_to_finance_once(transactional_db, city, plan_year, slow_audit):
    declaration_at(city, "approved", plan_year=plan_year, reviewers=("expert", "expert2"))
    seq = last_seq()

    outcomes = race(
        lambda: services.plan_send_to_finance(actor=city.users["office_reviewer"], plan_year=plan_year),
        lambda: services.plan_send_to_finance(actor=city.users["office_head"], plan_year=plan_year),
    )

    one_applied(outcomes)
    assert PlanTransmission.objects.count() == 1
    assert [e.action for e in events_since(seq)] == ["plan.send_to_finance"]
    assert issued_since(seq) == 1  # one covering letter (报送函)
    assert_chain_intact()


def test_many_threads_appending_security_events_keep_a_gapless_chain(transactional_db, city):
    seq = last_seq()
    per_thread, threads = 5, 8
    users = list(city.users.values())[:threads]

    def append(user):
        def run():
            for n in range(per_thread):
                audit_services.audit_security_event(
                    actor=user, action="auth.login", outcome="success", object_repr=f"{user.username}#{n}"
                )

        return run

    outcomes = race(*[append(user) for user in users])

    assert [kind for kind, _ in outcomes] == ["ok"] * threads
    events = events_since(seq)
    assert [e.seq for e in events] == list(range(seq + 1, seq + 1 + per_thread * threads))
    assert_chain_intact()
