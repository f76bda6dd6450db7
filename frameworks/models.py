"""Question banks: versioned frameworks of sections and questions, with the
curated advice (guidance, resources, action templates) that hangs off them."""

from django.conf import settings
from django.db import models
from django.db.models import Exists, OuterRef
from django.utils import translation
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from reference.translations import in_reader_language

from .json_shapes import ShapedJSON, fields_by_language, list_of_texts, texts_by_language
from .markdown import render_markdown


class Track(models.TextChoices):
    COMPLIANCE = "compliance", _("Compliance (implementing the treaty)")
    UNIVERSALIZATION = "universalization", _("Universalization (joining the treaty)")


class Obligation(models.TextChoices):
    """How strongly the treaty binds a state, following the initial-report template's logic."""

    BINDING = "binding", _("Binding")
    QUALIFIED = "qualified", _("Binding with a qualifier")
    ENCOURAGED = "encouraged", _("Encouraged")
    OPTIONAL = "optional", _("Optional")
    GOOD_PRACTICE = "good_practice", _("Good practice")


OBLIGATION_RANK = {level: rank for rank, level in enumerate(Obligation.values)}


class Translatable(ShapedJSON):
    """A row with English text fields and ``translations = {"fr": {"title": ...}}``."""

    translations = models.JSONField(_("translations"), default=dict, blank=True)

    json_shapes = {"translations": fields_by_language}

    class Meta:
        abstract = True

    def translated(self, field: str, language: str | None = None) -> str:
        """The field in the given (or active) language, falling back to English."""
        return in_reader_language(self, field, language)


class FrameworkQuerySet(models.QuerySet):
    def published(self):
        return self.filter(status=Framework.Status.PUBLISHED)

    def newest_published(self):
        """The newest published version of each bank: what a new assessment starts on."""
        newer = Framework.objects.published().filter(slug=OuterRef("slug"), published_at__gt=OuterRef("published_at"))
        return self.published().exclude(Exists(newer))


class Framework(Translatable):
    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        PUBLISHED = "published", _("Published")

    slug = models.SlugField(_("slug"), max_length=80)
    version = models.CharField(_("version"), max_length=40)
    track = models.CharField(_("track"), max_length=20, choices=Track.choices)
    title = models.CharField(_("title"), max_length=200)
    language = models.CharField(_("language"), max_length=10, default="en")
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.DRAFT)
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)
    fingerprint = models.CharField(_("content fingerprint"), max_length=64, blank=True, editable=False)
    derived_from = models.ForeignKey(
        "self", on_delete=models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("derived from")
    )
    # What this version changed against the one before, one line each, as the bank file's `changes:` list says.
    changes = models.JSONField(_("change log"), default=list, blank=True)

    objects = FrameworkQuerySet.as_manager()
    json_shapes = Translatable.json_shapes | {"changes": list_of_texts}

    class Meta:
        ordering = ["slug", "-published_at", "version"]
        constraints = [models.UniqueConstraint(fields=["slug", "version"], name="framework_version_unique")]

    def __str__(self):
        return f"{self.translated('title')} ({self.version})"

    @property
    def is_published(self) -> bool:
        return self.status == self.Status.PUBLISHED


class Scale(models.Model):
    framework = models.ForeignKey(Framework, on_delete=models.CASCADE, related_name="scales")
    code = models.SlugField(_("code"), max_length=40)

    class Meta:
        ordering = ["framework", "code"]
        constraints = [models.UniqueConstraint(fields=["framework", "code"], name="scale_code_unique")]

    def __str__(self):
        return self.code


class ScaleOption(Translatable):
    scale = models.ForeignKey(Scale, on_delete=models.CASCADE, related_name="options")
    value = models.SlugField(_("value"), max_length=40)
    label = models.CharField(_("label"), max_length=100)
    # None means "no score": "don't know" (a gap to investigate) or "not applicable".
    score = models.FloatField(_("score"), null=True, blank=True)
    needs_reason = models.BooleanField(_("needs a reason"), default=False)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["scale", "order"]
        constraints = [
            models.UniqueConstraint(fields=["scale", "value"], name="scale_option_value_unique"),
            models.CheckConstraint(
                condition=models.Q(score__isnull=True) | models.Q(score__gte=0, score__lte=1),
                name="score_between_0_and_1",
            ),
        ]

    def __str__(self):
        return self.translated("label")


