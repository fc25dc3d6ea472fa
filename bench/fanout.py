"""SSE fan-out: delivery latency from publish to every subscriber, ours against nginx + nchan.

Bounded and loopback only. For each N it opens N EventSource-style connections, publishes
``--rounds`` events one after another (each carrying its publish time) and records, per
subscriber and event, receive time minus publish time (one monotonic clock, same machine).

    .venv/bin/python bench/fanout.py                 # N = 1000 5000 10000, all targets, 3 runs
    .venv/bin/python bench/fanout.py --sizes 1000 --targets ours --runs 1

Targets: ``ours`` (one ``hearing.asgi`` uvicorn process, in-process backend, each publish stores a
real event in SQLite and fans it out after commit), ``redis`` (two uvicorn processes sharing
events through Redis pub/sub, subscribers split between them, publish on the first), ``nchan``
(nginx with libnginx-mod-nchan, one worker, ``nchan_subscriber eventsource``).
The publish time is taken just before the publishing request is written.
"""

import argparse
import asyncio
import gc
import os
import re
import resource
import shutil
import socket
import struct
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import parse_qs

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent
SLUG = "ki-stadtratshearing-2024"
STAMP = re.compile(rb'"t":([0-9]+\.[0-9]+)\}')
NCHAN_MODULE = "/usr/lib/nginx/modules/ngx_nchan_module.so"
REDIS_URL = os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/4")


