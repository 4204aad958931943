"""Security events on the audit chain (GB/T 22239-2019 8.1.4.3): permission denied, downloads and exports,
each with time, user, unit, IP, object, action and outcome; a download whose event cannot be written
fails and serves nothing."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from egovpm.api.models import TokenScope
from egovpm.api.services import api_token_create
from egovpm.audit import services as audit_services
from egovpm.audit.labels import ACTION_LABELS
from egovpm.audit.models import AuditEvent
from egovpm.conftest import application_data
from egovpm.testing import scenario
from egovpm.testing.otp import second_factor_code

IP = "10.20.30.40"


@pytest.fixture
def declaration(city, plan_year):
    """A draft with an uploaded proposal (a file to download)."""
    return scenario.declare(clerk=city.users["clerk"], plan_year=plan_year, name="互联网医院", data=application_data())


def client_as(city, name: str) -> Client:
    client = Client(REMOTE_ADDR=IP)
    client.force_login(city.users[name])
    return client


def new_events(since: int) -> list[AuditEvent]:
    return list(AuditEvent.objects.filter(seq__gt=since).order_by("seq"))


def head() -> int:
    return AuditEvent.objects.order_by("-seq").values_list("seq", flat=True).first() or 0


def assert_event(event: AuditEvent, *, user, action: str, outcome: str, object_type: str, object_id: str):
    assert event.action == action
    assert event.outcome == outcome
    assert event.actor_id == user.pk
    assert event.actor_unit == user.unit.name
    assert event.ip == IP
    assert (event.object_type, event.object_id) == (object_type, object_id)
    assert event.created_at is not None
    assert action in ACTION_LABELS


def test_a_denied_page_is_recorded(city, plan_year):
    client = client_as(city, "culture_clerk")
    since = head()
    url = reverse("intake:round_list")
    assert client.get(url).status_code == 403
    [event] = new_events(since)
    assert_event(
        event,
        user=city.users["culture_clerk"],
        action="access.denied",
        outcome="denied",
        object_type="page",
        object_id=url,
    )


def test_a_denial_inside_the_view_is_recorded_too(city, declaration):
    """The supervising department may see the hospital's declaration but not act as its applicant."""
    client = client_as(city, "health_clerk")
    since = head()
    url = reverse("intake:document_upload", args=[declaration.pk])
    assert client.get(url).status_code == 403
    [event] = new_events(since)
    assert_event(
        event,
        user=city.users["health_clerk"],
        action="access.denied",
        outcome="denied",
        object_type="page",
        object_id=url,
    )


def test_a_page_that_opens_records_nothing(city, plan_year):
    client = client_as(city, "office_reviewer")
    since = head()
    assert client.get(reverse("intake:round_list")).status_code == 200
    assert new_events(since) == []


def test_a_download_is_recorded(city, declaration):
    document = declaration.documents.order_by("id").first()
    client = client_as(city, "clerk")
    since = head()
    response = client.get(reverse("documents:download", args=[document.pk]))
    assert response.status_code == 200
    assert b"".join(response.streaming_content)
    [event] = new_events(since)
    assert_event(
        event,
        user=city.users["clerk"],
        action="document.download",
        outcome="success",
        object_type="documents.document",
        object_id=str(document.pk),
    )


def test_the_application_form_download_is_recorded(city, declaration):
    client = client_as(city, "clerk")
    since = head()
    assert client.get(reverse("intake:application_docx", args=[declaration.pk])).status_code == 200
    [event] = new_events(since)
    assert_event(
        event,
        user=city.users["clerk"],
        action="application_form.download",
        outcome="success",
        object_type="intake.declaration",
        object_id=str(declaration.pk),
    )
    assert event.after == {"format": "docx"}


def test_an_export_is_recorded_with_its_filters(city, plan_year):
    client = client_as(city, "office_reviewer")
    since = head()
    response = client.get(reverse("intake:plan_annual_xlsx", args=[2027]))
    assert response.status_code == 200
    assert "attachment" in response["Content-Disposition"]
    [event] = new_events(since)
    assert_event(
        event,
        user=city.users["office_reviewer"],
        action="export.annual_plan",
        outcome="success",
        object_type="intake.planyear",
        object_id=str(plan_year.pk),
    )
    assert event.after == {"year": 2027}


def test_an_api_refusal_is_recorded(city, plan_year):
    _, secret = api_token_create(
        actor=city.users["clerk"],
        user=city.users["clerk"],
        name="测试",
        scope=TokenScope.READ,
        otp_token=second_factor_code(city.users["clerk"]),
    )
    client = Client(REMOTE_ADDR=IP)
    since = head()
    response = client.get("/api/v1/audit/head", headers={"Authorization": f"Bearer {secret}"})
    assert response.status_code == 403
    [event] = new_events(since)
    assert_event(
        event,
        user=city.users["clerk"],
        action="access.denied",
        outcome="denied",
        object_type="api",
        object_id="/api/v1/audit/head",
    )


def test_an_api_export_is_recorded(city, plan_year):
    _, secret = api_token_create(
        actor=city.users["finance"],
        user=city.users["finance"],
        name="测试",
        scope=TokenScope.READ,
        otp_token=second_factor_code(city.users["finance"]),
    )
    client = Client(REMOTE_ADDR=IP)
    since = head()
    response = client.get("/api/v1/catalog", {"format": "xlsx"}, headers={"Authorization": f"Bearer {secret}"})
    assert response.status_code == 200
    [event] = new_events(since)
    assert_event(
        event,
        user=city.users["finance"],
        action="export.catalog_all",
        outcome="success",
        object_type="",
        object_id="",
    )


def test_a_download_whose_event_cannot_be_written_fails(city, declaration, monkeypatch):
    def broken(**kwargs):
        raise RuntimeError("audit store unavailable")

    monkeypatch.setattr(audit_services, "audit_record", broken)
    document = declaration.documents.order_by("id").first()
    body = document.file.open("rb").read()
    document.file.close()
    client = Client(REMOTE_ADDR=IP, raise_request_exception=False)
    client.force_login(city.users["clerk"])
    for url in (
        reverse("documents:download", args=[document.pk]),
        reverse("intake:application_pdf", args=[declaration.pk]),
        reverse("catalog:catalog_xlsx", args=[declaration.project_id]),
    ):
        response = client.get(url)
        assert response.status_code == 500, url
        assert "Content-Disposition" not in response, url
        assert body not in response.content
