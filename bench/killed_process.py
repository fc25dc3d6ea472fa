"""A process dies under load: `kill -9` of one app process of `hearing stack` while votes come in
and viewers follow the live events (issue 12, Deliver 6).

On a fresh PostgreSQL database ``hearing_killed``: the demo with an item with Q&A running and
``--people`` participants with a browser session each (bench/contention.py's set-up), `hearing stack`
with two app processes. Then, through the stack's nginx, for ``--seconds``: ``--viewers`` event
streams (SSE; after any break they reconnect with ``Last-Event-ID`` after half a second, as
browsers do) and ``--rate`` votes a second, each by another participant. A third of the way in,
app process 1 gets SIGKILL. Reports: votes acknowledged against stored (none may be lost), votes
that got a 5xx or no answer, how long until supervisord had the process back, and for each viewer
whether it saw every event number from its first to the last one written, with no gap.

    .venv/bin/python bench/killed_process.py
    .venv/bin/python bench/killed_process.py --viewers 50 --rate 40 --seconds 30

Needs PostgreSQL (BENCH_DATABASE_URL), Redis (BENCH_REDIS_URL) and the stack's Debian packages.
Loopback only; bounded in time; stops what it started.
"""

import argparse
import asyncio
import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "bench"))
from contention import ADMIN_URL, BIN, COUNT, SLUG, post, prepare, psql  # noqa: E402 - no package
from loopback import free_port, stop, wait_for_port  # noqa: E402

REDIS_URL = os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/5")
DB_NAME = "hearing_killed"
LAST_SEQ = """
from hearing.events.bus import last_seq
from hearing.hearings.models import Hearing
print(last_seq(Hearing.objects.get(slug="%s").pk))
"""


async def viewer(port: int, path: str, seen: list[int], stop: asyncio.Event, breaks: list) -> None:
    """Follow the event stream; after a break, reconnect with Last-Event-ID like EventSource."""
    while not stop.is_set():
        last = f"Last-Event-ID: {seen[-1]}\r\n" if seen else ""
        try:
            reader, writer = await asyncio.open_connection("127.0.0.1", port)
            writer.write(
                f"GET {path} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nAccept: text/event-stream\r\n"
                f"{last}\r\n".encode()
            )
            await writer.drain()
            status = await asyncio.wait_for(reader.readline(), 10)
            if b" 200 " not in status:
                raise ConnectionError(status)
            while not stop.is_set():
                line = await asyncio.wait_for(reader.readline(), 30)
                if not line:
                    raise ConnectionError("closed")
                if line.startswith(b"id: "):
                    seen.append(int(line[4:]))
            writer.close()
        except (OSError, ConnectionError, TimeoutError, ValueError) as exc:
            breaks.append((time.monotonic(), repr(exc)[:80]))
            await asyncio.sleep(0.5)


