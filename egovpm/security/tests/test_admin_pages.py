"""The security administrator's pages: users and roles (三员分立), lifting a lockout, the security policy and
its history. Only the security administrator opens them."""

from __future__ import annotations

import datetime as dt

import pytest
from axes.models import AccessAttempt
from django.urls import reverse
from django_otp.plugins.otp_totp.models import TOTPDevice

from egovpm.audit.models import AuditEvent
from egovpm.conftest import PASSWORD
from egovpm.core import clock
from egovpm.lifecycle.roles import Role
from egovpm.orgs.models import RoleGrant
from egovpm.security.policy import default_policy, security_policy
from egovpm.security.services_accounts import user_create

USERS = reverse("security:user_list")
POLICY = reverse("security:policy")
NOT_SECADMIN = ["sysadmin", "auditadmin", "clerk", "supervisor", "office_head", "finance", "audit", "expert"]


def roles_url(user) -> str:
    return reverse("security:user_roles", args=[user.pk])


def unlock_url(user) -> str:
    return reverse("security:user_unlock", args=[user.pk])


def lock_out(username: str, failures: int | None = None) -> None:
    """What django-axes records after `failures` failed logins (the policy's limit by default)."""
    AccessAttempt.objects.create(
        username=username,
        ip_address="10.0.0.9",
        user_agent="test",
        http_accept="*/*",
        path_info="/accounts/login/",
        get_data="",
        post_data="",
        failures_since_start=failures or security_policy().lockout_failures,
    )
    AccessAttempt.objects.filter(username=username).update(attempt_time=clock.now() - dt.timedelta(minutes=1))


# --- access -------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("who", NOT_SECADMIN)
def test_only_the_security_admin_opens_the_security_pages(client, city, who):
    client.force_login(city.users[who])
    target = city.users["expert2"]
    for url in (USERS, roles_url(target), POLICY):
        assert client.get(url).status_code == 403, url
    for url, data in ((roles_url(target), {"roles": ["office_head"]}), (unlock_url(target), {}), (POLICY, {})):
        assert client.post(url, data).status_code == 403, url
    assert RoleGrant.objects.filter(user=target).count() == 1
    assert not AuditEvent.objects.filter(action__in=["user.roles_change", "security.policy_update"]).exists()
    denied = AuditEvent.objects.filter(action="access.denied", actor=city.users[who])
    assert denied.count() == 6


def test_the_security_admin_opens_them(client, city):
    client.force_login(city.users["secadmin"])
    for url in (USERS, roles_url(city.users["clerk"]), POLICY):
        assert client.get(url).status_code == 200, url


def test_anonymous_users_are_sent_to_login(client, city):
    for url in (USERS, roles_url(city.users["clerk"]), POLICY):
        response = client.get(url)
        assert response.status_code == 302 and "login" in response.url


# --- users and roles --------------------------------------------------------------------------------------


def rows(response) -> list[str]:
    return [u.username for u in response.context["page"].object_list]


def test_the_user_list_shows_unit_roles_second_factor_and_lockout(client, city):
    TOTPDevice.objects.create(user=city.users["office_head"], name="手机", confirmed=True)
    TOTPDevice.objects.create(user=city.users["finance"], name="未完成", confirmed=False)
    lock_out("clerk")
    lock_out("supervisor", failures=1)
    client.force_login(city.users["secadmin"])
    response = client.get(USERS)
    assert response.status_code == 200
    users = {u.username: u for u in response.context["page"].object_list}
    assert len(users) == len(city.users)
    assert users["office_head"].two_factor and not users["finance"].two_factor
    assert users["clerk"].locked and not users["supervisor"].locked
    row = response.content.decode().split('data-user="clerk"')[1].split("</tr>")[0]
    assert "人民医院" in row and "申报经办人" in row and "已锁定" in row and "未启用" in row

    assert set(rows(client.get(USERS, {"role": "unit_clerk"}))) == {"clerk", "health_clerk", "culture_clerk"}
    assert set(rows(client.get(USERS, {"unit": city.units["hospital"].pk}))) == {"clerk", "hospital_leader"}
    assert rows(client.get(USERS, {"q": "韩审"})) == ["auditadmin"]
    assert rows(client.get(USERS, {"two_factor": "yes"})) == ["office_head"]
    assert rows(client.get(USERS, {"locked": "yes"})) == ["clerk"]
    assert "clerk" not in rows(client.get(USERS, {"locked": "no"}))


def test_a_lockout_older_than_the_policys_time_is_over(client, city):
    lock_out("clerk")
    minutes = security_policy().lockout_minutes
    AccessAttempt.objects.filter(username="clerk").update(attempt_time=clock.now() - dt.timedelta(minutes=minutes + 1))
    client.force_login(city.users["secadmin"])
    assert rows(client.get(USERS, {"locked": "yes"})) == []


def test_the_user_list_costs_the_same_queries_for_few_and_many_users(client, city, django_assert_max_num_queries):
    client.force_login(city.users["secadmin"])
    counts = []
    for extra in (0, 30):
        for i in range(extra):
            user = user_create(
                username=f"u{i}",
                password=PASSWORD,
                full_name="路人甲",
                unit=city.units["culture"],
                roles=[Role.UNIT_CLERK],
            )
            TOTPDevice.objects.create(user=user, name="手机", confirmed=True)
        with django_assert_max_num_queries(9) as captured:
            response = client.get(USERS)
        assert response.status_code == 200
        counts.append(len(captured.captured_queries))
    assert counts[0] == counts[1]
    assert len(response.context["page"].object_list) == len(city.users) + 30


