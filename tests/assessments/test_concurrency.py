"""Two people save the same answer at the same moment, on a real PostgreSQL."""

import threading

import pytest
from django.db import connection

from assessments.models import Answer
from assessments.services import StaleAnswer, save_position
from tests.assessments.conftest import membership_of


@pytest.mark.django_db(transaction=True)
def test_concurrent_saves_from_the_same_version_lose_nothing(framework, on_postgresql):
    from tests.factories import make_team

    team = make_team(framework)
    membership = membership_of(team, "licensing")
    question = framework.questions.get(code="ART5-01")
    first = save_position(
        membership=membership,
        question=question,
        value="partly",
        reason="",
        notes="start",
        legal_references=[],
        base_version=0,
    )
    barrier = threading.Barrier(2)
    outcomes = {}

    def edit(name, value):
        try:
            barrier.wait()
            save_position(
                membership=membership,
                question=question,
                value=value,
                reason="",
                notes=name,
                legal_references=[],
                base_version=first.version,
            )
            outcomes[name] = "saved"
        except StaleAnswer:
            outcomes[name] = "refused"
        finally:
            connection.close()

    threads = [
        threading.Thread(target=edit, args=(name, value))
        for name, value in (("ana", "in_place"), ("ben", "not_in_place"))
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert sorted(outcomes.values()) == ["refused", "saved"]
    winner = next(name for name, outcome in outcomes.items() if outcome == "saved")
    answer = Answer.objects.get()
    assert answer.notes == winner and answer.version == 2
    assert answer.history.count() == 2  # nothing silently overwritten


@pytest.mark.django_db(transaction=True)
def test_two_first_saves_at_once_do_not_crash(framework, on_postgresql):
    from tests.factories import make_team

    team = make_team(framework)
    membership = membership_of(team, "customs")
    question = framework.questions.get(code="ART5-01")
    barrier = threading.Barrier(2)
    outcomes = []

    def edit(value):
        try:
            barrier.wait()
            save_position(
                membership=membership,
                question=question,
                value=value,
                reason="",
                notes="",
                legal_references=[],
                base_version=0,
            )
            outcomes.append("saved")
        except StaleAnswer:
            outcomes.append("refused")
        finally:
            connection.close()

    threads = [threading.Thread(target=edit, args=(value,)) for value in ("in_place", "partly")]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(outcomes) == ["refused", "saved"]
    assert Answer.objects.count() == 1
