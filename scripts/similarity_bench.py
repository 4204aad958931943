#!/usr/bin/env python3
"""第五条: how fast the similar-projects check answers against 100,000 projects. Builds a throwaway SQLite
database (or the PostgreSQL one DATABASE_URL names, which it empties first: give it a database of its own),
fills the index with synthetic projects (names and construction contents drawn from a city's vocabulary),
then times egovpm.duplication.selectors.similar_to for queries that are near-duplicates of indexed
projects and for new ones, and the index's update of one project (project_index).

    .venv/bin/python scripts/similarity_bench.py [--projects 100000] [--queries 40]
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

TOWNS = ("汇龙镇", "南阳镇", "北新镇", "王鲍镇", "合作镇", "海复镇", "近海镇", "寅阳镇", "惠萍镇", "东海镇", "吕四港镇")
FIELDS = (
    "医疗",
    "卫生",
    "教育",
    "交通",
    "城管",
    "环保",
    "水利",
    "农业",
    "文旅",
    "民政",
    "人社",
    "公安",
    "司法",
    "应急",
    "市场监管",
    "税务",
    "财政",
    "统计",
    "住建",
    "自然资源",
    "档案",
    "党建",
    "政务服务",
    "信访",
    "残联",
    "退役军人",
    "渔业",
    "港口",
    "气象",
    "林业",
    "体育",
    "科技",
    "商务",
    "审计",
    "国资",
    "医保",
    "公积金",
    "供销",
    "妇联",
    "工会",
)
OBJECTS = (
    "监管",
    "调度",
    "指挥",
    "审批",
    "登记",
    "监测",
    "预警",
    "服务",
    "办公",
    "档案",
    "数据",
    "资源",
    "网格",
    "巡查",
    "考核",
    "分析",
    "决策",
    "视频",
    "物联感知",
    "移动执法",
    "信用",
    "追溯",
    "热线",
    "直报",
    "统计",
    "评价",
    "培训",
    "预约",
    "结算",
    "支付",
    "门户",
    "一网通办",
    "电子证照",
    "共享交换",
    "大屏",
    "地图",
    "台账",
    "溯源",
    "安防",
    "应急",
)
VERBS = ("采集", "归集", "上报", "审核", "发布", "查询", "统计", "分析", "预警", "派遣", "处置", "核查", "共享", "展示")
NOUNS = (
    "业务数据",
    "事件",
    "工单",
    "台账",
    "视频",
    "定位",
    "证照",
    "档案",
    "资金",
    "对象",
    "企业",
    "人员",
    "车辆",
    "设备",
    "点位",
    "报表",
    "指标",
    "案件",
    "信息",
    "图层",
    "预案",
    "物资",
    "任务",
    "样本",
    "合同",
    "票据",
    "问卷",
    "积分",
)
SUFFIXES = ("系统", "平台", "管理系统", "信息平台", "建设项目", "升级改造", "一期工程", "综合平台")


def synthetic(rng: random.Random) -> tuple[str, str]:
    town = rng.choice(TOWNS) if rng.random() < 0.3 else ""
    name = f"{town}{rng.choice(FIELDS)}{rng.choice(OBJECTS)}{rng.choice(OBJECTS)}{rng.choice(SUFFIXES)}"
    content = "、".join(f"{rng.choice(NOUNS)}{rng.choice(VERBS)}" for _ in range(rng.randint(4, 9)))
    return name, f"建设{rng.choice(FIELDS)}{rng.choice(OBJECTS)}，实现{content}。"


def build(texts: list[tuple[str, str]]) -> tuple[list[int], int]:
    """The projects and their index, written in bulk (the services index one project at a time)."""
    from django.db import connection, transaction

    from egovpm.core import clock
    from egovpm.duplication import domain
    from egovpm.duplication.models import IndexedProject, IndexGram, IndexPosting
    from egovpm.orgs.models import Unit, User
    from egovpm.projects.models import Project

    now = clock.now()
    df: dict[str, int] = {}
    with transaction.atomic():
        unit = Unit.objects.create(name="基准测试单位", code="9999", kind="department", short_name="基准")
        user = User.objects.create(username="bench", unit=unit)
        Project.objects.bulk_create(
            (
                Project(code=f"B{i:07d}", name=name[:200], unit=unit, created_at=now, created_by=user)
                for i, (name, _) in enumerate(texts)
            ),
            batch_size=5000,
        )
        ids = list(Project.objects.order_by("pk").values_list("pk", flat=True))
        IndexedProject.objects.bulk_create(
            (
                IndexedProject(project_id=pk, name=t[0], content=t[1], indexed_at=now)
                for pk, t in zip(ids, texts, strict=True)
            ),
            batch_size=5000,
        )
        insert = f"INSERT INTO {IndexPosting._meta.db_table} (document_id, gram, count) VALUES (%s, %s, %s)"
        rows = []
        with connection.cursor() as cursor:
            for pk, (name, content) in zip(ids, texts, strict=True):
                for g, c in domain.Text(name, content).index_grams().items():
                    rows.append((pk, g, c))
                    df[g] = df.get(g, 0) + 1
                if len(rows) > 200_000:
                    cursor.executemany(insert, rows)
                    rows = []
            cursor.executemany(insert, rows)
        IndexGram.objects.bulk_create((IndexGram(gram=g, df=n) for g, n in df.items()), batch_size=5000)
    return ids, len(df)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--projects", type=int, default=100_000)
    parser.add_argument("--queries", type=int, default=40)
    parser.add_argument("--keep", metavar="FILE", help="build into this SQLite file and keep it (or reuse it)")
    args = parser.parse_args()
    tmp = None
    reuse = bool(args.keep) and Path(args.keep).exists()
    if args.keep:
        os.environ["DATABASE_URL"] = f"sqlite:///{args.keep}"
    elif "DATABASE_URL" not in os.environ:
        handle, tmp = tempfile.mkstemp(prefix="egovpm-bench-", suffix=".sqlite3")
        os.close(handle)
        os.environ["DATABASE_URL"] = f"sqlite:///{tmp}"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "egovpm.config.settings.dev")
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection, transaction

    from egovpm.duplication import domain
    from egovpm.duplication.models import IndexPosting
    from egovpm.duplication.selectors import similar_to
    from egovpm.duplication.services import project_index
    from egovpm.projects.models import Project

    print(f"database: {connection.vendor} {os.environ['DATABASE_URL']}")
    if tmp is None and not args.keep:
        call_command("flush", interactive=False, verbosity=0)
    rng = random.Random(2026)
    texts = [synthetic(rng) for _ in range(args.projects)]
    if reuse:
        ids = list(Project.objects.order_by("pk").values_list("pk", flat=True))[: len(texts)]
        print(f"reusing {len(ids):,} projects, {IndexPosting.objects.count():,} postings")
    else:
        t0 = time.perf_counter()
        call_command("migrate", verbosity=0)
        print(f"migrate: {time.perf_counter() - t0:.1f} s")
        t0 = time.perf_counter()
        ids, grams = build(texts)
        postings = IndexPosting.objects.count()
        print(
            f"built {len(ids):,} projects, {postings:,} postings, {grams:,} grams in {time.perf_counter() - t0:.1f} s"
        )
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE" if connection.vendor == "sqlite" else f"ANALYZE {IndexPosting._meta.db_table}")

    def timed(text, exclude=None):
        start = time.perf_counter()
        result = similar_to(text, exclude=exclude, limit=10)
        return (time.perf_counter() - start) * 1000, result

    timed(domain.Text(*synthetic(rng)))  # warm the caches
    near, new, found = [], [], 0
    for _ in range(args.queries):
        k = rng.randrange(len(ids))
        name, content = texts[k]
        ms, result = timed(domain.Text(name.replace("系统", "平台") + "建设", content[:-1] + "，并对接共享平台。"))
        near.append(ms)
        found += bool(result) and result[0][0] == ids[k]
        new.append(timed(domain.Text(*synthetic(rng)))[0])
    for label, values in (("near-duplicate queries", near), ("new-project queries", new)):
        values.sort()
        p95 = values[int(0.95 * (len(values) - 1))]
        print(
            f"{label}: median {statistics.median(values):.0f} ms, p95 {p95:.0f} ms, max {values[-1]:.0f} ms "
            f"({len(values)} queries)"
        )
    print(f"near-duplicates found first: {found}/{args.queries}")
    project = Project.objects.get(pk=ids[0])
    start = time.perf_counter()
    with transaction.atomic():
        project.name = "城管网格巡查移动执法系统"
        project.save(update_fields=["name"])
        project_index(project=project)
    print(f"index update of one project: {(time.perf_counter() - start) * 1000:.0f} ms")
    if tmp is not None:
        connection.close()
        os.unlink(tmp)


if __name__ == "__main__":
    main()
