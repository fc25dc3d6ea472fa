from datetime import date, time

import factory
from django.contrib.auth import get_user_model

from hearing.council.models import Body, Location, Organization, Paper, Person, Statement
from hearing.hearings.enums import ItemKind
from hearing.hearings.models import AgendaItem, Hearing, HearingRole


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ["username"]

    username = factory.Sequence(lambda n: f"user{n}")
    password = factory.django.Password("correct horse battery")


class BodyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Body

    name = factory.Sequence(lambda n: f"Stadt {n}")


class OrganizationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organization

    body = factory.SubFactory(BodyFactory)
    name = factory.Sequence(lambda n: f"Referat {n}")


class PersonFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Person

    body = factory.SubFactory(BodyFactory)
    name = factory.Sequence(lambda n: f"Person {n}")
    is_public = True


class LocationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Location

    body = factory.SubFactory(BodyFactory)
    description = "Rathaus"
    street_address = "Marienplatz 8"
    postal_code = "80331"
    locality = "München"
    room = "Großer Sitzungssaal"


class PaperFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Paper

    body = factory.SubFactory(BodyFactory)
    reference = factory.Sequence(lambda n: f"20-26 / A {n:05d}")
    name = "Antrag"
    paper_type = "Antrag"
    date = date(2024, 1, 1)


class StatementFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Statement

    paper = factory.SubFactory(PaperFactory)
    number = factory.Sequence(lambda n: n + 1)
    organization = factory.SubFactory(OrganizationFactory)
    comment = "Kommentar"


class HearingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Hearing

    body = factory.SubFactory(BodyFactory)
    title = factory.Sequence(lambda n: f"Hearing {n}")
    slug = factory.Sequence(lambda n: f"hearing-{n}")
    date = date(2024, 6, 7)
    planned_start = time(9, 30)
    planned_end = time(13, 30)
    location = factory.SubFactory(LocationFactory)


class AgendaItemFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AgendaItem

    hearing = factory.SubFactory(HearingFactory)
    position = factory.Sequence(lambda n: n + 1)
    title = factory.Sequence(lambda n: f"Punkt {n}")
    kind = ItemKind.TALK
    planned_start = time(9, 30)
    planned_duration = 15


class HearingRoleFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = HearingRole

    hearing = factory.SubFactory(HearingFactory)
    user = factory.SubFactory(UserFactory)
    role = "moderator"


def hearing_with_agenda(items: int = 3, **kwargs) -> Hearing:
    """A hearing with ``items`` consecutive 15-minute items from 09:30."""
    hearing = HearingFactory(**kwargs)
    for index in range(items):
        minutes = 30 + index * 15
        AgendaItemFactory(
            hearing=hearing,
            position=index + 1,
            number=str(index + 1),
            title=f"Punkt {index + 1}",
            planned_start=time(9 + minutes // 60, minutes % 60),
        )
    return hearing


# --- participants -------------------------------------------------------------------------------
class ParticipantGroupFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "participants.ParticipantGroup"

    hearing = factory.SubFactory(HearingFactory)
    name = factory.Sequence(lambda n: f"Gruppe {n}")
    slug = factory.Sequence(lambda n: f"gruppe-{n}")
    may_ask_questions = True
    may_join_speakers_list = True
    may_attend_in_person = True
    may_attend_virtually = True
    admission = "invitation"


class ParticipantFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "participants.Participant"

    group = factory.SubFactory(ParticipantGroupFactory)
    hearing = factory.SelfAttribute("group.hearing")
    name = factory.Sequence(lambda n: f"Beispiel Person {n}")
    email = factory.Sequence(lambda n: f"person{n}@example.org")
    organisation = "Referat"
    status = "invited"
