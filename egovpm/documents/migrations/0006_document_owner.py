# The document's owning record as a generic relation (owner_type, owner_id); nullable until 0007 fills
# it from the foreign keys it replaces, required from 0008 on.

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('contenttypes', '0002_remove_content_type_name'),
        ('documents', '0005_project_in_projects'),
    ]

    operations = [
        migrations.AddField(
            model_name='document',
            name='owner_type',
            field=models.ForeignKey(null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to='contenttypes.contenttype'),
        ),
        migrations.AddField(
            model_name='document',
            name='owner_id',
            field=models.PositiveBigIntegerField(null=True, verbose_name='所属记录 ID'),
        ),
    ]
