"""Daily: drawn experts who did not answer by their deadline lapse, and a replacement is drawn for each."""

from django.core.management.base import BaseCommand

from egovpm.experts.services import assignments_lapse


class Command(BaseCommand):
    help = "逾期未确认的抽取专家记为逾期，并按同样方式替补抽取（第七条(二)、第九条(三)）。"

    def handle(self, *args, **options):
        n = assignments_lapse()
        self.stdout.write(f"{n} 位专家逾期未确认，已替补抽取。")
