from django.contrib import admin

from hearing.core.admin import KeepRows
from hearing.core.audit import log_action
from hearing.register.models import Record


@admin.register(Record)
class RecordAdmin(KeepRows, admin.ModelAdmin):
    list_display = ["name", "organisation", "country", "source", "status", "completeness"]
    list_filter = ["source", "country", "status", "theme", "technique", "ai_act_risk_class"]
    search_fields = ["name", "organisation", "source_id"]
    readonly_fields = ["completeness", "withdrawn_at", "derived"]

    def get_readonly_fields(self, request, obj=None):
        # Imported records keep their source and source id; a re-import finds them by these.
        if obj is not None:
            return ["source", "source_id", *self.readonly_fields]
        return self.readonly_fields

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        action = "register.record.changed" if change else "register.record.created"
        log_action(action, request.user, obj, {"fields": sorted(form.changed_data)})
