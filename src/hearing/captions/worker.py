"""The caption worker: recognises the live stream of every hearing with captions switched on.

One process (``hearing captions``) watches the streams; for each hearing that is live with
captions on, a thread reads the programme's sound from the streaming server with ffmpeg
(``rtmp://127.0.0.1:<RTMP_PORT>/show/<slug>``, 16 kHz mono float32), feeds it to a
:class:`~hearing.documentation.asr.live.LiveRecognizer` and hands each line to the platform over
HTTP (``HEARING_STREAM_CALLBACK_URL``, a secret derived from the secret key, like nginx's
callbacks): the server process records and pushes it, so its viewers get it live even without
Redis (``make run`` beside ``make stream``). The model is loaded once for all threads. A thread
ends with the broadcast; the next publish starts a new one.
"""

from __future__ import annotations

import json
import logging
import shutil
import subprocess
import threading
import time
import urllib.error
import urllib.request
from datetime import timedelta

from django.conf import settings
from django.db import close_old_connections, connection
from django.utils import timezone

from hearing.captions import domain
from hearing.captions.models import Captioning
from hearing.core.secrets import derived_secret
from hearing.documentation.asr.live import SAMPLE_RATE, LiveRecognizer, whisper_transcriber
from hearing.media.domain.nginx import PUBLIC_APP
from hearing.media.models import Stream, Track

logger = logging.getLogger(__name__)

BLOCK = SAMPLE_RATE // 4  # samples read at a time: a quarter of a second
WATCH_SECONDS = 0.5  # a new broadcast's first words are not lost waiting


def audio_command(slug: str) -> list[str]:
    """ffmpeg reading the programme's sound as raw 16 kHz mono float32 on stdout."""
    ffmpeg = shutil.which("ffmpeg") or "/usr/bin/ffmpeg"
    source = f"rtmp://127.0.0.1:{settings.RTMP_PORT}/{PUBLIC_APP}/{slug}"
    return [ffmpeg, "-nostdin", "-v", "error", "-i", source, "-vn", "-ac", "1",
            "-ar", str(SAMPLE_RATE), "-f", "f32le", "-"]  # fmt: skip


def provenance(engine) -> dict:
    return {
        "generator": "hearing.captions (faster-whisper, live pieces)",
        "model": engine.model_name,
        "parameters": {
            **{k: v for k, v in engine.parameters().items() if k != "batch_size"},
            "beam_size": 1,
            "batched": False,
            "word_timestamps": False,
        },
    }


ATTEMPTS = 3  # a line the server does not take at once is tried again, then logged


def hand_over(slug: str, line, base, about: dict | None) -> bool:
    """POST one line to the platform (``captions:lines``); True when it was taken. Without a
    line, ``base`` says whether captions are behind (True) or back with the live sound (False)."""
    from django.urls import reverse

    url = f"{settings.STREAM_CALLBACK_URL}{reverse('captions:lines', kwargs={'slug': slug})}"
    if line is None:
        body = json.dumps({"delayed": bool(base)}).encode()
    else:
        body = json.dumps(
            {
                "start": line.start,
                "end": line.end,
                "text": line.text,
                "final": line.final,
                "seconds": line.seconds,
                "base": base.isoformat(),
                "provenance": about,
            }
        ).encode()
    request = urllib.request.Request(  # noqa: S310 - the platform's own callback address
        url,
        data=body,
        method="POST",
        headers={
            "Content-Type": "application/json",
            "X-Hearing-Captions": derived_secret(domain.WORKER_SECRET),
        },
    )
    for attempt in range(ATTEMPTS):
        try:
            with urllib.request.urlopen(request, timeout=5) as response:  # noqa: S310
                return response.status == 200
        except urllib.error.HTTPError as error:
            logger.warning("Untertitel %s: Zeile abgelehnt (%s)", slug, error.code)
            return False
        except OSError:
            if attempt + 1 < ATTEMPTS:
                time.sleep(0.2 * (attempt + 1))
    logger.error("Untertitel %s: nicht übergeben: %s", slug, line.text[:80] if line else base)
    return False


