"""The demo hearing of the seed (the Munich council resolution of 17 April 2024).

Each app contributes a step; steps run in order and share a context dict. Every step is
idempotent: loading the demo twice changes nothing.
"""

from importlib import import_module

from django.db import transaction

from hearing.core import pagecache

STEPS = [
    "hearing.council.demo",
    "hearing.hearings.demo",
    "hearing.participants.demo",
    "hearing.register.demo",
    "hearing.marketplace.demo",
]


def load(stdout=None) -> dict:
    context: dict = {"stdout": stdout}
    with transaction.atomic():
        for name in STEPS:
            import_module(name).load(context)
        pagecache.bump_after_commit(pagecache.SITE)
    return context
