"""URL patterns of the accounts pages: login, logout and each user's own credentials (账户安全)."""

from django.urls import path

from . import views_accounts as views

app_name = "accounts"

urlpatterns = [
    path("login/", views.login, name="login"),
    path("logout/", views.logout_view, name="logout"),
    path("security/", views.account, name="account"),
    path("password/", views.password_change, name="password_change"),
    path("two-factor/verify/", views.two_factor_verify, name="two_factor_verify"),
    path("two-factor/enrol/", views.two_factor_enrol, name="two_factor_enrol"),
    path("two-factor/recovery-codes/", views.recovery_codes, name="recovery_codes"),
    path("two-factor/recovery-codes/regenerate/", views.recovery_codes_regenerate, name="recovery_codes_regenerate"),
    path("two-factor/disable/", views.two_factor_disable, name="two_factor_disable"),
]
