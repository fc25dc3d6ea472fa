"""Running an asyncio scenario from a synchronous test."""

import asyncio
import threading


def run_scenario(scenario, timeout: float = 10) -> None:
    """Run ``scenario()`` in a new event loop in a thread of its own and re-raise what it raised.

    A thread of its own because a session's Playwright keeps an event loop running in the test's.
    """
    errors = []

    def run():
        try:
            asyncio.run(scenario())
        except BaseException as exc:  # reported in the test's thread
            errors.append(exc)

    thread = threading.Thread(target=run)
    thread.start()
    thread.join(timeout)
    assert not thread.is_alive(), f"the scenario did not finish within {timeout} s"
    if errors:
        raise errors[0]
