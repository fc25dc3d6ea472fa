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
