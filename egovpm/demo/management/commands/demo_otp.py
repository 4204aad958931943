"""`manage.py demo_otp <username>`: the current code of a demo account's authenticator, for trying the demo
without a phone. Refuses every device but the demo's (named "demo", with the published demo key)."""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError

from egovpm.demo.credentials import DEMO_DEVICE_NAME, DEMO_TOTP_KEY
from egovpm.orgs.models import User
from egovpm.security.otp import totp_code
from egovpm.security.selectors_accounts import user_authenticator


class Command(BaseCommand):
    help = "打印演示账号身份验证器当前的 6 位验证码（仅限演示数据中名为 demo 的设备）。"

    def add_arguments(self, parser):
        parser.add_argument("username")

    def handle(self, *args, username: str, **options):
        user = User.objects.filter(username=username).first()
        device = user_authenticator(user) if user else None
        if device is None:
            raise CommandError(f"用户 {username} 没有已绑定的身份验证器。")
        if device.name != DEMO_DEVICE_NAME or device.key != DEMO_TOTP_KEY:
            raise CommandError("只能为演示数据中名为 demo 的身份验证器生成验证码。")
        self.stdout.write(totp_code(device))
