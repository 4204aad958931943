"""The projects of the demo city's annual plans, and the application form (附件1) each one files.

`fate` is the stage of the general procedure (第七条) the declaration has reached by the demo's
present (2026-11-25); egovpm.demo.build walks it there through the services. Pure Python.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from .people import UNIT_BY_KEY, person_name, phone

PLAN_YEAR = 2027
NEXT_PLAN_YEAR = 2028


@dataclass(frozen=True)
class DemoProject:
    unit: str  # unit key (egovpm.demo.people.UNITS)
    name: str
    nature: str  # new / continuing / carried_over / maintenance / other
    total: str  # 预计总投资, 万元
    fate: str  # stage reached (egovpm.lifecycle.workflows.DECLARATION)
    domain: str  # picks the expert and the resource catalog (see DOMAINS)
    reason: str = ""  # why not arranged (第七条(二)) or returned (第七条(四))
    national: bool = False  # part of the money comes from higher authorities (国家下拨)


P = DemoProject
NOT_ARRANGED_DUPLICATE = "与{other}功能重复，按照“统一规划、资源共享”原则不再单独建设，本年度不予安排。"

PROJECTS: tuple[DemoProject, ...] = (
    # 市发展和改革委员会
    P("fgw", "社会信用体系综合服务平台升级改造", "new", "186.40", "funded", "econ"),
    P("fgw", "重大项目全生命周期管理系统", "new", "260", "in_re_review", "econ"),
    # 市教育局 and its schools
    P("jyj", "智慧教育云平台二期", "continuing", "650", "funded", "edu"),
    P("jyj", "中小学校园安全视频监控联网工程", "new", "420", "in_budget_library", "edu"),
    P("jyj", "教育城域网运行维护（2027年度）", "maintenance", "85", "funded", "edu"),
    P("jyj", "学生资助管理信息系统", "new", "45", "submitted", "edu"),
    P("yz", "市第一中学智慧校园建设项目", "new", "210", "approved", "edu"),
    P("syxx", "实验小学智慧课堂及录播教室建设", "new", "96.50", "awaiting_consent", "edu"),
    # 市公安局 and its traffic police
    P("gaj", "“雪亮工程”视频监控扩容（三期）", "continuing", "780", "funded", "police", national=True),
    P("gaj", "公安大数据实战应用平台", "new", "560", "in_re_review", "police"),
    P("gaj", "公安视频专网运维服务（2027年度）", "maintenance", "120", "in_budget_library", "police"),
    P("gaj", "公安综合指挥调度系统运维（2027年度）", "maintenance", "160", "approved", "police"),
    P("jjdd", "城市交通信号智能控制系统升级", "new", "380", "funded", "police"),
    P("jjdd", "交通违法非现场执法设备更新", "new", "150", "feasibility_submitted", "police"),
    # 市民政局, 市司法局
    P("mzj", "智慧养老服务平台", "new", "190", "funded", "social"),
    P(
        "mzj",
        "社会救助“一网通办”系统",
        "new",
        "120",
        "not_arranged",
        "social",
        reason="该系统功能与省社会救助信息系统重复，按照“统一规划、资源共享”原则应使用省级系统开展业务，"
        "本年度不予安排。",
    ),
    P("sfj", "公共法律服务网络平台升级", "new", "75", "initially_passed", "social"),
    P("sfj", "社区矫正智慧监管系统", "new", "110", "in_initial_review", "social"),
    P("sfj", "行政执法综合管理监督平台", "new", "140", "funded", "social"),
    # 市人力资源和社会保障局 and its social insurance centre
    P("rsj", "人社业务“一体化”经办平台改造", "new", "340", "approved", "social"),
    P("rsj", "就业创业服务信息系统", "continuing", "88", "funded", "social"),
    P("sbzx", "社会保障卡“一卡通”应用扩展", "new", "160", "in_re_review", "social"),
    # 市自然资源和规划局 and the real-estate registry
    P("zrj", "国土空间基础信息平台", "new", "720", "funded", "city"),
    P("zrj", "自然资源“一张图”数据更新及运维（2027年度）", "maintenance", "95", "funded", "city"),
    P("bdc", "不动产登记“一网通办”系统", "new", "240", "in_budget_library", "gov"),
    P(
        "bdc",
        "不动产登记档案数字化加工",
        "new",
        "130",
        "returned",
        "gov",
        reason="可行性研究报告未按附件3要求测算档案数字化加工量，投资估算依据不足；政务信息资源预编目录未列明共享条件。"
        "复核不予通过，退还申报单位。",
    ),
    # 市生态环境局, 市住房和城乡建设局
    P("sthj", "生态环境监测监控一体化平台", "new", "460", "in_budget_library", "env", national=True),
    P("sthj", "重点排污单位在线监控运维（2027年度）", "maintenance", "68", "funded", "env"),
    P("sthj", "固体废物全过程监管系统", "new", "130", "initially_passed", "env"),
    P(
        "zjj",
        "城市信息模型（CIM）基础平台",
        "new",
        "800",
        "returned",
        "city",
        reason="可研报告总体建设方案与“一网统管”城市运行管理服务平台存在重复建设内容，分期目标不明确，"
        "投资估算偏高。复核不予通过，退还申报单位。",
    ),
    P("zjj", "建筑工地扬尘在线监测系统", "new", "145", "approved", "env"),
    P("zjj", "房屋安全管理信息系统", "new", "90", "initially_passed", "city"),
    P("zjj", "物业管理智慧监管平台", "new", "88", "in_initial_review", "city"),
    # 市交通运输局, 市水务局
    P("jtj", "智慧交通综合运行监测平台", "new", "520", "in_re_review", "city"),
    P("jtj", "农村公路信息化管理系统", "new", "70", "feasibility_submitted", "city"),
    P("jtj", "公交智能调度系统", "carried_over", "190", "funded", "city"),
    P("shuiwu", "智慧水务综合管理平台", "new", "480", "funded", "env"),
    P("shuiwu", "防汛防旱指挥决策系统升级", "continuing", "230", "in_budget_library", "env", national=True),
    P("shuiwu", "水利工程视频监控运维（2027年度）", "maintenance", "42", "funded", "env"),
    # 市农业农村局, 市商务局
    P("nyj", "数字乡村综合服务平台", "new", "350", "approved", "agri", national=True),
    P("nyj", "农产品质量安全追溯系统", "continuing", "60", "funded", "agri"),
    P(
        "nyj",
        "高标准农田建设物联网监测系统",
        "new",
        "280",
        "not_arranged",
        "agri",
        reason="高标准农田监测已纳入省农业农村厅统一建设的省级平台，市级不再重复建设；如需本地化功能，"
        "请通过省级平台申请开通。本年度不予安排。",
    ),
    P("nyj", "动物防疫追溯管理系统运维（2027年度）", "maintenance", "22", "submitted", "agri"),
    P("shangwu", "外贸企业服务平台", "new", "55", "in_initial_review", "econ"),
    P(
        "shangwu",
        "商贸流通统计监测系统",
        "new",
        "40",
        "not_arranged",
        "econ",
        reason=NOT_ARRANGED_DUPLICATE.format(other="市统计局统计数据采集处理系统")
        + "相关数据请通过市公共数据共享交换平台获取。",
    ),
    # 市文化广电和旅游局
    P("wglj", "智慧旅游服务平台", "new", "300", "initially_passed", "media"),
    P("wglj", "公共文化数字化服务平台（文化云）", "new", "160", "in_initial_review", "media"),
    P("wglj", "应急广播系统运行维护（2027年度）", "maintenance", "58", "funded", "media"),
    # 市卫生健康委员会 and its hospitals and CDC
    P("wjw", "全民健康信息平台升级改造", "continuing", "690", "funded", "health"),
    P("wjw", "基层医疗卫生机构信息化提升工程", "new", "560", "in_budget_library", "health", national=True),
    P("wjw", "卫生健康综合监管平台", "new", "210", "initially_passed", "health"),
    P("wjw", "区域影像云平台运维服务（2027年度）", "maintenance", "150", "in_budget_library", "health"),
    P(
        "wjw",
        "妇幼健康信息系统二期",
        "continuing",
        "95",
        "not_arranged",
        "health",
        reason="一期项目尚未完成竣工验收（第二十一条），建议一期验收通过后再行申报二期，本年度不予安排。",
    ),
    P("rmyy", "市人民医院互联网医院平台", "new", "300", "funded", "health"),
    P(
        "rmyy",
        "市人民医院智慧病房建设",
        "new",
        "260",
        "returned",
        "health",
        reason="专家初步论证意见认为物联网终端选型与医院现有系统的兼容性论证不充分，硬件投资占比过高。"
        "复核不予通过，退还申报单位。",
    ),
    P("rmyy", "市人民医院电子病历系统应用水平提升", "new", "380", "approved", "health"),
    P("zyy", "市中医院智慧中医药服务平台", "new", "140", "feasibility_submitted", "health"),
    P("zyy", "市中医院医院信息系统（HIS）升级", "continuing", "120", "awaiting_consent", "health"),
    P("cdc", "传染病监测预警与应急指挥信息系统", "new", "330", "in_budget_library", "health", national=True),
    P("cdc", "免疫规划信息系统运维（2027年度）", "maintenance", "36", "submitted", "health"),
    # 市应急管理局, 市市场监督管理局, 市医疗保障局
    P("yjj", "应急指挥信息化综合平台", "new", "620", "funded", "env"),
    P("yjj", "危险化学品安全风险监测预警系统", "new", "240", "in_budget_library", "env"),
    P("yjj", "应急通信保障能力提升工程", "new", "180", "in_initial_review", "env"),
    P("scjg", "智慧市场监管一体化平台", "new", "370", "approved", "econ"),
    P("scjg", "食品安全“互联网+明厨亮灶”工程", "continuing", "130", "funded", "econ"),
    P("scjg", "特种设备安全监管系统", "new", "85", "feasibility_submitted", "econ"),
    P("scjg", "12315投诉举报处置系统", "carried_over", "60", "in_budget_library", "econ"),
    P("ybj", "医保基金智能监管系统", "new", "260", "in_budget_library", "health", national=True),
    P("ybj", "医保经办“一站式”结算系统运维（2027年度）", "maintenance", "48", "funded", "health"),
    # 市数据局 (市大数据管理中心)
    P("sjj", "市级政务云平台扩容及安全加固", "new", "760", "funded", "gov"),
    P("sjj", "公共数据共享交换平台升级", "continuing", "420", "in_budget_library", "gov"),
    P("sjj", "电子政务外网运维服务（2027年度）", "maintenance", "210", "funded", "gov"),
    P("sjj", "数据安全监测与防护平台", "new", "290", "approved", "gov"),
    P("sjj", "城市运行管理服务平台（“一网统管”）", "new", "780", "in_re_review", "city"),
    # 市行政审批局 and the government service centre
    P("xzsp", "12345政务服务便民热线升级改造", "new", "260", "funded", "gov"),
    P("xzsp", "“一件事一次办”集成服务平台", "new", "330", "in_budget_library", "gov"),
    P("xzsp", "电子证照库扩展应用", "new", "95", "initially_passed", "gov"),
    P("zwfw", "政务服务中心智能导办及排队叫号系统更新", "new", "75", "submitted", "gov"),
    P("zwfw", "政务服务“好差评”系统运维（2027年度）", "maintenance", "18", "funded", "gov"),
    # 市城市管理局, 市统计局, and the smaller bureaus
    P("cgj", "智慧城管综合指挥平台二期", "continuing", "410", "funded", "city"),
    P("cgj", "市政设施物联网监测系统", "new", "220", "in_initial_review", "city"),
    P(
        "cgj",
        "城市智慧停车管理平台",
        "new",
        "360",
        "not_arranged",
        "city",
        reason="项目具有经营性收益，建议采用特许经营等市场化方式建设运营，不宜使用财政性资金，本年度不予安排。",
    ),
    P("cgj", "数字化城管视频监控运维（2027年度）", "maintenance", "75", "draft", "city"),
    P("tjj", "统计数据采集处理系统升级", "new", "45", "approved", "econ"),
    P("tjj", "经济普查数据管理系统", "other", "32", "submitted", "econ"),
    P("tyjr", "退役军人服务保障信息系统", "new", "68", "initially_passed", "social"),
    P("kjj", "科技项目全过程管理系统", "new", "58", "in_initial_review", "econ"),
    P(
        "gxj",
        "工业互联网公共服务平台",
        "new",
        "450",
        "returned",
        "econ",
        reason="项目以企业服务为主，运营模式和财政资金边界不清，可研报告未提出运行维护经费估算（附件3第十章）。"
        "复核不予通过，退还申报单位。",
    ),
    P("gxj", "企业用能在线监测系统", "new", "160", "feasibility_submitted", "econ"),
    P("xfj", "网上信访“阳光信访”系统升级", "new", "66", "in_budget_library", "social"),
    P(
        "xfj",
        "信访视频会议系统扩容",
        "new",
        "48",
        "not_arranged",
        "social",
        reason="视频会议属第六条所列协同办公基础性系统，由办公室统筹建设，不单独立项；"
        "请使用全市统一的电子政务视频会议系统。",
    ),
    P("rmt", "“指尖启东”客户端升级", "continuing", "180", "approved", "media"),
    P("rmt", "融媒体中心云平台运维（2027年度）", "maintenance", "65", "in_budget_library", "media"),
    # towns and parks
    P("hlz", "汇龙镇“智慧社区”综合服务平台", "new", "150", "in_budget_library", "social"),
    P(
        "hlz",
        "汇龙镇网格化社会治理系统",
        "new",
        "85",
        "not_arranged",
        "social",
        reason="全市网格化社会治理已由市级平台统一支撑，镇级不再单独建设，请使用市级平台的镇级功能模块。",
    ),
    P("nyz", "南阳镇数字乡村试点建设", "new", "120", "feasibility_submitted", "agri"),
    P("bxz", "北新镇农村人居环境智能监管系统", "new", "60", "in_initial_review", "agri"),
    P("lsgz", "吕四港渔港智慧管理平台", "new", "390", "funded", "agri", national=True),
    P("lsgz", "吕四港镇视频监控运维（2027年度）", "maintenance", "28", "in_budget_library", "police"),
    P("hfz", "海复镇便民服务中心信息化改造", "new", "35", "draft", "gov"),
    P("jhz", "近海镇沿海防汛预警系统", "new", "110", "approved", "env"),
    P("jkq", "经济开发区智慧园区综合管理平台", "new", "640", "in_re_review", "city"),
    P("jkq", "经济开发区安全生产风险监测系统", "new", "120", "approved", "env"),
    P("gxq", "高新区安全生产智能监管平台", "new", "280", "feasibility_submitted", "env"),
    P("gxq", "高新区政务服务“一站通”系统", "new", "98", "in_re_review", "gov"),
    P("gxq", "高新区网络安全等级保护整改", "other", "75", "approved", "police"),
)

# Plan year 2028 has just opened: a few early drafts. The first continues a two-year 2027 project.
NEXT_YEAR_DRAFTS: tuple[DemoProject, ...] = (
    P("sjj", "市级政务云平台扩容及安全加固", "continuing", "760", "draft", "gov"),
    P("wjw", "医共体信息化一体化平台", "new", "480", "draft", "health"),
    P("xzsp", "政务服务“免申即享”平台", "new", "180", "draft", "gov"),
    P("hlz", "汇龙镇数字孪生社区试点", "new", "120", "draft", "city"),
)


@dataclass(frozen=True)
class Domain:
    expert: str  # the expert of this field
    content: str  # 建设目的和内容, with {name}
    resources: tuple[tuple[str, str, str], ...]  # (resource name, items, share type)


DOMAINS = {
    "gov": Domain(
        "expert4",
        "依托市政务云和电子政务外网建设{name}：信息网络系统利用现有政务外网，不新建机房；信息资源系统建设业务主题库，"
        "接入市公共数据共享交换平台；信息业务系统实现事项办理全程网办、材料共享复用和数据实时归集。",
        (
            ("政务服务事项办件信息", "办件编号\n事项名称\n申请人\n受理时间\n办结时间\n办理结果", "unconditional"),
            ("电子证照调用记录", "证照类型\n证照编号\n调用部门\n调用时间", "conditional"),
        ),
    ),
    "health": Domain(
        "expert5",
        "建设{name}：信息网络系统依托卫生专网并与电子政务外网安全隔离；信息资源系统汇聚诊疗、公卫数据，"
        "纳入全民健康信息平台；信息业务系统面向医疗机构和群众提供线上服务，提升基层服务能力。",
        (
            ("居民电子健康档案信息", "身份证件号码\n姓名\n建档机构\n慢病管理记录\n随访时间", "conditional"),
            ("医疗机构诊疗服务统计信息", "机构代码\n机构名称\n门急诊人次\n出院人次\n统计期", "unconditional"),
        ),
    ),
    "edu": Domain(
        "expert1",
        "建设{name}：信息网络系统依托教育城域网；信息资源系统建设教育基础数据库，按标准向市公共数据平台共享；"
        "信息业务系统覆盖教学、管理和校园安全等应用，服务全市中小学校师生。",
        (
            ("学校基本信息", "学校标识码\n学校名称\n办学类型\n在校生数\n教职工数", "unconditional"),
            ("学生学籍变动信息", "学籍号\n姓名\n变动类型\n变动日期", "conditional"),
        ),
    ),
    "police": Domain(
        "expert2",
        "建设{name}：信息网络系统依托公安视频专网，按等级保护第三级要求建设安全防护；信息资源系统汇聚视频与感知数据；"
        "信息业务系统支撑治安防控、交通管理和指挥调度。",
        (
            ("公共视频监控点位信息", "点位编号\n点位名称\n经纬度\n建设单位\n接入时间", "conditional"),
            ("交通违法处理统计信息", "违法类型\n处理数量\n统计期", "unconditional"),
        ),
    ),
    "city": Domain(
        "expert6",
        "建设{name}：信息网络系统利用电子政务外网和物联网专网；信息资源系统建设城市部件、设施和运行监测数据库，"
        "接入市公共数据共享交换平台；信息业务系统实现监测预警、事件处置和综合分析。",
        (
            ("城市部件及设施信息", "部件编码\n部件类型\n所在位置\n权属单位\n状态", "unconditional"),
            ("城市运行事件处置信息", "事件编号\n事件类型\n发生地点\n处置部门\n办结时间", "conditional"),
        ),
    ),
    "env": Domain(
        "expert6",
        "建设{name}：信息网络系统依托电子政务外网和监测物联网；信息资源系统汇聚监测、预警和执法数据；"
        "信息业务系统实现风险监测预警、应急联动和辅助决策。",
        (
            ("监测站点实时监测信息", "站点编码\n监测指标\n监测值\n监测时间", "unconditional"),
            ("预警及处置记录", "预警编号\n预警等级\n发布时间\n处置措施", "conditional"),
        ),
    ),
    "agri": Domain(
        "expert1",
        "建设{name}：信息网络系统依托电子政务外网延伸至镇村；信息资源系统汇聚农业生产、农村人居环境和渔港数据；"
        "信息业务系统服务镇村治理和农业农村管理。",
        (
            ("农业经营主体信息", "主体名称\n统一社会信用代码\n经营类型\n所在镇村", "unconditional"),
            ("农产品质量追溯信息", "追溯码\n产品名称\n生产主体\n检测结果", "unconditional"),
        ),
    ),
    "econ": Domain(
        "expert3",
        "建设{name}：信息网络系统利用电子政务外网和政务云，不单独采购服务器；信息资源系统建设企业和项目主题库；"
        "信息业务系统实现业务全流程在线办理、监管和统计分析。",
        (
            ("企业基本信息", "统一社会信用代码\n企业名称\n法定代表人\n登记状态", "unconditional"),
            ("监管检查记录", "检查对象\n检查事项\n检查时间\n检查结果", "conditional"),
        ),
    ),
    "social": Domain(
        "expert4",
        "建设{name}：信息网络系统利用电子政务外网；信息资源系统建设服务对象主题库并与省级系统对接；"
        "信息业务系统实现业务在线受理、审核、服务和监管，数据按需共享。",
        (
            ("服务对象基本信息", "身份证件号码\n姓名\n服务类别\n所属镇（街道）", "conditional"),
            ("业务办理记录", "办理编号\n业务类型\n办理时间\n办理结果", "unconditional"),
        ),
    ),
    "media": Domain(
        "expert1",
        "建设{name}：信息网络系统依托电子政务外网和广电网络；信息资源系统建设文化旅游和媒体资源库；"
        "信息业务系统面向公众提供数字化文化、旅游和信息服务。",
        (
            ("文化旅游资源信息", "资源编号\n资源名称\n类别\n所在地\n开放时间", "unconditional"),
            ("公共文化活动信息", "活动名称\n举办单位\n举办时间\n参与人次", "unconditional"),
        ),
    ),
}

MAINTENANCE_CONTENT = (
    "对{system}开展{year}年度运行维护：软硬件巡检、故障处置、安全加固、数据备份和用户服务，"
    "保障系统7×24小时稳定运行。项目状况说明书和预算清单随申报表报送。"
)
SELF_FUNDED_UNITS = {"rmyy": Decimal("0.4"), "zyy": Decimal("0.4")}  # hospitals contribute their own funds
TOWN_SHARE = Decimal("0.2")  # towns and parks raise part themselves


def wan(value: Decimal) -> Decimal:
    """Round to whole 万元, kept with two decimals."""
    return value.quantize(Decimal("1"), rounding=ROUND_HALF_UP).quantize(Decimal("0.01"))


def application(project: DemoProject, n: int, *, plan_year: int = PLAN_YEAR) -> dict:
    """The application form (附件1) of the n-th project: dates, nature, and a funding table whose rows
    add up (合计 = 财政拨款 + 单位自筹 + 国家下拨 + 其他)."""
    total = Decimal(project.total).quantize(Decimal("0.01"))
    prior = Decimal("0")
    if project.nature == "continuing":
        prior = wan(total * Decimal("0.45"))
    elif project.nature == "carried_over":
        prior = wan(total * Decimal("0.3"))
    annual = total - prior
    if project.nature == "new" and total > 300:
        annual = wan(total * Decimal("0.6"))  # a larger project builds over two years
    unit = UNIT_BY_KEY[project.unit]
    share = SELF_FUNDED_UNITS.get(project.unit, TOWN_SHARE if unit.code.startswith("2") else Decimal("0"))
    self_raised = wan(annual * share)
    national = wan(annual * Decimal("0.25")) if project.national else Decimal("0.00")
    fiscal = annual - self_raised - national
    multi_year = annual < total - prior or project.nature == "continuing"
    start = dt.date(plan_year, 1 + n % 4, 1)
    if project.nature == "maintenance":
        start, end = dt.date(plan_year, 1, 1), dt.date(plan_year, 12, 31)
        content = MAINTENANCE_CONTENT.format(system=_system(project.name), year=plan_year)
    else:
        end = dt.date(plan_year + 1, 6, 30) if multi_year else dt.date(plan_year, 12, 31)
        content = DOMAINS[project.domain].content.format(name=project.name)
    prior_self = wan(prior * share)
    return {
        "leader_name": person_name(300 + n),
        "leader_phone": phone(300 + n),
        "start_date": start,
        "planned_end_date": end,
        "nature": project.nature,
        "purpose_and_content": content,
        "plan_compiled": True,
        "plan_expert_reviewed": total >= 300,
        "total_investment": total,
        "annual_requirement": annual,
        "prior_total": prior,
        "prior_fiscal": prior - prior_self,
        "prior_self_raised": prior_self,
        "prior_national": Decimal("0.00"),
        "prior_other": Decimal("0.00"),
        "current_total": annual,
        "current_fiscal": fiscal,
        "current_self_raised": self_raised,
        "current_national": national,
        "current_other": Decimal("0.00"),
        "attachments_note": ("项目状况说明书、预算清单" if project.nature == "maintenance" else "项目建议书（附件2）"),
        "remarks": "续建项目，前期已安排资金见上表。" if prior else "",
    }


def _system(name: str) -> str:
    return name.split("（")[0].removesuffix("运维服务").removesuffix("运行维护").removesuffix("运维")


def proposal(project: DemoProject, form: dict) -> dict:
    """The project proposal (附件2) filled online, section by section."""
    unit = UNIT_BY_KEY[project.unit].name
    return {
        "overview": (
            f"项目名称：{project.name}；项目建设单位：{unit}；建设规模：覆盖本单位及相关业务部门；"
            f"投资概算：{form['total_investment']} 万元。"
        ),
        "necessity": "现有信息系统建设年代较早、数据分散，难以满足业务协同和数据共享要求，群众和企业办事仍需多头跑。",
        "status_and_needs": "现有系统部署于本单位机房，未接入市公共数据共享交换平台；业务量年均增长约15%。",
        "content_plan_scale": DOMAINS[project.domain].content.format(name=project.name),
        "functions_and_indicators": "系统可用性不低于99.9%，并发用户不少于500，核心业务办理时限压缩50%以上。",
        "schedule": f"{form['start_date']:%Y年%m月}启动，{form['planned_end_date']:%Y年%m月}完成建设并组织初步验收。",
        "investment_and_funding": (
            f"本年度申请资金 {form['current_total']} 万元，其中财政拨款 {form['current_fiscal']} 万元、"
            f"单位自筹 {form['current_self_raised']} 万元、国家下拨 {form['current_national']} 万元。"
        ),
        "benefits": "减少重复录入和纸质材料，提升行政效能和公共服务水平，为领导决策提供数据支撑。",
        "classification_note": "",
    }


def continuation(previous: dict, *, plan_year: int) -> dict:
    """Next year's application form of a multi-year project: what was asked before is now arranged."""
    form = dict(previous)
    for part in ("total", "fiscal", "self_raised", "national", "other"):
        form[f"prior_{part}"] = previous[f"prior_{part}"] + previous[f"current_{part}"]
    remaining = previous["total_investment"] - form["prior_total"]
    form.update(
        nature="continuing",
        start_date=dt.date(plan_year, 1, 1),
        planned_end_date=dt.date(plan_year, 12, 31),
        annual_requirement=remaining,
        current_total=remaining,
        current_fiscal=remaining,
        current_self_raised=Decimal("0.00"),
        current_national=Decimal("0.00"),
        current_other=Decimal("0.00"),
        remarks=f"续建项目，{plan_year - 1}年度已安排资金见上表。",
    )
    return form
