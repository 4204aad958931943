"""Demo special applications of 第八条, 第九条 in 2026 (plan year 2026, whose general window closed on
2025-10-31), carried in through the platform's own services with the clock injected:

- 疾控中心: unforeseeable (the province's early-warning deployment), joint review, written opinion, funds
  applied and arranged by Finance;
- 应急管理局: approved by the city government (第八条(三)), in joint review, asked to adjust;
- 商务局: refused to start, the reason being foreseeable;
- 数据局: a first application for the platform's expansion reaches Finance; a second one for the same
  matter in the same year is refused (第八条(二)) until the Office records an exception, then started.

`special_steps()` gives the dated steps (one per moment; each looks its objects up by unit and name when
it runs) so that the demo builder interleaves them with the rest of the year (`builder.exact(when, fn)`
before `builder.run()`). They need the demo city's units and accounts (demo.people) and plan year 2026,
which the Office opens on 03-02 (PLAN_YEAR_OPENED_AT, PLAN_YEAR_NOTES). Nothing is dated after
2026-11-25; the written opinions are issued on 11-24 and 11-25, after the annual plan's, so that the
numbers of the written opinions (one sequence per calendar year) follow their dates. `build_special()`
runs the steps alone, for a city whose chain does not yet go past them."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from decimal import Decimal

from django.db import transaction

from egovpm.core import clock
from egovpm.core.errors import Refused
from egovpm.documents.models import DocumentKind
from egovpm.intake.models import Declaration, PlanYear, Procedure, ReviewInvitation
from egovpm.intake.services import declaration as declarations
from egovpm.intake.services import review, special
from egovpm.orgs.models import User
from egovpm.testing.scenario import pdf_file

from .people import UNIT_BY_KEY, clerk_of, person_name, phone

TZ = clock.TZ
YEAR = 2026
LAST_DAY = dt.date(2026, 11, 25)


def _at(month: int, day: int, hour: int = 10, minute: int = 0) -> dt.datetime:
    when = dt.datetime(YEAR, month, day, hour, minute, tzinfo=TZ)
    if when.date() > LAST_DAY:
        raise ValueError(f"demo step dated {when:%Y-%m-%d} after {LAST_DAY}")
    return when


PLAN_YEAR_OPENED_AT = _at(3, 2, 9, 0)
PLAN_YEAR_NOTES = "2026年度计划的一般申报已于2025年10月31日截止；本年度仅受理特殊申报程序（第八条、第九条）。"


def _user(username: str) -> User:
    return User.objects.get(username=username)


def _plan_year() -> PlanYear:
    return PlanYear.objects.get(year=YEAR)


def _form(n: int, *, total: str, fiscal: str, self_raised: str = "0", start: dt.date, end: dt.date, content: str):
    """The application form (附件1) of a special application: this year's funding only."""
    fiscal_d, self_d = Decimal(fiscal), Decimal(self_raised)
    current = fiscal_d + self_d
    zero = Decimal("0.00")
    return {
        "leader_name": person_name(400 + n),
        "leader_phone": phone(400 + n),
        "start_date": start,
        "planned_end_date": end,
        "nature": "new",
        "purpose_and_content": content,
        "plan_compiled": True,
        "plan_expert_reviewed": Decimal(total) >= 300,
        "total_investment": Decimal(total),
        "annual_requirement": current,
        "prior_total": zero,
        "prior_fiscal": zero,
        "prior_self_raised": zero,
        "prior_national": zero,
        "prior_other": zero,
        "current_total": current,
        "current_fiscal": fiscal_d,
        "current_self_raised": self_d,
        "current_national": zero,
        "current_other": zero,
        "attachments_note": "启动特殊申报程序申请书；项目建议书",
        "remarks": "",
    }


