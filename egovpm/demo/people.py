"""The demo city's units (第四条) and accounts, one or more per role. Pure Python.

Every account shares PASSWORD; usernames are short: clerk_<unit>, sup_<unit>, leader_<unit>,
office_head, office1, finance1, audit1, expert1 … and the three administrators sysadmin, secadmin,
auditadmin (三员分立).
"""

from __future__ import annotations

from dataclasses import dataclass

from egovpm.lifecycle.roles import ROLE_LABELS, Role

PASSWORD = "Demo#2026"


@dataclass(frozen=True)
class DemoUnit:
    key: str
    code: str
    name: str
    short_name: str
    kind: str = "department"
    parent: str | None = None  # key of the supervising department (主管部门)


@dataclass(frozen=True)
class DemoUser:
    username: str
    full_name: str
    unit: str | None  # unit key; experts belong to no unit
    roles: tuple[Role, ...]
    title: str = ""
    expertise: str = ""
    phone: str = ""


U = DemoUnit
UNITS: tuple[DemoUnit, ...] = (
    U("office", "001", "市政务信息系统整合共享工作领导小组办公室", "政务办", "office"),
    U("czj", "002", "市财政局", "财政局", "finance"),
    U("sjiju", "003", "市审计局", "审计局", "audit"),
    U("bmj", "004", "市保密局", "保密局", "secrecy"),
    U("fgw", "101", "市发展和改革委员会", "发改委"),
    U("jyj", "102", "市教育局", "教育局"),
    U("gaj", "103", "市公安局", "公安局"),
    U("mzj", "104", "市民政局", "民政局"),
    U("sfj", "105", "市司法局", "司法局"),
    U("rsj", "106", "市人力资源和社会保障局", "人社局"),
    U("zrj", "107", "市自然资源和规划局", "自然资源和规划局"),
    U("sthj", "108", "市生态环境局", "生态环境局"),
    U("zjj", "109", "市住房和城乡建设局", "住建局"),
    U("jtj", "110", "市交通运输局", "交通运输局"),
    U("shuiwu", "111", "市水务局", "水务局"),
    U("nyj", "112", "市农业农村局", "农业农村局"),
    U("shangwu", "113", "市商务局", "商务局"),
    U("wglj", "114", "市文化广电和旅游局", "文广旅局"),
    U("wjw", "115", "市卫生健康委员会", "卫健委"),
    U("yjj", "116", "市应急管理局", "应急管理局"),
    U("scjg", "117", "市市场监督管理局", "市场监管局"),
    U("ybj", "118", "市医疗保障局", "医保局"),
    U("sjj", "119", "市数据局（市大数据管理中心）", "数据局"),
    U("xzsp", "120", "市行政审批局", "行政审批局"),
    U("cgj", "121", "市城市管理局", "城管局"),
    U("tjj", "122", "市统计局", "统计局"),
    U("tyjr", "123", "市退役军人事务局", "退役军人事务局"),
    U("kjj", "124", "市科学技术局", "科技局"),
    U("gxj", "125", "市工业和信息化局", "工信局"),
    U("xfj", "126", "市信访局", "信访局"),
    U("rmt", "127", "市融媒体中心", "融媒体中心"),
    U("hlz", "201", "汇龙镇人民政府", "汇龙镇"),
    U("nyz", "202", "南阳镇人民政府", "南阳镇"),
    U("bxz", "203", "北新镇人民政府", "北新镇"),
    U("lsgz", "204", "吕四港镇人民政府", "吕四港镇"),
    U("hfz", "205", "海复镇人民政府", "海复镇"),
    U("jhz", "206", "近海镇人民政府", "近海镇"),
    U("jkq", "207", "启东经济开发区管理委员会", "启东经济开发区"),
    U("gxq", "208", "启东高新技术产业开发区管理委员会", "启东高新区"),
    U("rmyy", "11501", "市人民医院", "人民医院", parent="wjw"),
    U("zyy", "11502", "市中医院", "中医院", parent="wjw"),
    U("cdc", "11503", "市疾病预防控制中心", "疾控中心", parent="wjw"),
    U("yz", "10201", "市第一中学", "第一中学", parent="jyj"),
    U("syxx", "10202", "市实验小学", "实验小学", parent="jyj"),
    U("jjdd", "10301", "市公安局交通警察大队", "交警大队", parent="gaj"),
    U("bdc", "10701", "市不动产登记中心", "不动产登记中心", parent="zrj"),
    U("sbzx", "10601", "市社会保险基金管理中心", "社保中心", parent="rsj"),
    U("zwfw", "12001", "市政务服务中心", "政务服务中心", parent="xzsp"),
    # 第十三条: information-engineering supervision firms, with accounts of their own
    U("xcjl", "90001", "启东信诚信息工程监理有限公司", "信诚监理", "supervision_firm"),
    U("hyjl", "90002", "南通华远信息工程监理有限公司", "华远监理", "supervision_firm"),
    # 第二十五条: a third-party assessor (第三方机构) for performance evaluation, with an account of its own
    U("ztpg", "91001", "江苏正泰信息化评估咨询有限公司", "正泰评估", "assessor"),
)
UNIT_BY_KEY = {u.key: u for u in UNITS}
UNITS_ORDER = {u.key: i for i, u in enumerate(UNITS)}
# The demo is present when this account exists.
MARKER_USERNAME = "office_head"

