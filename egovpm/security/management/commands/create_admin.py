"""The first administrators of a new installation (三员分立): `create_admin sysadmin --username …`.
The password is asked for (never on the command line); the account must change it at first login
and bind an authenticator. Afterwards the system administrator creates users and the security
administrator grants their roles."""

from getpass import getpass

from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from egovpm.lifecycle.roles import ADMIN_ROLES, ROLE_LABELS, Role
from egovpm.security.services_accounts import user_create


class Command(BaseCommand):
    help = "Create a system, security or audit administrator account."

    def add_arguments(self, parser):
        parser.add_argument("role", choices=sorted(ADMIN_ROLES))
        parser.add_argument("--username", required=True)
        parser.add_argument("--name", required=True, help="姓名")

    def handle(self, *args, role, username, name, **options):
        password = getpass("初始口令：")
        if password != getpass("再次输入："):
            raise CommandError("两次输入的口令不一致。")
        try:
            validate_password(password)
            user_create(username=username, password=password, full_name=name, unit=None, roles=[Role(role)])
        except ValidationError as exc:
            raise CommandError("；".join(exc.messages)) from exc
        self.stdout.write(
            self.style.SUCCESS(f"已创建{ROLE_LABELS[Role(role)]} {username}：首次登录须修改口令并绑定身份验证器。")
        )
