from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from frameworks.json_shapes import ShapedJSON, fields_by_language  # shapes of admin JSON: no model of frameworks

from .country_names import local_name
from .translations import in_reader_language


class UNRegion(models.TextChoices):
    AFRICA = "africa", _("Africa")
    AMERICAS = "americas", _("Americas")
    ASIA = "asia", _("Asia")
    EUROPE = "europe", _("Europe")
    OCEANIA = "oceania", _("Oceania")


class Subregion(models.TextChoices):
    """Indo-Pacific subregions used in outreach; blank outside the region."""

    OCEANIA = "oceania", _("Oceania")
    SOUTH_EAST_ASIA = "south_east_asia", _("South-east Asia")
    EAST_ASIA = "east_asia", _("East Asia")
    SOUTH_ASIA = "south_asia", _("South Asia")


class ATTStatus(models.TextChoices):
    NOT_JOINED = "not_joined", _("Not joined")
    SIGNATORY = "signatory", _("Signatory")
    STATE_PARTY = "state_party", _("State party")
    UNKNOWN = "unknown", _("Unknown")


class DepositType(models.TextChoices):
    RATIFICATION = "ratification", _("Ratification")
    ACCEPTANCE = "acceptance", _("Acceptance")
    APPROVAL = "approval", _("Approval")
    ACCESSION = "accession", _("Accession")


class CountryQuerySet(models.QuerySet):
    def indo_pacific(self):
        return self.exclude(subregion="")


class Country(models.Model):
    code = models.CharField(_("ISO 3166-1 alpha-2 code"), max_length=2, unique=True)
    name = models.CharField(_("name"), max_length=100)
    un_member = models.BooleanField(_("UN member state"), default=True)
    un_region = models.CharField(_("UN region"), max_length=20, choices=UNRegion.choices, blank=True)
    subregion = models.CharField(_("Indo-Pacific subregion"), max_length=20, choices=Subregion.choices, blank=True)
    att_status = models.CharField(_("ATT status"), max_length=20, choices=ATTStatus.choices, default=ATTStatus.UNKNOWN)
    signature_date = models.DateField(_("signature"), null=True, blank=True)
    deposit_date = models.DateField(_("deposit of instrument"), null=True, blank=True)
    deposit_type = models.CharField(_("instrument"), max_length=20, choices=DepositType.choices, blank=True)
    entry_into_force_date = models.DateField(_("entry into force"), null=True, blank=True)
    status_note = models.CharField(_("status note"), max_length=300, blank=True)
    # Where the dates come from: the depositary's status page as a rule (docs/sources.md).
    status_source_title = models.CharField(_("source of the status"), max_length=200, blank=True)
    status_source_url = models.URLField(_("source address"), blank=True)

    objects = CountryQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        verbose_name_plural = _("countries")
        constraints = [
            models.CheckConstraint(condition=models.Q(code__regex=r"^[A-Z]{2}$"), name="country_code_is_alpha2"),
        ]

    def __str__(self):
        return self.display_name

    @property
    def display_name(self) -> str:
        """The name in the reader's language (CLDR); the UN-style English name in English."""
        return local_name(self.code, self.name)

    def clean(self):
        # A date nobody can check is worse than no date: the admin refuses one without its source,
        # as the reference loader does (reference.status_file). Not a database constraint because
        # tests and demo data set dates on scratch rows.
        dated = self.signature_date or self.deposit_date or self.entry_into_force_date
        if dated and not (self.status_source_title and self.status_source_url):
            message = _("Give the source (title and address) of the signature, deposit or entry-into-force date.")
            raise ValidationError({"status_source_url": message})
        if self.deposit_date and not self.deposit_type:
            raise ValidationError({"deposit_type": _("Say which instrument was deposited.")})

    @property
    def suggested_track(self) -> str:
        """States parties implement the treaty; everyone else works towards joining it."""
        return "compliance" if self.att_status == ATTStatus.STATE_PARTY else "universalization"


class AgencyType(models.Model):
    code = models.SlugField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=100)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["order", "name"]

    def __str__(self):
        return self.name


class Agency(models.Model):
    country = models.ForeignKey(Country, on_delete=models.CASCADE, related_name="agencies", verbose_name=_("country"))
    agency_type = models.ForeignKey(
        AgencyType, on_delete=models.PROTECT, related_name="agencies", verbose_name=_("type")
    )
    name = models.CharField(_("name"), max_length=200)
    acronym = models.CharField(_("acronym"), max_length=20, blank=True)

    class Meta:
        ordering = ["country__name", "agency_type__order", "name"]
        verbose_name_plural = _("agencies")
        constraints = [
            models.UniqueConstraint(fields=["country", "name"], name="agency_name_unique_per_country"),
        ]

    def __str__(self):
        return f"{self.name} ({self.acronym})" if self.acronym else self.name


class AssistanceSource(ShapedJSON):
    """A fund, programme or partner that helps states join or implement the treaty. Curated."""

    code = models.SlugField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=200)
    funds = models.TextField(_("what it funds"), blank=True)
    eligibility = models.TextField(_("who may apply"), blank=True)
    url = models.URLField(_("web page"), blank=True)
    translations = models.JSONField(_("translations"), default=dict, blank=True)

    history = HistoricalRecords()

    json_shapes = {"translations": fields_by_language}

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.translated("name")

    def translated(self, field: str, language: str | None = None) -> str:
        return in_reader_language(self, field, language)
