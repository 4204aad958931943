"""The rectification order (限期整改通知, 第十八条) as an official document (egovpm.official, GB/T 9704-2012):
issued (numbered) when an inspection's finding orders rectification, with the finding, the requirement and
the deadline, and what follows an unrectified order."""

from __future__ import annotations

from egovpm.core import clock
from egovpm.official.domain import H1, Block, OfficialText, official_date, paragraphs
from egovpm.official.registry import OfficialKind, register_kind
from egovpm.policy.loader import get_policy

from . import selectors
from .models import Rectification


def order_title(rectification: Rectification) -> str:
    return f"关于{rectification.project.name}限期整改的通知"


def order_text(issued) -> OfficialText:
    r: Rectification = issued.owner
    finding = r.finding
    return OfficialText(
        issuer=get_policy().documents.issuer,
        number=issued.number,
        title=issued.title,
        addressee=r.unit.name,
        blocks=(
            Block(
                f"根据《启东市电子政务工程建设项目管理暂行办法》第十八条，对你单位“{r.project.name}”"
                f"（项目编号{r.project.code}）进行了稽察，发现以下问题，现责令限期整改。"
            ),
            Block("一、发现的问题", H1),
            Block(f"稽察内容：{finding.get_area_display()}。"),
            *paragraphs(finding.description),
            Block("二、整改要求", H1),
            *paragraphs(r.requirement),
            Block("三、整改期限", H1),
            Block(
                f"请于{official_date(r.due)}前完成整改并报送整改情况。逾期未整改或整改不到位的，将视情况予以通报批评、"
                "暂缓拨付建设资金、暂停项目建设直至终止项目（第十八条）。"
            ),
        ),
        issued_on=clock.local_date(r.ordered_at),
        copies_to="市财政局",
        reference=r.project.code,
        kind_label="限期整改通知",
    )


def may_read_order(user, rectification: Rectification) -> bool:
    return selectors.rectification_get(user, rectification.pk) is not None


def register() -> None:
    register_kind(OfficialKind("rectification_order", "限期整改通知", order_text, may_read_order))
