"""The one settings module.

Everything an operator may change is read from ``HEARING_*`` environment variables; the README
lists them with their defaults. The embedded default needs nothing but a writable data directory:
SQLite, in-process push, in-process jobs. Unknown or contradictory settings stop the start with a
clear message instead of running half-configured.
"""

import ipaddress
import os
import secrets
import sys
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

from hearing.core.keyfile import read_or_create
from hearing.media import renditions

BASE_DIR = Path(__file__).resolve().parent

KNOWN_VARIABLES = {
    "HEARING_DATA_DIR",
    "HEARING_DATABASE_URL",
    "HEARING_TEST_DATABASE_URL",
    "HEARING_ALLOWED_HOSTS",
    "HEARING_CSRF_TRUSTED_ORIGINS",
    "HEARING_SECRET_KEY",
    "HEARING_DEBUG",
    "HEARING_LANGUAGE",
    "HEARING_TIME_ZONE",
    "HEARING_HTTPS",
    "HEARING_TRUSTED_PROXIES",
    "HEARING_STATIC_MANIFEST",
    "HEARING_EMAIL_URL",
    "HEARING_EMAIL_FROM",
    "HEARING_SITE_URL",
    "HEARING_CITY_NAME",
    "HEARING_CITY_LOGO",
    "HEARING_REDIS_URL",
    "HEARING_TEST_REDIS_URL",
    "HEARING_DATABASE_POOL_SIZE",
    "HEARING_DATABASE_POOL_TIMEOUT",
    "HEARING_PUBLIC_ADDRESS_LIMIT",
    "HEARING_LOG_LEVEL",
    "HEARING_RETENTION_DAYS",
    # media: live stream, recordings, video conference
    "HEARING_RTMP_PORT",
    "HEARING_RECORDING_MAX_MB",
    "HEARING_HLS_PORT",
    "HEARING_STREAM_INGEST_URL",
    "HEARING_STREAM_HLS_URL",
    "HEARING_STREAM_CALLBACK_URL",
    "HEARING_STREAM_RENDITIONS",
    "HEARING_STREAM_REWIND_MINUTES",
    "HEARING_CAPTIONS_INTERIM_MS",
    "HEARING_CAPTIONS_EARLY_MS",
    "HEARING_CONFERENCE",
    "HEARING_JITSI_URL",
    "HEARING_JITSI_APP_ID",
    "HEARING_JITSI_SECRET",
    "HEARING_BBB_URL",
    "HEARING_BBB_SECRET",
    # documentation: transcription, background jobs, summaries
    "HEARING_WHISPER_MODEL",
    "HEARING_WHISPER_THREADS",
    "HEARING_WHISPER_COMPUTE_TYPE",
    "HEARING_WHISPER_BEAM_SIZE",
    "HEARING_WHISPER_BATCH_SIZE",
    "HEARING_WHISPER_HOTWORDS",
    "HEARING_JOB_WORKER",
    "HEARING_SUMMARY_URL",
    "HEARING_SUMMARY_MODEL",
    # the production stack (`hearing stack`, docs/operations.md)
    "HEARING_STACK_HOST",
    "HEARING_STACK_PORT",
    "HEARING_STACK_PROCESSES",
    "HEARING_STACK_APP_PORT",
    "HEARING_STACK_WORKERS",
    "HEARING_STACK_UPSTREAMS",
}


def _check_known_variables() -> None:
    unknown = sorted(k for k in os.environ if k.startswith("HEARING_") and k not in KNOWN_VARIABLES)
    if unknown:
        raise ImproperlyConfigured(
            f"Unbekannte Einstellung(en) / unknown setting(s): {', '.join(unknown)}. "
            "Die README listet alle HEARING_*-Variablen."
        )


def env_bool(name: str, default: bool) -> bool:
    raw = os.environ.get(name)
    if raw is None or raw == "":
        return default
    value = raw.strip().lower()
    if value in {"1", "true", "yes", "on", "ja"}:
        return True
    if value in {"0", "false", "no", "off", "nein"}:
        return False
    raise ImproperlyConfigured(f"{name}={raw!r}: erwartet 1/0, true/false, yes/no, on/off.")


