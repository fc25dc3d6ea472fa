"""The settings module is read at start, so each case starts a fresh interpreter."""

import os
import re
import subprocess
import sys

import pytest


def environment(tmp_path, **env) -> dict:
    """This process's environment without HEARING_ settings, a data directory of its own, ``env``."""
    clean = {k: v for k, v in os.environ.items() if not k.startswith("HEARING_")}
    return {**clean, "HEARING_DATA_DIR": str(tmp_path), **env}


def run(code: str, tmp_path, **env):
    return subprocess.run(
        [sys.executable, "-c", code],
        env=environment(tmp_path, **env),
        capture_output=True,
        text=True,
        timeout=60,
    )


def at_once(code: str, tmp_path, count: int, timeout: float, **env) -> list[tuple]:
    """``count`` interpreters running ``code`` started together: (exit code, stdout, stderr) each."""
    processes = [
        subprocess.Popen(
            [sys.executable, "-c", code],
            env=environment(tmp_path, **env),
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for _ in range(count)
    ]
    return [(p.wait(timeout=timeout), *p.communicate()) for p in processes]


def test_secret_key_is_generated_once_into_the_data_directory(tmp_path):
    code = "import hearing.settings as s; print(s.SECRET_KEY)"
    first = run(code, tmp_path)
    second = run(code, tmp_path)
    assert first.returncode == 0, first.stderr
    assert first.stdout == second.stdout
    assert len(first.stdout.strip()) >= 50
    assert (tmp_path / "secret_key").stat().st_mode & 0o777 == 0o600


def test_processes_starting_at_once_on_a_new_data_directory_share_one_key(tmp_path):
    """Each reads the whole key or writes it whole: none finds an empty file (a CI run did)."""
    code = "import hearing.settings as s; print(s.SECRET_KEY)"
    results = at_once(code, tmp_path, 12, 60)
    assert [(code, err) for code, _, err in results] == [(0, "")] * 12
    assert len({out for _, out, _ in results}) == 1
    assert sorted(p.name for p in tmp_path.iterdir() if "secret" in p.name) == ["secret_key"]


def test_a_new_key_appears_only_whole(tmp_path):
    """While the key is being made, nothing is at its path yet that another process could read."""
    from hearing.core.keyfile import read_or_create

    path = tmp_path / "secret_key"
    seen = []

    def make():
        seen.append(path.exists())
        return "k" * 80

    assert read_or_create(path, make) == "k" * 80
    assert seen == [False]
    assert read_or_create(path, lambda: "other") == "k" * 80
    assert [p.name for p in tmp_path.iterdir()] == ["secret_key"]
    assert path.stat().st_mode & 0o777 == 0o600


def test_defaults(tmp_path):
    result = run(
        "import hearing.settings as s; print(s.DEBUG, s.LANGUAGE_CODE, s.DATABASES['default']['ENGINE'], s.ALLOWED_HOSTS)",
        tmp_path,
    )
    assert (
        result.stdout.strip()
        == "False de django.db.backends.sqlite3 ['127.0.0.1', 'localhost', '[::1]']"
    )


@pytest.mark.parametrize(
    ("env", "message"),
    [
        ({"HEARING_DEBGU": "1"}, "Unbekannte Einstellung(en) / unknown setting(s): HEARING_DEBGU"),
        ({"HEARING_DEBUG": "1"}, "HEARING_DEBUG=1 ist nur mit dem Entwicklungsserver"),
        ({"HEARING_DEBUG": "vielleicht"}, "HEARING_DEBUG='vielleicht': erwartet"),
        ({"HEARING_LANGUAGE": "fr"}, "HEARING_LANGUAGE='fr': erlaubt sind de und en."),
        ({"HEARING_DATABASE_URL": "mysql://x@y/z"}, "HEARING_DATABASE_URL: unterstützt werden"),
        (
            {"HEARING_SECRET_KEY": "kurz"},
            "HEARING_SECRET_KEY muss mindestens 32 Zeichen lang sein.",
        ),
        ({"HEARING_EMAIL_URL": "pigeon://x"}, "HEARING_EMAIL_URL: erwartet"),
        (
            {"HEARING_TRUSTED_PROXIES": "proxy.example.org"},
            "HEARING_TRUSTED_PROXIES: 'proxy.example.org' ist keine IP-Adresse und kein Netz",
        ),
        ({"HEARING_RECORDING_MAX_MB": "0"}, "HEARING_RECORDING_MAX_MB='0': erlaubt sind 1 bis"),
        (
            {"HEARING_STACK_UPSTREAMS": "10.0.0.2"},
            "HEARING_STACK_UPSTREAMS: '10.0.0.2' ist nicht host:port",
        ),
        (
            {"HEARING_STACK_PORT": "8101"},
            "HEARING_STACK_PORT=8101 liegt zwischen den Ports der App-Prozesse",
        ),
        ({"HEARING_STACK_PROCESSES": "0"}, "HEARING_STACK_PROCESSES='0': erlaubt sind 1 bis 64"),
        (
            {"HEARING_STREAM_RENDITIONS": "720p,4k"},
            "HEARING_STREAM_RENDITIONS: unbekannt: 4k; bekannt sind 1080p, 720p, 480p, 360p, 240p,"
            " audio.",
        ),
        (
            {"HEARING_STREAM_RENDITIONS": "audio,360p"},
            "HEARING_STREAM_RENDITIONS: die erste Stufe ist das Bild des Encoders, z. B. 720p.",
        ),
        (
            {"HEARING_STREAM_RENDITIONS": "360p,720p"},
            "HEARING_STREAM_RENDITIONS: Bildstufen absteigend angeben, z. B. 720p,360p,audio.",
        ),
        (
            {"HEARING_STREAM_RENDITIONS": "720p,720p"},
            "HEARING_STREAM_RENDITIONS: jede Stufe nur einmal.",
        ),
        (
            {"HEARING_CITY_LOGO": "/gibt/es/nicht.png"},
            "HEARING_CITY_LOGO='/gibt/es/nicht.png': erwartet eine vorhandene .svg- oder .png-Datei.",
        ),
        (
            {"HEARING_STREAM_REWIND_MINUTES": "0"},
            "HEARING_STREAM_REWIND_MINUTES='0': erlaubt sind 1 bis 1440.",
        ),
    ],
)
def test_bad_settings_stop_the_start_with_a_clear_message(tmp_path, env, message):
    result = run("import hearing.settings", tmp_path, **env)
    assert result.returncode == 1
    assert "ImproperlyConfigured" in result.stderr
    assert message in result.stderr


def test_proxies_and_the_recording_limit_are_read(tmp_path):
    result = run(
        "import hearing.settings as s; print([str(n) for n in s.TRUSTED_PROXIES], s.RECORDING_MAX_BYTES)",
        tmp_path,
        HEARING_TRUSTED_PROXIES="127.0.0.1, 10.0.0.0/8",
        HEARING_RECORDING_MAX_MB="100",
    )
    assert result.stdout.strip() == "['127.0.0.1/32', '10.0.0.0/8'] 104857600"


def test_every_variable_the_readme_documents_is_known_and_the_other_way_round():
    from pathlib import Path

    from hearing.settings import KNOWN_VARIABLES

    readme = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")
    table = [line for line in readme.splitlines() if line.startswith("| `HEARING_")]
    documented = set(re.findall(r"`(HEARING_[A-Z_]+)`", "\n".join(table)))
    assert sorted(documented ^ KNOWN_VARIABLES) == []


def test_postgres_url_is_accepted(tmp_path):
    result = run(
        "import hearing.settings as s; d = s.DATABASES['default']; print(d['ENGINE'], d['NAME'], d['HOST'])",
        tmp_path,
        HEARING_DATABASE_URL="postgres://postgres@127.0.0.1:5432/hearing",
    )
    assert result.stdout.strip() == "django.db.backends.postgresql hearing 127.0.0.1"


def hearing(*args: str, tmp_path) -> subprocess.CompletedProcess:
    """``hearing <args>`` with a data directory of its own and no other HEARING_ setting."""
    command = os.path.join(os.path.dirname(sys.executable), "hearing")
    return subprocess.run(
        [command, *args], env=environment(tmp_path), capture_output=True, text=True, timeout=120
    )


def test_hearing_command_runs_management_commands(tmp_path):
    result = hearing("check", tmp_path=tmp_path)
    assert result.returncode == 0, result.stderr
    assert "System check identified no issues" in result.stdout


def test_several_servers_collect_static_files_at_the_same_moment(tmp_path):
    """Three `hearing serve` starting together on one data directory (a supervisor starting one
    per core): each collects the static files, none fails half-way (the lock takes turns)."""
    code = (
        "import django, os; os.environ['DJANGO_SETTINGS_MODULE'] = 'hearing.settings'; "
        "django.setup(); "
        "from hearing.core.management.commands.serve import collect_static_once; "
        "collect_static_once(); print('ok')"
    )
    results = at_once(code, tmp_path, 3, 300, HEARING_STATIC_MANIFEST="1")
    assert [(code, out.strip()) for code, out, _err in results] == [(0, "ok")] * 3, results
    manifest = tmp_path / "static" / "staticfiles.json"
    assert manifest.is_file()


def test_the_stack_needs_postgresql_and_redis(tmp_path):
    result = hearing("stack", tmp_path=tmp_path)
    assert result.returncode == 1
    assert result.stderr.splitlines()[-2:] == [
        "CommandError: HEARING_DATABASE_URL muss auf PostgreSQL zeigen (postgres://…): SQLite "
        "lässt mehrere Prozesse nur nacheinander schreiben.",
        "HEARING_REDIS_URL fehlt (redis://…): über Redis erreichen Ereignisse, Cache und "
        "Rate-Limits alle Prozesse.",
    ]


def test_the_stacks_configuration_is_valid_nginx_with_every_app_process(tmp_path):
    """The generated nginx.conf passes `nginx -t`; the upstream lists the local processes and
    those of other hosts; an app-only host gets no nginx and listens where the front reaches it."""
    from tests.live.servers import free_port

    port = free_port()
    code = """
import django, subprocess
django.setup()
from hearing.core.stack import Stack
stack = Stack.from_settings()
stack.write()
check = subprocess.run([*stack.nginx_command(), "-t"], capture_output=True, text=True)
print(check.returncode, check.stderr.strip().splitlines()[-1])
conf = stack.nginx_conf.read_text()
print([line.split()[1] for line in conf.splitlines() if "max_fails" in line])
print(stack.environment["HEARING_JOB_WORKER"], stack.environment["HEARING_TRUSTED_PROXIES"])
"""
    settings = {
        "DJANGO_SETTINGS_MODULE": "hearing.settings",
        "HEARING_STACK_PORT": str(port),
        "HEARING_STACK_APP_PORT": "18100",
        "HEARING_STACK_PROCESSES": "3",
        "HEARING_STACK_WORKERS": "2",
        "HEARING_STACK_UPSTREAMS": "10.0.0.2:8101,10.0.0.2:8102",
    }
    result = run(code, tmp_path, **settings)
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines() == [
        f"0 nginx: configuration file {tmp_path}/stack/nginx.conf test is successful",
        "['127.0.0.1:18101', '127.0.0.1:18102', '127.0.0.1:18103', '10.0.0.2:8101', "
        "'10.0.0.2:8102']",
        "0 127.0.0.1",
    ]
    code = """
import django
django.setup()
from hearing.core.stack import Stack
app = Stack.from_settings(role="app")
app.write()
text = app.supervisor_conf.read_text()
print(app.nginx_conf.exists(), sorted(
    line[9:-1] for line in text.splitlines() if line.startswith("[program:")))
print([line for line in text.splitlines() if " serve " in line][0].split()[2:6])
print(app.prefix.relative_to(django.conf.settings.DATA_DIR))
"""
    result = run(code, tmp_path / "app", **settings, HEARING_STACK_HOST="10.0.0.1")
    assert result.returncode == 0, result.stderr
    # Its runtime files apart from the front host's, in the data directory they share.
    assert result.stdout.splitlines() == [
        "False ['app-1', 'app-2', 'app-3', 'worker-1', 'worker-2']",
        "['--host', '10.0.0.1', '--port', '18101']",
        "stack/app-10.0.0.1",
    ]
