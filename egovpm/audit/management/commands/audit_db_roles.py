from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction

from egovpm.audit.dbroles import APPEND_ONLY_TABLES, grant_statements


class Command(BaseCommand):
    help = (
        "PostgreSQL: print (or, with --execute, run as the migration role) the grants that let the application "
        "role read and write the business tables but only SELECT and INSERT the audit chain (docs/security.md)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--app-role", required=True, help="the role gunicorn and cron connect as")
        parser.add_argument("--owner-role", help="the migration role that owns the tables (default: this connection's)")
        parser.add_argument("--execute", action="store_true", help="run the statements instead of printing them")

    def handle(self, *args, app_role, owner_role=None, execute=False, **options):
        if connection.vendor != "postgresql":
            raise CommandError("只适用于 PostgreSQL（嵌入式 SQLite 没有数据库角色）。")
        with connection.cursor() as cur:
            cur.execute("SELECT current_user")
            current = cur.fetchone()[0]
            owner_role = owner_role or current
            cur.execute(
                "SELECT tablename, tableowner FROM pg_tables WHERE schemaname = 'public' AND tablename = ANY(%s)",
                [list(APPEND_ONLY_TABLES)],
            )
            owners = dict(cur.fetchall())
        if app_role in (owner_role, *owners.values()):
            raise CommandError(
                f"应用角色 {app_role} 不得是表的所有者（现所有者：{'、'.join(sorted(set(owners.values())))}）："
                "请用迁移角色建表，应用使用另一个角色连接。"
            )
        try:
            statements = grant_statements(app_role=app_role, owner_role=owner_role)
        except ValueError as exc:
            raise CommandError(str(exc)) from None
        if not execute:
            self.stdout.write(";\n".join(statements) + ";")
            return
        with transaction.atomic(), connection.cursor() as cur:
            for sql in statements:
                cur.execute(sql)
        self.stdout.write(self.style.SUCCESS(f"已为 {app_role} 设置权限：审计链等只追加的表仅可 SELECT、INSERT。"))
