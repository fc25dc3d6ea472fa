"""The sign-language interpreter's picture (issue 13, Deliver 6) in chromium: beside the live
stream while the interpreter's encoder publishes, switchable, and beside the recording in step
with it. Real nginx and ffmpeg."""

import subprocess
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from playwright.sync_api import expect

from hearing.media.domain.stream import stream_for
from hearing.media.models import Recording, Track
from tests.browser.conftest import assert_accessible, logged_in, new_page
from tests.factories import HearingRoleFactory, UserFactory, hearing_with_agenda
from tests.media import streaming
from tests.media.streaming import wait_for

SECONDS = 16


def advances(video, seconds: float, timeout: float) -> None:
    """``video`` plays: its time moves on by ``seconds`` within ``timeout``."""
    seen = []

    def moving() -> bool:
        state = video.evaluate("v => [v.readyState, v.currentTime, v.paused]")
        if state[0] >= 2 and not state[2]:
            seen.append(state[1])
        return bool(seen) and seen[-1] > seen[0] + seconds

    wait_for(
        moving,
        timeout,
        lambda: (
            f"{video.evaluate('v => [v.readyState, v.currentTime, v.paused, v.error && v.error.message]')}"
        ),
    )


def test_the_interpreter_plays_beside_the_live_stream_and_the_recording(
    live_server, settings, tmp_path, open_context, problems
):
    hearing = hearing_with_agenda(2, slug="dgs-hearing", title="Hearing mit Gebärdensprache")
    programme = stream_for(hearing)
    sign = stream_for(hearing, Track.SIGN)
    server = streaming.configure(settings, tmp_path, live_server.url)
    clip = streaming.make_test_clip(tmp_path / "main.flv", SECONDS, "Willkommen zum Hearing.")
    interpreter_clip = streaming.make_test_clip(tmp_path / "sign.flv", SECONDS - 2, "Gebärden.")

    with streaming.running(server):
        page = new_page(open_context(), problems)
        page.goto(f"{live_server.url}/hearings/{hearing.slug}/")
        window = page.locator("[data-sign]")
        switch = page.get_by_label("Gebärdensprache einblenden")
        # Nothing is sent yet: no window, no switch.
        expect(window).to_be_hidden()
        expect(switch).to_be_hidden()

        main = streaming.publish(clip, f"{settings.STREAM_INGEST_URL}/{programme.key}", wait=False)
        time.sleep(1.5)  # the interpreter's camera starts a moment later: the recordings differ
        signer = streaming.publish(
            interpreter_clip, f"{settings.STREAM_INGEST_URL}/{sign.key}", wait=False
        )
        player = page.locator("[data-stream-player]")
        interpreter = page.locator("[data-sign-player]")
        expect(window).to_be_visible(timeout=20_000)
        expect(switch).to_be_checked()
        expect(window.locator("figcaption")).to_have_text("Gebärdensprache (DGS)")
        # The visitor presses play on the hearing's picture; the interpreter plays with it.
        wait_for(
            lambda: page.locator("[data-stream]").get_attribute("data-player") == "attached", 20
        )
        player.evaluate("v => { v.muted = true; v.play().catch(() => {}); }")
        advances(interpreter, 1.5, 20)
        assert interpreter.evaluate("v => v.muted") is True
        # Side by side: the interpreter's window is to the right of the picture, not over it.
        main_box, sign_box = player.bounding_box(), window.bounding_box()
        assert sign_box["x"] >= main_box["x"] + main_box["width"], (main_box, sign_box)
        assert_accessible(page)
        # The moderator console says that the interpreter is on air.
        moderator = UserFactory(username="moderation")
        HearingRoleFactory(hearing=hearing, user=moderator, role="moderator")
        console = new_page(logged_in(open_context, live_server, moderator), problems)
        console.goto(f"{live_server.url}/backoffice/hearings/{hearing.slug}/console/")
        expect(console.locator("[data-console-sign]")).to_have_text("live", timeout=5_000)
        console.close()

        # Switched off, it stays off after a reload (the choice is this browser's).
        switch.uncheck()
        expect(window).to_be_hidden()
        assert interpreter.evaluate("v => v.paused") is True
        page.reload()
        expect(page.get_by_label("Gebärdensprache einblenden")).not_to_be_checked(timeout=10_000)
        expect(page.locator("[data-sign]")).to_be_hidden()
        page.get_by_label("Gebärdensprache einblenden").check()
        expect(page.locator("[data-sign]")).to_be_visible()

        for process in (signer, main):
            process.wait(timeout=60)
            assert process.returncode == 0, process.stderr.read()
        # When the interpreter's stream has ended, the window goes.
        expect(page.locator("[data-sign]")).to_be_hidden(timeout=15_000)
        wait_for(lambda: Recording.objects.count() == 2, 30)

    # New recordings are drafts (issue 14); the organisers publish both.
    assert set(Recording.objects.values_list("state", flat=True)) == {"draft"}
    Recording.objects.update(state="published")
    recording = Recording.objects.get(track=Track.PROGRAMME)
    signed = Recording.objects.get(track=Track.SIGN)
    offset = (signed.started_at - recording.started_at).total_seconds()
    assert 1.0 <= offset <= 4.0, offset
    # The hearing page lists the recording once: the interpreter's goes with it.
    page.goto(f"{live_server.url}/hearings/{hearing.slug}/")
    expect(page.locator("[data-recordings] li")).to_have_count(1)
    page.goto(live_server.url + recording.get_absolute_url())
    window = page.locator("[data-sign]")
    expect(window).to_be_visible()
    assert float(window.get_attribute("data-sign-offset")) == pytest.approx(offset, abs=0.001)
    check_in_step(page, offset)
    assert_accessible(page)


