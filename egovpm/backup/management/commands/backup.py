from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from egovpm.backup.services import BackupError, backup_create


class Command(BaseCommand):
    help = "Back up the database (portable JSON), the uploaded files and the audit chain's head to a directory."

    def add_arguments(self, parser):
        parser.add_argument("--output", required=True, type=Path, help="a new or empty directory")

    def handle(self, *args, output: Path, **options):
        try:
            s = backup_create(output=output)
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        for name in s.missing_files:
            self.stderr.write(self.style.WARNING(f"文件记录存在但文件缺失，未能备份：{name}"))
        self.stdout.write(
            self.style.SUCCESS(
                f"备份完成：{output}。数据 {s.rows} 条（{s.models} 类），文件 {s.files} 个，"
                f"审计事件 {s.audit_events} 个，链头第 {s.head_seq} 号（{s.head_hash[:16]}…）。"
            )
        )
