"""The demo's 第二条/第三条/第六条 projects (egovpm.demo.coordination), run on the part of the demo city they
need (its own units and accounts), interleaved in time with the steps the demo builder takes before them."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.core.management import call_command

from egovpm.audit.models import AuditEvent
from egovpm.coordination.models import InfrastructureDecision
from egovpm.coordination.todo import todo_items as todo_items_coordination
from egovpm.core import clock
from egovpm.demo import coordination as demo
from egovpm.demo.people import UNIT_BY_KEY, USER_BY_NAME
from egovpm.demo.projects import PLAN_YEAR
from egovpm.intake import services
from egovpm.intake.models import Declaration
from egovpm.orgs.models import User
from egovpm.security.services_accounts import unit_create, user_create

UNITS = ("office", "czj", "sjiju", "zrj", "scjg", "yjj", "cgj", "xzsp")
USERS = (
    "office_head",
    "office1",
    "office2",
    "finance1",
    "finance2",
    "audit1",
    "expert2",
    "expert4",
    *(f"clerk_{key}" for key in UNITS[3:]),
)


@pytest.fixture
def demo_part(db):
    """The demo city's units and accounts this part uses, the 2027 plan and its second round, as the
    demo builder makes them (plan opened 08-28, second round 11-16)."""
    with clock.frozen(dt.datetime(2026, 8, 24, 9, 0, tzinfo=clock.TZ)):
        units = {}
        for key in UNITS:
            u = UNIT_BY_KEY[key]
            units[key] = unit_create(name=u.name, code=u.code, kind=u.kind, short_name=u.short_name)
        for name in USERS:
            p = USER_BY_NAME[name]
            user_create(
                username=p.username,
                password="x",
                full_name=p.full_name,
                unit=units[p.unit] if p.unit else None,
                roles=list(p.roles),
            )
    office = User.objects.get(username="office1")
    with clock.frozen(dt.datetime(2026, 8, 28, 10, 0, tzinfo=clock.TZ)):
        plan_year = services.plan_year_open(actor=office, year=PLAN_YEAR)
    return plan_year, office


def run(plan_year, office) -> None:
    opened = dt.datetime(2026, 11, 16, 8, 45, tzinfo=clock.TZ)
    steps = [
        *demo.coordination_steps(),
        (opened, lambda: services.review_round_open(actor=office, plan_year=plan_year, name=demo.ROUND_NAME)),
    ]
    for when, step in sorted(steps, key=lambda s: s[0]):
        with clock.frozen(when):
            step()


@pytest.mark.article("第六条")
def test_the_demo_has_a_folded_a_standalone_and_an_undecided_project(demo_part, frozen_clock):
    run(*demo_part)
    frozen_clock(dt.date(2026, 11, 25))

    def decl(f):
        return Declaration.objects.select_related("project").get(project__name=f.project.name)

    stages = {f: decl(f).stage for f in demo.PROJECTS}
    assert stages == {
        demo.FOLDED_EARLY: "coordinated",
        demo.FOLDED_IN_REVIEW: "coordinated",
        demo.STANDALONE: "initially_passed",
        demo.UNDECIDED: "in_initial_review",
        demo.CAPITAL: "in_initial_review",
    }
    folded = InfrastructureDecision.objects.filter(decision="coordinated")
    assert {d.coordinated_item.name for d in folded} == {demo.STORAGE_ITEM}
    assert InfrastructureDecision.objects.get(decision="standalone").reason == demo.STANDALONE_REASON
    assert not InfrastructureDecision.objects.filter(declaration=decl(demo.UNDECIDED)).exists()
    capital = decl(demo.CAPITAL).project
    assert (capital.capital_subproject, capital.capital_project_name, capital.fiscal_share) == (
        True,
        "启东市民中心建设工程",
        "part",
    )
    assert decl(demo.CAPITAL).current_self_raised > 0
    todo = todo_items_coordination(User.objects.get(username="office1"))
    assert [i.declaration.project.name for i in todo] == [demo.UNDECIDED.project.name]
    assert not todo[0].overdue

    times = [t.astimezone(clock.TZ) for t in AuditEvent.objects.order_by("seq").values_list("created_at", flat=True)]
    assert times == sorted(times)
    assert times[-1].date() <= dt.date(2026, 11, 25)
    assert all(d.submitted_at.astimezone(clock.TZ).date() <= dt.date(2026, 10, 31) for d in Declaration.objects.all())
    out = io.StringIO()
    call_command("verify_audit", stdout=out)
    assert "审计链完整" in out.getvalue()
