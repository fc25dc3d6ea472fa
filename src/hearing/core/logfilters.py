"""Secrets kept out of log files.

Two places would otherwise write a secret into a log that operators read and keep:

- the app server's access log (uvicorn; off unless ``hearing serve --access-log``), where the
  streaming server's callbacks arrive with the shared callback secret in the query string
  (``?secret=…``, hearing.media.domain.nginx) and people open their personal links
  (``/link/<secret>/``);
- the streaming server's error log, where nginx-rtmp names the stream it relays an accepted
  publish from: the encoder's stream name is the hearing's secret stream key
  (``notify: push '<key>' to '<url>'``).

``redact`` replaces such values with ``REDACTED``; ``RedactSecrets`` applies it to log records;
``access_log_config`` is uvicorn's logging set-up with the filter on its access log.
"""

import copy
import logging
import re

REDACTED = "[entfernt]"

# The streaming server's access log (address, browser, playlist; media.domain.nginx) serves the
# viewer count of the last 30 s and nothing else: every ACCESS_LOG_SECONDS `hearing stream` starts
# a new file and deletes the one before the last, so no line is older than twice this (seconds;
# the privacy notice says so). The platform keeps no other access log unless an operator turns
# on the app server's (`hearing serve --access-log`).
ACCESS_LOG_SECONDS = 300

# A query parameter whose value is a credential, up to the next separator.
_SECRET_PARAMETER = re.compile(r"(?i)\b((?:secret|token|key|password)=)[^&\s\"']+")
# A personal link's secret in a path: the participant's link and confirmation
# (participants.urls), the speaker's authorisation (documentation.urls), the exhibitor's page
# (marketplace.urls).
_PERSONAL_PATH = re.compile(r"(/(?:link|confirm|authorise|exhibitor)/)[^/?\s\"']+")
# nginx-rtmp's relay of a publish (ngx_rtmp_notify_module): the first name is the publisher's
# stream name, which is the secret stream key; the target carries only the public name.
_PUSHED_STREAM = re.compile(r"(push ')[^']*(')")


def redact(text: str) -> str:
    """``text`` with credentials in query strings, personal links' secrets in paths and pushed
    stream names replaced."""
    text = _SECRET_PARAMETER.sub(rf"\g<1>{REDACTED}", text)
    text = _PERSONAL_PATH.sub(rf"\g<1>{REDACTED}", text)
    return _PUSHED_STREAM.sub(rf"\g<1>{REDACTED}\g<2>", text)


class RedactSecrets(logging.Filter):
    """A logging filter that redacts the message's arguments (uvicorn passes the request line as
    one) and, where there are none, the message itself. Never drops a record."""

    def filter(self, record: logging.LogRecord) -> bool:
        if isinstance(record.args, tuple) and record.args:
            record.args = tuple(redact(a) if isinstance(a, str) else a for a in record.args)
        elif isinstance(record.msg, str):
            record.msg = redact(record.msg)
        return True


def access_log_config() -> dict:
    """uvicorn's default logging configuration (uvicorn.config.LOGGING_CONFIG, copied) with
    ``RedactSecrets`` on the access log's handler. A dict, so it reaches uvicorn's worker
    processes as well."""
    from uvicorn.config import LOGGING_CONFIG

    config = copy.deepcopy(LOGGING_CONFIG)
    config.setdefault("filters", {})["redact_secrets"] = {
        "()": "hearing.core.logfilters.RedactSecrets"
    }
    config["handlers"]["access"].setdefault("filters", []).append("redact_secrets")
    return config
