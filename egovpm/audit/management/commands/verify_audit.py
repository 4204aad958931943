from django.core.management.base import BaseCommand, CommandError

from egovpm.audit.selectors import audit_chain_verify


class Command(BaseCommand):
    help = "Verify the hash chain of audit events; name the first broken link."

    def handle(self, *args, **options):
        count, broken = audit_chain_verify()
        if broken:
            seq, why = broken
            raise CommandError(f"审计链在第 {seq} 号事件处断裂：{why}（共检查 {count} 个事件）")
        self.stdout.write(self.style.SUCCESS(f"审计链完整：共 {count} 个事件。"))
