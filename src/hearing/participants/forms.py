from django import forms
from django.utils.translation import gettext_lazy as _

from hearing.participants.enums import Admission


class RegistrationForm(forms.Form):
    attendance = forms.ChoiceField(label=_("Wie nehmen Sie teil?"), widget=forms.RadioSelect)
    accessibility_needs = forms.CharField(
        label=_("Barrierefreiheit: Was brauchen Sie? (freiwillig)"),
        help_text=_(
            "z. B. rollstuhlgerechter Platz, Gebärdensprachdolmetschung, Induktionsschleife"
        ),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    consent = forms.BooleanField(label="", required=False)

    def __init__(self, *args, group, consent_text, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["attendance"].choices = group.attendance_choices
        self.fields["consent"].label = consent_text


class SelfRegistrationForm(forms.Form):
    group = forms.ModelChoiceField(label=_("Gruppe"), queryset=None, empty_label=None)
    name = forms.CharField(label=_("Name"), max_length=200)
    email = forms.EmailField(label=_("E-Mail"), max_length=254)
    organisation = forms.CharField(
        label=_("Organisation oder Referat (freiwillig)"), max_length=200, required=False
    )

    def __init__(self, *args, hearing, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["group"].queryset = hearing.groups.filter(
            admission=Admission.SELF_REGISTRATION
        ).order_by("position")


class CsvUploadForm(forms.Form):
    file = forms.FileField(
        label=_("CSV-Datei"),
        help_text=_(
            "Spalten: name, email, group (Kurzname oder Name der Gruppe), organisation, "
            "optional language (de oder en, Sprache der E-Mails). "
            "UTF-8 oder Windows-1252; Trennzeichen Semikolon, Komma oder Tabulator."
        ),
    )


class CheckInForm(forms.Form):
    code = forms.CharField(label=_("Ticket-Code"), required=False, strip=True)


class EraseForm(forms.Form):
    confirm = forms.BooleanField(
        label=_("Ja, meine Daten löschen und die Anmeldung absagen."), required=True
    )
