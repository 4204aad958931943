"""The outlines of 附件2 (项目建议书编写要求) and 附件3 (可行性研究报告编制要求) as data, the one source of both
the blank templates (intake.material_templates: the headings exactly as the regulation writes them,
`Outline.numbered`) and the completeness check of uploads (documents.outline_check): each heading with its
level, whether it is optional (* in the attachment: 按需提供), and the other words units commonly use for it.
Pure Python."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Heading:
    code: str  # "2" a chapter, "2.3" its third section (the attachment's own numbering, in Arabic numerals)
    title: str  # the attachment's words
    optional: bool = False
    synonyms: tuple[str, ...] = ()

    @property
    def level(self) -> int:
        return self.code.count(".") + 1

    @property
    def chapter(self) -> str:
        return self.code.split(".", 1)[0]

    @property
    def names(self) -> tuple[str, ...]:
        return (self.title, *self.synonyms)


@dataclass(frozen=True)
class Annex:
    """What the report must have attached (附件3 说明 2); found by a caption or an annex's title."""

    title: str
    optional: bool = False
    synonyms: tuple[str, ...] = ()

    @property
    def names(self) -> tuple[str, ...]:
        return (self.title, *self.synonyms)


@dataclass(frozen=True)
class Outline:
    kind: str  # the DocumentKind it checks
    label: str
    article: str
    headings: tuple[Heading, ...]
    annexes: tuple[Annex, ...] = ()
    attachment: str = ""  # 附件2
    title: str = ""  # the document's title, as the attachment names it
    notes: tuple[str, ...] = ()  # the attachment's notes, printed under the template's headings

    def numbered(self) -> list[tuple[int, str, bool]]:
        """Every heading as the template writes it, in order: (level 1 or 2, numbered text with * when
        optional, optional — a section of an optional chapter is optional too)."""
        rows = []
        for heading in self.headings:
            star = "*" if heading.optional else ""
            if heading.level == 1:
                chapter_optional = heading.optional
                rows.append((1, f"{self.display(heading)}{star}", heading.optional))
                continue
            number = heading.code.split(".")[1]
            if self.kind == PROPOSAL_KIND:
                text = f"（{CHINESE_NUMERALS[int(number)]}）{heading.title}{star}"
            else:
                text = f"{number}. {heading.title}{star}"
            rows.append((2, text, heading.optional or chapter_optional))
        return rows

    def chapters(self) -> tuple[Heading, ...]:
        return tuple(h for h in self.headings if h.level == 1)

    def sections_of(self, chapter: str) -> tuple[Heading, ...]:
        return tuple(h for h in self.headings if h.level == 2 and h.chapter == chapter)

    def display(self, heading: Heading) -> str:
        """三、现状及需求分析; 第六章 7. 网络系统建设方案."""
        code = self.display_code(heading)
        return f"{code}{heading.title}" if code.endswith(("、", "）")) else f"{code} {heading.title}"

    def display_code(self, heading: Heading) -> str:
        """The heading's number as the attachment writes it: 二、(一) in 附件2, 第二章 / 2. in 附件3."""
        chapter = int(heading.chapter)
        if self.kind == PROPOSAL_KIND:
            if heading.level == 1:
                return f"{CHINESE_NUMERALS[chapter]}、"
            return f"{CHINESE_NUMERALS[chapter]}（{CHINESE_NUMERALS[int(heading.code.split('.')[1])]}）"
        if heading.level == 1:
            return f"第{CHINESE_NUMERALS[chapter]}章"
        return f"第{CHINESE_NUMERALS[chapter]}章 {heading.code.split('.')[1]}."


CHINESE_NUMERALS = ("零", "一", "二", "三", "四", "五", "六", "七", "八", "九", "十", "十一", "十二", "十三", "十四")
PROPOSAL_KIND = "proposal"
FEASIBILITY_KIND = "feasibility_report"


def _h(code: str, title: str, *synonyms: str) -> Heading:
    optional = title.endswith("*")
    return Heading(code, title.rstrip("*"), optional, synonyms)


