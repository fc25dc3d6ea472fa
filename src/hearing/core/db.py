"""Database helpers: "at most one" as a constraint, and telling its violation from other errors."""

from collections.abc import Iterator
from contextlib import contextmanager

from django.db import IntegrityError, transaction

from hearing.core.errors import UserError


def violates(exc: IntegrityError, constraint: str) -> bool:
    """Whether ``exc`` is the violation of the unique constraint or index named ``constraint``.

    PostgreSQL names the constraint (``diag.constraint_name``). SQLite names the index only for
    expression indexes and otherwise lists the columns, so there any unique violation counts:
    callers wrap only the one statement the constraint guards.
    """
    cause = exc.__cause__
    diag = getattr(cause, "diag", None)
    if diag is not None:
        return getattr(diag, "constraint_name", None) == constraint
    return "UNIQUE constraint failed" in str(exc)


@contextmanager
def at_most_one(constraint: str, error: UserError) -> Iterator[None]:
    """Run the block in a savepoint; if it violates ``constraint``, roll the block back and raise
    ``error`` instead (the same friendly message a check before the insert used to give).

    The check-before-insert stays out: with two server processes on PostgreSQL both checks pass
    and both inserts run; only the database can say "at most one".
    """
    try:
        with transaction.atomic():
            yield
    except IntegrityError as exc:
        if violates(exc, constraint):
            raise error from exc
        raise
