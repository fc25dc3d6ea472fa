"""Issue 14, Deliver 2: speakers authorise their own passages before the record is published.
A transcript put in review gives every named speaker a personal link (by e-mail where an address
is known); they propose corrections and approve before the deadline; organisers accept or refuse
each proposal; a reminder goes out before the deadline; the protocol marks every passage."""

import re
from datetime import timedelta

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from hearing.core.models import AuditLogEntry
from hearing.documentation.domain import authorisation, release
from hearing.documentation.models import Authorisation, Proposal, Protocol, Segment, Transcript
from hearing.hearings.models import AgendaItem
from tests.concurrency import at_once, postgres_only
from tests.documentation.helpers import transcript_with
from tests.factories import (
    HearingRoleFactory,
    ParticipantFactory,
    ParticipantGroupFactory,
    UserFactory,
)

ANNA, MAX = "Dr. Anna Berg", "Max Muster"


@pytest.fixture
def transcript(hearing):
    """A draft transcript with passages of Anna (a participant with an address), of Max (no
    address) and one nobody is named for."""
    made = transcript_with(
        hearing,
        ["Guten Morgen, eure trüte Nerft.", "Der Chatbot hilft.", "Applaus.", "Danke schön."],
        item=AgendaItem.objects.filter(hearing=hearing).order_by("position").first(),
    )
    Transcript.objects.filter(pk=made.pk).update(state="draft")
    speakers = [ANNA, MAX, "", ANNA]
    for segment, name in zip(made.segments.order_by("start"), speakers, strict=True):
        Segment.objects.filter(pk=segment.pk).update(speaker_name=name)
    group = ParticipantGroupFactory(hearing=hearing)
    ParticipantFactory(hearing=hearing, group=group, name="dr. anna berg", email="anna@example.org")
    return Transcript.objects.select_related("hearing", "recording").get(pk=made.pk)


def to_review(organiser_client, hearing, transcript, deadline=""):
    url = reverse("documentation:set_state", kwargs={"slug": hearing.slug, "kind": "transcript"})
    return organiser_client.post(
        url, {"pk": transcript.pk, "state": "review", "deadline": deadline}
    )


def path_of(url: str) -> str:
    return "/" + url.split("://", 1)[-1].split("/", 1)[1]


def passages_of(page) -> list[str]:
    return re.findall(r'<blockquote lang="de">(.*?)</blockquote>', page.content.decode())


