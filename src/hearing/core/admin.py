from django.contrib import admin

from hearing.core.models import AuditLogEntry


class MarkDeletedOnly:
    """For rows that OParl and the public pages publish (they have a ``deleted`` field): the admin
    ticks "deleted"; removing the row is not offered.

    A removed row would leave OParl without the tombstone that OParl 1.1 (section 3.4, "Gelöschte
    Objekte") asks for, so a client that synchronises with ``modified_since`` never learns it is
    gone. Use it as the first base of a ModelAdmin or an inline.
    """

    can_delete = False  # inlines: no "delete" column

    def has_delete_permission(self, request, obj=None):
        return False


class ReadOnlyAdmin(admin.ModelAdmin):
    """Records that change only through their named actions (the audit log, the event log, what a
    hearing recorded): listed and shown here, never added, edited or removed."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(AuditLogEntry)
class AuditLogEntryAdmin(ReadOnlyAdmin):
    list_display = ["created", "action", "actor", "object_repr"]
    list_filter = ["action"]
    search_fields = ["action", "object_repr"]
    readonly_fields = [f.name for f in AuditLogEntry._meta.fields]
