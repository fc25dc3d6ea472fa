from django import forms
from django.utils.translation import gettext_lazy as _

from hearing.marketplace.enums import Channel, MessageKind
from hearing.marketplace.models import MESSAGE_MAX


class MessageForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("Was möchten Sie hinterlassen?"),
        choices=MessageKind.choices,
        widget=forms.RadioSelect,
        initial=MessageKind.QUESTION,
    )
    channel = forms.ChoiceField(
        label=_("Wie nehmen Sie teil?"),
        choices=Channel.choices,
        widget=forms.RadioSelect,
        initial=Channel.ROOM,
    )
    text = forms.CharField(
        label=_("Ihre Frage oder Rückmeldung"),
        max_length=MESSAGE_MAX,
        widget=forms.Textarea(attrs={"rows": 4, "maxlength": MESSAGE_MAX}),
    )
    author_name = forms.CharField(label=_("Name (freiwillig)"), max_length=80, required=False)
