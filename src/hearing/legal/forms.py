from django import forms
from django.utils.translation import gettext_lazy as _

from hearing.legal.enums import Conformance
from hearing.legal.models import FEEDBACK_MAX, TEXT_MAX


class PageForm(forms.Form):
    text = forms.CharField(
        label=_("Text"),
        required=False,
        max_length=TEXT_MAX,
        widget=forms.Textarea(attrs={"rows": 16}),
        help_text=_("Absätze durch eine Leerzeile trennen. Leer: der mitgelieferte Text."),
    )
    conformance = forms.ChoiceField(
        label=_("Stand der Vereinbarkeit mit BITV 2.0"), choices=Conformance.choices
    )
    prepared = forms.DateField(
        label=_("Erstellt am"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        help_text=_("Leer: der Tag des Speicherns."),
    )
    enforcement = forms.CharField(
        label=_("Durchsetzungs- oder Schlichtungsstelle"),
        required=False,
        max_length=TEXT_MAX,
        widget=forms.Textarea(attrs={"rows": 4}),
    )


class FeedbackForm(forms.Form):
    text = forms.CharField(
        label=_("Was ist nicht barrierefrei?"),
        max_length=FEEDBACK_MAX,
        widget=forms.Textarea(attrs={"rows": 5}),
    )
    contact = forms.CharField(
        label=_("Ihre E-Mail-Adresse oder Telefonnummer (freiwillig, für eine Antwort)"),
        required=False,
        max_length=200,
    )
    # Where the visitor came from; cut to 500 characters by the domain, never a reason to refuse.
    page_url = forms.CharField(required=False, widget=forms.HiddenInput)
