"""SMS gateways, pluggable by setting (settings.EGOVPM_SMS_BACKEND, a dotted path): the console backend
of development, and the adapter of Aliyun's SMS API (dysmsapi, SendSms, signature version 1.0) for
production, configured by settings.EGOVPM_SMS. Each backend has `send(phone, text) -> None` and raises
SmsError when the message was not accepted. The adapter's transport is injectable: tests never call the
network."""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import hmac
import json
import logging
import sys
import urllib.parse
import urllib.request
import uuid
from collections.abc import Callable

from django.conf import settings
from django.utils.module_loading import import_string

from egovpm.core import clock

log = logging.getLogger(__name__)


class SmsError(Exception):
    pass


class ConsoleBackend:
    """Development: the message is written to standard output."""

    def __init__(self, stream=None):
        self.stream = stream or sys.stdout

    def send(self, phone: str, text: str) -> None:
        self.stream.write(f"[短信] {phone}: {text}\n")


class MemoryBackend:
    """Tests: messages are kept in `outbox` (class-wide, like Django's locmem mail backend)."""

    outbox: list[tuple[str, str]] = []

    def send(self, phone: str, text: str) -> None:
        MemoryBackend.outbox.append((phone, text))


def _encode(value: str) -> str:
    return urllib.parse.quote(value, safe="~")


def urllib_transport(url: str, timeout: float) -> dict:
    with urllib.request.urlopen(url, timeout=timeout) as response:  # noqa: S310 (https URL of the setting)
        return json.loads(response.read().decode("utf-8"))


class AliyunBackend:
    """Aliyun 短信服务 (dysmsapi.aliyuncs.com, Action=SendSms, Version=2017-05-25), signed with HMAC-SHA1.
    settings.EGOVPM_SMS: access_key_id, access_key_secret, sign_name, template_code, and optionally
    template_param (the template's variable holding the text, default "content"), endpoint, region,
    timeout."""

    def __init__(self, config: dict | None = None, transport: Callable[[str, float], dict] | None = None):
        self.config = config if config is not None else getattr(settings, "EGOVPM_SMS", {})
        self.transport = transport or urllib_transport

    def signed_url(self, phone: str, text: str, *, nonce: str | None = None, timestamp: str | None = None) -> str:
        c = self.config
        params = {
            "AccessKeyId": c["access_key_id"],
            "Action": "SendSms",
            "Format": "JSON",
            "PhoneNumbers": phone,
            "RegionId": c.get("region", "cn-hangzhou"),
            "SignName": c["sign_name"],
            "SignatureMethod": "HMAC-SHA1",
            "SignatureNonce": nonce or uuid.uuid4().hex,
            "SignatureVersion": "1.0",
            "TemplateCode": c["template_code"],
            "TemplateParam": json.dumps({c.get("template_param", "content"): text}, ensure_ascii=False),
            "Timestamp": timestamp or clock.now().astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
            "Version": "2017-05-25",
        }
        query = "&".join(f"{_encode(k)}={_encode(v)}" for k, v in sorted(params.items()))
        to_sign = f"GET&{_encode('/')}&{_encode(query)}"
        key = f"{c['access_key_secret']}&".encode()
        signature = base64.b64encode(hmac.new(key, to_sign.encode(), hashlib.sha1).digest()).decode()
        endpoint = c.get("endpoint", "https://dysmsapi.aliyuncs.com/")
        return f"{endpoint}?Signature={_encode(signature)}&{query}"

    def send(self, phone: str, text: str) -> None:
        try:
            answer = self.transport(self.signed_url(phone, text), float(self.config.get("timeout", 10)))
        except (OSError, ValueError) as exc:
            raise SmsError(f"短信网关不可用：{exc}") from exc
        if answer.get("Code") != "OK":
            raise SmsError(f"短信网关拒绝：{answer.get('Code')} {answer.get('Message', '')}".strip())


def sms_backend():
    return import_string(getattr(settings, "EGOVPM_SMS_BACKEND", "egovpm.notifications.sms.ConsoleBackend"))()
