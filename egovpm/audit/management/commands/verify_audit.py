from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from egovpm.audit.domain import segment_first_broken
from egovpm.audit.exports import read_segment
from egovpm.audit.selectors import audit_chain_verify


class Command(BaseCommand):
    help = "Verify the hash chain of audit events (or an exported segment file); name the first broken link."

    def add_arguments(self, parser):
        parser.add_argument("--file", type=Path, help="verify this exported segment (export_audit) instead")

    def handle(self, *args, file=None, **options):
        if file is not None:
            return self.verify_file(file)
        count, broken = audit_chain_verify()
        if broken:
            seq, why = broken
            raise CommandError(f"审计链在第 {seq} 号事件处断裂：{why}（共检查 {count} 个事件）")
        self.stdout.write(self.style.SUCCESS(f"审计链完整：共 {count} 个事件。"))

    def verify_file(self, path: Path) -> None:
        try:
            with path.open(encoding="utf-8") as lines:
                header, events = read_segment(lines)
                broken = segment_first_broken(header, events)
        except (OSError, ValueError, KeyError, TypeError) as exc:
            raise CommandError(f"无法读取导出段 {path}：{exc}") from None
        if broken:
            seq, why = broken
            where = f"第 {seq} 号事件处" if seq else ""
            raise CommandError(f"导出段 {path} {where}验证失败：{why}")
        self.stdout.write(
            self.style.SUCCESS(
                f"导出段完整：{header['from']} 至 {header['to']}，共 {header['count']} 个事件，"
                f"自第 {header['first_seq']} 号起，前一环哈希 {header['prev_hash']}。"
            )
        )
