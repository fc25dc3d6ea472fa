"""The transcription settings: defaults and clear errors at start (a fresh interpreter each)."""

import pytest

from tests.test_settings_and_cli import run

CODE = (
    "import hearing.settings as s; print(repr(s.WHISPER_MODEL), s.WHISPER_COMPUTE_TYPE, "
    "s.WHISPER_BEAM_SIZE, s.JOB_WORKER, repr(s.SUMMARY_URL))"
)


def test_defaults(tmp_path):
    result = run(CODE, tmp_path)
    assert result.stdout.strip() == "'' int8 1 True ''", result.stderr


def test_values_are_read(tmp_path):
    result = run(
        CODE,
        tmp_path,
        HEARING_WHISPER_MODEL="/srv/models/whisper-small",
        HEARING_WHISPER_COMPUTE_TYPE="float32",
        HEARING_WHISPER_BEAM_SIZE="5",
        HEARING_WHISPER_THREADS="3",
        HEARING_JOB_WORKER="0",
        HEARING_SUMMARY_URL="http://127.0.0.1:8080/v1/",
    )
    assert result.stdout.strip() == (
        "'/srv/models/whisper-small' float32 5 False 'http://127.0.0.1:8080/v1'"
    ), result.stderr


@pytest.mark.parametrize(
    ("env", "message"),
    [
        ({"HEARING_WHISPER_COMPUTE_TYPE": "float16"}, "HEARING_WHISPER_COMPUTE_TYPE='float16'"),
        (
            {"HEARING_WHISPER_BEAM_SIZE": "0"},
            "HEARING_WHISPER_BEAM_SIZE='0': erlaubt sind 1 bis 10",
        ),
        (
            {"HEARING_WHISPER_THREADS": "zwei"},
            "HEARING_WHISPER_THREADS='zwei': erwartet eine ganze",
        ),
        ({"HEARING_JOB_WORKER": "vielleicht"}, "HEARING_JOB_WORKER='vielleicht': erwartet 1/0"),
    ],
)
def test_bad_values_stop_the_start(tmp_path, env, message):
    result = run("import hearing.settings", tmp_path, **env)
    assert result.returncode == 1
    assert message in result.stderr
