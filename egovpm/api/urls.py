from functools import wraps

from django.urls import URLPattern, path, re_path

from . import views
from .api import api


def _json_method_not_allowed(view):
    """ninja answers an unsupported method with a plain-text 405; the API answers every error in JSON."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        response = view(request, *args, **kwargs)
        if response.status_code == 405 and not response.get("Content-Type", "").startswith("application/json"):
            return views.api_method_not_allowed(response["Allow"])
        return response

    return wrapper


def _api_patterns():
    patterns, app_name, namespace = api.urls
    for pattern in patterns:
        if isinstance(pattern, URLPattern):
            pattern.callback = _json_method_not_allowed(pattern.callback)
    return patterns, app_name, namespace


app_name = "api"

urlpatterns = [
    path("tokens/", views.token_list, name="token_list"),
    path("tokens/<int:pk>/revoke/", views.token_revoke, name="token_revoke"),
    path("v1/", views.api_not_found),
    path("v1/", _api_patterns()),
    re_path(r"^v1/(?P<rest>.*)$", views.api_not_found),
]
