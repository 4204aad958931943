from django.core.management.base import BaseCommand

from egovpm.audit.refusals import refusals_flush


class Command(BaseCommand):
    help = "The older name of flush_refusals: write the counts of refused requests of the windows that have ended into the audit chain."

    def handle(self, *args, **options):
        written = refusals_flush()
        self.stdout.write(self.style.SUCCESS(f"已写入 {written} 条拒绝汇总事件。"))