def env_int(name: str, default: int, low: int, high: int) -> int:
    raw = os.environ.get(name, "")
    if raw == "":
        return default
    try:
        value = int(raw)
    except ValueError:
        raise ImproperlyConfigured(f"{name}={raw!r}: erwartet eine ganze Zahl.") from None
    if not low <= value <= high:
        raise ImproperlyConfigured(f"{name}={raw!r}: erlaubt sind {low} bis {high}.")
    return value


def env_list(name: str, default: list[str]) -> list[str]:
    raw = os.environ.get(name)
    if not raw:
        return default
    return [part.strip() for part in raw.split(",") if part.strip()]


_check_known_variables()

# --- Data directory -------------------------------------------------------------------------
DATA_DIR = Path(os.environ.get("HEARING_DATA_DIR") or Path.cwd() / "data").resolve()
try:
    DATA_DIR.mkdir(parents=True, exist_ok=True)
except OSError as exc:  # pragma: no cover - depends on the machine
    raise ImproperlyConfigured(
        f"HEARING_DATA_DIR={DATA_DIR} ist nicht beschreibbar: {exc}"
    ) from exc
MEDIA_ROOT = DATA_DIR / "media"
STATIC_ROOT = DATA_DIR / "static"
STATIC_ROOT.mkdir(exist_ok=True)


def _secret_key() -> str:
    """Use HEARING_SECRET_KEY, else a key generated once into the data directory."""
    configured = os.environ.get("HEARING_SECRET_KEY")
    if configured:
        if len(configured) < 32:
            raise ImproperlyConfigured("HEARING_SECRET_KEY muss mindestens 32 Zeichen lang sein.")
        return configured
    path = DATA_DIR / "secret_key"
    key = read_or_create(path, lambda: secrets.token_urlsafe(64))
    if not key:
        raise ImproperlyConfigured(f"{path} ist leer: Datei löschen, sie wird neu erzeugt.")
    return key


SECRET_KEY = _secret_key()


# Reverse proxies (addresses or networks) whose X-Forwarded-For names the visitor (rate limits).
def _networks(name: str) -> list:
    networks = []
    for part in env_list(name, []):
        try:
            networks.append(ipaddress.ip_network(part, strict=False))
        except ValueError:
            raise ImproperlyConfigured(
                f"{name}: {part!r} ist keine IP-Adresse und kein Netz (z. B. 10.0.0.0/8)."
            ) from None
    return networks


TRUSTED_PROXIES = _networks("HEARING_TRUSTED_PROXIES")

# --- Debug: only the development server may run with it ------------------------------------
RUNNING_DEVSERVER = len(sys.argv) > 1 and sys.argv[1] == "runserver"
_debug_requested = os.environ.get("HEARING_DEBUG")
if (
    _debug_requested not in (None, "")
    and env_bool("HEARING_DEBUG", False)
    and not RUNNING_DEVSERVER
):
    raise ImproperlyConfigured(
        "HEARING_DEBUG=1 ist nur mit dem Entwicklungsserver (hearing runserver) erlaubt."
    )
DEBUG = RUNNING_DEVSERVER and env_bool("HEARING_DEBUG", True)

ALLOWED_HOSTS = env_list("HEARING_ALLOWED_HOSTS", ["127.0.0.1", "localhost", "[::1]"])
CSRF_TRUSTED_ORIGINS = env_list("HEARING_CSRF_TRUSTED_ORIGINS", [])
SITE_URL = os.environ.get("HEARING_SITE_URL", "http://127.0.0.1:8000").rstrip("/")
# Without HEARING_SITE_URL the wall shows the address it was opened with (the demo on a laptop in
# the hall: its network address, not 127.0.0.1, which no phone in the room can reach).
SITE_URL_SET = bool(os.environ.get("HEARING_SITE_URL"))
# Shown on the wall (the big screen in the hall): who holds the hearing, and its logo (a PNG or
# SVG file; none by default). Empty name: the hearing's body (council.Body) is shown instead.
CITY_NAME = os.environ.get("HEARING_CITY_NAME", "")
CITY_LOGO = os.environ.get("HEARING_CITY_LOGO", "")
if CITY_LOGO and (
    Path(CITY_LOGO).suffix.lower() not in (".svg", ".png") or not Path(CITY_LOGO).is_file()
):
    raise ImproperlyConfigured(
        f"HEARING_CITY_LOGO={CITY_LOGO!r}: erwartet eine vorhandene .svg- oder .png-Datei."
    )

