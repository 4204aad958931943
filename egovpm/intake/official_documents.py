"""The official documents of intake (GB/T 9704-2012, egovpm.official): the written approval opinion of the
re-review (第七条(四)) and of the joint review (第九条(四)), the initial review's feedback to the unit
(第七条(二): the adjustment opinion, or why the project is not arranged) and the covering letter (报送函) of
the annual plan to Finance (第七条(四)). Each is a `build` function and a `register_kind` line."""

from __future__ import annotations

from egovpm.core import clock
from egovpm.core.money import fmt_wan
from egovpm.intake.models import ApprovalOpinion, Declaration, PlanTransmission
from egovpm.intake.selectors import declaration_get
from egovpm.lifecycle.roles import OFFICE_ROLES, Role
from egovpm.official.domain import Block, OfficialText, paragraphs
from egovpm.official.registry import OfficialKind, register_kind
from egovpm.policy.loader import get_policy

FINANCE = "启东市财政局"


def _issuer() -> str:
    return get_policy().documents.issuer


def opinion_title(declaration: Declaration) -> str:
    what = "会审意见" if declaration.procedure == "special" else "复核意见"
    return f"关于{declaration.project.name}的{what}"


def approval_opinion_text(issued) -> OfficialText:
    """第七条(四) / 第九条(四): the written opinion, as the Office's page has printed it."""
    opinion: ApprovalOpinion = issued.owner
    d = opinion.declaration
    project = f"“{d.project.name}”（项目编号{d.project.code}）"
    if d.procedure == "special":
        intro = (
            f"你单位报送的启动特殊申报程序申请书及电子政务项目{project}的指定材料收悉。"
            "经组织有关部门和专家会审，现提出书面意见如下："
        )
        closing = f"核定项目投资{fmt_wan(opinion.approved_amount)}万元。请据此向市财政局申请财政资金。"
    else:
        intro = (
            f"你单位报送的{d.plan_year.year}年度电子政务项目{project}的可行性研究报告、项目政务信息资源预编目录"
            "和专家初步论证意见收悉。依据初审意见及有关规定，经复核，现提出书面意见如下："
        )
        closing = (
            f"核定项目投资{fmt_wan(opinion.approved_amount)}万元，列入{d.plan_year.year}年度市电子政务年度计划。"
            "请凭本意见随部门预算同步报送市财政局。"
        )
    return OfficialText(
        issuer=_issuer(),
        number=issued.number,
        title=issued.title,
        addressee=d.unit.name,
        blocks=(Block(intro), *paragraphs(opinion.text), Block(closing)),
        issued_on=opinion.issued_on,
        copies_to=FINANCE,
        reference=d.project.code,
        kind_label="书面意见",
    )


def review_feedback_title(declaration: Declaration, *, stage: str = "") -> str:
    if (stage or declaration.stage) == "not_arranged":
        return f"关于{declaration.project.name}不予安排的函"
    return f"关于{declaration.project.name}初审意见的函"


def review_feedback_text(issued) -> OfficialText:
    """第七条(二): the initial review's written adjustment opinion or evaluation, or the reason the project is
    not arranged, fed back to the unit."""
    d: Declaration = issued.owner
    project = f"“{d.project.name}”（项目编号{d.project.code}）"
    intro = (
        f"你单位申报的{d.plan_year.year}年度电子政务项目{project}，经市政务信息系统整合共享工作领导小组办公室"
        "会同市财政局、市审计局和有关专家初审，"
    )
    if d.stage == "not_arranged":
        blocks = (Block(intro + "决定不予安排。理由如下："), *paragraphs(d.initial_opinion))
    else:
        blocks = (
            Block(intro + "现将书面调整意见反馈如下："),
            *paragraphs(d.initial_opinion),
            Block("请按上述意见调整，并于规定期限内报送可行性研究报告、项目政务信息资源预编目录和专家初步论证意见。"),
        )
    return OfficialText(
        issuer=_issuer(),
        number=issued.number,
        title=issued.title,
        addressee=d.unit.name,
        blocks=blocks,
        issued_on=clock.local_date(issued.issued_at),
        copies_to="市财政局，市审计局",
        reference=d.project.code,
        kind_label="初审意见反馈",
    )


def plan_letter_title(transmission: PlanTransmission) -> str:
    return f"关于报送{transmission.plan_year.year}年度市电子政务项目年度计划和预审合格项目清单的函"


def plan_letter_text(issued) -> OfficialText:
    """第七条(四): the Office sends Finance the annual plan and the list of pre-approved projects."""
    t: PlanTransmission = issued.owner
    year = t.plan_year.year
    sent = (
        Declaration.objects.filter(plan_year=t.plan_year, sent_to_finance_at=t.sent_at)
        .select_related("project", "unit")
        .order_by("project__code")
    )
    lines = [
        Block(f"{i}. {d.project.name}（{d.unit.name}，申请资金{fmt_wan(d.current_total)}万元）", 3)
        for i, d in enumerate(sent, 1)
    ]
    return OfficialText(
        issuer=_issuer(),
        number=issued.number,
        title=issued.title,
        addressee=FINANCE,
        blocks=(
            Block(
                f"根据《启东市电子政务工程建设项目管理暂行办法》第七条规定，{year}年度市电子政务项目已完成初审和复核。"
                f"现将{year}年度市电子政务项目年度计划和预审合格项目清单报送你局，共{t.project_count}个项目，"
                f"申请资金合计{fmt_wan(t.total_amount)}万元，请列入部门预算项目库。"
            ),
            Block("一、预审合格项目", 1),
            *lines,
            Block("二、有关要求", 1),
            Block("各项目的复核书面意见随部门预算同步报送。特此函告。"),
        ),
        issued_on=clock.local_date(t.sent_at),
        attachments=(f"{year}年度市电子政务项目年度计划", f"{year}年度预审合格项目清单"),
        reference=str(year),
        kind_label="年度计划报送函",
    )


def _may_read_opinion(user, opinion: ApprovalOpinion) -> bool:
    return declaration_get(user, opinion.declaration_id) is not None


def _may_read_declaration(user, declaration: Declaration) -> bool:
    return declaration_get(user, declaration.pk) is not None


def _may_read_plan_letter(user, transmission: PlanTransmission) -> bool:
    return bool(user.roles & {*OFFICE_ROLES, Role.FINANCE_REVIEWER})


def register() -> None:
    register_kind(OfficialKind("approval_opinion", "书面意见", approval_opinion_text, _may_read_opinion))
    register_kind(OfficialKind("review_feedback", "初审意见反馈", review_feedback_text, _may_read_declaration))
    register_kind(OfficialKind("plan_letter", "年度计划报送函", plan_letter_text, _may_read_plan_letter))
