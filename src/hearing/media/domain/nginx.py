"""The streaming server's configuration, generated from the platform's settings.

nginx with Debian's RTMP module ingests the venue's encoder, writes HLS for the players and records
every stream as FLV. Its callbacks reach the platform over loopback and carry a shared secret that
is derived from the platform's secret key, so there is nothing extra to configure or to leak.
"""

import os
import shutil
import signal
import subprocess
import threading
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.urls import reverse

from hearing.core.logfilters import redact
from hearing.core.secrets import derived_secret, is_derived_secret
from hearing.media.models import Track

RTMP_MODULE = "/usr/lib/nginx/modules/ngx_rtmp_module.so"
APPLICATION = "live"
PUBLIC_APP = "show"
HLS_APP = "hls"
SOUND_APP = "sound"
# The sign-language interpreter's picture: HLS and recordings in folders of their own, under the
# hearing's slug like the programme.
SIGN_APP = "sign"
# The sound-only rendition's playlist window: a playlist over the whole hearing would cost more than
# the sound itself (about 40 bytes a fragment every 2 s per listener: docs/media.md).
SOUND_WINDOW = "60s"


CALLBACK_PURPOSE = "hearing.media.nginx-callback"


def callback_secret() -> str:
    return derived_secret(CALLBACK_PURPOSE)


def callback_secret_ok(candidate: str) -> bool:
    return is_derived_secret(candidate, CALLBACK_PURPOSE)


@dataclass(frozen=True)
class StreamServer:
    """Where the streaming server keeps its files: a prefix inside the data directory."""

    prefix: Path

    @classmethod
    def default(cls) -> "StreamServer":
        # STREAM_DIR is no environment setting; tests point it at a folder of their own.
        return cls(Path(getattr(settings, "STREAM_DIR", Path(settings.DATA_DIR) / "stream")))

    @property
    def conf(self) -> Path:
        return self.prefix / "nginx.conf"

    @property
    def hls_dir(self) -> Path:
        return self.prefix / "hls"

    @property
    def record_dir(self) -> Path:
        return self.prefix / "recordings"

    @property
    def sign_hls_dir(self) -> Path:
        return self.hls_dir / SIGN_APP

    @property
    def sign_record_dir(self) -> Path:
        return self.record_dir / SIGN_APP

    @property
    def access_log(self) -> Path:
        return self.prefix / "logs" / "hls-access.log"

    @property
    def error_log(self) -> Path:
        return self.prefix / "logs" / "error.log"

    def access_logs(self) -> list[Path]:
        """The access log and the one before it (rotate_access_log), oldest first."""
        return [self.access_log.with_suffix(".log.1"), self.access_log]

    def rotate_access_log(self, process: subprocess.Popen) -> None:
        """Start a new access log: the current one becomes the previous (replacing the one
        before, which is gone), and nginx (``process``, its master) reopens its logs (USR1)."""
        if self.access_log.exists():
            os.replace(self.access_log, self.access_logs()[0])
        process.send_signal(signal.SIGUSR1)

    def recording_track(self, path: Path) -> str | None:
        """The track of a recording nginx wrote at ``path`` (by its folder), None if the file is
        not in one of our recording folders. The path comes in over HTTP: resolved, not trusted."""
        folder = path.resolve().parent
        if folder == self.record_dir.resolve():
            return Track.PROGRAMME
        if folder == self.sign_record_dir.resolve():
            return Track.SIGN
        return None

    @property
    def pid_file(self) -> Path:
        return self.prefix / "nginx.pid"

    def prepare(self) -> None:
        for path in (
            self.prefix,
            self.hls_dir,
            self.record_dir,
            self.sign_hls_dir,
            self.sign_record_dir,
            self.prefix / "logs",
            self.prefix / "work",
        ):
            path.mkdir(parents=True, exist_ok=True)

    def write_config(self) -> Path:
        self.prepare()
        text = render_config(self)
        # The file holds the callback secret: readable by this account only.
        fd = os.open(self.conf, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "w") as handle:
            handle.write(text)
        return self.conf

    @staticmethod
    def relay_url(name: str, track: str = Track.PROGRAMME) -> str:
        """Where an accepted publish is relayed to, under its public name: the programme to the
        application "show", the sign-language interpreter to "sign"."""
        app = SIGN_APP if track == Track.SIGN else PUBLIC_APP
        return f"rtmp://127.0.0.1:{settings.RTMP_PORT}/{app}/{name}"

    @staticmethod
    def playlist_name(slug: str, rendition=None) -> str:
        """The file nginx writes for the hearing ``slug``: the master playlist, or a rendition's."""
        return f"{slug}{rendition.suffix if rendition else ''}.m3u8"

    def command(self) -> list[str]:
        # -e: even what nginx says before it has read the configuration goes to standard error.
        return [
            "nginx", "-e", "stderr", "-p", f"{self.prefix}/", "-c", str(self.conf),
            "-g", "daemon off;",
        ]  # fmt: skip

    def start(self, **popen) -> subprocess.Popen:
        """Start nginx in the foreground; what it reports goes through ``log_errors`` into
        ``error_log``. ``popen``: further arguments of subprocess.Popen."""
        process = subprocess.Popen(
            self.command(), stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, **popen
        )
        threading.Thread(
            target=log_errors, args=(process.stderr, self.error_log), daemon=True
        ).start()
        return process