def test_a_speaker_authorises_only_their_own_passages_through_their_link(
    hearing, transcript, organiser, organiser_client, django_capture_on_commit_callbacks
):
    day = (timezone.localdate() + timedelta(days=5)).isoformat()
    with django_capture_on_commit_callbacks(execute=True):
        assert to_review(organiser_client, hearing, transcript, day).status_code == 302
    rows = {row.speaker_name: row for row in Authorisation.objects.all()}
    assert set(rows) == {ANNA, MAX}
    assert timezone.localtime(rows[ANNA].deadline).date().isoformat() == day
    # Anna's address came from the participant of the same name; Max has none: one mail.
    assert [m.to for m in mail.outbox] == [["anna@example.org"]]
    assert "Frist:" in mail.outbox[0].body
    link = path_of(re.search(r"http\S+/authorise/\S+/", mail.outbox[0].body).group(0))
    speaker = Client()
    page = speaker.get(link)
    assert page.status_code == 200
    assert page["Referrer-Policy"] == "same-origin" and "no-store" in page["Cache-Control"]
    assert passages_of(page) == ["Guten Morgen, eure trüte Nerft.", "Danke schön."]
    assert "Der Chatbot hilft." not in page.content.decode()  # Max's
    assert "anna@example.org" not in page.content.decode()
    first, last = Segment.objects.filter(speaker_name=ANNA).order_by("start")
    other = Segment.objects.get(speaker_name=MAX)
    # Someone else's passage in the form: refused, nothing saved, what was typed stays.
    refused = speaker.post(
        link, {f"text-{first.pk}": "Guten Morgen, <b>Würde</b>", f"text-{other.pk}": "x"}
    )
    assert refused.status_code == 400
    assert "Dieser Abschnitt gehört nicht zu Ihren Redebeiträgen." in refused.content.decode()
    assert "Guten Morgen, &lt;b&gt;Würde&lt;/b&gt;" in refused.content.decode()
    assert Proposal.objects.count() == 0
    # An empty wording is no proposal either.
    assert speaker.post(link, {f"text-{first.pk}": "  "}).status_code == 400
    # A proposal, saved; then approved with it.
    saved = speaker.post(
        link,
        {
            f"text-{first.pk}": "Guten Morgen, liebe Stadträte.",
            f"text-{last.pk}": last.text,
            "save": "",
        },
    )
    assert saved.status_code == 302
    proposal = Proposal.objects.get()
    assert (proposal.segment_id, proposal.text, proposal.state) == (
        first.pk,
        "Guten Morgen, liebe Stadträte.",
        "open",
    )
    with django_capture_on_commit_callbacks(execute=True):
        assert (
            speaker.post(
                link, {f"text-{first.pk}": "Guten Morgen, liebe Stadträte.", "approve": ""}
            ).status_code
            == 302
        )
    row = Authorisation.objects.get(speaker_name=ANNA)
    assert row.approved_at is not None
    # Approved: the page says so and takes nothing more.
    page = speaker.get(link)
    assert 'data-authorisation-status="corrected"' in page.content.decode()
    assert "<textarea" not in page.content.decode()
    late = speaker.post(link, {f"text-{first.pk}": "Noch was.", "approve": ""})
    assert late.status_code == 409
    assert Proposal.objects.get().text == "Guten Morgen, liebe Stadträte."
    # The organisers see each speaker's state and decide on the proposal.
    overview = organiser_client.get(
        reverse("documentation:manage", args=[hearing.slug])
    ).content.decode()
    assert re.search(
        r'data-speaker="Dr. Anna Berg">.*?data-authorisation-status="corrected"', overview, re.S
    )
    assert re.search(
        r'data-speaker="Max Muster">.*?data-authorisation-status="pending"', overview, re.S
    )
    decide = reverse("documentation:decide_proposal", args=[hearing.slug, proposal.pk, "accept"])
    assert organiser_client.post(decide).status_code == 302
    first.refresh_from_db()
    assert (first.text, first.text_corrected, first.corrected_by) == (
        "Guten Morgen, liebe Stadträte.",
        True,
        organiser,
    )
    assert organiser_client.post(decide, HTTP_ACCEPT="application/json").status_code == 409
    actions = set(AuditLogEntry.objects.values_list("action", flat=True))
    assert {
        "documentation.authorisation.opened", "documentation.proposal.saved",
        "documentation.authorisation.approved", "documentation.proposal.accepted",
    } <= actions  # fmt: skip