_SURNAMES = "施陆顾黄沈季倪茅龚蔡张王陈朱徐杨周吴袁郁"
_GIVEN_NAMES = (
    "建华 海燕 志强 晓东 丽萍 卫国 春梅 国平 红霞 永健 金凤 伟民 秋云 振宇 佳怡 浩然 雪琴 文杰 "
    "美玲 立新 德胜 亚楠 俊峰 慧敏 鹏飞 玉兰 宏伟 晓雯 子涵 明辉 素芳 成龙 雅婷 天宇 桂英 家豪 思琪"
)
_GIVEN = tuple(_GIVEN_NAMES.split())


def person_name(n: int) -> str:
    """The n-th name of the demo city's civil servants (deterministic)."""
    return _SURNAMES[n % len(_SURNAMES)] + _GIVEN[(n * 7) % len(_GIVEN)]


def phone(n: int) -> str:
    return f"0513-83{(210000 + n * 137) % 1000000:06d}"


def _staff() -> tuple[DemoUser, ...]:
    R = Role
    fixed = [
        DemoUser("office_head", "顾建国", "office", (R.OFFICE_HEAD,), "办公室主任"),
        DemoUser("office1", "施晓燕", "office", (R.OFFICE_REVIEWER,), "综合协调科科长"),
        DemoUser("office2", "陆海峰", "office", (R.OFFICE_REVIEWER,), "项目管理科副科长"),
        DemoUser("finance1", "黄丽娟", "czj", (R.FINANCE_REVIEWER,), "经济建设科科长"),
        DemoUser("finance2", "沈志刚", "czj", (R.FINANCE_REVIEWER,), "预算科副科长"),
        DemoUser("audit1", "季文斌", "sjiju", (R.AUDIT_REVIEWER,), "固定资产投资审计科科长"),
        DemoUser("expert1", "茅永军", None, (R.EXPERT,), "南通大学教授", "电子政务规划与顶层设计"),
        DemoUser("expert2", "倪卫东", None, (R.EXPERT,), "高级工程师", "网络与信息安全、等级保护"),
        DemoUser("expert3", "龚雪梅", None, (R.EXPERT,), "高级工程师（造价）", "信息化项目投资评审与造价"),
        DemoUser("expert4", "蔡振华", None, (R.EXPERT,), "高级工程师", "数据治理与政务信息资源共享"),
        DemoUser("expert5", "唐晓明", None, (R.EXPERT,), "主任医师、信息处处长", "医疗卫生信息化"),
        DemoUser("expert6", "袁志平", None, (R.EXPERT,), "正高级工程师", "智慧城市、物联网与交通信息化"),
        DemoUser("jl_xincheng", "钱立新", "xcjl", (R.SUPERVISION_ENGINEER,), "总监理工程师"),
        DemoUser("jl_huayuan", "蒋文涛", "hyjl", (R.SUPERVISION_ENGINEER,), "监理工程师"),
        DemoUser("pg_zhengtai", "许文博", "ztpg", (R.ASSESSOR,), "评估项目经理"),
        DemoUser("sysadmin", "陈思远", "sjj", (R.SYSADMIN,), "平台运维工程师"),
        DemoUser("secadmin", "邵安宁", "sjj", (R.SECADMIN,), "网络安全管理员"),
        DemoUser("auditadmin", "钱审之", "sjj", (R.AUDITADMIN,), "安全审计员"),
    ]
    supervised = sorted({u.parent for u in UNITS if u.parent})
    supervisors = [
        DemoUser(f"sup_{key}", person_name(200 + i), key, (R.SUPERVISOR_APPROVER,), "分管领导")
        for i, key in enumerate(supervised)
    ]
    leaders = [
        DemoUser(f"leader_{key}", person_name(220 + i), key, (R.UNIT_LEADER,), "单位负责人")
        for i, key in enumerate(("wjw", "gaj", "jyj", "sjj", "rmyy"))
    ]
    clerks = [
        DemoUser(f"clerk_{u.key}", person_name(i), u.key, (R.UNIT_CLERK,), "信息化工作联络员")
        for i, u in enumerate(u for u in UNITS if u.kind == "department")
    ]
    people = [*fixed, *supervisors, *leaders, *clerks]
    return tuple(
        DemoUser(p.username, p.full_name, p.unit, p.roles, p.title, p.expertise, p.phone or phone(i))
        for i, p in enumerate(people)
    )