def log_errors(source, path: Path) -> None:
    """Copy nginx's error output (bytes, line by line, until it closes) into ``path`` with the
    stream keys and the callback secret redacted (hearing.core.logfilters): nginx-rtmp names the
    encoder's stream, the secret key, when it relays a publish, at the level of an error."""
    with source, open(path, "a", encoding="utf-8") as log:
        for line in source:
            log.write(redact(line.decode("utf-8", "replace")))
            log.flush()


def _callback(name: str) -> str:
    return f"{settings.STREAM_CALLBACK_URL}{reverse(name)}?secret={callback_secret()}"


def rendition_commands(server: StreamServer) -> str:
    """One ``exec_push`` per rendition: ffmpeg reads the hearing's program from "{PUBLIC_APP}" and
    publishes the rendition to "{HLS_APP}" as ``<slug>_<rendition>``.

    The sound goes to "{SOUND_APP}", whose playlist is short. One process each, so a rendition that fails (an encoder without sound breaks only "audio")
    leaves the others running; nginx restarts a failed one after 5 s and stops all of them when
    the encoder stops. The first picture is copied (no decoding); smaller ones are encoded with
    x264 at a keyframe every 2 s, the fragment length, so every fragment starts with one.
    """
    ffmpeg = shutil.which("ffmpeg") or "/usr/bin/ffmpeg"
    source = f"rtmp://127.0.0.1:{settings.RTMP_PORT}/{PUBLIC_APP}/$name"
    lines = []
    for index, rendition in enumerate(settings.STREAM_RENDITIONS):
        log = f"2>>{server.prefix}/logs/rendition-{rendition.name}.log"
        app = SOUND_APP if rendition.is_audio else HLS_APP
        target = f"rtmp://127.0.0.1:{settings.RTMP_PORT}/{app}/$name{rendition.suffix}"
        if rendition.is_audio:
            codecs = "-map 0:a:0 -c:a copy"
        elif index == 0:
            codecs = "-map 0:v:0 -map 0:a:0? -c copy"
        else:
            codecs = (
                # Never larger than the encoder's picture: min(ih, height), written without a
                # comma (ffmpeg would read one as the end of the filter).
                f"-map 0:v:0 -map 0:a:0? -vf scale=-2:(ih+{rendition.height}"
                f"-abs(ih-{rendition.height}))/2 -c:v libx264"
                " -preset veryfast -tune zerolatency -profile:v main -pix_fmt yuv420p"
                f" -b:v {rendition.video_kbit}k -maxrate {rendition.video_kbit}k"
                f" -bufsize {rendition.video_kbit * 2}k"
                ' -force_key_frames "expr:gte(t,n_forced*2)"'
                f" -c:a aac -b:a {rendition.audio_kbit}k -ac 2"
            )
        lines.append(
            f"      exec_push {ffmpeg} -nostdin -v error -i {source} {codecs} -f flv {target} {log};"
        )
    return "\n".join(lines)


def rendition_variants() -> str:
    return "\n".join(
        f"      hls_variant {r.suffix} {r.attributes()};" for r in settings.STREAM_RENDITIONS
    )


def hls_application(
    server: StreamServer,
    name: str,
    window: str,
    extra: str,
    *,
    cleanup: bool = True,
    folder: Path | None = None,
) -> str:
    """An application that takes publishes from loopback only and writes HLS into ``folder`` (the
    one HLS folder unless given), in 2-second fragments, keeping ``window`` (nginx time: "300m",
    "60s")."""
    return f"""    application {name} {{
      live on;
      allow publish 127.0.0.1;
      deny publish all;
      deny play all;
      hls on;
      hls_path {folder or server.hls_dir};
      hls_fragment 2s;
      hls_playlist_length {window};
      hls_cleanup {"on" if cleanup else "off"};
      # A new broadcast starts a playlist of its own (nginx-rtmp would otherwise continue the old
      # one after a discontinuity, and players starting near the live edge replay its end).
      hls_continuous off;
{extra}
    }}"""


