"""Live Q&A and speakers list in three browsers: moderator, council member, public viewer."""

import re

import pytest
from django.contrib.auth import get_user_model
from django.contrib.sessions.backends.db import SessionStore
from playwright.sync_api import expect

from hearing.hearings.domain import live
from hearing.participants.domain.identity import SESSION_KEY
from hearing.participants.models import Participant
from tests.browser.conftest import assert_accessible, new_page, read_qr, sign_in

QUESTION = "Wer haftet, wenn die KI falsch entscheidet? <script>alert(1)</script>"


@pytest.fixture
def running_demo(demo):
    moderation = get_user_model().objects.get(username="moderation")
    live.start_item(demo.items.get(position=2), actor=moderation)  # talk with a Q&A round
    demo.refresh_from_db()
    return demo


@pytest.fixture
def council_member(running_demo):
    member = Participant.objects.filter(hearing=running_demo, group__slug="stadtrat").first()
    member.status = "registered"
    member.attendance = "virtual"
    member.save()
    return member


def participant_context(open_context, live_server, participant, **kwargs):
    session = SessionStore()
    session[SESSION_KEY] = {str(participant.hearing_id): participant.pk}
    session.create()
    context = open_context(**kwargs)
    context.add_cookies(
        [{"name": "sessionid", "value": session.session_key, "url": live_server.url}]
    )
    return context


def log_in(page, live_server, slug):
    sign_in(page, live_server.url, "moderation", f"/backoffice/hearings/{slug}/console/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Moderationskonsole")


def test_question_vote_and_speaker_reach_every_screen_live(
    running_demo, council_member, live_server, open_context, problems
):
    slug = running_demo.slug
    # The member's session is written before any page runs: on the test database (SQLite in
    # memory, shared cache) a write beside a live-server request reading sessions fails at once.
    member_context = participant_context(open_context, live_server, council_member)
    viewer = new_page(open_context(), problems)
    viewer.goto(f"{live_server.url}/hearings/{slug}/")
    expect(viewer.locator("[data-live-questions-empty]")).to_be_visible()
    wall = new_page(open_context(), problems)
    wall.goto(f"{live_server.url}/live/hearings/{slug}/wall/")

    moderator = new_page(open_context(), problems)
    log_in(moderator, live_server, slug)
    expect(moderator.get_by_text("Keine Fragen warten auf Freigabe.")).to_be_visible()

    member = new_page(member_context, problems)
    member.goto(f"{live_server.url}/participation/{slug}/personal/")
    member.get_by_label("Ihre Frage").fill(QUESTION)
    member.get_by_label("Meinen Namen öffentlich zeigen").check()
    member.get_by_role("button", name="Frage stellen").click()
    expect(member.get_by_role("status")).to_contain_text(
        "Danke! Ihre Frage wird nach der Freigabe angezeigt."
    )

    # The console's queue shows it without a reload, with the asker's group.
    entry = moderator.locator(".moderation-queue .queue-entry").first
    expect(entry.locator(".question-text")).to_have_text(QUESTION, timeout=2_000)
    expect(entry.locator(".meta")).to_contain_text(
        f"{council_member.name} (Mitglieder des Stadtrats)"
    )
    entry.get_by_role("button", name="Freigeben").click()
    expect(moderator.get_by_role("status")).to_contain_text("Frage freigegeben.")

    shown = viewer.locator("[data-live-questions] .question")
    expect(shown.locator(".question-text")).to_have_text([QUESTION], timeout=2_000)
    expect(shown.locator(".asker")).to_have_text([f"– {council_member.name}"])
    expect(shown.locator(".votes")).to_have_text(["0 Stimmen"])
    expect(wall.locator("[data-live-questions] .question-text")).to_have_text(
        [QUESTION], timeout=2_000
    )

    member.locator(".vote-list").get_by_role("button", name="Stimme geben").click()
    expect(member.get_by_role("status")).to_contain_text("Ihre Stimme ist gezählt.")
    expect(shown.locator(".votes")).to_have_text(["1 Stimme"], timeout=2_000)
    expect(wall.locator("[data-live-questions] .votes")).to_have_text(["1 Stimme"])
    # The room reads the word too, not a bare number (visible on the wall only).
    assert (
        wall.locator("[data-live-questions] .votes .visually-hidden").bounding_box()["width"] > 10
    )
    expect(moderator.locator(".moderation-queue .badge").first).to_have_text(
        "1 Stimme", timeout=2_000
    )

    member.get_by_role("button", name="Wortmeldung (Hand heben)").click()
    expect(member.get_by_text("Sie stehen auf der Redeliste.").first).to_be_visible()
    speaker_entry = moderator.locator(".speaker-entry").first
    expect(speaker_entry).to_contain_text(council_member.name, timeout=2_000)
    expect(speaker_entry).to_contain_text("virtuell")
    moderator.get_by_role("button", name="Nächste Person aufrufen").click()
    expect(member.get_by_role("alert")).to_have_text(
        "Sie sind dran! Bitte sprechen Sie jetzt.", timeout=2_000
    )
    speaker_entry.get_by_role("button", name="Redezeit starten").click()
    expect(wall.locator("[data-speaking-name]")).to_have_text(
        f"{council_member.name} (virtuell)", timeout=2_000
    )
    expect(wall.locator("[data-countdown]")).to_have_text(re.compile(r"Restzeit 0[12]:\d\d"))
    expect(viewer.locator("[data-speaking-name]")).to_have_text(f"{council_member.name} (virtuell)")
    # Escaped everywhere: the script text is shown, never run (a run would be a page error).
    assert viewer.locator("[data-live-questions] script").count() == 0

    # A vote event carries one count; the list re-sorts as the server orders it (answering first,
    # then most votes, the earlier question on a tie) and ignores questions it does not show.
    item = viewer.locator("[data-live-questions]").get_attribute("data-item")
    viewer.evaluate(
        """([item, questions]) => {
          const send = (kind, data) => document.dispatchEvent(
            new CustomEvent("hearing:live", {detail: {kind, data}}));
          send("questions", {item: Number(item), pending: 0, questions});
          send("votes", {item: Number(item), question: 3, votes: 5});
          send("votes", {item: Number(item), question: 99, votes: 50});
        }""",
        [
            item,
            [
                {
                    "id": 4,
                    "text": "Wird beantwortet",
                    "asker": "a",
                    "votes": 0,
                    "status": "answering",
                },
                {"id": 1, "text": "Eins", "asker": "a", "votes": 4, "status": "approved"},
                {"id": 2, "text": "Zwei", "asker": "a", "votes": 4, "status": "approved"},
                {"id": 3, "text": "Drei", "asker": "a", "votes": 3, "status": "approved"},
            ],
        ],
    )
    expect(shown.locator(".question-text")).to_have_text(
        ["Wird beantwortet", "Drei", "Eins", "Zwei"]
    )
    expect(shown.locator(".votes")).to_have_text(
        ["0 Stimmen", "5 Stimmen", "4 Stimmen", "4 Stimmen"]
    )


