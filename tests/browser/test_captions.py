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
    ``delayed`` its word on the pace instead. Captions are switched on for the hearing unless a
    test switched them already (lines while off are dropped)."""
    import json
    import urllib.request

    from hearing.captions.domain import WORKER_SECRET
    from hearing.core.secrets import derived_secret
    from hearing.hearings.models import Hearing

    Captioning.objects.get_or_create(
        hearing=Hearing.objects.get(slug=slug), defaults={"enabled": True}
    )

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


def open_viewers(demo, live_server, open_context, problems) -> tuple:
    """(hearing page, wall at 1920x1080, a council member's personal page), opened."""
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
    return public, wall, personal


def test_captions_show_under_the_player_on_the_wall_and_on_the_personal_page(
    demo, live_server, open_context, problems
):

    public, wall, personal = open_viewers(demo, live_server, open_context, problems)
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
    # Labelled as machine-made on the wall, too.
    expect(wall.locator("[data-captions-note]")).to_have_text(
        "automatisch erzeugt; ✎ von einer Person"
    )
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


def assert_band_shows_the_end(page, text: str) -> None:
    """The band of a fixed height (the wall) shows the end of ``text``: all of it, or "…" and
    its last whole words, inside the band (nothing cut at its top edge)."""
    shown = page.locator("[data-caption-last]").text_content()
    if shown != text:
        assert shown.startswith("… "), shown
        assert f" {text}".endswith(f" {shown[2:]}"), shown
    inside = page.locator("[data-captions-band]").evaluate(
        """band => {
          const style = getComputedStyle(band), outer = band.getBoundingClientRect();
          const top = outer.top + parseFloat(style.borderTopWidth) + parseFloat(style.paddingTop);
          const bottom = outer.bottom - parseFloat(style.borderBottomWidth)
            - parseFloat(style.paddingBottom);
          return [...band.children].map(p => p.getBoundingClientRect())
            .filter(r => r.height > 0).every(r => r.top >= top - 1 && r.bottom <= bottom + 1);
        }"""
    )
    assert inside, shown


def test_the_wall_has_a_caption_switch_of_its_own(demo, live_server, open_context, problems):
    """Issue 13 review: the wall's band is switched off and on at the wall, kept in the browser
    apart from a viewer's choice under the player; in full screen the switch leaves with the
    projector bar, the band and "automatisch erzeugt" stay."""
    context = open_context(viewport={"width": 1920, "height": 1080})
    wall = new_page(context, problems)
    wall.goto(f"{live_server.url}/live/hearings/{demo.slug}/wall/")
    viewer = new_page(context, problems)
    viewer.goto(f"{live_server.url}/hearings/{demo.slug}/")
    hand_over(live_server, demo.slug, "Guten Morgen.")
    for page in (wall, viewer):
        expect(page.locator("[data-captions-band]")).to_be_visible(timeout=5_000)
    wall_switch = wall.get_by_label("Untertitel anzeigen")
    wall_switch.uncheck()
    expect(wall.locator("[data-captions-band]")).to_be_hidden()
    expect(wall.locator("[data-captions-note]")).to_be_hidden()
    expect(viewer.locator("[data-captions-band]")).to_be_visible()
    wall.reload()
    viewer.reload()
    hand_over(live_server, demo.slug, "Wir beginnen.")
    expect(viewer.locator("[data-caption-last]")).to_have_text("Wir beginnen.", timeout=5_000)
    expect(viewer.locator("[data-captions-band]")).to_be_visible()
    expect(wall.locator("[data-caption-last]")).to_have_text("Wir beginnen.")
    expect(wall.locator("[data-captions-band]")).to_be_hidden()
    expect(wall_switch).not_to_be_checked()
    # The viewer's choice leaves the wall's alone.
    viewer.get_by_label("Untertitel anzeigen").uncheck()
    wall_switch.check()
    wall.reload()
    hand_over(live_server, demo.slug, "Erstens.")
    expect(wall.locator("[data-captions-band]")).to_be_visible(timeout=5_000)
    wall.bring_to_front()  # full screen is granted to the page in front only
    wall.get_by_role("button", name="Vollbild").click()
    expect(wall.locator("[data-fullscreen]")).to_be_hidden()
    expect(wall_switch).to_be_hidden()
    expect(wall.locator("[data-captions-note]")).to_have_text(
        "automatisch erzeugt; ✎ von einer Person"
    )
    expect(wall.locator("[data-captions-note]")).to_be_visible()
    expect(wall.locator("[data-captions-band]")).to_be_visible()
    assert_accessible(wall)


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
    expect(public.locator("[data-caption-id]")).to_have_text(
        ["Eure Tröte nervt. ✎ (von einer Person korrigiert)"], timeout=5_000
    )
    assert clock.monotonic() - saved < 1.0
    expect(public.locator("[data-caption-id]")).to_have_class("is-edited")
    # The console follows the newest line while the captioner is not typing in the box.
    hand_over(live_server, demo.slug, "Euer Plan hat ja toll geklappt.")
    expect(box).to_have_value("Euer Plan hat ja toll geklappt.", timeout=5_000)


def test_a_line_by_a_person_is_marked_wherever_it_is_shown(
    demo, live_server, open_context, problems
):
    """Issue 13 review: under the player, on the wall, on the personal page and on the caption
    page a corrected or written line carries a mark to see and words for screen readers, in the
    reader's language, live and when the page is opened later."""
    from tests.factories import HearingRoleFactory, UserFactory

    Captioning.objects.create(hearing=demo, enabled=True)
    captioner = UserFactory(username="schrift")
    HearingRoleFactory(hearing=demo, user=captioner, role="captioner")
    # Sessions are written before any page runs (see tests/browser/conftest.py: logged_in).
    console = new_page(logged_in(open_context, live_server, captioner), problems)
    public, wall, personal = open_viewers(demo, live_server, open_context, problems)
    log = new_page(open_context(), problems)
    log.goto(f"{live_server.url}/captions/{demo.slug}/")
    english = open_context()
    english.add_cookies([{"name": "django_language", "value": "en", "url": live_server.url}])
    english_log = new_page(english, problems)
    english_log.goto(f"{live_server.url}/captions/{demo.slug}/")
    bands = (public, wall, personal)

    hand_over(live_server, demo.slug, "eure trüte nerft")
    for page in bands:
        expect(page.locator("[data-caption-last]")).to_have_text("eure trüte nerft", timeout=5_000)
    expect(log.locator("[data-caption-id]")).to_have_text(["eure trüte nerft"], timeout=5_000)
    expect(log.locator(".caption-edited")).to_have_count(0)

    console.goto(f"{live_server.url}/captions/{demo.slug}/console/")
    console.get_by_label("Neueste Zeile korrigieren").fill("Eure Tröte nervt.")
    with console.expect_navigation():
        console.get_by_role("button", name="Korrektur senden").click()
    corrected = "Eure Tröte nervt. ✎ (von einer Person korrigiert)"
    for page in bands:
        expect(page.locator("[data-caption-last]")).to_have_text(corrected, timeout=5_000)
        expect(page.locator("[data-caption-last] .caption-edited")).to_be_visible()
    expect(log.locator("[data-caption-id]")).to_have_text([corrected], timeout=5_000)
    # The sign is for the eyes; screen readers read the words, which are not on the screen.
    mark = log.locator(".caption-edited")
    expect(mark.locator("[aria-hidden=true]")).to_have_text("✎")
    expect(mark.locator(".visually-hidden")).to_have_text("(von einer Person korrigiert)")
    expect(english_log.locator("[data-caption-id]")).to_have_text(
        ["Eure Tröte nervt. ✎ (corrected by a person)"], timeout=5_000
    )

    console.get_by_label("Eigene Zeile schreiben").fill("Applaus im Saal.")
    with console.expect_navigation():
        console.get_by_role("button", name="Zeile senden").click()
    written = "Applaus im Saal. ✎ (von einer Person geschrieben)"
    for page in bands:
        expect(page.locator("[data-caption-last]")).to_have_text(written, timeout=5_000)
    expect(log.locator("[data-caption-id]")).to_have_text([corrected, written], timeout=5_000)
    # A page opened now starts with the same marks (rendered by the server).
    public.reload()
    expect(public.locator("[data-caption-last]")).to_have_text(written)
    log.reload()
    expect(log.locator("[data-caption-id]")).to_have_text([corrected, written])
    english_log.reload()
    expect(english_log.locator("[data-caption-id]")).to_have_text(
        ["Eure Tröte nervt. ✎ (corrected by a person)", "Applaus im Saal. ✎ (written by a person)"]
    )
    for page in (public, log, english_log):
        assert_accessible(page)


def test_the_console_keeps_a_correction_being_written_when_lines_arrive(
    demo, live_server, open_context, problems
):
    """Issue 13 review: a half-written correction stays in the box with the line it corrects,
    also when the focus has left the box and new lines come; the box follows the newest line
    again once the correction is sent, the box emptied or put back to the line's text."""
    from tests.factories import HearingRoleFactory, UserFactory

    captioner = UserFactory(username="schrift")
    HearingRoleFactory(hearing=demo, user=captioner, role="captioner")
    console = new_page(logged_in(open_context, live_server, captioner), problems)
    hand_over(live_server, demo.slug, "eure trüte nerft")
    first = CaptionLine.objects.get(hearing=demo, text="eure trüte nerft")
    console.goto(f"{live_server.url}/captions/{demo.slug}/console/")
    box = console.get_by_label("Neueste Zeile korrigieren")
    other = console.get_by_label("Eigene Zeile schreiben")
    form = console.locator("form[data-caption-correct]")
    expect(box).to_have_value("eure trüte nerft")

    def target() -> str:
        return form.get_attribute("action").rstrip("/").rsplit("/", 1)[1]

    box.fill("Eure Tröte")
    other.focus()  # the captioner looks elsewhere for a moment
    hand_over(live_server, demo.slug, "Euer Plan hat ja toll geklappt.")
    expect(console.locator("[data-caption-lines] li")).to_have_count(2, timeout=5_000)
    expect(box).to_have_value("Eure Tröte")
    assert target() == str(first.pk)
    box.fill("Eure Tröte nervt.")
    with console.expect_navigation():
        console.get_by_role("button", name="Korrektur senden").click()
    first.refresh_from_db()
    assert first.text == "Eure Tröte nervt."
    second = CaptionLine.objects.get(hearing=demo, text="Euer Plan hat ja toll geklappt.")
    assert second.edited_by_id is None

    # Sent: the box has the newest line and follows the next.
    expect(box).to_have_value("Euer Plan hat ja toll geklappt.")
    box.fill("")
    other.focus()
    hand_over(live_server, demo.slug, "Dritter Satz.")
    expect(box).to_have_value("Dritter Satz.", timeout=5_000)
    third = CaptionLine.objects.get(hearing=demo, text="Dritter Satz.")
    assert target() == str(third.pk)
    # Put back to the line's text: nothing of the captioner's to keep.
    box.fill("Dritter Satz!")
    box.fill("Dritter Satz.")
    other.focus()
    hand_over(live_server, demo.slug, "Vierter Satz.")
    expect(box).to_have_value("Vierter Satz.", timeout=5_000)
    fourth = CaptionLine.objects.get(hearing=demo, text="Vierter Satz.")
    assert target() == str(fourth.pk)


def test_switching_captions_off_clears_the_open_pages(demo, live_server, open_context, problems):
    """Issue 13 review: switched off, the bands and what was being said leave every open page
    and the caption page says the captions are off; switched on, the next line shows again."""
    from tests.browser.conftest import sign_in

    Captioning.objects.create(hearing=demo, enabled=True)
    public = new_page(open_context(), problems)
    public.goto(f"{live_server.url}/hearings/{demo.slug}/")
    wall = new_page(open_context(viewport={"width": 1280, "height": 720}), problems)
    wall.goto(f"{live_server.url}/live/hearings/{demo.slug}/wall/")
    log = new_page(open_context(), problems)
    log.goto(f"{live_server.url}/captions/{demo.slug}/")
    off = log.get_by_text("Für dieses Hearing sind gerade keine Live-Untertitel eingeschaltet.")
    expect(off).to_be_hidden()
    organiser = new_page(open_context(), problems)
    sign_in(organiser, live_server.url, "organisation", f"/media/hearings/{demo.slug}/stream/")

    hand_over(live_server, demo.slug, "Guten Morgen.")
    hand_over(live_server, demo.slug, "Wir beginnen mit", final=False)
    for page in (public, wall):
        expect(page.locator("[data-caption-now]")).to_have_text("Wir beginnen mit", timeout=5_000)
    expect(log.locator("[data-caption-interim]")).to_have_text("Wir beginnen mit")

    organiser.get_by_role("button", name="Untertitel ausschalten").click()
    expect(organiser.get_by_role("button", name="Untertitel einschalten")).to_be_visible()
    for page in (public, wall):
        expect(page.locator("[data-captions-box]")).to_be_hidden(timeout=5_000)
        expect(page.locator("[data-caption-last]")).to_have_text("")
        expect(page.locator("[data-caption-now]")).to_have_text("")
    expect(off).to_be_visible(timeout=5_000)
    expect(log.locator("[data-caption-interim]")).to_have_text("")
    assert_accessible(log)
    # A late word of the recogniser after the switch does not bring the band back.
    hand_over(live_server, demo.slug, "Wir beginnen mit dem", final=False)

    organiser.get_by_role("button", name="Untertitel einschalten").click()
    expect(off).to_be_hidden(timeout=5_000)
    for page in (public, wall):
        expect(page.locator("[data-captions-box]")).to_be_hidden()
    expect(log.locator("[data-caption-interim]")).to_have_text("")
    hand_over(live_server, demo.slug, "Weiter geht es.")
    for page in (public, wall):
        expect(page.locator("[data-caption-last]")).to_have_text("Weiter geht es.", timeout=5_000)
        expect(page.locator("[data-captions-box]")).to_be_visible()
