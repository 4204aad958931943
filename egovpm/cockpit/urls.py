from django.urls import path

from . import views

app_name = "cockpit"

urlpatterns = [
    path("", views.todo, name="todo"),
    path("cockpit/", views.cockpit, name="cockpit"),
    path("help/lifecycle/", views.help_lifecycle, name="help_lifecycle"),
    path("calendar/", views.calendar, name="calendar"),
]