class Section(Translatable):
    framework = models.ForeignKey(Framework, on_delete=models.CASCADE, related_name="sections")
    code = models.CharField(_("code"), max_length=40)
    title = models.CharField(_("title"), max_length=300)
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    articles = models.JSONField(_("treaty articles"), default=list, blank=True)
    intro = models.TextField(_("introduction (markdown)"), blank=True)

    json_shapes = Translatable.json_shapes | {"articles": list_of_texts}

    class Meta:
        ordering = ["framework", "order"]
        constraints = [models.UniqueConstraint(fields=["framework", "code"], name="section_code_unique")]

    def __str__(self):
        return f"{self.code}: {self.translated('title')}"


class Question(Translatable):
    framework = models.ForeignKey(Framework, on_delete=models.CASCADE, related_name="questions")
    section = models.ForeignKey(Section, on_delete=models.CASCADE, related_name="questions")
    code = models.CharField(_("code"), max_length=40)
    text = models.TextField(_("text"))
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    articles = models.JSONField(_("treaty articles"), default=list, blank=True)
    obligation = models.CharField(_("obligation level"), max_length=20, choices=Obligation.choices)
    scale = models.ForeignKey(Scale, on_delete=models.PROTECT, related_name="questions")
    agency_types = models.ManyToManyField("reference.AgencyType", blank=True, related_name="questions")
    weight = models.PositiveSmallIntegerField(_("weight"), default=1)
    actions = models.ManyToManyField("ActionTemplate", blank=True, related_name="questions")

    json_shapes = Translatable.json_shapes | {"articles": list_of_texts}

    class Meta:
        ordering = ["framework", "section__order", "order"]
        constraints = [
            models.UniqueConstraint(fields=["framework", "code"], name="question_code_unique"),
            models.CheckConstraint(condition=models.Q(weight__gte=1, weight__lte=5), name="question_weight_1_to_5"),
        ]

    def __str__(self):
        return f"{self.code}: {self.translated('text')[:80]}"


class Guidance(ShapedJSON):
    """Curated advice on one question, in markdown; rendered and sanitized when saved."""

    question = models.OneToOneField(Question, on_delete=models.CASCADE, related_name="guidance")
    body = models.TextField(_("guidance (markdown)"))
    translations = models.JSONField(_("translations (markdown by language)"), default=dict, blank=True)
    # Derived from the markdown fields: officials read these, so they are sanitized here once.
    html = models.JSONField(default=dict, editable=False)
    updated_at = models.DateTimeField(auto_now=True)

    history = HistoricalRecords()

    json_shapes = {"translations": texts_by_language}

    class Meta:
        verbose_name_plural = _("guidance")

    def __str__(self):
        return f"Guidance for {self.question.code}"

    def save(self, *args, **kwargs):
        # Rendering is a cache of the markdown, not business logic: keep it beside the source.
        self.html = {"en": render_markdown(self.body)} | {
            language: render_markdown(text) for language, text in self.translations.items() if text
        }
        super().save(*args, **kwargs)

    def html_for(self, language: str | None = None) -> str:
        language = (language or translation.get_language() or "en").split("-")[0]
        return self.html.get(language) or self.html.get("en", "")


class Resource(Translatable):
    class Kind(models.TextChoices):
        TREATY = "treaty", _("Treaty text")
        GUIDE = "guide", _("Guide")
        TEMPLATE = "template", _("Template")
        TOOL = "tool", _("Tool")
        TRAINING = "training", _("Training")
        OTHER = "other", _("Other")

    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="resources")
    title = models.CharField(_("title"), max_length=300)
    url = models.URLField(_("address"), max_length=500)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.OTHER)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    history = HistoricalRecords()

    class Meta:
        ordering = ["question", "order"]

    def __str__(self):
        return self.title


