"""The production topology on one machine (or the front of several), generated from the settings.

``hearing stack`` writes two files into ``<DATA_DIR>/stack/`` and hands over to supervisord:

- ``nginx.conf``: nginx in front on ``HEARING_STACK_HOST:HEARING_STACK_PORT`` (default
  127.0.0.1:8080). It serves the collected static files itself, passes ``/hls/`` to the streaming
  server and balances everything else over the app processes; a process that refuses the
  connection or fails is skipped (``proxy_next_upstream``), so a dead process costs no request that
  had not reached it.
- ``supervisord.conf``: the app processes (``hearing serve``, one per core unless
  ``HEARING_STACK_PROCESSES`` says otherwise, on ports from ``HEARING_STACK_APP_PORT`` + 1), the
  job worker(s), the streaming server and the front nginx. supervisord restarts a process that
  dies and stops them all on Ctrl+C.

App processes on other hosts join through ``HEARING_STACK_UPSTREAMS`` (``host:port,…``); there
``hearing stack --role app`` starts app processes and workers only (docs/operations.md).
"""

import os
import resource
import shlex
import sys
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings

from hearing.core.files import ACCEL_HEADER, ACCEL_PREFIX, accel_secret
from hearing.core.middleware import LANGUAGE_HEADER
from hearing.core.pagecache import generations_dir

# Start-up of one `hearing serve` (Django, collectstatic check, uvicorn) takes about 2 s here; a
# process that dies sooner is counted as a failed start by supervisord.
START_SECONDS = 3
# Ctrl+C: time for open requests, recordings and jobs to finish before a process is killed.
STOP_SECONDS = 15
LOOPBACK = ("127.0.0.1", "localhost", "::1")
ROLES = ("all", "app")
# Debian's libnginx-mod-http-lua (OpenResty's module) and the kit it builds on: the page cache's
# generation (below). Cached pages a second at 10 connections, 2 cores busy with a test run: a key
# without a generation 15,800; with it read by njs 1,760 (a VM per request), by Lua 7,340.
LUA_MODULES = (
    "/usr/lib/nginx/modules/ndk_http_module.so",
    "/usr/lib/nginx/modules/ngx_http_lua_module.so",
)


def _bin(name: str) -> str:
    """A console script of this installation (the virtualenv's bin directory)."""
    return str(Path(sys.executable).parent / name)


