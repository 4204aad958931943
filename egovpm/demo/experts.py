"""Demo expert library (第七条(二), 第九条(三)), through the platform's own services: forty experts across the
library's fields — the six demo expert accounts and thirty-four more — some employed by or formerly at demo
units, two tied to a demo supplier, one unavailable in late November, one suspended and one awaiting
verification; then, for a 2027 declaration still in its second-round initial review, a draw of three experts
(planning, security, cost) with a fixed seed, one decline and its replacement, two acceptances followed by the
replacement's, and three scoring sheets.

`library_accounts(create)` makes the extra accounts (inside the demo's one-hash password context);
`expert_steps()` gives the dated steps, each looking its objects up when it runs."""

from __future__ import annotations

import datetime as dt

from egovpm.core import clock
from egovpm.experts import services
from egovpm.experts.models import AssignmentStatus, ExpertDraw
from egovpm.intake.models import Declaration
from egovpm.intake.services import review_experts_draw
from egovpm.lifecycle.roles import Role
from egovpm.orgs.models import Unit, User

TZ = clock.TZ
ENROL_AT = dt.datetime(2026, 9, 1, 9, 30, tzinfo=TZ)
DRAW_AT = dt.datetime(2026, 11, 20, 9, 10, tzinfo=TZ)
DECLINE_AT = dt.datetime(2026, 11, 20, 14, 5, tzinfo=TZ)
ACCEPT_AT = dt.datetime(2026, 11, 21, 10, 20, tzinfo=TZ)
SCORE_AT = dt.datetime(2026, 11, 24, 15, 0, tzinfo=TZ)
SEED = "qidong-2027-r2-3f9c1a7e5b2d4c60"

# The demo expert accounts (egovpm.demo.people) and their fields.
DEMO_EXPERTS = {
    "expert1": (["planning", "services"], "南通大学", None),
    "expert2": (["security", "infrastructure"], "江苏省信息安全测评中心", None),
    "expert3": (["investment"], "南通诚信工程造价咨询有限公司", None),
    "expert4": (["data", "planning"], "南通市大数据管理中心", None),
    "expert5": (["services", "data"], "启东市人民医院", "wjw"),  # works under the health commission: recuses
    "expert6": (["software", "infrastructure"], "南通智慧城市研究院", None),
}
SURNAMES = "王李张刘陈杨黄赵周吴徐孙朱马胡郭林何高罗郑梁谢宋唐许邓冯韩曹曾彭萧蔡潘"
GIVEN = (
    "建国",
    "海燕",
    "志强",
    "晓峰",
    "丽娟",
    "文斌",
    "春华",
    "国平",
    "玉梅",
    "振宇",
    "秀英",
    "立新",
    "明辉",
    "雪芹",
    "永刚",
    "卫红",
    "德林",
)
EMPLOYERS = (
    "南通大学信息科学技术学院",
    "南京邮电大学",
    "江苏省电子信息产品质量监督检验研究院",
    "南通市信息中心",
    "江苏省工程咨询中心",
    "扬州大学",
    "南通市政务服务管理办公室",
    "苏州科技大学",
)
TITLES = ("教授", "高级工程师", "正高级工程师", "副教授", "研究员", "高级会计师")
FIELD_ORDER = ("planning", "security", "investment", "data", "software", "services", "infrastructure")


def _extra(i: int) -> dict:
    """The i-th extra expert (0…33): two fields, an employer, a title; a few tied to demo units."""
    fields = [FIELD_ORDER[i % 7], FIELD_ORDER[(i * 3 + 1) % 7]]
    return {
        "username": f"expert{7 + i}",
        "name": SURNAMES[i % len(SURNAMES)] + GIVEN[i % len(GIVEN)],
        "fields": list(dict.fromkeys(fields)),
        "employer": EMPLOYERS[i % len(EMPLOYERS)],
        "title": TITLES[i % len(TITLES)],
        "phone": f"139{13000000 + 7919 * i:08d}",
    }


EXTRA = [_extra(i) for i in range(34)]
# 回避关系 among the extra experts: employed by a demo unit, formerly at one, tied to a demo supplier.
EMPLOYED_AT = {0: "bxz", 7: "wjw", 14: "gaj"}  # 北新镇: the unit whose declaration the demo draws for
FORMERLY_AT = {3: ("xzsp", dt.date(2025, 6, 30)), 10: ("jyj", dt.date(2021, 3, 31)), 21: ("wjw", dt.date(2024, 12, 31))}
SUPPLIER_TIES = {5: "启东智慧城市科技有限公司", 12: "启东智慧城市科技有限公司"}
UNAVAILABLE = {1: (dt.date(2026, 11, 18), dt.date(2026, 12, 5))}
SUSPENDED = 8
UNVERIFIED = 9