@pytest.mark.parametrize("language", ["de", "en"])
def test_hearing_page_with_questions_and_wall_are_accessible(
    running_demo, council_member, live_server, open_context, problems, language
):
    from hearing.live.domain import qa, speakers
    from hearing.live.domain.common import Who

    moderation = get_user_model().objects.get(username="moderation")
    question = qa.ask_question(
        running_demo.items.get(position=2),
        "Wie wird Transparenz gesichert?",
        who=Who(council_member),
    )
    qa.approve_question(question, actor=moderation)
    turn = speakers.raise_hand(running_demo.items.get(position=2), who=Who(council_member))
    speakers.start_speaking(turn, actor=moderation)
    # Written before any page runs (see the test above).
    member = participant_context(open_context, live_server, council_member, bypass_csp=True)
    context = open_context(bypass_csp=True)
    context.add_cookies([{"name": "django_language", "value": language, "url": live_server.url}])
    page = new_page(context, problems)
    for path in (
        f"/hearings/{running_demo.slug}/",
        f"/live/hearings/{running_demo.slug}/wall/",
        f"/live/hearings/{running_demo.slug}/speaker/",
    ):
        page.goto(live_server.url + path)
        expect(page.locator("[data-live-questions] .question")).to_have_count(1)
        assert_accessible(page)
    # Wall and speaker view (the last page) have no site navigation, and a full-screen button.
    expect(page.get_by_role("navigation")).to_have_count(0)
    full = page.get_by_role("button", name={"de": "Vollbild", "en": "Full screen"}[language])
    full.click()
    button = page.locator("[data-fullscreen]")
    expect(button).to_have_attribute("aria-pressed", "true")
    expect(button).to_be_hidden()  # in full screen nothing but the view (Esc leaves it)
    assert page.evaluate("document.fullscreenElement === document.documentElement")
    assert_accessible(page)
    # The participant's page with the live panel ("it is your turn" while speaking).
    member.add_cookies([{"name": "django_language", "value": language, "url": live_server.url}])
    page = new_page(member, problems)
    page.goto(f"{live_server.url}/participation/{running_demo.slug}/personal/")
    expect(page.get_by_role("alert")).to_be_visible()
    assert_accessible(page)


