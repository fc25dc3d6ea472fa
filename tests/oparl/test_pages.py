"""The hearing page links to its OParl data; deleted records disappear from every public page."""

from django.core.files.base import ContentFile

from hearing.hearings.models import Attachment
from tests.factories import PaperFactory, UserFactory, hearing_with_agenda


def test_hearing_page_links_to_its_meeting_object(client, db):
    hearing = hearing_with_agenda(1)
    page = client.get(hearing.get_absolute_url()).content.decode()
    assert f'<a href="/oparl/v1.1/meeting/{hearing.pk}/" type="application/json"' in page
    assert "Offene Daten (OParl): dieses Hearing als Sitzung (JSON)" in page
    assert '<a href="/oparl/v1.1/" type="application/json">' in page


def test_hearing_page_speaks_english_when_chosen(client, db):
    hearing = hearing_with_agenda(1)
    client.cookies["django_language"] = "en"
    page = client.get(hearing.get_absolute_url()).content.decode()
    assert "Open data (OParl): this hearing as a meeting (JSON)" in page


def test_deleted_hearing_is_gone_from_the_pages(client, db):
    hearing = hearing_with_agenda(1, title="Gelöschtes Hearing")
    hearing.deleted = True
    hearing.save()
    assert client.get(hearing.get_absolute_url()).status_code == 404
    assert "Gelöschtes Hearing" not in client.get("/").content.decode()


def test_deleted_item_paper_location_and_file_are_gone(client, db):
    hearing = hearing_with_agenda(2)
    first, second = hearing.items.order_by("position")
    second.title = "Gestrichener Punkt"
    second.deleted = True
    second.save()
    paper = PaperFactory(body=hearing.body, name="Zurückgezogener Antrag", deleted=True)
    hearing.papers.add(paper)
    hearing.location.deleted = True
    hearing.location.save()
    slides = Attachment(item=first, title="Folien", deleted=True)
    slides.file.save("f.pdf", ContentFile(b"%PDF"), save=False)
    slides.save()
    page = client.get(hearing.get_absolute_url()).content.decode()
    assert "Gestrichener Punkt" not in page
    assert "Zurückgezogener Antrag" not in page
    assert hearing.location.room not in page
    assert client.get(second.get_absolute_url()).status_code == 404
    assert client.get(slides.get_absolute_url()).status_code == 404


def test_the_administration_filters_and_marks_deleted_records(client, db):
    admin = UserFactory(username="admin", is_staff=True, is_superuser=True)
    client.force_login(admin)
    kept = hearing_with_agenda(1, title="Bleibt")
    gone = hearing_with_agenda(1, title="Gelöscht")
    gone.deleted = True
    gone.save()
    page = client.get("/admin/hearings/hearing/", {"deleted__exact": "1"}).content.decode()
    assert "Gelöscht" in page
    assert kept.title not in page
    for url in ("/admin/council/person/", "/admin/council/paper/", "/admin/council/organization/"):
        assert client.get(url, {"deleted__exact": "0"}).status_code == 200
    form = client.get(f"/admin/hearings/hearing/{gone.pk}/change/").content.decode()
    assert 'name="deleted"' in form
    assert 'name="items-0-deleted"' in form
