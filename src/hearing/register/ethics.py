"""Munich's data ethics code (Datenethikkodex): its three values, each as questions to answer.

An assessment is a dict ``{question_key: answer}`` on the record. The questions live here, once,
so that the form, the detail page and the completeness score ask the same things.
"""

from django.utils.translation import gettext_lazy as _

VALUES = [
    (
        "verantwortung",
        _("Verantwortung"),
        [
            (
                "verantwortung_owner",
                _("Wer ist für das System und seine Ergebnisse verantwortlich?"),
            ),
            (
                "verantwortung_oversight",
                _("Wie prüfen Menschen die Ergebnisse, bevor sie Folgen haben?"),
            ),
        ],
    ),
    (
        "fairness",
        _("Fairness"),
        [
            (
                "fairness_groups",
                _("Welche Gruppen sind betroffen, und wird jemand benachteiligt?"),
            ),
            ("fairness_checks", _("Wie wird auf Verzerrungen und Diskriminierung geprüft?")),
        ],
    ),
    (
        "transparenz",
        _("Transparenz"),
        [
            ("transparenz_notice", _("Wie erfahren Betroffene, dass KI eingesetzt wird?")),
            (
                "transparenz_explain",
                _("Wie lassen sich Ergebnisse nachvollziehen und anfechten?"),
            ),
        ],
    ),
]

QUESTION_KEYS = [key for _value, _label, questions in VALUES for key, _q in questions]


def assessment(answers: dict) -> list[dict]:
    """The values with their questions and the given answers, for a page to render."""
    answers = answers or {}
    return [
        {
            "key": value,
            "label": label,
            "questions": [
                {"key": key, "question": question, "answer": str(answers.get(key) or "")}
                for key, question in questions
            ],
        }
        for value, label, questions in VALUES
    ]