# --- Applications ---------------------------------------------------------------------------
INSTALLED_APPS = [
    "hearing.core",
    "hearing.events",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "hearing.council",
    "hearing.hearings",
    "hearing.participants",
    "hearing.register",
    "hearing.marketplace",
    "hearing.oparl",
    "hearing.live",
    "hearing.media",
    "hearing.documentation",
    "hearing.legal",
    "hearing.captions",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "hearing.core.middleware.SecurityHeadersMiddleware",
    "hearing.core.middleware.StaticFilesMiddleware",  # WhiteNoise, streamed under ASGI
    # Outside the session, CSRF and message middleware: sees every cookie they set.
    "hearing.core.pagecache.PageCacheMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "hearing.core.middleware.CleanInputMiddleware",  # NUL, surrogates, controls: never reach a view
    "hearing.core.middleware.LanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "hearing.core.middleware.UserErrorMiddleware",  # a refused action is a message, never a 500
]

ROOT_URLCONF = "hearing.urls"
WSGI_APPLICATION = "hearing.wsgi.application"
ASGI_APPLICATION = "hearing.asgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
            ],
        },
    },
]

# --- Database -------------------------------------------------------------------------------
_database_url = (
    os.environ.get("HEARING_DATABASE_URL") or f"sqlite:///{DATA_DIR / 'hearing.sqlite3'}"
)
try:
    _database = dj_database_url.parse(_database_url, conn_max_age=0)
except ValueError as exc:
    raise ImproperlyConfigured(f"HEARING_DATABASE_URL ist ungültig: {exc}") from exc
if _database["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets readers go on while one writer writes; IMMEDIATE takes the write lock at BEGIN so
    # concurrent writers queue instead of failing with "database is locked" half-way.
    _database.setdefault("OPTIONS", {}).update(
        {
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
            "transaction_mode": "IMMEDIATE",
            "timeout": 20,
        }
    )
elif _database["ENGINE"] == "django.db.backends.postgresql":
    # psycopg's pool, one per server process: a burst of requests waits for a free connection
    # (up to the timeout) instead of each opening its own and meeting PostgreSQL's
    # max_connections (100 by default) with "too many clients" (docs/operations.md).
    _database.setdefault("OPTIONS", {})["pool"] = {
        "min_size": 1,
        "max_size": env_int("HEARING_DATABASE_POOL_SIZE", 10, 1, 500),
        "timeout": env_int("HEARING_DATABASE_POOL_TIMEOUT", 30, 1, 600),
    }
else:
    raise ImproperlyConfigured(
        "HEARING_DATABASE_URL: unterstützt werden sqlite:/// und postgres:// "
        f"(nicht {_database['ENGINE']})."
    )
DATABASES = {"default": _database}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Public writes per address and window, as a ceiling above the per-session limits (core.ratelimit).
PUBLIC_ADDRESS_LIMIT = env_int("HEARING_PUBLIC_ADDRESS_LIMIT", 300, 1, 1_000_000)

# --- Cache and push ---------------------------------------------------------------------------
REDIS_URL = os.environ.get("HEARING_REDIS_URL", "")
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
if REDIS_URL:
    CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}
    }

# --- Authentication ---------------------------------------------------------------------------
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "backoffice:index"
LOGOUT_REDIRECT_URL = "public:index"

# --- Language and time ----------------------------------------------------------------------
LANGUAGES = [("de", _("Deutsch")), ("en", _("Englisch"))]
LANGUAGE_CODE = os.environ.get("HEARING_LANGUAGE", "de")
if LANGUAGE_CODE not in dict(LANGUAGES):
    raise ImproperlyConfigured(f"HEARING_LANGUAGE={LANGUAGE_CODE!r}: erlaubt sind de und en.")
# Each app keeps its own catalogue in <app>/locale (German source texts, English translations).
TIME_ZONE = os.environ.get("HEARING_TIME_ZONE", "Europe/Berlin")
USE_I18N = True
USE_TZ = True
# "7. Juni 2024" / "7 June 2024": DATE_FORMAT and DATETIME_FORMAT per language (hearing/formats/).
FORMAT_MODULE_PATH = ["hearing.formats"]