def test_the_security_admin_grants_a_role_on_the_page(client, city):
    client.force_login(city.users["secadmin"])
    expert = city.users["expert2"]
    response = client.post(roles_url(expert), {"roles": ["expert", "audit_reviewer"]})
    assert response.status_code == 302 and response.url == USERS
    assert set(RoleGrant.objects.filter(user=expert).values_list("role", flat=True)) == {"expert", "audit_reviewer"}
    event = AuditEvent.objects.get(action="user.roles_change")
    assert event.actor == city.users["secadmin"]
    assert event.before == {"roles": ["expert"]} and event.after == {"roles": ["audit_reviewer", "expert"]}
    page = client.get(roles_url(expert)).content.decode()
    assert "审计局审核人、专家" in page  # the history, in Chinese


def test_separation_problems_appear_at_the_roles_field(client, city):
    client.force_login(city.users["secadmin"])
    clerk = city.users["clerk"]
    response = client.post(roles_url(clerk), {"roles": ["unit_clerk", "auditadmin"]})
    assert response.status_code == 200
    errors = response.context["form"].errors["roles"]
    assert any("三员分立" in e for e in errors)
    assert "三员分立" in response.content.decode()
    assert set(RoleGrant.objects.filter(user=clerk).values_list("role", flat=True)) == {"unit_clerk"}
    assert not AuditEvent.objects.filter(action="user.roles_change").exists()


def test_the_security_admin_cannot_edit_their_own_roles_on_the_page(client, city):
    secadmin = city.users["secadmin"]
    client.force_login(secadmin)
    page = client.get(roles_url(secadmin))
    assert "不能修改自己的角色" in page.content.decode()
    assert 'name="roles"' not in page.content.decode()
    response = client.post(roles_url(secadmin), {"roles": ["secadmin", "office_head"]})
    assert response.status_code == 200
    assert "不能修改自己的角色" in " ".join(response.context["form"].non_field_errors())
    assert set(RoleGrant.objects.filter(user=secadmin).values_list("role", flat=True)) == {"secadmin"}


def test_the_security_admin_lifts_a_lockout_with_an_audit_event(client, city):
    lock_out("clerk")
    client.force_login(city.users["secadmin"])
    page = client.get(roles_url(city.users["clerk"]))
    assert page.context["locked"] and "解除锁定" in page.content.decode()
    assert client.get(unlock_url(city.users["clerk"])).status_code == 405
    response = client.post(unlock_url(city.users["clerk"]))
    assert response.status_code == 302
    assert not AccessAttempt.objects.filter(username="clerk").exists()
    event = AuditEvent.objects.get(action="auth.unlock")
    assert event.actor == city.users["secadmin"] and event.object_id == str(city.users["clerk"].pk)
    assert event.after == {"cleared_attempts": 1}
    assert not client.get(roles_url(city.users["clerk"])).context["locked"]


# --- the security policy ----------------------------------------------------------------------------------


def policy_data(**changes) -> dict:
    data = default_policy().as_dict()
    data.update(changes)
    form = {k: v for k, v in data.items() if not isinstance(v, bool)}
    form.update({k: "on" for k, v in data.items() if v is True})
    return form


def test_the_policy_form_shows_the_policy_in_force(client, city):
    client.force_login(city.users["secadmin"])
    response = client.get(POLICY)
    form = response.context["form"]
    assert form["lockout_failures"].value() == default_policy().lockout_failures
    body = response.content.decode()
    assert "连续登录失败锁定次数" in body and "尚未修改过安全策略" in body


def test_the_security_admin_changes_the_policy_and_sees_the_history(client, city):
    client.force_login(city.users["secadmin"])
    response = client.post(POLICY, policy_data(lockout_failures=3, session_idle_minutes=15))
    assert response.status_code == 302
    policy = security_policy()
    assert policy.lockout_failures == 3 and policy.session_idle_minutes == 15
    assert policy.password_min_length == default_policy().password_min_length
    event = AuditEvent.objects.get(action="security.policy_update")
    assert event.actor == city.users["secadmin"]
    assert event.before == {"lockout_failures": 5, "session_idle_minutes": 30}
    assert event.after == {"lockout_failures": 3, "session_idle_minutes": 15}
    page = client.get(POLICY)
    history = page.context["history"]
    assert [row["event"].pk for row in history] == [event.pk]
    assert ("连续登录失败锁定次数", 5, 3) in history[0]["changes"]
    assert 'data-testid="policy-history"' in page.content.decode()


def test_values_outside_the_level_3_bounds_are_refused_at_their_field(client, city):
    client.force_login(city.users["secadmin"])
    data = policy_data(password_min_length=6, lockout_minutes=5)
    data["two_factor_roles"] = ["office_head"]  # the administrators must keep a second factor
    response = client.post(POLICY, data)
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert set(errors) == {"password_min_length", "lockout_minutes", "two_factor_roles"}
    assert security_policy() == default_policy()
    assert not AuditEvent.objects.filter(action="security.policy_update").exists()
