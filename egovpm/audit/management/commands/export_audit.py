import datetime as dt
from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from egovpm.audit.services_admin import audit_export


def _date(value: str) -> dt.date:
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise CommandError(f"日期格式应为 YYYY-MM-DD：{value}") from None


class Command(BaseCommand):
    help = "Export the audit events of a date range (Beijing dates) as JSON Lines for off-site archiving."

    def add_arguments(self, parser):
        parser.add_argument("--from", dest="date_from", required=True, type=_date, help="YYYY-MM-DD")
        parser.add_argument("--to", dest="date_to", required=True, type=_date, help="YYYY-MM-DD")
        parser.add_argument("--output", required=True, type=Path, help="the file to write")
        parser.add_argument("--format", dest="fmt", default="jsonl", choices=["jsonl", "xlsx"])

    def handle(self, *args, date_from, date_to, output, fmt, **options):
        try:
            export = audit_export(actor=None, date_from=date_from, date_to=date_to, fmt=fmt)
        except ValidationError as exc:
            raise CommandError("；".join(exc.messages)) from None
        output.write_bytes(export.content)
        segment = export.segment
        self.stdout.write(
            self.style.SUCCESS(
                f"已导出 {segment.count} 个审计事件（第 {segment.first_seq}–{segment.last_seq} 号）到 {output}。"
            )
        )