# --- Static and uploaded files --------------------------------------------------------------
STATIC_URL = "/static/"
MEDIA_URL = "/media/"
_manifest = env_bool("HEARING_STATIC_MANIFEST", True)
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if _manifest
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}
FILE_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024

# --- E-mail ---------------------------------------------------------------------------------
_email_url = os.environ.get("HEARING_EMAIL_URL", "")
DEFAULT_FROM_EMAIL = os.environ.get("HEARING_EMAIL_FROM", "hearing@localhost")
if not _email_url:
    EMAIL_BACKEND = "django.core.mail.backends.filebased.EmailBackend"
    EMAIL_FILE_PATH = DATA_DIR / "mail"
elif _email_url == "console:":
    EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
elif _email_url.startswith(("smtp://", "smtps://", "submission://")):
    from urllib.parse import unquote, urlsplit

    _parts = urlsplit(_email_url)
    EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    EMAIL_HOST = _parts.hostname or "localhost"
    EMAIL_PORT = _parts.port or {"smtp": 25, "smtps": 465, "submission": 587}[_parts.scheme]
    EMAIL_HOST_USER = unquote(_parts.username or "")
    EMAIL_HOST_PASSWORD = unquote(_parts.password or "")
    EMAIL_USE_SSL = _parts.scheme == "smtps"
    EMAIL_USE_TLS = _parts.scheme == "submission"
else:
    raise ImproperlyConfigured(
        "HEARING_EMAIL_URL: erwartet smtp://, smtps://, submission:// oder console: "
        "(leer: Dateien im Datenverzeichnis)."
    )


# --- Live stream (nginx-rtmp), recordings, video conference (the media app) ------------------
def env_port(name: str, default: int) -> int:
    raw = os.environ.get(name) or str(default)
    if not (raw.isascii() and raw.isdigit()) or not 0 < int(raw) < 65536:
        raise ImproperlyConfigured(f"{name}={raw!r}: erwartet eine Portnummer (1–65535).")
    return int(raw)


RTMP_PORT = env_port("HEARING_RTMP_PORT", 1935)
HLS_PORT = env_port("HEARING_HLS_PORT", 8080)
if RTMP_PORT == HLS_PORT:
    raise ImproperlyConfigured("HEARING_RTMP_PORT und HEARING_HLS_PORT müssen verschieden sein.")
# Where encoders publish (shown to organisers), where browsers fetch HLS, where nginx calls back.
STREAM_INGEST_URL = os.environ.get(
    "HEARING_STREAM_INGEST_URL", f"rtmp://127.0.0.1:{RTMP_PORT}/live"
).rstrip("/")
STREAM_HLS_URL = os.environ.get(
    "HEARING_STREAM_HLS_URL", f"http://127.0.0.1:{HLS_PORT}/hls"
).rstrip("/")
STREAM_CALLBACK_URL = os.environ.get("HEARING_STREAM_CALLBACK_URL", "http://127.0.0.1:8000").rstrip(
    "/"
)
# The players' choices (hearing.media.renditions): the encoder's picture first, then smaller ones.
try:
    STREAM_RENDITIONS = renditions.parse(env_list("HEARING_STREAM_RENDITIONS", renditions.DEFAULT))
except ValueError as exc:
    raise ImproperlyConfigured(f"HEARING_STREAM_RENDITIONS: {exc}") from None