class Story:
    """Steps of the special applications, each at its moment. An application is known by a key; its
    step finds it when it runs by its unit and project name (and, for a second application for the same
    matter, by the order in which they were created)."""

    def __init__(self):
        self.steps: list[tuple[dt.datetime, Callable[[], None]]] = []
        self.known: dict[str, tuple[str, str, int]] = {}  # key -> (unit key, project name, ordinal)
        self.created: dict[tuple[str, str], list[dt.datetime]] = {}

    def at(self, when: dt.datetime, fn: Callable[[], None]) -> None:
        self.steps.append((when, fn))

    def decl(self, key: str) -> Declaration:
        unit, name, ordinal = self.known[key]
        return (
            Declaration.objects.select_related("unit", "project", "plan_year")
            .filter(procedure=Procedure.SPECIAL, plan_year__year=YEAR, unit__code=UNIT_BY_KEY[unit].code)
            .filter(project__name=name)
            .order_by("pk")[ordinal]
        )

    # -- the steps, each through its party's service ------------------------------------------------------
    def create(self, key: str, unit: str, name: str, form: dict, *, when: dt.datetime, same_as: str = "", **letter):
        earlier = self.created.setdefault((unit, name), [])
        if earlier and when <= earlier[-1]:
            raise ValueError(f"{key}: applications for the same matter must be told in the order they were made")
        self.known[key] = (unit, name, len(earlier))
        earlier.append(when)

        def run():
            project = self.decl(same_as).project if same_as else None
            decl = special.special_create(
                actor=_user(clerk_of(unit)), plan_year=_plan_year(), name=name, data=form, project=project, **letter
            )
            declarations.declaration_document_upload(
                actor=_user(clerk_of(unit)),
                declaration=decl,
                kind=DocumentKind.SPECIAL_LETTER,
                upload=pdf_file(f"{name}启动特殊申报程序申请书.pdf", body=f"{key} letter"),
            )

        self.at(when, run)

    def submit(self, key: str, unit: str, when: dt.datetime) -> None:
        self.at(when, lambda: special.special_submit(actor=_user(clerk_of(unit)), declaration=self.decl(key)))

    def agree(self, key: str, office: str, materials: str, when: dt.datetime) -> None:
        self.at(
            when,
            lambda: special.special_start_agree(
                actor=_user(office), declaration=self.decl(key), required_materials=materials
            ),
        )

    def materials(self, key: str, unit: str, files: tuple[str, ...], when: dt.datetime) -> None:
        def run():
            decl = self.decl(key)
            for name in files:
                declarations.declaration_document_upload(
                    actor=_user(clerk_of(unit)),
                    declaration=decl,
                    kind=DocumentKind.SPECIAL_MATERIAL,
                    upload=pdf_file(name, body=f"{key} {name}"),
                )
            special.special_materials_submit(actor=_user(clerk_of(unit)), declaration=decl)

        self.at(when, run)

    def joint_review(self, key: str, office: str, reviewers: tuple[str, ...], when: dt.datetime) -> None:
        self.at(
            when,
            lambda: special.joint_review_start(
                actor=_user(office), declaration=self.decl(key), reviewers=[_user(r) for r in reviewers]
            ),
        )

    def opinion(self, key: str, reviewer: str, recommendation: str, text: str, when: dt.datetime) -> None:
        def run():
            invitation = ReviewInvitation.objects.select_related("reviewer").get(
                declaration=self.decl(key), reviewer__username=reviewer
            )
            review.review_opinion_submit(
                actor=invitation.reviewer, invitation=invitation, recommendation=recommendation, opinion=text
            )

        self.at(when, run)

    def adjust(self, key: str, office: str, opinion: str, when: dt.datetime) -> None:
        self.at(
            when,
            lambda: special.special_adjustment_request(
                actor=_user(office), declaration=self.decl(key), opinion=opinion
            ),
        )

    def resubmit(self, key: str, unit: str, file: str, note: str, when: dt.datetime) -> None:
        def run():
            decl = self.decl(key)
            declarations.declaration_document_upload(
                actor=_user(clerk_of(unit)),
                declaration=decl,
                kind=DocumentKind.SPECIAL_MATERIAL,
                upload=pdf_file(file, body=f"{key} {file}"),
            )
            special.special_resubmit(actor=_user(clerk_of(unit)), declaration=decl, note=note)

        self.at(when, run)

    def approve(self, key: str, text: str, amount: str, when: dt.datetime) -> None:
        self.at(
            when,
            lambda: special.special_approve(
                actor=_user("office_head"), declaration=self.decl(key), opinion=text, approved_amount=Decimal(amount)
            ),
        )

    def apply_funds(self, key: str, unit: str, note: str, when: dt.datetime) -> None:
        self.at(
            when,
            lambda: special.special_funds_apply(actor=_user(clerk_of(unit)), declaration=self.decl(key), note=note),
        )

    def arrange(self, key: str, amount: str, code: str, when: dt.datetime) -> None:
        self.at(
            when,
            lambda: special.special_funds_arrange(
                actor=_user("finance1"), declaration=self.decl(key), amount=Decimal(amount), library_code=code
            ),
        )

    def refuse(self, key: str, office: str, reason: str, when: dt.datetime) -> None:
        self.at(
            when, lambda: special.special_start_refuse(actor=_user(office), declaration=self.decl(key), reason=reason)
        )

    def refused_by_the_limit(self, key: str, unit: str, when: dt.datetime) -> None:
        """第八条(二): the second submit for the same matter is refused (nothing is recorded)."""

        def run():
            try:
                special.special_submit(actor=_user(clerk_of(unit)), declaration=self.decl(key))
            except Refused:
                return
            raise AssertionError("第八条(二): the second application should have been refused")

        self.at(when, run)

    def exception(self, key: str, unit: str, reason: str, when: dt.datetime) -> None:
        def run():
            decl = self.decl(key)
            special.special_exception_grant(
                actor=_user("office1"),
                unit=decl.unit,
                plan_year=decl.plan_year,
                project=decl.project,
                reason=reason,
            )

        self.at(when, run)


