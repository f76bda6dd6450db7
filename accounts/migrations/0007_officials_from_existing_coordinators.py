"""Officials for the accounts that already coordinate assessments, so that staff have something to verify.

Nobody is verified here: a coordinator whose assessments (and agency, if any) all belong to one state gets an
*unverified* profile for that state, which staff verify in the admin. Coordinators of several states get none.
"""

from django.db import migrations


def create_officials(apps, schema_editor):
    Membership = apps.get_model("assessments", "Membership")
    User = apps.get_model("accounts", "User")
    Official = apps.get_model("accounts", "Official")
    states = {}
    for user_id, country_id in (
        Membership.objects.filter(role="coordinator", removed_at__isnull=True)
        .values_list("user_id", "assessment__country_id")
        .distinct()
    ):
        states.setdefault(user_id, set()).add(country_id)
    agency_states = dict(User.objects.filter(pk__in=states).values_list("pk", "agency__country_id"))
    for user_id, countries in states.items():
        agency_state = agency_states.get(user_id)
        if len(countries) != 1 or (agency_state is not None and agency_state not in countries):
            continue
        if not Official.objects.filter(user_id=user_id).exists():
            Official.objects.create(user_id=user_id, country_id=next(iter(countries)))


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0006_officials_and_access_requests"),
        ("assessments", "0004_follow_ups"),
    ]

    operations = [migrations.RunPython(create_officials, migrations.RunPython.noop)]
