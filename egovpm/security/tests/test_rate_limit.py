"""The login rate limit: policy.login_rate_per_minute login POSTs per address and minute (django-ratelimit)."""

from __future__ import annotations

from unittest import mock

from django.conf import settings as django_settings
from django.urls import reverse

from egovpm.conftest import PASSWORD

LOGIN = reverse("accounts:login")


def post(client, username="clerk", password="wrong", ip="10.0.0.1"):
    return client.post(LOGIN, {"username": username, "password": password}, REMOTE_ADDR=ip)


def test_login_posts_beyond_the_policy_rate_get_a_chinese_429(city, client, enforce, set_policy):
    set_policy(login_rate_per_minute=3, lockout_failures=10)
    with mock.patch("django_ratelimit.core.time.time", return_value=1_800_000_000.0):
        for username in ("clerk", "culture_clerk", "health_clerk"):
            assert post(client, username).status_code == 200
        response = post(client, "supervisor", PASSWORD)
        assert response.status_code == 429
        assert "登录请求过于频繁，请一分钟后再试。" in response.content.decode()
        assert "_auth_user_id" not in client.session  # refused before the password was looked at
        assert client.get(LOGIN, REMOTE_ADDR="10.0.0.1").status_code == 200  # only POSTs count
        assert post(client, "supervisor", PASSWORD, ip="10.0.0.2").status_code == 302  # per address
    with mock.patch("django_ratelimit.core.time.time", return_value=1_800_000_000.0 + 61):
        client.logout()
        assert post(client, "supervisor", PASSWORD).status_code == 302  # the next minute


def test_the_default_rate_is_the_policys(city, client, enforce):
    with mock.patch("django_ratelimit.core.time.time", return_value=1_800_000_000.0):
        for n in range(20):
            assert post(client, f"nobody{n}").status_code == 200
        assert post(client, "nobody").status_code == 429


def test_the_cache_is_local_memory_unless_redis_is_configured():
    assert django_settings.CACHES["default"]["BACKEND"] == "django.core.cache.backends.locmem.LocMemCache"


def test_production_counts_in_redis(monkeypatch):
    import importlib
    import sys

    monkeypatch.setenv("DJANGO_SECRET_KEY", "x" * 60)
    monkeypatch.setenv("DJANGO_ALLOWED_HOSTS", "egov.example.cn")
    monkeypatch.setenv("EGOVPM_AUDIT_KEY", "y" * 40)
    monkeypatch.setenv("EGOVPM_DATA_KEY", "z" * 40)
    sys.modules.pop("egovpm.config.settings.prod", None)
    prod = importlib.import_module("egovpm.config.settings.prod")
    assert prod.CACHES["default"]["BACKEND"] == "django.core.cache.backends.redis.RedisCache"
    assert prod.CACHES["default"]["LOCATION"] == "redis://127.0.0.1:6379/0"
    sys.modules.pop("egovpm.config.settings.prod", None)
