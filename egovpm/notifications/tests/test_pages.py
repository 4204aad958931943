"""The notification pages, the Office's 催办, the channels, and the SMS adapter (never the network)."""

from __future__ import annotations

import json
import urllib.parse

import pytest
from django.core import mail
from django.urls import reverse

from egovpm.audit.models import AuditEvent
from egovpm.conftest import declaration_at
from egovpm.notifications.models import Notification
from egovpm.notifications.sms import AliyunBackend, MemoryBackend, SmsError


@pytest.fixture
def told(city, plan_year):
    """The hospital's declaration taken into the initial review: its clerk and leader are told."""
    return declaration_at(city, "in_initial_review")


@pytest.mark.supports("第七条(二)")
def test_the_badge_counts_unread_and_reading_opens_the_page(client, city, told):
    clerk = city.users["clerk"]
    unread = Notification.objects.filter(user=clerk, read_at__isnull=True).count()
    assert unread >= 2  # consent, then the initial review
    client.force_login(clerk)
    assert (
        f'data-testid="unread-count" aria-label="{unread} 条未读">{unread}<'
        in client.get(reverse("notifications:badge")).content.decode()
    )
    page = client.get(reverse("notifications:list")).content.decode()
    assert "初审中" in page
    n = Notification.objects.filter(user=clerk).order_by("-id").first()
    response = client.post(reverse("notifications:read", kwargs={"pk": n.pk}), {"open": "1"})
    assert response.status_code == 302 and response["Location"] == f"/intake/{told.pk}/"
    n.refresh_from_db()
    assert n.read_at is not None
    client.post(reverse("notifications:read_all"))
    assert not Notification.objects.filter(user=clerk, read_at__isnull=True).exists()
    assert AuditEvent.objects.filter(action="notification.read_all", actor=clerk).exists()
    # another person's notification is not there for them (404), nor for the administrators at all
    client.force_login(city.users["culture_clerk"])
    assert client.post(reverse("notifications:read", kwargs={"pk": n.pk})).status_code == 404
    client.force_login(city.users["sysadmin"])
    assert client.get(reverse("notifications:list")).status_code == 403


@pytest.mark.supports("第十八条")
def test_the_office_urges_the_unit_about_one_item_recorded_and_notified(
    client, city, told, django_capture_on_commit_callbacks
):
    u = city.users
    u["clerk"].email = "clerk@example.gov.cn"
    u["clerk"].save()
    project = told.project
    url = reverse("notifications:urge", kwargs={"pk": project.pk})
    client.force_login(u["clerk"])
    assert client.get(url).status_code == 403  # only the Office urges
    client.force_login(u["office_reviewer"])
    page = client.get(url, {"subject": "请尽快提供资料", "url": f"/intake/{told.pk}/"}).content.decode()
    assert 'value="请尽快提供资料"' in page
    blank = client.post(url, {"subject": "", "url": ""})
    assert "请写明催办的事项。" in blank.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            url, {"subject": "请尽快提供资料", "message": "本周五前。", "url": f"/intake/{told.pk}/"}
        )
    assert response.status_code == 302
    urged = Notification.objects.filter(kind="urge")
    assert {n.user.username for n in urged} == {"clerk", "hospital_leader"}
    assert all(n.url == f"/intake/{told.pk}/" and "请尽快提供资料" in n.title for n in urged)
    event = AuditEvent.objects.get(action="notification.urge")
    assert event.actor == u["office_reviewer"] and event.after["subject"] == "请尽快提供资料"
    assert [m.to for m in mail.outbox] == [["clerk@example.gov.cn"]]
    # a project the Office does not see (a unit's draft) is not there to urge about
    draft = declaration_at(city, "draft", name="草稿项目")
    assert client.get(reverse("notifications:urge", kwargs={"pk": draft.project_id})).status_code == 404


def test_channels_need_an_address_and_are_audited(client, city):
    clerk = city.users["clerk"]
    client.force_login(clerk)
    response = client.post(reverse("notifications:channels"), {"sms": "on"})
    assert "没有登记联系电话" in response.content.decode()
    clerk.phone = "13800000000"
    clerk.save()
    assert client.post(reverse("notifications:channels"), {"sms": "on"}).status_code == 302
    assert AuditEvent.objects.filter(action="notification.channels", actor=clerk).exists()
    assert client.get(reverse("notifications:channels")).context["form"].initial == {"email": False, "sms": True}


def test_the_aliyun_adapter_signs_the_request_and_reads_the_answer():
    config = {
        "access_key_id": "testId",
        "access_key_secret": "testSecret",
        "sign_name": "启东政务",
        "template_code": "SMS_0001",
    }
    sent = []

    def transport(url, timeout):
        sent.append(url)
        return {"Code": "OK", "Message": "OK"}

    backend = AliyunBackend(config, transport=transport)
    backend.send("13800000000", "您有 1 项即将到期")
    query = urllib.parse.parse_qs(urllib.parse.urlsplit(sent[0]).query)
    assert sent[0].startswith("https://dysmsapi.aliyuncs.com/?Signature=")
    assert query["Action"] == ["SendSms"] and query["PhoneNumbers"] == ["13800000000"]
    assert json.loads(query["TemplateParam"][0]) == {"content": "您有 1 项即将到期"}
    # the signature is HMAC-SHA1 of the canonical query, stable for the same nonce and time
    fixed = backend.signed_url("1", "x", nonce="n", timestamp="2026-10-24T00:00:00Z")
    assert fixed == backend.signed_url("1", "x", nonce="n", timestamp="2026-10-24T00:00:00Z")
    assert fixed != AliyunBackend({**config, "access_key_secret": "other"}).signed_url(
        "1", "x", nonce="n", timestamp="2026-10-24T00:00:00Z"
    )
    refusing = AliyunBackend(config, transport=lambda url, timeout: {"Code": "isv.BUSINESS_LIMIT_CONTROL"})
    with pytest.raises(SmsError, match="BUSINESS_LIMIT_CONTROL"):
        refusing.send("13800000000", "x")

    def down(url, timeout):
        raise OSError("timed out")

    with pytest.raises(SmsError, match="不可用"):
        AliyunBackend(config, transport=down).send("13800000000", "x")
    MemoryBackend.outbox.clear()
