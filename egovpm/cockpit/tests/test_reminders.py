"""The daily reminders (manage.py send_reminders): the policy's days before a deadline and the day it lapses,
the Asia/Shanghai day, never the same reminder twice, exactly what is due, on each person's channels."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core import mail
from django.core.management import call_command

from egovpm.conftest import declaration_at
from egovpm.core import clock
from egovpm.intake.services import plan_year_open
from egovpm.notifications.models import Notification
from egovpm.notifications.services import channel_preference_update
from egovpm.notifications.sms import MemoryBackend


def _at(y, m, d, hh, mm):
    """A moment given in UTC (Beijing time is eight hours ahead)."""
    return dt.datetime(y, m, d, hh, mm, tzinfo=dt.UTC)


def _reminders(user):
    return list(Notification.objects.filter(user=user, kind="reminder").order_by("id").values_list("key", "title"))


@pytest.fixture
def drafts(city, frozen_clock):
    """A draft of plan year 2027 (its declaration closes 2026-10-31) and one of 2028 (closes 2027-10-31)."""
    u = city.users
    declaration_at(city, "draft", name="互联网医院")
    declaration_at(city, "draft", name="智慧档案", plan_year=plan_year_open(actor=u["office_reviewer"], year=2028))
    u["clerk"].email, u["clerk"].phone = "clerk@example.gov.cn", "13800000000"
    u["clerk"].save()
    channel_preference_update(actor=u["clerk"], email=True, sms=True)
    MemoryBackend.outbox.clear()
    return u


@pytest.mark.article("第七条(一)")
def test_reminders_before_and_on_the_day_the_deadline_lapses_never_twice(
    drafts, frozen_clock, capsys, django_capture_on_commit_callbacks
):
    clerk = drafts["clerk"]

    def send_reminders():
        with django_capture_on_commit_callbacks(execute=True):  # mail and SMS go out once committed
            call_command("send_reminders")

    frozen_clock(dt.date(2026, 10, 15))  # 16 days before 10-31: too early (the policy says 7)
    send_reminders()
    assert _reminders(clerk) == []

    frozen_clock(_at(2026, 10, 23, 16, 5))  # 2026-10-24 00:05 in Beijing: 7 days before
    send_reminders()
    first = _reminders(clerk)
    assert len(first) == 1 and "即将到期" in first[0][1] and "互联网医院" in first[0][1]
    # exactly what is due: the 2028 draft (due 2027-10-31) is not in it; e-mail and SMS say the same
    assert len(mail.outbox) == 1 and "互联网医院" in mail.outbox[0].body and "智慧档案" not in mail.outbox[0].body
    assert mail.outbox[0].to == ["clerk@example.gov.cn"]
    assert len(MemoryBackend.outbox) == 1 and MemoryBackend.outbox[0][0] == "13800000000"
    # the unit leader is reminded too (on the in-app channel: no address)
    assert len(_reminders(drafts["hospital_leader"])) == 1

    send_reminders()  # the same day again, and the next days: nothing new
    frozen_clock(dt.date(2026, 10, 28))
    send_reminders()
    assert _reminders(clerk) == first and len(mail.outbox) == 1 and len(MemoryBackend.outbox) == 1

    frozen_clock(_at(2026, 10, 30, 15, 59))  # 23:59 on 10-30 in Beijing: not yet the last day
    send_reminders()
    assert _reminders(clerk) == first
    frozen_clock(_at(2026, 10, 30, 16, 0))  # 00:00 on 10-31 in Beijing: the day it lapses
    assert clock.today() == dt.date(2026, 10, 31)
    send_reminders()
    last = _reminders(clerk)
    assert len(last) == 2 and "今日到期" in last[1][1]
    send_reminders()
    assert _reminders(clerk) == last and len(mail.outbox) == 2
    assert "发送 0 条提醒" in capsys.readouterr().out.splitlines()[-1]

    frozen_clock(dt.date(2026, 11, 1))  # overdue: the to-do list marks it, no reminder is sent again
    send_reminders()
    assert _reminders(clerk) == last
    # nobody outside the unit was reminded of the hospital's draft
    assert not Notification.objects.filter(kind="reminder").exclude(user__unit=clerk.unit).exists()
