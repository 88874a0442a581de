"""The journal's wallet and compare tables: caps per provider, the balance each provider last
reported, and compare groups. A mixin of `Journal`, which owns the connection; the rules that
read them (spend, the budget check) are `studio.engine.wallet`'s."""

from __future__ import annotations

import sqlite3
import time
from dataclasses import dataclass
from decimal import Decimal

from studio.domain.models import Balance


@dataclass(frozen=True)
class Budget:
    """Caps on what one provider may charge per local calendar day and month, in its unit."""

    provider: str
    unit: str
    daily: Decimal | None = None
    monthly: Decimal | None = None


@dataclass(frozen=True)
class SeenBalance:
    provider: str
    balance: Balance
    seen_at: float


@dataclass(frozen=True)
class CompareGroup:
    id: str
    created_at: float
    targets: tuple[str, ...]


def _decimal(text: str | None) -> Decimal | None:
    return Decimal(text) if text is not None else None


class WalletTables:
    _db: sqlite3.Connection

    # -- budgets -------------------------------------------------------------------------------

    def set_budget(self, budget: Budget) -> None:
        with self._db:
            self._db.execute(
                "INSERT OR REPLACE INTO budgets (provider, unit, daily, monthly, updated_at)"
                " VALUES (?,?,?,?,?)",
                (
                    budget.provider,
                    budget.unit,
                    None if budget.daily is None else f"{budget.daily:f}",
                    None if budget.monthly is None else f"{budget.monthly:f}",
                    time.time(),
                ),
            )

    def clear_budget(self, provider: str) -> bool:
        with self._db:
            return bool(
                self._db.execute("DELETE FROM budgets WHERE provider = ?", (provider,)).rowcount
            )

    def budgets(self) -> dict[str, Budget]:
        rows = self._db.execute(
            "SELECT provider, unit, daily, monthly FROM budgets ORDER BY provider"
        )
        return {r[0]: Budget(r[0], r[1], _decimal(r[2]), _decimal(r[3])) for r in rows}

    # -- balances ------------------------------------------------------------------------------

    def record_balance(self, provider: str, balance: Balance, seen_at: float | None = None) -> None:
        with self._db:
            self._db.execute(
                "INSERT OR REPLACE INTO balances (provider, amount, unit, seen_at)"
                " VALUES (?,?,?,?)",
                (provider, f"{balance.amount:f}", balance.unit, seen_at or time.time()),
            )

    def balances(self) -> dict[str, SeenBalance]:
        rows = self._db.execute("SELECT provider, amount, unit, seen_at FROM balances")
        return {r[0]: SeenBalance(r[0], Balance(Decimal(r[1]), r[2]), r[3]) for r in rows}

    # -- compare groups ------------------------------------------------------------------------

    def groups(self, limit: int | None = None) -> list[CompareGroup]:
        """Compare groups, newest first, with their targets in the order they were sent."""
        rows = self._db.execute(
            "SELECT group_id, MIN(created_at) AS first FROM jobs WHERE group_id IS NOT NULL"
            " GROUP BY group_id ORDER BY first DESC" + (" LIMIT ?" if limit else ""),
            (limit,) if limit else (),
        ).fetchall()
        groups = []
        for group_id, created_at in rows:
            targets = self._db.execute(
                "SELECT target FROM jobs WHERE group_id = ? ORDER BY created_at, rowid",
                (group_id,),
            )
            groups.append(
                CompareGroup(group_id, created_at, tuple(dict.fromkeys(t[0] for t in targets)))
            )
        return groups

    def group_job_ids(self, group_id: str) -> list[str]:
        """The group's jobs, oldest first (one row of the compare view per prompt sent)."""
        rows = self._db.execute(
            "SELECT id FROM jobs WHERE group_id = ? ORDER BY created_at, rowid", (group_id,)
        )
        return [r[0] for r in rows]
