"""What each kind of agency gains from the treaty: curated text that the agency briefs quote.

One row per agency type. The markdown is written by curators and rendered and sanitized
when saved (as guidance is), so a brief never runs a curator's markup in an official's
browser or PDF.
"""

from django.db import models
from django.utils import translation
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from frameworks.markdown import render_markdown
from frameworks.models import Translatable

# The markdown fields, which translations may carry too.
MARKDOWN_FIELDS = ("benefits", "universalization_pitch", "compliance_next_steps")


class AgencyBenefit(Translatable):
    agency_type = models.OneToOneField(
        "reference.AgencyType", on_delete=models.CASCADE, related_name="benefit", verbose_name=_("agency type")
    )
    benefits = models.TextField(
        _("what the agency gains (markdown)"),
        help_text=_("A short list of concrete gains for this kind of agency, facts only."),
    )
    universalization_pitch = models.TextField(
        _("why join (markdown)"),
        blank=True,
        help_text=_("For states outside the treaty: a few sentences for a sceptical ministry."),
    )
    compliance_next_steps = models.TextField(
        _("what to do next (markdown)"),
        blank=True,
        help_text=_("For states parties: what the treaty requires of this kind of agency now."),
    )
    # Derived from the markdown fields and their translations: {language: {field: html}}.
    html = models.JSONField(default=dict, editable=False)
    updated_at = models.DateTimeField(auto_now=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["agency_type__order", "agency_type__name"]
        verbose_name = _("agency benefit")
        verbose_name_plural = _("agency benefits")

    def __str__(self):
        return str(self.agency_type)

    def save(self, *args, **kwargs):
        # Rendering is a cache of the markdown, not business logic: keep it beside the source.
        html = {"en": {field: render_markdown(getattr(self, field)) for field in MARKDOWN_FIELDS}}
        for language, fields in (self.translations or {}).items():
            if isinstance(fields, dict):
                html[language] = {
                    field: render_markdown(text)
                    for field, text in fields.items()
                    if field in MARKDOWN_FIELDS and isinstance(text, str) and text.strip()
                }
        self.html = html
        super().save(*args, **kwargs)

    def html_for(self, field: str, language: str | None = None) -> str:
        """The sanitized HTML of a markdown field in the given (or active) language, else English."""
        language = (language or translation.get_language() or "en").split("-")[0]
        return self.html.get(language, {}).get(field) or self.html.get("en", {}).get(field, "")