def _early_warning(s: Story) -> None:
    """疾控中心: unforeseeable; joint review, written opinion, funds arranged."""
    key, unit = "cdc", "cdc"
    s.create(
        key,
        unit,
        "传染病多点触发监测预警平台",
        _form(
            1,
            total="168.00",
            fiscal="168.00",
            start=dt.date(2026, 9, 1),
            end=dt.date(2027, 3, 31),
            content="按省疾控中心统一部署，建设传染病多点触发监测预警平台：汇聚医疗机构、药店、学校缺课等多渠道"
            "监测数据，实现早期预警和分级推送；对接省级平台。",
        ),
        when=_at(6, 8, 9, 30),
        basis="unforeseeable",
        unforeseeable_reason="2026年5月省卫生健康委印发《关于加快建设传染病多点触发监测预警体系的通知》，要求年内完成"
        "市级平台建设并与省级平台对接。该任务在2025年10月编制2026年度计划时尚未部署，无法预见。",
    )
    s.submit(key, unit, _at(6, 9, 10, 15))
    s.agree(
        key,
        "office2",
        "1. 项目建议书（附件2格式）；2. 省卫生健康委部署文件；3. 与省级平台对接的技术方案；4. 投资估算明细。",
        _at(6, 12, 15, 0),
    )
    s.materials(key, unit, ("项目建议书.pdf", "省卫健委部署文件.pdf", "对接技术方案及投资估算.pdf"), _at(6, 26, 11, 20))
    s.joint_review(key, "office2", ("expert5", "expert3", "finance2"), _at(7, 1, 9, 0))
    s.opinion(key, "expert5", "pass", "建设内容符合省级部署要求，监测渠道设计合理，建议通过。", _at(7, 6, 14, 10))
    s.opinion(key, "expert3", "adjust", "服务器宜租用政务云资源，硬件投资可压减约20万元。", _at(7, 8, 10, 40))
    s.opinion(key, "finance2", "adjust", "同意专家意见，核减硬件投资后安排。", _at(7, 10, 16, 5))
    s.approve(
        key,
        "经组织有关部门和专家会审，该项目为落实省级部署所必需，原则同意建设。服务器资源统一租用市政务云，"
        "核减硬件购置投资。项目建成后纳入全市政务信息资源共享体系。",
        "148.00",
        _at(11, 24, 9, 30),
    )
    s.apply_funds(key, unit, "凭书面意见申请2026年度财政资金148万元。", _at(11, 24, 15, 10))
    s.arrange(key, "148.00", "TS2026-0001", _at(11, 25, 10, 20))


