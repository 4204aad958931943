"""第六条 infrastructure coordination. Mounted under intake/ (egovpm.config.urls): the addresses stayed when
coordination left intake."""

from django.urls import path

from . import views

app_name = "coordination"

urlpatterns = [
    path("coordination/", views.coordination_list, name="coordination_list"),
    path("coordination/items/new/", views.coordinated_item_create, name="coordinated_item_create"),
    path("<int:pk>/coordination/fold/", views.coordination_fold, name="coordination_fold"),
    path("<int:pk>/coordination/standalone/", views.coordination_standalone, name="coordination_standalone"),
]
