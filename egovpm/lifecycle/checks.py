from django.core.checks import Error, register

from .table import WORKFLOWS, problems


@register()
def check_lifecycle(app_configs, **kwargs):
    """egovpm.E002: the lifecycle table must be consistent with itself and the policy."""
    from django.conf import settings

    from egovpm.policy.domain import PolicyError
    from egovpm.policy.loader import load_policy_file

    try:
        deadlines = load_policy_file(settings.EGOVPM_POLICY).deadline_keys()
    except (OSError, PolicyError, ValueError):
        deadlines = frozenset()  # egovpm.E001 reports the policy itself
    return [
        Error(f"生命周期表不一致：{p}", id="egovpm.E002")
        for wf in WORKFLOWS.values()
        for p in problems(wf, deadlines=deadlines)
    ]
