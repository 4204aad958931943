"""Two-factor login (GB/T 22239-2019 8.1.4.1 d): TOTP (django-otp) or the SM3 dynamic password, required for
the roles of the policy — every business account by default; the Office, Finance, Audit and the three
administrators whatever the security administrator sets — optional for a role the policy leaves out;
recovery codes."""

from __future__ import annotations

import base64
import re

import pytest
from django.urls import reverse
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from egovpm.conftest import PASSWORD
from egovpm.lifecycle.roles import Role
from egovpm.security.domain import security_policy_problems
from egovpm.security.otp import totp_code
from egovpm.security.policy import security_policy

from .identity import events

ENROL = reverse("accounts:two_factor_enrol")
VERIFY = reverse("accounts:two_factor_verify")
ACCOUNT = reverse("accounts:account")


@pytest.fixture
def second_factor_only(enforce):
    enforce.EGOVPM_ENFORCE_PASSWORD_CHANGE = False
    return enforce


def enrol(client) -> list[str]:
    """Bind an authenticator for the logged-in user; returns the recovery codes shown."""
    client.get(ENROL)
    device = TOTPDevice.objects.get(confirmed=False)
    response = client.post(ENROL, {"token": totp_code(device)})
    assert response.status_code == 302 and response.url == reverse("accounts:recovery_codes")
    page = client.get(response.url).content.decode()
    return re.findall(r"<li><code>([a-z0-9]+)</code></li>", page)


def fresh_login(client, user):
    client.logout()
    client.force_login(user)


OPTIONAL_ROLES = {
    Role.UNIT_CLERK,
    Role.UNIT_LEADER,
    Role.SUPERVISOR_APPROVER,
    Role.EXPERT,
    Role.SUPERVISION_ENGINEER,
    Role.ASSESSOR,
}


@pytest.fixture
def clerk_optional(set_policy):
    """The security administrator leaves the unit's roles out of the second factor (as the bounds allow)."""
    set_policy(two_factor_roles=security_policy().two_factor_roles - {Role.UNIT_CLERK})


def test_the_default_policy_requires_a_second_factor_of_every_account(db):
    """Penetration test: 等保三级 asks for two combined techniques for *users*; the default names every role."""
    assert security_policy().two_factor_roles == set(Role)
    assert security_policy_problems(security_policy()) == {}


def test_the_bounds_keep_it_for_the_office_finance_audit_and_administrators(db):
    import dataclasses

    for role in set(Role) - OPTIONAL_ROLES:
        policy = dataclasses.replace(security_policy(), two_factor_roles=frozenset(set(Role) - {role}))
        assert "two_factor_roles" in security_policy_problems(policy), role
    lenient = dataclasses.replace(security_policy(), two_factor_roles=frozenset(set(Role) - OPTIONAL_ROLES))
    assert security_policy_problems(lenient) == {}


@pytest.mark.parametrize(
    "who,required",
    [
        ("office_reviewer", True),
        ("office_head", True),
        ("finance", True),
        ("audit", True),
        ("sysadmin", True),
        ("secadmin", True),
        ("auditadmin", True),
        ("clerk", True),
        ("supervisor", True),
        ("expert", True),
        ("hospital_leader", True),
    ],
)
def test_users_who_must_use_a_second_factor_bind_one_before_anything_else(
    city, client, second_factor_only, who, required
):
    client.force_login(city.users[who])
    response = client.get("/")
    sent_to_enrol = response.status_code == 302 and response.url == f"{ENROL}?next=%2F"
    assert sent_to_enrol == required


def test_the_required_roles_come_from_the_policy(city, client, second_factor_only, set_policy):
    set_policy(two_factor_roles=security_policy().two_factor_roles - {Role.UNIT_CLERK})
    client.force_login(city.users["clerk"])
    assert client.get("/intake/").status_code == 200
    set_policy(two_factor_roles=security_policy().two_factor_roles | {Role.UNIT_CLERK})
    assert client.get("/intake/").url == f"{ENROL}?next=%2Fintake%2F"


def test_enrolment_shows_a_server_drawn_qr_code_and_the_secret(city, client, second_factor_only):
    client.force_login(city.users["finance"])
    page = client.get(ENROL).content.decode()
    device = TOTPDevice.objects.get(user=city.users["finance"], confirmed=False)
    assert "<svg" in page and "<path" in page
    assert "<script>" not in page and " onload=" not in page
    secret = re.search(r'data-testid="totp-secret">([A-Z2-7 ]+)<', page).group(1).replace(" ", "")
    assert base64.b32decode(secret + "=" * (-len(secret) % 8)) == device.bin_key
    assert client.get(ENROL) and TOTPDevice.objects.filter(user=city.users["finance"]).count() == 1


