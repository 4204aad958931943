from django.contrib import admin

from .models import AuditEvent


@admin.register(AuditEvent)
class AuditEventAdmin(admin.ModelAdmin):
    """Read-only: no code path edits or deletes an event."""

    list_display = ["seq", "created_at", "actor_name", "actor_unit", "action", "object_repr"]
    list_filter = ["action", "object_type"]
    search_fields = ["object_repr", "actor_name", "reason"]

    def has_module_permission(self, request):
        return admin.site.has_permission(request)

    def has_view_permission(self, request, obj=None):
        return admin.site.has_permission(request)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