# How far back viewers can rewind the live stream: the whole hearing (09:30-13:30) with an hour's
# margin. nginx keeps this much in the playlists and fragments (docs/performance.md: sizes).
STREAM_REWIND_MINUTES = env_int("HEARING_STREAM_REWIND_MINUTES", 300, 1, 24 * 60)
# Live captions' interim text: a new guess at the sentence being spoken after this much more sound
# (milliseconds; 0: final lines only). bench/captions.py measured what it costs and gains
# (docs/performance.md, "Live-Untertitel"); the worker leaves it out while it is short of time.
CAPTIONS_INTERIM_MS = env_int("HEARING_CAPTIONS_INTERIM_MS", 2000, 0, 10_000)
# Live captions: milliseconds of silence after which a piece of speech is recognised ahead of its
# end (the end is a 500-ms pause), so its line goes out sooner (0: off). bench/captions.py, four
# runs each taking turns: final lines p50 1.38-1.56 s with 200 against 1.64-1.77 s without, same
# WER and CPU (docs/performance.md, "Recognising ahead").
CAPTIONS_EARLY_MS = env_int("HEARING_CAPTIONS_EARLY_MS", 200, 0, 450)
# Uploaded recordings (a whole hearing in HD is a few GB); bigger files are refused with a message.
RECORDING_MAX_BYTES = env_int("HEARING_RECORDING_MAX_MB", 8192, 1, 1024 * 1024) * 2**20
CONFERENCE = os.environ.get("HEARING_CONFERENCE", "")
JITSI_URL = os.environ.get("HEARING_JITSI_URL", "").rstrip("/")
JITSI_APP_ID = os.environ.get("HEARING_JITSI_APP_ID", "")
JITSI_SECRET = os.environ.get("HEARING_JITSI_SECRET", "")
BBB_URL = os.environ.get("HEARING_BBB_URL", "").rstrip("/")
BBB_SECRET = os.environ.get("HEARING_BBB_SECRET", "")
if CONFERENCE not in ("", "jitsi", "bbb"):
    raise ImproperlyConfigured(
        f"HEARING_CONFERENCE={CONFERENCE!r}: erlaubt sind jitsi, bbb oder leer."
    )
if CONFERENCE == "jitsi" and not JITSI_URL:
    raise ImproperlyConfigured("HEARING_CONFERENCE=jitsi braucht HEARING_JITSI_URL.")
if CONFERENCE == "bbb" and not (BBB_URL and BBB_SECRET):
    raise ImproperlyConfigured(
        "HEARING_CONFERENCE=bbb braucht HEARING_BBB_URL und HEARING_BBB_SECRET."
    )
if bool(JITSI_APP_ID) != bool(JITSI_SECRET):
    raise ImproperlyConfigured("HEARING_JITSI_APP_ID und HEARING_JITSI_SECRET nur zusammen setzen.")
# The HLS server is another origin: the player fetches playlists and segments from it.
_stream_origin = "/".join(STREAM_HLS_URL.split("/")[:3])

# --- The production stack (`hearing stack`: nginx in front, app processes, worker, stream) -----
STACK_HOST = os.environ.get("HEARING_STACK_HOST") or "127.0.0.1"
STACK_PORT = env_port("HEARING_STACK_PORT", 8080)
# One app process per core: each is one Python interpreter, busy on one core at a time.
STACK_PROCESSES = env_int("HEARING_STACK_PROCESSES", os.cpu_count() or 1, 1, 64)
# The app processes listen on the ports after this one (8101, 8102, …).
STACK_APP_PORT = env_port("HEARING_STACK_APP_PORT", 8100)
STACK_WORKERS = env_int("HEARING_STACK_WORKERS", 1, 0, 16)
STACK_UPSTREAMS = env_list("HEARING_STACK_UPSTREAMS", [])
for _upstream in STACK_UPSTREAMS:
    _host, _, _port = _upstream.rpartition(":")
    if not _host or not (_port.isascii() and _port.isdigit() and 0 < int(_port) < 65536):
        raise ImproperlyConfigured(
            f"HEARING_STACK_UPSTREAMS: {_upstream!r} ist nicht host:port (z. B. 10.0.0.2:8101)."
        )
if STACK_APP_PORT < STACK_PORT <= STACK_APP_PORT + STACK_PROCESSES:
    raise ImproperlyConfigured(
        f"HEARING_STACK_PORT={STACK_PORT} liegt zwischen den Ports der App-Prozesse "
        f"({STACK_APP_PORT + 1}–{STACK_APP_PORT + STACK_PROCESSES})."
    )

# --- Security -------------------------------------------------------------------------------
HTTPS = env_bool("HEARING_HTTPS", False)
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_SECURE = HTTPS
CSRF_COOKIE_SECURE = HTTPS
SECURE_SSL_REDIRECT = HTTPS
SECURE_HSTS_SECONDS = 31536000 if HTTPS else 0
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if HTTPS else None
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
CONTENT_SECURITY_POLICY = (
    "default-src 'self'; img-src 'self' data:; "
    f"media-src 'self' blob: https: {_stream_origin}; "
    f"connect-src 'self' {_stream_origin}; script-src 'self'; style-src 'self'; object-src 'none'; "
    "frame-ancestors 'none'; base-uri 'self'; form-action 'self'"
)


