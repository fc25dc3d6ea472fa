from django.contrib import admin

from hearing.core.models import AuditLogEntry


class KeepRows:
    """For rows that are published or part of the record: the admin never removes them.

    What has a ``deleted`` field is marked deleted (OParl 1.1 lists it as a tombstone, section 3.4
    "Gelöschte Objekte", so a client that synchronises with ``modified_since`` learns it is gone);
    a register record is withdrawn, a participant's data is erased by the privacy action, a
    recording stays with its transcript. A removed row would vanish from OParl without a trace and
    take what depends on it along (a recording its transcript, a stand its messages). Use it as the
    first base of a ModelAdmin or an inline.
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