def _flood_control(s: Story) -> None:
    """应急管理局: approved by the city government (第八条(三)); the joint review asks for an adjustment."""
    key, unit = "yjj", "yjj"
    s.create(
        key,
        unit,
        "防汛防台指挥调度系统升级",
        _form(
            2,
            total="320.00",
            fiscal="300.00",
            self_raised="20.00",
            start=dt.date(2026, 12, 1),
            end=dt.date(2027, 5, 31),
            content="升级防汛防台指挥调度系统：接入水务、气象、自然资源等部门实时监测数据，建设沿海风暴潮预警和"
            "镇村两级视频会商，汛前完成。",
        ),
        when=_at(9, 15, 10, 0),
        basis="city_approved",
        city_approval_reference="启政复〔2026〕52号《市政府关于同意实施防汛防台指挥调度系统升级的批复》",
        city_approval_date=dt.date(2026, 9, 8),
    )
    s.submit(key, unit, _at(9, 16, 9, 20))
    s.agree(
        key,
        "office1",
        "1. 市政府批复；2. 项目建议书；3. 数据对接清单（水务、气象、自然资源）；4. 投资估算明细。",
        _at(9, 18, 14, 30),
    )
    s.materials(key, unit, ("市政府批复.pdf", "项目建议书.pdf", "数据对接清单及投资估算.pdf"), _at(10, 9, 16, 0))
    s.joint_review(key, "office1", ("expert2", "expert6", "audit1"), _at(10, 12, 9, 0))
    s.opinion(
        key,
        "expert6",
        "adjust",
        "视频会商终端应复用镇级综治中心已有设备，不宜重复采购。",
        _at(10, 16, 10, 30),
    )
    s.opinion(key, "expert2", "adjust", "须补充等级保护第三级的安全设计。", _at(10, 17, 15, 45))
    s.opinion(key, "audit1", "pass", "投资估算依据基本充分。", _at(10, 20, 11, 0))
    s.adjust(
        key,
        "office1",
        "请按会审意见调整：1. 视频会商终端复用各镇综治中心已有设备，核减相应投资；"
        "2. 补充等级保护第三级的安全设计方案。调整后重新报送。",
        _at(11, 20, 16, 30),
    )


def _cross_border(s: Story) -> None:
    """商务局: the Office does not agree to start it."""
    key, unit = "shangwu", "shangwu"
    s.create(
        key,
        unit,
        "跨境电商公共服务平台",
        _form(
            3,
            total="260.00",
            fiscal="260.00",
            start=dt.date(2026, 10, 1),
            end=dt.date(2027, 6, 30),
            content="建设跨境电商公共服务平台，提供通关、结汇、退税一站式服务。",
        ),
        when=_at(7, 20, 10, 0),
        basis="unforeseeable",
        unforeseeable_reason="年中招商引资形势变化，跨境电商企业集聚，需要建设公共服务平台。",
    )
    s.submit(key, unit, _at(7, 21, 9, 0))
    s.refuse(
        key,
        "office2",
        "所述情况属于正常业务发展需要，不属于第八条(一)规定的不可预见的原因；省级已建跨境电商公共服务平台，"
        "请先评估接入省级平台。确需建设的，请纳入2027年度一般申报程序。",
        _at(7, 27, 15, 20),
    )