def test_the_protocol_marks_each_passage_authorised_or_not(
    hearing, transcript, organiser, django_capture_on_commit_callbacks
):
    release.set_state(transcript, "review", actor=organiser, kind="transcript")
    anna = Authorisation.objects.get(speaker_name=ANNA)
    first, last = Segment.objects.filter(speaker_name=ANNA).order_by("start")
    authorisation.submit(anna, {last.pk: "Danke sehr."}, approve=True)
    Transcript.objects.filter(pk=transcript.pk).update(state="published")
    Protocol.objects.update_or_create(hearing=hearing, defaults={"state": "published"})
    marks = authorisation.authorised_segments(Segment.objects.filter(transcript=transcript))
    unnamed = Segment.objects.get(speaker_name="")
    assert marks == {
        first.pk: True,  # approved as it stands
        last.pk: False,  # approved, but the proposal for it is still open
        Segment.objects.get(speaker_name=MAX).pk: False,  # not (yet) approved
    }
    assert unnamed.pk not in marks
    html = Client().get(reverse("documentation:protocol", args=[hearing.slug])).content.decode()
    assert html.count('data-authorised="yes"') == 1 and html.count('data-authorised="no"') == 2
    # The proposal taken over: the passage now says what was approved.
    authorisation.decide(Proposal.objects.get(), accept=True, actor=organiser)
    html = Client().get(reverse("documentation:protocol", args=[hearing.slug])).content.decode()
    assert html.count('data-authorised="yes"') == 2
    # Review of issue 14: an approval covers the wording approved, not what comes after it.
    Segment.objects.filter(pk=first.pk).update(text="Von der Organisation umformuliert.")
    max_passage = Segment.objects.get(speaker_name=MAX)
    Segment.objects.filter(pk=max_passage.pk).update(speaker_name=ANNA)
    marks = authorisation.authorised_segments(Segment.objects.filter(transcript=transcript))
    assert marks == {first.pk: False, last.pk: True, max_passage.pk: False}


def test_a_refused_correction_leaves_the_passage_not_authorised(hearing, transcript, organiser):
    """The speaker approved their proposal's wording; the organisers kept the old one: the
    protocol does not claim the speaker authorised what it says."""
    release.set_state(transcript, "review", actor=organiser, kind="transcript")
    anna = Authorisation.objects.get(speaker_name=ANNA)
    first, last = Segment.objects.filter(speaker_name=ANNA).order_by("start")
    authorisation.submit(anna, {last.pk: "Danke sehr."}, approve=True)
    authorisation.decide(Proposal.objects.get(), accept=False, actor=organiser)
    marks = authorisation.authorised_segments(Segment.objects.filter(speaker_name=ANNA))
    assert marks == {first.pk: True, last.pk: False}


def test_links_that_are_forged_replaced_or_of_another_hearing_open_nothing(
    hearing, transcript, organiser
):
    from tests.factories import hearing_with_agenda

    release.set_state(transcript, "review", actor=organiser, kind="transcript")
    row = Authorisation.objects.get(speaker_name=ANNA)
    good = authorisation.link(row)
    other = hearing_with_agenda(1, slug="anderes-hearing")
    for url in (
        good[:-3] + "xx/",  # mangled
        good.replace(hearing.slug, other.slug),  # another hearing
    ):
        answer = Client().get(path_of(url))
        assert answer.status_code == 404 and "Dieser Link ist ungültig." in answer.content.decode()
    Authorisation.objects.filter(pk=row.pk).update(nonce="neu")
    answer = Client().get(path_of(good))
    assert answer.status_code == 404 and "gilt nicht mehr" in answer.content.decode()


def test_after_the_deadline_or_out_of_review_nothing_is_taken(hearing, transcript, organiser):
    release.set_state(transcript, "review", actor=organiser, kind="transcript")
    row = Authorisation.objects.get(speaker_name=ANNA)
    segment = Segment.objects.filter(speaker_name=ANNA).first()
    later = row.deadline + timedelta(seconds=1)
    with pytest.raises(authorisation.StateError, match="Frist ist abgelaufen"):
        authorisation.submit(row, {segment.pk: "Zu spät."}, approve=True, now=later)
    assert row.status(later) == "expired"
    release.set_state(transcript, "draft", actor=organiser, kind="transcript")
    answer = Client().post(path_of(authorisation.link(row)), {"approve": ""})
    assert answer.status_code == 409
    assert "nicht mehr in Prüfung" in answer.content.decode()
    assert Authorisation.objects.get(pk=row.pk).approved_at is None


