from django.apps import AppConfig, apps
from django.utils.translation import gettext_lazy as _


class OparlConfig(AppConfig):
    name = "hearing.oparl"
    label = "oparl"
    verbose_name = _("OParl-Schnittstelle")

    def ready(self):
        from hearing.oparl import files

        # Each app whose records are OParl files is one provider; see hearing.oparl.files.
        files.register(files.attachment_provider())
        if apps.is_installed("hearing.media"):
            files.register(files.recording_provider())
        if apps.is_installed("hearing.documentation"):
            files.register(files.transcript_provider())
            files.register(files.protocol_provider())
