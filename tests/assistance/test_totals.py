"""The sums, as pure functions: budgets and totals by status, currencies kept apart."""

from decimal import Decimal

from assistance.totals import BudgetTotal, RequestFigures, budget_total, status_totals

ORDER = ["drafted", "submitted", "funded", "declined"]


def test_a_budget_total_adds_the_amounts_and_counts_the_lines_without_one():
    total = budget_total([Decimal("100.50"), None, Decimal("20"), None])
    assert total.total == Decimal("120.50") and total.uncosted == 2


def test_an_empty_budget_totals_zero():
    assert budget_total([]) == BudgetTotal(Decimal("0"), 0)


def test_totals_by_status_follow_the_status_order_and_keep_currencies_apart():
    rows = [
        RequestFigures("funded", "USD", Decimal("100"), Decimal("80")),
        RequestFigures("drafted", "USD", Decimal("50"), None),
        RequestFigures("drafted", "EUR", Decimal("30"), None),
        RequestFigures("drafted", "USD", None, None),
        RequestFigures("funded", "USD", Decimal("10"), Decimal("10")),
    ]
    totals = status_totals(rows, ORDER)
    assert [t.status for t in totals] == ["drafted", "funded"]  # no empty statuses
    drafted, funded = totals
    assert drafted.count == 3 and drafted.requested == {"EUR": Decimal("30"), "USD": Decimal("50")}
    assert drafted.granted == {}
    assert (
        funded.count == 2 and funded.requested == {"USD": Decimal("110")} and funded.granted == {"USD": Decimal("90")}
    )
