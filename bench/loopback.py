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