async def load(port, sessions, question, args, kill) -> tuple[list, list, list]:
    path = f"/live/hearings/{SLUG}/events/"
    stop = asyncio.Event()
    seen = [[] for _ in range(args.viewers)]
    breaks: list = []
    viewers = [asyncio.create_task(viewer(port, path, s, stop, breaks)) for s in seen]
    await asyncio.sleep(2)  # every viewer connected
    votes = []
    started = time.monotonic()
    killed = False
    for n in range(int(args.seconds * args.rate)):
        due = started + n / args.rate
        await asyncio.sleep(max(0, due - time.monotonic()))
        if not killed and time.monotonic() - started > args.seconds / 3:
            killed = True
            kill()
        url = f"/live/hearings/{SLUG}/questions/{question}/vote/"
        votes.append(asyncio.create_task(post(port, url, sessions[n % len(sessions)], {}, 30)))
    results = await asyncio.gather(*votes)
    await asyncio.sleep(5)  # the last events reach every viewer
    stop.set()
    for task in viewers:
        task.cancel()
    await asyncio.gather(*viewers, return_exceptions=True)
    return results, seen, breaks


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--people", type=int, default=600)
    parser.add_argument("--viewers", type=int, default=30)
    parser.add_argument("--rate", type=float, default=25)
    parser.add_argument("--seconds", type=float, default=20)
    args = parser.parse_args()
    if args.people < args.seconds * args.rate:
        sys.exit("--people must be at least --seconds × --rate (one vote each)")
    work = Path(tempfile.mkdtemp(prefix="hearing-killed-"))
    app_port = free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith("HEARING_")}
    env.update(
        HEARING_DATA_DIR=str(work / "data"),
        HEARING_DATABASE_URL=ADMIN_URL.rsplit("/", 1)[0] + f"/{DB_NAME}",
        HEARING_REDIS_URL=REDIS_URL,
        HEARING_STACK_PORT=str(free_port()),
        HEARING_STACK_APP_PORT=str(app_port),
        HEARING_STACK_PROCESSES="2",
        HEARING_HLS_PORT=str(free_port()),
        HEARING_RTMP_PORT=str(free_port()),
        HEARING_LOG_LEVEL="WARNING",
    )
    conf = work / "data" / "stack" / "supervisord.conf"

    def ctl(*words: str) -> str:
        return subprocess.run(
            [BIN / "supervisorctl", "-c", conf, *words], capture_output=True, text=True
        ).stdout.strip()

    psql(f"DROP DATABASE IF EXISTS {DB_NAME} WITH (FORCE)")
    psql(f"CREATE DATABASE {DB_NAME}")
    stack = None
    try:
        setup = prepare(env, args.people)
        question = setup["questions"][1]
        stack = subprocess.Popen(
            [BIN / "hearing", "stack"], env=env, stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL, start_new_session=True,
        )  # fmt: skip
        front = int(env["HEARING_STACK_PORT"])
        wait_for_port(front, 90)
        for port in (app_port + 1, app_port + 2):
            wait_for_port(port, 90)
        restart = {}

        def kill():
            pid = int(ctl("pid", "app-1"))
            os.kill(pid, signal.SIGKILL)
            restart["killed_at"], restart["pid"] = time.monotonic(), pid

        results, seen, breaks = asyncio.run(load(front, setup["sessions"], question, args, kill))
        while ctl("pid", "app-1") in (str(restart["pid"]), "0") or "RUNNING" not in ctl(
            "status", "app-1"
        ):
            time.sleep(0.2)
        wait_for_port(app_port + 1, 60)
        back_after = time.monotonic() - restart["killed_at"]
        counted = subprocess.run(
            [BIN / "hearing", "shell", "-c", COUNT % {"texts": [], "questions": [question]}],
            env=env, check=True, capture_output=True, text=True,
        )  # fmt: skip
        stored = json.loads(counted.stdout.strip().splitlines()[-1])["votes"][str(question)]
        last = int(
            subprocess.run(
                [BIN / "hearing", "shell", "-c", LAST_SEQ % SLUG],
                env=env, check=True, capture_output=True, text=True,
            ).stdout.split()[-1]
        )  # fmt: skip
    finally:
        stop(stack)
        psql(f"DROP DATABASE IF EXISTS {DB_NAME} WITH (FORCE)")
        shutil.rmtree(work, ignore_errors=True)

    acknowledged = sum(1 for status, _ in results if status == 302)
    failed = sum(1 for status, _ in results if status >= 500 or status == 0)
    gapless = sum(1 for s in seen if s and sorted(set(s)) == list(range(min(s), last + 1)))
    duplicates = sum(len(s) - len(set(s)) for s in seen)
    print(f"machine: {os.cpu_count()} cores; stack with 2 app processes; {args.rate:g} votes/s for "
          f"{args.seconds:g} s; {args.viewers} viewers; app-1 killed with SIGKILL after "
          f"{args.seconds / 3:.1f} s")  # fmt: skip
    print(f"votes: sent {len(results)}, acknowledged {acknowledged}, stored {stored}, "
          f"5xx/no answer {failed}")  # fmt: skip
    print(f"app-1 back (RUNNING, listening) {back_after:.1f} s after the kill")
    print(f"viewers: {gapless} of {args.viewers} saw every event up to #{last} without a gap; "
          f"{len(breaks)} reconnects; {duplicates} events seen twice")  # fmt: skip
    if stored < acknowledged or gapless < args.viewers:
        sys.exit(1)


if __name__ == "__main__":
    main()
