"""End to end: real German speech pushed with ffmpeg into the real nginx, the caption worker
recognises it live, and the lines reach a subscribed caption page in chromium (PostgreSQL pass:
the worker writes from threads of its own, beside the server's)."""

import subprocess
import threading
import time

from playwright.sync_api import expect

from hearing.captions.models import Captioning, CaptionLine
from hearing.captions.worker import watch
from hearing.documentation.asr.wer import wer
from hearing.media.domain.stream import stream_for
from tests.browser.conftest import assert_accessible, logged_in, new_page
from tests.concurrency import postgres_only
from tests.documentation.conftest import AUDIO
from tests.factories import hearing_with_agenda
from tests.media import streaming


def speech_clip(tmp_path) -> tuple:
    """The four CC0 recordings with 1.5 s of silence after each, after 2 s of silence (a hearing
    does not begin mid-word), under a test picture (FLV)."""
    references = dict(
        line.split("\t") for line in (AUDIO / "transcripts.tsv").read_text().splitlines()[1:]
    )
    names = sorted(references)
    inputs, filters = [], []
    for index, name in enumerate(names):
        inputs += ["-i", str(AUDIO / name)]
        filters.append(f"[{index}:a]aresample=44100,apad=pad_dur=1.5[a{index}]")
    filters.append("anullsrc=r=44100:cl=mono,atrim=duration=2[lead]")
    joined = "[lead]" + "".join(f"[a{i}]" for i in range(len(names)))
    filters.append(f"{joined}concat=n={len(names) + 1}:v=0:a=1[speech]")
    clip = tmp_path / "speech.flv"
    subprocess.run(
        ["ffmpeg", "-nostdin", "-v", "error", "-y", *inputs,
         "-f", "lavfi", "-i", "testsrc=size=320x180:rate=15",
         "-filter_complex", ";".join(filters),
         "-map", f"{len(names)}:v", "-map", "[speech]", "-shortest",
         "-c:v", "libx264", "-preset", "ultrafast", "-g", "15", "-pix_fmt", "yuv420p",
         "-c:a", "aac", "-b:a", "96k", "-f", "flv", str(clip)],
        check=True,
    )  # fmt: skip
    return clip, " ".join(references[name] for name in names)


@postgres_only
def test_spoken_words_become_live_captions_on_a_subscribed_page(
    live_server, settings, tmp_path, open_context, problems
):
    hearing = hearing_with_agenda(2, slug="untertitel")
    stream = stream_for(hearing)
    Captioning.objects.create(hearing=hearing, enabled=True)
    server = streaming.configure(settings, tmp_path, live_server.url)
    clip, reference = speech_clip(tmp_path)
    stop = threading.Event()
    worker = threading.Thread(target=watch, kwargs={"stop": stop}, daemon=True)
    with streaming.running(server):
        page = new_page(open_context(), problems)
        page.goto(f"{live_server.url}/captions/{hearing.slug}/")
        expect(page.locator("[role=log] [data-caption-lines]")).to_be_attached()
        page.evaluate(
            """() => { window.__arrived = {};
            new MutationObserver(() => document.querySelectorAll('[data-caption-id]').forEach(
              li => { window.__arrived[li.dataset.captionId] ??= Date.now(); }))
            .observe(document.querySelector('[data-caption-lines]'), {childList: true}); }"""
        )
        worker.start()
        encoder = streaming.publish(clip, f"{settings.STREAM_INGEST_URL}/{stream.key}", wait=False)
        assert encoder.wait(timeout=90) == 0
        deadline = time.monotonic() + 30
        while CaptionLine.objects.filter(hearing=hearing).count() < 4:
            assert time.monotonic() < deadline, list(CaptionLine.objects.values_list("text"))
            time.sleep(0.5)
        stop.set()
        worker.join(timeout=30)
        lines = list(CaptionLine.objects.filter(hearing=hearing).order_by("started_at"))
        expect(page.locator("[data-caption-id]")).to_have_count(len(lines), timeout=10_000)
        arrived = page.evaluate("() => window.__arrived")

    hypothesis = " ".join(line.text for line in lines)
    assert wer(reference, hypothesis) <= 0.25, hypothesis
    assert all(line.provenance["model"] for line in lines)
    assert lines[0].item_id is None  # no item was running
    # Each line reached the page within a few seconds of the last word's time in the audio.
    delays = [arrived[str(line.pk)] / 1000 - line.ended_at.timestamp() for line in lines]
    assert max(delays) < 8, delays
    assert_accessible(page)


def hand_over(live_server, slug: str, text: str, *, final: bool = True, delayed=None) -> None:
    """A line as the caption worker hands it over (its HTTP path, with its secret); with
    ``delayed`` its word on the pace instead."""
    import json
    import urllib.request

    from hearing.captions.domain import WORKER_SECRET
    from hearing.core.secrets import derived_secret

    body = {"start": 1.0, "end": 2.0, "text": text, "final": final, "seconds": 0.5,
            "base": "2026-12-01T09:30:00+01:00", "provenance": {}}  # fmt: skip
    if delayed is not None:
        body = {"delayed": delayed}
    request = urllib.request.Request(  # noqa: S310 - the test's own server
        f"{live_server.url}/captions/{slug}/lines/",
        data=json.dumps(body).encode(),
        headers={
            "Content-Type": "application/json",
            "X-Hearing-Captions": derived_secret(WORKER_SECRET),
        },
    )
    with urllib.request.urlopen(request, timeout=10) as response:  # noqa: S310
        assert response.status == 200