USERS: tuple[DemoUser, ...] = _staff()
USER_BY_NAME = {u.username: u for u in USERS}


def clerk_of(unit_key: str) -> str:
    return f"clerk_{unit_key}"


def supervisor_of(unit_key: str) -> str | None:
    parent = UNIT_BY_KEY[unit_key].parent
    return f"sup_{parent}" if parent else None


# Order of the accounts table: the Office first, then the other bureaus, experts, units.
ROLE_ORDER = (
    Role.OFFICE_HEAD,
    Role.OFFICE_REVIEWER,
    Role.FINANCE_REVIEWER,
    Role.AUDIT_REVIEWER,
    Role.EXPERT,
    Role.SUPERVISION_ENGINEER,
    Role.ASSESSOR,
    Role.SYSADMIN,
    Role.SECADMIN,
    Role.AUDITADMIN,
    Role.SUPERVISOR_APPROVER,
    Role.UNIT_LEADER,
    Role.UNIT_CLERK,
)


def accounts() -> list[dict[str, str]]:
    """The demo accounts for humans: username, password, unit, role — the Office first."""
    ordered = sorted(USERS, key=lambda u: (min(ROLE_ORDER.index(r) for r in u.roles), UNITS_ORDER.get(u.unit, -1)))
    rows = []
    for u in ordered:
        role = "、".join(ROLE_LABELS[r] for r in u.roles)
        if u.expertise:
            role += f"（{u.expertise}）"
        unit = UNIT_BY_KEY[u.unit].name if u.unit else "—（外聘专家）"
        rows.append({"username": u.username, "password": PASSWORD, "name": u.full_name, "unit": unit, "role": role})
    return rows


def accounts_markdown() -> str:
    lines = ["| 用户名 username | 密码 password | 单位 unit | 角色 role |", "|---|---|---|---|"]
    lines += [f"| `{a['username']}` | `{a['password']}` | {a['unit']} | {a['role']} |" for a in accounts()]
    return "\n".join(lines)


def accounts_text() -> str:
    """The same table for the terminal (load_demo prints it)."""
    rows = accounts()
    width = max(len(a["username"]) for a in rows)
    lines = [f"演示账号（密码均为 {PASSWORD}）："]
    lines += [f"  {a['username']:<{width}}  {a['role']} · {a['unit']} · {a['name']}" for a in rows]
    lines.append(TWO_FACTOR_NOTE)
    return "\n".join(lines)


# Every account logs in with a second factor (GB/T 22239-2019 8.1.4.1 d; the level-3 default policy); the
# demo accounts share one documented authenticator key (egovpm/demo/credentials.py).
TWO_FACTOR_NOTE = (
    "每个账号登录时还须输入双因素验证码：运行 .venv/bin/python manage.py demo_otp <用户名> 打印当前验证码，"
    "或把演示密钥 JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP 添加到手机身份验证器。"
)
