"""The Digitaltag spike: the anonymous hearing page through `hearing stack` beside nginx serving
the same bytes as a static file, in one run, taking turns (issue 12).

Starts, on a fresh PostgreSQL database ``hearing_spike`` and a temporary data directory: the demo,
`hearing stack` (nginx in front, ``--processes`` app processes, worker, streaming server, Redis for
events) and a plain nginx that serves the page's bytes from a file. Then, for each number of
connections, ``--rounds`` times: wrk against the stack, wrk against the static nginx. Prints
req/s, p50/p99 latency and errors of each, and the medians. Then the uncached path: the page
rendered by one app process directly (wrk, one connection) and in-process (queries, ms).

    .venv/bin/python bench/spike.py                       # 200 and 1,000 connections, 3 rounds of 10 s
    .venv/bin/python bench/spike.py --connections 200 --seconds 5 --rounds 1

Needs PostgreSQL (BENCH_DATABASE_URL, default postgres://postgres@127.0.0.1:5432/postgres), Redis
(BENCH_REDIS_URL), nginx with njs and wrk (scripts/install-system-deps.sh). Loopback only; every
step has a time limit, and the run stops everything it started.
"""

import argparse
import os
import re
import resource
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "bench"))
from contention import ADMIN_URL, BIN, SLUG, psql  # noqa: E402 - bench/ is no package
from loopback import free_port, stop, wait_for_port  # noqa: E402

PAGE = f"/hearings/{SLUG}/"
REDIS_URL = os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/6")
DB_NAME = "hearing_spike"

STATIC_CONF = """
{user}worker_processes auto;
worker_rlimit_nofile 65536;
pid {prefix}/static.pid;
error_log {prefix}/static-error.log warn;
events {{ worker_connections 8192; }}
http {{
  access_log off;
  sendfile on;
  tcp_nopush on;
  keepalive_timeout 30s;
  client_body_temp_path {prefix}/tmp;
  proxy_temp_path {prefix}/tmp;
  fastcgi_temp_path {prefix}/tmp;
  uwsgi_temp_path {prefix}/tmp;
  scgi_temp_path {prefix}/tmp;
  server {{
    listen 127.0.0.1:{port} backlog=4096;
    location / {{ root {prefix}/www; default_type text/html; try_files /page.html =404; }}
  }}
}}
"""


def raise_file_limit() -> None:
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    resource.setrlimit(resource.RLIMIT_NOFILE, (min(hard, 65536), hard))


def wrk(url: str, connections: int, seconds: int) -> dict:
    """One wrk run: req/s, p50/p99 in ms, errors (socket errors and non-2xx/3xx answers)."""
    out = subprocess.run(
        ["wrk", f"-t{min(2, connections)}", f"-c{connections}", f"-d{seconds}s", "--latency", "--timeout", "5s", url],
        capture_output=True, text=True, timeout=seconds + 60, preexec_fn=raise_file_limit,
    ).stdout  # fmt: skip

    def latency(label):
        found = re.search(rf"^\s*{label}%\s+([\d.]+)(us|ms|s)\s*$", out, re.M)
        if not found:
            return float("nan")
        value, unit = float(found.group(1)), found.group(2)
        return value * {"us": 0.001, "ms": 1, "s": 1000}[unit]

    errors = 0
    socket_errors = re.search(
        r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", out
    )
    if socket_errors:
        errors += sum(int(n) for n in socket_errors.groups())
    non_2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    if non_2xx:
        errors += int(non_2xx.group(1))
    rate = re.search(r"Requests/sec:\s+([\d.]+)", out)
    return {
        "rps": float(rate.group(1)) if rate else 0.0,
        "p50": latency("50"),
        "p99": latency("99"),
        "errors": errors,
    }


def fetch(url: str, **headers) -> tuple[bytes, dict]:
    request = urllib.request.Request(url, headers=headers)  # noqa: S310 - loopback
    with urllib.request.urlopen(request, timeout=10) as response:  # noqa: S310 - loopback
        return response.read(), dict(response.headers)


