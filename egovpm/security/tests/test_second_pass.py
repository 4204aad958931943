"""The penetration test's low findings on identity and audit coverage (issue 11), each as the attack that
found it: wrong second-factor codes wiped out by a right password, guessing the old password on an
unattended session, common and guessable passwords, cycling the history, and refusals (the login's 429, a
page's 404) that left no trace on the audit chain."""

from __future__ import annotations

import datetime as dt
from unittest import mock

import pytest
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.urls import reverse
from django_otp.plugins.otp_totp.models import TOTPDevice

from egovpm.audit.models import RefusalCount
from egovpm.audit.refusals import WINDOW
from egovpm.conftest import PASSWORD, declaration_at
from egovpm.security.otp import totp_code
from egovpm.security.services import password_change, password_set

from .identity import events
from .test_two_factor import enrol

LOGIN = reverse("accounts:login")
VERIFY = reverse("accounts:two_factor_verify")
CHANGE = reverse("accounts:password_change")


@pytest.fixture
def second_factor_only(enforce):
    enforce.EGOVPM_ENFORCE_PASSWORD_CHANGE = False
    return enforce


def login(client, username, password=PASSWORD):
    return client.post(LOGIN, {"username": username, "password": password})


# -- 1. the second factor and the password-change page count towards the lockout ----------------------


def test_a_right_password_does_not_wipe_out_the_wrong_codes(city, client, second_factor_only, set_policy):
    """Attack: two wrong codes, log in again with the password (which used to reset the count), two more…
    an endless guessing of the six digits. Now the codes add up whatever the password does."""
    set_policy(lockout_failures=3)
    user = city.users["office_reviewer"]
    client.force_login(user)
    enrol(client)
    client.logout()
    assert login(client, "office_reviewer").status_code == 302
    for _ in range(2):
        assert client.post(VERIFY, {"token": "000000"}).status_code == 200
    client.post(reverse("accounts:logout"))
    assert login(client, "office_reviewer").status_code == 302  # the right password: no reset
    response = client.post(VERIFY, {"token": "000000"})
    assert response.status_code == 429 and "该账户已被锁定" in response.content.decode()
    assert login(client, "office_reviewer").status_code == 429
    assert len(events("auth.otp_failed")) == 3 and len(events("auth.lockout")) == 1


def test_the_login_event_is_written_after_the_second_factor(city, client, second_factor_only, set_policy):
    set_policy(lockout_failures=3)
    user = city.users["office_head"]
    client.force_login(user)
    enrol(client)
    client.logout()
    assert login(client, "office_head").status_code == 302
    assert client.post(VERIFY, {"token": "000000"}).status_code == 200
    assert not events("auth.login")  # the password alone is not a login
    (first,) = events("auth.login_password")
    assert first.actor == user and first.reason == "待双因素认证"
    device = TOTPDevice.objects.get(user=user, confirmed=True)
    TOTPDevice.objects.filter(pk=device.pk).update(throttling_failure_count=0, throttling_failure_timestamp=None)
    assert client.post(VERIFY, {"token": totp_code(device)}).status_code == 302
    (done,) = events("auth.login")
    assert done.actor == user and done.seq > first.seq and done.after == {"second_factor": "TOTPDevice"}
    # the login is complete: the wrong code before it no longer counts
    client.post(reverse("accounts:logout"))
    assert login(client, "office_head").status_code == 302
    for _ in range(2):
        assert client.post(VERIFY, {"token": "000000"}).status_code == 200  # 2 of 3: not locked


def test_a_login_without_a_second_factor_is_one_event(city, client):
    assert login(client, "clerk").status_code == 302
    assert len(events("auth.login")) == 1 and not events("auth.login_password")


