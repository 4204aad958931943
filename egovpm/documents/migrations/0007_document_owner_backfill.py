# Each document's owner from the foreign key it had. Data only, in a migration of its own: on
# PostgreSQL the updated rows' deferred foreign key checks must not meet 0008's ALTER TABLE in one
# transaction.

from django.db import migrations
from django.db.migrations.exceptions import IrreversibleError
from django.db.models import Count, F

# The foreign key a document had → its owner's model. In this order: a row with both a declaration and
# a filing was the declaration's (the filing's documents were those without a declaration); a row with
# neither, which no code wrote and nobody could read, keeps its project as owner (still readable by
# nobody: projects registers no reader).
LINKS = (
    ('declaration', ('intake', 'declaration')),
    ('filing', ('intake', 'filing')),
    ('project', ('projects', 'project')),
)


def owners_from_links(apps, schema_editor):
    ContentType = apps.get_model('contenttypes', 'ContentType')
    Document = apps.get_model('documents', 'Document')
    db = schema_editor.connection.alias
    for link, (app_label, model) in LINKS:
        rows = Document.objects.using(db).filter(owner_type__isnull=True, **{f'{link}__isnull': False})
        if rows.exists():
            owner_type, _ = ContentType.objects.db_manager(db).get_or_create(app_label=app_label, model=model)
            rows.update(owner_type=owner_type, owner_id=F(f'{link}_id'))
    clashes = list(
        Document.objects.using(db)
        .values('owner_type', 'owner_id', 'kind', 'version')
        .annotate(n=Count('id'))
        .filter(n__gt=1)
        .order_by('owner_type', 'owner_id', 'kind', 'version')
    )
    if clashes:
        raise RuntimeError(
            '同一记录的同类材料有重复的版本号，无法建立唯一约束；请先更正这些文件的版本号：'
            + '；'.join(f"{c['owner_type']}/{c['owner_id']}/{c['kind']} v{c['version']}（{c['n']} 份）" for c in clashes)
        )


def links_from_owners(apps, schema_editor):
    ContentType = apps.get_model('contenttypes', 'ContentType')
    Document = apps.get_model('documents', 'Document')
    db = schema_editor.connection.alias
    types = {(t.app_label, t.model): t.pk for t in ContentType.objects.using(db).all()}
    owner_types = {link: types[owner] for link, owner in LINKS if owner in types}
    others = Document.objects.using(db).exclude(owner_type__in=list(owner_types.values())).count()
    if others:
        raise IrreversibleError(f'有 {others} 份文件属于 0007 之前没有外键可指的记录，无法回退。')
    for link in ('declaration', 'filing'):
        if link in owner_types:
            Document.objects.using(db).filter(owner_type=owner_types[link]).update(**{f'{link}_id': F('owner_id')})


class Migration(migrations.Migration):

    dependencies = [
        ('documents', '0006_document_owner'),
    ]

    operations = [
        migrations.RunPython(owners_from_links, links_from_owners),
    ]
