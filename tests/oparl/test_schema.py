"""The validator itself: it must catch what is wrong, or the crawler test would prove nothing."""

from hearing.oparl.schema import problems

BODY = {
    "id": "https://example.org/oparl/v1.1/body/1/",
    "type": "https://schema.oparl.org/1.1/Body",
    "name": "Stadt",
    "organization": "https://example.org/oparl/v1.1/body/1/organization/",
    "person": "https://example.org/oparl/v1.1/body/1/person/",
    "meeting": "https://example.org/oparl/v1.1/body/1/meeting/",
    "paper": "https://example.org/oparl/v1.1/body/1/paper/",
    "legislativeTerm": [],
    "agendaItem": "https://example.org/oparl/v1.1/body/1/agendaItem/",
    "consultation": "https://example.org/oparl/v1.1/body/1/consultation/",
    "file": "https://example.org/oparl/v1.1/body/1/file/",
    "membership": "https://example.org/oparl/v1.1/body/1/membership/",
    "locationList": "https://example.org/oparl/v1.1/body/1/location/",
    "legislativeTermList": "https://example.org/oparl/v1.1/body/1/legislativeTerm/",
    "created": "2024-06-07T09:30:00+02:00",
    "modified": "2024-06-07T09:30:00+02:00",
}


def test_a_complete_body_is_valid():
    assert problems(BODY) == []


def test_missing_required_and_mandatory_properties_are_reported():
    body = {k: v for k, v in BODY.items() if k not in ("name", "file")}
    assert problems(body) == [
        "<object>: 'name' is a required property",
        "file: mandatory by the specification's text, missing",
    ]


def test_a_deleted_object_needs_only_what_its_schema_requires():
    deleted = {k: BODY[k] for k in ("id", "type", "created", "modified")} | {"deleted": True}
    assert problems(deleted) == [
        "<object>: 'name' is a required property",
        "<object>: 'organization' is a required property",
        "<object>: 'person' is a required property",
        "<object>: 'meeting' is a required property",
        "<object>: 'paper' is a required property",
        "<object>: 'legislativeTerm' is a required property",
    ]


def test_formats_and_embedded_objects_are_checked():
    meeting = {
        "id": "https://example.org/oparl/v1.1/meeting/1/",
        "type": "https://schema.oparl.org/1.1/Meeting",
        "start": "2024-06-07 09:30",
        "location": {"id": "/location/1/", "type": "https://schema.oparl.org/1.1/Location"},
        "agendaItem": [
            {"id": "https://example.org/a/1", "type": "https://schema.oparl.org/1.1/AgendaItem"}
        ],
        "auxiliaryFile": [
            {
                "id": "https://example.org/f/1",
                "type": "https://schema.oparl.org/1.1/File",
                "date": "7.6.2024",
            }
        ],
    }
    assert sorted(problems(meeting)) == [
        "agendaItem/0: 'order' is a required property",
        "auxiliaryFile/0/date: '7.6.2024' is not a 'date'",
        "auxiliaryFile/0: 'accessUrl' is a required property",
        "location/id: '/location/1/' is not a 'url'",
        "start: '2024-06-07 09:30' is not a 'date-time'",
    ]


def test_unknown_types_are_reported():
    assert problems({"id": "x", "type": "https://schema.oparl.org/1.1/Sitzung"}) == [
        "unknown type 'https://schema.oparl.org/1.1/Sitzung'"
    ]
