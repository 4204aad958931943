"""URL patterns of the security pages."""

from django.urls import path  # noqa: F401

app_name = "security"

urlpatterns = []
