"""The API's documentation (/api/v1/docs and the OpenAPI document) is the map of every operation: the
penetration test read it anonymously. It is for logged-in users and token holders only."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.test import override_settings
from django.urls import reverse

from egovpm.security.services import password_set

from .conftest import BASE


@pytest.mark.parametrize("path", [f"{BASE}/openapi.json", f"{BASE}/docs"])
def test_an_anonymous_visitor_does_not_get_the_api_documentation(client, city, path):
    response = client.get(path)
    assert response.status_code in (302, 401)
    assert b"/declarations" not in response.content
    if response.status_code == 302:  # the docs page: to the login page
        assert response["Location"].startswith(reverse(settings.LOGIN_URL))
    else:
        assert response.json()["code"] == "unauthenticated"
        assert response["WWW-Authenticate"].startswith("Bearer")


def test_an_invalid_token_does_not_get_the_openapi_document(client, city):
    response = client.get(f"{BASE}/openapi.json", headers={"Authorization": "Bearer 伪造的令牌"})
    assert response.status_code == 401


def test_a_token_or_a_logged_in_session_gets_the_api_documentation(client, city, api_as):
    assert client.get(f"{BASE}/openapi.json", headers=api_as("clerk").headers).status_code == 200
    client.force_login(city.users["clerk"])
    assert client.get(f"{BASE}/openapi.json").status_code == 200
    assert client.get(f"{BASE}/docs").status_code == 200


@override_settings(EGOVPM_ENFORCE_PASSWORD_CHANGE=True)
def test_a_session_that_still_owes_a_password_change_does_not_get_the_documentation(client, city):
    user = city.users["clerk"]
    # set by the system administrator: to be changed at the next login, before anything else
    password_set(actor=city.users["sysadmin"], user=user, password="Initial#2026x")
    client.force_login(user)
    assert client.get(f"{BASE}/openapi.json").status_code == 401
