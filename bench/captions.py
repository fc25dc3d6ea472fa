"""Live captions: how late the lines arrive on a subscribed page, how right they are, what they cost.

Starts, in a fresh data directory, the embedded set-up a hearing uses without the stack:
`hearing serve` (SQLite, in-process push) and `hearing stream` (nginx with the RTMP module, which
starts the caption worker `hearing captions`). Captions are switched on for the demo hearing. Then
ffmpeg pushes real German speech in real time (the four CC0 recordings of tests/documentation/audio,
``--rounds`` times, 1.5 s of silence after each, under a test picture), and this script listens to
the hearing's event stream (SSE) as a viewer's page does. Per final line it takes the delay from
the words' time in the audio (the line's end, and its start) to the line's arrival, and at the end
the word error rate of the final lines against the reference, beside the offline transcript of the
same audio (faster-whisper over the whole file, as the transcription job does), and the CPU the
caption worker and the server used.

    .venv/bin/python bench/captions.py              # 3 rounds: 12 lines, 72 words, about 50 s
    .venv/bin/python bench/captions.py --rounds 5
    .venv/bin/python bench/captions.py --interim-ms 0   # final lines only
    .venv/bin/python bench/captions.py --early-ms 200   # pieces recognised 200 ms into a pause

With interim text (HEARING_CAPTIONS_INTERIM_MS, default 2000) it also takes, per sentence, the delay
from its first word to the first text of it on the page (interim or final).

Loopback only; bounded: every wait has a limit and the script stops what it started.
"""

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from datetime import datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "bench"))
from loopback import embedded_stream_env, free_port, stop, wait_for_port  # noqa: E402 - bench/ is no package

BIN = ROOT / ".venv" / "bin"
AUDIO = ROOT / "tests" / "documentation" / "audio"
SLUG = "ki-stadtratshearing-2024"
SETUP = """
from hearing.captions.models import Captioning
from hearing.documentation.asr.model import ensure_model
from hearing.events.bus import last_seq
from hearing.hearings.models import Hearing
from hearing.media.domain.stream import stream_for
hearing = Hearing.objects.get(slug="ki-stadtratshearing-2024")
Captioning.objects.update_or_create(hearing=hearing, defaults={"enabled": True})
ensure_model()  # assembled once per data directory, as on a server before the day
print(stream_for(hearing).key, last_seq(hearing.pk))
"""


LEAD, PAUSE = 2.0, 1.5  # seconds of silence before the first sentence and after each


def duration(path: Path) -> float:
    """Seconds of audio in ``path`` (ffprobe)."""
    probe = subprocess.run(
        ["ffprobe", "-v", "error", "-show_entries", "format=duration", "-of", "csv=p=0", str(path)],
        capture_output=True, text=True, check=True,
    )  # fmt: skip
    return float(probe.stdout)


def spans(names: list[str]) -> list[tuple[float, float]]:
    """Where each sentence is in the pushed audio: (start, end) seconds from its beginning."""
    result, at = [], LEAD
    for name in names:
        length = duration(AUDIO / name)
        result.append((at, at + length))
        at += length + PAUSE
    return result


def speech(folder: Path, rounds: int) -> tuple[Path, Path, str, list]:
    """The speech as WAV (for the offline transcript) and as FLV with a picture (the encoder's)."""
    references = dict(
        line.split("\t") for line in (AUDIO / "transcripts.tsv").read_text().splitlines()[1:]
    )
    names = sorted(references) * rounds
    inputs, filters = [], [f"anullsrc=r=16000:cl=mono,atrim=duration={LEAD}[lead]"]
    for index, name in enumerate(names):
        inputs += ["-i", str(AUDIO / name)]
        filters.append(f"[{index}:a]aresample=16000,apad=pad_dur={PAUSE}[a{index}]")
    joined = "[lead]" + "".join(f"[a{i}]" for i in range(len(names)))
    filters.append(f"{joined}concat=n={len(names) + 1}:v=0:a=1[speech]")
    wav = folder / "speech.wav"
    subprocess.run(
        ["ffmpeg", "-nostdin", "-v", "error", "-y", *inputs,
         "-filter_complex", ";".join(filters), "-map", "[speech]", str(wav)],
        check=True,
    )  # fmt: skip
    flv = folder / "speech.flv"
    subprocess.run(
        ["ffmpeg", "-nostdin", "-v", "error", "-y", "-i", str(wav),
         "-f", "lavfi", "-i", "testsrc=size=320x180:rate=15", "-shortest",
         "-map", "1:v", "-map", "0:a", "-c:v", "libx264", "-preset", "ultrafast", "-g", "15",
         "-pix_fmt", "yuv420p", "-c:a", "aac", "-ar", "44100", "-b:a", "96k", "-f", "flv",
         str(flv)],
        check=True,
    )  # fmt: skip
    return wav, flv, " ".join(references[name] for name in names), spans(names)


