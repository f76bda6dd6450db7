"""Every JSON field a curator edits in the admin refuses the wrong shape with a form error, never a 500.

The admin's JSON box takes any JSON; the guidance admin's ``translations`` given a list, null, a number
or a nested object was a 500 (6 of 7 shapes). The walk below finds every JSON field of every admin
form and inline form, so a new one is checked as soon as it is registered.
"""

import json

import pytest
from django.contrib import admin
from django.contrib.admin.helpers import AdminForm
from django.db import models, transaction
from django.test import RequestFactory
from django.urls import reverse

from briefs.models import AgencyBenefit
from frameworks.models import Guidance
from reference.models import AgencyType
from reports.models import TemplateMapping
from tests.conftest import sign_in
from tests.experiences.conftest import make_experience
from tests.factories import UserFactory

# Shapes the admin must refuse, by the kind of value the field holds (its default).
WRONG_FOR_OBJECTS = ["[]", '["fr"]', "null", "42", '"text"', "true", '{"fr": [1]}', '{"fr": {"title": {"x": 1}}}']
WRONG_FOR_LISTS = ["{}", '{"a": "b"}', "null", "42", '"5(2)"', "true", "[1]", '[{"x": 1}]', '[["5"]]']


@pytest.fixture
def curated(framework):
    """One row of every model the admin edits JSON on."""
    make_experience()
    AgencyBenefit.objects.create(agency_type=AgencyType.objects.order_by("pk").first(), benefits="Gains.")
    TemplateMapping.objects.create(item="A1.1", questions=["ART5-01"])
    return framework


def _superuser_request():
    request = RequestFactory().get("/admin/")
    request.user = UserFactory(is_staff=True, is_superuser=True)
    return request


def admin_json_forms(request):
    """(label, form class, instance, JSON field names) for every admin form and inline form with JSON fields."""
    for model, model_admin in admin.site._registry.items():
        obj = model.objects.order_by("pk").first()
        forms = [(model, model_admin.get_form(request, obj), obj)]
        for inline in model_admin.get_inline_instances(request, obj):
            child = inline.model.objects.order_by("pk").first()
            forms.append((inline.model, inline.get_formset(request, obj).form, child))
        for form_model, form_class, instance in forms:
            names = [
                field.name
                for field in form_model._meta.get_fields()
                if isinstance(field, models.JSONField) and field.name in form_class.base_fields
            ]
            if names:
                yield f"{model_admin}/{form_model._meta.label}", form_class, instance, names


def _data_of(form_class, instance) -> dict:
    """What the form shows for the row, as a browser would post it back."""
    unbound = form_class(instance=instance)
    data = {}
    for name in unbound.fields:
        value = unbound[name].value()
        if value is None:
            continue
        data[name] = [str(item) for item in value] if isinstance(value, list | tuple) else value
    return data


def test_every_admin_json_field_refuses_a_wrong_shape_with_a_form_error(curated):
    request = _superuser_request()
    checked = []
    for label, form_class, instance, names in admin_json_forms(request):
        assert instance is not None, f"{label}: the fixture makes no row to edit"
        data = _data_of(form_class, instance)
        assert form_class(data, instance=instance).is_valid(), f"{label}: the row as shown is refused"
        for name in names:
            wrong = WRONG_FOR_LISTS if isinstance(getattr(instance, name), list) else WRONG_FOR_OBJECTS
            for shape in wrong:
                form = form_class(data | {name: shape}, instance=form_class._meta.model.objects.get(pk=instance.pk))
                if form.is_valid():  # a form may read an empty value as empty: then it must store the right kind
                    kind = type(getattr(instance, name))
                    assert isinstance(getattr(form.instance, name), kind), f"{label}.{name} accepted {shape}"
                    with transaction.atomic():
                        form.save()
                        transaction.set_rollback(True)
                else:
                    assert name in form.errors, f"{label}.{name}: {shape} refused, but not on the field: {form.errors}"
                    str(form)  # the form shows itself again with the error
            checked.append(f"{label}.{name}")
    for expected in (
        "frameworks.Guidance.translations",
        "frameworks.Section.articles",
        "experiences.Experience.steps",
        "briefs.AgencyBenefit.translations",
    ):
        assert any(item.endswith(expected) for item in checked), f"{expected} was not walked: {checked}"


def test_the_guidance_admin_answers_a_wrong_translations_shape_with_the_form_again(curated, client):
    sign_in(client, UserFactory(is_staff=True, is_superuser=True))
    guidance = Guidance.objects.order_by("pk").first()
    url = reverse("admin:frameworks_guidance_change", args=[guidance.pk])
    for shape in ["[]", "null", "42", '{"fr": {"nested": "object"}}', '"text"', "true"]:
        response = client.post(url, {"body": "Advice.", "translations": shape})
        assert response.status_code == 200, shape
        assert isinstance(response.context["adminform"], AdminForm)
        assert response.context["adminform"].form.errors["translations"], shape
    response = client.post(url, {"body": "Advice.", "translations": json.dumps({"fr": "Conseil."})})
    assert response.status_code == 302
    guidance.refresh_from_db()
    assert guidance.translations == {"fr": "Conseil."} and "Conseil" in guidance.html["fr"]
