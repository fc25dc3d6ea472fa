import pytest
from django.test import Client

from hearing.core.models import AuditLogEntry
from hearing.register.domain.importers import import_source
from hearing.register.enums import Source
from hearing.register.ethics import QUESTION_KEYS
from hearing.register.models import Record
from tests.factories import HearingRoleFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def muckl(db):
    import_source(Source.MUNICH)
    return Record.objects.get(source_id="muckl")


@pytest.fixture
def organiser_client(hearing):
    user = UserFactory(username="olga")
    HearingRoleFactory(hearing=hearing, user=user, role="organizer")
    client = Client()
    client.force_login(user)
    return client


def form_data(**overrides):
    data = {
        "ai_act_is_ai_system": "yes",
        "ai_act_risk_class": "transparency",
        "ai_act_annex_iii_point": "",
        "ai_act_justification": "Chatbot, der mit Menschen interagiert (Art. 50 Abs. 1).",
        "ai_act_role": "deployer",
        "eu_database_url": "",
        "fria_summary": "",
        "dpia_summary": "",
        **{f"ethics_{key}": f"Antwort zu {key}" for key in QUESTION_KEYS},
    }
    data.update(overrides)
    return data


def test_organiser_classifies_and_answers_the_ethics_questions(muckl, organiser_client):
    url = f"/register/{muckl.pk}/assess/"
    assert organiser_client.get(url).status_code == 200
    response = organiser_client.post(url, form_data())
    assert response.status_code == 302
    muckl.refresh_from_db()
    assert (muckl.ai_act_risk_class, muckl.ai_act_role) == ("transparency", "deployer")
    assert muckl.ethics == {key: f"Antwort zu {key}" for key in QUESTION_KEYS}
    assert muckl.completeness == 67
    entry = AuditLogEntry.objects.get(action="register.record.assessed")
    assert entry.data["fields"] == [
        "ai_act_is_ai_system",
        "ai_act_risk_class",
        "ai_act_justification",
        "ai_act_role",
        "ethics",
    ]
    page = Client().get(f"/register/{muckl.pk}/").content.decode()
    assert "Transparenzpflicht (Art. 50)" in page
    assert "Antwort zu fairness_checks" in page
    # Saving the same again changes nothing and logs nothing.
    organiser_client.post(url, form_data())
    assert AuditLogEntry.objects.filter(action="register.record.assessed").count() == 1


def test_high_risk_needs_its_annex_point_and_a_justification(muckl, organiser_client):
    url = f"/register/{muckl.pk}/assess/"
    response = organiser_client.post(
        url, form_data(ai_act_risk_class="high", ai_act_justification="")
    )
    assert response.status_code == 400
    assert sorted(response.context["form"].errors) == [
        "ai_act_annex_iii_point",
        "ai_act_justification",
    ]
    muckl.refresh_from_db()
    assert muckl.ai_act_risk_class == ""


def test_who_may_not_assess(muckl, alice_client, anonymous_client):
    url = f"/register/{muckl.pk}/assess/"
    assert alice_client.get(url).status_code == 403  # moderates, does not manage the register
    assert alice_client.post(url, form_data()).status_code == 403
    response = anonymous_client.post(url, form_data())
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")
    muckl.refresh_from_db()
    assert muckl.ai_act_risk_class == ""
