from django import forms
from django.utils.translation import gettext_lazy as _


class UploadForm(forms.Form):
    file = forms.FileField(
        label=_("Datei"),
        help_text=_("MP4, MKV, WebM, MP3 oder WAV; wird mit ffprobe geprüft."),
        widget=forms.ClearableFileInput(
            attrs={"accept": ".mp4,.mkv,.webm,.mp3,.wav,video/*,audio/*"}
        ),
    )
    title = forms.CharField(label=_("Titel"), max_length=200, required=False)
    started_at = forms.DateTimeField(
        label=_("Beginn der Aufzeichnung"),
        help_text=_("Datum und Uhrzeit des ersten Bildes bzw. Tons (für die Kapitel)."),
        widget=forms.DateTimeInput(attrs={"type": "datetime-local", "step": "1"}),
        input_formats=[
            "%Y-%m-%dT%H:%M:%S",
            "%Y-%m-%dT%H:%M",
            "%Y-%m-%d %H:%M:%S",
            "%Y-%m-%d %H:%M",
        ],
    )
