"""Keyword rules that assign a theme and a technique to imported records that do not state them.

The Dutch export and the UK records carry neither a theme from our list nor a technique. For the
comparison we derive both from the record's own words (name, goal, description, tags), first rule
that matches wins; a record that matches none stays "nicht angegeben". Records keep the names of
the fields derived this way (``Record.derived``) and the pages label them as derived.
"""

import re

from hearing.register.enums import Technique, Theme

TECHNIQUE_RULES: list[tuple[str, tuple[str, ...]]] = [
    (
        Technique.GENERATIVE,
        (
            "llm",
            "large language model",
            "sprachmodell",
            "taalmodel",
            "generative",
            "generatieve",
            "genai",
            "gpt",
            "chatbot",
            "copilot",
            "rag",
        ),
    ),
    (
        Technique.MACHINE_LEARNING,
        (
            "machine learning",
            "machine-learning",
            "machinelearning",
            "deep learning",
            "zelflerend",
            "neural",
            "neuraal",
            "embedding",
            "beeldherkenning",
            "image recognition",
            "computer vision",
            "voorspel",
            "predict",
            "forecast",
            "empfehlung",
            "recommend",
            "classific",
            "classificatie",
        ),
    ),
    (
        Technique.RULE_BASED,
        (
            "rekenregel",
            "beslisboom",
            "beslisregel",
            "regelgebaseerd",
            "rule-based",
            "rules-based",
            "calculator",
            "berekent",
            "berekening",
            "formule",
            "formula",
            "regels",
        ),
    ),
]

THEME_RULES: list[tuple[str, tuple[str, ...]]] = [
    (
        Theme.DEMOCRACY,
        ("raadsinformatie", "ratsinformation", "parliament", "parlement", "stadtrat"),
    ),
    (
        Theme.MOBILITY,
        ("parkeer", "parkeren", "parking", "verkeer", "traffic", "verkehr", "mobilit", "vehicle"),
    ),
    (
        Theme.SOCIAL,
        (
            "bijstand",
            "uitkering",
            "wmo",
            "jeugd",
            "zorgaanbieder",
            "jeugdhulp",
            "participatiewet",
            "schuldhulp",
            "social care",
            "benefit",
            "pension",
            "health",
            "gezondheid",
            "nhs",
            "safeguarding",
            "arbeidsmarkt",
            "werkzoekend",
            "employment",
        ),
    ),
    (Theme.FINANCE, ("belasting", "woz", "invordering", "tax", "steuer", "subsidie", "grant")),
    (
        Theme.ENVIRONMENT,
        (
            "afval",
            "milieu",
            "klimaat",
            "energie",
            "energy",
            "waste",
            "rubbish",
            "environment",
            "epc",
        ),
    ),
    (
        Theme.PLANNING,
        ("vergunning", "omgevingswet", "bouw", "woning", "housing", "planning", "rent", "kadaster"),
    ),
    (
        Theme.SAFETY,
        ("handhaving", "fraude", "fraud", "toezicht", "veiligheid", "police", "politie", "crime"),
    ),
    (
        Theme.EDUCATION,
        ("onderwijs", "school", "bibliotheek", "bibliothek", "library", "education", "leerling"),
    ),
    (
        Theme.CITIZEN_SERVICES,
        (
            "burger",
            "inwoner",
            "klantcontact",
            "dienstverlening",
            "webchat",
            "contact centre",
            "customer",
            "bürgerservice",
            "dienstleistung",
        ),
    ),
    (
        Theme.ADMINISTRATION,
        ("intern", "personeel", "archief", "document", "vertaling", "translation", "helpdesk"),
    ),
]


def _compile(rules):
    # A word must start at a word boundary: "rag" is RAG, not the middle of "vragen".
    return [
        (key, re.compile(r"\b(?:" + "|".join(re.escape(w) for w in words) + ")"))
        for key, words in rules
    ]


_TECHNIQUES = _compile(TECHNIQUE_RULES)
_THEMES = _compile(THEME_RULES)


def _first(rules, text: str) -> str:
    for key, pattern in rules:
        if pattern.search(text):
            return str(key)
    return ""


def classify(*texts) -> tuple[str, str]:
    """``(theme, technique)`` for the given texts; an empty string where no rule matches."""
    text = " ".join(str(part or "") for part in texts).casefold()
    return _first(_THEMES, text), _first(_TECHNIQUES, text)
