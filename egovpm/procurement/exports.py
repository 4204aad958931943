"""The payment ledger of 第四条 as XLSX for Finance and Audit (egovpm.intake.exports' workbook: amounts as
numbers with two decimals, text as text, never a formula)."""

from __future__ import annotations

from collections.abc import Iterable

from egovpm.core import clock
from egovpm.intake.exports import Column, table_workbook

LEDGER_COLUMNS: tuple[Column, ...] = (
    Column("拨付日期", lambda p: p.paid_on.isoformat(), 12),
    Column("资金年度", lambda p: p.year, 8),
    Column("项目编号", lambda p: p.project.code, 14),
    Column("项目名称", lambda p: p.project.name, 28),
    Column("项目建设单位", lambda p: p.unit.name, 22),
    Column("合同编号", lambda p: p.contract.number, 16),
    Column("合同名称", lambda p: p.contract.name, 24),
    Column("供应商", lambda p: p.contract.supplier, 24),
    Column("采购方式", lambda p: p.contract.procurement.get_method_display(), 12),
    Column("概算类别", lambda p: p.get_kind_display(), 8),
    Column("资金来源", lambda p: p.get_funding_source_display(), 10),
    Column("拨付金额", lambda p: p.amount, money=True),
    Column("拨付凭证号", lambda p: p.voucher_number, 16),
    Column("说明", lambda p: p.note, 30),
    Column("登记人", lambda p: p.recorded_by.get_full_name() or p.recorded_by.username, 10),
)


def ledger_xlsx(payments: Iterable) -> bytes:
    """资金拨付台账: every payment the user may see (as filtered), with the total."""
    return table_workbook(
        title=f"电子政务项目资金拨付台账（金额单位：万元，导出于 {clock.today():%Y-%m-%d}）",
        sheet="资金拨付台账",
        columns=LEDGER_COLUMNS,
        rows=payments,
    )
