from django.contrib import admin
from django.urls import include, path

from egovpm.security.admin_site import restrict_admin_to_sysadmin

restrict_admin_to_sysadmin(admin.site)

urlpatterns = [
    path("accounts/", include("egovpm.security.urls_accounts")),
    path("security/", include("egovpm.security.urls")),
    path("audit/", include("egovpm.security.urls_audit")),
    path("admin/", admin.site.urls),
    path("intake/", include("egovpm.intake.urls")),
    path("intake/", include("egovpm.filings.urls")),
    path("intake/", include("egovpm.coordination.urls")),
    path("experts/", include("egovpm.experts.urls")),
    path("catalog/", include("egovpm.catalog.urls")),
    path("intake/", include("egovpm.duplication.urls")),
    path("construction/", include("egovpm.construction.urls")),
    path("procurement/", include("egovpm.procurement.urls")),
    path("supervision/", include("egovpm.supervision.urls")),
    path("accountability/", include("egovpm.accountability.urls")),
    path("acceptance/", include("egovpm.acceptance.urls")),
    path("operations/", include("egovpm.operations.urls")),
    path("evaluations/", include("egovpm.evaluation.urls")),
    path("documents/", include("egovpm.documents.urls")),
    path("notifications/", include("egovpm.notifications.urls")),
    path("official/", include("egovpm.official.urls")),
    path("api/", include("egovpm.api.urls")),
    path("", include("egovpm.cockpit.urls")),
]

# A locked database met outside a view answers 503 「系统繁忙」 (egovpm.core.busy); any other error the Chinese 500.
handler500 = "egovpm.core.busy.server_error"
