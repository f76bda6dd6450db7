"""The curator role: staff who keep the question banks and guidance current
in the admin, without power over users or teams."""

from django.contrib.auth.models import Group, Permission
from django.db.models import Q

CURATOR_GROUP = "Curators"


def ensure_curator_group() -> Group:
    """Curators edit question banks, guidance, assistance sources and the library
    of state experiences, and may look up countries and agencies; they never
    touch accounts, assessments or anything a national team wrote."""
    group, _ = Group.objects.get_or_create(name=CURATOR_GROUP)
    permissions = Permission.objects.filter(
        Q(content_type__app_label="frameworks")
        | Q(content_type__app_label="experiences")
        | Q(content_type__app_label="briefs")  # what each agency type gains, quoted in the agency briefs
        | Q(  # which bank questions answer the initial report template's items; never a team's cover
            content_type__app_label="reports",
            content_type__model__in=[
                "templatemapping",
                "historicaltemplatemapping",
                "notreportedquestion",
                "historicalnotreportedquestion",
            ],
        )
        | Q(
            content_type__app_label="reference",
            content_type__model__in=["assistancesource", "historicalassistancesource"],
        )
        | Q(content_type__app_label="reference", codename__startswith="view_")
    )
    group.permissions.set(permissions)
    return group
