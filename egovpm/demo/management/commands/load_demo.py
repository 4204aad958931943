"""`manage.py load_demo [--reset]`: the demo city (egovpm.demo), loaded once, through the services."""

from __future__ import annotations

import time

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import connection

from egovpm.demo.build import build, database_empty, demo_present
from egovpm.demo.people import accounts_text


class Command(BaseCommand):
    help = (
        "载入演示数据：启东市的单位、各角色账号，处于第七条各阶段的 2027 年度申报（含第六条统筹建设的项目），"
        "2026 年度的特殊申报（第八条、第九条）和备案（第十条）。已载入时不作改动，只打印账号。"
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--reset",
            action="store_true",
            help="先清空整个数据库（删除全部数据表，包括审计链）并重新迁移，再载入。仅限开发环境（DEBUG）。",
        )

    def handle(self, *args, reset: bool = False, **options):
        if settings.EGOVPM_PRODUCTION:
            # the demo accounts' passwords are published in README.md: never in a production database
            raise CommandError(
                "生产环境（egovpm.config.settings.prod）不允许载入演示数据：演示账号的口令是公开的。"
                "演示数据只用于开发环境。"
            )
        if reset:
            self.reset_database()
        if demo_present():
            self.stdout.write("演示数据已存在，未作改动。")
            self.stdout.write(accounts_text())
            return
        if not database_empty():
            # not an error: `make run` goes on to serve the data that is there
            self.stderr.write(
                self.style.WARNING(
                    "数据库中已有非演示数据，未载入演示数据。若要重建演示环境，请使用 --reset（会清空整个数据库）。"
                )
            )
            return
        started = time.monotonic()
        counts = build()
        self.stdout.write(
            self.style.SUCCESS(
                f"已载入演示数据：{counts['units']} 个单位，{counts['users']} 个账号，"
                f"{counts['declarations']} 个年度申报，{counts['special']} 个特殊申报，{counts['filings']} 个备案"
                f"（用时 {time.monotonic() - started:.1f} 秒）。"
            )
        )
        self.stdout.write(accounts_text())

    def reset_database(self) -> None:
        """Drop every table and migrate again. The audit chain is append-only row by row (its triggers
        refuse UPDATE, DELETE and TRUNCATE), so a fresh demo needs a fresh schema, not a flush."""
        if not settings.DEBUG:
            raise CommandError("--reset 会清空整个数据库，只允许在开发环境（DEBUG=1）使用。")
        tables = connection.introspection.table_names()
        quoted = [connection.ops.quote_name(t) for t in tables]
        if tables:
            if connection.vendor == "postgresql":
                with connection.cursor() as cursor:
                    cursor.execute(f"DROP TABLE IF EXISTS {', '.join(quoted)} CASCADE")
            else:
                connection.disable_constraint_checking()
                try:
                    with connection.cursor() as cursor:
                        for name in quoted:
                            cursor.execute(f"DROP TABLE IF EXISTS {name}")
                finally:
                    connection.enable_constraint_checking()
        self.stdout.write(f"已清空数据库（{len(tables)} 个数据表），重新迁移……")
        call_command("migrate", interactive=False, verbosity=0)
