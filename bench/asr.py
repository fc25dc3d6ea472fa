"""Speech recognition: real-time factor, word error rate and peak memory.

Bounded and offline. Each configuration runs in a fresh subprocess (so its peak RSS is its own)
through the same streamed engine Hearing uses (ffmpeg pipe, windows, VAD, word timestamps):

* real speech: the CC0 samples in ``../shared/audio/`` (or ``tests/documentation/audio/``) with
  their reference transcripts: RTF and pooled WER;
* a long generated clip (espeak-ng German text looped with sox): RTF and peak RSS, to show that
  memory stays flat as the recording grows.

    .venv/bin/python bench/asr.py                          # everything (about 15–25 min on 2 cores)
    .venv/bin/python bench/asr.py --long 600 3600 --long-configs int8-b5
    .venv/bin/python bench/asr.py --skip-long

Configurations: int8 / float32 × beam 1 / 5, and faster-whisper's batched pipeline (int8, beam 5,
batch 8). Threads: ``--threads`` (default 2).
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CONFIGS = {
    "int8-b1": {"compute_type": "int8", "beam_size": 1},
    "int8-b5": {"compute_type": "int8", "beam_size": 5},
    "float32-b1": {"compute_type": "float32", "beam_size": 1},
    "float32-b5": {"compute_type": "float32", "beam_size": 5},
    "int8-b5-batched": {"compute_type": "int8", "beam_size": 5, "batched": True},
}
TEXT = (
    "Die Landeshauptstadt München lädt zum Stadtratshearing über künstliche Intelligenz in der "
    "Stadtverwaltung ein. Es geht um Chancen und Risiken, um Datenschutz, Transparenz und die "
    "Beschäftigten. Die Referentinnen und Referenten stellen Projekte vor, danach gibt es Fragen."
)


def audio_dir() -> Path:
    shared = ROOT.parent / "shared" / "audio"
    return shared if (shared / "transcripts.tsv").exists() else ROOT / "tests/documentation/audio"


def long_clip(seconds: int, folder: Path) -> Path:
    """A clip of ``seconds`` by looping a spoken paragraph with pauses (robotic, but speech)."""
    path = folder / f"long-{seconds}.wav"
    if path.exists():
        return path
    unit = folder / "unit.wav"
    if not unit.exists():
        raw = folder / "unit-raw.wav"
        subprocess.run(["espeak-ng", "-v", "de", "-s", "150", "-w", str(raw), TEXT], check=True)
        subprocess.run(
            ["sox", str(raw), "-r", "16000", "-c", "1", str(unit), "pad", "0", "1.5"], check=True
        )
    length = float(subprocess.check_output(["soxi", "-D", str(unit)]).decode())
    repeats = int(seconds / length) + 1
    subprocess.run(
        ["sox", str(unit), str(path), "repeat", str(repeats - 1), "trim", "0", str(seconds)],
        check=True,
    )
    return path


def decode_child(name: str) -> None:
    """Runs in the subprocess: stream ``name`` through the decoder only; print one JSON line."""
    sys.path.insert(0, str(ROOT / "src"))
    from hearing.documentation.asr import audio

    clock = time.perf_counter()
    windows = samples = 0
    for _offset, chunk in audio.pcm_windows(Path(name)):
        windows += 1
        samples += len(chunk)
    peak_kib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    print(
        json.dumps(
            {
                "audio": samples / audio.SAMPLE_RATE,
                "seconds": time.perf_counter() - clock,
                "windows": windows,
                "peak_mib": peak_kib / 1024,
            }
        )
    )


def compressed_clip(seconds: int, folder: Path) -> Path:
    """A long Opus file (as a recording would be), made by looping the spoken paragraph."""
    unit = long_clip(60, folder)
    path = folder / f"long-{seconds}.opus"
    subprocess.run(
        ["ffmpeg", "-v", "error", "-y", "-stream_loop", "-1", "-i", str(unit), "-t", str(seconds)]
        + ["-c:a", "libopus", "-b:a", "24k", str(path)],
        check=True,
    )
    return path


def child(config: str, files: list[str], threads: int) -> None:
    """Runs in the subprocess: transcribe ``files`` and print one JSON line."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "hearing.settings")
    import django

    django.setup()
    from hearing.documentation.asr import audio
    from hearing.documentation.asr.whisper import get_engine

    options = dict(CONFIGS[config])
    engine = get_engine(threads=threads, **options)
    engine._model()  # load outside the timing
    rows = []
    for name in files:
        clock = time.perf_counter()
        transcript = engine.transcribe(Path(name))
        seconds = time.perf_counter() - clock
        rows.append(
            {
                "file": name,
                "audio": audio.probe(Path(name)).duration,
                "seconds": seconds,
                "text": transcript.text,
            }
        )
    peak_kib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    print(json.dumps({"config": config, "rows": rows, "peak_mib": peak_kib / 1024}))


