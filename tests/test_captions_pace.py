"""The caption worker keeps up or says it cannot (issue 13, Deliver 3): a recogniser slower than
the sound makes the pages show "Untertitel verzögert", skips ahead, and comes back."""

import numpy as np

from hearing.captions import worker
from hearing.documentation.asr.live import SAMPLE_RATE


class Clock:
    """Seconds as the worker measures its own work: each block's second reading (after the
    recognition) is ``cost(block)`` later than its first."""

    def __init__(self, cost):
        self.now, self.calls, self.cost = 0.0, 0, cost

    def __call__(self):
        self.calls += 1
        if self.calls % 2 == 0:
            self.now += self.cost(self.calls // 2 - 1)
        return self.now


def run(cost_per_block, seconds=40.0):
    """Quarter seconds of silence (the work measured is the stand-in's cost, not Whisper's)."""
    handed = []

    def hand(slug, line, base, about):
        handed.append(("pace", base) if line is None else ("line", line.text))
        return True

    blocks = (np.zeros(SAMPLE_RATE // 4, np.float32) for _ in range(int(seconds * 4)))
    clock = Clock(cost_per_block)
    worker.caption_audio("h", blocks, lambda piece: "x", {}, hand=hand, clock=clock)
    return handed


def test_a_worker_that_keeps_up_says_nothing_about_pace():
    assert [h for h in run(lambda i: 0.1) if h[0] == "pace"] == []


def test_a_worker_behind_says_so_skips_ahead_and_comes_back():
    # Slow for the first 15 seconds of sound (0.4 s of work for 0.25 s of it), then fast.
    handed = run(lambda i: 0.4 if i < 60 else 0.05)
    assert [h for h in handed if h[0] == "pace"] == [("pace", True), ("pace", False)]


def test_a_worker_behind_to_the_end_says_it_is_back_when_the_broadcast_ends():
    handed = run(lambda i: 0.4, seconds=20)
    assert [h for h in handed if h[0] == "pace"] == [("pace", True), ("pace", False)]


def test_a_new_broadcast_on_the_same_connection_ends_the_old_ones_captions():
    handed, looks = [], []

    def still_on():
        looks.append(1)
        return len(looks) < 3  # the broadcast ends at the third look (6 s of sound)

    blocks = (np.zeros(SAMPLE_RATE // 4, np.float32) for _ in range(400))
    read = []

    def counted():
        for block in blocks:
            read.append(1)
            yield block

    worker.caption_audio(
        "h", counted(), lambda piece: "x", {}, hand=lambda *a: handed.append(a), still_on=still_on
    )
    assert (len(looks), len(read)) == (3, 3 * worker.CHECK_EVERY)


def test_a_reading_minutes_behind_the_spoken_word_drops_its_backlog():
    """Each piece is recognised fast, but the worker gets the cores too seldom: its reading falls
    behind the spoken word. Past LAG_MAX the pages are told, the backlog is skipped, and once in
    time again they are told so (review of issue 13: the lag grew to 280 s, "caught up" shown)."""
    from datetime import UTC, datetime, timedelta

    handed, reads = [], []
    start = datetime(2026, 12, 2, 10, 0, tzinfo=UTC)

    def now():
        # Block i ends 0.25 (i + 1) s into the speech; the first 20 reads come a second apart
        # (the worker starved), then as fast as the pipe gives what waits in it.
        i = len(reads)
        spoken = 0.25 * (i + 1)
        previous = reads[-1] if reads else 0.0
        reads.append(max(previous + (1.0 if i < 20 else 0.0), spoken))
        return start + timedelta(seconds=reads[-1])

    def hand(slug, line, base, about):
        handed.append(("pace", base, len(reads)) if line is None else ("line", line.text))
        return True

    blocks = (np.zeros(SAMPLE_RATE // 4, np.float32) for _ in range(160))
    worker.caption_audio(
        "h", blocks, lambda piece: "x", {}, hand=hand, clock=Clock(lambda i: 0.01), now=now
    )
    pace = [h for h in handed if h[0] == "pace"]
    assert [(kind, delayed) for kind, delayed, _at in pace] == [("pace", True), ("pace", False)]
    behind_at, back_at = pace[0][2], pace[1][2]
    # Told at the block whose lag first passes 8 s (0.75 s a block); back once the backlog is
    # read and the lag under 4 s (the reads stop at 20 s; the speech reaches them at block 80).
    assert behind_at == 12
    assert 60 <= back_at <= 80
