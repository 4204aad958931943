"""The test city (units and one user per role), built through the services once per test run.

Building it for every test cost a second of each PostgreSQL test (twenty audited service calls). The
root conftest commits it once into the test database; each test's transaction rolls back on top of it,
and each test gets its own copy of the Python objects, so that nothing one test changes on a user or a
unit reaches the next. Tests that commit (transactional_db, live_server) end with Django emptying every
table: the city is built again after them. Tests that do not ask for the city get the empty database
they always had: the city is removed inside their transaction, which gives it back when it rolls back."""

from __future__ import annotations

import copy

from django.db import connection, transaction

from egovpm.lifecycle.roles import Role
from egovpm.security.services_accounts import unit_create, user_create

PASSWORD = "Egovpm#2026"


class City:
    """.units and .users, by the keys the tests use."""

    units: dict
    users: dict


def build_city() -> City:
    """Seven units (the Office, Finance, Audit, the health commission with its hospital, the culture bureau,
    a supervision firm)
    and one user per role, created through the services."""
    c = City()
    office = unit_create(
        name="市政务信息系统整合共享工作领导小组办公室", code="0001", kind="office", short_name="政务办"
    )
    finance = unit_create(name="市财政局", code="0002", kind="finance", short_name="财政局")
    audit = unit_create(name="市审计局", code="0003", kind="audit", short_name="审计局")
    health = unit_create(name="市卫生健康委员会", code="0101", short_name="卫健委")
    hospital = unit_create(name="市人民医院", code="0102", parent=health, short_name="人民医院")
    culture = unit_create(name="市文化广电和旅游局", code="0103", short_name="文广旅局")
    # 第十三条: a supervision firm with an account of its own (its qualification is the tests' to record)
    firm = unit_create(name="启东信诚信息工程监理有限公司", code="0201", kind="supervision_firm", short_name="信诚监理")
    # 第二十五条: a third-party assessor with an account of its own
    assessor = unit_create(name="启东正衡绩效评估有限公司", code="0211", kind="assessor", short_name="正衡评估")
    c.units = {
        "office": office,
        "finance": finance,
        "audit": audit,
        "health": health,
        "hospital": hospital,
        "culture": culture,
        "firm": firm,
        "assessor": assessor,
    }

    def mk(username, name, unit, *roles):
        return user_create(username=username, password=PASSWORD, full_name=name, unit=unit, roles=list(roles))

    c.users = {
        "clerk": mk("clerk", "张明", hospital, Role.UNIT_CLERK),
        "hospital_leader": mk("hospital_leader", "李华", hospital, Role.UNIT_LEADER),
        "supervisor": mk("supervisor", "王强", health, Role.SUPERVISOR_APPROVER),
        "health_clerk": mk("health_clerk", "赵敏", health, Role.UNIT_CLERK),
        "culture_clerk": mk("culture_clerk", "孙丽", culture, Role.UNIT_CLERK),
        "office_reviewer": mk("office_reviewer", "周伟", office, Role.OFFICE_REVIEWER),
        "office_head": mk("office_head", "吴刚", office, Role.OFFICE_HEAD),
        "finance": mk("finance", "郑洁", finance, Role.FINANCE_REVIEWER),
        "audit": mk("audit", "冯涛", audit, Role.AUDIT_REVIEWER),
        "expert": mk("expert", "陈教授", None, Role.EXPERT),
        "expert2": mk("expert2", "林工", None, Role.EXPERT),
        "engineer": mk("engineer", "钱监理", firm, Role.SUPERVISION_ENGINEER),
        "assessor": mk("assessor", "秦评估", assessor, Role.ASSESSOR),
        "sysadmin": mk("sysadmin", "何管理", office, Role.SYSADMIN),
        "secadmin": mk("secadmin", "许安全", office, Role.SECADMIN),
        "auditadmin": mk("auditadmin", "韩审计", office, Role.AUDITADMIN),
    }
    return c


class SharedCity:
    """The city committed in the test database, and the objects as the services returned them."""

    def __init__(self) -> None:
        self._built: City | None = None

    def build(self) -> None:
        """Commit the city (the database must hold none)."""
        self._built = build_city()

    def copy(self) -> City:
        """A test's own copy of the objects: the same rows, the same cached relations (a user's unit, a
        unit's supervising department), shared between the copy's users and units as in the original."""
        assert self._built is not None, "the shared city is built in django_db_setup"
        return copy.deepcopy(self._built)


shared_city = SharedCity()


def empty_database() -> None:
    """Remove every row but the schema's own (content types, permissions). Inside a test's transaction the
    rows come back when it rolls back; a test that commits has the city built again after it. The audit
    table's triggers refuse the deletion: they are lifted for it and restored (in the same transaction: DDL
    is transactional on SQLite and PostgreSQL).

    DELETE, not Django's flush statements: on PostgreSQL those are one TRUNCATE of every table, which gives
    each of the ~90 tables and their indexes new files. Measured on 40 tests that ask for the database but
    not the city (2026-12-04, PostgreSQL, the machine shared): TRUNCATE 13.6 s of the server's CPU and 3.8 s
    of each test's set-up; DELETE 1.7 s and 0.5 s. The foreign keys are deferred (Django creates them
    DEFERRABLE INITIALLY DEFERRED), so the order of the tables does not matter inside the one transaction
    the deletions share."""
    from egovpm.audit.testing import lift_append_only_guard, restore_append_only_guard

    # Content types and permissions stay: they describe the schema, and generic relations (documents, steps,
    # extensions) and Django's content-type cache point at their ids.
    kept = {"django_content_type", "auth_permission", "django_migrations"}
    tables = [
        t for t in connection.introspection.django_table_names(only_existing=True, include_views=False) if t not in kept
    ]
    with transaction.atomic():
        lift_append_only_guard()
        with connection.cursor() as cur:
            for table in tables:
                cur.execute(f"DELETE FROM {connection.ops.quote_name(table)}")
        restore_append_only_guard()
