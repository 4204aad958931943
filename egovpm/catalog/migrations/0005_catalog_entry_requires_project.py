"""Every catalog entry now belongs to a project: require it, and a code is unique within the project."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("catalog", "0004_catalog_entries_to_projects")]

    operations = [
        migrations.AlterField(
            model_name="resourcecatalogentry",
            name="project",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.PROTECT,
                related_name="catalog_entries",
                to="projects.project",
                verbose_name="项目",
            ),
        ),
        migrations.AddConstraint(
            model_name="resourcecatalogentry",
            constraint=models.UniqueConstraint(fields=("project", "code"), name="unique_catalog_code"),
        ),
        migrations.AddConstraint(
            model_name="resourcecatalogentry",
            constraint=models.CheckConstraint(condition=models.Q(("version__gte", 1)), name="catalog_entry_version_from_one"),
        ),
    ]
