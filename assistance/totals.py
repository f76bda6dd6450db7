"""Sums an assistance request shows: its budget, and requests by status. Pure functions over plain values.

Amounts in different currencies are kept apart (never converted), and a line or a request without an
amount is counted, not guessed, as the roadmap's cost totals do (roadmaps/costs.py).
"""

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal


@dataclass(frozen=True)
class BudgetTotal:
    total: Decimal
    uncosted: int  # lines without an amount yet


def budget_total(amounts: Iterable[Decimal | None]) -> BudgetTotal:
    total, uncosted = Decimal("0"), 0
    for amount in amounts:
        if amount is None:
            uncosted += 1
        else:
            total += amount
    return BudgetTotal(total, uncosted)


@dataclass(frozen=True)
class RequestFigures:
    status: str
    currency: str
    requested: Decimal | None
    granted: Decimal | None


@dataclass
class StatusTotal:
    status: str
    count: int = 0
    requested: dict[str, Decimal] = field(default_factory=dict)  # currency -> sum
    granted: dict[str, Decimal] = field(default_factory=dict)


def status_totals(rows: Iterable[RequestFigures], order: Iterable[str]) -> list[StatusTotal]:
    """One total per status that has requests, in the given order of statuses."""
    counts = defaultdict(int)
    requested, granted = defaultdict(lambda: defaultdict(Decimal)), defaultdict(lambda: defaultdict(Decimal))
    for row in rows:
        counts[row.status] += 1
        if row.requested is not None:
            requested[row.status][row.currency] += row.requested
        if row.granted is not None:
            granted[row.status][row.currency] += row.granted
    return [
        StatusTotal(
            status,
            counts[status],
            dict(sorted(requested[status].items())),
            dict(sorted(granted[status].items())),
        )
        for status in order
        if counts[status]
    ]
