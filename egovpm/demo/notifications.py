"""The demo's reminders and 催办 (egovpm.notifications): on the last morning the daily job reminds each party
of what falls due within the policy's days (the feasibility materials of 11-30, 第七条(三)), and in the
afternoon the Office urges a unit that has not sent them yet. Every other notification of the demo comes by
itself: each step the engine takes tells the parties it concerns."""

from __future__ import annotations

import datetime as dt

from egovpm.cockpit.reminders import reminders_run
from egovpm.core import clock
from egovpm.intake.models import Declaration
from egovpm.notifications.services import urge_send
from egovpm.orgs.models import User

REMINDERS_AT = dt.datetime(2026, 11, 25, 7, 30, tzinfo=clock.TZ)
URGE_AT = dt.datetime(2026, 11, 25, 17, 10, tzinfo=clock.TZ)


def _urge() -> None:
    owed = (
        Declaration.objects.filter(stage="initially_passed", procedure="general")
        .select_related("project")
        .order_by("pk")
        .first()
    )
    if owed is None:
        return
    urge_send(
        actor=User.objects.get(username="office1"),
        project=owed.project,
        subject="请于 11 月 30 日前报送可行性研究报告、资源预编目录和专家初步论证意见（第七条(三)）",
        message="逾期未报送的，不能纳入本年度复核。",
        url=f"/intake/{owed.pk}/",
    )


def notification_steps() -> list[tuple[dt.datetime, object]]:
    return [(REMINDERS_AT, reminders_run), (URGE_AT, _urge)]