def listen(url: str, arrived: list, done: threading.Event) -> None:
    """Read the hearing's event stream; keep (arrival time, data) of every final caption line."""
    request = urllib.request.Request(url, headers={"Accept": "text/event-stream"})  # noqa: S310
    with urllib.request.urlopen(request, timeout=120) as response:  # noqa: S310 - loopback
        for raw in response:
            if done.is_set():
                return
            line = raw.decode("utf-8", "replace").strip()
            if not line.startswith("data:"):
                continue
            message = json.loads(line[5:])
            if message.get("type") in ("captions.line", "captions.interim"):
                arrived.append((time.time(), message["data"]))


def cpu_seconds(pid: int) -> float:
    """User and system CPU seconds of process ``pid`` so far (/proc/<pid>/stat)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def child_pid(parent: int, needle: str, timeout: float = 30) -> int:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        found = subprocess.run(
            ["pgrep", "-P", str(parent), "-f", needle], capture_output=True, text=True
        ).stdout.split()
        if found:
            return int(found[0])
        time.sleep(0.2)
    raise TimeoutError(needle)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument(
        "--interim-ms", type=int, default=None, help="HEARING_CAPTIONS_INTERIM_MS for the worker"
    )
    parser.add_argument(
        "--early-ms", type=int, default=None, help="HEARING_CAPTIONS_EARLY_MS for the worker"
    )
    args = parser.parse_args()
    sys.path.insert(0, str(ROOT / "src"))
    data = Path(tempfile.mkdtemp(prefix="hearing-captions-bench-"))
    web, rtmp, hls = free_port(), free_port(), free_port()
    env = embedded_stream_env(data, web, rtmp, hls)
    if args.interim_ms is not None:
        env["HEARING_CAPTIONS_INTERIM_MS"] = str(args.interim_ms)
    if args.early_ms is not None:
        env["HEARING_CAPTIONS_EARLY_MS"] = str(args.early_ms)
    quiet = {"env": env, "stdout": subprocess.DEVNULL, "stderr": subprocess.DEVNULL}
    subprocess.run([BIN / "hearing", "migrate", "--noinput"], check=True, **quiet)
    subprocess.run([BIN / "hearing", "load_demo"], check=True, **quiet)
    key, seq = subprocess.run(
        [BIN / "hearing", "shell", "-c", SETUP], env=env, check=True, capture_output=True,
        text=True,
    ).stdout.split()[-2:]  # fmt: skip
    wav, flv, reference, sentences = speech(data, args.rounds)
    seconds = duration(wav)
    server = subprocess.Popen(
        [BIN / "hearing", "serve", "--port", str(web)], start_new_session=True, **quiet
    )
    streaming = subprocess.Popen([BIN / "hearing", "stream"], start_new_session=True, **quiet)
    arrived: list = []
    done = threading.Event()
    try:
        wait_for_port(web)
        wait_for_port(rtmp)
        worker = child_pid(streaming.pid, "hearing captions")
        events = f"http://127.0.0.1:{web}/live/hearings/{SLUG}/events/?last_event_id={seq}"
        threading.Thread(target=listen, args=(events, arrived, done), daemon=True).start()
        before = {"worker": cpu_seconds(worker), "server": cpu_seconds(server.pid)}
        started = time.time()
        encoder = subprocess.run(
            ["ffmpeg", "-nostdin", "-v", "error", "-re", "-i", str(flv), "-c", "copy",
             "-f", "flv", f"rtmp://127.0.0.1:{rtmp}/live/{key}"],
            timeout=seconds + 60,
        )  # fmt: skip
        assert encoder.returncode == 0
        time.sleep(8)  # the last piece is recognised after the broadcast's end
        wall = time.time() - started
        used = {
            "worker": cpu_seconds(worker) - before["worker"],
            "server": cpu_seconds(server.pid) - before["server"],
        }
    finally:
        done.set()
        stop(streaming)
        stop(server)
        subprocess.run(["pkill", "-9", "-f", str(data)], capture_output=True)

    os.environ.update(env)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "hearing.settings")
    import django

    django.setup()
    from hearing.documentation.asr.wer import wer
    from hearing.documentation.asr.whisper import WhisperEngine

    began = time.perf_counter()
    offline = WhisperEngine().transcribe(wav)
    offline_seconds = time.perf_counter() - began
    offline_text = " ".join(segment.text for segment in offline.segments)
    shutil.rmtree(data, ignore_errors=True)

    finals = [(at, line) for at, line in arrived if line["final"]]
    live_text = " ".join(line["text"] for _at, line in finals)

    # The words' time: when the encoder sent them (it sends in real time from `started`). A final
    # line is matched to the sentence whose middle is nearest to its own, an interim one (which
    # has only the sentence's beginning) to the sentence whose start is nearest to its start; the
    # worker's clock can only be later than the encoder's, never earlier.
    def at_audio(line, key) -> float:
        return datetime.fromisoformat(line[key]).timestamp() - started

    def sentence(line) -> tuple[float, float]:
        if line["final"]:
            middle = (at_audio(line, "start") + at_audio(line, "end")) / 2
            return min(sentences, key=lambda span: abs((span[0] + span[1]) / 2 - middle))
        return min(sentences, key=lambda span: abs(span[0] - at_audio(line, "start")))

    after_end, after_start = [], []
    for at, line in finals:
        start, end = sentence(line)
        after_end.append(at - (started + end))
        after_start.append(at - (started + start))
    # The first text of each sentence on the page: an interim line (from its beginning) or the
    # final one, whichever came first.
    first_text: dict[tuple, float] = {}
    for at, line in arrived:
        span = sentence(line)
        first_text[span] = min(first_text.get(span, at), at)
    shown = [at - (started + span[0]) for span, at in first_text.items()]
    interims = len(arrived) - len(finals)

    def q(values, share):
        ordered = sorted(values)
        return ordered[min(len(ordered) - 1, int(share * len(ordered)))]

    print(f"machine: {os.cpu_count()} cores; {seconds:.1f} s of speech, {len(reference.split())} "
          f"words, {args.rounds} rounds; {len(finals)} final lines, {interims} interim")  # fmt: skip
    print(
        "delay from a line's last word to the page: "
        f"p50 {statistics.median(after_end):.2f} s, p95 {q(after_end, 0.95):.2f} s, "
        f"max {max(after_end):.2f} s"
    )
    print(
        "delay from a line's first word to the page: "
        f"p50 {statistics.median(after_start):.2f} s, p95 {q(after_start, 0.95):.2f} s, "
        f"max {max(after_start):.2f} s"
    )
    print(
        "delay from a sentence's first word to its first text on the page: "
        f"p50 {statistics.median(shown):.2f} s, p95 {q(shown, 0.95):.2f} s, "
        f"max {max(shown):.2f} s ({len(shown)} sentences)"
    )
    print(
        f"WER live {wer(reference, live_text):.1%}, offline (same audio) "
        f"{wer(reference, offline_text):.1%} in {offline_seconds:.1f} s"
    )
    print(
        f"CPU over {wall:.0f} s: caption worker {used['worker']:.1f} s "
        f"({used['worker'] / wall:.2f} cores), server {used['server']:.1f} s "
        f"({used['server'] / wall:.2f} cores)"
    )


if __name__ == "__main__":
    main()
