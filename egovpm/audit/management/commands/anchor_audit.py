from django.core.management.base import BaseCommand, CommandError

from egovpm.audit.anchors import AnchorError, anchor_head, anchor_path


class Command(BaseCommand):
    help = (
        "Append the signed head of the audit chain (seq, hash; HMAC with the audit key) to the anchor file "
        "EGOVPM_AUDIT_ANCHOR_FILE. Run by cron (e.g. hourly); verify_audit checks the chain against the anchors."
    )

    def handle(self, *args, **options):
        try:
            record = anchor_head(reason="cron")
        except AnchorError as exc:
            raise CommandError(str(exc)) from None
        if record is None:
            self.stdout.write("审计链为空，无需锚定。")
            return
        self.stdout.write(
            self.style.SUCCESS(f"已将审计链头（第 {record['seq']} 号，{record['hash'][:16]}…）锚定到 {anchor_path()}。")
        )
