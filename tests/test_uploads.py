"""Upload limits: one check with one message, used by attachments and recordings."""

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation

from hearing.core.validators import check_file_size
from hearing.hearings import models as hearing_models


def test_a_file_at_the_limit_passes_and_one_byte_more_is_refused_with_both_sizes():
    check_file_size(SimpleUploadedFile("a.pdf", b"x" * 2048), 2048)
    with translation.override("de"), pytest.raises(ValidationError) as refused:
        check_file_size(SimpleUploadedFile("a.pdf", b"x" * 2049), 2048)
    assert refused.value.messages == [
        "Die Datei ist 2,0\xa0KB groß; erlaubt sind höchstens 2,0\xa0KB."
    ]
    assert refused.value.error_list[0].code == "file_too_large"
    with translation.override("en"), pytest.raises(ValidationError) as refused:
        check_file_size(SimpleUploadedFile("a.pdf", b"x" * 3 * 2**20), 2**20)
    assert refused.value.messages == ["The file is 3.0\xa0MB; at most 1.0\xa0MB is allowed."]


def test_an_attachment_over_its_limit_is_refused_by_the_model(monkeypatch):
    monkeypatch.setattr(hearing_models, "ATTACHMENT_MAX_BYTES", 10)
    with translation.override("de"), pytest.raises(ValidationError) as refused:
        hearing_models.validate_attachment_size(SimpleUploadedFile("folien.pdf", b"x" * 11))
    assert refused.value.messages == [
        "Die Datei ist 11\xa0Bytes groß; erlaubt sind höchstens 10\xa0Bytes."
    ]


def test_under_asgi_static_files_stream_without_being_read_into_memory(settings, tmp_path):
    """WhiteNoise's plain file iterator would be read into a list first under uvicorn (a warning,
    an error in this suite); the project's middleware hands Django an async one."""
    from asgiref.sync import async_to_sync
    from django.test import AsyncClient

    root = tmp_path / "static"
    (root / "hearing").mkdir(parents=True)
    content = b"/* app */\n" * 40_000  # 400,000 bytes: two blocks
    (root / "hearing" / "app.css").write_bytes(content)
    settings.STATIC_ROOT = root

    async def fetch(**headers):
        # A new client builds its middleware, which indexes the new STATIC_ROOT.
        response = await AsyncClient().get("/static/hearing/app.css", headers=headers)
        return response, [block async for block in response.streaming_content]

    response, blocks = async_to_sync(fetch)()
    assert (response.status_code, response.is_async) == (200, True)
    assert b"".join(blocks) == content
    assert len(blocks) == 2
    part, blocks = async_to_sync(fetch)(Range="bytes=0-9")
    assert (part.status_code, b"".join(blocks)) == (206, b"/* app */\n")
    head = async_to_sync(AsyncClient().head)("/static/hearing/app.css")
    assert (head.status_code, head["Content-Length"]) == (200, "400000")
