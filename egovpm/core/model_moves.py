"""Moving a model to another app without moving its rows (docs/architecture.md, "Moving data"): the table is
renamed in the old app, the state is created in the new one, and the model's content type row changes its
app label so that every generic reference to it (a document's owner, a step's owner, a deadline extension)
keeps pointing at the same rows."""

from __future__ import annotations

from django.db import migrations


def content_types_moved(old_app: str, new_app: str, *models: str) -> migrations.RunPython:
    """The migration operation that relabels the content types of `models` (lower-case model names) from
    `old_app` to `new_app`, and back when reversed. A database without the rows (a new one: content types
    are created after migrating) has nothing to relabel."""

    def relabel(source: str, target: str):
        def run(apps, schema_editor):
            content_type = apps.get_model("contenttypes", "ContentType")
            rows = content_type.objects.using(schema_editor.connection.alias)
            for model in models:
                if not rows.filter(app_label=target, model=model).exists():
                    rows.filter(app_label=source, model=model).update(app_label=target)

        return run

    return migrations.RunPython(relabel(old_app, new_app), relabel(new_app, old_app))
