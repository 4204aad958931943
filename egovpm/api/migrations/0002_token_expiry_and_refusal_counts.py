"""API tokens expire: a token issued before expiry existed runs out 90 days (the level-3 default of
api_token_days) after it was created. The refused calls' counts per window."""

import datetime as dt

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


TOKEN_DAYS = 90  # security/data/mlps3.json api_token_days when this migration was written


def expire_existing(apps, schema_editor):
    ApiToken = apps.get_model("api", "ApiToken")
    for token in ApiToken.objects.filter(expires_at__isnull=True):
        token.expires_at = token.created_at + dt.timedelta(days=TOKEN_DAYS)
        token.save(update_fields=["expires_at"])


class Migration(migrations.Migration):

    dependencies = [
        ('api', '0001_initial'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name='apitoken',
            name='expires_at',
            field=models.DateTimeField(null=True, verbose_name='到期时间'),
        ),
        migrations.RunPython(expire_existing, migrations.RunPython.noop),
        migrations.AlterField(
            model_name='apitoken',
            name='expires_at',
            field=models.DateTimeField(verbose_name='到期时间'),
        ),
        migrations.CreateModel(
            name='ApiRefusalCount',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('window_start', models.DateTimeField(verbose_name='时间窗开始')),
                ('key', models.CharField(max_length=200, verbose_name='计数键')),
                ('code', models.CharField(max_length=20, verbose_name='拒绝类型')),
                ('ip', models.GenericIPAddressField(blank=True, null=True, verbose_name='来源 IP')),
                ('count', models.PositiveIntegerField(default=1, verbose_name='次数')),
                ('last_path', models.CharField(blank=True, max_length=300, verbose_name='最近请求')),
                ('last_at', models.DateTimeField(verbose_name='最近时间')),
                ('user', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='用户')),
            ],
            options={
                'verbose_name': 'API 拒绝计数',
                'verbose_name_plural': 'API 拒绝计数',
                'constraints': [models.UniqueConstraint(fields=('window_start', 'key'), name='api_refusal_one_row_per_window')],
            },
        ),
    ]
