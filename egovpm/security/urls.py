"""URL patterns of the security administrator's pages."""

from django.urls import path

from . import views_admin

app_name = "security"

urlpatterns = [
    path("users/", views_admin.user_list, name="user_list"),
    path("users/<int:pk>/roles/", views_admin.user_roles, name="user_roles"),
    path("users/<int:pk>/unlock/", views_admin.user_unlock, name="user_unlock"),
    path("policy/", views_admin.policy, name="policy"),
]
