"""Speech recognition: word error rate by kind of speech, real-time factor and peak memory.

Bounded and offline. Each configuration runs in a fresh subprocess (so its peak RSS is its own)
through the same streamed engine Hearing uses (ffmpeg pipe, windows, VAD, word timestamps):

* real speech, public domain or CC0, with reference texts: the four samples in
  ``tests/documentation/audio/`` and the 27 clips in ``bench/speech/`` (bench/speech/LICENSE.md),
  in three kinds: read sentences (Thorsten-Voice, 20 clips, 169 words), one sentence in eight
  acted emotions (Thorsten-Voice, 32 words), a literary reading (LibriVox, 68 s, 108 words).
  Each kind is joined into one file (0.5 s pauses), as speech comes in a long recording; the WER
  is reported with its word count;
* a long generated clip (espeak-ng German text looped with sox): RTF and peak RSS, to show that
  memory stays flat as the recording grows.

    .venv/bin/python bench/asr.py                          # everything (about 15-25 min on 2 cores)
    .venv/bin/python bench/asr.py --skip-long --configs int8-b1 int8-b5 int8-b5-batched
    .venv/bin/python bench/asr.py --long 600 3600 --long-configs int8-b5

Configurations: int8 / float32 x beam 1 / 5, faster-whisper's batched pipeline over the VAD's
speech pieces (int8, beam 1 / 5, batch 8 / 16), and beam 1 with the demo hearing's vocabulary as
hotwords (what a hearing's transcription passes, documentation.domain.vocabulary). Threads:
``--threads`` (default 2).
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
# Names and terms as documentation.domain.vocabulary gives them for the demo hearing (speakers,
# the city's AI systems, agenda titles), for the hotwords configuration.
DEMO_HOTWORDS = (
    "Dominik Krause, Dr. Laura Dornheim, Bürger*innen-Chatbot Muckl, Dienstleistungsfinder, "
    "KI-Stack, MUCGPT, RIS-KI, Verkehrsdaten-Plausibilisierung, Zammad-AI, inspira_BIB, "
    "Begrüßung, Einführung in das Thema Künstliche Intelligenz, Impulsvortrag: "
    "Verantwortungsvoller und effektiver Einsatz von KI"
)
CONFIGS = {
    "int8-b1": {"compute_type": "int8", "beam_size": 1, "batched": False},
    "int8-b5": {"compute_type": "int8", "beam_size": 5, "batched": False},
    "float32-b1": {"compute_type": "float32", "beam_size": 1, "batched": False},
    "float32-b5": {"compute_type": "float32", "beam_size": 5, "batched": False},
    "int8-b1-batched": {"compute_type": "int8", "beam_size": 1, "batched": True, "batch_size": 8},
    "int8-b5-batched": {"compute_type": "int8", "beam_size": 5, "batched": True, "batch_size": 8},
    "int8-b5-batched16": {
        "compute_type": "int8",
        "beam_size": 5,
        "batched": True,
        "batch_size": 16,
    },
    "int8-b1-hotwords": {
        "compute_type": "int8",
        "beam_size": 1,
        "batched": False,
        "hotwords": DEMO_HOTWORDS,
    },
    "int8-b1-names": {  # names and systems only, no titles
        "compute_type": "int8",
        "beam_size": 1,
        "batched": False,
        "hotwords": DEMO_HOTWORDS.split(", Begrüßung")[0],
    },
    "int8-b5-batched16-names": {
        "compute_type": "int8",
        "beam_size": 5,
        "batched": True,
        "batch_size": 16,
        "hotwords": DEMO_HOTWORDS.split(", Begrüßung")[0],
    },
}
KINDS = {  # kind: the files' name prefixes
    "read sentences": ("thorsten-sample", "thorsten-lj", "thorsten-rz", "thorsten-rec"),
    "acted emotions": ("thorsten-emo",),
    "literary reading": ("librivox",),
}
TEXT = (
    "Die Landeshauptstadt München lädt zum Stadtratshearing über künstliche Intelligenz in der "
    "Stadtverwaltung ein. Es geht um Chancen und Risiken, um Datenschutz, Transparenz und die "
    "Beschäftigten. Die Referentinnen und Referenten stellen Projekte vor, danach gibt es Fragen."
)


def speech_files() -> dict[Path, str]:
    """Every shipped clip with its reference text."""
    found = {}
    for folder in (ROOT / "tests/documentation/audio", ROOT / "bench/speech"):
        with (folder / "transcripts.tsv").open(encoding="utf-8") as handle:
            for row in csv.DictReader(handle, delimiter="\t"):
                found[folder / row["file"]] = row["text"]
    return found


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

    references = speech_files()
    joined_dir = Path(tempfile.mkdtemp())
    joined, texts = [], {}
    for kind, prefixes in KINDS.items():
        members = [path for path in references if path.name.startswith(prefixes)]
        if kind == "acted emotions":
            # One sentence eight times in a row is no recording: Whisper merges or drops the
            # repeats. Each clip on its own (RTF overstated: every piece is padded to 30 s).
            for path in members:
                joined.append(path)
                texts[path.name] = references[path]
            continue
        pieces = []
        for index, sample in enumerate(members):
            piece = joined_dir / f"{len(joined)}-{index}.wav"
            subprocess.run(
                ["sox", str(sample), "-r", "16000", "-c", "1", str(piece), "pad", "0", "0.5"],
                check=True,
            )
            pieces.append(str(piece))
        target = joined_dir / f"{kind.replace(' ', '-')}.wav"
        subprocess.run(["sox", *pieces, str(target)], check=True)
        joined.append(target)
        texts[target.name] = " ".join(references[path] for path in members)
    print(f"# real speech: {len(references)} clips in {len(KINDS)} kinds, threads={args.threads}")
    kinds = " | ".join(f"WER {kind}" for kind in KINDS)
    print(
        f"| configuration | {kinds} | WER read speech | WER all | RTF, read speech joined "
        "| peak RSS (MiB) |"
    )
    print("|---|" + "---|" * (len(KINDS) + 4))
    for config in args.configs:
        result = run(config, joined, args.threads)
        by_kind: dict[str, list[int]] = {kind: [0, 0] for kind in KINDS}
        for row in result["rows"]:
            name = Path(row["file"]).name
            errors, words = word_errors(texts[name], row["text"])
            # A joined file is named after its kind; the emotions come clip by clip.
            kind = (
                "acted emotions" if name.startswith("thorsten-emo") else name[:-4].replace("-", " ")
            )
            by_kind[kind][0] += errors
            by_kind[kind][1] += words
        cells = [f"{100 * e / w:.1f} % ({e}/{w})" for e, w in by_kind.values()]
        all_errors = sum(e for e, _w in by_kind.values())
        all_words = sum(w for _e, w in by_kind.values())
        read = [by_kind["read sentences"], by_kind["literary reading"]]
        read_errors, read_words = sum(e for e, _w in read), sum(w for _e, w in read)
        # The speed of a long recording: the joined read speech, not the padded short clips.
        long_rows = [
            r for r in result["rows"] if not Path(r["file"]).name.startswith("thorsten-emo")
        ]
        audio_s = sum(r["audio"] for r in long_rows)
        time_s = sum(r["seconds"] for r in long_rows)
        cells += [
            f"{100 * read_errors / read_words:.1f} % ({read_errors}/{read_words})",
            f"{100 * all_errors / all_words:.1f} % ({all_errors}/{all_words})",
            f"{time_s / audio_s:.3f} ({time_s:.1f} s / {audio_s:.1f} s)",
        ]
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
