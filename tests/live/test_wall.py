"""The wall's page (the big screen): the city's logo from the settings."""

from django.test import Client


def test_the_city_logo_is_served_only_when_set(db, settings, tmp_path):
    assert Client().get("/live/city-logo/").status_code == 404
    logo = tmp_path / "logo.svg"
    logo.write_text('<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 1 1"></svg>')
    settings.CITY_LOGO = str(logo)
    response = Client().get("/live/city-logo/")
    assert (response.status_code, response["Content-Type"]) == (200, "image/svg+xml")
    assert "sandbox" in response["Content-Security-Policy"]


def test_the_wall_shows_the_city_and_its_logo(hearing, settings, tmp_path):
    logo = tmp_path / "logo.png"
    logo.write_bytes(b"\x89PNG\r\n\x1a\n")
    settings.CITY_LOGO, settings.CITY_NAME = str(logo), "Landeshauptstadt München"
    html = Client().get(f"/live/hearings/{hearing.slug}/wall/").content.decode()
    assert '<p class="wall-city">Landeshauptstadt München</p>' in html
    assert '<img class="wall-logo" src="/live/city-logo/" alt="">' in html