@pytest.fixture
def served(tmp_path_factory):
    """The demo served the way `make run` serves it: uvicorn with hearing.asgi (the SSE fast path)."""
    from tests.live.servers import Server, prepare_demo_db

    data_dir = tmp_path_factory.mktemp("served")
    prepare_demo_db(data_dir, static=True)
    server = Server(data_dir).start()
    yield f"http://127.0.0.1:{server.port}"
    assert "Traceback" not in server.stop()


def test_room_qa_and_discussion_on_the_real_server_with_the_wall_open(
    served, open_context, problems
):
    slug = "ki-stadtratshearing-2024"
    wall = new_page(open_context(), problems)
    wall.goto(f"{served}/live/hearings/{slug}/wall/")
    expect(wall.locator(".wall-current")).to_have_text("Gerade läuft kein Tagesordnungspunkt.")
    # A tablet in portrait: the console must fit without sideways scrolling.
    moderator = new_page(open_context(viewport={"width": 768, "height": 1024}), problems)
    sign_in(moderator, served, "moderation", f"/backoffice/hearings/{slug}/console/")
    moderator.get_by_role("button", name="Nächsten Punkt starten").click()
    moderator.get_by_role("button", name="Nächster Punkt").click()
    # The wall follows the agenda and shows the Q&A of the new item without a reload.
    expect(wall.locator(".wall-current")).to_have_text(
        "2. Einführung in das Thema Künstliche Intelligenz", timeout=2_000
    )
    moderator.get_by_label("Frage aus dem Saal eintragen").fill("Was kostet das?")
    moderator.get_by_role("button", name="Eintragen", exact=True).click()
    expect(wall.locator("[data-live-questions] .question-text")).to_have_text(
        ["Was kostet das?"], timeout=2_000
    )
    moderator.get_by_label("Person aus dem Saal auf die Liste setzen").fill("Gast im Saal")
    moderator.get_by_role("button", name="Hinzufügen").click()
    entry = moderator.locator(".speaker-entry", has_text="Gast im Saal")
    entry.get_by_role("button", name="Redezeit starten").click()
    expect(wall.locator("[data-speaking-name]")).to_have_text(
        "Gast im Saal (vor Ort)", timeout=2_000
    )
    expect(moderator.locator(".speaker-entry .countdown")).to_have_text(re.compile(r"0[12]:\d\d"))
    assert moderator.evaluate("document.documentElement.scrollWidth") <= 768


def test_without_eventsource_the_page_polls_the_event_log(
    running_demo, live_server, open_context, problems
):
    from hearing.live.domain import qa
    from hearing.live.domain.common import Who

    context = open_context()
    context.add_init_script("delete window.EventSource;")
    viewer = new_page(context, problems)
    viewer.goto(f"{live_server.url}/hearings/{running_demo.slug}/")
    expect(viewer.locator("[data-live-questions-empty]")).to_be_visible()
    moderation = get_user_model().objects.get(username="moderation")
    qa.ask_question(
        running_demo.items.get(position=2), "Frage aus dem Saal", who=Who(user=moderation)
    )
    expect(viewer.locator("[data-live-questions] .question-text")).to_have_text(
        ["Frage aus dem Saal"], timeout=5_000
    )


