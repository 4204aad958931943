from django.core.checks import Error, register

from .domain import PolicyError, problems
from .loader import load_policy_file


@register()
def check_policy(app_configs, **kwargs):
    """egovpm.E001: the policy in force must load and be consistent, or start-up fails."""
    from django.conf import settings

    try:
        policy = load_policy_file(settings.EGOVPM_POLICY)
    except (OSError, PolicyError, ValueError) as exc:
        return [Error(f"政策数据无法加载：{exc}", id="egovpm.E001")]
    return [Error(f"政策数据不一致：{p}", id="egovpm.E001") for p in problems(policy)]
