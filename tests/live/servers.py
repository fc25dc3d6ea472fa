"""Real uvicorn processes serving ``hearing.asgi:application`` on a SQLite file with the demo."""

import os
import shutil
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def server_env(data_dir: Path, redis_url: str = "") -> dict:
    env = {k: v for k, v in os.environ.items() if not k.startswith("HEARING_")}
    env.update(
        HEARING_DATA_DIR=str(data_dir),
        HEARING_DATABASE_URL=f"sqlite:///{data_dir / 'hearing.sqlite3'}",
        HEARING_STATIC_MANIFEST="0",
        HEARING_LOG_LEVEL="WARNING",
    )
    if redis_url:
        env["HEARING_REDIS_URL"] = redis_url
    return env


def prepare_demo_db(data_dir: Path, static: bool = False) -> None:
    """Migrate and load the demo; with ``static`` also collect the static files (for browsers)."""
    env = server_env(data_dir)
    steps = [["migrate", "--noinput", "--skip-checks"], ["load_demo", "--skip-checks"]]
    if static:
        steps.append(["collectstatic", "--noinput", "--skip-checks"])
    for args in steps:
        subprocess.run([BIN / "hearing", *args], env=env, check=True, capture_output=True)


def copy_data_dir(template: Path, target: Path) -> Path:
    shutil.copytree(template, target)
    return target


class Server:
    def __init__(self, data_dir: Path, redis_url: str = "", port: int | None = None):
        self.data_dir = data_dir
        self.redis_url = redis_url
        self.port = port or free_port()
        self.process = None

    def start(self) -> "Server":
        self.process = subprocess.Popen(
            [BIN / "uvicorn", "hearing.asgi:application", "--host", "127.0.0.1"]
            + ["--port", str(self.port), "--lifespan", "off", "--log-level", "warning"],
            env=server_env(self.data_dir, self.redis_url),
            cwd=ROOT,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
        )
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(self.process.stderr.read().decode())
            try:
                with socket.create_connection(("127.0.0.1", self.port), timeout=0.2):
                    return self
            except OSError:
                time.sleep(0.05)
        raise TimeoutError("uvicorn did not start")

    def terminate(self, timeout: float) -> int:
        """Ask the process to stop (SIGTERM, as systemd or Ctrl-C would) and wait for it."""
        self.process.send_signal(signal.SIGTERM)
        code = self.process.wait(timeout=timeout)
        self.process.stderr.close()
        self.process = None
        return code

    def stop(self) -> str:
        """Kill the process (as a crash or a hard restart would) and return its stderr."""
        if self.process is None:
            return ""
        self.process.send_signal(signal.SIGKILL)
        self.process.wait()
        errors = self.process.stderr.read().decode()
        self.process.stderr.close()
        self.process = None
        return errors
