"""The filter form of the public register list. Unknown values are ignored, never an error page."""

from django import forms
from django.utils.translation import gettext_lazy as _

from hearing.register import ethics
from hearing.register.domain import search
from hearing.register.enums import Country, RiskClass, Status, Technique, Theme
from hearing.register.models import AI_ACT_FIELDS, Record

NOT_GIVEN = "-"
ALL = [("", _("alle"))]


def _with_not_given(choices):
    return ALL + list(choices) + [(NOT_GIVEN, _("nicht angegeben"))]


class RecordFilterForm(forms.Form):
    q = forms.CharField(label=_("Suche"), required=False, max_length=200)
    organisation = forms.ChoiceField(label=_("Organisation"), required=False)
    country = forms.ChoiceField(label=_("Land"), required=False, choices=ALL + Country.choices)
    municipality = forms.ChoiceField(
        label=_("Art der Organisation"),
        required=False,
        choices=ALL + [("yes", _("nur Kommunen")), ("no", _("keine Kommunen"))],
    )
    status = forms.ChoiceField(
        label=_("Status"), required=False, choices=_with_not_given(Status.choices)
    )
    theme = forms.ChoiceField(
        label=_("Thema"), required=False, choices=_with_not_given(Theme.choices)
    )
    risk_class = forms.ChoiceField(
        label=_("Risikoklasse (EU AI Act)"),
        required=False,
        choices=_with_not_given(RiskClass.choices),
    )
    technique = forms.ChoiceField(
        label=_("Technik"), required=False, choices=_with_not_given(Technique.choices)
    )
    tag = forms.ChoiceField(label=_("Schlagwort"), required=False)
    withdrawn = forms.BooleanField(label=_("auch zurückgezogene Einträge"), required=False)

    def __init__(self, *args, organisations=(), tags=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].choices = ALL + [(o, o) for o in organisations]
        self.fields["tag"].choices = ALL + [(t, t) for t in tags]

    def apply(self, queryset):
        """Filter ``queryset`` by every field that holds a valid value."""
        self.is_valid()
        data = getattr(self, "cleaned_data", {})
        if not data.get("withdrawn"):
            queryset = queryset.filter(withdrawn_at__isnull=True)
        if data.get("q"):
            queryset = search.matching(queryset, data["q"])
        if data.get("organisation"):
            queryset = queryset.filter(organisation=data["organisation"])
        if data.get("country"):
            queryset = queryset.filter(country=data["country"])
        if data.get("municipality"):
            queryset = queryset.filter(is_municipality=data["municipality"] == "yes")
        for name, field in [
            ("status", "status"),
            ("theme", "theme"),
            ("risk_class", "ai_act_risk_class"),
            ("technique", "technique"),
        ]:
            value = data.get(name)
            if value:
                queryset = queryset.filter(**{field: "" if value == NOT_GIVEN else value})
        if data.get("tag"):
            queryset = queryset.filter(tag_text__contains=f"|{data['tag']}|")
        return queryset


class AssessmentForm(forms.ModelForm):
    """EU AI Act classification plus one text field per data ethics question."""

    class Meta:
        model = Record
        fields = AI_ACT_FIELDS
        widgets = {
            "ai_act_justification": forms.Textarea(attrs={"rows": 4}),
            "fria_summary": forms.Textarea(attrs={"rows": 3}),
            "dpia_summary": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        answers = self.instance.ethics or {}
        self.ethics_groups = []
        for key, label, questions in ethics.VALUES:
            names = []
            for question_key, question in questions:
                name = f"ethics_{question_key}"
                self.fields[name] = forms.CharField(
                    label=question,
                    required=False,
                    max_length=2000,
                    initial=answers.get(question_key, ""),
                    widget=forms.Textarea(attrs={"rows": 2}),
                )
                names.append(name)
            self.ethics_groups.append((key, label, names))

    def clean(self):
        data = super().clean()
        if data.get("ai_act_risk_class") == "high" and not data.get("ai_act_annex_iii_point"):
            self.add_error(
                "ai_act_annex_iii_point",
                _("Bei Hochrisiko-Systemen bitte den Punkt in Anhang III angeben."),
            )
        if data.get("ai_act_risk_class") and not (data.get("ai_act_justification") or "").strip():
            self.add_error("ai_act_justification", _("Bitte die Einstufung begründen."))
        return data

    def ai_act_values(self) -> dict:
        return {name: self.cleaned_data[name] for name in AI_ACT_FIELDS}

    def ethics_values(self) -> dict:
        return {key: self.cleaned_data[f"ethics_{key}"].strip() for key in ethics.QUESTION_KEYS}

    def ethics_sections(self):
        return [
            (label, [self[name] for name in names]) for _key, label, names in self.ethics_groups
        ]
