"""Issue 14, Deliver 3: the transcript editor. Segments split at the cursor (where the word is
spoken) and merged, find and replace with a preview, speaker suggestions, uncertain words marked;
a stale form (a second click, another organiser) changes nothing."""

import re

import pytest
from django.test import Client
from django.urls import reverse

from hearing.core.models import AuditLogEntry
from hearing.documentation.domain import editing
from hearing.documentation.models import Segment
from hearing.hearings.models import AgendaItem
from tests.concurrency import at_once, postgres_only
from tests.documentation.helpers import transcript_with
from tests.factories import HearingRoleFactory, PersonFactory, UserFactory


@pytest.fixture
def transcript(hearing):
    item = AgendaItem.objects.filter(hearing=hearing).order_by("position").first()
    made = transcript_with(
        hearing,
        ["Die KI der Stadt hilft beim Antrag.", "Die KI antwortet schnell.", "Danke."],
        item=item,
    )
    Segment.objects.filter(transcript=made).update(speaker_name="Anna Berg")
    return made


def segments(transcript):
    return list(Segment.objects.filter(transcript=transcript).order_by("start", "pk"))


def editor_url(hearing, transcript):
    return reverse("documentation:editor", args=[hearing.slug, transcript.pk])


def test_a_split_divides_the_text_and_the_audio_where_the_word_is_spoken(
    hearing, transcript, organiser, organiser_client
):
    first = segments(transcript)[0]
    at = first.text.index("hilft")  # the fifth word
    url = reverse("documentation:split_segment", args=[hearing.slug, first.pk])
    answer = organiser_client.post(
        url, {"text": first.text, "speaker_name": "Anna Berg", "original": first.text, "at": at}
    )
    assert answer.status_code == 302 and answer["Location"].endswith(f"#s{first.pk}")
    head, tail, *_rest = segments(transcript)
    assert (head.text, tail.text) == ("Die KI der Stadt", "hilft beim Antrag.")
    assert tail.start == pytest.approx(first.words[4]["start"]) == head.end
    assert (head.start, tail.end) == (first.start, first.end)
    assert [w["text"].strip() for w in tail.words] == ["hilft", "beim", "Antrag."]
    assert tail.speaker_name == "Anna Berg" and tail.item_id == first.item_id
    assert AuditLogEntry.objects.get(action="documentation.segment.split").data["new"] == tail.pk
    # A second click on the same form: refused, nothing doubled.
    again = organiser_client.post(
        url,
        {"text": first.text, "speaker_name": "Anna Berg", "original": first.text, "at": at},
        HTTP_ACCEPT="application/json",
    )
    assert again.status_code == 409 and "neu laden" in again.json()["error"]
    assert len(segments(transcript)) == 4


def test_a_split_at_the_edge_is_refused_and_keeps_what_was_typed(
    hearing, transcript, organiser_client
):
    first = segments(transcript)[0]
    url = reverse("documentation:split_segment", args=[hearing.slug, first.pk])
    typed = "Die KI der Stadt hilft beim Bauantrag."
    answer = organiser_client.post(
        url, {"text": typed, "speaker_name": "Anna Berg", "original": first.text, "at": "0"}
    )
    assert answer.status_code == 302
    page = organiser_client.get(answer["Location"]).content.decode()
    assert "Bitte die Stelle zum Teilen im Text setzen" in page
    assert Segment.objects.get(pk=first.pk).text == typed  # saved, not split
    assert len(segments(transcript)) == 3
    for at in ("", "abc", "²", str(len(typed)), "99999999999"):
        answer = organiser_client.post(
            url, {"text": typed, "original": typed, "at": at}, HTTP_ACCEPT="application/json"
        )
        assert answer.status_code == 400, at


