"""The settings module is read at start, so each case starts a fresh interpreter."""

import os
import re
import subprocess
import sys

import pytest


def run(code: str, tmp_path, **env):
    environment = {k: v for k, v in os.environ.items() if not k.startswith("HEARING_")}
    environment.update({"HEARING_DATA_DIR": str(tmp_path), **env})
    return subprocess.run(
        [sys.executable, "-c", code], env=environment, capture_output=True, text=True, timeout=60
    )


def test_secret_key_is_generated_once_into_the_data_directory(tmp_path):
    code = "import hearing.settings as s; print(s.SECRET_KEY)"
    first = run(code, tmp_path)
    second = run(code, tmp_path)
    assert first.returncode == 0, first.stderr
    assert first.stdout == second.stdout
    assert len(first.stdout.strip()) >= 50
    assert (tmp_path / "secret_key").stat().st_mode & 0o777 == 0o600


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


def test_hearing_command_runs_management_commands(tmp_path):
    hearing = os.path.join(os.path.dirname(sys.executable), "hearing")
    environment = {k: v for k, v in os.environ.items() if not k.startswith("HEARING_")}
    environment["HEARING_DATA_DIR"] = str(tmp_path)
    result = subprocess.run(
        [hearing, "check"], env=environment, capture_output=True, text=True, timeout=120
    )
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
    environment = {k: v for k, v in os.environ.items() if not k.startswith("HEARING_")}
    environment.update({"HEARING_DATA_DIR": str(tmp_path), "HEARING_STATIC_MANIFEST": "1"})
    processes = [
        subprocess.Popen(
            [sys.executable, "-c", code],
            env=environment,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for _ in range(3)
    ]
    results = [(p.wait(timeout=300), *p.communicate()) for p in processes]
    assert [(code, out.strip()) for code, out, _err in results] == [(0, "ok")] * 3, results
    manifest = tmp_path / "static" / "staticfiles.json"
    assert manifest.is_file()