def _data_exchange(s: Story) -> None:
    """数据局: two applications for the same matter; the second one needs the Office's exception."""
    unit = "sjj"
    form = _form(
        4,
        total="210.00",
        fiscal="210.00",
        start=dt.date(2026, 5, 1),
        end=dt.date(2026, 12, 31),
        content="政务数据共享交换平台扩容：扩充存储和交换节点，满足省一体化数据平台级联要求。",
    )
    s.create(
        "sjj1",
        unit,
        "政务数据共享交换平台扩容",
        form,
        when=_at(3, 16, 10, 0),
        basis="unforeseeable",
        unforeseeable_reason="2026年2月省政务服务管理办公室要求各市于年内完成与省一体化数据平台的级联，"
        "现有交换平台容量不足，编制2026年度计划时无法预见。",
    )
    s.submit("sjj1", unit, _at(3, 17, 9, 40))
    s.agree("sjj1", "office1", "1. 项目建议书；2. 省级级联技术要求；3. 扩容方案及投资估算。", _at(3, 19, 10, 0))
    s.materials("sjj1", unit, ("项目建议书.pdf", "扩容方案及投资估算.pdf"), _at(4, 2, 14, 0))
    s.joint_review("sjj1", "office1", ("expert4", "finance1"), _at(4, 7, 9, 0))
    s.opinion("sjj1", "expert4", "pass", "扩容规模与级联要求相符，建议通过。", _at(4, 10, 10, 0))
    s.opinion("sjj1", "finance1", "pass", "同意。", _at(4, 13, 15, 0))
    s.approve(
        "sjj1",
        "经会审，同意政务数据共享交换平台扩容，满足省一体化数据平台级联要求。",
        "210.00",
        _at(11, 24, 10, 0),
    )
    s.apply_funds("sjj1", unit, "凭书面意见申请财政资金210万元。", _at(11, 25, 9, 15))

    second = _form(
        5,
        total="95.00",
        fiscal="95.00",
        start=dt.date(2026, 11, 1),
        end=dt.date(2027, 3, 31),
        content="政务数据共享交换平台扩容（追加）：按省级新增的实时级联要求，增加实时交换通道和数据质量监测。",
    )
    s.create(
        "sjj2",
        unit,
        "政务数据共享交换平台扩容",
        second,
        same_as="sjj1",
        when=_at(10, 19, 10, 0),
        basis="unforeseeable",
        unforeseeable_reason="2026年10月省政务服务管理办公室新增实时级联要求，须追加实时交换通道，首次申请时无法预见。",
    )
    s.refused_by_the_limit("sjj2", unit, _at(10, 19, 10, 30))
    s.exception(
        "sjj2",
        unit,
        "省政务服务管理办公室2026年10月新增实时级联要求，属首次申请后出现的新情况，经办公室研究同意本年度就该事项再次启动"
        "特殊申报程序。",
        _at(10, 22, 11, 0),
    )
    s.submit("sjj2", unit, _at(10, 23, 9, 30))
    s.agree("sjj2", "office2", "1. 省级实时级联要求文件；2. 追加建设方案及投资估算。", _at(10, 27, 14, 0))


def special_steps() -> list[tuple[dt.datetime, Callable[[], None]]]:
    """The dated steps of the special applications, in time order. Each looks its objects up when it runs."""
    story = Story()
    for tell in (_early_warning, _flood_control, _cross_border, _data_exchange):
        tell(story)
    return sorted(story.steps, key=lambda step: step[0])


def build_special(stdout=None) -> dict[str, int]:
    """Add the special applications alone (once), to a city that holds their units and accounts and whose
    chain does not yet go past them; opens plan year 2026 if needed. The demo builder schedules
    `special_steps()` instead."""
    existing = Declaration.objects.filter(procedure=Procedure.SPECIAL)
    if existing.exists():
        return {"special": existing.count()}
    with transaction.atomic():
        if not PlanYear.objects.filter(year=YEAR).exists():
            with clock.frozen(PLAN_YEAR_OPENED_AT):
                declarations.plan_year_open(actor=_user("office1"), year=YEAR, notes=PLAN_YEAR_NOTES)
        for when, step in special_steps():
            with clock.frozen(when):
                step()
    count = existing.count()
    if stdout is not None:
        stdout.write(f"特殊申报程序（第八条、第九条）：{count} 项。")
    return {"special": count}