# 附件2 启东市电子政务工程建设项目建议书编写要求
PROPOSAL = Outline(
    kind=PROPOSAL_KIND,
    label="项目建议书编写要求（附件2）",
    article="第七条(一)",
    headings=(
        _h("1", "项目概述", "项目概况", "概述"),
        _h("1.1", "项目名称"),
        _h("1.2", "项目建设单位", "建设单位", "项目承建单位"),
        _h("1.3", "工程背景", "项目背景", "建设背景"),
        _h("1.4", "建设规模", "项目建设规模"),
        _h("1.5", "投资概算", "项目投资概算", "投资估算"),
        _h("2", "项目的意义与必要性", "项目建设的意义与必要性", "意义与必要性", "项目建设的必要性"),
        _h("2.1", "项目提出的背景和依据", "项目提出的背景及依据", "背景和依据"),
        _h("2.2", "现有信息系统装备和信息化应用状况", "信息化应用现状", "现有信息系统装备和应用状况"),
        _h("2.3", "信息系统装备和应用目前存在的主要问题和差距", "存在的主要问题和差距", "主要问题和差距"),
        _h("2.4", "项目建设的意义和必要性", "建设的意义和必要性"),
        _h("3", "现状及需求分析", "现状与需求分析", "需求分析"),
        _h("4", "建设内容、方案、规模", "建设内容、方案和规模", "建设内容及方案", "建设内容"),
        _h("5", "系统功能及主要技术经济指标", "系统功能和主要技术经济指标", "系统功能及技术指标"),
        _h("6", "建设工期及时间安排", "建设工期和时间安排", "建设工期", "进度安排"),
        _h("7", "投资估算、资金筹措方式及来源", "投资估算及资金筹措", "投资估算和资金来源", "资金筹措方式及来源"),
        _h("8", "效益分析", "效益评价", "经济与社会效益分析"),
    ),
    attachment="附件2",
    title="启东市电子政务工程建设项目建议书",
    notes=("注：建议书有密级要求时需注明",),
)

