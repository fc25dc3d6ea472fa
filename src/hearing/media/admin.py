from django.contrib import admin

from hearing.core.admin import KeepRows
from hearing.media.models import Recording, Stream


@admin.register(Stream)
class StreamAdmin(admin.ModelAdmin):
    list_display = ["hearing", "is_live", "live_since", "last_ended", "key_revoked"]
    list_filter = ["is_live", "key_revoked"]
    # The key is shown and rotated on the organisers' stream page, with an audit entry.
    exclude = ["key"]
    readonly_fields = ["is_live", "live_since", "last_ended", "client_addr"]


@admin.register(Recording)
class RecordingAdmin(KeepRows, admin.ModelAdmin):
    list_display = [
        "__str__",
        "hearing",
        "source",
        "track",
        "started_at",
        "duration",
        "size",
        "state",
    ]
    list_filter = ["source", "track", "state", "hearing"]
    list_select_related = ["hearing"]
    readonly_fields = ["file", "source", "duration", "size", "sha256", "mime_type", "has_video"]
