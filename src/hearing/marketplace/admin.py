from django.contrib import admin

from hearing.core.admin import KeepRows
from hearing.core.audit import log_action
from hearing.marketplace.models import Message, Stand


@admin.register(Stand)
class StandAdmin(KeepRows, admin.ModelAdmin):
    list_display = ["number", "title", "exhibitor", "kind", "hearing", "visits"]
    list_filter = ["hearing", "kind"]
    filter_horizontal = ["records"]
    readonly_fields = ["visits", "exhibitor_link"]

    @admin.display(description="Link für Aussteller*innen")
    def exhibitor_link(self, obj):
        return obj.exhibitor_url() if obj.pk else ""

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        action = "marketplace.stand.changed" if change else "marketplace.stand.created"
        log_action(action, request.user, obj, {"fields": sorted(form.changed_data)})


@admin.register(Message)
class MessageAdmin(admin.ModelAdmin):
    list_display = ["stand", "kind", "channel", "status", "created"]
    list_filter = ["status", "kind", "channel"]
    readonly_fields = [
        "stand",
        "kind",
        "channel",
        "text",
        "author_name",
        "moderated_by",
        "moderated_at",
    ]
