from django.core.management.base import BaseCommand

from egovpm.audit.refusals import refusals_flush


class Command(BaseCommand):
    help = "Write the counts of refused requests (API, pages, login) of the windows that have ended into the audit chain (cron)."

    def handle(self, *args, **options):
        written = refusals_flush()
        self.stdout.write(self.style.SUCCESS(f"已写入 {written} 条拒绝汇总事件。"))