def test_the_interpreter_goes_with_the_programme_and_into_full_screen_with_it(
    live_server, open_context, problems
):
    """The interpreter is not shown beside a programme that is off air (a camera left running
    before the hearing); the full-screen button puts picture, interpreter and the caption band on
    the screen together. The streaming server's answers are given by the test."""
    from tests.browser.test_captions import hand_over

    hearing = hearing_with_agenda(2, slug="dgs-vollbild")
    stream_for(hearing)
    stream_for(hearing, Track.SIGN)
    state = {"live": False, "playable": False, "renditions": [],
             "sign": {"live": True, "playable": True}}  # fmt: skip
    checks = []

    def status(route):
        checks.append(dict(state))
        route.fulfill(json=state)

    page = new_page(open_context(viewport={"width": 1280, "height": 800}), problems)
    page.route("**/stream.json", status)
    page.route(
        "**/*.m3u8",
        lambda route: route.fulfill(
            body="#EXTM3U\n#EXT-X-TARGETDURATION:2\n#EXT-X-MEDIA-SEQUENCE:0\n",
            content_type="application/vnd.apple.mpegurl",
        ),
    )
    page.goto(f"{live_server.url}/hearings/{hearing.slug}/")
    # Two status checks with the interpreter alone on air (the page's waiting runs the routes).
    wait_for(lambda: page.wait_for_timeout(100) or len(checks) >= 2, 15)
    expect(page.locator("[data-sign]")).to_be_hidden()
    state["live"] = True
    expect(page.locator("[data-sign]")).to_be_visible(timeout=15_000)
    hand_over(live_server, hearing.slug, "Willkommen zum Hearing.")
    screen = page.locator("[data-stream-screen]")
    expect(screen.locator("[data-captions-band]")).to_be_visible(timeout=5_000)
    # The picture's own full-screen button would leave interpreter and captions behind.
    assert page.locator("[data-stream-player]").get_attribute("controlslist") == "nofullscreen"
    page.get_by_role("button", name="Vollbild").click()
    wait_for(lambda: page.evaluate("!!document.fullscreenElement"), 5)
    assert page.evaluate("document.fullscreenElement.hasAttribute('data-stream-screen')")
    for part in ("[data-stream-player]", "[data-sign]", "[data-captions-band]"):
        box = screen.locator(part).bounding_box()
        assert box and box["y"] + box["height"] <= 800 and box["x"] + box["width"] <= 1280, part
    assert_accessible(page)
    page.get_by_role("button", name="Vollbild beenden").click()
    wait_for(lambda: page.evaluate("!document.fullscreenElement"), 5)
    # Off air again: the interpreter goes with the programme.
    state["live"] = False
    expect(page.locator("[data-sign]")).to_be_hidden(timeout=15_000)