def run(config: str, files: list[Path], threads: int) -> dict:
    output = subprocess.run(
        [sys.executable, __file__, "--child", config, "--threads", str(threads), *map(str, files)],
        capture_output=True,
        text=True,
        check=True,
        env={**os.environ, "HEARING_LOG_LEVEL": "WARNING"},
    ).stdout
    return json.loads(output.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--configs", nargs="*", default=list(CONFIGS))
    parser.add_argument("--long", nargs="*", type=int, default=[600, 3600])
    parser.add_argument("--long-configs", nargs="*", default=["int8-b1", "int8-b5"])
    parser.add_argument("--skip-long", action="store_true")
    parser.add_argument(
        "--decode-only",
        nargs="*",
        type=int,
        help="only stream clips of these lengths (s) through the ffmpeg decoder: peak memory",
    )
    parser.add_argument("--child")
    parser.add_argument("--decode-child")
    parser.add_argument("files", nargs="*")
    args = parser.parse_args()
    if args.child:
        child(args.child, args.files, args.threads)
        return
    if args.decode_child:
        decode_child(args.decode_child)
        return
    if args.decode_only:
        print("| clip (Opus) | audio (s) | decode time (s) | windows | peak RSS (MiB) |")
        print("|---|---|---|---|---|")
        with tempfile.TemporaryDirectory() as temp:
            for seconds in args.decode_only:
                clip = compressed_clip(seconds, Path(temp))
                output = subprocess.run(
                    [sys.executable, __file__, "--decode-child", str(clip)],
                    capture_output=True,
                    text=True,
                    check=True,
                ).stdout
                row = json.loads(output.strip().splitlines()[-1])
                print(
                    f"| {seconds} s | {row['audio']:.0f} | {row['seconds']:.0f} | "
                    f"{row['windows']} | {row['peak_mib']:.0f} |",
                    flush=True,
                )
        return

    sys.path.insert(0, str(ROOT / "src"))
    from hearing.documentation.asr.wer import word_errors

    folder = audio_dir()
    with (folder / "transcripts.tsv").open(encoding="utf-8") as handle:
        references = {row["file"]: row["text"] for row in csv.DictReader(handle, delimiter="\t")}
    samples = [folder / name for name in references]
    # Whisper pads every input to 30 s, so tiny files overstate the cost: the samples are also
    # joined (16 kHz, 0.5 s pauses) into one file, as speech comes in a long recording.
    joined_dir = Path(tempfile.mkdtemp())
    joined = joined_dir / "joined.wav"
    pieces = []
    for index, sample in enumerate(samples):
        piece = joined_dir / f"{index}.wav"
        subprocess.run(
            ["sox", str(sample), "-r", "16000", "-c", "1", str(piece), "pad", "0", "0.5"],
            check=True,
        )
        pieces.append(str(piece))
    subprocess.run(["sox", *pieces, str(joined)], check=True)
    references[joined.name] = " ".join(references[s.name] for s in samples)
    print(f"# real speech: {len(samples)} files from {folder}, threads={args.threads}")
    print(
        "| configuration | RTF, 4 files | WER, 4 files | RTF, joined | WER, joined "
        "| peak RSS (MiB) |"
    )
    print("|---|---|---|---|---|---|")
    for config in args.configs:
        result = run(config, [*samples, joined], args.threads)
        cells = []
        for rows in (result["rows"][:-1], result["rows"][-1:]):
            audio_s = sum(r["audio"] for r in rows)
            time_s = sum(r["seconds"] for r in rows)
            errors = words = 0
            for row in rows:
                e, w = word_errors(references[Path(row["file"]).name], row["text"])
                errors, words = errors + e, words + w
            cells += [f"{time_s / audio_s:.3f}", f"{100 * errors / words:.1f} % ({errors}/{words})"]
        print(f"| {config} | {' | '.join(cells)} | {result['peak_mib']:.0f} |", flush=True)
    if args.skip_long:
        return
    print(f"\n# long generated clip (espeak-ng, looped), threads={args.threads}")
    print("| configuration | audio (s) | time (s) | RTF | segments' words | peak RSS (MiB) |")
    print("|---|---|---|---|---|---|")
    with tempfile.TemporaryDirectory() as temp:
        for seconds in args.long:
            clip = long_clip(seconds, Path(temp))
            for config in args.long_configs:
                result = run(config, [clip], args.threads)
                row = result["rows"][0]
                print(
                    f"| {config} | {row['audio']:.0f} | {row['seconds']:.0f} | "
                    f"{row['seconds'] / row['audio']:.3f} | {len(row['text'].split())} | "
                    f"{result['peak_mib']:.0f} |",
                    flush=True,
                )


if __name__ == "__main__":
    main()
