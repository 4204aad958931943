"""Pure rules of 第七条: funding sums, completeness, and the guards of the intake workflows.
No Django: services gather the facts and pass them in."""

from __future__ import annotations

import datetime as dt
import unicodedata
from dataclasses import dataclass
from decimal import Decimal

from egovpm.lifecycle.engine import Guard
from egovpm.policy.domain import Policy

FUNDING_PARTS = ("fiscal", "self_raised", "national", "other")
FUNDING_ROWS = {"prior": "历年已安排资金", "current": "本年度申请资金"}
FUNDING_COLUMNS = {
    "total": "合计",
    "fiscal": "其中申请财政拨款",
    "self_raised": "单位自筹",
    "national": "国家下拨",
    "other": "其他",
}


def funding_problems(values: dict[str, Decimal | None]) -> dict[str, str]:
    """附件1 funding table: every amount ≥ 0 and 合计 = the sum of its parts, per row.
    Keys are field names (`current_total`…); values are Chinese messages."""
    found: dict[str, str] = {}
    for row, row_label in FUNDING_ROWS.items():
        amounts = {col: values.get(f"{row}_{col}") for col in FUNDING_COLUMNS}
        for col, amount in amounts.items():
            if amount is not None and amount < 0:
                found[f"{row}_{col}"] = f"{row_label}·{FUNDING_COLUMNS[col]}不能为负数。"
        if any(a is None for a in amounts.values()) or found:
            continue
        parts = sum((amounts[p] for p in FUNDING_PARTS), Decimal("0"))
        if amounts["total"] != parts:
            found[f"{row}_total"] = (
                f"{row_label}的合计（{amounts['total']:.2f} 万元）应等于财政拨款、单位自筹、国家下拨与其他之和"
                f"（{parts:.2f} 万元）。"
            )
    return found


def application_problems(
    *,
    nature: str,
    start_date: dt.date | None,
    planned_end_date: dt.date | None,
    total_investment: Decimal | None,
    annual_requirement: Decimal | None,
    current_total: Decimal | None,
) -> dict[str, str]:
    """Cross-field rules of the application form."""
    found: dict[str, str] = {}
    if start_date and planned_end_date and planned_end_date < start_date:
        found["planned_end_date"] = "计划完成日期不能早于启动日期。"
    for name, value in (("total_investment", total_investment), ("annual_requirement", annual_requirement)):
        if value is not None and value < 0:
            found[name] = "金额不能为负数。"
    if total_investment is not None and annual_requirement is not None and annual_requirement > total_investment:
        found["annual_requirement"] = "年度需要资金不能超过预计总投资。"
    if annual_requirement is not None and current_total is not None and current_total > annual_requirement:
        found["current_total"] = "本年度申请资金合计不能超过年度需要资金。"
    return found


@dataclass(frozen=True)
class Materials:
    """What accompanies a declaration (第七条(一), 第七条(三))."""

    has_proposal: bool = False
    has_status_statement: bool = False
    has_budget_list: bool = False
    has_feasibility_report: bool = False
    has_expert_opinion: bool = False
    catalog_entries: int = 0


def declaration_material_problems(nature: str, materials: Materials, policy: Policy) -> list[str]:
    """第七条(一): new and continuing projects need the proposal; maintenance projects need a
    status statement and a budget list."""
    found = []
    if nature in policy.intake.proposal_required_natures and not materials.has_proposal:
        found.append("新建、续建项目须报送项目建议书（附件2）：请上传或在线填写。")
    if nature in policy.intake.maintenance_natures:
        if not materials.has_status_statement:
            found.append("运维项目须报送项目状况说明书。")
        if not materials.has_budget_list:
            found.append("运维项目须报送预算清单。")
    return found


