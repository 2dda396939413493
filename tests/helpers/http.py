"""Clients and addresses for the page and API tests."""

from rest_framework.test import APIClient

HTMX = {"HTTP_HX_REQUEST": "true"}


def api_client(user=None) -> APIClient:
    client = APIClient()
    if user is not None:
        client.force_login(user)
    return client


def cell_url(engagement, row, role) -> str:
    return f"/engagements/{engagement.pk}/cells/{row.pk}/{role.pk}/"


def admin_form_data(response):
    """Everything an admin change page would post back unchanged."""
    data = {}
    adminform = response.context["adminform"].form
    for name, field in adminform.fields.items():
        value = adminform.initial.get(name, field.initial)
        if value is None:
            continue
        data[name] = value.pk if hasattr(value, "pk") else value
    for inline in response.context["inline_admin_formsets"]:
        formset = inline.formset
        for key, value in formset.management_form.initial.items():
            data[f"{formset.prefix}-{key}"] = value
        for form in formset.forms:
            for name, field in form.fields.items():
                value = form.initial.get(name, field.initial)
                if value is None or value is False:
                    continue
                data[form.add_prefix(name)] = value.pk if hasattr(value, "pk") else value
    return data
