"""Cost totals of a roadmap, as national action plans show them. Pure functions."""

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal


@dataclass(frozen=True)
class CostLine:
    phase: int
    funding: str
    currency: str
    amount: Decimal | None
    dropped: bool = False


@dataclass(frozen=True)
class CostTotals:
    by_phase: dict[tuple[int, str], Decimal]  # (phase, currency) -> total
    by_funding: dict[tuple[str, str], Decimal]  # (funding, currency) -> total
    total: dict[str, Decimal]  # currency -> total
    uncosted: int  # actions without an estimate yet


def cost_totals(lines: Iterable[CostLine]) -> CostTotals:
    """Totals per phase and per funding status, kept apart by currency (never converted);
    dropped actions do not count, and actions without an estimate are counted, not guessed."""
    by_phase, by_funding, total = defaultdict(Decimal), defaultdict(Decimal), defaultdict(Decimal)
    uncosted = 0
    for line in lines:
        if line.dropped:
            continue
        if line.amount is None:
            uncosted += 1
            continue
        by_phase[(line.phase, line.currency)] += line.amount
        by_funding[(line.funding, line.currency)] += line.amount
        total[line.currency] += line.amount
    return CostTotals(
        dict(sorted(by_phase.items())), dict(sorted(by_funding.items())), dict(sorted(total.items())), uncosted
    )
