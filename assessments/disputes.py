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


def common_value(values) -> str | None:
    """The one position every agency that answered gave, if they all gave the same; else None.

    "Don't know" is no position to agree on, and a mix of a position and "don't know" is not the
    same answer: both leave the question to the coordinator.
    """
    given = {value for value in values if value}
    if len(given) != 1:
        return None
    value = given.pop()
    return None if value in NON_POSITIONS else value
