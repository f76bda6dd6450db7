from unittest import mock

from django.db import OperationalError
from django.urls import reverse


def test_healthz_answers_ok_when_the_database_is_up(client, db):
    response = client.get(reverse("portal:healthz"))
    assert response.status_code == 200
    assert response.content == b"ok\n"


def test_healthz_answers_503_when_the_database_is_down(client, db):
    with mock.patch("portal.views.connection.cursor", side_effect=OperationalError("connection refused")):
        response = client.get(reverse("portal:healthz"))
    assert response.status_code == 503
    assert b"database unavailable" in response.content


def test_healthz_refuses_post(client, db):
    assert client.post(reverse("portal:healthz")).status_code == 405


def test_keepalive_answers_204_to_a_signed_in_user_and_sends_others_to_sign_in(client, logged_in_client):
    from django.test import Client

    assert logged_in_client.get(reverse("portal:keepalive")).status_code == 204
    assert Client().get(reverse("portal:keepalive")).status_code == 302
    assert logged_in_client.post(reverse("portal:keepalive")).status_code == 405