def test_a_double_click_sends_a_form_once(live_server, open_context, problems):
    """The button is disabled while the post is on its way (core/static/hearing/js/forms.js)."""
    from hearing.hearings.enums import ItemKind
    from hearing.live.models import LiveSettings
    from tests.factories import HearingRoleFactory, UserFactory, hearing_with_agenda

    hearing = hearing_with_agenda(2, slug="doppelklick")
    item = hearing.items.get(position=1)
    item.kind = ItemKind.DISCUSSION
    item.save()
    moderator = UserFactory()
    HearingRoleFactory(hearing=hearing, user=moderator, role="moderator")
    live.start_item(item, actor=moderator)
    LiveSettings.objects.create(hearing=hearing, public_questions=True)
    page = new_page(open_context(), problems)
    page.goto(f"{live_server.url}/hearings/{hearing.slug}/")
    form = page.locator("form[action$='/ask/']")
    form.get_by_role("textbox").fill("Wer haftet für Fehler der KI?")
    # Click, look at the form right after the submit event, then stop the navigation (as if the
    # answer were slow) and click again, as the second click of a double click would. The post
    # itself never reaches the server (held here, then dropped: aborting it at once let the
    # browser show its error page before the second click under load, a navigation that tore
    # the script's context down): nothing may run there after the test.
    held = []
    page.route("**/ask/", lambda route: held.append(route))
    seen = page.evaluate(
        """() => new Promise(resolve => {
        const form = document.querySelector("form[action$='/ask/']");
        const button = form.querySelector("button");
        let submits = 0;
        document.addEventListener("submit", () => { submits += 1; });
        button.click();
        window.setTimeout(() => {
          const during = [form.getAttribute("aria-busy"), button.disabled];
          window.stop();
          button.click();
          resolve({during: during, submits: submits});
        }, 0);
      })"""
    )
    assert seen == {"during": ["true", True], "submits": 1}
    assert len(held) <= 1
    for route in held:
        route.abort()


def test_question_boxes_and_announcements_follow_without_a_reload(
    demo, live_server, open_context, problems
):
    """Issue 13: the personal page's question box appears when an item with Q&A starts, the
    public one when public questions are switched on (from a page kept without a CSRF token),
    and an announcement reaches the personal page and stays there."""
    from hearing.live.models import Question

    member = Participant.objects.filter(hearing=demo, group__slug="stadtrat").first()
    member.status = "registered"
    member.attendance = "virtual"
    member.save()
    personal = new_page(participant_context(open_context, live_server, member), problems)
    personal.goto(f"{live_server.url}/participation/{demo.slug}/personal/")
    public = new_page(open_context(), problems)
    public.goto(f"{live_server.url}/hearings/{demo.slug}/")
    member_box = personal.get_by_label("Ihre Frage", exact=True)
    public_box = public.get_by_label("Ihre Frage (wird vor der Anzeige geprüft)")
    expect(member_box).to_be_hidden()
    expect(public_box).to_be_hidden()
    assert public.locator("[name=csrfmiddlewaretoken]").count() == 0  # a page nginx may keep

    moderator = new_page(open_context(), problems)
    log_in(moderator, live_server, demo.slug)
    moderator.get_by_role("button", name="Nächsten Punkt starten").click()  # the welcome
    expect(public.locator("#live-status")).to_have_text("Jetzt läuft: Begrüßung", timeout=5_000)
    expect(member_box).to_be_hidden()
    moderator.get_by_role("button", name="Nächster Punkt").click()  # a talk with Q&A
    expect(member_box).to_be_visible(timeout=5_000)
    expect(public_box).to_be_hidden()

    moderator.get_by_text("Einstellungen und Durchsage").click()
    moderator.get_by_label("Fragen aus dem Publikum zulassen").check()
    moderator.get_by_role("button", name="Speichern").click()
    expect(public_box).to_be_visible(timeout=5_000)
    public_box.fill("Wie wird die KI geprüft?")
    public.get_by_role("button", name="Frage senden").click()
    expect(public.get_by_role("status").first).to_be_visible()
    assert Question.objects.filter(text="Wie wird die KI geprüft?").count() == 1

    moderator.get_by_text("Einstellungen und Durchsage").click()
    moderator.get_by_label("Durchsage an alle Bildschirme").fill("Pause bis 11 Uhr")
    moderator.get_by_role("button", name="Durchsage senden").click()
    announcement = personal.locator("[data-live-announcement]")
    expect(announcement).to_have_text("Pause bis 11 Uhr", timeout=5_000)
    personal.wait_for_timeout(1_500)  # the panel's part is fetched again after each event
    expect(announcement).to_have_text("Pause bis 11 Uhr")
    assert_accessible(personal)


