"""The media pages in chromium: accessible in German and English, no console errors (CSP)."""

import subprocess
from datetime import UTC, datetime
from pathlib import Path

import pytest
from playwright.sync_api import expect

from hearing.media.domain.stream import stream_for
from hearing.media.models import Recording
from tests.browser.conftest import assert_accessible, logged_in, new_page
from tests.factories import HearingRoleFactory, UserFactory, hearing_with_agenda


@pytest.mark.parametrize("language", ["de", "en"])
def test_media_pages_have_no_wcag_violations(
    live_server, settings, tmp_path, open_context, problems, language
):
    settings.MEDIA_ROOT = tmp_path
    hearing = hearing_with_agenda(2, slug="ki-hearing")
    stream_for(hearing)
    path = Path(tmp_path) / "recordings/ki-hearing/x/rec.mp4"
    path.parent.mkdir(parents=True)
    subprocess.run(
        ["ffmpeg", "-nostdin", "-v", "error", "-f", "lavfi", "-i", "testsrc=size=160x90:rate=10:duration=2",
         "-c:v", "libx264", "-preset", "ultrafast", "-pix_fmt", "yuv420p", str(path)],
        check=True,
    )  # fmt: skip
    recording = Recording.objects.create(
        hearing=hearing,
        file="recordings/ki-hearing/x/rec.mp4",
        source="upload",
        started_at=datetime(2024, 6, 7, 7, 30, tzinfo=UTC),
        duration=2,
        size=path.stat().st_size,
        sha256="0" * 64,
        mime_type="video/mp4",
        state="published",
    )
    organiser = UserFactory(username="organisation")
    HearingRoleFactory(hearing=hearing, user=organiser, role="organizer")
    context = logged_in(open_context, live_server, organiser, django_language=language)
    page = new_page(context, problems)
    for url in [
        f"/hearings/{hearing.slug}/",
        f"/media/hearings/{hearing.slug}/stream/",
        f"/backoffice/hearings/{hearing.slug}/console/",
    ]:
        page.goto(live_server.url + url)
        expect(page.locator("html")).to_have_attribute("lang", language)
        assert_accessible(page)
    page.goto(live_server.url + recording.get_absolute_url())
    expect(page.locator("#recording-player")).to_be_visible()
    assert_accessible(page)