def test_merging_joins_a_segment_with_the_next_once(hearing, transcript, organiser_client):
    first, second, third = segments(transcript)
    url = reverse("documentation:merge_segment", args=[hearing.slug, first.pk])
    form = {
        "text": first.text,
        "speaker_name": "Anna Berg",
        "original": first.text,
        "next": second.pk,
    }
    assert organiser_client.post(url, form).status_code == 302
    joined, last = segments(transcript)
    assert joined.text == "Die KI der Stadt hilft beim Antrag. Die KI antwortet schnell."
    assert (joined.start, joined.end) == (first.start, second.end)
    assert len(joined.words) == len(first.words) + len(second.words)
    assert last.pk == third.pk
    # The same form again would join the third: refused.
    again = organiser_client.post(url, form, HTTP_ACCEPT="application/json")
    assert again.status_code == 409
    assert len(segments(transcript)) == 2
    # Different speakers are not joined.
    Segment.objects.filter(pk=third.pk).update(speaker_name="Max Muster")
    joined.refresh_from_db()
    form = {"text": joined.text, "original": joined.text, "next": third.pk}
    refused = organiser_client.post(url, form, HTTP_ACCEPT="application/json")
    assert refused.status_code == 400 and "verschiedene Redende" in refused.json()["error"]


def test_find_and_replace_shows_a_preview_and_applies_what_it_showed(
    hearing, transcript, organiser_client
):
    page = organiser_client.get(editor_url(hearing, transcript), {"find": "KI", "replace": "<KI>"})
    html = page.content.decode()
    assert page.status_code == 200
    assert "2 Abschnitte würden geändert" in html
    assert '<ins lang="de">Die &lt;KI&gt; der Stadt hilft beim Antrag.</ins>' in html
    assert Segment.objects.filter(text__contains="<KI>").count() == 0  # a preview only
    apply = reverse("documentation:replace_all", args=[hearing.slug, transcript.pk])
    # The transcript changed since the preview (a third match): nothing is replaced.
    Segment.objects.filter(text="Danke.").update(text="Danke, KI.")
    stale = organiser_client.post(
        apply, {"find": "KI", "replace": "<KI>", "expected": "2"}, HTTP_ACCEPT="application/json"
    )
    assert stale.status_code == 409 and Segment.objects.filter(text__contains="<KI>").count() == 0
    # As many matches as shown, but others (the preview showed the first two): refused too.
    first, second, third = segments(transcript)
    Segment.objects.filter(pk=second.pk).update(text="Die Stadt antwortet schnell.")
    swapped = organiser_client.post(
        apply,
        {"find": "KI", "replace": "<KI>", "expected": "2", "segments": f"{first.pk},{second.pk}"},
        HTTP_ACCEPT="application/json",
    )
    assert swapped.status_code == 409 and Segment.objects.filter(text__contains="<KI>").count() == 0
    Segment.objects.filter(pk=second.pk).update(text="Die KI antwortet schnell.")
    answer = organiser_client.post(
        apply,
        {
            "find": "KI", "replace": "<KI>", "expected": "3",
            "segments": f"{first.pk},{second.pk},{third.pk}",
        },
    )  # fmt: skip
    assert answer.status_code == 302
    assert [s.text for s in segments(transcript)] == [
        "Die <KI> der Stadt hilft beim Antrag.", "Die <KI> antwortet schnell.", "Danke, <KI>.",
    ]  # fmt: skip
    assert all(s.text_corrected for s in segments(transcript))
    entry = AuditLogEntry.objects.get(action="documentation.segment.replaced")
    assert entry.data["find"] == "KI" and len(entry.data["segments"]) == 3
    # Case counts; an empty search is a clear error; a segment left empty is refused.
    assert (
        "Nicht gefunden"
        in organiser_client.get(editor_url(hearing, transcript), {"find": "ki"}).content.decode()
    )
    empty = organiser_client.get(editor_url(hearing, transcript), {"find": " "})
    assert empty.status_code == 400 and "Bitte einen Suchtext angeben." in empty.content.decode()
    wipe = organiser_client.post(
        apply, {"find": "Die <KI> antwortet schnell.", "replace": "", "expected": "1"},
        HTTP_ACCEPT="application/json",
    )  # fmt: skip
    assert wipe.status_code == 400 and "leer" in wipe.json()["error"]


