from django.contrib import admin, messages

from egovpm.core.errors import Refused

from .models import ApiToken
from .services import api_token_revoke


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    """The system administrator sees every user's tokens and revokes them (audited). Tokens are created
    by their user on the token page, where the secret is shown once; nothing here shows a secret."""

    list_display = ["prefix", "name", "user", "scope", "created_at", "expires_at", "last_used_at", "revoked_at"]
    list_filter = ["scope", ("revoked_at", admin.EmptyFieldListFilter)]
    list_select_related = ["user"]
    search_fields = ["name", "prefix", "user__username", "user__last_name"]
    readonly_fields = [
        "user",
        "name",
        "prefix",
        "scope",
        "created_at",
        "created_by",
        "expires_at",
        "last_used_at",
        "revoked_at",
        "revoked_by",
    ]
    exclude = ["key_hash"]
    actions = ["revoke"]

    @admin.action(description="吊销所选令牌")
    def revoke(self, request, queryset):
        done = 0
        for token in queryset.filter(revoked_at__isnull=True).select_related("user"):
            try:
                api_token_revoke(actor=request.user, token=token)
                done += 1
            except Refused as exc:
                self.message_user(request, exc.message, messages.ERROR)
        self.message_user(request, f"已吊销 {done} 个令牌。", messages.SUCCESS)

    def has_module_permission(self, request):
        return admin.site.has_permission(request)

    def has_view_permission(self, request, obj=None):
        return admin.site.has_permission(request)

    def has_change_permission(self, request, obj=None):
        return False

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
