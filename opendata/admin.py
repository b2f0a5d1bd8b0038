from django.contrib import admin

from .models import Withdrawal


@admin.register(Withdrawal)
class WithdrawalAdmin(admin.ModelAdmin):
    """Read-only: the tombstones are written by the publication signals, never by hand."""

    list_display = ["slug", "withdrawn_at"]
    search_fields = ["slug"]
    date_hierarchy = "withdrawn_at"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