# 附件3 启东市电子政务建设项目可行性研究报告编制要求
FEASIBILITY = Outline(
    kind=FEASIBILITY_KIND,
    label="可行性研究报告编制要求（附件3）",
    article="第七条(三)",
    headings=(
        _h("1", "项目概述", "项目概况", "概述", "总论"),
        _h("1.1", "项目名称"),
        _h("1.2", "项目建设单位及负责人、项目负责人", "项目建设单位及负责人", "建设单位及负责人"),
        _h("1.3", "编制单位", "报告编制单位"),
        _h("1.4", "编制依据", "报告编制依据"),
        _h("1.5", "项目建设目标、规模、内容、建设期", "建设目标、规模、内容和建设期", "项目建设目标、规模和内容"),
        _h("1.6", "项目总投资及资金来源", "总投资及资金来源"),
        _h("1.7", "经济与社会效益*"),
        _h("1.8", "相对项目建议书意见的调整情况*", "相对项目建议书的调整情况"),
        _h("1.9", "主要结论与建议", "结论与建议"),
        _h("2", "项目建设单位概况", "建设单位概况"),
        _h("2.1", "项目建设单位与职能", "建设单位与职能", "项目建设单位及职能"),
        _h("2.2", "项目实施机构与职责", "实施机构与职责", "项目实施机构及职责"),
        _h("3", "项目建设的必要性", "建设的必要性", "必要性分析"),
        _h("3.1", "项目提出的背景和依据", "背景和依据"),
        _h("3.2", "业务功能、业务流程、业务量、信息量等分析与预测*"),
        _h("3.3", "信息系统装备和应用现状及存在主要问题和差距", "现状及存在的主要问题和差距", "信息化现状及存在的问题"),
        _h("3.4", "项目建设的意义和必要性", "建设的意义和必要性"),
        _h("4", "需求分析"),
        _h("4.1", "与政务职能相关的社会问题和政务目标分析", "社会问题和政务目标分析"),
        _h("4.2", "业务功能、业务流程和业务量分析"),
        _h("4.3", "信息量分析与预测"),
        _h("4.4", "系统功能和性能需求分析", "功能和性能需求分析", "系统功能及性能需求"),
        _h("5", "总体建设方案"),
        _h("5.1", "建设原则和策略", "建设原则"),
        _h("5.2", "总体目标与分期目标", "建设目标"),
        _h("5.3", "总体建设任务与分期建设内容", "建设任务"),
        _h("5.4", "总体设计方案"),
        _h("5.5", "系统总体结构", "总体结构", "总体架构"),
        _h("6", "本期项目建设方案", "本期建设方案"),
        _h("6.1", "本期项目建设目标、规模与内容", "本期建设目标、规模与内容"),
        _h("6.2", "标准规范建设内容", "标准规范建设"),
        _h("6.3", "信息资源规划和数据库建设方案", "数据库建设方案"),
        _h("6.4", "应用支撑平台和应用系统建设方案", "应用系统建设方案"),
        _h("6.5", "数据处理和存储系统建设方案", "存储系统建设方案"),
        _h("6.6", "终端系统建设方案"),
        _h("6.7", "网络系统建设方案"),
        _h("6.8", "安全系统建设方案", "安全保障方案"),
        _h("6.9", "备份系统建设方案", "容灾备份系统建设方案"),
        _h("6.10", "运行维护系统建设方案", "运维系统建设方案"),
        _h("6.11", "其它系统建设方案", "其他系统建设方案"),
        _h("6.12", "主要软硬件选型原则和详细软硬件配置清单", "软硬件选型原则和配置清单"),
        _h("6.13", "机房及配套工程建设方案", "机房及配套工程"),
        _h("6.14", "系统软硬件物理部署方案", "物理部署方案"),
        _h("7", "项目组织机构和人员", "组织机构和人员"),
        _h("7.1", "领导和管理机构"),
        _h("7.2", "项目实施机构", "实施机构"),
        _h("7.3", "运行维护机构", "运维机构"),
        _h("7.4", "技术力量和人员配置"),
        _h("7.5", "人员培训方案", "培训方案"),
        _h("8", "项目招标方案*", "招标方案"),
        _h("8.1", "招标范围*"),
        _h("8.2", "招标方式*"),
        _h("8.3", "招标组织形式*"),
        _h("9", "项目实施进度", "实施进度"),
        _h("9.1", "项目建设期", "建设期"),
        _h("9.2", "实施进度计划*", "进度计划"),
        _h("10", "投资估算和资金来源", "投资估算及资金来源"),
        _h("10.1", "投资估算的有关说明", "投资估算说明"),
        _h("10.2", "项目总投资估算", "总投资估算"),
        _h("10.3", "资金来源与落实情况", "资金来源及落实情况"),
        _h("10.4", "资金使用计划*"),
        _h("10.5", "项目运行维护经费估算*", "运行维护经费估算"),
        _h("11", "环保、消防、职业安全和卫生*"),
        _h("11.1", "环境影响分析*"),
        _h("11.2", "环保措施及方案*"),
        _h("11.3", "消防措施*"),
        _h("11.4", "职业安全和卫生措施*"),
        _h("12", "节能分析*"),
        _h("12.1", "用能标准及节能设计规范*"),
        _h("12.2", "项目能源消耗种类和数量分析*"),
        _h("12.3", "项目所在地能源供应状况分析*"),
        _h("12.4", "能耗指标*"),
        _h("12.5", "节能措施和节能效果分析等内容*", "节能措施和节能效果分析"),
        _h("13", "效益与评价指标分析*"),
        _h("13.1", "经济效益分析*"),
        _h("13.2", "社会效益分析*"),
        _h("13.3", "项目评价指标分析*"),
        _h("14", "项目风险与风险管理*", "风险分析"),
        _h("14.1", "风险识别和分析*"),
        _h("14.2", "风险对策和管理*"),
    ),
    # 附件3 说明 2: 报告应附图、表资料、项目软硬件配置清单、应用系统定制开发工作量核算表、项目运行维护费估算表*、
    # 系统网络拓扑图、系统软硬件物理布置图。
    annexes=(
        Annex("图表资料", synonyms=("图、表资料", "附图附表", "附图", "附表")),
        Annex("软硬件配置清单", synonyms=("项目软硬件配置清单", "软硬件设备配置清单", "软硬件配置表")),
        Annex("应用系统定制开发工作量核算表", synonyms=("定制开发工作量核算表", "软件开发工作量核算表")),
        Annex("运行维护费估算表", optional=True, synonyms=("项目运行维护费估算表", "运维费估算表")),
        Annex("系统网络拓扑图", synonyms=("网络拓扑图",)),
        Annex("系统软硬件物理布置图", synonyms=("软硬件物理布置图", "物理布置图", "物理部署图")),
    ),
    attachment="附件3",
    title="启东市电子政务建设项目可行性研究报告",
    notes=(
        "说明：",
        "1. 带*号的内容按需提供；",
        "2. 报告应附图、表资料、项目软硬件配置清单、应用系统定制开发工作量核算表、项目运行维护费估算表*、"
        "系统网络拓扑图、系统软硬件物理布置图。",
    ),
)

OUTLINES = {PROPOSAL.kind: PROPOSAL, FEASIBILITY.kind: FEASIBILITY}
