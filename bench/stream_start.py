"""From the encoder's first frame to a playing picture: the live stream's start-up time.

Starts, in a fresh data directory: `hearing serve` (ASGI, as `make run`), the streaming server
(`hearing stream`: nginx with the RTMP module), chromium through Playwright on the hearing page.
Then, RUNS times: ffmpeg publishes a 20-second test clip (1280×720 unless --size) in real time (as OBS would), and the page
records when it turns live, when the first playlist exists, when the player attaches (loadstart),
has a picture (loadeddata, readyState >= 2) and plays (currentTime advances after play()); then
the viewer picks 360p and then sound only ("to 360p", "to Nur Ton": seconds from the choice until
that plays on, 0.5 s of media).

    .venv/bin/python bench/stream_start.py --runs 10
    .venv/bin/python bench/stream_start.py --runs 10 --load 2     # with two CPU burners beside it

`--load N` runs N busy processes next to it (the machine has 2 cores), which is about what the test
suite's own processes (pytest, chromium, ffmpeg, nginx, PostgreSQL) put beside the stream test.
Loopback only; bounded: every wait has a limit and the whole run stops by itself.
"""

import argparse
import multiprocessing
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "bench"))
from loopback import embedded_stream_env, free_port, wait_for_port  # noqa: E402 - bench/ is no package

BIN = ROOT / ".venv" / "bin"
CLIP_SECONDS = 20


def burn(seconds: float) -> None:
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        pass


def make_clip(path: Path, size: str) -> Path:
    speech = path.with_suffix(".wav")
    subprocess.run(["espeak-ng", "-v", "de", "-w", str(speech), "Guten Morgen."], check=True)
    subprocess.run(
        [
            "ffmpeg", "-nostdin", "-v", "error", "-y",
            "-f", "lavfi", "-i", f"testsrc=size={size}:rate=15:duration={CLIP_SECONDS}",
            "-i", str(speech), "-filter_complex", f"[1:a]apad=whole_dur={CLIP_SECONDS}[a]",
            "-map", "0:v", "-map", "[a]",
            "-c:v", "libx264", "-preset", "ultrafast", "-tune", "zerolatency", "-g", "15",
            "-pix_fmt", "yuv420p", "-c:a", "aac", "-ar", "44100", "-b:a", "64k",
            "-t", str(CLIP_SECONDS), "-f", "flv", str(path),
        ],
        check=True,
    )  # fmt: skip
    return path


SETUP = """
from hearing.hearings.models import Hearing
from hearing.media.domain.stream import stream_for
hearing = Hearing.objects.get(slug="ki-stadtratshearing-2024")
hearing.is_public = True
hearing.save(update_fields=["is_public"])
print(stream_for(hearing).key)
"""

LISTEN = """() => {
  window.__t = {};
  const v = document.querySelector('[data-stream-player]');
  const mark = (n) => { if (!(n in window.__t)) window.__t[n] = Date.now(); };
  ['loadstart', 'loadeddata', 'playing'].forEach(n => v.addEventListener(n, () => mark(n)));
  new MutationObserver(() => {
    if (document.querySelector('[data-stream]').getAttribute('data-live') === '1') mark('live');
  }).observe(document.querySelector('[data-stream]'), {attributes: true});
}"""


