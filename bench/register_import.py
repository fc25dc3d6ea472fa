"""Peak memory and time of importing the Dutch algorithm register export, at 1x and 10x its size.

Usage: .venv/bin/python bench/register_import.py [--factor 10]

Writes an export ``factor`` times larger than the shipped one (records repeated with new ids), then
imports each file in a fresh process into a fresh SQLite database and prints the time, the peak
Python heap (tracemalloc) and the peak resident set size (ru_maxrss) of that process. The streaming
parser (ijson) and the batched writes should keep the memory nearly flat while the file grows.
"""

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
EXPORT = ROOT / "src/hearing/register/data/nl-algoritmeregister/algoritmes-2026-06-16.json"


def write_larger(path: Path, factor: int) -> int:
    """Write the export ``factor`` times, one record at a time, with distinct ids."""
    records = json.loads(EXPORT.read_text(encoding="utf-8"))["algoritmes"]
    count = 0
    with open(path, "w", encoding="utf-8") as out:
        out.write('{"algoritmes": [\n')
        for copy in range(factor):
            for record in records:
                if count:
                    out.write(",\n")
                out.write(
                    json.dumps({**record, "id": f"{record['id']}-{copy}"}, ensure_ascii=False)
                )
                count += 1
        out.write(f'\n], "count": {count}}}\n')
    return count


def child(path: str) -> None:
    import tracemalloc

    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "hearing.settings")
    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    from hearing.register.domain.importers import import_source
    from hearing.register.enums import Source

    baseline = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    tracemalloc.start()
    start = time.perf_counter()
    report = import_source(Source.NL, Path(path))
    seconds = time.perf_counter() - start
    _current, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    print(
        json.dumps(
            {
                "created": report.created,
                "seconds": seconds,
                "heap_peak": peak,
                "rss_before": baseline,
                "rss_peak": rss,
            }
        )
    )


def measure(path: Path) -> dict:
    with tempfile.TemporaryDirectory() as data_dir:
        env = {**os.environ, "HEARING_DATA_DIR": data_dir}
        env.pop("HEARING_DATABASE_URL", None)
        result = subprocess.run(
            [sys.executable, __file__, "--child", str(path)],
            env=env,
            capture_output=True,
            text=True,
            check=True,
        )
    return json.loads(result.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--factor", type=int, default=10)
    parser.add_argument("--child")
    args = parser.parse_args()
    if args.child:
        child(args.child)
        return
    with tempfile.TemporaryDirectory() as tmp:
        larger = Path(tmp) / "larger.json"
        count = write_larger(larger, args.factor)
        print(
            f"{'file':<12}{'records':>9}{'MB':>7}{'seconds':>9}{'heap peak MB':>14}{'RSS peak MB':>13}"
        )
        for name, path in [("1x", EXPORT), (f"{args.factor}x", larger)]:
            figures = measure(path)
            print(
                f"{name:<12}{figures['created']:>9}{path.stat().st_size / 2**20:>7.1f}"
                f"{figures['seconds']:>9.2f}{figures['heap_peak'] / 2**20:>14.1f}"
                f"{figures['rss_peak'] / 1024:>13.1f}"
            )
        print(f"({count} records in the larger file; RSS includes Django and the interpreter)")


if __name__ == "__main__":
    main()
