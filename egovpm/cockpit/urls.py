app_name = "cockpit"
urlpatterns = []