@pytest.mark.parametrize(("width", "height"), [(1920, 1080), (1280, 720)])
def test_the_wall_fills_a_projector_and_follows_the_items(
    demo, live_server, open_context, problems, settings, width, height
):
    """Issue 13: the wall uses the whole screen, shows the running item and the next one (also
    without Q&A), a QR code that opens the hearing's page and a short address; axe-clean."""
    import base64

    settings.CITY_NAME = "Landeshauptstadt München"
    wall = new_page(open_context(viewport={"width": width, "height": height}), problems)
    wall.goto(f"{live_server.url}/live/hearings/{demo.slug}/wall/")
    expect(wall.get_by_text("Landeshauptstadt München")).to_be_visible()
    expect(wall.locator(".wall-current")).to_have_text("Gerade läuft kein Tagesordnungspunkt.")
    expect(wall.locator(".wall-next")).to_contain_text("1. Begrüßung")
    used = wall.locator("[data-wall]").evaluate("w => w.getBoundingClientRect().width")
    assert used >= 0.9 * width
    # The bar above it (back link, full screen) as wide as the wall, not the site's column.
    bar = wall.locator(".projector-bar").evaluate("b => b.getBoundingClientRect().width")
    assert bar >= 0.9 * width
    # The QR code: large enough for a phone, not a white square filling the column.
    side = wall.locator(".wall-qr svg").evaluate("s => s.getBoundingClientRect().width")
    assert 0.1 * width <= side <= min(0.16 * width, 288) + 1, side
    # Without HEARING_SITE_URL the address is the one the wall was opened with (the phones in
    # the hall reach the laptop's network address, not 127.0.0.1).
    address = f"{live_server.url}/hearings/{demo.slug}/"
    expect(wall.locator(".wall-address")).to_have_text(address.split("://", 1)[1])
    # The QR code as the projector shows it, read back by the decoder the check-in page uses.
    png = base64.b64encode(wall.locator(".wall-qr svg").screenshot()).decode()
    wall.add_script_tag(url=f"{live_server.url}/static/participants/vendor/jsqr/jsQR.js")
    decoded = read_qr(wall, f"data:image/png;base64,{png}")
    assert decoded == address
    assert_accessible(wall)
    # Captions of more than three lines, with a compound longer than the band is wide at 1280 px
    # in big type: the wall still fits the screen, the band is beside the join panel, not over
    # it, nothing runs out sideways, and the band shows the end of the line in whole words.
    from tests.browser.test_captions import assert_band_shows_the_end, hand_over

    long = (
        "Datenschutzfolgenabschätzungsverfahrensbeschleunigungsgesetzentwurf " * 2
        + "und noch viel mehr Text, bis es mehr als drei Zeilen sind und die ältesten oben gehen müssen"
    )
    hand_over(live_server, demo.slug, long)
    expect(wall.locator("[data-captions-box]")).to_be_visible(timeout=5_000)
    wall.wait_for_timeout(300)
    page = wall.evaluate(
        "[document.documentElement.scrollHeight, innerHeight,"
        " document.documentElement.scrollWidth, innerWidth]"
    )
    assert page[0] <= page[1] and page[2] <= page[3], page
    band = wall.locator("[data-captions-band]").bounding_box()
    join = wall.locator(".wall-join").bounding_box()
    overlap_x = min(band["x"] + band["width"], join["x"] + join["width"]) - max(
        band["x"], join["x"]
    )
    overlap_y = min(band["y"] + band["height"], join["y"] + join["height"]) - max(
        band["y"], join["y"]
    )
    assert overlap_x <= 0 or overlap_y <= 0, (band, join)
    assert band["y"] + band["height"] <= height
    assert wall.locator("[data-captions-band]").evaluate("b => b.scrollWidth <= b.clientWidth")
    assert_band_shows_the_end(wall, long)
    # The address breaks only after a "/" and stays inside the join panel.
    parts = wall.locator(".wall-address span")
    assert (
        parts.evaluate_all("spans => spans.map(s => s.getClientRects().length)")
        == [1] * parts.count()
    )
    assert wall.locator(".wall-address").evaluate("a => a.scrollWidth <= a.clientWidth")
    # With HEARING_SITE_URL set, that address (the public one behind the city's proxy).
    settings.SITE_URL, settings.SITE_URL_SET = "https://hearing.muenchen.de", True
    wall.reload()
    expect(wall.locator(".wall-address")).to_have_text(f"hearing.muenchen.de/hearings/{demo.slug}/")

    moderator = new_page(open_context(), problems)
    log_in(moderator, live_server, demo.slug)
    moderator.get_by_role("button", name="Nächsten Punkt starten").click()  # no Q&A
    expect(wall.locator(".wall-current")).to_have_text("1. Begrüßung", timeout=5_000)
    expect(wall.locator(".wall-next")).to_contain_text("2. Einführung in das Thema")
    moderator.get_by_role("button", name="Nächster Punkt").click()  # a talk with Q&A
    expect(wall.get_by_role("heading", name="Fragen")).to_be_visible(timeout=5_000)
    assert_accessible(wall)


