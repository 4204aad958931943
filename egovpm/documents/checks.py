"""egovpm.E020: uploaded files are stored outside every web root and no URL serves their folder; only
documents.views.download, which checks permission, hands them out."""

from __future__ import annotations

from pathlib import Path

from django.core.checks import Error, register

ID = "egovpm.E020"


def _inside(path: Path, root: Path) -> bool:
    return path == root or root in path.parents


def _patterns(resolver):
    for pattern in resolver.url_patterns:
        if hasattr(pattern, "url_patterns"):
            yield from _patterns(pattern)
        else:
            yield pattern


def private_storage_problems() -> list[str]:
    from django.conf import settings
    from django.urls import get_resolver
    from django.views import static

    private = Path(settings.PRIVATE_STORAGE_ROOT).resolve()
    problems = []
    web_roots = [("STATIC_ROOT", settings.STATIC_ROOT), ("MEDIA_ROOT", settings.MEDIA_ROOT)]
    web_roots += [("STATICFILES_DIRS", d[1] if isinstance(d, tuple) else d) for d in settings.STATICFILES_DIRS]
    for name, root in web_roots:
        if root and (_inside(private, Path(root).resolve()) or _inside(Path(root).resolve(), private)):
            problems.append(f"上传文件目录 {private} 与 {name}（{root}）重叠，文件可能被直接访问。")
    storage = settings.STORAGES["default"]
    options = storage.get("OPTIONS", {})
    if Path(options.get("location", "")).resolve() != private:
        problems.append("默认文件存储的 location 必须是 PRIVATE_STORAGE_ROOT。")
    if options.get("base_url", "") is not None:
        problems.append("默认文件存储不得有 base_url：上传文件只经 documents.views.download 下载。")
    for pattern in _patterns(get_resolver()):
        if pattern.callback is static.serve:
            root = Path(pattern.default_args.get("document_root", "")).resolve()
            if _inside(root, private) or _inside(private, root):
                problems.append(f"网址 {pattern.pattern} 直接提供上传文件目录。")
    return problems


@register()
def check_private_storage(app_configs, **kwargs):
    return [Error(p, id=ID) for p in private_storage_problems()]
