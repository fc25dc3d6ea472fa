"""Many people at the same moment on the production set-up: PostgreSQL and two server processes.

Starts, on a fresh PostgreSQL database and data directory: two `hearing serve` processes (ASGI)
on two loopback ports, sharing events through Redis; loads the demo hearing, starts an item with
Q&A and gives ``--people`` registered participants a browser session each (made in the database,
as a personal link would). Then, over real HTTP, alternating between the two processes:

1. one participant presses "Hand heben" 16 times at once              -> must be 1 open turn
2. ten participants each double-click "Frage stellen" (two at once)    -> must be 0 duplicates
3. 200 participants vote for one question at once                      -> 0 x 5xx, stored = acknowledged
4. ``--burst`` participants (default 1,000) vote for another at once   -> p50 / p99 latency

    .venv/bin/python bench/contention.py
    .venv/bin/python bench/contention.py --people 1000 --burst 1000

Needs PostgreSQL (BENCH_DATABASE_URL, default postgres://postgres@127.0.0.1:5432/postgres; a
database ``hearing_contention`` is created and dropped) and Redis (BENCH_REDIS_URL). Loopback
only; every request has a timeout, and the run ends by itself.
"""

import argparse
import asyncio
import json
import os
import secrets
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urlencode, urlsplit

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "bench"))
from loopback import free_port, wait_for_port  # noqa: E402 - bench/ is no package

BIN = ROOT / ".venv" / "bin"
SLUG = "ki-stadtratshearing-2024"
ADMIN_URL = os.environ.get("BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/postgres")
REDIS_URL = os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/5")
DB_NAME = "hearing_contention"

SETUP = """
import json, os
from django.contrib.sessions.backends.db import SessionStore
from hearing.hearings.domain import live
from hearing.hearings.enums import ItemKind
from hearing.hearings.models import Hearing
from hearing.live.domain import qa
from hearing.live.domain.common import Who
from hearing.participants.models import Participant, ParticipantGroup
from django.contrib.auth import get_user_model

people = int(os.environ["BENCH_PEOPLE"])
hearing = Hearing.objects.get(slug="%(slug)s")
moderator = get_user_model().objects.get(username="moderation")
item = hearing.items.order_by("position")[1]
item.kind = ItemKind.DISCUSSION
item.save()
live.start_item(item, actor=moderator)
group = ParticipantGroup.objects.filter(hearing=hearing, may_ask_questions=True,
                                        may_join_speakers_list=True).first()
made = Participant.objects.bulk_create(
    Participant(hearing=hearing, group=group, name=f"Teilnehmende {n}",
                email=f"bench{n}@example.org", status="registered", attendance="virtual")
    for n in range(people)
)
sessions = []
for participant in made:
    store = SessionStore()
    store["participants"] = {str(hearing.pk): participant.pk}
    store.create()
    sessions.append(store.session_key)
questions = [qa.ask_question(item, text, who=Who(user=moderator)).pk
             for text in ("Wer prüft die KI?", "Wie werden Daten geschützt?")]
print(json.dumps({"item": item.pk, "sessions": sessions, "questions": questions}))
"""

COUNT = """
import json
from hearing.live.models import Question, SpeakingTurn, Vote
out = {"turns_open": SpeakingTurn.objects.filter(status__in=["waiting", "called", "speaking"],
                                                 participant__isnull=False).count(),
       "questions": {t: Question.objects.filter(text=t).count() for t in %(texts)r},
       "votes": {str(q): Vote.objects.filter(question_id=q).count() for q in %(questions)r}}
print(json.dumps(out))
"""


def prepare(env: dict, people: int) -> dict:
    """Migrate, load the demo, start an item with Q&A and make ``people`` participants with a
    browser session each: ``{"item", "sessions", "questions"}`` (two questions asked)."""
    for step in (["migrate", "--noinput"], ["load_demo"]):
        subprocess.run([BIN / "hearing", *step], env=env, check=True, capture_output=True)
    made = subprocess.run(
        [BIN / "hearing", "shell", "-c", SETUP % {"slug": SLUG}],
        env={**env, "BENCH_PEOPLE": str(people)}, check=True, capture_output=True, text=True,
    )  # fmt: skip
    return json.loads(made.stdout.strip().splitlines()[-1])


def psql(sql: str) -> None:
    parts = urlsplit(ADMIN_URL)
    subprocess.run(
        ["psql", "-h", parts.hostname, "-p", str(parts.port or 5432), "-U", parts.username or "postgres",
         "-d", parts.path.lstrip("/") or "postgres", "-q", "-c", sql],
        check=True, capture_output=True,
    )  # fmt: skip


