# Every document has its owner (0007); the foreign keys it replaces go, and versions accumulate per
# (owner, kind).

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('documents', '0007_document_owner_backfill'),
    ]

    operations = [
        migrations.RemoveConstraint(
            model_name='document',
            name='unique_document_version',
        ),
        migrations.RemoveField(
            model_name='document',
            name='declaration',
        ),
        migrations.RemoveField(
            model_name='document',
            name='filing',
        ),
        migrations.AlterField(
            model_name='document',
            name='owner_type',
            field=models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to='contenttypes.contenttype'),
        ),
        migrations.AlterField(
            model_name='document',
            name='owner_id',
            field=models.PositiveBigIntegerField(verbose_name='所属记录 ID'),
        ),
        migrations.AddConstraint(
            model_name='document',
            constraint=models.UniqueConstraint(fields=('owner_type', 'owner_id', 'kind', 'version'), name='unique_document_version'),
        ),
    ]