def uncached_in_process(env: dict) -> str:
    """The page rendered by Python, no nginx cache: with the app's kept fragments (what every
    request of a person with a session gets) and with a change before every request (the first
    request after each event or edit)."""
    code = f"""
import time
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from hearing.core import pagecache
client = Client(HTTP_HOST="127.0.0.1")
figures = []
for change in (False, True):
    client.get("{PAGE}")
    if change:
        pagecache.bump(pagecache.SITE)
    with CaptureQueriesContext(connection) as queries:
        client.get("{PAGE}")
    count = len(queries.captured_queries)  # the next request empties the connection's list
    started = time.perf_counter()
    for _ in range(100):
        if change:
            pagecache.bump(pagecache.SITE)
        client.get("{PAGE}")
    figures += [count, round((time.perf_counter() - started) * 10, 1)]
print(*figures)
"""
    done = subprocess.run(
        [BIN / "hearing", "shell", "-c", code], env=env, capture_output=True, text=True, check=True
    )
    kept_q, kept_ms, changed_q, changed_ms = done.stdout.split()[-4:]
    return (
        f"fragments kept: {kept_q} queries, {kept_ms} ms a page; after a change each time: "
        f"{changed_q} queries, {changed_ms} ms a page (in-process, 100 pages each)"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--connections", type=int, nargs="+", default=[200, 1000])
    parser.add_argument("--seconds", type=int, default=10)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--processes", type=int, default=os.cpu_count() or 1)
    args = parser.parse_args()
    if not shutil.which("wrk"):
        sys.exit("wrk fehlt: scripts/install-system-deps.sh installiert es.")
    work = Path(tempfile.mkdtemp(prefix="hearing-spike-"))
    database_url = ADMIN_URL.rsplit("/", 1)[0] + f"/{DB_NAME}"
    psql(f"DROP DATABASE IF EXISTS {DB_NAME} WITH (FORCE)")
    psql(f"CREATE DATABASE {DB_NAME}")
    app_port = free_port()  # the app processes take the ports after it
    env = {k: v for k, v in os.environ.items() if not k.startswith("HEARING_")}
    env.update(
        HEARING_DATA_DIR=str(work / "data"),
        HEARING_DATABASE_URL=database_url,
        HEARING_REDIS_URL=REDIS_URL,
        HEARING_STACK_PORT=str(free_port()),
        HEARING_STACK_APP_PORT=str(app_port),
        HEARING_STACK_PROCESSES=str(args.processes),
        HEARING_HLS_PORT=str(free_port()),
        HEARING_RTMP_PORT=str(free_port()),
        HEARING_LOG_LEVEL="WARNING",
    )
    stack = static = None
    try:
        for step in (["migrate", "--noinput"], ["load_demo"]):
            subprocess.run([BIN / "hearing", *step], env=env, check=True, capture_output=True)
        stack = subprocess.Popen(
            [BIN / "hearing", "stack"], env=env, stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL, start_new_session=True, preexec_fn=raise_file_limit,
        )  # fmt: skip
        front = int(env["HEARING_STACK_PORT"])
        wait_for_port(front, 60)
        stack_url = f"http://127.0.0.1:{front}{PAGE}"
        deadline = time.monotonic() + 60
        while True:
            try:
                body, headers = fetch(stack_url)
                if headers.get("X-Cache") in ("MISS", "HIT"):
                    break
            except OSError:
                pass
            if time.monotonic() > deadline:
                raise TimeoutError("the stack did not answer")
            time.sleep(0.5)
        body, headers = fetch(stack_url)
        (work / "www").mkdir()
        (work / "tmp").mkdir()
        (work / "www" / "page.html").write_bytes(body)
        static_port = free_port()
        # As root, nginx hands its workers to "nobody", who cannot read the temporary folder.
        user = "user root;\n" if os.geteuid() == 0 else ""
        (work / "static.conf").write_text(
            STATIC_CONF.format(prefix=work, port=static_port, user=user)
        )
        static = subprocess.Popen(
            ["nginx", "-p", f"{work}/", "-c", str(work / "static.conf"), "-g", "daemon off;"],
            start_new_session=True, preexec_fn=raise_file_limit,
        )  # fmt: skip
        wait_for_port(static_port, 30)
        static_url = f"http://127.0.0.1:{static_port}/"
        print(f"machine: {os.cpu_count()} cores; page {len(body):,} bytes (X-Cache {headers['X-Cache']});"
              f" stack: nginx + {args.processes} app processes; wrk -t2, {args.seconds} s a run")  # fmt: skip
        for connections in args.connections:
            results = {"stack": [], "nginx static": []}
            for round_ in range(args.rounds):
                for name, url in (("stack", stack_url), ("nginx static", static_url)):
                    result = wrk(url, connections, args.seconds)
                    results[name].append(result)
                    print(f"  {connections} conn, round {round_ + 1}, {name}: {result['rps']:,.0f} req/s, "
                          f"p50 {result['p50']:.1f} ms, p99 {result['p99']:.1f} ms, errors {result['errors']}")  # fmt: skip
            line = []
            for name, runs in results.items():
                line.append(
                    f"{name} {statistics.median(r['rps'] for r in runs):,.0f} req/s, "
                    f"p50 {statistics.median(r['p50'] for r in runs):.1f} ms, "
                    f"p99 {statistics.median(r['p99'] for r in runs):.1f} ms, "
                    f"errors {sum(r['errors'] for r in runs)}"
                )
            share = statistics.median(r["rps"] for r in results["stack"]) / max(
                statistics.median(r["rps"] for r in results["nginx static"]), 1
            )
            print(f"{connections} connections (median of {args.rounds}): " + " | ".join(line)
                  + f" | stack/static {share:.0%}")  # fmt: skip
        direct = wrk(f"http://127.0.0.1:{app_port + 1}{PAGE}", 1, args.seconds)
        print(f"uncached, one app process, 1 connection: {direct['rps']:.0f} req/s, "
              f"p50 {direct['p50']:.1f} ms; {uncached_in_process(env)}")  # fmt: skip
    finally:
        stop(static, signal.SIGQUIT)
        stop(stack)
        psql(f"DROP DATABASE IF EXISTS {DB_NAME} WITH (FORCE)")
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
