"""Forms of the organisers' agenda editor."""

from django import forms
from django.utils.translation import gettext_lazy as _

from hearing.council.models import Person
from hearing.hearings.models import ATTACHMENT_EXTENSIONS, AgendaItem


class AgendaItemForm(forms.ModelForm):
    """One agenda item. Validation is the model's (AgendaItem.clean): a title, a duration of at
    least a minute, inside the hearing's time, no overlap with another item. Speakers are the
    persons of the hearing's body."""

    class Meta:
        model = AgendaItem
        fields = [
            "number", "title", "kind", "planned_start", "planned_duration", "speakers",
            "speaker_note", "description",
        ]  # fmt: skip
        widgets = {
            "planned_start": forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
            "planned_duration": forms.NumberInput(attrs={"min": 1, "max": 600}),
            "speakers": forms.CheckboxSelectMultiple,
            "description": forms.Textarea(attrs={"rows": 4}),
        }

    def __init__(self, *args, hearing, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.hearing = hearing
        self.fields["speakers"].queryset = Person.objects.filter(
            deleted=False, body_id=hearing.body_id
        ).order_by("name")
        self.fields["speakers"].required = False


class AttachmentForm(forms.Form):
    title = forms.CharField(label=_("Titel"), max_length=200, required=False)
    file = forms.FileField(
        label=_("Datei"),
        help_text=_("Erlaubt: %(types)s") % {"types": ", ".join(ATTACHMENT_EXTENSIONS)},
    )