def feasibility_material_problems(nature: str, materials: Materials, policy: Policy) -> list[str]:
    """第七条(三): new and continuing projects send the feasibility report, the pre-compiled resource
    catalog and the expert preliminary opinion; other natures (maintenance…) go to re-review without."""
    found = []
    if nature not in policy.intake.feasibility_required_natures:
        return found
    if not materials.has_feasibility_report:
        found.append("请上传可行性研究报告（附件3）。")
    if materials.catalog_entries == 0:
        found.append("请至少登记一条政务信息资源预编目录。")
    if not materials.has_expert_opinion:
        found.append("请上传专家初步论证意见。")
    return found


# The guards of the intake workflows (egovpm.lifecycle.engine): their values come from
# egovpm.intake.workflow's facts; the refusal is what the user reads when one fails. 第六条's are
# egovpm.coordination.domain's.
GUARDS = (
    Guard("has_supervisor", "本单位无主管部门，请直接报送办公室。", hides=True),
    Guard("no_supervisor", "本单位有主管部门，须经主管部门同意后再行上报（第七条(一)）。", hides=True),
    Guard("opinions_complete", "尚有受邀单位或专家未提交初审意见。"),
    Guard("feasibility_complete", "可研材料不齐全。"),
    Guard("re_review_once", "该项目本年度已复核过一次，未通过复核的项目年内不再复核（第七条(四)）。"),
    Guard("plan_sent", "办公室尚未将该项目列入报送财政的年度计划和预审合格项目清单。"),
    Guard(
        "special_once_a_year",
        "同一事项、单个部门原则上每年只能启动一次特殊申报程序（第八条(二)）；如确需再次启动，须由办公室记录例外理由。",
    ),
    Guard("special_materials_complete", "请先上传办公室要求报送的指定材料（第九条(二)）。"),
)


# --- 第七条(二): the centralized procurement plan ------------------------------------------------------

# Words that say nothing of what an item is (台, 套: units of count; 采购, 购置: the act).
_PROCUREMENT_NOISE = ("采购", "购置", "购买", "一台", "一套", "台套", "(国产)", "(进口)")


def procurement_key(text: str) -> str:
    """An item's name or specification as compared across projects: NFKC, lower case, without spaces,
    punctuation or the noise words (“服务器（国产）” = “服务器”, “ＣＰＵ ３２核” = “cpu32核”)."""
    value = unicodedata.normalize("NFKC", text or "").lower()
    for word in _PROCUREMENT_NOISE:
        value = value.replace(word, "")
    return "".join(ch for ch in value if ch.isalnum())


@dataclass(frozen=True)
class ConfigurationLine:
    """One line of a project's hardware and software configuration list, as the grouping reads it."""

    key: int  # the line's id
    project: int  # the project's id
    category: str
    name: str
    specification: str
    quantity: int
    amount: Decimal  # quantity × unit price, 万元


@dataclass
class ProcurementGroup:
    category: str
    name: str
    specification: str
    quantity: int
    amount: Decimal
    lines: list[ConfigurationLine]

    @property
    def projects(self) -> list[int]:
        return sorted({line.project for line in self.lines})


def group_configuration(lines: list[ConfigurationLine], *, least_projects: int = 2) -> list[ProcurementGroup]:
    """第七条(二): the common equipment and software of the projects: lines of the same category whose
    normalized name and specification agree form one group, with the total quantity and amount; only
    groups needed by `least_projects` projects or more. The first line's wording names the group."""
    groups: dict[tuple[str, str, str], ProcurementGroup] = {}
    for line in sorted(lines, key=lambda item: (item.project, item.key)):
        k = (line.category, procurement_key(line.name), procurement_key(line.specification))
        group = groups.get(k)
        if group is None:
            group = groups[k] = ProcurementGroup(
                line.category, line.name.strip(), line.specification.strip(), 0, Decimal("0.00"), []
            )
        group.quantity += line.quantity
        group.amount += line.amount
        group.lines.append(line)
    kept = [g for g in groups.values() if len(g.projects) >= least_projects]
    return sorted(kept, key=lambda g: (g.category, -g.amount, g.name))