WINDOW = 10.0  # seconds of audio over which the real-time factor is taken
SKIP = 2.0  # seconds of sound left unrecognised when recognition fell behind
# How far behind the spoken word the reading may fall before the backlog is dropped (seconds):
# a worker sharing its cores fell minutes behind while each piece alone kept pace (review on
# the production stack, load 5-8 on 2 cores). Back to "in time" below half of it.
LAG_MAX = 8.0


def ffmpeg_blocks(slug: str):
    """The programme's sound, a quarter second at a time, until the broadcast ends."""
    import numpy as np

    process = subprocess.Popen(audio_command(slug), stdout=subprocess.PIPE)
    try:
        while chunk := process.stdout.read(BLOCK * 4):
            yield np.frombuffer(chunk, dtype=np.float32)
    finally:
        process.kill()
        process.wait()


CHECK_EVERY = 8  # blocks (2 s) between looks at whether the broadcast still runs


def caption_audio(
    slug,
    blocks,
    transcribe,
    about: dict,
    *,
    interim_every=0.0,
    early=None,
    hand=None,
    clock=None,
    still_on=None,
    now=None,
):
    """Recognise ``blocks`` (16 kHz float32 arrays as they come) for the hearing ``slug`` and hand
    each line over (``hand(slug, line, base, about)``; the pace ``hand(slug, None, delayed, None)``).

    Keeping up: the time spent recognising (``clock``, seconds) against the audio it covered,
    over the last WINDOW seconds of audio, is the real-time factor. Over 1 the worker cannot
    keep up: the pages are told ("Untertitel verzögert"), the piece in progress and interim text
    are dropped, and SKIP seconds of sound are read without recognising them (what waited in the
    pipe: nginx drops what a slow reader does not take), so captions come with a gap instead of
    ever later. The same when the reading falls LAG_MAX seconds behind the spoken word (the
    audio's wall time against ``now()``, default timezone.now): the whole backlog is skipped.
    Interim text and recognising ahead (``early`` seconds of silence into a pause;
    None: HEARING_CAPTIONS_EARLY_MS) are left out while the factor is over a half. ``still_on()`` (looked
    at every 2 s) says whether the broadcast it started with still runs. Returns the number of
    final lines.

    The audio's wall time: a block cannot arrive before its last sample was spoken, so "now
    minus all that was read" is never too early; its smallest value is the best guess (ffmpeg
    hands over seconds at once after probing).
    """
    hand = hand or hand_over
    clock = clock or time.perf_counter
    now = now or timezone.now
    if early is None:
        early = settings.CAPTIONS_EARLY_MS / 1000
    recognizer = LiveRecognizer(transcribe, longest=6.0, interim_every=interim_every, early=early)
    base = None
    heard = 0  # samples read so far
    finals = 0
    recent: list[tuple[float, float]] = []  # (audio seconds, seconds spent) per block
    delayed = False
    skipping = 0.0
    for count, samples in enumerate(blocks, 1):
        # The broadcast this started with may have ended and a new one begun on the same
        # connection: then this one ends here, and the next gets a clock of its own.
        if still_on is not None and count % CHECK_EVERY == 0 and not still_on():
            break
        heard += len(samples)
        seconds = len(samples) / SAMPLE_RATE
        moment = now()
        estimate = moment - timedelta(seconds=heard / SAMPLE_RATE)
        base = estimate if base is None else min(base, estimate)
        # How long ago the end of this block was said: what waits unread in the pipe.
        lag = (estimate - base).total_seconds()
        if skipping > 0:
            skipping -= seconds
            recognizer.skip(seconds)  # unheard, but its time passes
            continue
        if lag > LAG_MAX:
            if not delayed:
                delayed = True
                hand(slug, None, True, None)
            recognizer.reset()
            recognizer.skip(seconds)
            recent.clear()
            skipping = lag  # the backlog, read without recognising it
            continue
        began = clock()
        for line in recognizer.feed(samples):
            finals += bool(hand(slug, line, base, about) and line.final)
        recent.append((seconds, clock() - began))
        while sum(audio for audio, _spent in recent) > WINDOW:
            recent.pop(0)
        audio = sum(audio for audio, _spent in recent)
        factor = sum(spent for _audio, spent in recent) / audio if audio else 0.0
        recognizer.interim_every = interim_every if factor < 0.5 else 0.0
        recognizer.early = early if factor < 0.5 else 0.0
        if audio >= WINDOW / 2 and factor > 1:
            if not delayed:
                delayed = True
                hand(slug, None, True, None)
            recognizer.reset()
            recent.clear()
            skipping = SKIP
        elif delayed and audio >= WINDOW / 2 and factor <= 1 and lag < LAG_MAX / 2:
            delayed = False
            hand(slug, None, False, None)
    if base is not None:
        for line in recognizer.flush():
            finals += bool(hand(slug, line, base, about) and line.final)
    if delayed:
        hand(slug, None, False, None)
    return finals