def test_guessing_the_old_password_on_an_open_session_is_audited_and_locks(city, client, set_policy):
    """Attack: at a colleague's unattended session, try passwords on the change page (no lockout, no
    trace before). Now each wrong old password is an event and counts towards the username's lockout."""
    set_policy(lockout_failures=3)
    clerk = city.users["clerk"]
    client.force_login(clerk)
    data = {"new_password": "Hqwmzt#2027x", "new_password_confirm": "Hqwmzt#2027x"}
    for guess in ("Guess#0001", "Guess#0002"):
        page = client.post(CHANGE, {"old_password": guess, **data})
        assert page.status_code == 200 and "原口令不正确。连续多次错误，账户将被锁定。" in page.content.decode()
    response = client.post(CHANGE, {"old_password": "Guess#0003", **data})
    assert response.status_code == 429 and "该账户已被锁定" in response.content.decode()
    assert "_auth_user_id" not in client.session  # logged out
    assert login(client, "clerk").status_code == 429  # the right password too, for the lock's time
    failed = events("auth.password_change_failed")
    assert len(failed) == 3 and all(e.actor == clerk and e.outcome == "failure" for e in failed)
    assert len(events("auth.lockout")) == 1 and not events("user.password_change")


# -- 2. common and guessable passwords; the minimum age ---------------------------------------------


@pytest.mark.parametrize("password", ["P@ssw0rd2024!", "Password#1", "Qwerty@123", "1qaz@WSX", "Woaini#1314"])
def test_common_passwords_and_their_dressed_up_variants_are_refused(db, password):
    with pytest.raises(ValidationError) as exc:
        validate_password(password)
    assert "该口令属于常见口令（或其简单变形），容易被猜中，请另选。" in exc.value.messages


@pytest.mark.parametrize(
    "password,word",
    [("Qidong@2026", "qidong"), ("QiD0ng#888", "qidong"), ("启东Abc#2026", "启东"), ("Egovpm#2027", "egovpm")],
)
def test_the_platforms_own_words_are_refused(db, password, word):
    with pytest.raises(ValidationError) as exc:
        validate_password(password)
    assert f"口令不得包含平台名称、城市名称、本人用户名或本单位名称等易猜词语（“{word}”）。" in exc.value.messages


def test_the_users_username_and_unit_are_refused_at_the_field(city, client):
    clerk = city.users["clerk"]  # of 市人民医院
    client.force_login(clerk)
    for password, word in (("Clerk#2027x", "clerk"), ("市人民医院#Ab1", "市人民医院")):
        page = client.post(
            CHANGE, {"old_password": PASSWORD, "new_password": password, "new_password_confirm": password}
        )
        assert page.status_code == 200
        assert f"易猜词语（“{word}”）" in page.content.decode()
    validate_password("Hqwmzt#2027x", clerk)  # a password of none of them is fine
    assert not events("user.password_change")


def test_the_history_cannot_be_cycled_within_the_minimum_age(city, frozen_clock):
    """Attack: change the password five times in a minute to bring the old one back. The minimum age
    (policy, 1 day) stops it at the second change; the boundary is exact to the minute."""
    clerk = city.users["clerk"]
    start = dt.datetime(2027, 3, 1, 15, 59, tzinfo=dt.UTC)  # 23:59 in Qidong
    frozen_clock(start)
    password_change(user=clerk, old_password=PASSWORD, new_password="Kouling#111x")  # set by the admin: exempt
    frozen_clock(start + dt.timedelta(minutes=2))  # the next day in Qidong, not yet a day later
    with pytest.raises(ValidationError) as exc:
        password_change(user=clerk, old_password="Kouling#111x", new_password="Kouling#222x")
    (message,) = exc.value.message_dict["new_password"]
    assert "至少须使用 1 天才能再次修改" in message and "2027-03-02 23:59" in message
    frozen_clock(start + dt.timedelta(days=1, seconds=-1))
    with pytest.raises(ValidationError):
        password_change(user=clerk, old_password="Kouling#111x", new_password="Kouling#222x")
    frozen_clock(start + dt.timedelta(days=1))
    password_change(user=clerk, old_password="Kouling#111x", new_password="Kouling#222x")
    assert clerk.check_password("Kouling#222x")


def test_the_administrators_reset_is_exempt_from_the_minimum_age(city, frozen_clock):
    clerk = city.users["clerk"]
    frozen_clock(dt.datetime(2027, 3, 1, 2, 0, tzinfo=dt.UTC))
    password_change(user=clerk, old_password=PASSWORD, new_password="Kouling#111x")
    password_set(actor=city.users["sysadmin"], user=clerk, password="Chongzhi#2027")  # at once
    # and its holder changes it at once too (with the owner's second factor, as any reset asks)
    password_change(user=clerk, old_password="Chongzhi#2027", new_password="Kouling#333x", second_factor_verified=True)
    assert clerk.check_password("Kouling#333x")


