"""Seats are never overbooked, even when many people register at the same moment.

Real parallel threads, each with its own database connection, on PostgreSQL, where the
RegistrationSettings row lock (select_for_update) serialises them. `make test` runs the suite a
second time on PostgreSQL (HEARING_TEST_DATABASE_URL). SQLite's test database lives in memory with
a shared cache, which answers concurrent writers with "table is locked" instead of waiting, so
these tests need PostgreSQL; on a file database SQLite's IMMEDIATE transactions serialise writers.
"""

import pytest

from hearing.participants.domain import registration
from hearing.participants.models import Participant, RegistrationSettings
from tests.concurrency import at_once, postgres_only
from tests.factories import ParticipantFactory, ParticipantGroupFactory, hearing_with_agenda

pytestmark = postgres_only

SEATS = 5
PEOPLE = 16


@pytest.mark.django_db(transaction=True)
def test_concurrent_registrations_never_overbook():
    hearing = hearing_with_agenda(1)
    group = ParticipantGroupFactory(hearing=hearing)
    RegistrationSettings.objects.create(hearing=hearing, seat_capacity=SEATS)
    people = [ParticipantFactory(group=group) for _ in range(PEOPLE)]

    def book(participant):
        registration.register(participant, attendance="in_person", consent=True)

    _, errors = at_once(book, [(p,) for p in people])
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
    _, errors = at_once(registration.cancel, [(p,) for p in seated])
    assert errors == []
    assert registration.seats_taken(hearing) == 4
    assert Participant.objects.filter(status="waiting").count() == 2