def caption_broadcast(hearing, transcribe, about: dict, *, interim_every: float = 0.0) -> int:
    """Recognise one broadcast of ``hearing`` until it ends; returns the number of final lines."""
    programme = Stream.objects.filter(hearing=hearing, track=Track.PROGRAMME)
    started = programme.values_list("live_since", flat=True).first()

    def still_on() -> bool:
        # Switched off by an organiser: recognition stops now, not at the broadcast's end.
        if not Captioning.objects.filter(hearing=hearing, enabled=True).exists():
            return False
        now = programme.filter(is_live=True).values_list("live_since", flat=True)
        return now.first() == started

    blocks = ffmpeg_blocks(hearing.slug)
    try:
        return caption_audio(
            hearing.slug, blocks, transcribe, about, interim_every=interim_every, still_on=still_on
        )
    finally:
        blocks.close()  # ends ffmpeg when the broadcast ended without it noticing


def watch(*, stop: threading.Event, interim_every: float = 0.0, engine=None) -> None:
    """Start a captioning thread for every live stream with captions on, until ``stop`` is set."""
    from hearing.documentation.asr.whisper import WhisperEngine

    loaded: dict[str, object] = {}
    running: dict[int, threading.Thread] = {}

    def recogniser():
        # Loaded once captions are on for some hearing: until then the worker costs no memory.
        if not loaded:
            chosen = engine or WhisperEngine()
            loaded.update(transcribe=whisper_transcriber(chosen), about=provenance(chosen))
        return loaded["transcribe"], loaded["about"]

    def run(hearing, transcribe, about):
        try:
            count = caption_broadcast(hearing, transcribe, about, interim_every=interim_every)
            logger.info("Untertitel %s: Sendung zu Ende, %s Zeilen", hearing.slug, count)
        except Exception:
            logger.exception("Untertitel %s: abgebrochen", hearing.slug)
        finally:
            connection.close()

    while not stop.is_set():
        close_old_connections()
        if not loaded and Captioning.objects.filter(enabled=True).exists():
            recogniser()  # ready before the broadcast starts: its first words are not late
        live = Stream.objects.filter(
            is_live=True, track=Track.PROGRAMME, hearing__captioning__enabled=True
        )
        for stream in live.select_related("hearing"):
            thread = running.get(stream.hearing_id)
            if thread is None or not thread.is_alive():
                thread = threading.Thread(
                    target=run, args=(stream.hearing, *recogniser()),
                    name=f"captions-{stream.hearing.slug}", daemon=True,
                )  # fmt: skip
                running[stream.hearing_id] = thread
                thread.start()
        stop.wait(WATCH_SECONDS)
    for thread in running.values():
        thread.join(timeout=5)
    connection.close()  # this thread's own; nobody else will close it
