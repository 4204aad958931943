"""Sessions (GB/T 22239-2019 8.1.4.1 b): idle sessions end after policy.session_idle_minutes, logout
ends the session on the server, the cookie dies with the browser."""

from __future__ import annotations

import datetime as dt

from django.conf import settings as django_settings
from django.contrib.sessions.models import Session
from django.urls import reverse

from egovpm.conftest import PASSWORD

from .identity import events

T0 = dt.datetime(2027, 3, 1, 9, 0, tzinfo=dt.UTC)


def at(frozen_clock, minutes: float):
    frozen_clock(T0 + dt.timedelta(minutes=minutes))


def test_logout_is_a_post_that_deletes_the_session_row(city, client):
    client.post(reverse("accounts:login"), {"username": "clerk", "password": PASSWORD})
    key = client.session.session_key
    assert Session.objects.filter(session_key=key).exists()
    assert client.get(reverse("accounts:logout")).status_code == 405  # no logout by a link or an image
    assert client.post(reverse("accounts:logout")).status_code == 302
    assert not Session.objects.filter(session_key=key).exists()
    assert client.get("/intake/").url.startswith(reverse("accounts:login"))


def test_the_session_cookie_dies_with_the_browser(city, client):
    response = client.post(reverse("accounts:login"), {"username": "clerk", "password": PASSWORD})
    cookie = response.cookies[django_settings.SESSION_COOKIE_NAME]
    assert cookie["max-age"] == "" and cookie["expires"] == ""
    assert cookie["httponly"] and cookie["samesite"] == "Lax"


def test_an_idle_session_ends_after_thirty_minutes(city, client, settings, frozen_clock):
    settings.EGOVPM_ENFORCE_SESSION_IDLE = True
    at(frozen_clock, 0)
    client.post(reverse("accounts:login"), {"username": "clerk", "password": PASSWORD})
    key = client.session.session_key
    at(frozen_clock, 29)
    assert client.get("/intake/").status_code == 200  # activity: the idle time runs again from here
    at(frozen_clock, 29 + 29.5)
    assert client.get("/intake/").status_code == 200
    at(frozen_clock, 29 + 29.5 + 31)
    response = client.get("/intake/")
    assert response.status_code == 302 and response.url.startswith(reverse("accounts:login"))
    assert not Session.objects.filter(session_key=key).exists()
    page = client.get(response.url)
    assert "您已超过 30 分钟未操作，会话已结束，请重新登录。" in page.content.decode()
    (event,) = events("auth.session_timeout")
    assert event.actor == city.users["clerk"] and event.ip == "127.0.0.1" and event.reason == "会话空闲超时"


def test_the_idle_time_is_the_policys(city, client, settings, frozen_clock, set_policy):
    settings.EGOVPM_ENFORCE_SESSION_IDLE = True
    set_policy(session_idle_minutes=10)
    at(frozen_clock, 0)
    client.force_login(city.users["clerk"])
    assert client.get("/intake/").status_code == 200
    at(frozen_clock, 9)
    assert client.get("/intake/").status_code == 200
    at(frozen_clock, 9 + 11)
    assert client.get("/intake/").status_code == 302


def test_the_activity_mark_is_written_at_most_once_a_minute(city, client, settings, frozen_clock):
    settings.EGOVPM_ENFORCE_SESSION_IDLE = True
    at(frozen_clock, 0)
    client.force_login(city.users["clerk"])
    client.get("/intake/")
    marked = client.session["egovpm_last_seen"]
    at(frozen_clock, 0.5)
    client.get("/intake/")
    assert client.session["egovpm_last_seen"] == marked
    at(frozen_clock, 1.5)
    client.get("/intake/")
    assert client.session["egovpm_last_seen"] != marked
