"""Destructive actions ask first, on a page of their own (no script needed, nothing inline under the CSP).

Their buttons are links to the action's own address (GET shows this page); the page's form posts back to
it, which does the work. The page says what will happen, in words the user can act on.
"""

from django.shortcuts import render


def confirmation(
    request,
    membership,
    *,
    question: str,
    consequence: str,
    confirm_label: str,
    cancel_url: str,
    fields: dict | None = None,
):
    context = {
        "assessment": membership.assessment,
        "membership": membership,
        "question": question,
        "consequence": consequence,
        "confirm_label": confirm_label,
        "cancel_url": cancel_url,
        "fields": fields or {},
    }
    return render(request, "assessments/confirm.html", context)