def test_enrolment_with_a_wrong_code_binds_nothing(city, client, second_factor_only):
    client.force_login(city.users["finance"])
    client.get(ENROL)
    response = client.post(ENROL, {"token": "000000"})
    assert "验证码不正确" in response.content.decode()
    assert not TOTPDevice.objects.filter(confirmed=True).exists()
    assert client.get("/").url.startswith(ENROL)


def test_enrolment_issues_recovery_codes_shown_once(city, client, second_factor_only):
    user = city.users["finance"]
    client.force_login(user)
    codes = enrol(client)
    assert len(codes) == security_policy().recovery_codes == 10
    assert set(StaticToken.objects.filter(device__user=user).values_list("token", flat=True)) == set(codes)
    assert client.get(reverse("accounts:recovery_codes")).url == ACCOUNT  # shown once
    assert client.get("/").status_code in (200, 302) and client.get(ACCOUNT).status_code == 200
    (event,) = events("auth.otp_enrol")
    assert (
        event.actor == user and event.ip == "127.0.0.1" and event.after == {"recovery_codes": 10, "algorithm": "totp"}
    )


def test_a_user_with_an_authenticator_proves_it_after_the_password(city, client, second_factor_only):
    user = city.users["office_head"]
    client.force_login(user)
    enrol(client)
    fresh_login(client, user)
    assert client.get("/intake/").url == f"{VERIFY}?next=%2Fintake%2F"
    assert client.get(ACCOUNT).url.startswith(VERIFY)  # nothing else before the second factor
    response = client.post(VERIFY, {"token": "123456", "next": "/intake/"})
    assert response.status_code == 200 and "验证码不正确。" in response.content.decode()
    (failed,) = events("auth.otp_failed")
    assert failed.actor == user and failed.outcome == "failure" and failed.ip == "127.0.0.1"
    device = TOTPDevice.objects.get(user=user, confirmed=True)
    device.throttling_failure_count = 0  # django-otp's own throttle would hold the next try back
    device.throttling_failure_timestamp = None
    device.save()
    response = client.post(VERIFY, {"token": totp_code(device), "next": "/intake/"})
    assert response.status_code == 302 and response.url == "/intake/"
    assert client.get("/intake/").status_code == 200
    (verified,) = events("auth.otp_verify")
    assert verified.outcome == "success" and verified.after == {"method": "totp"}


def test_a_recovery_code_works_once(city, client, second_factor_only):
    user = city.users["audit"]
    client.force_login(user)
    codes = enrol(client)
    fresh_login(client, user)
    assert client.post(VERIFY, {"token": codes[0].upper()}).status_code == 302
    assert client.get("/intake/").status_code == 200
    fresh_login(client, user)
    response = client.post(VERIFY, {"token": codes[0]})
    assert response.status_code == 200 and client.get("/intake/").url.startswith(VERIFY)
    assert StaticToken.objects.filter(device__user=user).count() == 9


def test_failed_codes_count_towards_the_lockout(city, client, second_factor_only, set_policy):
    set_policy(lockout_failures=3)
    user = city.users["office_reviewer"]
    client.force_login(user)
    enrol(client)
    fresh_login(client, user)
    for _ in range(2):
        assert client.post(VERIFY, {"token": "000000"}).status_code == 200
    response = client.post(VERIFY, {"token": "000000"})
    assert response.status_code == 429 and "该账户已被锁定" in response.content.decode()
    assert "_auth_user_id" not in client.session  # logged out
    assert (
        client.post(reverse("accounts:login"), {"username": "office_reviewer", "password": PASSWORD}).status_code == 429
    )
    assert len(events("auth.otp_failed")) == 3 and len(events("auth.lockout")) == 1


def test_regenerating_recovery_codes_replaces_the_old_ones(city, client, second_factor_only):
    user = city.users["finance"]
    client.force_login(user)
    old = enrol(client)
    response = client.post(reverse("accounts:recovery_codes_regenerate"))
    assert response.url == reverse("accounts:recovery_codes")
    new = re.findall(r"<li><code>([a-z0-9]+)</code></li>", client.get(response.url).content.decode())
    assert len(new) == 10 and not set(new) & set(old)
    assert set(StaticToken.objects.filter(device__user=user).values_list("token", flat=True)) == set(new)
    assert events("auth.recovery_codes_regenerate")[0].actor == user