def one_run(page, url, clip, ingest, playlist: Path) -> dict:
    page.goto(url)
    page.wait_for_selector("[data-stream-offline]", state="visible", timeout=20_000)
    page.evaluate(LISTEN)
    start = time.time()
    encoder = subprocess.Popen(
        ["ffmpeg", "-nostdin", "-v", "error", "-re", "-i", str(clip), "-c", "copy", "-f", "flv",
         ingest],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    figures: dict[str, float] = {}
    played = False
    deadline = start + CLIP_SECONDS - 1
    while time.time() < deadline:
        # A playlist left from the run before does not count (nginx leaves it behind).
        if "playlist" not in figures and playlist.exists() and playlist.stat().st_mtime >= start:
            figures["playlist"] = time.time() - start
        state = page.evaluate(
            "() => { const v = document.querySelector('[data-stream-player]');"
            " return [v.readyState, v.currentTime]; }"
        )
        if state[0] >= 2 and not played:
            page.evaluate(
                "() => { const v = document.querySelector('[data-stream-player]');"
                " v.muted = true; window.__t0 = v.currentTime; return v.play(); }"
            )
            played = True
        if played and page.evaluate(
            "() => document.querySelector('[data-stream-player]').currentTime > window.__t0 + 0.5"
        ):
            figures["advancing"] = time.time() - start
            break
        time.sleep(0.05)
    marks = page.evaluate("() => window.__t")
    for name, at in marks.items():
        figures[name] = at / 1000 - start
    if "advancing" in figures:
        # The viewer's choices: from the choice to the other picture (or none) playing on.
        for label, done in (("360p", "v.videoHeight === 360"), ("Nur Ton", "v.videoWidth === 0")):
            chosen = time.time()
            page.select_option("[data-stream-quality]", label=label)
            page.wait_for_function(
                "() => { const v = document.querySelector('[data-stream-player]');"
                f" if (!({done}) || v.readyState < 2) return false;"
                " if (v.paused) v.play().catch(() => {});"
                " if (window.__from === undefined) window.__from = v.currentTime;"
                " return v.currentTime > window.__from + 0.5; }",
                timeout=15_000,
            )
            page.evaluate("() => { window.__from = undefined; }")
            figures[f"to {label}"] = time.time() - chosen
        page.select_option("[data-stream-quality]", index=0)
    encoder.wait(timeout=CLIP_SECONDS + 30)
    # The stream ends; nginx finishes the recording before the next run publishes again.
    page.wait_for_selector("[data-stream-offline]", state="visible", timeout=30_000)
    return figures


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--load", type=int, default=0, help="CPU burners beside the run")
    parser.add_argument(
        "--size", default="1280x720", help="the clip's picture (docs/operations.md asks 1280x720)"
    )
    args = parser.parse_args()
    from playwright.sync_api import sync_playwright

    data = Path(tempfile.mkdtemp(prefix="hearing-stream-bench-"))
    web, rtmp, hls = free_port(), free_port(), free_port()
    env = embedded_stream_env(data, web, rtmp, hls, HEARING_JOB_WORKER="0")
    quiet = {"env": env, "stdout": subprocess.DEVNULL, "stderr": subprocess.DEVNULL}
    subprocess.run([BIN / "hearing", "migrate", "--noinput"], check=True, **quiet)
    subprocess.run([BIN / "hearing", "load_demo"], check=True, **quiet)
    key = subprocess.run(
        [BIN / "hearing", "shell", "-c", SETUP], env=env, check=True, capture_output=True,
        text=True,
    ).stdout.strip().splitlines()[-1]  # fmt: skip
    clip = make_clip(data / "clip.flv", args.size)
    processes = [
        subprocess.Popen([BIN / "hearing", "serve", "--port", str(web)], **quiet),
        subprocess.Popen([BIN / "hearing", "stream"], **quiet),
    ]
    burners = [
        multiprocessing.Process(target=burn, args=(3600,), daemon=True) for _ in range(args.load)
    ]
    results = []
    try:
        wait_for_port(web)
        wait_for_port(rtmp)
        for burner in burners:
            burner.start()
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(
                executable_path="/usr/bin/chromium", args=["--no-sandbox", "--disable-gpu"]
            )
            page = browser.new_page()
            url = f"http://127.0.0.1:{web}/hearings/ki-stadtratshearing-2024/"
            playlist = data / "stream" / "hls" / "ki-stadtratshearing-2024_720p.m3u8"
            for run in range(args.runs):
                figures = one_run(page, url, clip, f"rtmp://127.0.0.1:{rtmp}/live/{key}", playlist)
                results.append(figures)
                print(
                    f"run {run + 1}: "
                    + ", ".join(
                        f"{k} {v:.2f} s" for k, v in sorted(figures.items(), key=lambda kv: kv[1])
                    ),
                    flush=True,
                )
            browser.close()
    finally:
        for burner in burners:
            burner.terminate()
        for process in processes:
            process.terminate()
            process.wait(timeout=20)
        shutil.rmtree(data, ignore_errors=True)
    print(f"\nmachine: {os.cpu_count()} cores; load beside it: {args.load} busy processes")
    print("from the encoder's first frame, 'to …' from the choice (s) | median | worst | runs")
    for name in (
        "live",
        "playlist",
        "loadstart",
        "loadeddata",
        "advancing",
        "to 360p",
        "to Nur Ton",
    ):
        values = [r[name] for r in results if name in r]
        if values:
            print(f"{name:<12} | {statistics.median(values):.2f} | {max(values):.2f} | "
                  f"{len(values)}/{len(results)}")  # fmt: skip
        else:
            print(f"{name:<12} | – | – | 0/{len(results)}")
    missing = sum(1 for r in results if "advancing" not in r)
    sys.exit(1 if missing else 0)


if __name__ == "__main__":
    main()
