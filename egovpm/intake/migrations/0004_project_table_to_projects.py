# Project moves from intake to the projects app (the aggregate of the whole life). No data moves: the table
# is renamed, and the models' state follows in projects/0001, documents/0005 and intake/0005.

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("intake", "0003_coordinateditem_filing_infrastructuredecision_and_more"),
    ]

    operations = [
        migrations.AlterModelTable(name="project", table="projects_project"),
    ]