@dataclass(frozen=True)
class Stack:
    """What runs where. ``prefix`` holds the generated files, logs and nginx's working folders."""

    prefix: Path
    host: str
    port: int
    processes: int
    first_app_port: int
    workers: int
    upstreams: tuple[str, ...] = ()
    role: str = "all"
    app_host: str = "127.0.0.1"

    @classmethod
    def from_settings(cls, *, role: str = "all") -> "Stack":
        """The stack the settings describe; ``role="app"``: app processes and workers only."""
        if role not in ROLES:
            raise ValueError(f"role must be one of {ROLES}")
        prefix = Path(settings.DATA_DIR) / "stack"
        if role != "all" or settings.STACK_HOST not in LOOPBACK:
            # Hosts share the data directory (docs/operations.md); each keeps its own runtime
            # files (configuration, supervisor's socket, logs) in a folder of its own.
            prefix = prefix / f"{role}-{settings.STACK_HOST}"
        return cls(
            prefix=prefix,
            host=settings.STACK_HOST,
            port=settings.STACK_PORT,
            processes=settings.STACK_PROCESSES,
            first_app_port=settings.STACK_APP_PORT + 1,
            workers=settings.STACK_WORKERS,
            upstreams=tuple(settings.STACK_UPSTREAMS),
            role=role,
            # On a host of app processes only, the front nginx connects from another host.
            app_host=settings.STACK_HOST if role == "app" else "127.0.0.1",
        )

    @property
    def app_ports(self) -> list[int]:
        return [self.first_app_port + n for n in range(self.processes)]

    @property
    def hls_port(self) -> int:
        """The streaming server's own HTTP port: behind the front, never the front's port."""
        return settings.HLS_PORT if self.port != settings.HLS_PORT else self.port + 1

    @property
    def public_url(self) -> str:
        return f"http://{self.host}:{self.port}"

    @property
    def environment(self) -> dict[str, str]:
        """Settings every process of the stack gets, unless the environment sets them already.

        The apps trust the front nginx's X-Forwarded-For (rate limits count visitors, not the
        proxy); the player fetches HLS through the front; the streaming server calls back
        through it; the job worker runs as a process of its own, not as a thread in each app.
        """
        wanted = {
            "HEARING_TRUSTED_PROXIES": "127.0.0.1",
            "HEARING_STREAM_HLS_URL": f"{self.public_url}/hls",
            "HEARING_STREAM_CALLBACK_URL": self.public_url,
            "HEARING_SITE_URL": self.public_url,
        }
        if self.role == "app":
            # Its addresses are the front host's, which the operator sets the same on every host
            # (docs/operations.md); this host's own address is no one's public address.
            wanted = {}
        environment = {k: v for k, v in wanted.items() if not os.environ.get(k)}
        if self.hls_port != settings.HLS_PORT:
            environment["HEARING_HLS_PORT"] = str(self.hls_port)
        environment["HEARING_JOB_WORKER"] = "0"
        environment["HEARING_DATA_DIR"] = str(settings.DATA_DIR)
        return environment

    # --- files ----------------------------------------------------------------------------
    @property
    def nginx_conf(self) -> Path:
        return self.prefix / "nginx.conf"

    @property
    def supervisor_conf(self) -> Path:
        return self.prefix / "supervisord.conf"

    @property
    def socket(self) -> Path:
        return self.prefix / "supervisor.sock"

    def write(self) -> list[Path]:
        """Write the configuration files (and the folders they name); returns the files."""
        for folder in ("logs", "work", "cache"):
            (self.prefix / folder).mkdir(parents=True, exist_ok=True)
        generations_dir().mkdir(parents=True, exist_ok=True)
        written = [self.supervisor_conf]
        self.supervisor_conf.write_text(render_supervisor(self))
        if self.role == "all":
            # The file holds the files header's secret: readable by this account only.
            fd = os.open(self.nginx_conf, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
            with os.fdopen(fd, "w") as handle:
                handle.write(render_nginx(self))
            written.append(self.nginx_conf)
        return written

    def nginx_command(self) -> list[str]:
        return ["nginx", "-p", f"{self.prefix}/", "-c", str(self.nginx_conf), "-g", "daemon off;"]

    def supervisord_command(self) -> list[str]:
        return [_bin("supervisord"), "-c", str(self.supervisor_conf)]

    def supervisorctl_command(self, *args: str) -> list[str]:
        return [_bin("supervisorctl"), "-c", str(self.supervisor_conf), *args]


def render_nginx(stack: Stack) -> str:
    p = stack.prefix
    servers = [f"127.0.0.1:{port}" for port in stack.app_ports] + list(stack.upstreams)
    upstream = "\n".join(f"    server {s} max_fails=1 fail_timeout=5s;" for s in servers)
    user = "user root;\n" if hasattr(os, "geteuid") and os.geteuid() == 0 else ""
    temp = "\n".join(
        f"  {kind}_temp_path {p}/work/{kind};"
        for kind in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi")
    )
    languages = "|".join(code for code, _ in settings.LANGUAGES)
    modules = "\n".join(f"load_module {module};" for module in LUA_MODULES)
    # A rush of visitors: each connection is a file descriptor, twice when it is passed on.
    files = min(65536, resource.getrlimit(resource.RLIMIT_NOFILE)[1])
    return rf"""# Generated by `hearing stack` from the platform's settings. Changes here are overwritten.
{modules}
{user}worker_processes auto;
worker_rlimit_nofile {files};
pid {p}/nginx.pid;
error_log {p}/logs/nginx-error.log warn;
events {{ worker_connections 8192; }}

http {{
  include /etc/nginx/mime.types;
  default_type application/octet-stream;
  access_log off;
  sendfile on;
  tcp_nopush on;
  server_tokens off;
  keepalive_timeout 30s;
{temp}
  # Recording uploads: as large as HEARING_RECORDING_MAX_MB allows.
  client_max_body_size {settings.RECORDING_MAX_BYTES // 2**20}m;

  # Public pages for anonymous visitors (hearing.core.pagecache): the app marks what may be kept
  # (X-Accel-Expires); the key carries the language and the generation of the page's scope.
  map $cookie_{settings.LANGUAGE_COOKIE_NAME} $page_language {{
    "~^({languages})$" $1;
    default {settings.LANGUAGE_CODE};
  }}
  proxy_cache_path {p}/cache levels=1:2 keys_zone=pages:20m max_size=512m inactive=10m use_temp_path=off;
  proxy_cache_path {p}/cache-playlists levels=1 keys_zone=playlists:1m max_size=64m inactive=1m use_temp_path=off;

  upstream hearing_app {{
{upstream}
    keepalive 64;
  }}

  server {{
    listen {stack.host}:{stack.port} backlog=4096;

    location /static/ {{
      alias {settings.STATIC_ROOT}/;
      gzip_static on;
      add_header Cache-Control "no-cache";
      add_header X-Content-Type-Options nosniff;
      # Names with a hash of the content (WhiteNoise's manifest: app.3f2a9b0c41d7.css) never change.
      location ~ "\.[0-9a-f]{{12}}\.[A-Za-z0-9]+$" {{
        add_header Cache-Control "public, max-age=31536000, immutable";
        add_header X-Content-Type-Options nosniff;
      }}
    }}

    # An app process gone or restarting (nginx's own 502/504): a page that says so, in German and
    # English, instead of nginx's bare one. The app's own error pages pass unchanged.
    error_page 502 504 /_unavailable.html;
    location = /_unavailable.html {{
      internal;
      alias {settings.STATIC_ROOT}/hearing/errors/unavailable.html;
      default_type "text/html; charset=utf-8";
      add_header Retry-After 10 always;
      add_header Cache-Control "no-store" always;
    }}

    # The live stream from the streaming server. Every viewer's player fetches its playlist every
    # 2 s: one fetch a second reaches the streaming server, the others get the one kept here,
    # compressed here (a playlist over the whole hearing is long). Fragments pass through
    # uncached: a new broadcast starts their numbers again.
    location /hls/ {{
      proxy_pass http://127.0.0.1:{stack.hls_port};
      proxy_http_version 1.1;
      proxy_set_header Connection "";
      proxy_set_header Accept-Encoding "";
      location ~ \.m3u8$ {{
        proxy_pass http://127.0.0.1:{stack.hls_port};
        proxy_http_version 1.1;
        proxy_set_header Connection "";
        proxy_set_header Accept-Encoding "";
        proxy_cache playlists;
        proxy_ignore_headers Cache-Control Expires;
        proxy_cache_valid 200 1s;
        proxy_cache_lock on;
        proxy_cache_lock_timeout 2s;
        proxy_cache_use_stale updating;
        add_header X-Cache $upstream_cache_status always;
        gzip on;
        gzip_types application/vnd.apple.mpegurl;
        gzip_vary on;
      }}
    }}

    # Recordings, slides and protocol PDFs after the app has checked the permission
    # (X-Accel-Redirect, hearing.core.files); never reachable from outside.
    location {ACCEL_PREFIX} {{
      internal;
      alias {settings.DATA_DIR}/;
      add_header X-Content-Type-Options nosniff;
      # A file shown in the browser (a recording, a PDF) never runs anything in our origin.
      add_header Content-Security-Policy "default-src 'none'; media-src 'self'; sandbox";
    }}

    location / {{
      proxy_pass http://hearing_app;
      proxy_set_header {ACCEL_HEADER} "{accel_secret()}";
      # The app renders the language the cache key holds (hearing.core.middleware).
      proxy_set_header {LANGUAGE_HEADER} $page_language;
      proxy_http_version 1.1;
      proxy_set_header Connection "";
      proxy_set_header Host $http_host;
      proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
      proxy_set_header X-Forwarded-Proto $scheme;
      # A process that is gone (refused, reset) is skipped; a request it never got goes to the
      # next one, POSTs included (nginx does not resend a request that reached a process).
      proxy_next_upstream error timeout http_502 http_503;
      proxy_next_upstream_tries {len(servers)};
      proxy_connect_timeout 2s;
      # The generation of the page's scope: the site's, and for a hearing's pages the hearing's
      # too; files that hearing.core.pagecache renews after every change.
      set_by_lua_block $page_generation {{
        local folder = [[{generations_dir()}/]]
        local function read(name)
          local file = io.open(folder .. name, "rb")
          if not file then return "0" end
          local value = file:read("*a")
          file:close()
          return value
        end
        local uri = ngx.var.uri
        local slug = uri:match("^/hearings/([%w_-]+)/") or uri:match("^/documentation/([%w_-]+)/")
        if slug then return read("site") .. "." .. read("hearing-" .. slug) end
        return read("site")
      }}
      proxy_cache pages;
      proxy_cache_key "$page_language|$page_generation|$request_uri";
      proxy_cache_methods GET HEAD;
      # Signed in or taking part (a session), or an API client: never from the cache, never into it.
      proxy_cache_bypass $cookie_{settings.SESSION_COOKIE_NAME} $http_authorization;
      proxy_no_cache $cookie_{settings.SESSION_COOKIE_NAME} $http_authorization;
      # Only the app's X-Accel-Expires decides; the language is in the key.
      proxy_ignore_headers Cache-Control Expires Vary;
      # A page asked for by many at once is rendered once; the others wait for it.
      proxy_cache_lock on;
      proxy_cache_lock_timeout 5s;
      add_header X-Cache $upstream_cache_status always;
      # Live events (SSE) come with "X-Accel-Buffering: no" and a comment every 20 s.
      proxy_read_timeout 120s;
    }}
  }}
}}
"""


def _program(name: str, command: list[str], stack: Stack) -> str:
    env = ",".join(f'{k}="{v}"' for k, v in sorted(stack.environment.items()))
    return f"""
[program:{name}]
command={shlex.join(command)}
environment={env}
autostart=true
autorestart=true
startsecs={START_SECONDS}
startretries=100
stopsignal=TERM
stopwaitsecs={STOP_SECONDS}
stopasgroup=true
killasgroup=true
redirect_stderr=true
stdout_logfile=/dev/fd/1
stdout_logfile_maxbytes=0
"""


def render_supervisor(stack: Stack) -> str:
    p = stack.prefix
    hearing = _bin("hearing")
    parts = [
        f"""; Generated by `hearing stack` from the platform's settings. Changes here are overwritten.
[supervisord]
nodaemon=true
logfile={p}/logs/supervisord.log
pidfile={p}/supervisord.pid
childlogdir={p}/logs
loglevel=info

[unix_http_server]
file={stack.socket}
chmod=0700

[rpcinterface:supervisor]
supervisor.rpcinterface_factory = supervisor.rpcinterface:make_main_rpcinterface

[supervisorctl]
serverurl=unix://{stack.socket}
"""
    ]
    for number, port in enumerate(stack.app_ports, start=1):
        command = [hearing, "serve", "--host", stack.app_host, "--port", str(port)]
        command += ["--no-collectstatic"]
        parts.append(_program(f"app-{number}", command, stack))
    for number in range(1, stack.workers + 1):
        parts.append(_program(f"worker-{number}", [hearing, "worker"], stack))
    if stack.role == "all":
        parts.append(_program("stream", [hearing, "stream"], stack))
        parts.append(_program("nginx", stack.nginx_command(), stack))
    return "".join(parts)
