"""The lean answer form of the questionnaire pages.

A section shows fifteen or more questions, each with a form. Rendering them as
Django widgets (or even with a tag per label) costs more than the rest of the
page, so this module prepares everything once (URLs, labels, option states) and
the template only writes it out.
"""

from django.urls import reverse
from django.utils.translation import gettext as _

from .legal_references import format_legal_references
from .models import Answer

ANSWER_FIELDS = ("value", "reason", "notes", "legal_references", "version")
CODE = "QUESTION-CODE"


def labels(*, baseline: str = "") -> dict[str, str]:
    """The form's fixed texts in the active language, translated once per page rather than once per question.

    ``baseline``: the title of the assessment a follow-up started from, named on carried-over answers."""
    carried = (
        _("Carried over from “%(title)s”: confirm it or change it.") % {"title": baseline}
        if baseline
        else _("Carried over from the baseline: confirm it or change it.")
    )
    return {
        "carried": carried,
        "confirm": _("Confirm unchanged"),
        "answer": _("Your agency's answer"),
        "reason": _("Reason (required for “not applicable”)"),
        "notes": _("Notes"),
        "references": _("National legal references"),
        "references_hint": _("(one per line: “Instrument: provision”)"),
        "save": _("Save"),
        "saving": _("Saving…"),
        "retrying": _("Not saved, retrying in %s s"),
        "incomplete": _("The form was incomplete; reload the page and try again."),
        "keep_mine": _("Keep mine"),
        "take_theirs": _("Take theirs"),
        "their_answer": _("Their answer"),
        "notes_lower": _("notes"),
        "changed": _("This answer changed after you opened it."),
        "choose": _("Your version is still in the form below. Keep yours (it replaces theirs), or take theirs."),
    }


class UrlMaker:
    """Per-question URLs from one reversal each, instead of reversing for every question."""

    def __init__(self, assessment_id: int):
        self.save = reverse("assessments:save_answer", args=[assessment_id, CODE])
        self.question = reverse("assessments:question", args=[assessment_id, CODE])

    def for_question(self, code: str) -> dict[str, str]:
        return {"save": self.save.replace(CODE, code), "question": self.question.replace(CODE, code)}


def _initial(answer: Answer | None) -> dict:
    if answer is None:
        return {"value": "", "reason": "", "notes": "", "legal_references": "", "version": 0}
    return {
        "value": answer.value,
        "reason": answer.reason,
        "notes": answer.notes,
        "legal_references": format_legal_references(answer.legal_references),
        "version": answer.version,
    }


def answer_form_context(*, question, options, urls: UrlMaker, answer=None, form=None, conflict=None) -> dict:
    if form is not None and form.is_bound:
        values = {name: form.data.get(name, "") for name in ANSWER_FIELDS}
        errors = form.errors
    else:
        values, errors = _initial(answer), {}
    choices = [
        {
            "value": o.value,
            "label": o.translated("label"),
            "id": f"v-{question.code}-{o.value}",
            "checked": o.value == values["value"],
        }
        for o in options
    ]
    conflict_label = next((c["label"] for c in choices if conflict and c["value"] == conflict.value), "")
    return {
        "q": question,
        # A starting point from the baseline, until the agency saves it (the form shown unsaved, as stored).
        "carried": answer is not None and answer.carried_over and not errors,
        "choices": choices,
        "values": values,
        "errors": errors,
        "conflict": conflict,
        "conflict_label": conflict_label,
        "urls": urls.for_question(question.code),
    }