def test_others_may_turn_it_on_and_off_those_required_may_not_turn_it_off(
    city, client, second_factor_only, clerk_optional
):
    clerk = city.users["clerk"]
    client.force_login(clerk)
    assert "启用双因素认证" in client.get(ACCOUNT).content.decode()
    enrol(client)
    fresh_login(client, clerk)
    assert client.get("/intake/").url.startswith(VERIFY)  # turned on: asked at each login
    client.post(VERIFY, {"token": totp_code(TOTPDevice.objects.get(user=clerk))})
    assert "关闭双因素认证" in client.get(ACCOUNT).content.decode()
    client.post(reverse("accounts:two_factor_disable"))
    assert not TOTPDevice.objects.filter(user=clerk).exists()
    fresh_login(client, clerk)
    assert client.get("/intake/").status_code == 200
    assert events("auth.otp_disable")[0].actor == clerk

    head = city.users["office_head"]
    fresh_login(client, head)
    enrol(client)
    assert "关闭双因素认证" not in client.get(ACCOUNT).content.decode()
    response = client.post(reverse("accounts:two_factor_disable"), follow=True)
    assert "您的角色必须使用双因素认证，不能关闭。" in response.content.decode()
    assert TOTPDevice.objects.filter(user=head, confirmed=True).exists()


def test_logout_stays_open_to_an_unverified_user(city, client, second_factor_only):
    client.force_login(city.users["office_head"])
    assert client.post(reverse("accounts:logout")).url == reverse("accounts:login")


def test_the_first_login_asks_for_a_new_password_then_an_authenticator(city, client, enforce):
    client.post(reverse("accounts:login"), {"username": "office_head", "password": PASSWORD})
    assert client.get("/").url.startswith(reverse("accounts:password_change"))
    new = "Bangongshi#2027"
    client.post(
        reverse("accounts:password_change"),
        {"old_password": PASSWORD, "new_password": new, "new_password_confirm": new},
    )
    assert client.get("/").url.startswith(ENROL)
    enrol(client)
    assert client.get("/intake/").status_code == 200


def test_account_pages_need_a_login(client, db):
    for name in ("account", "password_change", "two_factor_verify", "two_factor_enrol", "recovery_codes"):
        response = client.get(reverse(f"accounts:{name}"))
        assert response.status_code == 302 and response.url.startswith(reverse("accounts:login")), name
    assert client.get(reverse("accounts:login")).status_code == 200


# -- the demo ------------------------------------------------------------------------------------------


def test_demo_accounts_are_ready_for_a_person_and_demo_otp_prints_their_code(city, client, enforce):
    from django.core.management import CommandError, call_command

    from egovpm.demo.credentials import DEMO_TOTP_KEY, demo_credentials

    demo_credentials(city.users.values())
    head, clerk = city.users["office_head"], city.users["clerk"]
    assert TOTPDevice.objects.get(user=head).key == DEMO_TOTP_KEY
    assert TOTPDevice.objects.filter(name="demo", key=DEMO_TOTP_KEY).count() == len(city.users)  # every role
    client.post(reverse("accounts:login"), {"username": "clerk", "password": PASSWORD})
    assert client.get("/intake/").url.startswith(VERIFY)  # no forced change; the second factor
    client.post(VERIFY, {"token": totp_code(TOTPDevice.objects.get(user=clerk))})
    assert client.get("/intake/").status_code == 200

    import io

    out = io.StringIO()
    call_command("demo_otp", "office_head", stdout=out)
    client.post(reverse("accounts:logout"))
    client.post(reverse("accounts:login"), {"username": "office_head", "password": PASSWORD})
    assert client.post(VERIFY, {"token": out.getvalue().strip()}).status_code == 302
    assert client.get("/intake/").status_code == 200

    TOTPDevice.objects.filter(user=head).update(name="身份验证器")
    with pytest.raises(CommandError, match="只能为演示数据中名为 demo 的身份验证器生成验证码"):
        call_command("demo_otp", "office_head")
    TOTPDevice.objects.filter(user=clerk).delete()
    with pytest.raises(CommandError):
        call_command("demo_otp", "clerk")


def test_a_fragment_asked_before_the_second_factor_is_answered_with_nothing(city, client, second_factor_only):
    """The unread badge (htmx) of a page shown before the second factor must not swap the whole enrolment page
    into itself (it did, nesting the page again and again): an htmx request gets 204 until the step is done."""
    client.force_login(city.users["office_head"])
    response = client.get(reverse("notifications:badge"), headers={"HX-Request": "true"})
    assert response.status_code == 204 and not response.content
    assert client.get(reverse("notifications:badge")).url.startswith(ENROL)  # a plain request is sent there
