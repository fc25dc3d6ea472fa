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
