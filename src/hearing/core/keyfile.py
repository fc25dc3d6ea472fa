"""A secret written once into a file that several processes may create at the same moment."""

import os
import secrets
from collections.abc import Callable
from pathlib import Path


def read_or_create(path: Path, make: Callable[[], str]) -> str:
    """The text of ``path``; if there is none, ``make()`` written there first (mode 0600).

    The new text is written whole into a file of this process's own and then linked into place:
    a process starting at the same moment finds either no file (and links its own, which fails
    if this one came first) or the whole text, never an empty file being written (a CI run saw
    that with three `hearing serve` started at once). A link never replaces another's file.
    Returns the text stripped; may be empty if someone emptied the file (the caller says what
    to do then).
    """
    if not path.exists():
        own = path.with_name(f".{path.name}.{os.getpid()}.{secrets.token_hex(4)}")
        fd = os.open(own, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w") as handle:
            handle.write(make())
        try:
            os.link(own, path)
        except FileExistsError:
            pass
        finally:
            own.unlink()
    return path.read_text().strip()
