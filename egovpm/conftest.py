"""Shared fixtures: a small city built through the same services the platform uses."""

from __future__ import annotations

import datetime as dt
import uuid
from decimal import Decimal

import pytest

from egovpm.core import clock
from egovpm.testing import template_db
from egovpm.testing.city import PASSWORD as PASSWORD
from egovpm.testing.city import build_city, empty_database, shared_city

# A date inside the declaration window of plan year 2027 (declared in 2026, closing 2026-10-31).
IN_WINDOW = dt.date(2026, 10, 15)


@pytest.fixture
def frozen_clock():
    """Freeze the clock; call the returned function to move it. Restored after the test."""
    previous = clock._provider

    def move(at):
        if isinstance(at, dt.date) and not isinstance(at, dt.datetime):
            at = dt.datetime.combine(at, dt.time(10, 0), tzinfo=clock.TZ)
        clock.set_provider(lambda: at)

    move(IN_WINDOW)
    yield move
    clock.set_provider(previous)


def application_data(**overrides) -> dict:
    """A complete, consistent application form (附件1)."""
    data = {
        "leader_name": "张明",
        "leader_phone": "0513-83312345",
        "start_date": dt.date(2027, 3, 1),
        "planned_end_date": dt.date(2027, 12, 31),
        "nature": "new",
        "purpose_and_content": "建设全市统一的互联网医院服务平台，包括信息网络系统、信息资源系统及信息业务系统。",
        "plan_compiled": True,
        "plan_expert_reviewed": False,
        "total_investment": Decimal("300.00"),
        "annual_requirement": Decimal("200.00"),
        "prior_total": Decimal("0.00"),
        "prior_fiscal": Decimal("0.00"),
        "prior_self_raised": Decimal("0.00"),
        "prior_national": Decimal("0.00"),
        "prior_other": Decimal("0.00"),
        "current_total": Decimal("200.00"),
        "current_fiscal": Decimal("180.00"),
        "current_self_raised": Decimal("20.00"),
        "current_national": Decimal("0.00"),
        "current_other": Decimal("0.00"),
        "attachments_note": "项目建议书",
        "remarks": "",
        # 第二条, 第三条 (the areas of 第六条 default to none: pass infrastructure_areas=[...] to flag)
        "category": "application_system",
        "work_kind": "new",
        "fiscal_share": "whole",
        "capital_subproject": False,
        "capital_project_name": "",
    }
    data.update(overrides)
    return data


PROPOSAL = {
    "overview": "项目名称、建设单位、工程背景、建设规模与投资概算。",
    "necessity": "现有系统分散，群众就医需多次往返。",
    "status_and_needs": "现状与需求分析。",
    "content_plan_scale": "建设内容、方案与规模。",
    "functions_and_indicators": "系统功能与主要技术经济指标。",
    "schedule": "2027年3月至12月。",
    "investment_and_funding": "财政拨款180万元，单位自筹20万元。",
    "benefits": "缩短群众办事时间，提升服务效能。",
    "classification_note": "",
}


def _uses_database(item) -> bool:
    return item.get_closest_marker("django_db") is not None or bool(
        {"db", "transactional_db", "live_server", "django_db_reset_sequences"} & set(item.fixturenames)
    )


def _commits(item) -> bool:
    """Whether the test runs outside a rolled-back transaction (Django empties every table after it)."""
    marker = item.get_closest_marker("django_db")
    by_marker = marker is not None and bool(marker.kwargs.get("transaction") or marker.kwargs.get("reset_sequences"))
    return by_marker or bool({"transactional_db", "live_server", "django_db_reset_sequences"} & set(item.fixturenames))


@pytest.fixture(scope="session")
def django_db_modify_db_settings(request, django_db_modify_db_settings, django_db_blocker):
    """On PostgreSQL under pytest-xdist, this worker's database is a copy of one migrated once per run
    (egovpm.testing.template_db)."""
    with django_db_blocker.unblock():
        template_db.before_setup(request.config)


@pytest.fixture(scope="session")
def django_db_setup(request, django_db_setup, django_db_blocker):
    """The test database, with the city committed once (egovpm.testing.city)."""
    template_db.after_setup()
    with django_db_blocker.unblock():
        shared_city.build()
    yield
    with django_db_blocker.unblock():
        template_db.at_end(request.config)


@pytest.fixture
def city(db):
    """Units and one user per role (egovpm.testing.city.build_city), this test's own copy of the objects.
    Returns a namespace with .units and .users."""
    if clock._provider is not None:
        # The clock was frozen before the city was asked for: the test means its rows and audit events to
        # be of that instant (audit/tests/test_audit_admin.py's chain does), so it gets a city of its own.
        empty_database()
        return build_city()
    return shared_city.copy()


