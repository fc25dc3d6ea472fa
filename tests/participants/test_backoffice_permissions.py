"""Every organiser and door-staff view with one who may, one who may not, and an anonymous visitor."""

import pytest

from hearing.core.models import AuditLogEntry
from hearing.participants.models import InvitationImport, Participant


def views(hearing, invitee, staged):
    slug = hearing.slug
    base = f"/participation/{slug}"
    return [
        # (method, url, permission the organiser has but the doorkeeper lacks?)
        ("get", f"{base}/manage/", True),
        ("post", f"{base}/manage/send/", True),
        ("post", f"{base}/manage/{invitee.pk}/resend/", True),
        ("post", f"{base}/manage/{invitee.pk}/revoke/", True),
        ("get", f"{base}/manage/import/", True),
        ("get", f"{base}/manage/import/{staged.pk}/", True),
        ("post", f"{base}/manage/import/{staged.pk}/confirm/", True),
        ("get", f"{base}/check-in/", False),
        ("post", f"{base}/check-in/", False),
        ("get", f"{base}/attendance/", False),
        ("get", f"{base}/attendance.json", False),
    ]


@pytest.fixture
def staged(hearing, group, organiser):
    return InvitationImport.objects.create(
        hearing=hearing,
        created_by=organiser,
        filename="a.csv",
        rows=[
            {
                "line": 2,
                "name": "Beispiel Neu",
                "email": "neu@example.org",
                "group": group.pk,
                "group_name": group.name,
                "organisation": "",
            }
        ],
    )


def unchanged(invitee):
    invitee.refresh_from_db()
    return invitee.status == "invited" and invitee.invitation_sent_at is None


@pytest.mark.parametrize("index", range(11))
def test_anonymous_visitor_is_sent_to_login(hearing, invitee, staged, anonymous_client, index):
    method, url, _ = views(hearing, invitee, staged)[index]
    response = getattr(anonymous_client, method)(url)
    assert response.status_code == 302
    assert response["Location"] == f"/accounts/login/?next={url}"
    assert unchanged(invitee)
    assert Participant.objects.count() == 1


@pytest.mark.parametrize("index", range(11))
def test_moderator_of_another_hearing_is_refused(hearing, invitee, staged, bob_client, index):
    method, url, _ = views(hearing, invitee, staged)[index]
    response = getattr(bob_client, method)(url)
    assert response.status_code == 403
    assert unchanged(invitee)
    assert Participant.objects.count() == 1


@pytest.mark.parametrize("index", range(11))
def test_moderator_of_this_hearing_may_not_see_participants(
    hearing, invitee, staged, alice_client, index
):
    method, url, _ = views(hearing, invitee, staged)[index]
    assert getattr(alice_client, method)(url).status_code == 403


@pytest.mark.parametrize("index", range(11))
def test_door_staff_may_check_in_but_not_see_personal_data(
    hearing, invitee, staged, doorkeeper_client, index
):
    method, url, personal = views(hearing, invitee, staged)[index]
    response = getattr(doorkeeper_client, method)(url)
    if personal:
        assert response.status_code == 403
        assert unchanged(invitee)
    else:
        assert response.status_code == 200


@pytest.mark.parametrize("index", range(11))
def test_organiser_may(hearing, invitee, staged, organiser_client, index):
    method, url, _ = views(hearing, invitee, staged)[index]
    response = getattr(organiser_client, method)(url)
    assert response.status_code in (200, 302)


def test_personal_data_views_are_audit_logged(
    hearing, invitee, staged, organiser_client, organiser
):
    organiser_client.get(f"/participation/{hearing.slug}/manage/?q=Beispiel")
    organiser_client.get(f"/participation/{hearing.slug}/manage/import/{staged.pk}/")
    entries = AuditLogEntry.objects.filter(action="participants.personal_data.viewed").order_by(
        "id"
    )
    assert [(e.actor, e.data) for e in entries] == [
        (organiser, {"view": "list", "page": 1, "q": "Beispiel"}),
        (organiser, {"view": "import", "import": staged.pk}),
    ]


def test_participant_list_shows_data_with_a_fixed_number_of_queries(
    hearing, group, organiser_client, django_assert_num_queries
):
    from tests.factories import ParticipantFactory

    ParticipantFactory.create_batch(30, group=group)
    with django_assert_num_queries(9):
        response = organiser_client.get(f"/participation/{hearing.slug}/manage/")
    assert response.status_code == 200
    assert response.context["page"].paginator.count == 30


def test_actions_only_accept_post(hearing, invitee, organiser_client):
    assert organiser_client.get(f"/participation/{hearing.slug}/manage/send/").status_code == 405
    assert (
        organiser_client.get(
            f"/participation/{hearing.slug}/manage/{invitee.pk}/revoke/"
        ).status_code
        == 405
    )


def test_unknown_participant_is_404(hearing, organiser_client):
    assert (
        organiser_client.post(f"/participation/{hearing.slug}/manage/999999/revoke/").status_code
        == 404
    )


def test_csrf_is_enforced(hearing, invitee, organiser):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    client.force_login(organiser)
    response = client.post(f"/participation/{hearing.slug}/manage/{invitee.pk}/revoke/")
    assert response.status_code == 403
    assert unchanged(invitee)