def sign_recording(server: StreamServer) -> str:
    return f"""      record all;
      record_path {server.sign_record_dir};
      record_unique on;
      on_record_done {_callback("media:on_record_done")};"""


def render_config(server: StreamServer) -> str:
    p = server.prefix
    # As root, nginx would hand its workers to "nobody", who cannot write into the data directory.
    user = "user root;\n" if hasattr(os, "geteuid") and os.geteuid() == 0 else ""
    return f"""# Generated by `hearing stream` from the platform's settings. Changes here are overwritten.
load_module {RTMP_MODULE};
{user}worker_processes 1;
pid {server.pid_file};
error_log stderr warn;  # through hearing stream, which takes the stream keys out
events {{ worker_connections 1024; }}

rtmp {{
  server {{
    listen {settings.RTMP_PORT};
    chunk_size 4096;
    notify_method post;
    # The venue's encoder publishes here with the hearing's secret key as the stream name. The
    # platform checks the key (on_publish) and answers with a relay to "{PUBLIC_APP}/<slug>", so
    # playlists, segments and recordings carry the hearing's name, never the key.
    application {APPLICATION} {{
      live on;
      deny play all;
      on_publish {_callback("media:on_publish")};
      on_publish_done {_callback("media:on_publish_done")};
    }}
    # The hearing's program: recorded as it came, and the source of every rendition.
    application {PUBLIC_APP} {{
      live on;
      # When the encoder stops, whoever plays the programme (the caption worker's ffmpeg) is
      # disconnected: the next broadcast is a new one, with its own clock.
      idle_streams off;
      allow publish 127.0.0.1;
      deny publish all;
      allow play 127.0.0.1;
      deny play all;
      record all;
      record_path {server.record_dir};
      record_unique on;
      on_record_done {_callback("media:on_record_done")};
{rendition_commands(server)}
    }}
    # The renditions, as HLS with one master playlist "<slug>.m3u8" that lists them all. The
    # rewind window: viewers can go back over the whole hearing while it is live.
{hls_application(server, HLS_APP, f"{settings.STREAM_REWIND_MINUTES}m", rendition_variants())}
    # Sound only, for listeners on a weak connection: the same folder, a short playlist. Its old
    # fragments go with the picture application's cleanup (fragments older than twice its window).
{hls_application(server, SOUND_APP, SOUND_WINDOW, "", cleanup=False)}
    # The sign-language interpreter, shown beside the programme: its picture as it came (one
    # rendition; it is small on the page), with the programme's rewind window, recorded apart.
{hls_application(server, SIGN_APP, f"{settings.STREAM_REWIND_MINUTES}m", sign_recording(server), folder=server.sign_hls_dir)}
  }}
}}

http {{
  include /etc/nginx/mime.types;
  default_type application/octet-stream;
  client_body_temp_path {p}/work/body;
  proxy_temp_path {p}/work/proxy;
  fastcgi_temp_path {p}/work/fastcgi;
  uwsgi_temp_path {p}/work/uwsgi;
  scgi_temp_path {p}/work/scgi;
  log_format hearing '$msec $remote_addr "$http_user_agent" $uri $status';
  access_log {server.access_log} hearing;
  server_tokens off;
  server {{
    listen {settings.HLS_PORT};
    location /hls/ {{
      alias {server.hls_dir}/;
      types {{ application/vnd.apple.mpegurl m3u8; video/mp2t ts; }}
      add_header Access-Control-Allow-Origin * always;
      add_header Cache-Control no-cache always;
      # A playlist over the whole hearing grows to about 40 bytes a fragment (9,000 lines at
      # 5 hours of 2-second fragments); players fetch it every 2 s, compressed it is a tenth.
      gzip on;
      gzip_http_version 1.0;
      gzip_types application/vnd.apple.mpegurl;
      gzip_vary on;
    }}
    # Bitrate and publisher for the moderator console; loopback only.
    location = /stat {{
      allow 127.0.0.1;
      allow ::1;
      deny all;
      rtmp_stat all;
    }}
    location / {{ return 404; }}
  }}
}}
"""
