"""The outlines of 附件2 (项目建议书编写要求) and 附件3 (可行性研究报告编制要求) as data, headings exactly as the
regulation writes them: the blank templates are generated from them (and a completeness check may read them).
A heading ending in * is optional (附件3 说明 1: 带*号的内容按需提供)."""

from __future__ import annotations

from dataclasses import dataclass, field

from egovpm.core.text import chinese_numeral

OPTIONAL_MARK = "*"


@dataclass(frozen=True)
class Heading:
    text: str  # without its numbering
    children: tuple[Heading, ...] = field(default=())

    @property
    def optional(self) -> bool:
        return self.text.endswith(OPTIONAL_MARK)


def _h(text: str, *children: str) -> Heading:
    return Heading(text, tuple(Heading(c) for c in children))


@dataclass(frozen=True)
class Outline:
    attachment: str  # 附件2
    title: str
    numbering: str  # "proposal": 一、 （一）; "feasibility": 第一章 1.
    chapters: tuple[Heading, ...]
    notes: tuple[str, ...] = ()
    annexes: tuple[str, ...] = ()  # what the report must attach (附件3 说明 2), optional ones with *

    def numbered(self) -> list[tuple[int, str, bool]]:
        """Every heading with its numbering, in order: (level 1 or 2, text, optional)."""
        rows = []
        for i, chapter in enumerate(self.chapters, 1):
            n = chinese_numeral(i)
            rows.append(
                (
                    1,
                    f"{n}、{chapter.text}" if self.numbering == "proposal" else f"第{n}章 {chapter.text}",
                    chapter.optional,
                )
            )
            for j, child in enumerate(chapter.children, 1):
                mark = f"（{chinese_numeral(j)}）" if self.numbering == "proposal" else f"{j}. "
                rows.append((2, f"{mark}{child.text}", child.optional or chapter.optional))
        return rows


PROPOSAL = Outline(
    attachment="附件2",
    title="启东市电子政务工程建设项目建议书",
    numbering="proposal",
    chapters=(
        _h("项目概述", "项目名称", "项目建设单位", "工程背景", "建设规模", "投资概算"),
        _h(
            "项目的意义与必要性",
            "项目提出的背景和依据",
            "现有信息系统装备和信息化应用状况",
            "信息系统装备和应用目前存在的主要问题和差距",
            "项目建设的意义和必要性",
        ),
        _h("现状及需求分析"),
        _h("建设内容、方案、规模"),
        _h("系统功能及主要技术经济指标"),
        _h("建设工期及时间安排"),
        _h("投资估算、资金筹措方式及来源"),
        _h("效益分析"),
    ),
    notes=("注：建议书有密级要求时需注明",),
)

FEASIBILITY = Outline(
    attachment="附件3",
    title="启东市电子政务建设项目可行性研究报告",
    numbering="feasibility",
    chapters=(
        _h(
            "项目概述",
            "项目名称",
            "项目建设单位及负责人、项目负责人",
            "编制单位",
            "编制依据",
            "项目建设目标、规模、内容、建设期",
            "项目总投资及资金来源",
            "经济与社会效益*",
            "相对项目建议书意见的调整情况*",
            "主要结论与建议",
        ),
        _h("项目建设单位概况", "项目建设单位与职能", "项目实施机构与职责"),
        _h(
            "项目建设的必要性",
            "项目提出的背景和依据",
            "业务功能、业务流程、业务量、信息量等分析与预测*",
            "信息系统装备和应用现状及存在主要问题和差距",
            "项目建设的意义和必要性",
        ),
        _h(
            "需求分析",
            "与政务职能相关的社会问题和政务目标分析",
            "业务功能、业务流程和业务量分析",
            "信息量分析与预测",
            "系统功能和性能需求分析",
        ),
        _h(
            "总体建设方案",
            "建设原则和策略",
            "总体目标与分期目标",
            "总体建设任务与分期建设内容",
            "总体设计方案",
            "系统总体结构",
        ),
        _h(
            "本期项目建设方案",
            "本期项目建设目标、规模与内容",
            "标准规范建设内容",
            "信息资源规划和数据库建设方案",
            "应用支撑平台和应用系统建设方案",
            "数据处理和存储系统建设方案",
            "终端系统建设方案",
            "网络系统建设方案",
            "安全系统建设方案",
            "备份系统建设方案",
            "运行维护系统建设方案",
            "其它系统建设方案",
            "主要软硬件选型原则和详细软硬件配置清单",
            "机房及配套工程建设方案",
            "系统软硬件物理部署方案",
        ),
        _h(
            "项目组织机构和人员", "领导和管理机构", "项目实施机构", "运行维护机构", "技术力量和人员配置", "人员培训方案"
        ),
        _h("项目招标方案*", "招标范围*", "招标方式*", "招标组织形式*"),
        _h("项目实施进度", "项目建设期", "实施进度计划*"),
        _h(
            "投资估算和资金来源",
            "投资估算的有关说明",
            "项目总投资估算",
            "资金来源与落实情况",
            "资金使用计划*",
            "项目运行维护经费估算*",
        ),
        _h("环保、消防、职业安全和卫生*", "环境影响分析*", "环保措施及方案*", "消防措施*", "职业安全和卫生措施*"),
        _h(
            "节能分析*",
            "用能标准及节能设计规范*",
            "项目能源消耗种类和数量分析*",
            "项目所在地能源供应状况分析*",
            "能耗指标*",
            "节能措施和节能效果分析等内容*",
        ),
        _h("效益与评价指标分析*", "经济效益分析*", "社会效益分析*", "项目评价指标分析*"),
        _h("项目风险与风险管理*", "风险识别和分析*", "风险对策和管理*"),
    ),
    notes=(
        "说明：",
        "1. 带*号的内容按需提供；",
        "2. 报告应附图、表资料、项目软硬件配置清单、应用系统定制开发工作量核算表、项目运行维护费估算表*、"
        "系统网络拓扑图、系统软硬件物理布置图。",
    ),
    annexes=(
        "图表资料",
        "软硬件配置清单",
        "应用系统定制开发工作量核算表",
        "运行维护费估算表*",
        "系统网络拓扑图",
        "系统软硬件物理布置图",
    ),
)
