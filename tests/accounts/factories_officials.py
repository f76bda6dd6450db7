"""Officials for tests: users who speak for a state (verified) or only claim to (unverified)."""

from django.utils import timezone

from accounts.models import Official


def make_official(user, country, *, coordinator: bool = True, verified: bool = True) -> Official:
    official, _created = Official.objects.update_or_create(
        user=user,
        defaults={
            "country": country,
            "regional_organization": None,
            "role": Official.Role.COORDINATOR if coordinator else Official.Role.OFFICIAL,
            "verified_at": timezone.now() if verified else None,
            "how_verified": "test" if verified else "",
        },
    )
    if hasattr(user, "_state") and "official" in user._state.fields_cache:
        del user._state.fields_cache["official"]
    return official


def verify_team(team) -> dict:
    """Make a make_team() team its state's verified team: the coordinator a state coordinator, the others officials."""
    country = team["assessment"].country
    make_official(team["coordinator"], country)
    for who in ("licensing", "customs", "observer"):
        if who in team:
            make_official(team[who], country, coordinator=False)
    return team
