"""``hearing oparl_check`` walks a running server over HTTP, as a harvester would."""

import io

import pytest
from django.core.management import CommandError, call_command

from hearing.council import demo as council_demo_step
from hearing.hearings import demo as hearings_demo_step


def test_oparl_check_passes_on_the_demo(live_server, transactional_db):
    context: dict = {}
    council_demo_step.load(context)
    hearings_demo_step.load(context)
    out = io.StringIO()
    call_command("oparl_check", f"{live_server.url}/oparl/v1.1/", stdout=out)
    lines = out.getvalue().splitlines()
    assert "Meeting: 1" in lines
    assert "AgendaItem: 7" in lines
    assert lines[-1] == "OK: every link resolves, every object is valid."


def test_oparl_check_fails_on_a_dangling_link(live_server, transactional_db):
    err = io.StringIO()
    with pytest.raises(CommandError) as failure:
        call_command(
            "oparl_check", f"{live_server.url}/oparl/v9/", stdout=io.StringIO(), stderr=err
        )
    assert str(failure.value) == "1 problems"
    assert err.getvalue() == f"dangling link {live_server.url}/oparl/v9/: HTTP 404\n"
