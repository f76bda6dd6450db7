"""When do agencies disagree? Pure functions over answer values."""

# "Don't know" is not a position, and an empty answer is not one either.
NON_POSITIONS = {"", "unknown"}


def positions_differ(values) -> bool:
    return len({value for value in values if value not in NON_POSITIONS}) > 1


def effective_value(values: list[str], agreed: str | None) -> str | None:
    """The answer scoring should use: the agreed one, else the one all agencies share.

    A dispute without agreement has no effective answer yet (scoring treats it
    as a gap to investigate)."""
    if agreed:
        return agreed
    substantive = {value for value in values if value}
    if not substantive:
        return None
    if positions_differ(values):
        return None
    positions = substantive - NON_POSITIONS
    return positions.pop() if positions else "unknown"
