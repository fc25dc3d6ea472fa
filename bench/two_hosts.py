"""Past one machine, shown on one: a front host and an app host in two network namespaces (issue 12).

Host A is this machine's own namespace: `hearing stack` (nginx in front, one app process, the
worker, the streaming server) with ``HEARING_STACK_UPSTREAMS`` naming host B's app process. Host B is
the namespace ``hearing-b``, joined to A by a veth pair (A 10.77.0.1, B 10.77.0.2):
`hearing stack --role app` (one app process, one worker), reaching PostgreSQL and Redis at A's
address as a second server would over the network (PostgreSQL and Redis listen on loopback here, so
this script relays 10.77.0.1:5432 and :6379 to them). Both hosts share the data directory, as
docs/operations.md asks (media files and the page cache's generations).

Then, each step with N requests of a signed-in visitor (never from nginx's cache):
  1. both hosts up;
  2. host A's app process stopped: every page comes from host B;
  3. host B changes the hearing (an item starts): the next anonymous page shows it;
  4. host A's process back, host B's stack stopped: every page from host A.
It prints the answers of each step; every step must answer 200 only.

    sudo .venv/bin/python bench/two_hosts.py [--requests 60]

Needs root (ip netns, veth), iproute2, PostgreSQL (BENCH_DATABASE_URL) and Redis on this machine.
Everything it creates (namespace, links, database, processes) is removed at the end.
"""

import argparse
import asyncio
import collections
import os
import shutil
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "bench"))
from contention import ADMIN_URL, BIN, SLUG, psql  # noqa: E402 - bench/ is no package
from loopback import free_port, stop, wait_for_port  # noqa: E402

NAMESPACE = "hearing-b"
HOST_A, HOST_B = "10.77.0.1", "10.77.0.2"
DB_NAME = "hearing_two_hosts"
REDIS_DB = 7
START_ITEM = """
from django.contrib.auth import get_user_model
from hearing.hearings.domain.live import start_item
from hearing.hearings.models import Hearing
item = Hearing.objects.get(slug="ki-stadtratshearing-2024").items.get(position=3)
start_item(item, actor=get_user_model().objects.get(username="moderation"))
print(item.pk)
"""


def ip(*args: str) -> None:
    subprocess.run(["ip", *args], check=True, capture_output=True)


def make_namespace() -> None:
    ip("netns", "add", NAMESPACE)
    ip("link", "add", "hrg-a", "type", "veth", "peer", "name", "hrg-b")
    ip("link", "set", "hrg-b", "netns", NAMESPACE)
    ip("addr", "add", f"{HOST_A}/24", "dev", "hrg-a")
    ip("link", "set", "hrg-a", "up")
    ip("netns", "exec", NAMESPACE, "ip", "addr", "add", f"{HOST_B}/24", "dev", "hrg-b")
    ip("netns", "exec", NAMESPACE, "ip", "link", "set", "hrg-b", "up")
    ip("netns", "exec", NAMESPACE, "ip", "link", "set", "lo", "up")


def remove_namespace() -> None:
    subprocess.run(["ip", "link", "del", "hrg-a"], capture_output=True)
    subprocess.run(["ip", "netns", "del", NAMESPACE], capture_output=True)


def relay(listen: tuple[str, int], target: tuple[str, int]) -> threading.Thread:
    """Pass TCP connections to ``listen`` on to ``target`` (PostgreSQL and Redis on loopback)."""

    async def pipe(reader, writer):
        try:
            while data := await reader.read(65536):
                writer.write(data)
                await writer.drain()
        except ConnectionError:
            pass
        finally:
            writer.close()

    async def handle(reader, writer):
        try:
            up_reader, up_writer = await asyncio.open_connection(*target)
        except OSError:
            writer.close()
            return
        await asyncio.gather(pipe(reader, up_writer), pipe(up_reader, writer))

    async def serve():
        server = await asyncio.start_server(handle, *listen)
        async with server:
            await server.serve_forever()

    thread = threading.Thread(target=lambda: asyncio.run(serve()), daemon=True)
    thread.start()
    return thread


def get(url: str, **headers) -> tuple[int, bytes]:
    request = urllib.request.Request(url, headers=headers)  # noqa: S310 - test hosts
    try:
        with urllib.request.urlopen(request, timeout=10) as response:  # noqa: S310
            return response.status, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.read()
    except OSError as error:
        return 0, repr(error).encode()


def wait_until(check, timeout: float, what: str) -> None:
    deadline = time.monotonic() + timeout
    while not check():
        if time.monotonic() > deadline:
            raise TimeoutError(what)
        time.sleep(0.5)


