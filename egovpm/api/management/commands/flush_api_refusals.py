from django.core.management.base import BaseCommand

from egovpm.api.refusals import api_refusals_flush


class Command(BaseCommand):
    help = "Write the counts of refused API calls of the windows that have ended into the audit chain (cron)."

    def handle(self, *args, **options):
        written = api_refusals_flush()
        self.stdout.write(self.style.SUCCESS(f"已写入 {written} 条 API 拒绝汇总事件。"))
