"""The one error type for what a person did wrong or what the current state does not allow.

Every app's domain errors derive from :class:`UserError` (``LiveError``, ``RegistrationError``,
``CheckInError``, …). Views never catch them one by one: :func:`hearing.core.actions.perform`
turns any of them into the page's message or a JSON error. Programming errors are never a
``UserError``: they stay exceptions and become a 500 that is logged.
"""


class UserError(Exception):
    """An action was refused for a reason the person can understand; ``str(exc)`` says it.

    ``status`` is the HTTP status a JSON answer carries: 400 for bad input (the default), 409 for a
    state that does not allow the action, 429 for a rate limit (then ``retry_after`` in seconds).
    ``field`` names the form field the message belongs to, where there is one.
    """

    status = 400

    def __init__(
        self, message: str, *, status: int | None = None, retry_after: int | None = None,
        field: str = "",
    ) -> None:  # fmt: skip
        super().__init__(message)
        if status is not None:
            self.status = status
        self.retry_after = retry_after
        self.field = field

    @property
    def message(self) -> str:
        return str(self.args[0]) if self.args else ""


class StateError(UserError):
    """The action does not fit the current state (an item already running, a closed list)."""

    status = 409


class InputError(UserError):
    """The input is unusable: too long, empty, malformed. The message names the field and the limit."""

    status = 400


class RateLimited(UserError):
    """A public limit bites; the message says which limit and when to try again."""

    status = 429
