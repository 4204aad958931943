from django.core.management.base import BaseCommand

from egovpm.documents.orphans import orphan_files, orphan_files_sweep


class Command(BaseCommand):
    help = "List (or with --delete remove) uploaded files that no document record names."

    def add_arguments(self, parser):
        parser.add_argument("--delete", action="store_true", help="remove them (recorded in the audit chain)")
        parser.add_argument(
            "--min-age", type=float, default=3600, help="only files older than this many seconds (default 3600)"
        )

    def handle(self, *args, delete: bool, min_age: float, **options):
        found = orphan_files_sweep(min_age_seconds=min_age) if delete else orphan_files(min_age_seconds=min_age)
        for name in found:
            self.stdout.write(name)
        verb = "已删除" if delete else "发现"
        self.stdout.write(self.style.SUCCESS(f"{verb} {len(found)} 个无记录的孤立文件。"))