def test_the_minimum_age_is_the_security_administrators_within_bounds(city, set_policy):
    from egovpm.security.domain import security_policy_problems
    from egovpm.security.policy import default_policy

    assert default_policy().password_min_age_days == 1
    import dataclasses

    assert "password_min_age_days" in security_policy_problems(
        dataclasses.replace(default_policy(), password_min_age_days=0)
    )
    assert set_policy(password_min_age_days=3).password_min_age_days == 3


# -- 3. refusals on the audit chain, in aggregate ----------------------------------------------------


def test_the_login_rate_limit_is_audited_in_aggregate(city, client, enforce, set_policy, frozen_clock):
    """Attack: hammer the login beyond its rate. Each 429 used to leave no trace."""
    at = dt.datetime(2027, 3, 1, 2, 0, tzinfo=dt.UTC)
    frozen_clock(at)
    set_policy(login_rate_per_minute=3, lockout_failures=10, lockout_address_failures=100)
    with mock.patch("django_ratelimit.core.time.time", return_value=1_800_000_000.0):
        for n in range(3):
            assert login(client, f"nobody{n}", "wrong").status_code == 200
        for n in range(5):
            assert login(client, f"nobody{n}", "wrong").status_code == 429
    (first,) = events("auth.login_throttled")
    assert first.outcome == "denied" and first.ip == "127.0.0.1" and first.after["code"] == "throttled"
    assert RefusalCount.objects.get(scope="login").count == 5
    frozen_clock(at + WINDOW)
    call_command("flush_refusals", stdout=open("/dev/null", "w"))  # noqa: SIM115
    (total,) = events("login.refusals")
    assert total.after["count"] == 5 and total.ip == "127.0.0.1" and not RefusalCount.objects.exists()


def test_walking_other_units_objects_is_audited_in_aggregate(city, client, frozen_clock):
    """Attack: a clerk walks through the ids of other units' declarations. Each 404 is right (nothing is
    shown) but used to leave no trace; now the first of a window is an event, the rest one count."""
    other = declaration_at(city, "draft")  # of 市人民医院, declared in the plan year's window
    at = dt.datetime(2027, 3, 1, 2, 0, tzinfo=dt.UTC)
    frozen_clock(at)
    snoop = city.users["culture_clerk"]
    client.force_login(snoop)
    for pk in (other.pk, other.pk + 1000, other.pk):
        assert client.get(reverse("intake:declaration_detail", args=[pk])).status_code == 404
    (first,) = events("access.not_found")
    assert first.actor == snoop and first.outcome == "denied" and first.object_type == "page"
    assert first.object_repr == f"GET /intake/{other.pk}/"
    row = RefusalCount.objects.get(scope="page")
    assert row.count == 3 and row.user == snoop and row.code == "not_found"
    # the next refusal of anyone after the window writes the count out
    frozen_clock(at + WINDOW)
    assert client.get(reverse("intake:declaration_detail", args=[other.pk])).status_code == 404
    (total,) = events("page.refusals")
    assert total.actor == snoop and total.after["count"] == 3 and total.object_id == "not_found"
    assert len(events("access.not_found")) == 2  # the first of the new window
    # the owner opens it, no refusal
    client.force_login(city.users["clerk"])
    assert client.get(reverse("intake:declaration_detail", args=[other.pk])).status_code == 200


def test_an_invalid_token_at_the_api_documentation_is_audited_in_aggregate(city, client, frozen_clock):
    for _ in range(2):
        response = client.get("/api/v1/openapi.json", headers={"Authorization": "Bearer 伪造的令牌"})
        assert response.status_code == 401
    (first,) = events("api.unauthenticated")
    assert first.object_repr == "GET /api/v1/openapi.json" and first.outcome == "denied"
    assert RefusalCount.objects.get(scope="api", code="unauthenticated").count == 2
