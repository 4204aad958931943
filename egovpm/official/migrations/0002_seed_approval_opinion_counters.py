"""Written opinions numbered before the official documents' counters existed (intake numbered them from the
highest seq of their year): each year's counter starts after them, so no number is given twice."""

from django.db import migrations
from django.db.models import Max


def seed(apps, schema_editor):
    ApprovalOpinion = apps.get_model("intake", "ApprovalOpinion")
    NumberCounter = apps.get_model("official", "NumberCounter")
    years = ApprovalOpinion.objects.dates("issued_on", "year")
    for year in years:
        last = ApprovalOpinion.objects.filter(issued_on__year=year.year).aggregate(m=Max("seq"))["m"] or 0
        NumberCounter.objects.update_or_create(kind="approval_opinion", year=year.year, defaults={"last": last})


class Migration(migrations.Migration):
    dependencies = [
        ("official", "0001_initial"),
        ("intake", "0009_funding_checks_exact_on_every_database"),
    ]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
