"""Findings of the penetration test on what the platform answers, tested as the attack: business pages could be kept by a browser or a shared cache, static files lacked the security
headers, and the answers named their server."""

from __future__ import annotations

from django.conf import settings
from django.test import Client, override_settings
from django.urls import reverse

from egovpm.api.services import api_token_create
from egovpm.config.settings import base
from egovpm.testing.otp import second_factor_code


def test_business_pages_and_api_answers_are_not_stored(client, city):
    client.force_login(city.users["clerk"])
    for url in (reverse("cockpit:todo"), reverse("intake:declaration_list")):
        response = client.get(url)
        assert response.status_code == 200
        assert response["Cache-Control"] == "no-store", url
    _, secret = api_token_create(
        actor=city.users["clerk"],
        user=city.users["clerk"],
        name="缓存",
        scope="read",
        otp_token=second_factor_code(city.users["clerk"]),
    )
    answer = client.get("/api/v1/me", headers={"Authorization": f"Bearer {secret}"})
    assert answer.status_code == 200
    assert answer["Cache-Control"] == "no-store"
    # a redirect of an anonymous visitor and a 404 carry it as well
    assert Client().get(reverse("cockpit:todo"))["Cache-Control"] == "no-store"


def test_the_login_page_is_not_stored_either(client, city):
    """Only static files may be cached (see the test below); the login page carries a CSRF token."""
    login = client.get(reverse(settings.LOGIN_URL))
    assert login.status_code == 200
    assert "no-store" in login["Cache-Control"]


WHITENOISE = override_settings(MIDDLEWARE=base.MIDDLEWARE, WHITENOISE_USE_FINDERS=True, WHITENOISE_AUTOREFRESH=True)


@WHITENOISE
def test_static_files_served_by_whitenoise_carry_the_security_headers(db):
    """Production serves static files with WhiteNoise (settings/base.py); the tests' settings drop it, so
    this test puts the production middleware back."""
    response = Client().get("/" + settings.STATIC_URL.lstrip("/") + "css/app.css")
    assert response.status_code == 200
    assert response.__class__.__module__.startswith("whitenoise")
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["X-Frame-Options"] == "DENY"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"
    assert "default-src 'self'" in response["Content-Security-Policy"]
    assert "no-store" not in response.get("Cache-Control", "")


@WHITENOISE
def test_the_platform_names_no_server(client, city):
    """Django adds no Server header; gunicorn's and nginx's are removed at the proxy (docs/security.md)."""
    client.force_login(city.users["clerk"])
    responses = [
        client.get(reverse("cockpit:todo")),
        Client().get("/" + settings.STATIC_URL.lstrip("/") + "css/app.css"),
    ]
    for response in responses:
        assert "Server" not in response
        assert "X-Powered-By" not in response
