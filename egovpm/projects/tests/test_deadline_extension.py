"""Extensions of deadlines: the Office moves one deadline of one object to a later day, with a reason;
the engine honours the extension; the day is Asia/Shanghai's."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.db import DatabaseError, connection, transaction

from egovpm.audit.models import AuditEvent
from egovpm.core.errors import Refused
from egovpm.intake import services
from egovpm.intake.selectors import feasibility_state
from egovpm.intake.tests.test_feasibility import initially_passed, provide
from egovpm.intake.todo import todo_items
from egovpm.projects.engine import may
from egovpm.projects.models import DeadlineExtension
from egovpm.projects.selectors import effective_due, extended_due
from egovpm.projects.services import deadline_extend

BASE = dt.date(2026, 11, 30)
REASON = "因专家论证会延期召开，同意可研材料延期报送。"


@pytest.fixture
def passed(city, frozen_clock):
    """A declaration of plan year 2027 that passed the initial review, its materials complete."""
    decl = initially_passed(city)
    provide(decl, city.users["clerk"])
    return decl


def extend(city, decl, due, reason=REASON, who="office_reviewer", key="intake.feasibility"):
    return deadline_extend(actor=city.users[who], obj=decl, key=key, due=due, reason=reason)


def shanghai(day: dt.date, hour: int, minute: int) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(hour, minute), tzinfo=dt.UTC)


@pytest.mark.article("第七条(三)")
def test_an_extended_feasibility_deadline_admits_a_submission_on_12_05(city, passed, frozen_clock):
    extend(city, passed, dt.date(2026, 12, 10))
    frozen_clock(dt.date(2026, 12, 5))

    decl = services.feasibility_submit(actor=city.users["clerk"], declaration=passed)

    assert decl.stage == "feasibility_submitted"


@pytest.mark.article("第七条(三)")
def test_an_extended_feasibility_deadline_refuses_on_12_11(city, passed, frozen_clock):
    extend(city, passed, dt.date(2026, 12, 10))
    frozen_clock(dt.date(2026, 12, 11))

    with pytest.raises(Refused, match="2026年12月10日"):
        services.feasibility_submit(actor=city.users["clerk"], declaration=passed)
    passed.refresh_from_db()
    assert passed.stage == "initially_passed"


@pytest.mark.article("第七条(三)")
def test_without_an_extension_12_05_is_too_late(city, passed, frozen_clock):
    frozen_clock(dt.date(2026, 12, 5))
    allowed, why = may(city.users["clerk"], passed, "submit_feasibility")
    assert not allowed and "2026年11月30日" in why


@pytest.mark.article("第七条(三)")
@pytest.mark.parametrize(
    ("instant", "allowed"),
    [
        (shanghai(BASE, 15, 59), True),  # 23:59 of 11-30 in Shanghai
        (shanghai(BASE, 16, 1), False),  # 00:01 of 12-01 in Shanghai
    ],
)
def test_the_feasibility_deadline_ends_at_midnight_in_shanghai(city, passed, frozen_clock, instant, allowed):
    frozen_clock(instant)
    assert may(city.users["clerk"], passed, "submit_feasibility")[0] is allowed


@pytest.mark.article("第七条(三)")
@pytest.mark.parametrize(
    ("instant", "allowed"),
    [
        (shanghai(dt.date(2026, 12, 10), 15, 59), True),
        (shanghai(dt.date(2026, 12, 10), 16, 1), False),
    ],
)
def test_an_extended_deadline_ends_at_midnight_in_shanghai(city, passed, frozen_clock, instant, allowed):
    extend(city, passed, dt.date(2026, 12, 10))
    frozen_clock(instant)
    assert may(city.users["clerk"], passed, "submit_feasibility")[0] is allowed


@pytest.mark.supports("第七条(三)")
def test_the_extension_records_who_when_what_and_why_and_is_audited(city, passed, frozen_clock):
    frozen_clock(dt.date(2026, 11, 28))

    extension = extend(city, passed, dt.date(2026, 12, 10), reason=f"  {REASON}  ")

    assert (extension.key, extension.previous_due, extension.due) == ("intake.feasibility", BASE, dt.date(2026, 12, 10))
    assert extension.obj == passed
    assert extension.reason == REASON
    assert extension.granted_by == city.users["office_reviewer"]
    assert extension.granted_at.date() == dt.date(2026, 11, 28)
    event = AuditEvent.objects.get(action="deadline.extend")
    assert (event.object_type, event.object_id) == ("intake.declaration", str(passed.pk))
    assert event.before == {"key": "intake.feasibility", "due": "2026-11-30"}
    assert event.after["due"] == "2026-12-10" and event.after["article"] == "第七条(三)"
    assert event.reason == REASON


@pytest.mark.supports("第七条(三)")
def test_the_latest_extension_is_the_due_date_in_force(city, passed):
    assert effective_due(passed, "intake.feasibility", BASE) == BASE
    extend(city, passed, dt.date(2026, 12, 10))
    extend(city, passed, dt.date(2026, 12, 20), who="office_head")

    assert effective_due(passed, "intake.feasibility", BASE) == dt.date(2026, 12, 20)
    assert extended_due(passed) == {"intake.feasibility": dt.date(2026, 12, 20)}
    assert effective_due(passed, "intake.re_review", dt.date(2026, 12, 31)) == dt.date(2026, 12, 31)
    assert feasibility_state(city.users["clerk"], passed)["due"] == dt.date(2026, 12, 20)


@pytest.mark.supports("第七条(三)")
@pytest.mark.parametrize("who", ["clerk", "supervisor", "finance", "expert"])
def test_only_the_office_extends_a_deadline(city, passed, who):
    with pytest.raises(Refused, match="只有办公室") as caught:
        extend(city, passed, dt.date(2026, 12, 10), who=who)
    assert caught.value.code == "forbidden"
    assert not DeadlineExtension.objects.exists()


@pytest.mark.supports("第七条(三)")
def test_an_extension_must_move_the_due_date_later(city, passed):
    for due in (BASE, BASE - dt.timedelta(days=1)):
        with pytest.raises(Refused, match="须晚于现行截止日期 2026年11月30日"):
            extend(city, passed, due)
    extend(city, passed, dt.date(2026, 12, 10))
    with pytest.raises(Refused, match="2026年12月10日"):
        extend(city, passed, dt.date(2026, 12, 5))
    assert DeadlineExtension.objects.count() == 1
    assert AuditEvent.objects.filter(action="deadline.extend").count() == 1


@pytest.mark.supports("第七条(三)")
@pytest.mark.parametrize("reason", ["", "   ", "\u3000\n", "\u200b\u200d\ufeff", " \u2060 "])
def test_an_extension_needs_a_reason_that_shows(city, passed, reason):
    with pytest.raises(ValidationError) as caught:
        extend(city, passed, dt.date(2026, 12, 10), reason=reason)
    assert "reason" in caught.value.message_dict
    assert not DeadlineExtension.objects.exists()


def test_a_reason_with_control_characters_is_refused(city, passed):
    with pytest.raises(ValidationError):
        extend(city, passed, dt.date(2026, 12, 10), reason="同意\x00延期")


def test_an_unknown_deadline_or_one_that_does_not_run_is_not_extended(city, passed):
    with pytest.raises(ValidationError, match="没有"):
        extend(city, passed, dt.date(2026, 12, 10), key="feasibility")
    # a declaration has no construction completion: the initial-acceptance period does not run for it
    with pytest.raises(Refused, match="尚未开始计算"):
        extend(city, passed, dt.date(2027, 12, 10), key="acceptance.initial_acceptance")
    assert not DeadlineExtension.objects.exists()


def test_extensions_are_append_only(city, passed):
    extension = extend(city, passed, dt.date(2026, 12, 10))
    extension.due = dt.date(2027, 1, 1)
    with pytest.raises(ValueError, match="append-only"):
        extension.save()
    with pytest.raises(ValueError, match="append-only"):
        extension.delete()
    assert DeadlineExtension.objects.get().due == dt.date(2026, 12, 10)


def test_the_database_refuses_to_change_or_remove_an_extension(city, passed):
    extend(city, passed, dt.date(2026, 12, 10))
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
        DeadlineExtension.objects.update(due=dt.date(2027, 1, 1))
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
        DeadlineExtension.objects.all().delete()
    assert DeadlineExtension.objects.get().due == dt.date(2026, 12, 10)


@pytest.mark.supports("第七条(三)")
def test_the_applicants_todo_shows_the_extended_due_date(city, passed, frozen_clock):
    extend(city, passed, dt.date(2026, 12, 10))
    frozen_clock(dt.date(2026, 12, 5))

    (item,) = [i for i in todo_items(city.users["clerk"]) if i.declaration == passed]

    assert item.due == dt.date(2026, 12, 10)
    assert "截止" not in item.note and not item.overdue


@pytest.mark.supports("第十八条")
def test_the_flush_of_a_committing_test_lifts_the_extensions_guard_and_restores_it(city, passed):
    """A browser test that extends a deadline (the rectification spine) ends with Django emptying every
    table: the guard of the tests lifts the extensions' triggers too, and puts them back."""
    from egovpm.audit.testing import lift_append_only_guard, restore_append_only_guard

    extend(city, passed, dt.date(2026, 12, 10))
    with transaction.atomic():
        if connection.vendor == "postgresql":  # as at a commit: no deferred checks pending for the ALTER TABLE
            with connection.cursor() as cur:
                cur.execute("SET CONSTRAINTS ALL IMMEDIATE")
        lift_append_only_guard()
        DeadlineExtension.objects.all().delete()
        restore_append_only_guard()
        assert not DeadlineExtension.objects.exists()
        transaction.set_rollback(True)
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
        DeadlineExtension.objects.all().delete()