# --- the server side for "ours": hearing.asgi plus a loopback-only publish hook ---------------
def create_app():
    """uvicorn factory: the real application and ``POST /__bench__/publish?t=…``."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "hearing.settings")
    from asgiref.sync import sync_to_async

    from hearing.asgi import application
    from hearing.events.bus import publish
    from hearing.hearings.models import Hearing

    hearing_ids = []

    def store_and_send(t: str) -> None:
        if not hearing_ids:
            hearing_ids.append(Hearing.objects.get(slug=SLUG).pk)
        publish(hearing_ids[0], "bench", {"t": float(t)}, topic=f"bench:{t}")

    async def app(scope, receive, send):
        if scope["type"] == "http" and scope["path"] == "/__bench__/stats":
            from hearing.live.push.hub import Hub

            hub = Hub._instance
            count, seconds = hub.last_broadcast if hub else (0, 0.0)
            body = b"%d %.6f" % (count, seconds)
            length = [(b"content-length", b"%d" % len(body))]
            await send({"type": "http.response.start", "status": 200, "headers": length})
            await send({"type": "http.response.body", "body": body})
            return
        if scope["type"] == "http" and scope["path"] == "/__bench__/publish":
            t = parse_qs(scope["query_string"].decode())["t"][0]
            await sync_to_async(store_and_send, thread_sensitive=False)(t)
            await send({"type": "http.response.start", "status": 204, "headers": []})
            await send({"type": "http.response.body", "body": b""})
            return
        await application(scope, receive, send)

    return app


# --- subscribers ------------------------------------------------------------------------------
class Subscriber(asyncio.Protocol):
    __slots__ = ("request", "ready", "results", "tail", "transport")

    def __init__(self, request: bytes, ready: asyncio.Future, results: dict):
        self.request = request
        self.ready = ready
        self.results = results
        self.tail = b""
        self.transport = None

    def connection_made(self, transport):
        self.transport = transport
        sock = transport.get_extra_info("socket")
        # RST on close: no TIME_WAIT, so repeated runs do not run out of local ports.
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
        transport.write(self.request)

    def data_received(self, data):
        now = time.monotonic()
        buffer = self.tail + data
        if not self.ready.done() and b"\r\n\r\n" in buffer:
            self.ready.set_result(buffer.split(b" ", 2)[1])
        end = 0
        for match in STAMP.finditer(buffer):
            stamp = float(match[1])  # ours sends the float's repr, nchan our "%.6f": same float
            self.results.setdefault(stamp, []).append(now - stamp)
            end = match.end()
        self.tail = buffer[end:][-64:]

    def connection_lost(self, exc):
        if not self.ready.done():
            self.ready.set_exception(ConnectionError("closed before headers"))


async def subscribe(loop, port: int, path: str, results: dict):
    ready = loop.create_future()
    request = (
        f"GET {path} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nAccept: text/event-stream\r\n\r\n"
    ).encode()
    transport, _ = await loop.create_connection(
        lambda: Subscriber(request, ready, results), "127.0.0.1", port
    )
    status = await asyncio.wait_for(ready, 60)
    if status != b"200":
        raise RuntimeError(f"subscribe {path}: HTTP {status.decode()}")
    return transport


async def http_post(port: int, path: str, body: bytes = b"") -> None:
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    writer.write(
        f"POST {path} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nContent-Length: {len(body)}\r\n"
        "Connection: close\r\n\r\n".encode()
        + body
    )
    await writer.drain()
    status = (await reader.readline()).split(b" ")[1]
    writer.close()
    if status not in (b"200", b"201", b"202", b"204"):
        raise RuntimeError(f"publish: HTTP {status.decode()}")


# --- targets ----------------------------------------------------------------------------------
def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_for_port(port: int, process: subprocess.Popen, seconds: float = 30) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"server exited with {process.returncode}")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.2):
                return
        except OSError:
            time.sleep(0.1)
    raise TimeoutError(f"port {port} did not open")


class Ours:
    name = "ours"

    def __init__(self, workdir: Path, processes: int = 1, redis: bool = False):
        self.workdir = workdir
        self.redis = redis
        self.ports = [free_port() for _ in range(processes)]
        self.processes = []

    def env(self):
        env = {k: v for k, v in os.environ.items() if not k.startswith("HEARING_")}
        env.update(
            HEARING_DATA_DIR=str(self.workdir),
            HEARING_DATABASE_URL=f"sqlite:///{self.workdir / 'hearing.sqlite3'}",
            HEARING_STATIC_MANIFEST="0",
            HEARING_LOG_LEVEL="WARNING",
        )
        if self.redis:
            env["HEARING_REDIS_URL"] = REDIS_URL
        return env

    def prepare(self):
        for args in (["migrate", "--noinput", "--skip-checks"], ["load_demo", "--skip-checks"]):
            subprocess.run(
                [BIN / "hearing", *args], env=self.env(), check=True, capture_output=True
            )

    def start(self):
        for port in self.ports:
            process = subprocess.Popen(
                [BIN / "uvicorn", "fanout:create_app", "--factory", "--app-dir", ROOT / "bench"]
                + ["--host", "127.0.0.1", "--port", str(port), "--lifespan", "off"]
                + ["--log-level", "warning", "--no-access-log", "--backlog", "4096"],
                env=self.env(),
                cwd=ROOT,
            )
            self.processes.append(process)
            wait_for_port(port, process)

    def stop(self):
        for process in self.processes:
            process.kill()
            process.wait()
        self.processes = []

    def subscription(self, index: int) -> tuple[int, str]:
        return self.ports[index % len(self.ports)], f"/live/hearings/{SLUG}/events/"

    async def publish(self, stamp: float):
        await http_post(self.ports[0], f"/__bench__/publish?t={stamp:.6f}")

    async def loop_seconds(self) -> float:
        """The longest server-side loop over the connections (one process's share)."""
        worst = 0.0
        for port in self.ports:
            reader, writer = await asyncio.open_connection("127.0.0.1", port)
            writer.write(b"GET /__bench__/stats HTTP/1.0\r\nHost: 127.0.0.1\r\n\r\n")
            body = (await reader.read()).split(b"\r\n\r\n", 1)[1]
            writer.close()
            worst = max(worst, float(body.split()[1]))
        return worst


class Nchan:
    name = "nchan"

    def __init__(self, workdir: Path):
        self.workdir = workdir
        self.ports = [free_port()]
        self.process = None

    def prepare(self):
        for sub in ("logs", "spool"):
            (self.workdir / sub).mkdir(parents=True, exist_ok=True)
        (self.workdir / "nginx.conf").write_text(
            f"""load_module {NCHAN_MODULE};
worker_processes 1;
worker_rlimit_nofile 20000;
pid {self.workdir}/nginx.pid;
error_log {self.workdir}/logs/error.log warn;
events {{ worker_connections 19000; multi_accept on; }}
http {{
  access_log off;
  client_body_temp_path {self.workdir}/spool/body;
  proxy_temp_path {self.workdir}/spool/proxy;
  fastcgi_temp_path {self.workdir}/spool/fastcgi;
  uwsgi_temp_path {self.workdir}/spool/uwsgi;
  scgi_temp_path {self.workdir}/spool/scgi;
  nchan_shared_memory_size 256m;
  server {{
    listen 127.0.0.1:{self.ports[0]} backlog=4096;
    location ~ ^/sub/(\\w+)$ {{ nchan_subscriber eventsource; nchan_channel_id $1; }}
    location ~ ^/pub/(\\w+)$ {{ nchan_publisher; nchan_channel_id $1; nchan_message_buffer_length 20; }}
  }}
}}
"""
        )

    def start(self):
        self.process = subprocess.Popen(
            ["nginx", "-p", str(self.workdir), "-c", str(self.workdir / "nginx.conf")]
            + ["-g", "daemon off; master_process off;"],
        )
        wait_for_port(self.ports[0], self.process)

    def stop(self):
        if self.process is not None:
            self.process.kill()
            self.process.wait()
            self.process = None

    def subscription(self, index: int) -> tuple[int, str]:
        return self.ports[0], "/sub/bench"

    async def publish(self, stamp: float):
        await http_post(self.ports[0], "/pub/bench", b'{"t":%.6f}' % stamp)


# --- measurement ------------------------------------------------------------------------------
def percentile(values: list[float], fraction: float) -> float:
    return values[min(len(values) - 1, int(round(fraction * (len(values) - 1))))]


async def measure(target, size: int, rounds: int, batch: int) -> dict:
    loop = asyncio.get_running_loop()
    results: dict[float, list[float]] = {}
    transports = []
    started = time.monotonic()
    for first in range(0, size, batch):
        jobs = [
            subscribe(loop, *target.subscription(i), results)
            for i in range(first, min(size, first + batch))
        ]
        transports += await asyncio.gather(*jobs)
    connect_seconds = time.monotonic() - started
    await asyncio.sleep(1.0)  # let the servers settle after the connection storm
    gc.collect()
    gc.freeze()
    latencies, missing, loops = [], 0, []
    try:
        for _ in range(rounds):
            stamp = time.monotonic()
            key = float(b"%.6f" % stamp)
            await target.publish(stamp)
            deadline = time.monotonic() + 20
            while len(results.get(key, ())) < size and time.monotonic() < deadline:
                await asyncio.sleep(0.01)
            got = results.get(key, [])
            if hasattr(target, "loop_seconds"):
                loops.append(await target.loop_seconds())
            latencies += got
            missing += size - len(got)
            await asyncio.sleep(0.3)
    finally:
        for transport in transports:
            transport.abort()
        gc.unfreeze()
    await asyncio.sleep(0.5)
    latencies.sort()
    return {
        "target": target.name,
        "size": size,
        "rounds": rounds,
        "connect_s": connect_seconds,
        "p50": percentile(latencies, 0.50) if latencies else float("nan"),
        "p99": percentile(latencies, 0.99) if latencies else float("nan"),
        "max": latencies[-1] if latencies else float("nan"),
        "missing": missing,
        "loop_ms": 1000 * max(loops) if loops else None,
    }


def raise_open_files() -> int:
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    wanted = hard if hard != resource.RLIM_INFINITY else 65536
    resource.setrlimit(resource.RLIMIT_NOFILE, (wanted, hard))
    return wanted


def make_target(name: str, workdir: Path):
    if name == "nchan":
        return Nchan(workdir / "nchan")
    target = Ours(workdir / name, processes=2 if name == "redis" else 1, redis=name == "redis")
    target.name = "ours + Redis, 2 processes" if name == "redis" else "ours"
    return target


def report(row: dict) -> None:
    loop = f", server loop {row['loop_ms']:.1f} ms" if row["loop_ms"] is not None else ""
    print(
        f"run {row['run']}  {row['target']:<28} N={row['size']:>6}  "
        f"p50 {row['p50'] * 1000:7.1f} ms  p99 {row['p99'] * 1000:7.1f} ms  "
        f"max {row['max'] * 1000:7.1f} ms  missing {row['missing']}  "
        f"(connect {row['connect_s']:.1f} s{loop})",
        flush=True,
    )


def summary(rows: list[dict]) -> None:
    """One line per N and target: the median of the runs' p50/p99/max, and every run's p99."""
    print(
        "\n| N | target | p50 ms | p99 ms | max ms | p99 of each run, ms | missing | server loop ms |"
    )
    print("|---:|---|---:|---:|---:|---|---:|---:|")
    groups: dict[tuple[int, str], list[dict]] = {}
    for row in rows:
        groups.setdefault((row["size"], row["target"]), []).append(row)

    def median(runs, key):
        values = sorted(run[key] for run in runs)
        return values[len(values) // 2] * 1000

    for (size, target), runs in sorted(groups.items()):
        each = " / ".join(f"{run['p99'] * 1000:.1f}" for run in runs)
        loops = [run["loop_ms"] for run in runs if run["loop_ms"] is not None]
        loop = f"{min(loops):.0f}–{max(loops):.0f}" if loops else "–"
        missing = sum(run["missing"] for run in runs)
        print(
            f"| {size} | {target} | {median(runs, 'p50'):.1f} | {median(runs, 'p99'):.1f} | "
            f"{median(runs, 'max'):.1f} | {each} | {missing} | {loop} |"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 5000, 10000])
    parser.add_argument("--rounds", type=int, default=10, help="events per N and run")
    parser.add_argument("--runs", type=int, default=3, help="repetitions, targets interleaved")
    parser.add_argument("--batch", type=int, default=500, help="connections opened at once")
    parser.add_argument("--targets", nargs="+", default=["ours", "nchan", "redis"])
    args = parser.parse_args()
    limit = raise_open_files()
    needed = max(args.sizes) + 100
    if limit < needed:
        print(f"open-files limit {limit} < {needed}: sizes above {limit - 100} are skipped")
    sizes = [n for n in args.sizes if n + 100 <= limit]
    workdir = Path(tempfile.mkdtemp(prefix="hearing-fanout-"))
    targets = [make_target(name, workdir) for name in args.targets]
    rows = []
    try:
        # Every server runs for the whole benchmark (an idle one costs nothing) and the targets
        # take turns for every N in every run, so a slow minute of a shared machine hits all.
        for target in targets:
            target.prepare()
            target.start()
        for run in range(1, args.runs + 1):
            for size in sizes:
                for target in targets:
                    row = asyncio.run(measure(target, size, args.rounds, args.batch))
                    row["run"] = run
                    rows.append(row)
                    report(row)
    finally:
        for target in targets:
            target.stop()
        shutil.rmtree(workdir, ignore_errors=True)
    summary(rows)


if __name__ == "__main__":
    main()