@pytest.mark.parametrize(
    ("deadline", "message"),
    [
        ("morgen", "Die Frist ist kein Datum"),
        ("2020-01-01", "Die Frist liegt in der Vergangenheit."),
        ("2999-01-01", "mehr als 90 Tage"),
    ],
)
def test_a_bad_deadline_is_refused_and_nothing_changes(
    hearing, transcript, organiser_client, deadline, message
):
    answer = to_review(organiser_client, hearing, transcript, deadline)
    assert answer.status_code == 302
    followed = organiser_client.get(answer["Location"]).content.decode()
    assert message in followed
    assert Transcript.objects.get(pk=transcript.pk).state == "draft"
    assert Authorisation.objects.count() == 0


def test_organisers_give_an_address_and_only_organisers_decide(
    hearing, transcript, organiser, organiser_client, django_capture_on_commit_callbacks
):
    release.set_state(transcript, "review", actor=organiser, kind="transcript")
    max_ = Authorisation.objects.get(speaker_name=MAX)
    url = reverse("documentation:authorisation_email", args=[hearing.slug, max_.pk])
    bad = organiser_client.post(url, {"email": "kein-at"}, HTTP_ACCEPT="application/json")
    assert bad.status_code == 400 and "gültige E-Mail-Adresse" in bad.json()["error"]
    with django_capture_on_commit_callbacks(execute=True):
        assert organiser_client.post(url, {"email": "max@example.org"}).status_code == 302
    assert [m.to for m in mail.outbox] == [["max@example.org"]]
    assert Authorisation.objects.get(pk=max_.pk).invited_at is not None
    segment = Segment.objects.get(speaker_name=MAX)
    authorisation.submit(max_, {segment.pk: "Der Chatbot hilft allen."}, approve=False)
    proposal = Proposal.objects.get()
    # May not: a moderator of this hearing, an organiser of another one, anonymous.
    moderator = UserFactory(username="mod")
    HearingRoleFactory(hearing=hearing, user=moderator, role="moderator")
    stranger = UserFactory(username="fremd")
    from tests.factories import hearing_with_agenda

    HearingRoleFactory(
        hearing=hearing_with_agenda(1, slug="fremd"), user=stranger, role="organizer"
    )
    decide = reverse("documentation:decide_proposal", args=[hearing.slug, proposal.pk, "accept"])
    for user in (moderator, stranger):
        client = Client()
        client.force_login(user)
        assert client.post(decide).status_code == 403
        assert client.post(url, {"email": "x@example.org"}).status_code == 403
    assert Client().post(decide).status_code == 302  # to the login
    assert Proposal.objects.get().state == "open"
    nowhere = reverse(
        "documentation:decide_proposal", args=[hearing.slug, proposal.pk, "vielleicht"]
    )
    assert organiser_client.post(nowhere).status_code == 404


