"""The catalog moves from the declaration to the project (第十六条, 第二十条) and gains its history, in three
migrations: here the project and the version table are added beside the declaration, renamed
first_declaration (the declaration each entry was first declared with); 0004 fills them; 0005 requires the
project and makes the code unique per project."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("catalog", "0002_initial"),
        ("intake", "0006_stage_of_its_procedure"),
        ("projects", "0006_deadline_extension_append_only"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.RemoveConstraint(model_name="resourcecatalogentry", name="unique_catalog_code"),
        migrations.RenameField(model_name="resourcecatalogentry", old_name="declaration", new_name="first_declaration"),
        migrations.AlterField(
            model_name="resourcecatalogentry",
            name="first_declaration",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="intake.declaration",
                verbose_name="首次申报",
            ),
        ),
        migrations.AddField(
            model_name="resourcecatalogentry",
            name="project",
            field=models.ForeignKey(
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="catalog_entries",
                to="projects.project",
                verbose_name="项目",
            ),
        ),
        migrations.AddField(
            model_name="resourcecatalogentry",
            name="version",
            field=models.PositiveIntegerField(default=1, verbose_name="版本"),
        ),
        migrations.CreateModel(
            name="CatalogEntryVersion",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("name", models.CharField(max_length=200, verbose_name="资源名称")),
                ("code", models.CharField(max_length=60, verbose_name="资源代码")),
                ("provider", models.CharField(max_length=200, verbose_name="提供方")),
                ("category", models.CharField(max_length=100, verbose_name="分类")),
                ("summary", models.TextField(verbose_name="摘要")),
                ("format", models.CharField(max_length=60, verbose_name="格式")),
                ("items", models.TextField(help_text="每行一个信息项", verbose_name="信息项")),
                (
                    "share_type",
                    models.CharField(
                        choices=[("unconditional", "无条件共享"), ("conditional", "有条件共享"), ("none", "不予共享")],
                        max_length=20,
                        verbose_name="共享类型",
                    ),
                ),
                ("share_condition", models.TextField(blank=True, verbose_name="共享条件或不予共享依据")),
                (
                    "open_attribute",
                    models.CharField(
                        choices=[("open", "向社会开放"), ("conditional", "有条件开放"), ("closed", "不予开放")],
                        max_length=20,
                        verbose_name="开放属性",
                    ),
                ),
                (
                    "update_cycle",
                    models.CharField(
                        choices=[
                            ("realtime", "实时"),
                            ("daily", "每日"),
                            ("weekly", "每周"),
                            ("monthly", "每月"),
                            ("quarterly", "每季度"),
                            ("yearly", "每年"),
                            ("irregular", "不定期"),
                        ],
                        max_length=20,
                        verbose_name="更新周期",
                    ),
                ),
                ("entry_key", models.PositiveBigIntegerField(verbose_name="条目编号")),
                ("number", models.PositiveIntegerField(verbose_name="版本")),
                (
                    "change",
                    models.CharField(
                        choices=[("added", "登记"), ("edited", "修改"), ("removed", "删除")],
                        max_length=10,
                        verbose_name="变更",
                    ),
                ),
                ("stage", models.CharField(max_length=30, verbose_name="变更时阶段")),
                ("changed_at", models.DateTimeField(verbose_name="变更时间")),
                (
                    "changed_by",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                        verbose_name="变更人",
                    ),
                ),
                (
                    "declaration",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to="intake.declaration",
                        verbose_name="变更时所在申报",
                    ),
                ),
                (
                    "project",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="catalog_versions",
                        to="projects.project",
                        verbose_name="项目",
                    ),
                ),
            ],
            options={
                "verbose_name": "政务信息资源目录条目版本",
                "verbose_name_plural": "政务信息资源目录条目版本",
                "ordering": ["project", "-changed_at", "-id"],
                "indexes": [models.Index(fields=["project", "entry_key"], name="catalog_version_of")],
                "constraints": [
                    models.UniqueConstraint(fields=("entry_key", "number"), name="catalog_version_once"),
                    models.CheckConstraint(condition=models.Q(("number__gte", 1)), name="catalog_version_from_one"),
                    models.CheckConstraint(
                        condition=models.Q(
                            models.Q(("change", "added"), ("number", 1)),
                            models.Q(models.Q(("change", "added"), _negated=True), ("number__gt", 1)),
                            _connector="OR",
                        ),
                        name="catalog_version_added_first",
                    ),
                    models.CheckConstraint(
                        condition=models.Q(
                            ("share_type", "unconditional"),
                            models.Q(("share_condition", ""), _negated=True),
                            _connector="OR",
                        ),
                        name="catalog_version_share_has_basis",
                    ),
                ],
            },
        ),
    ]