# The parties of the initial review (第七条(二)): Finance, Audit and an expert.
REVIEW_PARTIES = ("finance", "audit", "expert")


def declaration_at(
    city,
    stage: str,
    *,
    plan_year=None,
    name: str = "互联网医院",
    clerk: str = "clerk",
    reviewers=("expert",),
    review_round=None,
    approved_amount: Decimal | None = None,
    **data,
):
    """A declaration of `clerk`'s unit (application_data(**data), the online proposal) carried to `stage`
    by the services of each party (egovpm.testing.scenario.advance). Plan year 2027 unless `plan_year` is
    given, opened by the Office when it is not yet; `reviewers` are invited to the initial review (users
    or the city's usernames), and none has answered yet at `in_initial_review`."""
    from egovpm.intake.models import PlanYear
    from egovpm.intake.services import plan_year_open
    from egovpm.testing import scenario

    u = city.users
    if plan_year is None:
        plan_year = PlanYear.objects.filter(year=2027).first() or plan_year_open(actor=u["office_reviewer"], year=2027)
    decl = scenario.declare(
        clerk=u[clerk], plan_year=plan_year, name=name, data=application_data(**data), proposal=PROPOSAL
    )
    return scenario.advance(
        decl,
        stage,
        clerk=u[clerk],
        supervisor=u["supervisor"],
        office_reviewer=u["office_reviewer"],
        office_head=u["office_head"],
        finance=u["finance"],
        reviewers=[u[r] if isinstance(r, str) else r for r in reviewers],
        review_round=review_round,
        approved_amount=approved_amount,
    )


def stage_of(declaration) -> str:
    """The stage the database holds now for a declaration (or the declaration with that pk)."""
    from egovpm.intake.models import Declaration

    return Declaration.objects.values_list("stage", flat=True).get(pk=getattr(declaration, "pk", declaration))


def act(client, declaration, action: str, reason: str = ""):
    """Take a lifecycle action on the declaration's page (the one form every action posts), following the
    redirect to the page that shows its outcome."""
    from django.urls import reverse

    return client.post(
        reverse("intake:declaration_act", kwargs={"pk": declaration.pk, "action": action}),
        {"reason": reason},
        follow=True,
    )


@pytest.fixture(autouse=True)
def _fresh_rate_limits():
    """The API's rate limit counts per user in the cache, and the city's users are the same in every test
    (often at the same frozen instant): each test starts with no calls counted."""
    from django.core.cache import cache

    cache.clear()


@pytest.fixture(autouse=True)
def _own_audit_anchor_file(settings):
    """Each test its own (not yet created) anchor file: the anchors of one test's chain (exports,
    backups, anchor_audit) would name a truncation of the next test's rolled-back chain."""
    settings.EGOVPM_AUDIT_ANCHOR_FILE = settings.EGOVPM_AUDIT_ANCHOR_DIR / f"{uuid.uuid4().hex}.jsonl"


@pytest.fixture(autouse=True)
def _no_city_unless_asked(request):
    """A test that does not ask for the city finds the database empty, as it always did."""
    if "city" in request.fixturenames or not _uses_database(request.node):
        return
    request.getfixturevalue("transactional_db" if _commits(request.node) else "db")
    empty_database()


@pytest.fixture(autouse=True)
def _append_only_guard_around_flush(request):
    """Tests that commit end with Django emptying every table; the audit triggers would refuse it. The
    guard is lifted for the flush (this teardown runs before it) and restored after it, with the city,
    by pytest_runtest_teardown below."""
    if not _commits(request.node):
        yield
        return
    from egovpm.audit.testing import lift_append_only_guard

    request.getfixturevalue("transactional_db")
    yield
    lift_append_only_guard()
    request.node.stash[_FLUSHED] = True


# Set on a test whose tables Django empties at its end (a skipped test never reaches that far).
_FLUSHED = pytest.StashKey[bool]()


@pytest.hookimpl(wrapper=True)
def pytest_runtest_teardown(item, nextitem):
    result = yield
    if item.stash.get(_FLUSHED, False) and nextitem is not None:  # after the last test the database is gone
        from django.db import connection
        from pytest_django.plugin import blocking_manager_key

        from egovpm.audit.testing import restore_append_only_guard

        with item.config.stash[blocking_manager_key].unblock():
            restore_append_only_guard()
            shared_city.build()
            # as Django's TransactionTestCase leaves it: the next test starts on a fresh connection
            connection.close()
    return result


@pytest.fixture
def plan_year(city, frozen_clock):
    """Plan year 2027, opened by the Office; the clock stands inside its window (2026-10-15)."""
    from egovpm.intake.services import plan_year_open

    return plan_year_open(actor=city.users["office_reviewer"], year=2027)
