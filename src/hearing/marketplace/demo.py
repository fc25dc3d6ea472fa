"""Demo step (filled in by its issue)."""


def load(context: dict) -> None:
    return None
