from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from egovpm.audit import keys as audit_keys
from egovpm.audit.anchors import anchor_path
from egovpm.audit.domain import segment_first_broken
from egovpm.audit.exports import read_segment
from egovpm.audit.selectors import audit_chain_report


def describe_keys(report) -> str:
    """Where the keyed chain starts (a deployed instance's older events carry plain hashes)."""
    if report.keyed_from is None:
        return "链中没有带密钥的事件（全部为未加密钥的旧哈希）"
    if report.keyed_from == 1:
        return "全部事件为带密钥的 HMAC 链"
    return f"第 1–{report.keyed_from - 1} 号为未加密钥的旧事件（普通哈希），自第 {report.keyed_from} 号起为带密钥的 HMAC 链"


def describe_anchors(report) -> str:
    if not report.anchors:
        return f"锚点文件 {anchor_path()} 中尚无锚点（请由 cron 定期运行 anchor_audit）"
    last = report.last_anchor
    return f"已核对 {report.anchors} 个锚点，最后一个锚点（{last.at}）记录到第 {last.seq} 条"


class Command(BaseCommand):
    help = (
        "Verify the keyed hash chain of audit events against the anchors kept outside the database (or an "
        "exported segment file); name the first broken link, a rewrite or a truncation."
    )

    def add_arguments(self, parser):
        parser.add_argument("--file", type=Path, help="verify this exported segment (export_audit) instead")

    def handle(self, *args, file=None, **options):
        if file is not None:
            return self.verify_file(file)
        report = audit_chain_report()
        if report.broken:
            seq, why = report.broken
            where = f"在第 {seq} 号事件处断裂" if seq else "无法验证"
            raise CommandError(f"审计链{where}：{why}（数据库中共 {report.count} 个事件；{describe_anchors(report)}）")
        self.stdout.write(
            self.style.SUCCESS(
                f"审计链完整：共 {report.count} 个事件。{describe_keys(report)}；{describe_anchors(report)}。"
            )
        )

    def verify_file(self, path: Path) -> None:
        keys, _ = audit_keys.keyring()
        try:
            with path.open(encoding="utf-8") as lines:
                header, events = read_segment(lines)
                broken = segment_first_broken(header, events, keys)
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
