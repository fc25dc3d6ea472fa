"""Ports on the loopback interface for the benchmarks' own servers (nothing else is reached)."""

import os
import signal
import socket
import subprocess
import time


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_for_port(port: int, timeout: float = 60) -> None:
    """Wait until something listens on 127.0.0.1:``port``; TimeoutError after ``timeout`` s."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        with socket.socket() as sock:
            if sock.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.1)
    raise TimeoutError(f"port {port} not open")


def stop(
    process: subprocess.Popen | None, signum: int = signal.SIGINT, timeout: float = 60
) -> None:
    """Stop a process started with ``start_new_session`` and all of its own (its process group):
    ``signum`` first, SIGKILL if it is not gone after ``timeout`` seconds."""
    if process is None or process.poll() is not None:
        return
    os.killpg(process.pid, signum)
    try:
        process.wait(timeout=timeout)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait()


def embedded_stream_env(data, web: int, rtmp: int, hls: int, **extra: str) -> dict:
    """The environment of `hearing serve` on ``web`` beside `hearing stream` (RTMP ``rtmp``, HLS
    ``hls``) in the data directory ``data``: the embedded set-up, no HEARING_* from outside."""
    import os

    return {
        **{k: v for k, v in os.environ.items() if not k.startswith("HEARING_")},
        "HEARING_DATA_DIR": str(data),
        "HEARING_RTMP_PORT": str(rtmp),
        "HEARING_HLS_PORT": str(hls),
        "HEARING_STREAM_CALLBACK_URL": f"http://127.0.0.1:{web}",
        **extra,
    }
