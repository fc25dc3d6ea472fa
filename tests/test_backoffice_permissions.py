"""Every back-office action with one who may (alice), one who may not (bob), and an anonymous visitor."""

import pytest

from hearing.hearings.models import ItemPeriod


def actions(hearing):
    slug = hearing.slug
    item = hearing.items.order_by("position").last()
    return [
        ("get", f"/backoffice/hearings/{slug}/console/"),
        ("post", f"/backoffice/hearings/{slug}/live/next/"),
        ("post", f"/backoffice/hearings/{slug}/live/previous/"),
        ("post", f"/backoffice/hearings/{slug}/live/start/{item.pk}/"),
        ("post", f"/backoffice/hearings/{slug}/live/end/"),
    ]


@pytest.mark.parametrize("index", range(5))
def test_anonymous_visitor_is_sent_to_login(hearing, anonymous_client, index):
    method, url = actions(hearing)[index]
    response = getattr(anonymous_client, method)(url)
    assert response.status_code == 302
    assert response["Location"] == f"/accounts/login/?next={url}"
    assert ItemPeriod.objects.count() == 0


@pytest.mark.parametrize("index", range(5))
def test_user_without_role_on_this_hearing_is_refused(hearing, bob_client, index):
    method, url = actions(hearing)[index]
    response = getattr(bob_client, method)(url)
    assert response.status_code == 403
    assert "Keine Berechtigung" in response.content.decode()
    assert ItemPeriod.objects.count() == 0


def test_moderator_runs_the_agenda_from_the_console(hearing, alice_client):
    slug = hearing.slug
    response = alice_client.post(f"/backoffice/hearings/{slug}/live/next/", follow=True)
    assert response.status_code == 200
    assert "„Punkt 1“ läuft jetzt." in response.content.decode()
    last = hearing.items.order_by("position").last()
    alice_client.post(f"/backoffice/hearings/{slug}/live/start/{last.pk}/")
    hearing.refresh_from_db()
    assert hearing.current_item == last
    response = alice_client.post(f"/backoffice/hearings/{slug}/live/previous/")
    hearing.refresh_from_db()
    assert hearing.current_item.position == 2
    alice_client.post(f"/backoffice/hearings/{slug}/live/end/")
    hearing.refresh_from_db()
    assert hearing.current_item is None
    assert ItemPeriod.objects.filter(ended_at__isnull=True).count() == 0
    assert ItemPeriod.objects.count() == 3


def test_console_shows_elapsed_against_plan(hearing, alice_client):
    alice_client.post(f"/backoffice/hearings/{hearing.slug}/live/next/")
    page = alice_client.get(f"/backoffice/hearings/{hearing.slug}/console/").content.decode()
    assert 'data-planned="900"' in page
    assert 'id="item-timer"' in page


def test_refused_move_is_a_message_not_an_error(hearing, alice_client):
    response = alice_client.post(f"/backoffice/hearings/{hearing.slug}/live/end/", follow=True)
    assert response.status_code == 200
    assert "Es läuft gerade kein Tagesordnungspunkt." in response.content.decode()


def test_unknown_hearing_and_item_are_404(hearing, alice_client):
    assert alice_client.get("/backoffice/hearings/gibt-es-nicht/console/").status_code == 404
    assert (
        alice_client.post(f"/backoffice/hearings/{hearing.slug}/live/start/999999/").status_code
        == 404
    )


def test_actions_only_accept_post(hearing, alice_client):
    assert alice_client.get(f"/backoffice/hearings/{hearing.slug}/live/next/").status_code == 405
    assert ItemPeriod.objects.count() == 0


def test_backoffice_index_lists_only_own_hearings(hearing, alice_client, bob_client):
    assert hearing.title in alice_client.get("/backoffice/").content.decode()
    assert hearing.title not in bob_client.get("/backoffice/").content.decode()


def test_admin_is_for_staff_only(bob_client, anonymous_client):
    assert bob_client.get("/admin/hearings/hearing/").status_code == 302
    assert anonymous_client.get("/admin/hearings/hearing/").status_code == 302


def test_csrf_is_enforced(hearing, alice):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    client.force_login(alice)
    response = client.post(f"/backoffice/hearings/{hearing.slug}/live/next/")
    assert response.status_code == 403
    assert "Formular abgelaufen" in response.content.decode()
    assert ItemPeriod.objects.count() == 0
