from django.core.checks import Error, register
from django.utils.module_loading import import_string


@register()
def check_services(app_configs, **kwargs):
    """egovpm.E003: every service the lifecycle table names can be imported and called."""
    from egovpm.lifecycle.table import WORKFLOWS

    errors = []
    for wf in WORKFLOWS.values():
        for t in wf.transitions:
            if not t.service:
                continue
            try:
                service = import_string(t.service)
            except ImportError as exc:
                errors.append(Error(f"生命周期表 {wf.name}.{t.action} 指定的服务无法导入：{exc}", id="egovpm.E003"))
                continue
            if not callable(service):
                errors.append(
                    Error(f"生命周期表 {wf.name}.{t.action} 指定的服务不可调用：{t.service}", id="egovpm.E003")
                )
    return errors