def test_the_editor_plays_each_segment_suggests_speakers_and_marks_uncertain_words(
    hearing, transcript, organiser_client
):
    item = AgendaItem.objects.filter(hearing=hearing).order_by("position").first()
    item.speakers.add(PersonFactory(name="Prof. Dr. Lena Vogt"))
    first = segments(transcript)[0]
    words = first.words
    words[1]["probability"] = 0.31
    Segment.objects.filter(pk=first.pk).update(words=words)
    html = organiser_client.get(editor_url(hearing, transcript)).content.decode()
    source = reverse("documentation:recording_file", args=[hearing.slug, transcript.recording_id])
    assert f'id="editor-player" controls preload="metadata" src="{source}"' in html
    assert f'data-start="{first.start:.3f}" data-end="{first.end:.3f}"' in html
    options = re.findall(
        r'<option value="([^"]+)">', html.split('id="speaker-names"')[1].split("</datalist>")[0]
    )
    assert options == ["Prof. Dr. Lena Vogt", "Anna Berg"]
    assert (
        '<mark title="Konfidenz 0,31"> KI<span class="visually-hidden"> (unsicher)</span></mark>'
        in html
    )
    assert "1 unsicheres Wort" in html
    assert "segment:" not in html  # no internal ids as labels


def test_only_organisers_edit(hearing, transcript):
    moderator = UserFactory(username="mod")
    HearingRoleFactory(hearing=hearing, user=moderator, role="moderator")
    client = Client()
    client.force_login(moderator)
    first = segments(transcript)[0]
    assert client.get(editor_url(hearing, transcript)).status_code == 403
    for name in ("split_segment", "merge_segment", "edit_segment"):
        url = reverse(f"documentation:{name}", args=[hearing.slug, first.pk])
        assert client.post(url, {"text": "x", "at": "1"}).status_code == 403
        assert Client().post(url, {"text": "x"}).status_code == 302  # to the login
    assert Segment.objects.get(pk=first.pk).text == first.text


@postgres_only
@pytest.mark.django_db(transaction=True)
def test_sixteen_clicks_on_split_or_merge_at_once_change_it_once(hearing, transcript):
    organiser = UserFactory()
    HearingRoleFactory(hearing=hearing, user=organiser, role="organizer")
    first, second, _third = segments(transcript)

    def split(_n):
        editing.correct_segment(
            first, actor=organiser, text=first.text, speaker_name="Anna Berg", expected=first.text
        )
        return editing.split_segment(first, actor=organiser, at=first.text.index("hilft"))

    results, errors = at_once(split, [(n,) for n in range(16)])
    # The first splits; the others find another text than their form showed, or split the
    # shortened head where the cursor now is at its end: each refused.
    assert len(results) == 1, errors
    assert [s.text for s in segments(transcript)][:2] == ["Die KI der Stadt", "hilft beim Antrag."]
    head, tail, second_now, _ = segments(transcript)
    results, errors = at_once(
        lambda _n: editing.merge_with_next(head, actor=organiser, expected_next=tail.pk),
        [(n,) for n in range(16)],
    )
    assert len(results) == 1 and len(errors) == 15
    assert [s.text for s in segments(transcript)][:2] == [
        "Die KI der Stadt hilft beim Antrag.", "Die KI antwortet schnell.",
    ]  # fmt: skip


def test_an_uploaded_recording_without_items_still_suggests_the_agendas_speakers(hearing):
    """Review of issue 14: with no agenda item on its passages the picker was empty."""
    from tests.factories import ParticipantFactory, ParticipantGroupFactory

    made = transcript_with(hearing, ["Ohne Punkt."])
    hearing.items.order_by("position").last().speakers.add(PersonFactory(name="Dr. Laura Dornheim"))
    group = ParticipantGroupFactory(hearing=hearing, name="Stadtrat")
    ParticipantFactory(group=group, name="Clara Stadträtin", status="registered")
    names = editing.speaker_suggestions(made, segments(made))
    assert names == ["Dr. Laura Dornheim", "Clara Stadträtin"]


def test_a_stale_save_gives_back_what_was_typed(hearing, transcript, organiser_client):
    first = segments(transcript)[0]
    Segment.objects.filter(pk=first.pk).update(text="Von jemand anderem geändert.")
    url = reverse("documentation:edit_segment", args=[hearing.slug, first.pk])
    form = {"text": "Meine lange Korrektur.", "speaker_name": "", "original": first.text}
    response = organiser_client.post(url, form, HTTP_ACCEPT="application/json")
    assert response.status_code == 409
    assert "Ihre Fassung (nicht gespeichert): „Meine lange Korrektur.“" in response.json()["error"]
