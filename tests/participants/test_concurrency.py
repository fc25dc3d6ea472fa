"""Seats are never overbooked, even when many people register at the same moment.

Real parallel threads, each with its own database connection, on PostgreSQL, where the
RegistrationSettings row lock (select_for_update) serialises them. `make test` runs the suite a
second time on PostgreSQL (HEARING_TEST_DATABASE_URL). SQLite's test database lives in memory with
a shared cache, which answers concurrent writers with "table is locked" instead of waiting, so
these tests need PostgreSQL; on a file database SQLite's IMMEDIATE transactions serialise writers.
"""

import threading

import pytest
from django.conf import settings
from django.db import connections

from hearing.participants.domain import registration
from hearing.participants.models import Participant, RegistrationSettings
from tests.factories import ParticipantFactory, ParticipantGroupFactory, hearing_with_agenda

pytestmark = pytest.mark.skipif(
    settings.DATABASES["default"]["ENGINE"] != "django.db.backends.postgresql",
    reason="concurrency is proven on PostgreSQL (HEARING_DATABASE_URL=postgres://...)",
)

SEATS = 5
PEOPLE = 16


@pytest.mark.django_db(transaction=True)
def test_concurrent_registrations_never_overbook():
    hearing = hearing_with_agenda(1)
    group = ParticipantGroupFactory(hearing=hearing)
    RegistrationSettings.objects.create(hearing=hearing, seat_capacity=SEATS)
    people = [ParticipantFactory(group=group) for _ in range(PEOPLE)]
    barrier = threading.Barrier(PEOPLE)
    errors = []

    def book(participant):
        try:
            barrier.wait(timeout=30)
            registration.register(participant, attendance="in_person", consent=True)
        except Exception as exc:  # noqa: BLE001 - collected and asserted below
            errors.append(repr(exc))
        finally:
            connections.close_all()

    threads = [threading.Thread(target=book, args=(p,)) for p in people]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert errors == []
    counts = {
        status: Participant.objects.filter(hearing=hearing, status=status).count()
        for status in ("registered", "waiting")
    }
    assert counts == {"registered": SEATS, "waiting": PEOPLE - SEATS}


@pytest.mark.django_db(transaction=True)
def test_concurrent_cancellations_promote_each_waiting_person_once():
    hearing = hearing_with_agenda(1)
    group = ParticipantGroupFactory(hearing=hearing)
    RegistrationSettings.objects.create(hearing=hearing, seat_capacity=4)
    seated = [
        registration.register(ParticipantFactory(group=group), attendance="in_person", consent=True)
        for _ in range(4)
    ]
    for _ in range(6):
        registration.register(ParticipantFactory(group=group), attendance="in_person", consent=True)
    barrier = threading.Barrier(len(seated))
    errors = []

    def leave(participant):
        try:
            barrier.wait(timeout=30)
            registration.cancel(participant)
        except Exception as exc:  # noqa: BLE001
            errors.append(repr(exc))
        finally:
            connections.close_all()

    threads = [threading.Thread(target=leave, args=(p,)) for p in seated]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert errors == []
    assert registration.seats_taken(hearing) == 4
    assert Participant.objects.filter(status="waiting").count() == 2