@pytest.mark.parametrize(("width", "height"), [(1920, 1080), (1280, 720)])
def test_the_walls_caption_band_has_a_row_of_its_own_below_the_questions(
    running_demo, council_member, live_server, open_context, problems, width, height
):
    """Issue 13 review: with a speaker, five approved questions and captions, the speaker's time
    and the first three questions stand whole in the live part, above the caption band, not
    behind it; questions beyond its room are left out whole, none is cut in half; the labels are
    large enough for the back of the hall (about 28 px at 1920, with the width)."""
    from hearing.live.domain import qa, speakers
    from hearing.live.domain.common import Who
    from tests.browser.test_captions import hand_over

    moderation = get_user_model().objects.get(username="moderation")
    item = running_demo.items.get(position=2)
    for text in (
        "Wie wird Transparenz gesichert?",
        "Wer haftet für Fehler der KI?",
        "Was kostet das System im Jahr?",
        "Welche Daten lernt das System, und wer darf sie später noch einsehen?",
        "Wann entscheidet der Stadtrat?",
    ):
        qa.approve_question(qa.ask_question(item, text, who=Who(council_member)), actor=moderation)
    speakers.start_speaking(speakers.raise_hand(item, who=Who(council_member)), actor=moderation)
    wall = new_page(open_context(viewport={"width": width, "height": height}), problems)
    wall.goto(f"{live_server.url}/live/hearings/{running_demo.slug}/wall/")
    expect(wall.locator("[data-live-questions] .question")).to_have_count(5)
    hand_over(
        live_server,
        running_demo.slug,
        "Guten Morgen und herzlich willkommen zu diesem Hearing über künstliche Intelligenz in "
        "der Stadtverwaltung: was sie heute schon kann, was sie kosten darf und wer sie prüft.",
    )
    expect(wall.locator("[data-captions-band]")).to_be_visible(timeout=5_000)
    live = wall.locator(".wall-live").bounding_box()
    band = wall.locator("[data-captions-box]").bounding_box()
    assert live["y"] + live["height"] <= band["y"] + 1, (live, band)
    assert band["y"] + band["height"] <= height

    def inside(box, area) -> bool:
        return (
            area["x"] - 1 <= box["x"]
            and box["x"] + box["width"] <= area["x"] + area["width"] + 1
            and area["y"] - 1 <= box["y"]
            and box["y"] + box["height"] <= area["y"] + area["height"] + 1
        )

    assert inside(wall.locator("[data-countdown]").bounding_box(), live)
    questions = wall.locator("[data-live-questions]")
    shown = questions.bounding_box()
    whole = []
    for question in questions.locator(".question").all():
        box = question.bounding_box()
        if inside(box, shown) and inside(box, live):
            whole.append(question.locator(".question-text").text_content())
        else:  # out of sight as a whole, beside the list
            assert box["x"] >= shown["x"] + shown["width"] - 1, (box, shown)
    assert whole[:3] == [
        "Wie wird Transparenz gesichert?",
        "Wer haftet für Fehler der KI?",
        "Was kostet das System im Jahr?",
    ], whole
    # Those left out are counted beside "Fragen" (review of issue 13: none left out silently).
    left_out = 5 - len(whole)
    expected = {0: "", 1: "(+1 weitere auf der Seite des Hearings)"}.get(
        left_out, f"(+{left_out} weitere auf der Seite des Hearings)"
    )
    expect(wall.locator("[data-questions-more]")).to_have_text(expected)
    sizes = [
        float(size[:-2])
        for size in wall.locator(".wall-label, .wall-lists h3").evaluate_all(
            "labels => labels.map(l => getComputedStyle(l).fontSize)"
        )
    ]
    assert len(sizes) == 4  # "Jetzt", "Danach", "Es spricht", "Fragen"
    assert min(sizes) >= 28 * width / 1920, sizes
    page = wall.evaluate("[document.documentElement.scrollHeight, innerHeight]")
    assert page[0] <= page[1], page
    assert_accessible(wall)
