"""The library of state experiences: how other States joined or implemented the treaty.

Curated, public facts (who did what, when, at what cost, with which result, and where
it is written down), linked to the questions and action templates they illustrate.
Questions and action templates are copied into every framework version, so the links
are kept as codes, which survive a new version, and resolved when shown.
"""

from django.db import models
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from frameworks.bank_file import ARTICLE_REF, TREATY_ARTICLES
from frameworks.json_shapes import list_of_texts
from frameworks.markdown import render_markdown
from frameworks.models import Translatable

FIRST_YEAR, LAST_YEAR = 1990, 2100


class AccessionStep(models.TextChoices):
    """The road to the treaty, in the order of the policy report and the domain brief.

    Codes are the roadmap's milestone codes (``roadmaps.milestones``) where the step is a
    milestone; the two steps without a milestone take the universalization bank's section
    names (OBST: obstacles, ASSIST: assistance).
    """

    OBSTACLES = "obstacles", _("Obstacle assessment")
    COMMITTEE = "committee", _("Inter-agency working group")
    SELF_ASSESSMENT = "self_assessment", _("National self-assessment")
    ASSISTANCE = "assistance", _("Roadmap and assistance request")
    LEGAL_REVIEW = "legal_review", _("Legal review and legislation")
    CABINET = "cabinet", _("Executive decision")
    PARLIAMENT = "parliament", _("Parliamentary approval")
    DEPOSIT = "deposit", _("Deposit with the UN Secretary-General")
    ENTRY_INTO_FORCE = "entry_into_force", _("Entry into force")
    INITIAL_REPORT = "initial_report", _("First obligations and initial report")


def article_number(ref: str) -> str | None:
    """The article number of a reference ("7(1)(b)" -> "7"), or None if it is not one of the treaty."""
    match = ARTICLE_REF.match(str(ref))
    if not match or not 1 <= int(match["article"]) <= TREATY_ARTICLES:
        return None
    return match["article"]


class ExperienceQuerySet(models.QuerySet):
    def published(self):
        return self.filter(published=True)

    def visible_to(self, user):
        """Everyone signed in reads the published entries; curators also preview drafts."""
        return self if user.has_perm("experiences.change_experience") else self.published()


class Experience(Translatable):
    """One State's experience of one piece of the road, told as facts with their sources."""

    key = models.SlugField(
        _("key"), max_length=80, unique=True, help_text=_("Stable identifier, used by the seed file.")
    )
    country = models.ForeignKey(
        "reference.Country", on_delete=models.PROTECT, related_name="experiences", verbose_name=_("State")
    )
    title = models.CharField(_("title"), max_length=200)
    start_year = models.PositiveSmallIntegerField(_("from (year)"), null=True, blank=True)
    end_year = models.PositiveSmallIntegerField(_("to (year)"), null=True, blank=True)
    summary = models.TextField(_("what was done (markdown)"))
    articles = models.JSONField(
        _("treaty articles"), default=list, blank=True, help_text=_("References such as 5(2), 7 or 7(1)(b).")
    )
    steps = models.JSONField(_("accession steps"), default=list, blank=True)
    cost_or_duration = models.TextField(_("what it cost or took"), blank=True)
    outcome = models.CharField(_("outcome (one sentence)"), max_length=300)
    question_codes = models.JSONField(_("questions"), default=list, blank=True)
    action_codes = models.JSONField(_("action templates"), default=list, blank=True)
    published = models.BooleanField(_("published"), default=False)
    # Derived from the summary and its translations: officials read it, so it is sanitized here once.
    summary_html = models.JSONField(default=dict, editable=False)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ExperienceQuerySet.as_manager()
    history = HistoricalRecords()

    json_shapes = Translatable.json_shapes | dict.fromkeys(
        ("articles", "steps", "question_codes", "action_codes"), list_of_texts
    )

    class Meta:
        ordering = ["country__name", "start_year", "title"]
        verbose_name = _("state experience")
        verbose_name_plural = _("state experiences")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(start_year__isnull=True) | models.Q(start_year__range=(FIRST_YEAR, LAST_YEAR)),
                name="experience_start_year_plausible",
            ),
            models.CheckConstraint(
                condition=models.Q(end_year__isnull=True) | models.Q(end_year__range=(FIRST_YEAR, LAST_YEAR)),
                name="experience_end_year_plausible",
            ),
            models.CheckConstraint(
                condition=models.Q(start_year__isnull=True)
                | models.Q(end_year__isnull=True)
                | models.Q(end_year__gte=models.F("start_year")),
                name="experience_ends_after_it_starts",
            ),
        ]

    def __str__(self):
        return f"{self.country}: {self.title}"

    def save(self, *args, **kwargs):
        # Rendering is a cache of the markdown, not business logic: keep it beside the source.
        self.summary_html = {"en": render_markdown(self.summary)} | {
            language: render_markdown(fields["summary"])
            for language, fields in (self.translations or {}).items()
            if isinstance(fields, dict) and fields.get("summary")
        }
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("experiences:detail", args=[self.pk])

    def summary_html_for(self, language: str | None = None) -> str:
        language = (language or translation.get_language() or "en").split("-")[0]
        return self.summary_html.get(language) or self.summary_html.get("en", "")

    @property
    def years(self) -> str:
        """2017–2019, 2019, 2017–, –2016 or nothing: unknown years stay unknown."""
        if self.start_year and self.end_year:
            return str(self.start_year) if self.start_year == self.end_year else f"{self.start_year}–{self.end_year}"
        if self.start_year:
            return f"{self.start_year}–"
        if self.end_year:
            return f"–{self.end_year}"
        return ""

    @property
    def step_labels(self) -> list[str]:
        labels = dict(AccessionStep.choices)
        return [labels[step] for step in AccessionStep.values if step in self.steps]

    def concerns_article(self, number: str) -> bool:
        """True if any reference is to this article: "5" matches "5", "5(2)" and "5(2)(a)"."""
        return any(article_number(ref) == number for ref in self.articles)

    def concerns_step(self, step: str) -> bool:
        return step in self.steps


class Source(models.Model):
    """Where a fact is written down. A source without a public address is cited by name."""

    experience = models.ForeignKey(Experience, on_delete=models.CASCADE, related_name="sources")
    title = models.CharField(_("title"), max_length=300)
    url = models.URLField(_("address"), max_length=500, blank=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    history = HistoricalRecords()

    class Meta:
        ordering = ["experience", "order", "pk"]
        verbose_name = _("source")

    def __str__(self):
        return self.title
