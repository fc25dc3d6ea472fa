"""A visitor finds a spoken word by search and lands in the recording at that moment; the
documentation pages pass axe-core in both languages."""

import shutil
from pathlib import Path

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import assert_accessible, new_page
from tests.documentation.conftest import AUDIO
from tests.documentation.helpers import publish_record, transcript_with


@pytest.fixture
def documented(demo):
    transcript = transcript_with(
        demo,
        ["Europa und Asien zusammengenommen wird auch als Eurasien bezeichnet."],
        item=demo.items.order_by("position").first(),
    )
    target = Path(transcript.recording.file.path)
    target.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(AUDIO / "thorsten-sample03.wav", target)
    publish_record(demo)  # the organisers published the record (issue 14)
    return demo


def test_search_hit_opens_the_recording_at_that_moment(
    documented, live_server, open_context, problems
):
    page = new_page(open_context(), problems)
    page.goto(f"{live_server.url}/hearings/{documented.slug}/")
    page.get_by_role("link", name="Suche in allen Hearings").click()
    page.get_by_label("Suchbegriff").fill("Eurasiens")
    page.get_by_role("button", name="Suchen").click()
    expect(page.get_by_role("heading", level=2)).to_have_text("1 Treffer")
    page.locator(".search-hits a").first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Transkript")
    expect(page.locator(".segment")).to_contain_text("Eurasien")
    position = 0.0
    for _attempt in range(50):  # the player seeks once the metadata has loaded
        position = page.evaluate("() => document.getElementById('player').currentTime")
        if position > 0:
            break
        page.wait_for_timeout(100)
    assert position == pytest.approx(1.2, abs=0.1)


@pytest.mark.parametrize("language", ["de", "en"])
def test_documentation_pages_have_no_wcag_violations(
    documented, live_server, open_context, problems, language
):
    context = open_context(bypass_csp=True)
    context.add_cookies([{"name": "django_language", "value": language, "url": live_server.url}])
    page = new_page(context, problems)
    slug = documented.slug
    for path in (
        f"/documentation/{slug}/transcript/",
        f"/documentation/{slug}/protocol/",
        f"/documentation/{slug}/results/",
        "/documentation/search/?q=Eurasien",
    ):
        page.goto(live_server.url + path)
        assert page.locator("html").get_attribute("lang") == language
        assert_accessible(page)


def test_chromium_reads_every_character_of_escaped_subtitles(
    documented, live_server, open_context, problems
):
    from hearing.documentation.domain import editing
    from hearing.documentation.models import Segment
    from hearing.media.models import Recording
    from tests.factories import HearingRoleFactory, UserFactory

    organiser = UserFactory()
    HearingRoleFactory(hearing=documented, user=organiser, role="organizer")
    hostile = "Kosten < 5 € & Nutzen > 3 <b>fett</b> R&D\n\nzweiter Absatz --> Pfeil"
    editing.correct_segment(Segment.objects.get(), actor=organiser, text=hostile, speaker_name="")
    Recording.objects.update(has_video=True)  # the page's <video> carries the captions track
    page = new_page(open_context(), problems)
    page.goto(f"{live_server.url}/documentation/{documented.slug}/transcript/")
    texts = None
    for _attempt in range(50):  # Chromium loads and parses the track in the background
        texts = page.evaluate(
            "() => { const t = document.getElementById('player').textTracks[0];"
            " t.mode = 'hidden'; return t.cues && t.cues.length ?"
            " Array.from(t.cues).map(c => c.getCueAsHTML().textContent) : null; }"
        )
        if texts:
            break
        page.wait_for_timeout(100)
    assert " ".join(text.replace("\n", " ") for text in texts) == (
        "Kosten < 5 € & Nutzen > 3 <b>fett</b> R&D zweiter Absatz → Pfeil"
    )