def test_a_reminder_goes_once_before_the_deadline(
    hearing, transcript, organiser, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        release.set_state(
            transcript, "review", actor=organiser, kind="transcript",
            deadline=(timezone.localdate() + timedelta(days=6)).isoformat(),
        )  # fmt: skip
    row = Authorisation.objects.get(speaker_name=ANNA)
    mail.outbox.clear()
    assert authorisation.remind_due() == 0  # six days ahead
    soon = row.deadline - timedelta(days=1)
    assert authorisation.remind_due(now=soon) == 1
    assert authorisation.remind_due(now=soon + timedelta(hours=1)) == 0
    assert [m.to for m in mail.outbox] == [["anna@example.org"]]
    assert "Erinnerung" in mail.outbox[0].subject and "/authorise/" in mail.outbox[0].body
    # Approved or past the deadline: no reminder.
    Authorisation.objects.filter(pk=row.pk).update(reminded_at=None, approved_at=timezone.now())
    assert authorisation.remind_due(now=soon) == 0
    Authorisation.objects.filter(pk=row.pk).update(approved_at=None)
    assert authorisation.remind_due(now=row.deadline + timedelta(minutes=1)) == 0


def test_the_mail_and_the_page_speak_the_speakers_language(
    hearing, transcript, organiser, django_capture_on_commit_callbacks
):
    from hearing.participants.models import Participant

    Participant.objects.filter(email="anna@example.org").update(language="en")
    with django_capture_on_commit_callbacks(execute=True):
        release.set_state(transcript, "review", actor=organiser, kind="transcript")
    assert "Please authorise your contributions" in mail.outbox[0].subject
    assert "Deadline:" in mail.outbox[0].body


@postgres_only
@pytest.mark.django_db(transaction=True)
def test_concurrent_approvals_proposals_and_reminders_each_happen_once(hearing, transcript):
    organiser = UserFactory()
    HearingRoleFactory(hearing=hearing, user=organiser, role="organizer")
    release.set_state(transcript, "review", actor=organiser, kind="transcript")
    row = Authorisation.objects.get(speaker_name=ANNA)
    segment = Segment.objects.filter(speaker_name=ANNA).first()
    # Sixteen saves of a proposal for one passage at once: one open proposal, the text of one.
    results, errors = at_once(
        lambda n: authorisation.submit(row, {segment.pk: f"Fassung {n}"}, approve=False),
        [(n,) for n in range(16)],
    )
    assert errors == []
    assert Proposal.objects.filter(segment=segment, state="open").count() == 1
    # Sixteen approvals: one, the others told it is done.
    results, errors = at_once(
        lambda _n: authorisation.submit(row, {}, approve=True), [(n,) for n in range(16)]
    )
    assert len(errors) == 15 and all("bereits freigegeben" in str(e) for e in errors)
    assert AuditLogEntry.objects.filter(action="documentation.authorisation.approved").count() == 1
    # Sixteen workers looking for reminders at once: one mail.
    max_ = Authorisation.objects.get(speaker_name=MAX)
    Authorisation.objects.filter(pk=max_.pk).update(
        email="max@example.org", invited_at=timezone.now() - timedelta(days=6)
    )
    soon = max_.deadline - timedelta(days=1)
    results, errors = at_once(
        lambda _n: authorisation.remind_due(now=soon), [(n,) for n in range(16)]
    )
    assert errors == [] and sum(results) == 1
    # Sixteen organisers deciding one proposal at once: one decision.
    proposal = Proposal.objects.get(segment=segment)
    results, errors = at_once(
        lambda _n: authorisation.decide(proposal, accept=True, actor=organiser),
        [(n,) for n in range(16)],
    )
    assert len(errors) == 15
    assert AuditLogEntry.objects.filter(action="documentation.proposal.accepted").count() == 1


def test_a_speaker_named_during_the_review_gets_a_link_too(
    hearing, transcript, organiser, django_capture_on_commit_callbacks
):
    """Review of issue 14: a passage given to a new speaker while the transcript is in review
    went to nobody for authorisation."""
    from hearing.documentation.domain.editing import correct_segment
    from tests.factories import ParticipantFactory, ParticipantGroupFactory

    ParticipantFactory(
        hearing=hearing, group=ParticipantGroupFactory(hearing=hearing), name="Clara Neu",
        email="clara@example.org",
    )  # fmt: skip
    with django_capture_on_commit_callbacks(execute=True):
        release.set_state(transcript, "review", actor=organiser, kind="transcript")
    mail.outbox.clear()
    unnamed = Segment.objects.get(transcript=transcript, speaker_name="")
    deadline = Authorisation.objects.get(speaker_name=ANNA).deadline
    with django_capture_on_commit_callbacks(execute=True):
        correct_segment(unnamed, actor=organiser, text=unnamed.text, speaker_name="Clara Neu")
    row = Authorisation.objects.get(speaker_name="Clara Neu")
    assert (row.email, row.deadline) == ("clara@example.org", deadline)
    assert [m.to for m in mail.outbox] == [["clara@example.org"]]
    with django_capture_on_commit_callbacks(execute=True):  # named again: no second link
        correct_segment(
            Segment.objects.get(pk=unnamed.pk), actor=organiser, text=unnamed.text,
            speaker_name="Clara Neu",
        )  # fmt: skip
    assert len(mail.outbox) == 1
