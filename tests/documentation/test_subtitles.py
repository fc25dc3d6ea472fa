"""Subtitles to their specifications, read back with webvtt-py (and by Chromium in the browser
tests): escaped cue text, no blank line or arrow inside a cue, two lines, about 7 s a cue."""

import io

import webvtt

from hearing.documentation.domain import editing, subtitles
from hearing.documentation.models import Segment
from tests.documentation.helpers import transcript_with

HOSTILE = "Kosten < 5 € & Nutzen > 3 <b>fett</b> R&D\n\nzweiter Absatz --> Pfeil"


def parse(text: str) -> list:
    return list(webvtt.from_buffer(io.StringIO(text)))


def seconds(clock: str) -> float:
    hours, minutes, rest = clock.split(":")
    return int(hours) * 3600 + int(minutes) * 60 + float(rest)


def test_hostile_text_keeps_every_character_in_webvtt_and_srt(hearing, organiser, tmp_path):
    transcript = transcript_with(hearing, ["Platzhalter"])
    segment = Segment.objects.get(transcript=transcript)
    editing.correct_segment(segment, actor=organiser, text=HOSTILE, speaker_name="")
    vtt = subtitles.webvtt(Segment.objects.filter(pk=segment.pk), note="maschinell")
    cues = parse(vtt)
    # webvtt-py keeps entities as written; a browser turns them back (test_subtitles_in_chromium).
    joined = " ".join(cue.raw_text.replace("\n", " ") for cue in cues)
    assert joined == (
        "Kosten &lt; 5 € &amp; Nutzen &gt; 3 &lt;b&gt;fett&lt;/b&gt; R&amp;D zweiter Absatz → Pfeil"
    )
    assert all("-->" not in cue.raw_text and "\n\n" not in cue.raw_text for cue in cues)
    path = tmp_path / "s.srt"
    path.write_text(subtitles.srt(Segment.objects.all()), encoding="utf-8")
    srt_cues = list(webvtt.from_srt(str(path)))
    assert " ".join(c.raw_text.replace("\n", " ") for c in srt_cues) == (
        "Kosten < 5 € & Nutzen > 3 ‹b>fett‹/b> R&D zweiter Absatz → Pfeil"
    )


def test_a_long_corrected_segment_becomes_many_short_two_line_cues(hearing, organiser):
    transcript = transcript_with(hearing, ["Platzhalter"])
    segment = Segment.objects.get(transcript=transcript)
    segment.end = segment.start + 600  # ten minutes of speech
    segment.save()
    text = " ".join(f"Wort{n % 97}" for n in range(1350))  # about 9,500 characters
    assert 9000 < len(text) <= 10_000
    editing.correct_segment(segment, actor=organiser, text=text, speaker_name="")
    cues = parse(subtitles.webvtt(Segment.objects.all(), note="x"))
    assert len(cues) > 100
    for cue in cues:
        lines = cue.raw_text.split("\n")
        assert 1 <= len(lines) <= 2
        assert all(len(line) <= 42 for line in lines)
        assert seconds(cue.end) - seconds(cue.start) <= 7.01
    # Nothing is lost, in order, and the cues cover the segment's time without overlap.
    assert " ".join(c.raw_text.replace("\n", " ") for c in cues) == text
    assert seconds(cues[0].start) == segment.start
    assert abs(seconds(cues[-1].end) - segment.end) < 0.01
    ends = [seconds(c.end) for c in cues]
    starts = [seconds(c.start) for c in cues]
    assert all(start >= end - 0.001 for start, end in zip(starts[1:], ends[:-1], strict=True))


def test_word_timed_segments_are_cut_at_two_lines_or_seven_seconds(hearing):
    words = [{"text": f" Wort{n}", "start": n * 0.5, "end": n * 0.5 + 0.4} for n in range(60)]
    transcript = transcript_with(hearing, ["x"])
    Segment.objects.filter(transcript=transcript).update(
        start=0, end=30, words=words, text="egal", text_corrected=False
    )
    cues = parse(subtitles.webvtt(Segment.objects.all(), note="x"))
    assert " ".join(c.raw_text.replace("\n", " ") for c in cues) == " ".join(
        f"Wort{n}" for n in range(60)
    )
    for cue in cues:
        assert seconds(cue.end) - seconds(cue.start) <= 7.0
        assert all(len(line) <= 42 for line in cue.raw_text.split("\n"))
