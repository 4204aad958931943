app_name = "duplication"
urlpatterns = []