async def post(port: int, path: str, session: str, form: dict, timeout: float = 60) -> tuple:
    """One form POST with the participant's session and a CSRF token; (status, seconds)."""
    token = secrets.token_hex(16)  # a 32-character unmasked secret, as the cookie holds it
    body = urlencode({**form, "csrfmiddlewaretoken": token}).encode()
    request = (
        f"POST {path} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nConnection: close\r\n"
        f"Cookie: sessionid={session}; csrftoken={token}\r\n"
        "Content-Type: application/x-www-form-urlencoded\r\n"
        f"Content-Length: {len(body)}\r\n\r\n"
    ).encode() + body
    started = time.perf_counter()
    try:
        reader, writer = await asyncio.wait_for(asyncio.open_connection("127.0.0.1", port), timeout)
        writer.write(request)
        await writer.drain()
        status_line = await asyncio.wait_for(reader.readline(), timeout)
        await asyncio.wait_for(reader.read(), timeout)
        writer.close()
        status = int(status_line.split()[1])
    except (TimeoutError, OSError, IndexError, ValueError):
        status = 0  # no answer at all counts as a failure
    return status, time.perf_counter() - started


async def at_once(calls) -> list[tuple]:
    return await asyncio.gather(*calls)


def percentile(values, share):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--people", type=int, default=1200)
    parser.add_argument("--burst", type=int, default=1000)
    args = parser.parse_args()
    data = Path(tempfile.mkdtemp(prefix="hearing-contention-"))
    database_url = ADMIN_URL.rsplit("/", 1)[0] + f"/{DB_NAME}"
    env = {
        **{k: v for k, v in os.environ.items() if not k.startswith("HEARING_")},
        "HEARING_DATA_DIR": str(data),
        "HEARING_DATABASE_URL": database_url,
        "HEARING_REDIS_URL": REDIS_URL,
        "HEARING_JOB_WORKER": "0",
        "HEARING_LOG_LEVEL": "WARNING",
    }
    quiet = {"env": env, "stdout": subprocess.DEVNULL, "stderr": subprocess.DEVNULL}
    psql(f"DROP DATABASE IF EXISTS {DB_NAME}")
    psql(f"CREATE DATABASE {DB_NAME}")
    ports = [free_port(), free_port()]
    servers = []
    try:
        setup = prepare(env, args.people)
        sessions, item, (q1, q2) = setup["sessions"], setup["item"], setup["questions"]
        servers = [
            subprocess.Popen([BIN / "hearing", "serve", "--port", str(port)], **quiet)
            for port in ports
        ]
        for port in ports:
            wait_for_port(port)
        base = f"/live/hearings/{SLUG}"

        def port_of(n):
            return ports[n % 2]

        hands = asyncio.run(
            at_once(post(port_of(n), f"{base}/hand/", sessions[0], {"item": item}) for n in range(16))
        )  # fmt: skip
        texts = [f"Doppelklick-Frage Nummer {n}?" for n in range(10)]
        clicks = asyncio.run(
            at_once(
                post(port_of(k), f"{base}/ask/", sessions[1 + n], {"item": item, "text": texts[n]})
                for n in range(10)
                for k in range(2)
            )
        )
        votes = asyncio.run(
            at_once(
                post(port_of(n), f"{base}/questions/{q1}/vote/", sessions[n], {})
                for n in range(200)
            )
        )
        burst = asyncio.run(
            at_once(
                post(port_of(n), f"{base}/questions/{q2}/vote/", sessions[n % len(sessions)], {})
                for n in range(args.burst)
            )
        )
        counted = subprocess.run(
            [BIN / "hearing", "shell", "-c", COUNT % {"texts": texts, "questions": [q1, q2]}],
            env=env, check=True, capture_output=True, text=True,
        )  # fmt: skip
        stored = json.loads(counted.stdout.strip().splitlines()[-1])
    finally:
        for server in servers:
            server.terminate()
            server.wait(timeout=30)
        shutil.rmtree(data, ignore_errors=True)
        psql(f"DROP DATABASE IF EXISTS {DB_NAME}")

    def errors(results):
        return sum(1 for status, _ in results if status >= 500 or status == 0)

    acknowledged = sum(1 for status, _ in votes if status == 302)
    burst_ok = [seconds for status, seconds in burst if status == 302]
    print(f"machine: {os.cpu_count()} cores; PostgreSQL, Redis, two `hearing serve` processes")
    print(f"16 raise-hand at once: open turns {stored['turns_open']}, 5xx {errors(hands)}")
    duplicates = sum(max(0, n - 1) for n in stored["questions"].values())
    print(f"10 double-click pairs: duplicates {duplicates}, 5xx {errors(clicks)}")
    print(
        f"200 votes at once: 5xx/no answer {errors(votes)}, acknowledged {acknowledged}, "
        f"stored {stored['votes'][str(q1)]}"
    )
    print(
        f"burst of {args.burst} votes: 5xx/no answer {errors(burst)}, "
        f"stored {stored['votes'][str(q2)]}, p50 {statistics.median(burst_ok) * 1000:.0f} ms, "
        f"p99 {percentile(burst_ok, 0.99) * 1000:.0f} ms, max {max(burst_ok) * 1000:.0f} ms"
    )
    bad = (
        stored["turns_open"] != 1
        or duplicates
        or errors(hands) + errors(clicks) + errors(votes) + errors(burst)
        or acknowledged != stored["votes"][str(q1)]
    )
    sys.exit(1 if bad else 0)


if __name__ == "__main__":
    main()
