from django.urls import reverse


def test_home_requires_login(client, db):
    response = client.get(reverse("portal:home"))
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


def test_home_explains_what_to_do_first_when_the_user_has_no_assessment(logged_in_client):
    response = logged_in_client.get(reverse("portal:home"))
    assert response.status_code == 200
    assert "You are not on any assessment team yet." in response.text


def test_home_refuses_post(logged_in_client):
    assert logged_in_client.post(reverse("portal:home")).status_code == 405


def test_base_page_uses_vendored_assets_and_sets_the_language(logged_in_client):
    html = logged_in_client.get(reverse("portal:home")).text
    assert '<html lang="en">' in html
    assert "/static/vendor/bootstrap.min.css" in html
    assert "/static/vendor/htmx.min.js" in html
    assert 'href="#main"' in html  # skip link
    assert "http://" not in html and "https://" not in html