def answers(url: str, count: int) -> dict:
    """Answers of ``count`` requests by a visitor with a session (never from nginx's cache)."""
    return dict(collections.Counter(get(url, Cookie="sessionid=x")[0] for _ in range(count)))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=60)
    args = parser.parse_args()
    if os.geteuid() != 0 or not shutil.which("ip"):
        sys.exit("two_hosts.py needs root and iproute2 (network namespaces).")

    data = Path(tempfile.mkdtemp(prefix="hearing-two-hosts-"))
    admin = urlsplit(ADMIN_URL)
    database = admin._replace(path=f"/{DB_NAME}")
    front, app_a, app_b = free_port(), free_port(), 18200
    common = {
        **{k: v for k, v in os.environ.items() if not k.startswith("HEARING_")},
        "HEARING_DATA_DIR": str(data),
        "HEARING_STACK_PROCESSES": "1",
        "HEARING_STACK_WORKERS": "1",
    }
    env_a = {
        **common,
        "HEARING_DATABASE_URL": database.geturl(),
        "HEARING_REDIS_URL": f"redis://127.0.0.1:6379/{REDIS_DB}",
        "HEARING_STACK_PORT": str(front),
        "HEARING_STACK_APP_PORT": str(app_a - 1),
        "HEARING_STACK_UPSTREAMS": f"{HOST_B}:{app_b + 1}",
        "HEARING_HLS_PORT": str(free_port()),
        "HEARING_RTMP_PORT": str(free_port()),
    }
    env_b = {
        **common,
        "HEARING_DATABASE_URL": database._replace(netloc=f"postgres@{HOST_A}:5432").geturl(),
        "HEARING_REDIS_URL": f"redis://{HOST_A}:6379/{REDIS_DB}",
        "HEARING_STACK_HOST": HOST_B,
        "HEARING_STACK_APP_PORT": str(app_b),
        "HEARING_TRUSTED_PROXIES": HOST_A,
        # The front host's addresses, the same on every host.
        "HEARING_SITE_URL": f"http://127.0.0.1:{front}",
        "HEARING_STREAM_HLS_URL": f"http://127.0.0.1:{front}/hls",
        "HEARING_STREAM_CALLBACK_URL": f"http://127.0.0.1:{front}",
    }
    psql(f'DROP DATABASE IF EXISTS "{DB_NAME}" WITH (FORCE)')
    psql(f'CREATE DATABASE "{DB_NAME}"')
    stack_a = stack_b = None
    remove_namespace()
    try:
        make_namespace()
        relay((HOST_A, 5432), (admin.hostname, admin.port or 5432))
        relay((HOST_A, 6379), ("127.0.0.1", 6379))
        for step in (["migrate", "--noinput"], ["load_demo"]):
            subprocess.run([BIN / "hearing", *step], env=env_a, check=True, capture_output=True)
        log_a = (data / "host-a.log").open("w")
        log_b = (data / "host-b.log").open("w")
        stack_a = subprocess.Popen(
            [BIN / "hearing", "stack"], env=env_a, stdout=log_a, stderr=subprocess.STDOUT,
            start_new_session=True,
        )  # fmt: skip
        stack_b = subprocess.Popen(
            ["ip", "netns", "exec", NAMESPACE, BIN / "hearing", "stack", "--role", "app"],
            env=env_b, stdout=log_b, stderr=subprocess.STDOUT, start_new_session=True,
        )  # fmt: skip
        wait_for_port(front)
        page = f"http://127.0.0.1:{front}/hearings/{SLUG}/"
        probe = f"http://{HOST_B}:{app_b + 1}/"  # as the front asks: with the public host name
        wait_until(lambda: get(probe, Host="127.0.0.1")[0] == 200, 90, "host B's app")
        wait_until(lambda: get(page, Cookie="sessionid=x")[0] == 200, 90, "host A's front")
        ctl = [BIN / "supervisorctl", "-c", str(data / "stack" / "supervisord.conf")]
        print(f"machine: {os.cpu_count()} cores; host A {HOST_A} (front, app), host B {HOST_B} "
              f"(namespace {NAMESPACE}, app); {args.requests} requests a step")  # fmt: skip

        print(f"1. both hosts: {answers(page, args.requests)}")
        subprocess.run([*ctl, "stop", "app-1"], check=True, capture_output=True)
        print(f"2. host A's app process stopped, host B alone: {answers(page, args.requests)}")

        before = get(page)[1].decode()
        started = time.monotonic()
        item = subprocess.run(
            ["ip", "netns", "exec", NAMESPACE, BIN / "hearing", "shell", "-c", START_ITEM],
            env=env_b, check=True, capture_output=True, text=True,
        ).stdout.split()[-1]  # fmt: skip
        marker = f'data-item-id="{item}" aria-current="true"'
        after = get(page)[1].decode()
        print(
            f"3. host B starts item {item}: anonymous page before {marker in before}, "
            f"on the next request {marker in after} ({time.monotonic() - started:.1f} s later)"
        )

        subprocess.run([*ctl, "start", "app-1"], check=True, capture_output=True)
        wait_for_port(app_a)
        stop(stack_b)
        print(f"4. host B's stack stopped, host A alone: {answers(page, args.requests)}")
    except Exception:
        for name in ("host-a.log", "host-b.log"):
            if (data / name).exists():
                print(f"--- {name}\n{(data / name).read_text()[-3000:]}", file=sys.stderr)
        raise
    finally:
        stop(stack_b)
        stop(stack_a)
        subprocess.run(["pkill", "-9", "-f", str(data)], capture_output=True)
        remove_namespace()
        psql(f'DROP DATABASE IF EXISTS "{DB_NAME}" WITH (FORCE)')
        shutil.rmtree(data, ignore_errors=True)


if __name__ == "__main__":
    main()
