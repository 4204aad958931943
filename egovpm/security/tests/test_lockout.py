"""Login failure handling (GB/T 22239-2019 8.1.4.1 b): lockout after policy.lockout_failures failed logins
for policy.lockout_minutes (django-axes), every login, failure, lockout and logout on the audit chain."""

from __future__ import annotations

import datetime as dt

from axes.models import AccessAttempt
from django.urls import reverse
from django.utils import timezone

from egovpm.conftest import PASSWORD

from .identity import events

LOGIN = reverse("accounts:login")


def attempt(client, username, password):
    return client.post(LOGIN, {"username": username, "password": password})


def logged_in(client) -> bool:
    return "_auth_user_id" in client.session


def test_a_login_is_audited_with_its_address(city, client):
    response = attempt(client, "clerk", PASSWORD)
    assert response.status_code == 302 and logged_in(client)
    (event,) = events("auth.login")
    assert event.actor == city.users["clerk"] and event.outcome == "success" and event.ip == "127.0.0.1"
    assert event.actor_unit == "市人民医院"


def test_five_failures_lock_the_account_for_thirty_minutes(city, client):
    for n in range(4):
        response = attempt(client, "clerk", f"wrong{n}")
        assert response.status_code == 200 and "用户名或口令不正确" in response.content.decode()
    response = attempt(client, "clerk", "wrong5")
    assert response.status_code == 429
    assert "连续登录失败 5 次，该账户已被锁定 30 分钟" in response.content.decode()
    # locked: even the right password is refused, and the refusal does not extend the lock
    response = attempt(client, "clerk", PASSWORD)
    assert response.status_code == 429 and not logged_in(client)

    failed = events("auth.login_failed")
    assert [e.outcome for e in failed] == ["failure"] * 5 + ["denied"]
    assert all(e.ip == "127.0.0.1" and e.object_id == str(city.users["clerk"].pk) for e in failed)
    assert failed[-1].reason == "账户已锁定"
    (lockout,) = events("auth.lockout")
    assert lockout.outcome == "failure" and lockout.ip == "127.0.0.1"
    assert lockout.object_repr == str(city.users["clerk"]) and lockout.after == {"failures": 5, "minutes": 30}


def _age_attempts(minutes: int) -> None:
    AccessAttempt.objects.update(attempt_time=timezone.now() - dt.timedelta(minutes=minutes))


def test_the_lock_ends_after_the_cool_off(city, client):
    for n in range(5):
        attempt(client, "clerk", f"wrong{n}")
    _age_attempts(29)
    assert attempt(client, "clerk", PASSWORD).status_code == 429
    _age_attempts(31)
    assert attempt(client, "clerk", PASSWORD).status_code == 302 and logged_in(client)


def test_the_limit_and_duration_come_from_the_policy(city, client, set_policy):
    set_policy(lockout_failures=3, lockout_minutes=60)
    for n in range(2):
        assert attempt(client, "clerk", f"wrong{n}").status_code == 200
    response = attempt(client, "clerk", "wrong3")
    assert response.status_code == 429 and "锁定 60 分钟" in response.content.decode()
    _age_attempts(45)
    assert attempt(client, "clerk", PASSWORD).status_code == 429
    _age_attempts(61)
    assert attempt(client, "clerk", PASSWORD).status_code == 302


def test_the_lock_is_per_username_and_a_success_resets_the_count(city, client):
    for n in range(4):
        attempt(client, "clerk", f"wrong{n}")
    # another account from the same address is not affected
    assert attempt(client, "culture_clerk", PASSWORD).status_code == 302
    client.logout()
    assert attempt(client, "clerk", PASSWORD).status_code == 302  # resets clerk's failures
    client.logout()
    for n in range(4):
        assert attempt(client, "clerk", f"again{n}").status_code == 200
    assert not events("auth.lockout")


def test_a_failure_for_an_unknown_username_is_audited_too(city, client):
    attempt(client, "nobody", "x")
    (event,) = events("auth.login_failed")
    assert event.object_repr == "nobody" and event.object_id == "" and event.actor is None


def test_logout_is_audited(city, client):
    attempt(client, "clerk", PASSWORD)
    response = client.post(reverse("accounts:logout"))
    assert response.status_code == 302 and response.url == LOGIN
    (event,) = events("auth.logout")
    assert event.actor == city.users["clerk"] and event.outcome == "success" and event.ip == "127.0.0.1"
