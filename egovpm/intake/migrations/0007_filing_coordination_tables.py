# Filing moves to the filings app, CoordinatedItem and InfrastructureDecision to the coordination app. No data
# moves: the tables are renamed, and the models' state follows in filings/0001, coordination/0001 and
# intake/0008 (as Project's did: intake/0004, projects/0001, intake/0005).

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        # The documents' old foreign key to intake.filing is gone before Filing leaves intake.
        ("documents", "0008_document_owner_required"),
        ("intake", "0006_stage_of_its_procedure"),
    ]

    operations = [
        migrations.AlterModelTable(name="filing", table="filings_filing"),
        migrations.AlterModelTable(name="coordinateditem", table="coordination_coordinateditem"),
        migrations.AlterModelTable(name="infrastructuredecision", table="coordination_infrastructuredecision"),
    ]