def check_in_step(page, offset: float) -> None:
    """The recording page's interpreter follows the recording: where the recording is at t, the
    interpreter is at t - offset; before the interpreter's start it waits, greyed out."""
    main = page.locator("#recording-player")
    interpreter = page.locator("[data-sign-player]")
    wait_for(lambda: main.evaluate("v => v.readyState") >= 1, 10)
    wait_for(lambda: interpreter.evaluate("v => v.readyState") >= 1, 10)
    main.evaluate("v => { v.muted = true; v.currentTime = 0.2; }")
    expect(page.locator("[data-sign]")).to_have_attribute("data-sign-state", "outside")
    expect(page.locator("[data-sign]")).to_have_class("sign-window sign-idle")
    main.evaluate("v => { v.currentTime = 6; }")
    wait_for(
        lambda: abs(interpreter.evaluate("v => v.currentTime") - (6 - offset)) < 0.3,
        10,
        lambda: interpreter.evaluate("v => v.currentTime"),
    )
    main.evaluate("v => v.play()")
    advances(interpreter, 1.0, 10)
    main.evaluate("v => v.pause()")
    wait_for(lambda: interpreter.evaluate("v => v.paused"), 5)
    # Still in step after playing: within the 0.4-s drift the page allows.
    gap = main.evaluate("v => v.currentTime") - offset - interpreter.evaluate("v => v.currentTime")
    assert abs(gap) < 0.45, gap
    main.evaluate("v => { v.playbackRate = 1.5; }")
    wait_for(lambda: interpreter.evaluate("v => v.playbackRate") == 1.5, 5)


def make_video(path: Path, seconds: int) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    subprocess.run(
        ["ffmpeg", "-nostdin", "-v", "error", "-y", "-f", "lavfi",
         "-i", f"testsrc=size=160x90:rate=10:duration={seconds}",
         "-c:v", "libx264", "-preset", "ultrafast", "-pix_fmt", "yuv420p", str(path)],
        check=True,
    )  # fmt: skip


@pytest.mark.parametrize("language", ["de", "en"])
def test_a_recording_with_an_interpreter_in_both_languages(
    live_server, settings, tmp_path, open_context, problems, language
):
    """Uploaded pair (no streaming server): the interpreter's recording starts 2 s after the
    hearing's; the page is accessible in both languages and keeps the two in step."""
    settings.MEDIA_ROOT = tmp_path
    hearing = hearing_with_agenda(1, slug="dgs-upload")
    start = datetime(2024, 6, 7, 7, 30, tzinfo=UTC)
    made = {}
    for track, seconds, delay in ((Track.PROGRAMME, 10, 0), (Track.SIGN, 8, 2)):
        name = f"recordings/dgs-upload/{track}/rec.mp4"
        make_video(tmp_path / name, seconds)
        made[track] = Recording.objects.create(
            hearing=hearing, file=name, source="upload", track=track,
            started_at=start + timedelta(seconds=delay), duration=seconds,
            size=(tmp_path / name).stat().st_size, sha256="0" * 64, mime_type="video/mp4",
            state="published",
        )  # fmt: skip
    context = open_context()
    context.add_cookies([{"name": "django_language", "value": language, "url": live_server.url}])
    page = new_page(context, problems)
    page.goto(live_server.url + made[Track.PROGRAMME].get_absolute_url())
    expect(page.locator("html")).to_have_attribute("lang", language)
    label = "Gebärdensprache einblenden" if language == "de" else "Show sign language"
    expect(page.get_by_label(label)).to_be_checked()
    check_in_step(page, 2.0)
    assert_accessible(page)
    # The interpreter's own recording has no page of its own in the list, and its address
    # serves its file only through the hearing's visibility like any recording's.
    assert made[Track.SIGN].get_absolute_url() != made[Track.PROGRAMME].get_absolute_url()