def test_captions_show_under_the_player_on_the_wall_and_on_the_personal_page(
    demo, live_server, open_context, problems
):
    from hearing.participants.models import Participant
    from tests.browser.test_live import participant_context

    member = Participant.objects.filter(hearing=demo, group__slug="stadtrat").first()
    member.status = "registered"
    member.save()
    personal = new_page(participant_context(open_context, live_server, member), problems)
    personal.goto(f"{live_server.url}/participation/{demo.slug}/personal/")
    public = new_page(open_context(), problems)
    public.goto(f"{live_server.url}/hearings/{demo.slug}/")
    wall = new_page(open_context(viewport={"width": 1920, "height": 1080}), problems)
    wall.goto(f"{live_server.url}/live/hearings/{demo.slug}/wall/")
    pages = (public, wall, personal)
    for page in pages:
        expect(page.locator("[data-captions-box]")).to_be_hidden()  # no captions yet

    hand_over(live_server, demo.slug, "Guten Morgen und herzlich", final=False)
    for page in pages:
        expect(page.locator("[data-caption-now]")).to_have_text(
            "Guten Morgen und herzlich", timeout=5_000
        )
    hand_over(live_server, demo.slug, "Guten Morgen und herzlich willkommen.")
    for page in pages:
        expect(page.locator("[data-caption-last]")).to_have_text(
            "Guten Morgen und herzlich willkommen.", timeout=5_000
        )
        expect(page.locator("[data-caption-now]")).to_have_text("")
    # The worker cannot keep up: every page says so until it is back.
    hand_over(live_server, demo.slug, "", delayed=True)
    for page in pages:
        expect(page.locator("[data-captions-delayed]")).to_be_visible(timeout=5_000)
    hand_over(live_server, demo.slug, "", delayed=False)
    for page in pages:
        expect(page.locator("[data-captions-delayed]")).to_be_hidden(timeout=5_000)
    # The viewer's choices: bigger, then off (kept in this browser for the next page).
    public.get_by_label("Größe").select_option("huge")
    expect(public.locator("[data-captions-band]")).to_have_class("caption-band is-huge")
    public.get_by_label("Untertitel anzeigen").uncheck()
    expect(public.locator("[data-captions-band]")).to_be_hidden()
    public.reload()
    hand_over(live_server, demo.slug, "Wir beginnen.")
    expect(public.locator("[data-captions-box]")).to_be_visible(timeout=5_000)
    expect(public.locator("[data-captions-band]")).to_be_hidden()
    for page in pages:
        assert_accessible(page)
    # On a phone, the longest German compounds in the largest type break inside the band instead
    # of running out of it or of the page (WCAG 1.4.10).
    phone = new_page(open_context(viewport={"width": 375, "height": 800}), problems)
    phone.goto(f"{live_server.url}/hearings/{demo.slug}/")
    hand_over(
        live_server,
        demo.slug,
        "Datenschutzfolgenabschätzungsverfahrensbeschleunigung im Künstliche-Intelligenz-Kompetenzzentrum.",
    )
    expect(phone.locator("[data-captions-box]")).to_be_visible(timeout=5_000)
    phone.get_by_label("Größe").select_option("huge")
    band = phone.locator("[data-captions-band]")
    assert band.evaluate("b => b.scrollWidth <= b.clientWidth")
    assert phone.evaluate("document.documentElement.scrollWidth <= innerWidth")
    # The caption page: its lines scroll in a box the keyboard reaches (axe: scrollable-region-focusable).
    phone.goto(f"{live_server.url}/captions/{demo.slug}/")
    log = phone.get_by_role("log")
    expect(log).to_have_attribute("tabindex", "0")
    log.focus()
    assert phone.evaluate("document.activeElement.getAttribute('role')") == "log"
    assert_accessible(phone)


def test_a_captioners_correction_replaces_the_line_on_a_public_page_within_a_second(
    demo, live_server, open_context, problems
):
    import time as clock

    from tests.factories import HearingRoleFactory, UserFactory

    captioner = UserFactory(username="schrift")
    HearingRoleFactory(hearing=demo, user=captioner, role="captioner")
    console_context = logged_in(open_context, live_server, captioner)
    public = new_page(open_context(), problems)
    public.goto(f"{live_server.url}/captions/{demo.slug}/")
    hand_over(live_server, demo.slug, "eure trüte nerft")
    expect(public.locator("[data-caption-id]")).to_have_text(["eure trüte nerft"], timeout=5_000)

    console = new_page(console_context, problems)
    console.goto(f"{live_server.url}/captions/{demo.slug}/console/")
    box = console.get_by_label("Neueste Zeile korrigieren")
    expect(box).to_have_value("eure trüte nerft")
    assert_accessible(console)
    box.fill("Eure Tröte nervt.")
    with console.expect_navigation():
        console.get_by_role("button", name="Korrektur senden").click()
    saved = clock.monotonic()  # the correction is committed: the push is what is measured
    expect(public.locator("[data-caption-id]")).to_have_text(["Eure Tröte nervt."], timeout=5_000)
    assert clock.monotonic() - saved < 1.0
    expect(public.locator("[data-caption-id]")).to_have_class("is-edited")
    # The console follows the newest line while the captioner is not typing in the box.
    hand_over(live_server, demo.slug, "Euer Plan hat ja toll geklappt.")
    expect(box).to_have_value("Euer Plan hat ja toll geklappt.", timeout=5_000)
