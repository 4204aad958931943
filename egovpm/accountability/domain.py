"""第三十条 as data: the kinds of violation (一)–(六) and 管理不善、弄虚作假造成…, the measures the 项目审批部门
may take, who reads the responsible persons' names, and the detectors — pure predicates over the facts the
selectors gather — that let the platform propose a violation to the Office. Pure Python."""

from __future__ import annotations

from dataclasses import dataclass

from egovpm.lifecycle.roles import OFFICE_ROLES, Role


@dataclass(frozen=True)
class ViolationKind:
    code: str
    label: str
    article: str  # with its clause, as the tests mark them


KINDS = (
    ViolationKind("unapproved_construction", "未经批准进行建设", "第三十条(一)"),
    ViolationKind("unapproved_scale", "未经批准提高建设标准、扩大建设规模", "第三十条(二)"),
    ViolationKind("unapproved_content", "未经批准改变实施内容", "第三十条(三)"),
    ViolationKind("no_catalog", "未按规定提供信息资源目录", "第三十条(四)"),
    ViolationKind("no_procurement", "未按规定实行政府采购", "第三十条(五)"),
    ViolationKind("unaccepted_use", "未经竣工验收或者竣工验收不合格交付使用", "第三十条(六)"),
    ViolationKind(
        "mismanagement",
        "管理不善、弄虚作假造成工程质量低劣、损失浪费、信息安全事故或其他责任事故",
        "第三十条",
    ),
)
KIND_BY_CODE = {k.code: k for k in KINDS}
KIND_CHOICES = tuple((k.code, k.label) for k in KINDS)

# 第三十条: 通报批评; 提请有关部门…依法给予处分; 构成犯罪的，移交有关部门依法追究刑事责任.
CRITICISM, DISCIPLINE, CRIMINAL_REFERRAL = "criticism", "discipline", "criminal_referral"
MEASURES = (
    (CRITICISM, "通报批评"),
    (DISCIPLINE, "提请有关部门对负有直接责任的主管人员和其他责任人员依法给予处分"),
    (CRIMINAL_REFERRAL, "构成犯罪的，移交有关部门依法追究刑事责任"),
)
# The measures that name the persons with direct responsibility.
NAMES_PERSONS = frozenset({DISCIPLINE, CRIMINAL_REFERRAL})

PROPOSED, CONFIRMED, DISMISSED = "proposed", "confirmed", "dismissed"

# The names of the persons with direct responsibility are read in full by the Office and Audit only.
NAME_READERS = frozenset({*OFFICE_ROLES, Role.AUDIT_REVIEWER})


def sees_names(roles) -> bool:
    return bool(frozenset(roles) & NAME_READERS)


def mask_name(name: str) -> str:
    """张三丰 → 张**: the family name only."""
    name = name.strip()
    if not name:
        return ""
    return name[0] + "*" * max(len(name) - 1, 1)


def masked_persons(persons: str, roles) -> str:
    """The persons of a measure (one a line or separated by 、，,) as this viewer may read them."""
    if sees_names(roles):
        return persons
    parts = [p for p in persons.replace("，", "、").replace(",", "、").replace("\n", "、").split("、") if p.strip()]
    return "、".join(mask_name(p) for p in parts)


# Detectors ----------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ProjectFacts:
    """What the platform knows of a project that a detector reads (gathered by selectors.detection_facts)."""

    project_id: int
    funded: bool  # a declaration of the project is funded (立项批复, 资金安排)
    construction_opened: bool
    payments: int  # payments recorded against the project
    post_hoc_changes: tuple[str, ...]  # 第十四条 major design changes reported after the fact
    refused_adjustments: tuple[str, ...]  # estimate adjustments the Office refused, built anyway
    catalog_entries: int
    past_feasibility: bool  # construction opened or completion accepted
    non_government_procurements: tuple[str, ...]
    outsourced_without_procurement: bool  # outsourced O&M not bought through government procurement
    operating: bool
    completion_accepted: bool


@dataclass(frozen=True)
class Detection:
    kind: str
    evidence: str


def detect_unapproved_construction(f: ProjectFacts) -> Detection | None:
    """第三十条(一): construction opened, or payments made, for a project no declaration of which is funded."""
    if f.funded or not (f.construction_opened or f.payments):
        return None
    found = []
    if f.construction_opened:
        found.append("已开始建设")
    if f.payments:
        found.append(f"已登记资金拨付 {f.payments} 笔")
    return Detection("unapproved_construction", "项目未经立项批复，" + "、".join(found) + "（第三十条(一)）。")


def detect_unapproved_scale(f: ProjectFacts) -> Detection | None:
    """第三十条(二), 第十四条: an adjustment of the estimate the Office refused."""
    if not f.refused_adjustments:
        return None
    return Detection(
        "unapproved_scale", "概算调整未获批准：" + "；".join(f.refused_adjustments) + "（第十四条、第三十条(二)）。"
    )


def detect_unapproved_content(f: ProjectFacts) -> Detection | None:
    """第三十条(三), 第十四条: a major design change made before it was approved (reported after the fact)."""
    if not f.post_hoc_changes:
        return None
    return Detection(
        "unapproved_content",
        "重大设计变更未经批准即实施（事后报告）：" + "；".join(f.post_hoc_changes) + "（第十四条、第三十条(三)）。",
    )


def detect_no_catalog(f: ProjectFacts) -> Detection | None:
    """第三十条(四), 第七条(三), 第十六条, 第二十条: a project past feasibility without a resource catalog."""
    if not f.past_feasibility or f.catalog_entries:
        return None
    return Detection("no_catalog", "项目已进入建设或已竣工验收，但没有信息资源目录（第七条(三)、第十六条、第二十条）。")


def detect_no_procurement(f: ProjectFacts) -> Detection | None:
    """第三十条(五), 第十一条, 第二十三条: procurement outside government procurement; outsourced O&M without one."""
    found = [f"采购“{s}”未实行政府采购（第十一条）" for s in f.non_government_procurements]
    if f.outsourced_without_procurement:
        found.append("外包运维未经政府采购（第二十三条）")
    if not found:
        return None
    return Detection("no_procurement", "；".join(found) + "。")


def detect_unaccepted_use(f: ProjectFacts) -> Detection | None:
    """第三十条(六), 第二十一条: the system is in operation but the project was not completion accepted."""
    if not f.operating or f.completion_accepted:
        return None
    return Detection("unaccepted_use", "项目未经竣工验收即投入运行（第二十一条）。")


DETECTORS = (
    detect_unapproved_construction,
    detect_unapproved_scale,
    detect_unapproved_content,
    detect_no_catalog,
    detect_no_procurement,
    detect_unaccepted_use,
)


def detections(f: ProjectFacts) -> list[Detection]:
    return [d for d in (detector(f) for detector in DETECTORS) if d is not None]


# 第三十一条 classified projects ---------------------------------------------------------------------------

CLASSIFIED_REFUSAL = (
    "该项目涉及国家秘密，按有关规定办理：本平台只登记项目的存在、建设单位和所处阶段，"
    "不上传文件、不填写涉密内容，材料按保密规定另行报送（第三十一条）。"
)
# A 密级 note (附件2) that says the proposal carries no classification.
NOT_CLASSIFIED_NOTES = frozenset({"", "无", "没有", "非涉密", "不涉密", "公开", "无密级", "/", "-", "—"})


def note_marks_classified(note: str) -> bool:
    """附件2 密级要求: a note naming a classification (秘密, 机密…) marks the project as classified."""
    return note.strip() not in NOT_CLASSIFIED_NOTES