class ActionTemplate(Translatable):
    """What to do about a gap: the roadmap turns these into dated actions."""

    class Phase(models.IntegerChoices):
        FIRST = 1, _("Phase 1: first 6 months")
        SECOND = 2, _("Phase 2: 6 to 18 months")
        THIRD = 3, _("Phase 3: 18 to 36 months")

    framework = models.ForeignKey(Framework, on_delete=models.CASCADE, related_name="action_templates")
    code = models.CharField(_("code"), max_length=60)
    title = models.CharField(_("title"), max_length=300)
    description = models.TextField(_("description (markdown)"), blank=True)
    indicator = models.CharField(_("indicator of completion"), max_length=300, blank=True)
    phase = models.PositiveSmallIntegerField(_("phase"), choices=Phase.choices)
    duration_months = models.PositiveSmallIntegerField(_("duration in months"))
    lead = models.ForeignKey("reference.AgencyType", on_delete=models.PROTECT, related_name="+", verbose_name=_("lead"))
    # A generated roadmap action starts as "assistance needed" only where curators say the step typically needs
    # outside help (drafting law with experts, training, IT systems); the sources above stay suggestions.
    needs_assistance = models.BooleanField(
        _("typically needs outside assistance"),
        default=False,
        help_text=_("Roadmap actions made from this template start as 'assistance needed'."),
    )
    assistance_sources = models.ManyToManyField("reference.AssistanceSource", blank=True, related_name="+")
    requires = models.ManyToManyField(
        "self", symmetrical=False, blank=True, related_name="required_by", verbose_name=_("prerequisites")
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["framework", "phase", "code"]
        constraints = [
            models.UniqueConstraint(fields=["framework", "code"], name="action_template_code_unique"),
            models.CheckConstraint(condition=models.Q(phase__in=[1, 2, 3]), name="action_phase_1_to_3"),
            models.CheckConstraint(
                condition=models.Q(duration_months__gte=1, duration_months__lte=36), name="action_duration_1_to_36"
            ),
        ]

    def __str__(self):
        return f"{self.code}: {self.title}"


class TranslationReview(models.Model):
    """How far a person has checked one item's translation into one language.

    Loaded from the bank and its translation files (machine-assisted unless a file says who
    reviewed it); curators mark items reviewed, or correct them, in the admin, with history.
    """

    class Kind(models.TextChoices):
        FRAMEWORK = "framework", _("Bank title")
        OPTION = "option", _("Answer label")
        SECTION = "section", _("Section")
        QUESTION = "question", _("Question")
        RESOURCE = "resource", _("Resource")
        ACTION = "action", _("Action template")

    class State(models.TextChoices):
        MACHINE_ASSISTED = "machine-assisted", _("Machine-assisted, to review")
        REVIEWED = "reviewed", _("Reviewed")

    framework = models.ForeignKey(Framework, on_delete=models.CASCADE, related_name="translation_reviews")
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    code = models.CharField(_("code"), max_length=600, blank=True)
    language = models.CharField(_("language"), max_length=10)
    state = models.CharField(_("review"), max_length=20, choices=State.choices, default=State.MACHINE_ASSISTED)
    # Who reviewed: a curator's account when done in the admin, or the name a translation file gives.
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    reviewer = models.CharField(_("reviewed by (name)"), max_length=200, blank=True)
    reviewed_at = models.DateTimeField(_("reviewed on"), null=True, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("translation review")
        ordering = ["framework", "language", "kind", "code"]
        constraints = [
            models.UniqueConstraint(fields=["framework", "kind", "code", "language"], name="one_review_per_item"),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} {self.code} ({self.language})"

    @property
    def is_reviewed(self) -> bool:
        return self.state == self.State.REVIEWED

    def reviewer_name(self) -> str:
        if self.reviewed_by_id:
            return self.reviewed_by.get_full_name() or self.reviewed_by.email
        return self.reviewer
