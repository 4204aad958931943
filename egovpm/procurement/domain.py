"""Pure rules of procurement, contracts and disbursement (第十一条, 第十四条, 第四条): checks of figures that
return the Chinese refusal the user reads, with the figures. No Django: services pass the figures in."""

from __future__ import annotations

from decimal import Decimal

# 第十一条: the methods of the government procurement law, and procurement outside it (then with its reason).
METHODS = (
    ("open_tender", "公开招标"),
    ("invited_tender", "邀请招标"),
    ("competitive_negotiation", "竞争性谈判"),
    ("competitive_consultation", "竞争性磋商"),
    ("single_source", "单一来源"),
    ("inquiry", "询价"),
    ("framework_agreement", "框架协议采购"),
    ("non_government", "非政府采购"),
)
NON_GOVERNMENT = "non_government"

# 第十一条 遵从优先采购本国货物、工程和服务的原则.
ORIGINS = (("domestic", "本国"), ("imported", "进口"))
IMPORTED = "imported"

# 第四条 and the application form's funding columns (合计 = 财政拨款 + 单位自筹 + 国家下拨 + 其他).
FUNDING_SOURCES = (("fiscal", "财政拨款"), ("self_raised", "单位自筹"), ("national", "国家下拨"), ("other", "其他"))


def wan(value: Decimal) -> str:
    return f"{value:,.2f} 万元"


def procurement_problems(*, method: str, non_government_reason: str, supplier: str, amount) -> dict[str, str]:
    """第十一条: what is wrong with a procurement record, by field ({} when it is sound)."""
    problems = {}
    if method == NON_GOVERNMENT and not (non_government_reason or "").strip():
        problems["non_government_reason"] = "未采用政府采购方式的，必须写明不适用政府采购的法定理由（第十一条）。"
    if not (supplier or "").strip():
        problems["supplier"] = "请填写供应商名称。"
    if amount is None or amount <= 0:
        problems["amount"] = "采购金额必须大于零。"
    return problems


def line_problems(*, origin: str, foreign_reason: str) -> dict[str, str]:
    """第十一条 优先采购本国货物、工程和服务: an imported item states why no domestic one would do."""
    if origin == IMPORTED and not (foreign_reason or "").strip():
        return {"foreign_reason": "采购进口货物、工程或服务的，必须说明理由（第十一条 优先采购本国货物、工程和服务）。"}
    return {}


def contract_kind_problem(*, kind_label: str, contracted: Decimal, amount: Decimal, approved: Decimal | None) -> str:
    """第十四条: the contracts of one estimate item kind may not add up past the approved estimate's amount of
    that kind. `contracted` is what earlier contracts of the kind already hold; "" when this one fits."""
    total = contracted + amount
    if approved is None:
        return "项目尚无核定的投资概算，不能签订合同（第十四条）。"
    if total > approved:
        return f"{kind_label}类合同累计 {wan(total)}，超过核定概算 {wan(approved)}（第十四条）。"
    return ""


def payment_problem(
    *,
    amount: Decimal,
    contract_amount: Decimal,
    paid_on_contract: Decimal,
    year: int,
    arranged_for_year: Decimal,
    paid_in_year: Decimal,
    estimate_total: Decimal | None,
    paid_on_project: Decimal,
) -> str:
    """第四条 市财政局负责电子政务项目财政性资金拨付: a payment may not pass the contract's amount, the funds
    arranged for the project in the year (第七条(五), 第九条(四)), nor the approved estimate (第十四条).
    The amounts paid so far exclude this payment; "" when it may be made."""
    if amount is None or amount <= 0:
        return "拨付金额必须大于零。"
    on_contract = paid_on_contract + amount
    if on_contract > contract_amount:
        return f"该合同累计拨付 {wan(on_contract)}，超过合同金额 {wan(contract_amount)}（第四条）。"
    in_year = paid_in_year + amount
    if arranged_for_year <= 0:
        return f"项目 {year} 年度未安排资金，不能拨付（第四条、第七条(五)）。"
    if in_year > arranged_for_year:
        return (
            f"{year} 年度累计拨付 {wan(in_year)}，超过该年度安排资金 {wan(arranged_for_year)}（第四条、第七条(五)）。"
        )
    if estimate_total is None:
        return "项目尚无核定的投资概算，不能拨付（第十四条）。"
    on_project = paid_on_project + amount
    if on_project > estimate_total:
        return f"项目累计拨付 {wan(on_project)}，超过核定概算 {wan(estimate_total)}（第十四条）。"
    return ""


def money_overview(*, kinds, approved: dict, contracted: dict, paid: dict) -> dict:
    """The project's money side by side (estimate, contracted, paid, remaining to pay of the estimate) per
    item kind and in total. `kinds` are (code, label) in order; the dicts map a kind's code to 万元."""
    zero = Decimal("0.00")
    rows = []
    for code, label in kinds:
        row = {
            "kind": code,
            "label": label,
            "approved": approved.get(code, zero),
            "contracted": contracted.get(code, zero),
            "paid": paid.get(code, zero),
        }
        row["uncontracted"] = row["approved"] - row["contracted"]
        row["remaining"] = row["approved"] - row["paid"]
        rows.append(row)
    total = {name: sum((r[name] for r in rows), zero) for name in ("approved", "contracted", "paid")}
    total["uncontracted"] = total["approved"] - total["contracted"]
    total["remaining"] = total["approved"] - total["paid"]
    return {"rows": rows, "total": total}
