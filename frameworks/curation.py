"""The curator role: staff who keep the question banks and guidance current
in the admin, without power over users or teams."""

from django.contrib.auth.models import Group, Permission
from django.db.models import Q

CURATOR_GROUP = "Curators"

# Curators edit curated advice and reference lists; they never touch accounts,
# assessments or anything a national team wrote.
CURATED_APPS = ("frameworks",)
READ_ONLY_APPS = ("reference",)


def ensure_curator_group() -> Group:
    group, _ = Group.objects.get_or_create(name=CURATOR_GROUP)
    permissions = Permission.objects.filter(
        Q(content_type__app_label__in=CURATED_APPS)
        | Q(content_type__app_label__in=READ_ONLY_APPS, codename__startswith="view_")
    )
    group.permissions.set(permissions)
    return group
