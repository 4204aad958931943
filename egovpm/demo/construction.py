"""Demo construction of 第十一条 to 第十六条: on the last day of the demo (2026-11-25), after Finance arranged
the 2027 funds, the units of fifteen funded projects open their construction (建设准备) through the
platform's services: most name their implementation body and leader (第十二条), many submit the preliminary
design and estimate by item (第十四条), the Office approves most and returns one with its reason.

Starting construction needs a qualified supervision firm (第十三条), which the supervision app records: until
it is installed, the demo's constructions stay in preparation (the adjusted and the post-hoc projects of
docs/construction.md come with it)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from decimal import Decimal

from egovpm.construction import services
from egovpm.core import clock
from egovpm.core.money import to_wan
from egovpm.intake.models import Declaration
from egovpm.lifecycle.roles import Role
from egovpm.orgs.models import User

from .people import person_name, phone

TZ = clock.TZ
DAY = dt.date(2026, 11, 25)
OPENED = 15
# Each project's estimate by item, as shares of its total investment (the rest is 其他).
SHARES = {
    "hardware": Decimal("0.30"),
    "software": Decimal("0.15"),
    "development": Decimal("0.35"),
    "integration": Decimal("0.08"),
    "supervision": Decimal("0.04"),
}
RETURNED = "硬件购置比例偏高，请优先利用市政务云资源，压减服务器和存储采购后重新报送（第十四条）。"


def _funded(i: int) -> Declaration | None:
    """The i-th funded project of the demo (the 2027 plan and the special procedure), by project code."""
    funded = Declaration.objects.filter(stage="funded").select_related("project", "unit").order_by("project__code")
    return funded[i] if i < funded.count() else None


def _clerk(decl: Declaration) -> User:
    return User.objects.filter(unit=decl.unit, role_grants__role=Role.UNIT_CLERK).order_by("pk").first()


def _amounts(total: Decimal) -> dict[str, Decimal]:
    amounts = {kind: to_wan(total * share) for kind, share in SHARES.items()}
    amounts["other"] = total - sum(amounts.values())
    return amounts


def _open(i: int) -> None:
    decl = _funded(i)
    if decl is None:
        return
    clerk = _clerk(decl)
    construction = services.construction_open(actor=clerk, project=decl.project, involves_secrets=i == 7)
    if i % 5 == 4:
        return  # opened only: the responsibility is still to be recorded
    services.responsibility_record(
        actor=clerk,
        construction=construction,
        data={
            "implementation_body": f"{decl.unit.short_name or decl.unit.name}信息化工作专班",
            "leader_name": decl.leader_name,
            "leader_phone": decl.leader_phone or phone(200 + i),
            "responsible_leader": person_name(300 + i),
            "responsible_leader_title": "分管副局长",
        },
    )
    if i % 3 == 2:
        return  # the design and estimate are still being prepared
    services.estimate_submit(
        actor=clerk,
        construction=construction,
        design_summary=f"{decl.project.name}初步设计方案：依托市政务云部署，按总体设计、分期实施的原则建设。",
        amounts=_amounts(decl.total_investment),
    )


def _decide(i: int, office: str) -> None:
    decl = _funded(i)
    construction = getattr(decl.project, "construction", None) if decl else None
    estimate = construction.estimates.filter(status="submitted").first() if construction else None
    if estimate is None:
        return
    actor = User.objects.get(username=office)
    if i == 3:
        services.estimate_return(actor=actor, estimate=estimate, reason=RETURNED)
    elif i % 4 != 1:  # one in four still waits for the Office
        services.estimate_approve(actor=actor, estimate=estimate, opinion="经审核，同意该初步设计方案和投资概算。")


def construction_steps(office: str) -> list[tuple[dt.datetime, Callable[[], None]]]:
    """The dated steps, after the day's other business: opening from 16:00, the Office's decisions from
    17:00; `office` is the username of the Office reviewer who decides."""
    steps = []
    for i in range(OPENED):
        steps.append((dt.datetime.combine(DAY, dt.time(16, 2 + 3 * i), tzinfo=TZ), lambda i=i: _open(i)))
        steps.append((dt.datetime.combine(DAY, dt.time(17, 5 + 3 * i), tzinfo=TZ), lambda i=i: _decide(i, office)))
    return steps
