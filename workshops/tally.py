"""The room's view of a question: how many agencies hold each answer, and which.

Pure functions over plain values, tested without the database.
"""

from dataclasses import dataclass

from assessments.disputes import positions_differ


@dataclass(frozen=True)
class OptionCount:
    value: str
    label: str
    agencies: tuple[str, ...]

    @property
    def count(self) -> int:
        return len(self.agencies)


@dataclass(frozen=True)
class Tally:
    options: tuple[OptionCount, ...]
    waiting: tuple[str, ...]  # agencies on the team with no position on the question yet
    disputed: bool

    @property
    def answered(self) -> int:
        return sum(option.count for option in self.options)

    @property
    def total(self) -> int:
        """The scale of the bars: everyone who answered or could."""
        return self.answered + len(self.waiting)


def tally(*, options: list[tuple[str, str]], positions: list[tuple[str, str]], team: list[str]) -> Tally:
    """Count positions per answer option.

    ``options``: (value, label) in the scale's order; ``positions``: (agency name, value) of the
    agencies' answers; ``team``: the names of the agencies that can answer. A blank value (notes
    without an answer) is no position; a value the scale no longer has is counted under its own
    value, so that no position disappears from the room's view.
    """
    by_value: dict[str, list[str]] = {value: [] for value, _label in options}
    labels = dict(options)
    answered = set()
    for agency, value in positions:
        if not value:
            continue
        answered.add(agency)
        by_value.setdefault(value, []).append(agency)
    counts = tuple(
        OptionCount(value=value, label=labels.get(value, value), agencies=tuple(sorted(agencies)))
        for value, agencies in by_value.items()
    )
    waiting = tuple(sorted({agency for agency in team if agency not in answered}))
    return Tally(options=counts, waiting=waiting, disputed=positions_differ(value for _agency, value in positions))