# --- Transcription and background jobs (documentation app) --------------------------------
# Empty: Whisper base, assembled from its PyPI parts into <DATA_DIR>/models (no download).
WHISPER_MODEL = os.environ.get("HEARING_WHISPER_MODEL", "")
WHISPER_THREADS = env_int("HEARING_WHISPER_THREADS", min(os.cpu_count() or 1, 4), 1, 64)
WHISPER_COMPUTE_TYPE = os.environ.get("HEARING_WHISPER_COMPUTE_TYPE", "int8")
if WHISPER_COMPUTE_TYPE not in {"int8", "int8_float32", "float32", "int16"}:
    raise ImproperlyConfigured(
        f"HEARING_WHISPER_COMPUTE_TYPE={WHISPER_COMPUTE_TYPE!r}: erlaubt sind int8, "
        "int8_float32, int16 und float32 (CPU)."
    )
# Greedy decoding (1): 0.11 x real time on 2 cores at the same word error rate as beam 5
# (docs/performance.md); beam 5 is slower by about 40 %.
# Chosen on 278 words of real read speech, 2 cores (bench/asr.py, docs/performance.md): beam 1,
# one speech piece after the other, 10.1 % WER at 0.087 x real time and 432 MiB; beam 5 9.7 % at
# 0.131; beam 5 batched (8 pieces at once) 9.7 % at 0.114 and 707 MiB, but its segments are
# whole VAD chunks of up to 30 s, across speakers and agenda items. One word of 278 apart is
# within noise. HEARING_WHISPER_BATCH_SIZE > 1 turns the batched pipeline on.
WHISPER_BEAM_SIZE = env_int("HEARING_WHISPER_BEAM_SIZE", 1, 1, 10)
WHISPER_BATCH_SIZE = env_int("HEARING_WHISPER_BATCH_SIZE", 1, 1, 32)
# The hearing's names and terms as a hint to the model (documentation.domain.vocabulary). Off: on
# speech that does not say them it made recognition worse (12.6 % against 10.1 % WER) and turned
# short clips into the list itself (bench/asr.py, docs/performance.md).
WHISPER_HOTWORDS = env_bool("HEARING_WHISPER_HOTWORDS", False)
# The web server runs a job worker thread unless HEARING_JOB_WORKER=0 (then: hearing worker).
JOB_WORKER = env_bool("HEARING_JOB_WORKER", True)
# Optional OpenAI-compatible endpoint for abstractive summaries (labelled as machine-generated).
SUMMARY_URL = os.environ.get("HEARING_SUMMARY_URL", "").rstrip("/")
SUMMARY_MODEL = os.environ.get("HEARING_SUMMARY_MODEL", "")

# --- Logging --------------------------------------------------------------------------------
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    # An error's log names the path, which may be a personal link with its secret in it.
    "filters": {"redact_secrets": {"()": "hearing.core.logfilters.RedactSecrets"}},
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "formatter": "plain",
            "filters": ["redact_secrets"],
        }
    },
    "root": {"handlers": ["console"], "level": os.environ.get("HEARING_LOG_LEVEL", "INFO")},
    "loggers": {"django.request": {"level": "ERROR"}},
}
CSRF_FAILURE_VIEW = "hearing.core.views.csrf_failure"

# --- Participants: retention of personal data ------------------------------------------------
# `hearing anonymise_participants` blanks names, e-mail addresses and the like this many days
# after a hearing; counts stay.
try:
    HEARING_RETENTION_DAYS = int(os.environ.get("HEARING_RETENTION_DAYS") or 90)
except ValueError:
    raise ImproperlyConfigured("HEARING_RETENTION_DAYS: erwartet eine ganze Zahl (Tage).") from None
if HEARING_RETENTION_DAYS < 0:
    raise ImproperlyConfigured("HEARING_RETENTION_DAYS darf nicht negativ sein.")