def library_accounts(create) -> dict[str, User]:
    """The extra expert accounts; `create(**kwargs)` is the demo's user_create."""
    return {
        e["username"]: create(
            username=e["username"],
            full_name=e["name"],
            unit=None,
            roles=[Role.EXPERT],
            phone=e["phone"],
            title=e["title"],
        )
        for e in EXTRA
    }


def _units() -> dict[str, Unit]:
    from .people import UNITS

    by_code = {u.code: u for u in Unit.objects.all()}
    return {u.key: by_code[u.code] for u in UNITS if u.code in by_code}


def expert_steps():
    def office() -> User:
        return User.objects.get(username="office1")

    def enrol() -> None:
        units = _units()
        for username, (fields, employer, unit_key) in DEMO_EXPERTS.items():
            user = User.objects.get(username=username)
            profile = services.expert_enrol(
                actor=office(),
                user=user,
                data={
                    "fields": fields,
                    "title": user.title or "高级工程师",
                    "employer": employer,
                    "employer_unit": units.get(unit_key) if unit_key else None,
                    "region": "南通市",
                    "phone": user.phone,
                },
            )
            services.expert_status_change(
                actor=office(), profile=profile, action="verify", reason="身份、职称和从业经历已核实。"
            )
        for i, e in enumerate(EXTRA):
            unit = units.get(EMPLOYED_AT.get(i, ""))
            profile = services.expert_enrol(
                actor=office(),
                user=User.objects.get(username=e["username"]),
                data={
                    "fields": e["fields"],
                    "title": e["title"],
                    "employer": unit.name if unit else e["employer"],
                    "employer_unit": unit,
                    "region": "启东市" if unit else "南通市",
                    "phone": e["phone"],
                },
            )
            if i in FORMERLY_AT:
                key, ended = FORMERLY_AT[i]
                services.expert_tie_add(
                    actor=profile.user, profile=profile, kind="former_employer", unit=units[key], ended_on=ended
                )
            if i in SUPPLIER_TIES:
                services.expert_tie_add(actor=profile.user, profile=profile, kind="supplier", name=SUPPLIER_TIES[i])
            if i in UNAVAILABLE:
                start, end = UNAVAILABLE[i]
                services.expert_unavailability_add(
                    actor=profile.user, profile=profile, start=start, end=end, note="出国访学"
                )
            if i == UNVERIFIED:
                continue
            services.expert_status_change(
                actor=office(), profile=profile, action="verify", reason="身份、职称和从业经历已核实。"
            )
            if i == SUSPENDED:
                services.expert_status_change(
                    actor=office(), profile=profile, action="suspend", reason="本人申请暂停一年。"
                )

    def draw() -> None:
        decl = (
            Declaration.objects.filter(plan_year__year=2027, stage="in_initial_review")
            .order_by("submitted_at", "id")
            .first()
        )
        if decl is None:
            return
        review_experts_draw(
            actor=office(),
            declaration=decl,
            requirements=[
                {"field": "planning", "count": 1},
                {"field": "security", "count": 1},
                {"field": "investment", "count": 1},
            ],
            seed=SEED,
        )

    def the_draw() -> ExpertDraw | None:
        return ExpertDraw.objects.filter(seed=SEED).first()

    def decline() -> None:
        d = the_draw()
        if d is None:
            return
        a = d.assignments.select_related("expert__user").filter(field="security").first()
        services.assignment_decline(
            actor=a.expert.user, assignment=a, reason="评审期间在外地参加等级保护测评，无法到会。"
        )

    def accept() -> None:
        d = the_draw()
        if d is None:
            return
        for a in d.assignments.select_related("expert__user").filter(status=AssignmentStatus.INVITED).order_by("id"):
            services.assignment_accept(actor=a.expert.user, assignment=a, no_conflict=True)

    def score() -> None:
        d = the_draw()
        if d is None:
            return
        sheets = (
            (
                {"necessity": "22", "content": "20", "investment": "15", "sharing": "12", "security": "13"},
                "建设必要性充分，建议压缩硬件投资。",
            ),
            (
                {"necessity": "23", "content": "21", "investment": "14", "sharing": "13", "security": "12"},
                "应加强等级保护设计，接入政务云。",
            ),
            (
                {"necessity": "20", "content": "18", "investment": "12", "sharing": "11", "security": "13"},
                "投资估算偏高，软件开发工作量需核减。",
            ),
        )
        accepted = d.assignments.select_related("expert__user").filter(status=AssignmentStatus.ACCEPTED).order_by("id")
        for a, (scores, comment) in zip(accepted, sheets, strict=False):
            services.score_sheet_submit(actor=a.expert.user, assignment=a, scores=scores, comment=comment)

    return [(ENROL_AT, enrol), (DRAW_AT, draw), (DECLINE_AT, decline), (ACCEPT_AT, accept), (SCORE_AT, score)]
