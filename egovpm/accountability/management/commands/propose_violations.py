"""第三十条: the scheduled run (cron) of the detectors: where the records show a violation, propose it to the
Office with the evidence. Idempotent."""

from django.core.management.base import BaseCommand

from egovpm.accountability import services


class Command(BaseCommand):
    help = "扫描项目记录，向办公室提出违规行为（第三十条），可重复运行。"

    def handle(self, *args, **options):
        made = services.violations_propose()
        self.stdout.write(f"新提出 {len(made)} 项违规行为待认定。")
        for v in made:
            self.stdout.write(f"  {v.project.code} {v.get_kind_display()}")
